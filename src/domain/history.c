/* history.c: a card's audit trail, read through polka.card_history(kind, id). */
#include "polka/domain/history.h"

#include <stdio.h>

#include "polka/domain.h"
#include "polka/util.h"

bool card_history(struct db *db, const char *kind, const char *id, struct rowset *rows,
                  struct db_error *err)
{
    const char *p[2] = {kind, id};
    return rows_fetch(db,
                      "SELECT at, who, what, op, change FROM polka.card_history($1, $2::bigint)", 2,
                      p, rows, err);
}
