/* people.c: managing people (admins only), through the polka.user_* functions. */
#include "polka/domain/people.h"

#include <stdlib.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

/* Runs one polka.user_* call; on success, the first value of the first row (caller frees). */
static char *call(struct db *db, const char *sql, int n, const char *const *p, struct db_error *err)
{
    struct db_result *r = db_exec(db, sql, n, p, false, err);
    if (!r)
        return NULL;
    char *v = xstrdup(db_rows(r) > 0 ? db_value(r, 0, 0) : "");
    db_result_free(&r);
    return v;
}

static bool done(char *v)
{
    bool ok = v != NULL;
    free(v);
    return ok;
}

bool user_add(struct db *db, const char *login, const char *full_name, const char *password,
              const char *roles_csv, struct db_error *err)
{
    const char *p[4] = {login, full_name, password, roles_csv};
    return done(
        call(db, "SELECT polka.user_add($1, $2, $3, string_to_array(replace($4, ' ', ''), ','))", 4,
             p, err));
}

int user_block(struct db *db, const char *login, struct db_error *err)
{
    const char *p[1] = {login};
    char *v = call(db, "SELECT polka.user_block($1)", 1, p, err);
    int n = v ? atoi(v) : -1;
    free(v);
    return n;
}

bool user_unblock(struct db *db, const char *login, struct db_error *err)
{
    const char *p[1] = {login};
    return done(call(db, "SELECT polka.user_unblock($1)", 1, p, err));
}

bool user_grant(struct db *db, const char *login, const char *role, bool grant,
                struct db_error *err)
{
    const char *p[2] = {login, role};
    return done(call(db,
                     grant ? "SELECT polka.user_grant($1, $2)" : "SELECT polka.user_revoke($1, $2)",
                     2, p, err));
}

bool user_passwd(struct db *db, const char *login, const char *password, struct db_error *err)
{
    const char *p[2] = {login, password};
    return done(call(db, "SELECT polka.user_passwd($1, $2)", 2, p, err));
}

bool user_list(struct db *db, struct rowset *rows, struct db_error *err)
{
    return rows_fetch(db, "SELECT login, full_name, roles, blocked FROM polka.user_list()", 0, NULL,
                      rows, err);
}
