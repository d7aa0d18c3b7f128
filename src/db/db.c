/* db.c: the only file that talks to libpq. See db.h for the contracts. */
#include "polka/db.h"

#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db_query.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "dberr.h"

struct db {
    PGconn *conn;
    bool reconnected;
    bool async_failed; /* db_receive: the statement failed (its rows are no longer given) */
    char *refused;     /* the server refused this login on reconnecting: why, in words */
    char **channels;   /* LISTENed on, again after every reconnect */
    size_t nchannels;
    bool renewed;    /* a reconnect LISTENed again (what was announced meanwhile is lost) */
    char **prepared; /* the statements prepared on this session (polka_N: the N-th), by text */
    size_t nprepared;
    /* Notifications taken from libpq (which forgets them on a reconnect), oldest first. */
    struct note {
        char *channel, *payload;
    } * notes;
    size_t nnotes;
};

struct db_result {
    PGresult *res;
};

static void fill_from_result(struct db_error *err, const PGresult *res)
{
    const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    db_error_clear(err);
    snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", st ? st : "");
    err->primary = xstrdup(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
    err->detail = xstrdup(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
    err->hint = xstrdup(PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
    err->constraint = xstrdup(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME));
    err->column = xstrdup(PQresultErrorField(res, PG_DIAG_COLUMN_NAME));
    if (!err->primary)
        err->primary = xstrdup(PQresultErrorMessage(res));
    dberr_classify(err);
}

static void fill_connection(struct db_error *err, enum db_errkind kind, const char *msg)
{
    db_error_clear(err);
    snprintf(err->sqlstate, sizeof(err->sqlstate), "08006");
    err->primary = xstrdup(msg);
    if (err->primary) { /* libpq messages end with a newline */
        size_t n = strlen(err->primary);
        while (n > 0 && (err->primary[n - 1] == '\n' || err->primary[n - 1] == ' '))
            err->primary[--n] = '\0';
    }
    err->kind = kind;
    dberr_classify(err);
}

/* Server notices ("relation already exists, skipping") are for developers: written to stderr
 * they would scribble over the curses screen, so they are dropped. */
static void drop_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* A new connection as a struct db; on failure NULL with err (a login or connection error). */
static struct db *wrap_conn(PGconn *conn, struct db_error *err)
{
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        const char *msg = conn ? PQerrorMessage(conn) : "out of memory";
        fill_connection(err, dberr_login_kind(msg), msg);
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, drop_notice, NULL);
    struct db *db = xcalloc(1, sizeof(*db));
    db->conn = conn;
    return db;
}

struct db *db_open(const char *conninfo, const char *user, const char *password,
                   struct db_error *err)
{
    const char *keys[7], *vals[7];
    int n = 0;
    if (!str_empty(conninfo)) {
        keys[n] = "dbname";
        vals[n++] = conninfo;
    }
    if (!str_empty(user)) {
        keys[n] = "user";
        vals[n++] = user;
    }
    if (password) {
        keys[n] = "password";
        vals[n++] = password;
    }
    if (password && !*password) {
        /* A person who typed no password logs in with none: never one from a password file
         * (libpq would read PGPASSFILE for an empty password). */
        keys[n] = "passfile";
        vals[n++] = "/dev/null";
    }
    keys[n] = "application_name";
    vals[n++] = "polka";
    keys[n] = "client_encoding";
    vals[n++] = "UTF8";
    keys[n] = NULL;
    vals[n] = NULL;

    /* libpq's own messages stay English: we classify them by text (a failed connection has
     * no SQLSTATE) and show our translated sentence; the raw text is for support. */
    setenv("PGLOCALEDIR", "/nonexistent/polka-keeps-libpq-english", 0);
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    return wrap_conn(conn, err);
}

/* A new session has none of the statements prepared on the old one. */
static void forget_prepared(struct db *db)
{
    for (size_t i = 0; i < db->nprepared; i++)
        free(db->prepared[i]);
    free(db->prepared);
    db->prepared = NULL;
    db->nprepared = 0;
}

void db_close(struct db **db)
{
    if (!db || !*db)
        return;
    PQfinish((*db)->conn);
    free((*db)->refused);
    for (size_t i = 0; i < (*db)->nchannels; i++)
        free((*db)->channels[i]);
    free((*db)->channels);
    forget_prepared(*db);
    for (size_t i = 0; i < (*db)->nnotes; i++) {
        free((*db)->notes[i].channel);
        free((*db)->notes[i].payload);
    }
    free((*db)->notes);
    xfree(db);
}

const char *db_user(const struct db *db)
{
    return PQuser(db->conn);
}

const char *db_dbname(const struct db *db)
{
    return PQdb(db->conn);
}

bool db_connected(const struct db *db)
{
    return db && PQstatus(db->conn) == CONNECTION_OK;
}

bool db_reconnected(struct db *db)
{
    bool r = db->reconnected;
    db->reconnected = false;
    return r;
}

const char *db_session_refused(const struct db *db)
{
    return db ? db->refused : NULL;
}

/* The most notifications kept unread: past it the oldest go (a screen that never waits for a
 * key while a channel is busy must not grow without end). */
enum { NOTES_MAX = 1000 };

/* What libpq has received of notifications, into db's own list: libpq forgets them when the
 * connection is reset. Called before every reset and whenever they are asked for. */
static void keep_notifies(struct db *db)
{
    PGnotify *n;
    while ((n = PQnotifies(db->conn)) != NULL) {
        if (db->nnotes == NOTES_MAX) {
            free(db->notes[0].channel);
            free(db->notes[0].payload);
            memmove(db->notes, db->notes + 1, (db->nnotes - 1) * sizeof(*db->notes));
            db->nnotes--;
        }
        db->notes = xrealloc(db->notes, (db->nnotes + 1) * sizeof(*db->notes));
        db->notes[db->nnotes].channel = xstrdup(n->relname);
        db->notes[db->nnotes].payload = xstrdup(n->extra);
        db->nnotes++;
        PQfreemem(n);
    }
}

/* LISTEN on channel; false with err. */
static bool listen_on(struct db *db, const char *channel, struct db_error *err)
{
    char *id = PQescapeIdentifier(db->conn, channel, strlen(channel));
    if (!id) {
        if (err)
            fill_connection(err, DBE_CONNECTION, PQerrorMessage(db->conn));
        return false;
    }
    char *sql = xasprintf("LISTEN %s", id);
    PQfreemem(id);
    PGresult *res = PQexec(db->conn, sql);
    free(sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok && err)
        fill_from_result(err, res);
    PQclear(res);
    return ok;
}

/* After a failure: if the connection is gone, try once to get it back. A login the server
 * now refuses (blocked, the password changed) ends the session: said by db_session_refused. */
static bool lost_and_reset(struct db *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK)
        return false;
    keep_notifies(db);
    PQreset(db->conn);
    forget_prepared(db);
    if (PQstatus(db->conn) == CONNECTION_OK) {
        db->reconnected = true;
        /* A new session listens to nothing: the channels again, and whoever listens told
         * that what was announced meanwhile never came. */
        for (size_t i = 0; i < db->nchannels; i++)
            listen_on(db, db->channels[i], NULL);
        db->renewed = db->nchannels > 0;
    } else if (!db->refused && dberr_login_kind(PQerrorMessage(db->conn)) == DBE_LOGIN) {
        struct db_error err = {0};
        fill_connection(&err, DBE_LOGIN, PQerrorMessage(db->conn));
        db->refused = xstrdup(db_error_message(&err));
        db_error_clear(&err);
    }
    return true;
}

