/* doc_int.h: private to src/domain: documents read from a *_get jsonb function and rows
 * streamed into records. (partner.c has its own copy of DOC_ROWS, written before this.) */
#ifndef POLKA_DOC_INT_H
#define POLKA_DOC_INT_H

#include "polka/domain.h"

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

/* Runs `sql` (a DOC_ROWS statement with $1 = id) and fills d (cleared first). */
bool doc_load_rows(struct db *db, const char *sql, const char *id, struct doc *d,
                   struct db_error *err);

/* Streams a statement's rows into `rows`, the columns named by `names` (NULL-terminated). */
bool rows_stream(struct db *db, const char *sql, int nparams, const char *const *params,
                 const char *const *names, struct rowset *rows, struct db_error *err);

/* The one value of a one-row statement (a new id...); caller frees; NULL with err. */
char *value_exec(struct db *db, const char *sql, int nparams, const char *const *params,
                 bool retry_read, struct db_error *err);

#endif
