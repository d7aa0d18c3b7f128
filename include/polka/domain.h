/* domain.h: what screens ask of the database, as functions over records and documents.
 * Uses db.h only; every call is one polka.* SQL function with parameters. */
#ifndef POLKA_DOMAIN_H
#define POLKA_DOMAIN_H

#include <stdbool.h>

#include "polka/db.h"
#include "polka/formdef.h"
#include "polka/record.h"

/* ---- lists and documents ---- */

/* Streams the rows of sql into rows, each value under its column's name in the result (the
 * SELECT list is the one place naming them). */
bool rows_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
                struct rowset *rows, struct db_error *err);
/* A list form's rows (formdef.h, the list statement): polka.FUNCTION called with each of the
 * form's fields as a named argument (its value in values; NULL when empty) and lim => the
 * form's limit. */
bool list_fetch(struct db *db, const struct form_def *f, const struct record *values,
                struct rowset *rows, struct db_error *err);
/* The first row of a one-row statement into out (cleared first), named as rows_fetch names them;
 * out stays empty when there is no row. False with err on failure. */
bool row_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
               bool retry_read, struct record *out, struct db_error *err);

/* Turns the jsonb document returned by a *_get function into (section, n, key, value) rows:
 * section '' is the head. Compile-time concatenation only: no values in SQL text. */
#define DOC_ROWS(get_call)                                                                         \
    "WITH d AS (SELECT " get_call " AS j) "                                                        \
    "SELECT '' AS section, 0::bigint AS n, e.key, e.value "                                        \
    "  FROM d, jsonb_each_text(d.j) e WHERE jsonb_typeof(d.j -> e.key) <> 'array' "                \
    "UNION ALL "                                                                                   \
    "SELECT s.key, a.n, f.key, f.value "                                                           \
    "  FROM d, jsonb_each(d.j) s, jsonb_array_elements(s.value) WITH ORDINALITY a(x, n), "         \
    "       jsonb_each_text(a.x) f "                                                               \
    " WHERE jsonb_typeof(s.value) = 'array' "                                                      \
    "ORDER BY 1, 2"

/* Loads a document: doc_rows_sql is DOC_ROWS("polka.x_get($1::bigint)"), id its parameter. */
bool doc_fetch(struct db *db, const char *doc_rows_sql, const char *id, struct doc *d,
               struct db_error *err);
/* The same with any parameters. */
bool doc_fetch_params(struct db *db, const char *doc_rows_sql, int nparams,
                      const char *const *params, struct doc *d, struct db_error *err);
/* Saves a document with save_sql ("SELECT polka.x_save($1::jsonb)"); returns the id the
 * function returns (caller frees) or NULL. */
char *doc_save(struct db *db, const char *save_sql, const struct doc *d, struct db_error *err);
/* The one value of a one-row statement (a new id...), "" for NULL; caller frees; NULL on error. */
char *value_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
                  bool retry_read, struct db_error *err);
/* The business day, YYYY-MM-DD (polka.business_day(): the business's time zone, not the
 * terminal's); POLKA_TODAY=YYYY-MM-DD overrides it (tests, back-dating). Caller frees. */
char *db_today(struct db *db, struct db_error *err);

/* ---- session ---- */

/* Fills the user's full name and app roles (polka.me(), polka.my_roles()). */
bool session_load(struct db *db, char **full_name, char ***roles, size_t *nroles,
                  struct db_error *err);

/* ---- look-ups (forms' lookup=) ---- */

bool lookup_kind_known(const char *kind);
/* Up to 50 (code, label) pairs of `kind` whose label matches query; returns the count, or -1
 * with err. The arrays are new; caller frees each string and the arrays. */
int lookup_fetch(struct db *db, const char *kind, const char *query, char ***codes, char ***labels,
                 struct db_error *err);
/* The label of a code of a small look-up (cached per session); NULL when unknown. Caller frees. */
char *lookup_label(struct db *db, const char *kind, const char *code);
void lookup_cache_clear(void);

/* ---- partners ---- */