/* The connection is gone and did not come back. */
static void fill_lost(struct db_error *err, struct db *db)
{
    fill_connection(err, db->refused ? DBE_LOGIN : DBE_CONNECTION, PQerrorMessage(db->conn));
}

/* A statement failed: because the connection went (said so), or as the server said. */
static void fill_failed(struct db_error *err, struct db *db, const PGresult *res)
{
    if (lost_and_reset(db))
        fill_lost(err, db);
    else
        fill_from_result(err, res);
}

struct db_result *db_exec(struct db *db, const char *sql, int nparams, const char *const *params,
                          bool retry_read, struct db_error *err)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        PGresult *res = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
            struct db_result *r = xmalloc(sizeof(*r));
            r->res = res;
            return r;
        }
        if (lost_and_reset(db)) {
            PQclear(res);
            if (retry_read && db->reconnected)
                continue;
            fill_lost(err, db);
            return NULL;
        }
        fill_from_result(err, res);
        PQclear(res);
        return NULL;
    }
    fill_lost(err, db);
    return NULL;
}

/* Reads and drops whatever results are still pending on the connection. */
static void drain(PGconn *conn)
{
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL)
        PQclear(res);
}

/* Asks the server to cancel the statement running on db's connection. */
static void cancel_running(struct db *db)
{
    PGcancel *cancel = PQgetCancel(db->conn);
    char buf[256];
    if (cancel) {
        PQcancel(cancel, buf, sizeof(buf));
        PQfreeCancel(cancel);
    }
}

