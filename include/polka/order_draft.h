/* order_draft.h: what the order entry screen keeps in memory, with no database and no curses: the
 * catalog of products priced for one client (loaded once when the client is chosen, so that
 * typing never waits on the network), searching it by code and by name, line arithmetic in
 * integers (quantities in thousandths, money in kopecks: the database's own rounding), and the
 * draft journal on the operator's machine that survives a crash or a killed terminal. */
#ifndef POLKA_ORDER_DRAFT_H
#define POLKA_ORDER_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define QTY_SCALE 3 /* quantities are held in thousandths of a unit */

struct order_item {
    int64_t id;
    char *code, *name, *fold; /* fold: the name in lower case, for searching */
    char *unit, *promo, *origin;
    int scale;                 /* decimals the unit allows (pieces 0) */
    int64_t pack;              /* pack size, thousandths */
    int64_t weight;            /* grams per unit */
    int64_t free;              /* free stock, thousandths */
    int64_t price;             /* kopecks, VAT included; -1: no price under the agreement */
    int vat;                   /* VAT rate in hundredths of a percent (10% = 1000) */
    signed char in_assortment; /* 1 yes, 0 no, -1 the client has no matrix */
};

struct order_catalog {
    struct order_item *items; /* sorted by code once order_catalog_index ran */
    size_t n, cap;
    size_t *by_id;                            /* indexes into items sorted by id */
    char *agreement_id, *ship_on, *client_id; /* what it was priced for */
    char *point_id;                           /* whose warehouse's free stock it has */
    /* The words of the names, each (item, where it starts in the item's fold), sorted by the
     * text from there: a name search finds each query word's range by binary search and
     * never reads the names. mark: one byte per item, the search's scratch. */
    struct order_word {
        uint32_t item, at;
    } * words;
    size_t nwords;
    unsigned char *mark;
};

/* Adds an item (copies the strings; NULL promo/origin allowed). */
void order_catalog_add(struct order_catalog *c, const struct order_item *it);
/* Sorts by code and builds the id index; call once after the last add. */
void order_catalog_index(struct order_catalog *c);
void order_catalog_free(struct order_catalog *c);
const struct order_item *order_catalog_by_id(const struct order_catalog *c, int64_t id);
const struct order_item *order_catalog_by_code(const struct order_catalog *c, const char *code);
/* Items whose code starts with prefix: how many, the first in *first. */
size_t order_catalog_code_prefix(const struct order_catalog *c, const char *prefix, size_t *first);
/* Items whose name has every word of query as the start of one of its words (case-insensitive,
 * Cyrillic and Latin, ё = е), in code order: up to max indexes into out; returns how many
 * match in all. */
size_t order_catalog_name_search(const struct order_catalog *c, const char *query, size_t *out,
                                 size_t max);

/* A quantity typed for an item: parsed at the unit's scale, above zero, below a million, then
 * rounded up to whole packs (*rounded says so). Returns NULL and the quantity in thousandths,
 * or a translated message. */
const char *order_qty_parse(const struct order_item *it, const char *text, int64_t *qty,
                            bool *rounded);
/* Line money, as the database computes it: amount = qty * price rounded to kopecks; VAT is
 * the part of the amount: amount * rate / (100 + rate). Weight in grams. */
int64_t order_line_amount(int64_t qty, int64_t price);
int64_t order_line_vat(int64_t amount, int vat);
int64_t order_line_weight(int64_t qty, int64_t weight);

/* ---- the draft and its journal ---- */

struct order_line {
    int64_t product_id;
    int64_t qty; /* thousandths */
};

struct order_draft {
    char key[37];       /* the save's idempotency key (UUID); kept until the save succeeds */
    char *id, *version; /* an existing order being edited; NULL for a new one */
    char *client_id, *client_label, *point_id, *point_label, *ship_on, *comment;
    struct order_line *lines;
    size_t n, cap;
    time_t saved_at; /* when the journal was written (read back from it) */
};

void order_draft_clear(struct order_draft *d);       /* frees and empties; a new key */
bool order_draft_empty(const struct order_draft *d); /* no client and no lines */
/* The line of a product, or -1. */
long order_draft_find(const struct order_draft *d, int64_t product_id);
void order_draft_add(struct order_draft *d, int64_t product_id, int64_t qty);
void order_draft_remove(struct order_draft *d, size_t i);
/* What the order says (client, point, day, comment, lines in order) as one string: two drafts
 * with the same are the same order, whatever their keys (an opened order left as it was).
 * Caller frees. */
char *order_draft_digest(const struct order_draft *d);

/* ---- the draft's rules: the screen changes the draft only through these ---- */

/* The client, the delivery point, the day and the comment: copies (NULL empties). A new client
 * drops the point (the caller pre-fills the only one the client has). */
void order_draft_set_client(struct order_draft *d, const char *id, const char *label);
void order_draft_set_point(struct order_draft *d, const char *id, const char *label);
void order_draft_set_day(struct order_draft *d, const char *ship_on, const char *comment);
/* qty more of a product: to its line when it has one (*merged true), else a new last line.
 * Returns the line's index. */
size_t order_draft_put(struct order_draft *d, int64_t product_id, int64_t qty, bool *merged);
/* Line i's quantity replaced; false when there is no line i. */
bool order_draft_set_qty(struct order_draft *d, size_t i, int64_t qty);

/* What a line of qty of an item tells the operator, the most serious first: no price under
 * the agreement (cannot be saved), outside the client's assortment, more than the free stock,
 * a promotion. */
enum order_note {
    ORDER_NOTE_NONE,
    ORDER_NOTE_NO_PRICE,
    ORDER_NOTE_MATRIX,
    ORDER_NOTE_OVER_FREE,
    ORDER_NOTE_PROMO,
};
enum order_note order_line_note(const struct order_item *it, int64_t qty);

/* The draft's running totals as the database computes them: lines not in the catalog or with
 * no price count nothing. */
struct order_totals {
    int64_t amount, vat; /* kopecks */
    int64_t weight;      /* grams */
};
struct order_totals order_draft_totals(const struct order_draft *d, const struct order_catalog *c);
/* A new random key (UUID version 4). */
void order_new_key(char out[37]);

/* The journal file of a user on a database: $POLKA_STATE_DIR, else $XDG_STATE_HOME/polka,
 * else ~/.local/state/polka; the folder is made. Caller frees; NULL when there is no place. */
char *order_journal_path(const char *user, const char *dbname);
/* The journal of one order screen of that user on that database: two sessions of one person
 * (two terminals) each get their own, held by a lock (flock) on PATH.lock while *lock_fd is
 * open; a crashed session's lock is gone with it. With want_draft, a free journal with a draft
 * left in it comes first, so that a new order screen offers it back; else (and without one)
 * the first free journal without a draft (PATH, then PATH-2 and on). Without a lock to take
 * (no folder, no flock, every journal taken), PATH as before, *lock_fd -1. Caller frees and
 * closes *lock_fd (order_journal_release). */
char *order_journal_claim(const char *user, const char *dbname, bool want_draft, int *lock_fd);
void order_journal_release(int *lock_fd);
/* Writes the draft durably (temporary file, fsync, rename): a crash leaves the old or the new
 * journal, never half of one. False with errno. */
bool order_journal_write(const char *path, struct order_draft *d);
/* Reads a journal into d (cleared first). False when there is none or it is not one (a
 * damaged file is not trusted: its lines would be guesses). */
bool order_journal_read(const char *path, struct order_draft *d);
void order_journal_remove(const char *path);

#endif
