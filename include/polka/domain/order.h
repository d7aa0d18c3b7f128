/* domain/order.h: orders in the database: the client's context and priced products for the entry
 * screen, the usual and the last order, checks, the idempotent save, the list, cancelling
 * (src/domain/order.c). */
#ifndef POLKA_DOMAIN_ORDER_H
#define POLKA_DOMAIN_ORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

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
/* The products priced under an agreement on a day, with the client's assortment matrix and the
 * free stock at the warehouse of the delivery point (point_id NULL: the main one), into cat
 * (emptied first; indexed). */
bool order_catalog_load(struct db *db, const char *agreement_id, const char *on,
                        const char *client_id, const char *point_id, struct order_catalog *cat,
                        struct db_error *err);
/* The same in slices, while the screen waits for keys (db a connection of its own, db_clone):
 * start, then more until it says 0 (the end: cat indexed) or -1 (err); max rows a call,
 * waiting for them all when wait, else taking what comes in about 10 ms. */
bool order_catalog_start(struct db *db, const char *agreement_id, const char *on,
                         const char *client_id, const char *point_id, struct order_catalog *cat,
                         struct db_error *err);
int order_catalog_more(struct db *db, struct order_catalog *cat, int max, bool wait,
                       struct db_error *err);
/* The catalog coming is not wanted any more: cancelled, the connection free again. */
void order_catalog_stop(struct db *db);
/* Products of that catalog found on the server (digits: a code that starts with them; else a
 * name every word of text starts a word of), at most limit, into cat (indexed): the look-ups
 * while the whole catalog is still coming. */
bool order_catalog_find(struct db *db, const char *agreement_id, const char *on,
                        const char *client_id, const char *point_id, const char *text, int limit,
                        struct order_catalog *cat, struct db_error *err);
/* The client's usual products (90 days before `on`): rows product_id, times, last_qty. */
bool order_usual(struct db *db, const char *client_id, const char *on, struct rowset *rows,
                 struct db_error *err);
/* The lines of the client's last order: rows product_id, qty, number, taken_on. */
bool order_last(struct db *db, const char *client_id, struct rowset *rows, struct db_error *err);
/* The draft as order_save's document (agreement and the screen's total beside it); with visit
 * (a representative's visit's id, else NULL) source rep and the visit named. Caller frees. */
char *order_draft_json(const struct order_draft *d, const char *agreement_id, const char *amount,
                       const char *visit);
/* A loaded order (order_load) as a draft to edit: its id, version, client (labelled "code
 * name"), point, day, comment and lines. d is cleared first. */
void order_draft_from_doc(struct doc *o, struct order_draft *d);
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

#endif