/* One single-row result to the callback (its values and column names). */
static bool give_row(const PGresult *res, db_row_fn row, void *ctx)
{
    const char *stack[64], *name_stack[64];
    int nc = PQnfields(res);
    bool small = nc <= (int)ARRAY_SIZE(stack);
    const char **vals = small ? stack : xmalloc(nc * sizeof(*vals));
    const char **names = small ? name_stack : xmalloc(nc * sizeof(*names));
    for (int c = 0; c < nc; c++) {
        vals[c] = PQgetisnull(res, 0, c) ? NULL : PQgetvalue(res, 0, c);
        names[c] = PQfname(res, c);
    }
    bool go = row(ctx, nc, names, vals);
    if (!small) {
        free(vals);
        free(names);
    }
    return go;
}

/* A statement sent (sent: what libpq's send said): its rows to come one at a time; not sent,
 * the connection is gone. */
static bool rows_coming(struct db *db, int sent, struct db_error *err)
{
    db->async_failed = false;
    if (!sent) {
        lost_and_reset(db);
        fill_lost(err, db);
        return false;
    }
    PQsetSingleRowMode(db->conn);
    return true;
}

bool db_send(struct db *db, const char *sql, int nparams, const char *const *params,
             struct db_error *err)
{
    return rows_coming(db, PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0),
                       err);
}

bool db_send_prepared(struct db *db, const char *sql, int nparams, const char *const *params,
                      struct db_error *err)
{
    char name[32];
    size_t i = 0;
    while (i < db->nprepared && strcmp(db->prepared[i], sql) != 0)
        i++;
    snprintf(name, sizeof(name), "polka_%zu", i);
    if (i == db->nprepared) {
        PGresult *res = PQprepare(db->conn, name, sql, nparams, NULL);
        bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok)
            fill_failed(err, db, res);
        PQclear(res);
        if (!ok)
            return false;
        db->prepared = xrealloc(db->prepared, (db->nprepared + 1) * sizeof(*db->prepared));
        db->prepared[db->nprepared++] = xstrdup(sql);
    }
    return rows_coming(db, PQsendQueryPrepared(db->conn, name, nparams, params, NULL, NULL, 0),
                       err);
}

int db_receive(struct db *db, db_row_fn row, void *ctx, int max, bool wait, struct db_error *err)
{
    for (int n = 0; max <= 0 || n < max;) {
        /* Read from the socket only when what was read is used up: each read moves the rest
         * of libpq's buffer, and a whole catalog may be in it. */
        if (PQisBusy(db->conn) && !PQconsumeInput(db->conn)) {
            lost_and_reset(db);
            fill_lost(err, db);
            return -1;
        }
        if (PQisBusy(db->conn)) {
            if (!wait)
                return 1;
            struct pollfd pfd = {.fd = PQsocket(db->conn), .events = POLLIN};
            poll(&pfd, 1, -1);
            continue;
        }
        PGresult *res = PQgetResult(db->conn);
        if (!res) {
            /* Failed because the connection went: said as db_stream says it. */
            if (db->async_failed && lost_and_reset(db))
                fill_lost(err, db);
            return db->async_failed ? -1 : 0;
        }
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE && !db->async_failed) {
            give_row(res, row, ctx);
            n++;
        } else if (st == PGRES_FATAL_ERROR && !db->async_failed) {
            db->async_failed = true;
            fill_from_result(err, res);
        }
        PQclear(res);
    }
    return 1;
}

