/* domain/pricing.h: price types, their prices and rules, the preview of a change, the assortment
 * (src/domain/pricing.c). */
#ifndef POLKA_DOMAIN_PRICING_H
#define POLKA_DOMAIN_PRICING_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

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

#endif
