/* screens.h: shared by the screens in src/screens. */
#ifndef POLKA_SCREENS_H
#define POLKA_SCREENS_H

#include "polka/formview.h"
#include "polka/grid.h"
#include "polka/screen.h"

extern const struct screen_ops login_screen, menu_screen, partner_card_screen, history_screen,
    people_screen, price_types_screen, price_type_card_screen, prices_screen, price_rules_screen,
    agreements_screen, agreement_card_screen, promotion_card_screen, order_entry_screen,
    orders_screen, reports_screen, report_screen, list_screen, allocation_screen, doc_card_screen,
    trips_screen, stock_screen, waybill_screen, returns_screen, payments_screen, notices_screen,
    corrections_screen, finance_screen, claims_screen, claim_card_screen, claim_comments_screen,
    kb_screen, inbox_screen, intake_card_screen, intake_screen, rep_day_screen;

/* Look-up hooks for formviews, served by the app's connection. */
struct formview_hooks screens_hooks(struct app *app);

/* A search line over a list (searchlist.c): the form's fields (q the search line) over one of
 * its grids; a choice filter's look-up is served by app's connection. */
struct search_list {
    struct record rec; /* the search line q and any other fields */
    struct formview fv;
    struct rowset rows;
    struct grid_view grid;
    char *last_q; /* what the rows were found for */
};
bool search_list_open(struct search_list *l, struct app *app, const struct form_def *form,
                      const char *grid);
void search_list_draw(struct search_list *l);
const char *search_list_q(const struct search_list *l); /* "" when empty */
/* Arrows move in the list, the rest edits the search line; *changed: search again. */
enum ui_result search_list_event(struct search_list *l, const struct ui_event *ev, bool *changed);
/* After filling rows for search_list_q(): says how many (limit: the most asked for; 0: say
 * nothing, keep the selection when it still exists) or the error (ok false; err cleared). */
void search_list_searched(struct search_list *l, bool ok, struct db_error *err, size_t limit);
void search_list_done(struct search_list *l);

/* The generic card (doc_card.c) as a whole screen; a card with actions of its own (a claim's)
 * registers a screen whose state is a struct doc_card_state and calls these around its own
 * event handler. */
enum { DOC_CARD_GRIDS = 4 };
struct doc_card_state {
    struct doc doc;
    struct rowset *grids[DOC_CARD_GRIDS];
    struct formview fv;
    char *get_sql, *save_sql;
    bool can_edit;
};
bool doc_card_open(struct screen *s, const char *id);
bool doc_card_load(struct screen *s, const char *id, struct db_error *err); /* read again */
void doc_card_draw(struct screen *s);
enum ui_result doc_card_event(struct screen *s, const struct ui_event *ev);
void doc_card_done(struct screen *s);
const enum request *doc_card_help_now(struct screen *s);

/* The generic list screen (list.c) of a form with a list statement; app_push opens it for such
 * a form when no screen of that name is registered. A list with actions of its own registers a
 * screen whose state is a struct list_screen and calls these around its own event handler. */
struct list_screen {
    struct search_list list;
    enum request help[8];
    char *read_for; /* every field's value the rows were read for (a filter is a field too) */
};
bool list_screen_open(struct screen *s, const char *arg);
void list_screen_draw(struct screen *s);
enum ui_result list_screen_event(struct screen *s, const struct ui_event *ev);
void list_screen_refresh(struct screen *s); /* runs the form's function again */
void list_screen_resume(struct screen *s);  /* again, the same row selected (back from a card) */
void list_screen_done(struct screen *s);

/* Shared by the screens (status.c). */
struct db_error;
/* A status or kind code in the user's words ("draft" -> "Черновик"). */
const char *screens_status_label(const char *code);
/* An order's status in the user's words ("shipped" -> "Отгружен"; orders.c). */
const char *order_status_label(const char *code);
/* Shows a refused call: a known constraint's sentence, or the kind of refusal and the
 * database's own words. Clears err. */
void screens_refused(struct db_error *err);
/* Asks for a day, today (the database's) as the default; NULL on Esc. Caller frees. */
char *screens_ask_day(struct app *app, const char *title, const char *label);
/* An amount as typed in a prompt ("1 500,50", "1500.5", "-12"), rewritten in place as the
 * database reads it ("1500.50"); false, with why said on the status line, when it is no amount
 * of money. Empty (or NULL) stays as it is. */
bool screens_amount(char **typed);
/* Ctrl-P from any screen (app.c): a claim registered, the partner chosen and their words
 * typed; true when it was. */
bool screens_quick_claim(struct app *app);
/* A claim's stage n done, its outcome asked: the message to show after (the claim goes on, or
 * closed; caller frees), NULL when not done (refused: said; or the question cancelled). */
char *screens_stage_done(struct app *app, const char *claim, const char *number, const char *n,
                         const char *stage);
/* The knowledge base (kb.c) for the claims screens: the articles proposed for claim_id (its
 * id), opened over the current screen; and a closed claim's article written from it and
 * opened in its card (a refusal said: the claim open, its article written already). False
 * when nothing opened. */
bool screens_kb_for_claim(struct app *app, const char *claim_id);
bool screens_kb_from_claim(struct app *app, const char *claim_id);
/* Ctrl-N from any screen (app.c): the inbox opened, or read again when it is on top. */
void screens_inbox(struct app *app);
/* Picks one of look-up `kind` in the type-ahead pop-up; false on Esc. Caller frees both. */
bool screens_choose(struct app *app, const char *kind, const char *title, char **code,
                    char **label);
/* F6 on a card: the history of card `kind` ("partner", "agreement", "promotion",
 * "price_type") `id`; a card not saved yet has none. */
