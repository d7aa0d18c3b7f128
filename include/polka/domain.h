/* domain.h: what screens ask of the database, as functions over records and documents.
 * Uses db.h only; every call is one polka.* SQL function with parameters. */
#ifndef POLKA_DOMAIN_H
#define POLKA_DOMAIN_H

#include <stdbool.h>

#include "polka/db.h"
#include "polka/record.h"

/* ---- session ---- */

/* Fills the user's full name and app roles (polka.me(), polka.my_roles()). */
bool session_load(struct db *db, char **full_name, char ***roles, size_t *nroles,
                  struct db_error *err);

/* ---- look-ups (forms' lookup=) ---- */

bool lookup_kind_known(const char *kind);
/* Up to 50 (code, label) pairs of `kind` whose label matches query; returns the count, or -1
 * with err. The arrays are new; caller frees each string and the arrays. */
int lookup_fetch(struct db *db, const char *kind, const char *query, char ***codes,
                 char ***labels, struct db_error *err);
/* The label of a code of a small look-up (cached per session); NULL when unknown. Caller frees. */
char *lookup_label(struct db *db, const char *kind, const char *code);
void lookup_cache_clear(void);

/* ---- partners ---- */

/* Streams the partner list matching q (name, INN, phone, code) into rows: each row has id,
 * code, name, inn, phone, segment, manager, kind. At most `limit`. */
bool partner_search(struct db *db, const char *q, int limit, struct rowset *rows,
                    struct db_error *err);
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

/* The audit trail of a card (kind "partner"), newest first: rows with at, who, what (the
 * table), op (I, U, D) and change (in words). Only what the user may see. */
bool card_history(struct db *db, const char *kind, const char *id, struct rowset *rows,
                  struct db_error *err);

/* ---- agreements and promotions ---- */

/* Agreements matching q (code, name, client): rows with id, code, name, kind, client,
 * price_type, status, valid_from, valid_to; typical ones first. At most `limit`. */
bool agreement_list(struct db *db, const char *q, int limit, struct rowset *rows,
                    struct db_error *err);
/* The agreement's card (head only, with price_type_id.label, client_id.label, parent_id.label). */
bool agreement_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves in one call (polka.agreement_save); returns the id (caller frees) or NULL. */
char *agreement_save(struct db *db, const struct doc *d, struct db_error *err);
/* A client's draft made from a typical agreement; returns its id (caller frees) or NULL. */
char *agreement_from_typical(struct db *db, const char *typical_id, const char *client_id,
                             struct db_error *err);
/* draft -> on_approval -> active | draft, active -> closed; the database checks who may. */
bool agreement_set_status(struct db *db, const char *id, const char *status,
                          struct db_error *err);
/* Why a product costs what it does under an agreement on day `on` (NULL: today): out gets
 * price, price_type_code, base_price, discount_percent, promotion_code, origin. */
bool price_why(struct db *db, const char *agreement_id, const char *product_id, const char *on,
               struct record *out, struct db_error *err);
/* The database's current date, "YYYY-MM-DD" (caller frees) or NULL. */
char *db_today(struct db *db, struct db_error *err);

/* Promotions matching q with their state on day `on` (NULL: today): rows with id, code, name,
 * valid_from, valid_to, status, state, agreements, rules. */
bool promotion_list(struct db *db, const char *q, const char *on, int limit, struct rowset *rows,
                    struct db_error *err);
/* The card: head plus sections agreements and rules (with their .label keys). */
bool promotion_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves a draft with its agreements and rules in one call; the id (caller frees) or NULL. */
char *promotion_save(struct db *db, const struct doc *d, struct db_error *err);
/* draft -> on_approval -> approved | draft, approved -> ended_early (from day `on`, NULL:
 * today). */
bool promotion_set_status(struct db *db, const char *id, const char *status, const char *on,
                          struct db_error *err);

#endif