void db_wait(struct db *db, int ms)
{
    struct pollfd pfd = {.fd = PQsocket(db->conn), .events = POLLIN};
    poll(&pfd, 1, ms);
}

void db_abandon(struct db *db)
{
    cancel_running(db);
    drain(db->conn);
}

bool db_stream(struct db *db, const char *sql, int nparams, const char *const *params,
               db_row_fn row, void *ctx, struct db_error *err)
{
    if (!PQsendQueryParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0)) {
        lost_and_reset(db);
        fill_lost(err, db);
        return false;
    }
    PQsetSingleRowMode(db->conn);
    bool ok = true, stopped = false;
    PGresult *res;
    while ((res = PQgetResult(db->conn)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_SINGLE_TUPLE && !stopped) {
            if (!give_row(res, row, ctx)) {
                stopped = true;
                cancel_running(db);
            }
        } else if (st == PGRES_FATAL_ERROR && ok) {
            const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            if (!(stopped && code && strcmp(code, "57014") == 0)) {
                ok = false;
                fill_from_result(err, res);
            }
        }
        PQclear(res);
    }
    if (!ok && lost_and_reset(db)) {
        fill_lost(err, db);
    }
    drain(db->conn);
    return ok;
}

bool db_script(struct db *db, const char *sql, struct db_error *err)
{
    PGresult *res = PQexec(db->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    if (!ok)
        fill_failed(err, db, res);
    PQclear(res);
    drain(db->conn);
    return ok;
}

int db_rows(const struct db_result *r)
{
    return PQntuples(r->res);
}

int db_cols(const struct db_result *r)
{
    return PQnfields(r->res);
}

const char *db_value(const struct db_result *r, int row, int col)
{
    if (row < 0 || row >= PQntuples(r->res) || col < 0 || col >= PQnfields(r->res))
        return NULL;
    return PQgetisnull(r->res, row, col) ? NULL : PQgetvalue(r->res, row, col);
}

const char *db_colname(const struct db_result *r, int col)
{
    return PQfname(r->res, col);
}

void db_result_free(struct db_result **r)
{
    if (!r || !*r)
        return;
    PQclear((*r)->res);
    xfree(r);
}

/* ---- notifications ---- */

bool db_listen(struct db *db, const char *channel, struct db_error *err)
{
    for (size_t i = 0; i < db->nchannels; i++)
        if (strcmp(db->channels[i], channel) == 0)
            return true;
    if (!listen_on(db, channel, err)) {
        if (!lost_and_reset(db))
            return false; /* refused: err says why */
        if (PQstatus(db->conn) != CONNECTION_OK) {
            fill_lost(err, db);
            return false;
        }
        db_error_clear(err);
        if (!listen_on(db, channel, err))
            return false;
    }
    db->channels = xrealloc(db->channels, (db->nchannels + 1) * sizeof(*db->channels));
    db->channels[db->nchannels++] = xstrdup(channel);
    return true;
}

int db_socket(const struct db *db)
{
    return db && PQstatus(db->conn) == CONNECTION_OK ? PQsocket(db->conn) : -1;
}

bool db_consume(struct db *db)
{
    if (PQstatus(db->conn) != CONNECTION_OK)
        return false;
    if (!PQconsumeInput(db->conn)) {
        keep_notifies(db); /* what came before the end is kept */
        return false;
    }
    keep_notifies(db);
    return true;
}

bool db_notification(struct db *db, char **channel, char **payload)
{
    keep_notifies(db);
    if (!db->nnotes)
        return false;
    *channel = db->notes[0].channel;
    *payload = db->notes[0].payload;
    memmove(db->notes, db->notes + 1, (db->nnotes - 1) * sizeof(*db->notes));
    db->nnotes--;
    return true;
}

bool db_listen_renewed(struct db *db)
{
    bool r = db->renewed;
    db->renewed = false;
    return r;
}

bool db_idle(const struct db *db)
{
    return PQstatus(db->conn) == CONNECTION_OK && PQtransactionStatus(db->conn) == PQTRANS_IDLE &&
           !PQisBusy(db->conn);
}

/* ---- a second connection, a scrollable cursor ---- */

struct db *db_clone(struct db *db, const char *extra, struct db_error *err)
{
    PQconninfoOption *cur = PQconninfo(db->conn), *add = NULL;
    if (!cur) {
        fill_connection(err, DBE_CONNECTION, "out of memory");
        return NULL;
    }
    if (!str_empty(extra)) {
        char *perr = NULL;
        add = PQconninfoParse(extra, &perr);
        if (!add) {
            fill_connection(err, DBE_CONNECTION, perr ? perr : "bad connection string");
            PQfreemem(perr);
            PQconninfoFree(cur);
            return NULL;
        }
    }
    size_t n = 0;
    for (PQconninfoOption *o = cur; o->keyword; o++)
        n++;
    const char **keys = xcalloc(n + 2, sizeof(char *)), **vals = xcalloc(n + 2, sizeof(char *));
    size_t k = 0;
    for (PQconninfoOption *o = cur; o->keyword; o++) {
        const char *v = o->val;
        for (PQconninfoOption *a = add; a && a->keyword; a++)
            if (a->val && strcmp(a->keyword, o->keyword) == 0)
                v = a->val;
        if (v) {
            keys[k] = o->keyword;
            vals[k++] = v;
        }
    }
    PGconn *conn = PQconnectdbParams(keys, vals, 0);
    free(keys);
    free(vals);
    PQconninfoFree(cur);
    PQconninfoFree(add);
    return wrap_conn(conn, err);
}

bool db_cursor_open(struct db *db, const char *sql, int nparams, const char *const *params,
                    struct db_error *err)
{
    struct db_result *r =
        db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, true, err);
    if (!r)
        return false;
    db_result_free(&r);
    size_t len = strlen(sql) + 64;
    char *declare = xmalloc(len);
    snprintf(declare, len, "DECLARE polka_view SCROLL CURSOR FOR %s", sql);
    r = db_exec(db, declare, nparams, params, false, err);
    free(declare);
    if (!r) {
        db_cursor_close(db);
        return false;
    }
    db_result_free(&r);
    return true;
}

