/* rows.c: the two shapes screens read: lists (rows of named columns, streamed) and documents
 * (a *_get function's jsonb as head fields plus sections of rows). */
#include "polka/domain/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

static bool add_row(void *ctx, int ncols, const char *const *names, const char *const *values)
{
    struct record *r = record_new();
    for (int i = 0; i < ncols; i++)
        record_set(r, names[i], values[i]);
    rowset_add(ctx, r);
    return true;
}

bool rows_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
                struct rowset *rows, struct db_error *err)
{
    return db_stream(db, sql, nparams, params, add_row, rows, err);
}

bool rows_receive(struct db *db, struct rowset *rows, struct db_error *err)
{
    return db_receive(db, add_row, rows, 0, true, err) == 0;
}

bool list_fetch(struct db *db, const struct form_def *f, const struct record *values,
                struct rowset *rows, struct db_error *err)
{
    struct strbuf sql = {0};
    const char **params = xcalloc(f->nfields + 1, sizeof(*params));
    char lim[16];
    int n = 0;
    /* The names are identifiers the form's parser checked; values travel as parameters. */
    strbuf_printf(&sql, "SELECT * FROM polka.\"%s\"(", f->list->function);
    for (size_t i = 0; i < f->nfields; i++) {
        const char *v = record_get(values, f->fields[i].name);
        params[n++] = str_empty(v) ? NULL : v;
        strbuf_printf(&sql, "\"%s\" => $%d, ", f->fields[i].name, n);
    }
    snprintf(lim, sizeof(lim), "%d", f->list->limit);
    params[n++] = lim;
    strbuf_printf(&sql, "lim => $%d::int)", n);
    bool ok = rows_fetch(db, sql.buf, n, params, rows, err);
    free(params);
    strbuf_release(&sql);
    /* Columns of the database's sentences, in the user's language. */
    const struct form_grid *g = ok ? formdef_grid(f, f->list->grid) : NULL;
    for (size_t c = 0; g && c < g->ncols; c++)
        for (size_t i = 0; g->cols[c].sentences && i < rows->n; i++) {
            const char *v = record_get(rows->rows[i], g->cols[c].name);
            if (str_empty(v))
                continue;
            char *words = db_sentences_words(v);
            record_set(rows->rows[i], g->cols[c].name, words);
            free(words);
        }
    return ok;
}

bool row_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
               bool retry_read, struct record *out, struct db_error *err)
{
    struct db_result *r = db_exec(db, sql, nparams, params, retry_read, err);
    if (!r)
        return false;
    record_clear(out);
    for (int c = 0; db_rows(r) > 0 && c < db_cols(r); c++)
        record_set(out, db_colname(r, c), db_value(r, 0, c));
    db_result_free(&r);
    return true;
}

bool doc_fetch(struct db *db, const char *doc_rows_sql, const char *id, struct doc *d,
               struct db_error *err)
{
    const char *p[1] = {id};
    return doc_fetch_params(db, doc_rows_sql, 1, p, d, err);
}

bool doc_fetch_params(struct db *db, const char *doc_rows_sql, int nparams,
                      const char *const *params, struct doc *d, struct db_error *err)
{
    struct db_result *r = db_exec(db, doc_rows_sql, nparams, params, true, err);
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

char *doc_save(struct db *db, const char *save_sql, const struct doc *d, struct db_error *err)
{
    char *json = doc_to_json(d, NULL);
    const char *p[1] = {json};
    struct db_result *r = db_exec(db, save_sql, 1, p, false, err);
    free(json);
    if (!r)
        return NULL;
    char *id = xstrdup(db_value(r, 0, 0));
    db_result_free(&r);
    return id;
}

char *value_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
                  bool retry_read, struct db_error *err)
{
    struct db_result *r = db_exec(db, sql, nparams, params, retry_read, err);
    if (!r)
        return NULL;
    char *v = xstrdup(db_rows(r) > 0 && db_value(r, 0, 0) ? db_value(r, 0, 0) : "");
    db_result_free(&r);
    return v;
}
