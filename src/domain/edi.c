/* edi.c: see domain/edi.h. A file is read whole (at most EDI_MAX_FILE bytes), parsed
 * (edifact.h), each ORDERS message turned into the intake's document (edi_orders.h), and the
 * whole file handed to polka.edi_receive in one call: one transaction records the file by its
 * bytes and receives its messages. The file is moved only after the database answered. */
#include "polka/domain/edi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "polka/codes.h"
#include "polka/domain.h"
#include "polka/edi_orders.h"
#include "polka/edifact.h"
#include "polka/i18n.h"
#include "polka/record.h"

/* The file's bytes, or NULL with why. */
static char *read_file(const char *path, size_t *len, char **why)
{
    struct stat sb;
    if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        *why = xstrdup(_("not a regular file"));
        return NULL;
    }
    if (sb.st_size > EDI_MAX_FILE) {
        *why = xasprintf(_("the file is larger than %d MB"), EDI_MAX_FILE / 1000 / 1000);
        return NULL;
    }
    char *buf = util_read_file(path, len);
    if (!buf)
        *why = xstrdup(strerror(errno));
    return buf;
}

static char *hex(const char *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char *out = xmalloc(2 * len + 1);
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[(unsigned char)buf[i] >> 4];
        out[2 * i + 1] = digits[(unsigned char)buf[i] & 15];
    }
    out[2 * len] = '\0';
    return out;
}

/* A message that cannot be taken, as edi_receive's {ref, segment, error}. */
static void failed_message(struct strbuf *msgs, const char *ref, size_t segment, const char *why)
{
    char *r = json_quote(ref ? ref : ""), *w = json_quote(why);
    strbuf_printf(msgs, "{\"ref\":%s,\"segment\":%zu,\"error\":%s}", r, segment, w);
    free(r);
    free(w);
}

/* The messages of a parsed file as edi_receive's p_messages; *kind: the first one's type. */
static void messages_json(const struct edi_file *f, struct strbuf *msgs, const char **kind)
{
    strbuf_puts(msgs, "[");
    for (size_t i = 0; i < f->nmessages; i++) {
        const struct edi_message *m = &f->messages[i];
        const struct edi_interchange *ic = &f->interchanges[edi_message_interchange(f, i)];
        if (i)
            strbuf_puts(msgs, ",");
        if (!*kind && m->type && strlen(m->type) == 6)
            *kind = m->type;
        struct edi_error err = {0};
        size_t mark = msgs->len;
        if (m->problem || ic->problem) {
            failed_message(msgs, m->ref, m->problem ? m->last + 1 : ic->last + 1,
                           m->problem ? m->problem : ic->problem);
        } else if (str_eq(m->type, "ORDERS")) {
            strbuf_puts(msgs, "{\"doc\":");
            if (edi_orders_json(f, i, msgs, &err)) {
                strbuf_puts(msgs, "}");
            } else {
                msgs->len = mark; /* the half-written document out */
                msgs->buf[mark] = '\0';
                char *why = xasprintf("%s %s: %s", err.tag, _("segment"), err.why);
                failed_message(msgs, m->ref, err.segment, why);
                free(why);
            }
        } else {
            char *why = xasprintf(_("Polka does not take %s messages"), m->type ? m->type : "?");
            failed_message(msgs, m->ref, m->first + 1, why);
            free(why);
        }
    }
    strbuf_puts(msgs, "]");
}

/* What became of each message, in words. */
static void say_messages(const char *name, const struct rowset *rows, struct edi_poll_result *res)
{
    for (size_t i = 0; i < rows->n; i++) {
        const struct record *r = rows->rows[i];
        const char *state = record_get(r, "state"), *number = record_get(r, "number");
        if (!state)
            continue;
        if (str_eq(state, "failed")) {
            res->failed++;
            strbuf_printf(&res->log, _("%s: message %s refused: %s\n"), name,
                          record_get(r, "ref") ? record_get(r, "ref") : "?",
                          record_get(r, "error"));
        } else if (str_eq(record_get(r, "replayed"), "true")) {
            res->replayed++;
            strbuf_printf(&res->log, _("%s: order %s received before: nothing changed\n"), name,
                          number);
        } else if (str_eq(state, "accepted")) {
            res->orders++;
            strbuf_printf(&res->log, _("%s: order %s taken as order %s\n"), name, number,
                          record_get(r, "order_number"));
        } else {
            res->attention++;
            struct strbuf words = {0};
            char *codes = xstrdup(record_get(r, "problems") ? record_get(r, "problems") : "");
            char *save = NULL;
            for (char *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save))
                strbuf_printf(&words, "%s%s", words.len ? ", " : "",
                              code_label("intake_problem", c));
            strbuf_printf(&res->log, _("%s: order %s needs attention: %s\n"), name, number,
                          words.buf ? words.buf : "");
            strbuf_release(&words);
            free(codes);
        }
    }
}

