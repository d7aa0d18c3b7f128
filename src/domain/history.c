/* history.c: a card's audit trail, read through polka.card_history(kind, id). */
#include <stdio.h>

#include "polka/domain.h"
#include "polka/util.h"

struct hist_ctx {
    struct rowset *rows;
};

static bool add_row(void *ctx, int ncols, const char *const *values)
{
    static const char *const names[] = {"at", "who", "what", "op", "change"};
    struct hist_ctx *hc = ctx;
    struct record *r = record_new();
    for (int i = 0; i < ncols && i < (int)ARRAY_SIZE(names); i++)
        record_set(r, names[i], values[i]);
    rowset_add(hc->rows, r);
    return true;
}

bool card_history(struct db *db, const char *kind, const char *id, struct rowset *rows,
                  struct db_error *err)
{
    const char *p[2] = {kind, id};
    struct hist_ctx hc = {rows};
    return db_stream(db, "SELECT at, who, what, op, change FROM polka.card_history($1, $2::bigint)",
                     2, p, add_row, &hc, err);
}