/* The whole card: head fields plus sections contacts, points, relations. */
bool partner_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves the card in one call (polka.partner_save); returns the id (caller frees) or NULL. */
char *partner_save(struct db *db, const struct doc *d, struct db_error *err);
/* Possible duplicates of the head (name, INN, phone, e-mail) other than itself: rows with
 * id, code, name, inn, phone, email, reason. */
bool partner_duplicates(struct db *db, const struct record *head, struct rowset *rows,
                        struct db_error *err);

/* People (admins only; polka.user_*). roles_csv: "manager,all_clients". user_block returns
 * how many sessions it ended, -1 on failure. user_grant with grant=false revokes. user_list
 * rows: login, full_name, roles (comma-separated), blocked ("t"/"f"). */
bool user_add(struct db *db, const char *login, const char *full_name, const char *password,
              const char *roles_csv, struct db_error *err);
int user_block(struct db *db, const char *login, struct db_error *err);
bool user_unblock(struct db *db, const char *login, struct db_error *err);
bool user_grant(struct db *db, const char *login, const char *role, bool grant,
                struct db_error *err);
bool user_passwd(struct db *db, const char *login, const char *password, struct db_error *err);
bool user_list(struct db *db, struct rowset *rows, struct db_error *err);

/* ---- pricing ---- */