/* Puts the cursor before row `from` (0-based). A count is no value: it is our own number. */
static bool cursor_at(struct db *db, long from, struct db_error *err)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "MOVE ABSOLUTE %ld IN polka_view", from < 0 ? 0 : from);
    struct db_result *r = db_exec(db, sql, 0, NULL, false, err);
    bool ok = r != NULL;
    db_result_free(&r);
    return ok;
}

struct db_result *db_cursor_fetch(struct db *db, long from, int n, struct db_error *err)
{
    if (!cursor_at(db, from, err))
        return NULL;
    char sql[96];
    snprintf(sql, sizeof(sql), "FETCH FORWARD %d FROM polka_view", n < 1 ? 1 : n);
    return db_exec(db, sql, 0, NULL, false, err);
}

long db_cursor_move(struct db *db, long from, long n, struct db_error *err)
{
    if (!cursor_at(db, from, err))
        return -1;
    char sql[96];
    snprintf(sql, sizeof(sql), "MOVE FORWARD %ld IN polka_view", n < 1 ? 1 : n);
    struct db_result *r = db_exec(db, sql, 0, NULL, false, err);
    if (!r)
        return -1;
    long moved = atol(PQcmdTuples(r->res));
    db_result_free(&r);
    return moved;
}

void db_cursor_close(struct db *db)
{
    if (db && PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
        PGresult *res = PQexec(db->conn, "ROLLBACK");
        PQclear(res);
    }
}
