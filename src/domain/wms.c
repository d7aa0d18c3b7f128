/* wms.c: see domain/wms.h. The files are the database's text (polka.wms_tasks) written as
 * they are, and read whole (at most 8 MB, valid UTF-8) for polka.wms_import, which checks
 * every line; a file is moved only after the database answered. */
#include "polka/domain/wms.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "polka/domain.h"
#include "polka/domain/folder.h"
#include "polka/i18n.h"
#include "polka/text.h"

enum { WMS_MAX_FILE = 8 * 1000 * 1000 };

bool wms_write_file(const char *dir, const char *name, const char *text, struct strbuf *log)
{
    return folder_write(dir, name, text, strlen(text), log);
}

bool wms_export(struct db *db, const char *dir, const char *day, struct wms_result *res,
                struct db_error *err)
{
    struct rowset trips = {0};
    const char *p[1] = {day};
    if (!rows_fetch(db, "SELECT id, number, file FROM polka.wms_trips($1::date)", 1, p, &trips,
                    err))
        return false;
    /* The folder is made when missing (its parent must exist): a clerk types a new one. */
    bool ok = !trips.n || mkdir(dir, 0755) == 0 || errno == EEXIST;
    if (!ok)
        strbuf_printf(&res->log, _("%s: not written: %s\n"), dir, strerror(errno));
    for (size_t i = 0; ok && i < trips.n; i++) {
        const struct record *t = trips.rows[i];
        const char *q[1] = {record_get(t, "id")};
        char *text = value_fetch(db, "SELECT polka.wms_tasks($1::bigint)", 1, q, false, err);
        if (!text) {
            ok = false;
            break;
        }
        char *name = xasprintf("%s.tasks.tsv", record_get(t, "file"));
        if (wms_write_file(dir, name, text, &res->log)) {
            res->done++;
            strbuf_printf(&res->log, _("%s: the tasks of trip %s\n"), name,
                          record_get(t, "number"));
        } else {
            ok = false;
        }
        free(name);
        free(text);
    }
    if (ok && !trips.n)
        strbuf_printf(&res->log, "%s\n", _("No trip is being picked: nothing to send."));
    rowset_clear(&trips);
    return ok;
}

/* The file's text, or NULL with why (too big, not UTF-8, unreadable) in *why. */
static char *read_facts(const char *path, char **why)
{
    struct stat sb;
    if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *why = xstrdup(_("not a regular file"));
        return NULL;
    }
    if (sb.st_size > WMS_MAX_FILE) {
        *why = xstrdup(_("the file is larger than 8 MB"));
        return NULL;
    }
    size_t len = 0;
    char *text = util_read_file(path, &len);
    if (!text) {
        *why = xstrdup(strerror(errno));
        return NULL;
    }
    if (strlen(text) != len || !text_utf8_valid(text, len)) {
        *why = xstrdup(_("the file is not UTF-8 text"));
        free(text);
        return NULL;
    }
    return text;
}

/* A refused file: moved to bad/, its reason beside it as NAME.error. */
static void refuse(const char *dir, const char *name, const char *why, struct wms_result *res)
{
    if (folder_refuse(dir, name, why, &res->log))
        res->bad++;
    else
        res->kept++;
    strbuf_printf(&res->log, _("%s: refused: %s\n"), name, why);
}

static void import_one(struct db *db, const char *dir, const char *name, struct wms_result *res)
{
    char *path = xasprintf("%s/%s", dir, name), *why = NULL;
    char *text = read_facts(path, &why);
    free(path);
    if (!text) {
        refuse(dir, name, why, res);
        free(why);
        return;
    }
    const char *p[2] = {name, text};
    struct record row = {0};
    struct db_error err = {0};
    if (!row_fetch(db, "SELECT import_id, trip, picks, again FROM polka.wms_import($1, $2)", 2, p,
                   false, &row, &err)) {
        const char *words = db_error_words(&err);
        char *msg =
            xasprintf("%s%s%s", db_error_message(&err), words ? " " : "", words ? words : "");
        if (err.kind == DBE_INVALID || err.kind == DBE_NOT_FOUND) {
            refuse(dir, name, msg, res);
        } else {
            res->kept++;
            strbuf_printf(&res->log, _("%s: left in place: %s\n"), name, msg);
        }
        free(msg);
        db_error_clear(&err);
    } else if (folder_move_into(dir, "done", name, &res->log)) {
        bool again = str_eq(record_get(&row, "again"), "t");
        if (again)
            res->again++;
        else
            res->done++;
        strbuf_printf(&res->log,
                      again ? _("%s: imported before (trip %s, %s picks): nothing changed\n")
                            : _("%s: trip %s, %s picks imported\n"),
                      name, record_get(&row, "trip"), record_get(&row, "picks"));
    } else {
        res->kept++;
    }
    record_clear(&row);
    free(text);
}

bool wms_import_dir(struct db *db, const char *dir, struct wms_result *res)
{
    /* Whether this person may, before any file is looked at: a refusal moves nothing. */
    struct db_error err = {0};
    char *may = value_fetch(db, "SELECT polka.wms_rights_check()::text", 0, NULL, false, &err);
    if (!may) {
        const char *words = db_error_words(&err);
        strbuf_printf(&res->log, "%s%s%s\n", db_error_message(&err), words ? " " : "",
                      words ? words : "");
        db_error_clear(&err);
        return false;
    }
    free(may);
    size_t n = 0;
    char **names = folder_names(dir, ".facts.tsv", &n, &res->log);
    if (!names)
        return false;
    for (size_t i = 0; i < n; i++) {
        import_one(db, dir, names[i], res);
    }
    folder_names_free(names, n);
    if (!n)
        strbuf_printf(&res->log, "%s\n", _("No picking facts to import."));
    return true;
}

void wms_result_free(struct wms_result *res)
{
    strbuf_release(&res->log);
}