/* Price types: rows id, code, name, kind, source, client, rounding, rules (their count). */
bool price_type_list(struct db *db, struct rowset *rows, struct db_error *err);
/* A price type with its section rules (category_id, product_id, target, percent). */
bool price_type_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves it with its rules and recalculates (the head's recalc_on, default today). */
char *price_type_save(struct db *db, const struct doc *d, struct db_error *err);
/* What that save would change; like price_set_preview. */
bool price_type_preview(struct db *db, const struct doc *d, struct rowset *rows,
                        struct db_error *err);
/* The prices of a type on a date for products matching q: rows product_id, code, name, unit,
 * price, since, computed ("t"/"f"), set_by, next_price, next_from, in_assortment ("t"/"f";
 * NULL unless the type is a client's). */
bool price_list(struct db *db, const char *type_id, const char *on, const char *q, int limit,
                struct rowset *rows, struct db_error *err);
/* One product's prices in a type, newest first: valid_from, price, computed, set_by. */
bool price_history(struct db *db, const char *type_id, const char *product_id, struct rowset *rows,
                   struct db_error *err);
/* The preview of setting prices (changes: a JSON object product id -> price) from a date:
 * rows type, changes (per type), product, old, new, percent (the largest changes per type). */
bool price_set_preview(struct db *db, const char *type_id, const char *on, const char *changes,
                       struct rowset *rows, struct db_error *err);
/* Sets them (version: the type's version as read, or NULL; reason: why, required for a day
 * before the business day, or NULL); returns how many computed prices changed, -1 on failure. */
long long price_set(struct db *db, const char *type_id, const char *on, const char *changes,
                    const char *version, const char *reason, struct db_error *err);
/* Adds a product to the client's assortment (add) or takes it out. */
bool assortment_change(struct db *db, const char *client_id, const char *product_id, bool add,
                       struct db_error *err);
/* The categories in tree order: category_id, depth, name, own (this type's percent on it),
 * percent (in force there), from (the category it comes from, '*' the type's default). */
bool price_rule_tree(struct db *db, const char *type_id, struct rowset *rows, struct db_error *err);

/* The audit trail of a card (kind "partner"), newest first: rows with at, who, what (the
 * table), op (I, U, D) and change (in words). Only what the user may see. */
bool card_history(struct db *db, const char *kind, const char *id, struct rowset *rows,
                  struct db_error *err);

/* ---- agreements and promotions ---- */

/* The agreement's card (head only, with price_type_id.label, client_id.label, parent_id.label). */
bool agreement_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves in one call (polka.agreement_save); returns the id (caller frees) or NULL. */
char *agreement_save(struct db *db, const struct doc *d, struct db_error *err);
/* A client's draft made from a typical agreement; returns its id (caller frees) or NULL. */
char *agreement_from_typical(struct db *db, const char *typical_id, const char *client_id,
                             struct db_error *err);
/* draft -> on_approval -> active | draft, active -> closed; the database checks who may. */
bool agreement_set_status(struct db *db, const char *id, const char *status, struct db_error *err);
/* Why a product costs what it does under an agreement on day `on` (NULL: today): out gets
 * price, price_type_code, base_price, discount_percent, promotion_code, origin. */
bool price_why(struct db *db, const char *agreement_id, const char *product_id, const char *on,
               struct record *out, struct db_error *err);

/* The card: head plus sections agreements and rules (with their .label keys). */
bool promotion_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves a draft with its agreements and rules in one call; the id (caller frees) or NULL. */
char *promotion_save(struct db *db, const struct doc *d, struct db_error *err);
/* draft -> on_approval -> approved | draft, approved -> ended_early (from day `on`, NULL:
 * today). */
bool promotion_set_status(struct db *db, const char *id, const char *status, const char *on,
                          struct db_error *err);

/* ---- orders ---- */

struct order_catalog;
struct order_draft;

/* Clients for the order screen's type-ahead (name, INN, phone, code): rows id, code, name,
 * inn, phone. */
bool order_client_search(struct db *db, const char *q, int limit, struct rowset *rows,
                         struct db_error *err);
/* What the screen needs about a client from day `from` (NULL: today): head client_id,
 * client_code, client_name, agreement_id, agreement_code, agreement_name, lead_days, ship_on,
 * credit_limit, min_order, assortment_only, payment, debt, overdue, has_assortment; section
 * points (id, name, address). */
bool order_context(struct db *db, const char *client_id, const char *from, struct doc *ctx,
                   struct db_error *err);
/* The products priced under an agreement on a day, with the client's assortment matrix, into
 * cat (emptied first; indexed). */
bool order_catalog_load(struct db *db, const char *agreement_id, const char *on,
                        const char *client_id, struct order_catalog *cat, struct db_error *err);
/* The client's usual products (90 days before `on`): rows product_id, times, last_qty. */
bool order_usual(struct db *db, const char *client_id, const char *on, struct rowset *rows,
                 struct db_error *err);
/* The lines of the client's last order: rows product_id, qty, number, taken_on. */
bool order_last(struct db *db, const char *client_id, struct rowset *rows, struct db_error *err);
/* The draft as order_save's document (agreement and the screen's total beside it). Caller
 * frees. */
char *order_draft_json(const struct order_draft *d, const char *agreement_id, const char *amount);
/* Warnings before a save: rows code, message (English, for support), blocking ("t"/"f"),
 * figure, bound (money) and items (product codes) for the screen to word them. */
bool order_check(struct db *db, const char *json, struct rowset *rows, struct db_error *err);
/* Saves (polka.order_save); out gets id, number, version, amount, vat_amount, weight_kg,
 * lines, replayed. When the connection drops during the save it has reconnected: the same
 * document (same key) is sent once more, so exactly one order exists whatever happened. */
bool order_save(struct db *db, const char *json, struct record *out, struct db_error *err);
/* An order: head plus section lines. */
bool order_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Orders taken on `on` (NULL: any day) of client (NULL: any) in status (NULL: any), the user's
 * own when mine, matching q: rows id, number, taken_on, taken_at, client_id, client_code,
 * client_name, ship_on, status, lines, amount, taken_by, version. */
bool order_list(struct db *db, const char *on, const char *client_id, const char *status, bool mine,
                const char *q, int limit, struct rowset *rows, struct db_error *err);
bool order_cancel(struct db *db, const char *id, const char *reason, const char *version,
                  struct db_error *err);

/* ---- demo data (demo.c) ---- */

enum demo_result { DEMO_LOADED, DEMO_ALREADY, DEMO_FAILED };
/* `polka db demo`: sql/demo under dir, then the loaders at scale (a number, as text), in one
 * transaction; logins gets the demo people (login, password, role, full_name). DEMO_FAILED
 * with the reason in err. */
enum demo_result demo_load(struct db *db, const char *dir, const char *scale, struct rowset *logins,
                           char *err, size_t errlen);

#endif
