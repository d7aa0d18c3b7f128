/* domain/history.h: a card's audit trail (F6) (src/domain/history.c). */
#ifndef POLKA_DOMAIN_HISTORY_H
#define POLKA_DOMAIN_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/record.h"

/* The audit trail of a card (kind "partner"), newest first: rows with at, who, what (the
 * table), op (I, U, D) and change (in words). Only what the user may see. */
bool card_history(struct db *db, const char *kind, const char *id, struct rowset *rows,
                  struct db_error *err);

#endif
