/* session.c: who is logged in, what they may open, and what day it is for the business. */
#include "polka/domain/session.h"

#include <stdlib.h>
#include <string.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

bool session_load(struct db *db, char **full_name, char ***roles, size_t *nroles,
                  struct db_error *err)
{
    struct db_result *r = db_exec(db, "SELECT full_name FROM polka.me()", 0, NULL, true, err);
    if (!r)
        return false;
    *full_name = xstrdup(db_rows(r) ? db_value(r, 0, 0) : db_user(db));
    db_result_free(&r);
    r = db_exec(db, "SELECT r FROM polka.my_roles() AS r ORDER BY 1", 0, NULL, true, err);
    if (!r)
        return false;
    *nroles = (size_t)db_rows(r);
    *roles = xcalloc(*nroles + 1, sizeof(**roles));
    for (size_t i = 0; i < *nroles; i++)
        (*roles)[i] = xstrdup(db_value(r, (int)i, 0));
    db_result_free(&r);
    return true;
}

char *business_day(struct db *db, struct db_error *err)
{
    const char *env = getenv("POLKA_TODAY");
    if (env && strlen(env) == 10)
        return xstrdup(env);
    return value_fetch(db, "SELECT polka.business_day()::text", 0, NULL, true, err);
}

int session_privileged(struct db *db, struct db_error *err)
{
    char *v = value_fetch(db,
                          "SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles"
                          " WHERE rolname = current_user",
                          0, NULL, true, err);
    if (!v)
        return -1;
    int yes = str_eq(v, "t");
    free(v);
    return yes;
}
