/* claims.c: see domain/claims.h. */
#include "polka/domain/claims.h"

#include <stdlib.h>

#include "polka/domain.h"

char *claim_register(struct db *db, const char *partner, const char *words, struct db_error *err)
{
    const char *p[2] = {partner, words};
    char *id = value_fetch(db, "SELECT polka.claim_quick($1::bigint, $2)", 2, p, false, err);
    if (!id)
        return NULL;
    const char *q[1] = {id};
    char *number =
        value_fetch(db, "SELECT number FROM polka.claims WHERE id = $1::bigint", 1, q, true, err);
    free(id);
    return number;
}

char *claim_done(struct db *db, const char *claim, const char *n, const char *outcome,
                 struct db_error *err)
{
    const char *p[3] = {claim, n, outcome};
    return value_fetch(db, "SELECT polka.claim_stage_done($1::bigint, $2::integer, $3)", 3, p,
                       false, err);
}

char *claim_give(struct db *db, const char *claim, const char *person, struct db_error *err)
{
    const char *p[2] = {claim, person};
    return value_fetch(db, "SELECT polka.claim_reassign($1::bigint, $2::bigint)", 2, p, false, err);
}

bool claim_call_log(struct db *db, const char *partner, struct db_error *err)
{
    const char *p[1] = {partner};
    char *v = value_fetch(db, "SELECT polka.claim_call($1::bigint)", 1, p, false, err);
    free(v);
    return v != NULL;
}

long claims_escalate_due(struct db *db, struct db_error *err)
{
    char *v = value_fetch(db, "SELECT polka.claims_escalate()", 0, NULL, false, err);
    long n = v ? atol(v) : -1;
    free(v);
    return n;
}
