/* domain/promotion.h: promotions: the card, its save, status changes (src/domain/promotion.c). */
#ifndef POLKA_DOMAIN_PROMOTION_H
#define POLKA_DOMAIN_PROMOTION_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

/* The card: head plus sections agreements and rules (with their .label keys). */
bool promotion_load(struct db *db, const char *id, struct doc *d, struct db_error *err);
/* Saves a draft with its agreements and rules in one call; the id (caller frees) or NULL. */
char *promotion_save(struct db *db, const struct doc *d, struct db_error *err);
/* draft -> on_approval -> approved | draft, approved -> ended_early (from day `on`, NULL:
 * today). */
bool promotion_set_status(struct db *db, const char *id, const char *status, const char *on,
                          struct db_error *err);

#endif
