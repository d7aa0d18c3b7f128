/* db_query.h: statements over a connection of db.h: one statement, a stream of rows, a
 * scrollable cursor, a migration script. For src/db and src/domain only: the screens ask the
 * domain, never SQL. Values always travel as parameters (text format), never in SQL text. */
#ifndef POLKA_DB_QUERY_H
#define POLKA_DB_QUERY_H

#include <stdbool.h>

#include "polka/db.h"

struct db_result;

/* Runs one statement with text parameters (NULL entries are SQL NULL). Returns the whole result
 * (use for small results only; see db_stream) or NULL with err filled. If the connection was
 * lost it is reset once; a read-only statement (`retry_read` true) is then re-run, a write is
 * not (the caller decides: it may not be idempotent) and err says DBE_CONNECTION.
 * Caller frees the result with db_result_free. */
struct db_result *db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
                          bool retry_read, struct db_error *err);

/* Runs a statement and hands rows to `row` one by one as they arrive (libpq single-row mode),
 * so memory stays flat whatever the size. `row` returns false to stop early (the rest is
 * cancelled and discarded, not an error). `names` are the result's column names, so a caller
 * never restates the SELECT list. Returns false with err on failure. */
typedef bool (*db_row_fn)(void *ctx, int ncols, const char *const *names,
                          const char *const *values);
bool db_stream(struct db *db, const char *sql, int nparams, const char *const *params,
               db_row_fn row, void *ctx, struct db_error *err);

/* Runs a multi-statement script (simple query protocol, no parameters). For migrations only. */
bool db_script(struct db *db, const char *sql, struct db_error *err);
/* A statement whose rows come while the screen waits for keys: db_send starts it; db_receive
 * hands over to `row` the rows that have arrived, at most max (0: no limit), waiting for more
 * only when `wait`: 1 more to come, 0 the end, -1 failed (err). Nothing else runs on the
 * connection meanwhile (use a db_clone); db_abandon cancels what is still coming. */
bool db_send(struct db *db, const char *sql, int nparams, const char *const *params,
             struct db_error *err);
/* db_send for a statement run many times: prepared on the session the first time (again after
 * a reconnect), then only its parameters sent. */
bool db_send_prepared(struct db *db, const char *sql, int nparams, const char *const *params,
                      struct db_error *err);
int db_receive(struct db *db, db_row_fn row, void *ctx, int max, bool wait, struct db_error *err);
void db_abandon(struct db *db);
/* Waits at most ms for something to read on db's connection (between two db_receive). */
void db_wait(struct db *db, int ms);

int db_rows(const struct db_result *r);
int db_cols(const struct db_result *r);
/* NULL for SQL NULL; "" for empty text. Valid until db_result_free. */
const char *db_value(const struct db_result *r, int row, int col);
const char *db_colname(const struct db_result *r, int col);
void db_result_free(struct db_result **r);

/* A scrollable cursor over sql (values as parameters) in a read-only REPEATABLE READ
 * transaction of its own: the rows do not change while they are read a window at a time. One
 * cursor per connection, and nothing else runs on it meanwhile (use a db_clone). */
bool db_cursor_open(struct db *db, const char *sql, int nparams, const char *const *params,
                    struct db_error *err);
/* Up to n rows from row `from` (0-based). Caller frees the result. */
struct db_result *db_cursor_fetch(struct db *db, long from, int n, struct db_error *err);
/* How many of the n rows after row `from` exist (counting without fetching); -1 on error. */
long db_cursor_move(struct db *db, long from, long n, struct db_error *err);
/* Ends the cursor and its transaction; safe when none is open. */
void db_cursor_close(struct db *db);

#endif
