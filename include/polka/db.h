/* db.h: the one seam to PostgreSQL. Only src/db/ includes libpq-fe.h; everything above sees
 * these opaque types. Values always travel as parameters (text format), never in SQL text.
 * Every failure becomes a struct db_error whose `kind` decides what the user reads. */
#ifndef POLKA_DB_H
#define POLKA_DB_H

#include <stdbool.h>

struct db;
struct db_result;

enum db_errkind {
    DBE_NONE = 0,
    DBE_CONNECTION, /* 08xxx, or the connection dropped: reconnect was attempted */
    DBE_LOGIN,      /* could not log in: wrong password, no such role, role cannot log in */
    DBE_DUPLICATE,  /* 23505 */
    DBE_REFERENCED, /* 23503 */
    DBE_INVALID,    /* 22xxx, 23502, 23514, P0001 raised by our functions */
    DBE_PERMISSION, /* 42501 */
    DBE_RETRY,      /* 40001, 40P01: try again */
    DBE_CHANGED,    /* PLK01: someone else changed the record */
    DBE_NOT_FOUND,  /* P0002 */
    DBE_CANCELLED,  /* 57014: the user cancelled */
    DBE_OTHER,
};

struct db_error {
    enum db_errkind kind;
    char sqlstate[6];
    char *primary, *detail, *hint, *constraint, *column; /* owned; may be NULL */
    char *user_message;                                  /* translated text for the user; owned */
};

/* Connects. `conninfo` may be NULL, a key=value string or a URI; PG* variables, PGSERVICE and
 * pg_service.conf apply as in psql. `user`/`password` (may be NULL) override conninfo. On failure
 * returns NULL and fills err (kind DBE_LOGIN or DBE_CONNECTION). Caller frees with db_close. */
struct db *db_open(const char *conninfo, const char *user, const char *password,
                   struct db_error *err);
void db_close(struct db **db);

const char *db_user(const struct db *db); /* the role we are logged in as */
const char *db_dbname(const struct db *db);
bool db_connected(const struct db *db); /* as of the last call */
bool db_reconnected(struct db *db);     /* true once after a reconnect happened */

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

int db_rows(const struct db_result *r);
int db_cols(const struct db_result *r);
/* NULL for SQL NULL; "" for empty text. Valid until db_result_free. */
const char *db_value(const struct db_result *r, int row, int col);
const char *db_colname(const struct db_result *r, int col);
void db_result_free(struct db_result **r);

/* The text the user reads for err (translated); never NULL. */
const char *db_error_message(const struct db_error *err);
/* Raw details for support: SQLSTATE, primary, detail, hint, constraint. Caller frees. */
char *db_error_details(const struct db_error *err);
void db_error_clear(struct db_error *err);

/* A second connection with the same login and database as db, the options of `extra` (may be
 * NULL: a libpq connection string, e.g. "host=replica target_session_attrs=prefer-standby")
 * on top. NULL with err on failure. Caller frees with db_close. */
struct db *db_clone(struct db *db, const char *extra, struct db_error *err);

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
