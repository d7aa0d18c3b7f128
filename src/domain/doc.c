/* doc.c: helpers of the domain layer shared by the pricing documents (agreements,
 * promotions): a jsonb document into a struct doc, rows into records, one value. */
#include <stdlib.h>

#include "polka/util.h"

#include "doc_int.h"

bool doc_load_rows(struct db *db, const char *sql, const char *id, struct doc *d,
                   struct db_error *err)
{
    const char *p[1] = {id};
    struct db_result *r = db_exec(db, sql, 1, p, true, err);
    if (!r)
        return false;
    doc_clear(d);
    const char *cur_section = NULL, *cur_n = NULL;
    struct record *row = NULL;
    for (int i = 0; i < db_rows(r); i++) {
        const char *sec = db_value(r, i, 0), *n = db_value(r, i, 1);
        const char *key = db_value(r, i, 2), *val = db_value(r, i, 3);
        if (!*sec) {
            record_set(&d->head, key, val);
            continue;
        }
        if (!row || !str_eq(sec, cur_section) || !str_eq(n, cur_n)) {
            row = record_new();
            rowset_add(doc_section(d, sec), row);
            cur_section = sec;
            cur_n = n;
        }
        record_set(row, key, val);
    }
    db_result_free(&r);
    return true;
}

struct rows_ctx {
    struct rowset *rows;
    const char *const *names;
};

static bool add_row(void *ctx, int ncols, const char *const *values)
{
    struct rows_ctx *rc = ctx;
    struct record *r = record_new();
    for (int i = 0; i < ncols && rc->names[i]; i++)
        record_set(r, rc->names[i], values[i]);
    rowset_add(rc->rows, r);
    return true;
}

bool rows_stream(struct db *db, const char *sql, int nparams, const char *const *params,
                 const char *const *names, struct rowset *rows, struct db_error *err)
{
    struct rows_ctx rc = {rows, names};
    return db_stream(db, sql, nparams, params, add_row, &rc, err);
}

char *value_exec(struct db *db, const char *sql, int nparams, const char *const *params,
                 bool retry_read, struct db_error *err)
{
    struct db_result *r = db_exec(db, sql, nparams, params, retry_read, err);
    if (!r)
        return NULL;
    char *v = xstrdup(db_rows(r) > 0 && db_value(r, 0, 0) ? db_value(r, 0, 0) : "");
    db_result_free(&r);
    return v;
}