void screens_history(struct app *app, const char *kind, const char *id);
/* A card's status change offered on a key: from which status to which, who may, and the
 * question asked first (N_(), %s: the card's code). The database decides in the end. */
struct status_action {
    enum request req;
    const char *from, *to, *roles;
    const char *question;
};
const struct status_action *status_action_find(const struct status_action *table, size_t n,
                                               enum request r);
/* Offered now: the card is saved, has that status, and the user one of the roles. */
bool status_action_offered(struct app *app, const struct record *head,
                           const struct status_action *a);
/* Writes the offered actions' requests to help; returns how many. */
size_t status_action_help(struct app *app, const struct record *head,
                          const struct status_action *table, size_t n, enum request *help);
/* The checks before request r, each refusal said (not_possible: a format with %s for the
 * status in words): the card's status, the user's roles, no unsaved change. The action, or
 * NULL. */
const struct status_action *status_action_ready(struct app *app, struct formview *fv,
                                                const struct status_action *table, size_t n,
                                                enum request r, const char *not_possible);
/* Asks the action's question about the card; true to go on. */
bool status_action_confirm(const struct status_action *a, const struct record *head);
/* F2 on a card (card.c): cannot is why the person may not save (NULL: may); before asks the
 * card's own question first (NULL: none; false: not saved, it said why); save stores the
 * document in one call and returns the id; reload reads the card back and binds the view
 * (false with err). refused_in_words: a refusal shows the database's words too
 * (screens_refused). */
struct card_saver {
    const char *cannot;
    bool refused_in_words;
    bool (*before)(struct screen *s);
    char *(*save)(struct db *db, const struct doc *d, struct db_error *err);
    const char *save_sql; /* without save: doc_save with this statement */
    const char *name;     /* the head field "Saved: ..." names (default: code, else number) */
    bool (*reload)(struct screen *s, const char *id, struct db_error *err);
};
enum ui_result card_save(struct screen *s, struct formview *fv, struct doc *doc,
                         const struct card_saver *c);
/* Reads card id again with load (which binds the view); a failure shown under title. */
bool card_reload(struct screen *s, const char *id, const char *title,
                 bool (*load)(struct screen *s, const char *id, struct db_error *err));

/* Shared by the pricing screens (pricing.c). */
/* The business day (the database's), or the terminal's if the database cannot say. */
void pricing_today(struct db *db, char buf[11]);
/* Shows a refused call under title; clears err. */
void pricing_refused(const char *title, struct db_error *err);
/* Shows the preview rows (type, changes, product, old, new, percent) and asks to go on. */
bool pricing_preview_ok(const char *title, const struct rowset *plan);

/* Esc on a screen with unsaved changes asks first: UI_CLOSE to leave, UI_HANDLED to stay.
 * The _card form takes in the field being edited and asks when the card is dirty. */
enum ui_result screens_leave(bool unsaved);
enum ui_result screens_leave_card(struct formview *fv);
/* The warehouse-and-day header of the planner's screens (whday.c): the form's fields
 * "warehouse" (a code) and "day". */
struct wh_day {
    struct record rec; /* warehouse (code), day */
    struct formview fv;
    struct rowset warehouses;
    char *id;                 /* the warehouse's id */
    char *read_wh, *read_day; /* what the screen read last */
    /* Below the header: the day's rows, and the selected one's rows under them (their form
     * grid's height); the focus in one of them. */
    struct grid_view upper, lower;
    bool in_lower;
};
/* Reads the warehouses and binds the form's fields; arg "warehouse=CODE&day=DAY" (NULL: the
 * main warehouse and its next shipping day with open orders). False: the screen cannot open
 * (said why); without a warehouse it opens, id NULL, and says so. */
bool wh_day_open(struct wh_day *h, struct screen *s, const char *arg);
/* Before reading: the typed warehouse's id into id, what is read remembered; false (said)
 * when no warehouse has the code. */
bool wh_day_take(struct wh_day *h);
/* Whether the warehouse or the day was typed anew since the last read (commits the fields). */
bool wh_day_changed(struct wh_day *h);
void wh_day_free(struct wh_day *h);
/* Binds the form's grids named upper and lower to their rows; false (said) when the form
 * lacks one. */
bool wh_day_grids(struct wh_day *h, const struct form_def *f, const char *upper,
                  const struct rowset *upper_rows, const char *lower,
                  const struct rowset *lower_rows);
/* The header's fields and both grids (the lower one only when the terminal has room). */
void wh_day_draw(struct wh_day *h);
/* Two grids below `above` rows of fields: the upper one, and under it the lower one in its
 * form's height (a tiny terminal: the upper one only); focus: 1 upper, 2 lower, 0 neither. */
void screens_grids_draw(struct grid_view *upper, struct grid_view *lower, int above, int focus);
/* Up/Down/PgUp/PgDn/Home/End in the grid with the focus; *upper_moved when it was the upper
 * one (the caller shows the selected row's own). Left/Right scroll its columns when they do not
 * all fit. Esc in the lower grid goes back to the upper one. UI_IGNORED for any other request
 * (Esc in the upper grid: the screen's). */
enum ui_result wh_day_move(struct wh_day *h, const struct ui_event *ev, bool *upper_moved);
/* The same for any two grids, the focus in the lower one when *in_lower (rep_day.c). */
enum ui_result screens_grids_move(struct grid_view *upper, struct grid_view *lower, bool *in_lower,
                                  const struct ui_event *ev, bool *upper_moved);

/* The warehouse whose code rec's "warehouse" holds, among warehouses (id, code, name; the
 * main one first): its id into *id (freed first); an empty code is the main one, written into
 * rec. False when no warehouse has the code (or there is none). */
bool screens_warehouse(const struct rowset *warehouses, struct record *rec, char **id);

#endif
