/* domain/lookup.h: the look-ups forms name (lookup=): codes and labels for the type-ahead
 * (src/domain/lookup.c). */
#ifndef POLKA_DOMAIN_LOOKUP_H
#define POLKA_DOMAIN_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

bool lookup_kind_known(const char *kind);
/* Up to 50 (code, label) pairs of `kind` whose label matches query, narrowed by `by` when not
 * NULL (a client's id for his delivery points: polka.lookup's by); returns the count, or -1
 * with err. The arrays are new; caller frees each string and the arrays. */
int lookup_fetch(struct db *db, const char *kind, const char *by, const char *query, char ***codes,
                 char ***labels, struct db_error *err);
/* The label of a code of a small look-up (cached per session); NULL when unknown. Caller frees. */
char *lookup_label(struct db *db, const char *kind, const char *code);
void lookup_cache_clear(void);

#endif
