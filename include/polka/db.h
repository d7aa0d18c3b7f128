/* db.h: the one seam to PostgreSQL, its session half: connecting, who is logged in, and the
 * errors every layer shows. Only src/db/ includes libpq-fe.h; everything above sees these
 * opaque types. Statements are in db_query.h, for src/db and src/domain only (the layers test
 * keeps screens from it). Every failure becomes a struct db_error whose `kind` decides what
 * the user reads. */
#ifndef POLKA_DB_H
#define POLKA_DB_H

#include <stdbool.h>

struct db;

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
    char *words; /* our SQL function's sentence in the user's language (NULL: not one); owned */
};

/* Connects. `conninfo` may be NULL, a key=value string or a URI; PG* variables, PGSERVICE and
 * pg_service.conf apply as in psql. `user`/`password` (may be NULL) override conninfo; an
 * empty password is none at all (never one from a password file). On failure
 * returns NULL and fills err (kind DBE_LOGIN or DBE_CONNECTION). Caller frees with db_close. */
struct db *db_open(const char *conninfo, const char *user, const char *password,
                   struct db_error *err);
void db_close(struct db **db);

const char *db_user(const struct db *db); /* the role we are logged in as */
const char *db_dbname(const struct db *db);
bool db_connected(const struct db *db); /* as of the last call */
bool db_reconnected(struct db *db);     /* true once after a reconnect happened */
/* NULL, or why the server refused this login when the connection was lost and tried again
 * (blocked by an administrator, the password changed): the session is over. */
const char *db_session_refused(const struct db *db);

/* Notifications (LISTEN/NOTIFY): whatever statement they come with, they are kept until asked
 * for, also across a reconnect. */
/* LISTEN on channel (a fixed name), now and after every reconnect; false with err. */
bool db_listen(struct db *db, const char *channel, struct db_error *err);
/* The connection's socket to wait on (poll) for what the server sends; -1 when it is lost. */
int db_socket(const struct db *db);
/* Reads what the server sent meanwhile, never waiting; false when the connection is lost (it
 * is tried again by the next statement). */
bool db_consume(struct db *db);
/* The oldest notification kept: its channel and payload (the caller frees both); false when
 * none. */
bool db_notification(struct db *db, char **channel, char **payload);
/* True once after a reconnect LISTENed again: what was announced while the connection was
 * gone never came (read again what the notifications stand for). */
bool db_listen_renewed(struct db *db);
/* Connected, no statement under way, no transaction open: a query now neither waits for
 * another nor reads an old snapshot. */
bool db_idle(const struct db *db);

/* The text the user reads for err (translated); never NULL. */
const char *db_error_message(const struct db_error *err);
/* Whether the refusal names a constraint with a sentence of its own (db_error_message is it). */
bool db_error_has_sentence(const struct db_error *err);
/* What the database said, to show after db_error_message: one of our SQL functions' sentences
 * in the user's language (which agreement, which dates), or, in an English UI, the server's
 * own words; NULL when there is nothing the user could read. */
const char *db_error_words(const struct db_error *err);
/* Text the database wrote from its own sentences ("#1 (ORD-5): agreement A-1 is not in force
 * on 2029-12-31; #2 ..."), in the user's language: each part between "; " that is one of our
 * SQL functions' sentences, whole or after a "LABEL: " prefix, translated with its values put
 * back; the rest as it is. Caller frees. */
char *db_sentences_words(const char *text);
/* Raw details for support: SQLSTATE, primary, detail, hint, constraint. Caller frees. */
char *db_error_details(const struct db_error *err);
void db_error_clear(struct db_error *err);

/* A second connection with the same login and database as db, the options of `extra` (may be
 * NULL: a libpq connection string, e.g. "host=replica target_session_attrs=prefer-standby")
 * on top. NULL with err on failure. Caller frees with db_close. */
struct db *db_clone(struct db *db, const char *extra, struct db_error *err);

#endif
