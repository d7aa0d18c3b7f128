/* inbox.c: see domain/inbox.h. */
#include "polka/domain/inbox.h"

#include <stdlib.h>

#include "polka/domain.h"

/* A count one call returns; -1 when it failed. */
static int count_of(struct db *db, const char *sql, int n, const char *const *p, bool retry,
                    struct db_error *err)
{
    char *v = value_fetch(db, sql, n, p, retry, err);
    int k = v ? atoi(v) : -1;
    free(v);
    return k;
}

int inbox_unread(struct db *db, struct db_error *err)
{
    return count_of(db, "SELECT polka.inbox_unread()", 0, NULL, true, err);
}

int inbox_mark_read(struct db *db, const char *id, struct db_error *err)
{
    const char *p[1] = {id};
    return count_of(db, "SELECT polka.inbox_read($1::bigint)", 1, p, false, err);
}

int inbox_mark_all_read(struct db *db, struct db_error *err)
{
    return count_of(db, "SELECT polka.inbox_read_all()", 0, NULL, false, err);
}
