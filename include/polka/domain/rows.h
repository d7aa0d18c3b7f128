/* domain/rows.h: the shapes screens read: lists (rows named by the result's columns, streamed), one
 * row, one value, a list form's rows, and documents (a *_get function's jsonb as head fields plus
 * sections of rows) (src/domain/rows.c). */
#ifndef POLKA_DOMAIN_ROWS_H
#define POLKA_DOMAIN_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/formdef.h"
#include "polka/record.h"

/* Streams the rows of sql into rows, each value under its column's name in the result (the
 * SELECT list is the one place naming them). */
bool rows_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
                struct rowset *rows, struct db_error *err);
/* The rows of a statement started by db_send (db_query.h) into rows, as rows_fetch gives
 * them, waiting for them all. */
bool rows_receive(struct db *db, struct rowset *rows, struct db_error *err);
/* A list form's rows (formdef.h, the list statement): polka.FUNCTION called with each of the
 * form's fields as a named argument (its value in values; NULL when empty) and lim => the
 * form's limit. */
bool list_fetch(struct db *db, const struct form_def *f, const struct record *values,
                struct rowset *rows, struct db_error *err);
/* The first row of a one-row statement into out (cleared first), named as rows_fetch names them;
 * out stays empty when there is no row. False with err on failure. */
bool row_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
               bool retry_read, struct record *out, struct db_error *err);

/* Turns the jsonb document returned by a *_get function into (section, n, key, value) rows:
 * section '' is the head. Compile-time concatenation only: no values in SQL text. */
#define DOC_ROWS(get_call)                                                                         \
    "WITH d AS (SELECT " get_call " AS j) "                                                        \
    "SELECT '' AS section, 0::bigint AS n, e.key, e.value "                                        \
    "  FROM d, jsonb_each_text(d.j) e WHERE jsonb_typeof(d.j -> e.key) <> 'array' "                \
    "UNION ALL "                                                                                   \
    "SELECT s.key, a.n, f.key, f.value "                                                           \
    "  FROM d, jsonb_each(d.j) s, jsonb_array_elements(s.value) WITH ORDINALITY a(x, n), "         \
    "       jsonb_each_text(a.x) f "                                                               \
    " WHERE jsonb_typeof(s.value) = 'array' "                                                      \
    "ORDER BY 1, 2"

/* Loads a document: doc_rows_sql is DOC_ROWS("polka.x_get($1::bigint)"), id its parameter. */
bool doc_fetch(struct db *db, const char *doc_rows_sql, const char *id, struct doc *d,
               struct db_error *err);
/* The same with any parameters. */
bool doc_fetch_params(struct db *db, const char *doc_rows_sql, int nparams,
                      const char *const *params, struct doc *d, struct db_error *err);
/* Saves a document with save_sql ("SELECT polka.x_save($1::jsonb)"); returns the id the
 * function returns (caller frees) or NULL. */
char *doc_save(struct db *db, const char *save_sql, const struct doc *d, struct db_error *err);
/* The one value of a one-row statement (a new id...), "" for NULL; caller frees; NULL on error. */
char *value_fetch(struct db *db, const char *sql, int nparams, const char *const *params,
                  bool retry_read, struct db_error *err);

#endif
