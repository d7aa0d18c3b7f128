/* domain/agreement.h: agreements, and why a product costs what it does under one
 * (src/domain/agreement.c). */
#ifndef POLKA_DOMAIN_AGREEMENT_H
#define POLKA_DOMAIN_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

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

#endif