static const char receive_sql[] =
    "WITH a AS (SELECT polka.edi_receive($1, $2, $3, $4, $5, $6::jsonb) AS j) "
    "SELECT a.j ->> 'again' AS again, m ->> 'ref' AS ref, m ->> 'number' AS number, "
    "       m ->> 'state' AS state, m ->> 'order_number' AS order_number, "
    "       array_to_string(ARRAY(SELECT jsonb_array_elements_text(m -> 'problems')), ',') AS "
    "problems, "
    "       m ->> 'replayed' AS replayed, m ->> 'error' AS error, m ->> 'segment' AS segment "
    "  FROM a LEFT JOIN LATERAL jsonb_array_elements(a.j -> 'messages') m ON true";

static void receive_one(struct db *db, const char *provider, const char *dir, const char *name,
                        struct edi_poll_result *res)
{
    char *path = xasprintf("%s/%s", dir, name), *why = NULL;
    struct stat sb;
    if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) { /* done/, bad/ */
        free(path);
        return;
    }
    size_t len = 0;
    char *buf = read_file(path, &len, &why);
    free(path);
    if (!buf) {
        if (folder_refuse(dir, name, why, &res->log))
            res->bad++;
        else
            res->kept++;
        strbuf_printf(&res->log, _("%s: refused: %s\n"), name, why);
        free(why);
        return;
    }
    struct edi_file f = {0};
    struct edi_error perr = {0};
    struct strbuf msgs = {0};
    const char *kind = NULL;
    char *file_error = NULL;
    if (edi_parse(buf, len, &f, &perr)) {
        messages_json(&f, &msgs, &kind);
    } else {
        file_error = xasprintf(_("not read: segment %zu (%s), line %zu, byte %zu: %s"),
                               perr.segment, perr.tag, perr.line, perr.offset, perr.why);
        strbuf_puts(&msgs, "[]");
    }
    char *bytes = hex(buf, len);
    const char *p[6] = {provider, name, bytes, kind, file_error, msgs.buf};
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!rows_fetch(db, receive_sql, 6, p, &rows, &err)) {
        const char *words = db_error_words(&err);
        char *msg =
            xasprintf("%s%s%s", db_error_message(&err), words ? " " : "", words ? words : "");
        if (err.kind == DBE_INVALID || err.kind == DBE_NOT_FOUND) {
            if (folder_refuse(dir, name, msg, &res->log))
                res->bad++;
            else
                res->kept++;
            strbuf_printf(&res->log, _("%s: refused: %s\n"), name, msg);
        } else {
            res->kept++;
            strbuf_printf(&res->log, _("%s: left in place: %s\n"), name, msg);
        }
        free(msg);
        db_error_clear(&err);
    } else {
        bool again = rows.n && str_eq(record_get(rows.rows[0], "again"), "true");
        bool moved = file_error ? folder_refuse(dir, name, file_error, &res->log)
                                : folder_move_into(dir, "done", name, &res->log);
        if (moved) {
            if (again) {
                res->again++;
                strbuf_printf(&res->log, _("%s: received before: nothing done\n"), name);
            } else if (file_error) {
                res->bad++;
                strbuf_printf(&res->log, _("%s: refused: %s\n"), name, file_error);
            } else {
                res->files++;
                say_messages(name, &rows, res);
            }
        } else {
            res->kept++;
        }
    }
    rowset_clear(&rows);
    free(bytes);
    free(file_error);
    strbuf_release(&msgs);
    edi_free(&f);
    free(buf);
}

bool edi_poll(struct db *db, const char *provider, struct edi_poll_result *res)
{
    struct rowset providers = {0};
    struct db_error err = {0};
    const char *p[1] = {provider};
    if (!rows_fetch(db,
                    "SELECT polka.intake_rights_check(NULL)::text AS may, code, in_dir "
                    "  FROM polka.edi_provider_list() WHERE $1::text IS NULL OR code = $1",
                    1, p, &providers, &err)) {
        const char *words = db_error_words(&err);
        strbuf_printf(&res->log, "%s%s%s\n", db_error_message(&err), words ? " " : "",
                      words ? words : "");
        db_error_clear(&err);
        return false;
    }
    if (!providers.n)
        strbuf_printf(&res->log, "%s\n",
                      provider ? _("No such active EDI provider.") : _("No active EDI providers."));
    bool any = false;
    for (size_t i = 0; i < providers.n; i++) {
        const char *code = record_get(providers.rows[i], "code");
        const char *dir = record_get(providers.rows[i], "in_dir");
        size_t n = 0;
        char **names = folder_names(dir, "", &n, &res->log);
        if (!names)
            continue;
        any = true;
        for (size_t k = 0; k < n; k++)
            receive_one(db, code, dir, names[k], res);
        folder_names_free(names, n);
    }
    rowset_clear(&providers);
    return any;
}

void edi_poll_result_free(struct edi_poll_result *res)
{
    strbuf_release(&res->log);
}
