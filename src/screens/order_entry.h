/* order_entry.h: the order entry screen's parts, private to src/screens.
 *
 *   order_entry.c   its state's life (open, restore a draft, reset), drawing, and the key table
 *                   that sends each (mode, field, request) to a handler
 *   order_client.c  the client, its context and catalog, the delivery point, the shipping day
 *   order_lines.c   products (by code, by words of the name), quantities, the lines
 *   order_usual.c   the usual products (a sub-screen with its own keys) and the last order
 *   order_save.c    the warnings before the save, and the save
 *
 * The draft's rules (lines, rounding, notes, totals) are in core/order_draft.c; the screen
 * changes the draft only through them. */
#ifndef POLKA_SCREENS_ORDER_ENTRY_H
#define POLKA_SCREENS_ORDER_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

#include "polka/domain.h"
#include "polka/order_draft.h"
#include "screens.h"

#define FOUND_MAX 200

enum entry_mode {
    M_ENTRY, /* the fields: client, point, day, comment, product, quantity */
    M_LINES, /* moving in the lines to change or delete one */
    M_USUAL, /* the usual products' list */
    M_READ,  /* an order that can no longer be changed */
};

struct entry_state {
    struct order_draft d;
    struct order_catalog cat;
    struct doc ctx;    /* order_context: agreement, terms, debt, points */
    struct record rec; /* the form's fields */
    struct formview fv;
    struct rowset lines, found, usual;
    struct grid_view lgrid, fgrid, ugrid;
    enum entry_mode mode;
    size_t found_idx[FOUND_MAX];
    size_t nfound, found_total;
    char *found_for;                 /* the product text the list was made for */
    const struct order_item *picked; /* the product the quantity is for */
    char *journal;                   /* the journal's path */
    int journal_lock;                /* held while the screen is open (order_journal_claim) */
    bool journaled;                  /* this screen wrote the journal */
    char *status;                    /* an existing order's status; NULL for a new one */
    char
        *opened; /* an existing order as it was read (order_draft_digest): left so, nothing asked */
    char *usual_qty;  /* what is typed in the usual list's current row */
    char *visit;      /* a representative's visit the order is taken at (order_save names it) */
    bool unjournaled; /* the day or comment changed: journaled when the field is left */
    bool reader;      /* the user reads orders and takes none (a waybill clerk, a planner) */
    /* A client's catalog comes on a connection of its own in the screen's idle slices, so that
     * the screen is usable at once; until it is in, look-ups go to the server. */
    bool loading;
    struct db *cdb;                 /* the catalog's connection (a db_clone), made once */
    struct order_catalog next;      /* the catalog coming */
    struct order_catalog found_cat; /* while it comes: the products the last look-up found */
    struct order_catalog extra;     /* while it comes: the products put on lines */
};

/* A key's handler. UI_IGNORED: not taken here, the key table goes on looking. */
typedef enum ui_result (*entry_handler)(struct screen *s, const struct ui_event *ev);

/* order_entry.c: fields, the journal, figures as the screen writes them. */
void entry_focus(struct entry_state *st, const char *field);
bool entry_focus_is(const struct entry_state *st, const char *field);
void entry_field_set(struct entry_state *st, const char *field, const char *value);
const char *entry_ctx(const struct entry_state *st, const char *key);
/* Writes the draft to the journal (the form's day and comment with it). */
void entry_journal(struct screen *s);
/* False, and the client field focused, while no client is chosen. */
bool entry_need_client(struct screen *s);
void entry_reset(struct screen *s);
char *entry_money(int64_t kopecks);
char *entry_money_text(const char *db); /* "3000000.00" from the database */
char *entry_qty_text(int64_t qty, int scale);

/* order_client.c */
/* The catalog for the agreement and day, whole, now (waiting for one that is coming). */
bool entry_catalog_for(struct screen *s, const char *agreement, const char *on);
/* The delivery point changed: the catalog read again (now) when the point ships from another
 * warehouse than the catalog's free stock is of. */
void entry_catalog_repoint(struct screen *s);
/* The catalog coming: a slice read (true: more to come); waited for whole; dropped. */
bool entry_catalog_slice(struct screen *s);
void entry_catalog_wait(struct screen *s);
void entry_catalog_stop(struct screen *s);
/* A product of the order by id: from the catalog, or while it comes, one put on a line. */
const struct order_item *entry_item(const struct entry_state *st, int64_t id);
/* The catalog look-ups search: the whole one, or while it comes, what the server found for
 * text. */
const struct order_catalog *entry_search_catalog(struct screen *s, const char *text);
bool entry_ship_day_ok(struct screen *s, const char *ship);
bool entry_client_take(struct screen *s, const char *id, const char *label, bool restoring);
enum ui_result entry_client_choose(struct screen *s, const struct ui_event *ev);
enum ui_result entry_point_choose(struct screen *s, const struct ui_event *ev);
enum ui_result entry_point_clear(struct screen *s, const struct ui_event *ev);
/* After the shipping day or the comment changed: prices of the new day; the journal is written
 * when the field is left (once per field, not per keystroke). */
void entry_day_changed(struct screen *s, const char *old_ship, const char *old_comment);

/* order_lines.c */
void entry_lines_rebuild(struct entry_state *st);
void entry_found_clear(struct entry_state *st);
void entry_product_search(struct screen *s);
/* qty more of it (to its line when it has one); says what happened unless quiet. */
void entry_line_put(struct screen *s, const struct order_item *it, int64_t qty, bool rounded,
                    bool quiet);
enum ui_result entry_product_pick(struct screen *s, const struct ui_event *ev);
enum ui_result entry_product_up(struct screen *s, const struct ui_event *ev);
enum ui_result entry_product_move(struct screen *s, const struct ui_event *ev);
enum ui_result entry_product_back(struct screen *s, const struct ui_event *ev);
enum ui_result entry_qty_enter(struct screen *s, const struct ui_event *ev);
enum ui_result entry_qty_back(struct screen *s, const struct ui_event *ev);
enum ui_result entry_line_edit(struct screen *s, const struct ui_event *ev);
enum ui_result entry_line_delete(struct screen *s, const struct ui_event *ev);
enum ui_result entry_lines_down(struct screen *s, const struct ui_event *ev);
enum ui_result entry_lines_move(struct screen *s, const struct ui_event *ev);
enum ui_result entry_lines_leave(struct screen *s, const struct ui_event *ev);
enum ui_result entry_lines_type(struct screen *s, const struct ui_event *ev);

/* order_usual.c */
enum ui_result entry_usual_open(struct screen *s, const struct ui_event *ev);
enum ui_result entry_usual_event(struct screen *s, const struct ui_event *ev);
void entry_usual_draw(struct screen *s, int top, int rows, int cols);
enum ui_result entry_copy_last(struct screen *s, const struct ui_event *ev);

/* order_save.c */
enum ui_result entry_save(struct screen *s, const struct ui_event *ev);

#endif
