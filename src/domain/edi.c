/* edi.c: see domain/edi.h. A file is read whole (at most EDI_MAX_FILE bytes), parsed
 * (edifact.h), each ORDERS message turned into the intake's document (edi_orders.h), and the
 * whole file handed to polka.edi_receive in one call: one transaction records the file by its
 * bytes and receives its messages. The file is moved only after the database answered. */
#include "polka/domain/edi.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/eancom.h"
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
/* Why a message could not be read, naming its segment ("segment LIN: ..."), in words. */
static char *segment_why(const struct edi_error *err)
{
    return err->tag[0] ? xasprintf(_("segment %s: %s"), err->tag, err->why) : xstrdup(err->why);
}

static void failed_message(struct strbuf *msgs, const char *ref, size_t segment, const char *why)
{
    char *r = json_quote(ref ? ref : ""), *w = json_quote(why);
    strbuf_printf(msgs, "{\"ref\":%s,\"segment\":%zu,\"error\":%s}", r, segment, w);
    free(r);
    free(w);
}

/* A RECADV as edi_receive's {recadv: {sender, number, despatch_number, order_number,
 * message_ref, lines [{gtin, buyer_code, accepted, reasons}]}}, or a refusal naming the
 * segment. */
static void recadv_json(const struct edi_file *f, size_t i, struct strbuf *msgs)
{
    const struct edi_message *m = &f->messages[i];
    const struct edi_interchange *ic = &f->interchanges[edi_message_interchange(f, i)];
    struct recadv r = {0};
    struct edi_error err = {0};
    if (!recadv_read(f, i, &r, &err)) {
        char *why = segment_why(&err);
        failed_message(msgs, m->ref, err.segment, why);
        free(why);
        return;
    }
    struct doc d = {0};
    record_set(&d.head, "sender", ic->sender);
    record_set(&d.head, "number", r.number);
    record_set(&d.head, "despatch_number", r.despatch_number);
    record_set(&d.head, "order_number", r.order_number);
    record_set(&d.head, "message_ref", m->ref);
    struct rowset *lines = doc_section(&d, "lines");
    for (size_t k = 0; k < r.nlines; k++) {
        const struct recadv_line *l = &r.lines[k];
        struct strbuf reasons = {0};
        for (size_t q = 0; q < l->nrejections; q++) {
            const struct recadv_rejection *x = &l->rejections[q];
            if (x->discrepancy)
                strbuf_printf(&reasons, "%s%s", reasons.len ? "," : "", x->discrepancy);
            if (x->reason)
                strbuf_printf(&reasons, "%s%s", reasons.len ? "," : "", x->reason);
        }
        struct record *line = xcalloc(1, sizeof(*line));
        record_set(line, "gtin", l->gtin);
        record_set(line, "buyer_code", l->buyer_code);
        record_set(line, "accepted", l->accepted);
        record_set(line, "reasons", reasons.buf);
        rowset_add(lines, line);
        strbuf_release(&reasons);
    }
    char *j = doc_to_json(&d, NULL);
    strbuf_printf(msgs, "{\"recadv\":%s}", j);
    free(j);
    doc_clear(&d);
    recadv_free(&r);
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
                char *why = segment_why(&err);
                failed_message(msgs, m->ref, err.segment, why);
                free(why);
            }
        } else if (str_eq(m->type, "RECADV")) {
            recadv_json(f, i, msgs);
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
            char *why = db_sentences_words(record_get(r, "error"));
            strbuf_printf(&res->log, _("%s: message %s refused: %s\n"), name,
                          record_get(r, "ref") ? record_get(r, "ref") : "?", why);
            free(why);
        } else if (str_eq(state, "recadv")) {
            res->advices++;
            if (str_eq(record_get(r, "replayed"), "true"))
                strbuf_printf(&res->log,
                              _("%s: receiving advice %s received before: nothing changed\n"), name,
                              number);
            else if (str_eq(record_get(r, "outcome"), "corrected"))
                strbuf_printf(&res->log, _("%s: receiving advice %s: document %s corrected (%s)\n"),
                              name, number, record_get(r, "document"), record_get(r, "correction"));
            else
                strbuf_printf(&res->log,
                              _("%s: receiving advice %s: document %s accepted as shipped\n"), name,
                              number, record_get(r, "document"));
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
            char *words = intake_problem_words(record_get(r, "problems"));
            strbuf_printf(&res->log, _("%s: order %s needs attention: %s\n"), name, number, words);
            free(words);
        }
    }
}

/* Where the answers go and who we are: the provider's outbound folder, our GLN (setting
 * company_gln; NULL: nothing is answered, said once). */
struct answers {
    struct db *db;
    const char *provider, *out_dir, *our_gln;
    struct edi_poll_result *res;
};

static void stamp(char date[11], char hhmm[6])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(date, 11, "%Y-%m-%d", &tm);
    strftime(hhmm, 6, "%H:%M", &tm);
}

/* Finishes w (freed), writes it to the outbound folder as name and records it (what, ref):
 * false, said in the log, when the builder refused, the folder or the database failed. A
 * file written whose record failed goes out again next time (chains take a message again by
 * its number). */
static bool ship(struct answers *a, struct edi_writer *w, const char *what, const char *ref,
                 const char *kind, const char *name)
{
    size_t len = 0;
    char *bytes = edi_write_finish(w, &len);
    bool ok = bytes != NULL;
    if (!ok)
        strbuf_printf(&a->res->log, _("%s: not written: %s\n"), name, w->why);
    ok = ok && folder_write(a->out_dir, name, bytes, len, &a->res->log);
    if (ok) {
        char *h = hex(bytes, len);
        const char *p[6] = {what, ref, a->provider, kind, name, h};
        struct db_error err = {0};
        char *v = value_fetch(a->db, "SELECT polka.edi_sent($1, $2::bigint, $3, $4, $5, $6)", 6, p,
                              false, &err);
        if (v) {
            a->res->sent++;
            strbuf_printf(&a->res->log, _("%s: written to %s\n"), name, a->out_dir);
        } else {
            strbuf_printf(&a->res->log, _("%s: written, not recorded: %s\n"), name,
                          db_error_message(&err));
            db_error_clear(&err);
            ok = false;
        }
        free(v);
        free(h);
    }
    free(bytes);
    edi_writer_free(w);
    return ok;
}

/* Begins an answer to the partner `to` (a GLN), control reference ref. */
static bool answer_begin(struct answers *a, struct edi_writer *w, const char *to, const char *ref)
{
    char date[11], hhmm[6];
    stamp(date, hhmm);
    struct edi_envelope env = {a->our_gln, to, date, hhmm, ref};
    return edi_write_begin(w, &env);
}

/* CONTRL or APERAK for a file or its message that could not be taken. */
static void answer_refusal(struct answers *a, const struct edi_refusal *r, bool syntax,
                           const char *file_id, size_t msg)
{
    struct edi_writer w = {0};
    char ref[32], name[64], number[32], date[11], hhmm[6];
    snprintf(ref, sizeof(ref), "%c%sM%zu", syntax ? 'C' : 'A', file_id, msg);
    snprintf(name, sizeof(name), "%s_%s.edi", syntax ? "CONTRL" : "APERAK", ref);
    snprintf(number, sizeof(number), "%s", ref);
    stamp(date, hhmm);
    bool ok = answer_begin(a, &w, r->sender, ref);
    if (ok && syntax) {
        eancom_contrl(&w, r);
    } else if (ok) {
        struct aperak ap = {str_eq(r->msg_release, "01B") ? EANCOM_D01B : EANCOM_D96A,
                            number,
                            date,
                            a->our_gln,
                            r->sender,
                            NULL};
        eancom_aperak(&w, &ap, r);
    }
    ship(a, &w, syntax ? "contrl" : "aperak", file_id, syntax ? "CONTRL" : "APERAK", name);
}

/* The answers to what a file held that was refused: the whole file (CONTRL), a message whose
 * counts are wrong (CONTRL), a message that could not be read or taken (APERAK). rows: the
 * database's answer, a row per message in the file's order. */
static void answer_file(struct answers *a, const char *buf, size_t len, const struct edi_file *f,
                        const struct edi_error *perr, const struct rowset *rows)
{
    if (!a->our_gln || !rows->n)
        return;
    const char *file_id = record_get(rows->rows[0], "file_id");
    struct edi_refusal r;
    if (perr) {
        if (edi_refusal_from_error(buf, len, perr, &r))
            answer_refusal(a, &r, true, file_id, 0);
        return;
    }
    for (size_t i = 0; i < rows->n && i < f->nmessages; i++) {
        const struct edi_message *m = &f->messages[i];
        /* An answer is never answered: two systems would echo each other for ever. */
        if (!str_eq(record_get(rows->rows[i], "state"), "failed") || str_eq(m->type, "CONTRL") ||
            str_eq(m->type, "APERAK"))
            continue;
        size_t ic = edi_message_interchange(f, i);
        const char *seg = record_get(rows->rows[i], "segment");
        size_t at = seg && *seg ? (size_t)strtoul(seg, NULL, 10) : 0;
        bool syntax = m->problem || f->interchanges[ic].problem;
        int code = m->problem ? m->problem_code
                   : syntax   ? f->interchanges[ic].problem_code
                              : EDI_ERR_INVALID_VALUE;
        edi_refusal_from_file(f, ic, i, at ? at - 1 : SIZE_MAX, code,
                              record_get(rows->rows[i], "error"), &r);
        answer_refusal(a, &r, syntax, file_id, i + 1);
    }
}

static const char receive_sql[] =
    "WITH a AS (SELECT polka.edi_receive($1, $2, $3, $4, $5, $6::jsonb) AS j) "
    "SELECT a.j ->> 'again' AS again, a.j ->> 'file_id' AS file_id, m ->> 'ref' AS ref, "
    "       m ->> 'number' AS number, m ->> 'outcome' AS outcome, m ->> 'document' AS document, "
    "       m ->> 'correction' AS correction, "
    "       m ->> 'state' AS state, m ->> 'order_number' AS order_number, "
    "       array_to_string(ARRAY(SELECT jsonb_array_elements_text(m -> 'problems')), ',') AS "
    "problems, "
    "       m ->> 'replayed' AS replayed, m ->> 'error' AS error, m ->> 'segment' AS segment "
    "  FROM a LEFT JOIN LATERAL jsonb_array_elements(a.j -> 'messages') WITH ORDINALITY x(m, n) ON "
    "true "
    " ORDER BY x.n";

/* A file the provider is still writing under a temporary name (the dot files are passed by
 * already): NAME.tmp, NAME.part, NAME~. */
static bool still_written(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".tmp") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".part") == 0) || name[n - 1] == '~';
}

/* A file of the inbound folder on its way: read and parsed (incoming_read), handed to the
 * database on a lane (lane_send), its answer awaited (lane_receive), then moved and answered
 * as the database said (incoming_finish). */
struct incoming {
    char *name;
    bool skip;       /* a folder (done/, bad/), or being written: left alone */
    char *buf, *why; /* the bytes, or why they could not be read */
    size_t len;
    struct edi_file f;
    struct edi_error perr;
    char *file_error;   /* the file could not be parsed: in words */
    struct strbuf msgs; /* the messages as edi_receive's p_messages */
    const char *kind;
    char *bytes; /* the bytes in hexadecimal */
    char *docs;  /* the orders' numbers (BGM), "\nN\n...\n" */
    bool alone;  /* received with no other file at once: a receiving advice */
    int lane;    /* the lane holding it (index), -1: none */
    bool sent;
    bool waited;         /* its answer awaited (received or not) */
    bool received;       /* the database's answer came: rows */
    struct rowset rows;  /* its answer, a row per message */
    struct db_error err; /* the send or the answer failed */
};

/* The documents a parsed file's orders are, by their numbers (BGM): two files of one document
 * are never in the database at once, so that the one named first is received first (and the
 * other is "received before", as with one connection). A file with a receiving advice, which
 * corrects a shipped document, or a number with a line break in it, is received alone. */
static void incoming_docs(struct incoming *in)
{
    struct strbuf k = {0};
    strbuf_puts(&k, "\n");
    for (size_t i = 0; i < in->f.nmessages; i++) {
        const struct edi_message *m = &in->f.messages[i];
        if (str_eq(m->type, "RECADV"))
            in->alone = true;
        if (!str_eq(m->type, "ORDERS"))
            continue;
        for (size_t s = m->first; s <= m->last && s < in->f.nsegs; s++) {
            if (str_eq(in->f.segs[s].tag, "BGM")) {
                /* As the database reads it (doc_text): without the spaces around. */
                const char *v = edi_value(&in->f.segs[s], 1, 0);
                size_t n = v ? strlen(v) : 0;
                while (n && *v == ' ') {
                    v++;
                    n--;
                }
                while (n && v[n - 1] == ' ')
                    n--;
                if (memchr(v, '\n', n))
                    in->alone = true;
                else if (n)
                    strbuf_printf(&k, "%.*s\n", (int)n, v);
                break;
            }
        }
    }
    in->docs = strbuf_detach(&k);
}

/* Whether two files may not be in the database at once: of one order, one alone, or the same
 * bytes (the one named first is the one recorded). */
static bool incoming_conflict(const struct incoming *a, const struct incoming *b)
{
    if (a->alone || b->alone || (a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0))
        return true;
    /* Each of a's numbers ("\nN\n": the line breaks around it) looked for among b's. */
    for (const char *d = a->docs; d && d[1]; d = strchr(d + 1, '\n')) {
        size_t len = (size_t)(strchr(d + 1, '\n') - d) + 1;
        for (const char *e = b->docs; e && e[1]; e = strchr(e + 1, '\n'))
            if (strncmp(d, e, len) == 0)
                return true;
    }
    return false;
}

static void incoming_read(struct incoming *in, const char *dir, const char *name)
{
    memset(in, 0, sizeof(*in));
    in->lane = -1;
    in->name = xstrdup(name);
    char *path = xasprintf("%s/%s", dir, name);
    struct stat sb;
    in->skip = still_written(name) || (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
    if (!in->skip)
        in->buf = read_file(path, &in->len, &in->why);
    free(path);
    if (!in->buf)
        return;
    if (edi_parse(in->buf, in->len, &in->f, &in->perr)) {
        messages_json(&in->f, &in->msgs, &in->kind);
        incoming_docs(in);
    } else {
        in->file_error =
            in->perr.tag[0]
                ? xasprintf(_("not read: segment %zu (%s), line %zu, byte %zu: %s"),
                            in->perr.segment, in->perr.tag, in->perr.line, in->perr.offset,
                            in->perr.why)
                : xasprintf(_("not read: segment %zu, line %zu, byte %zu: %s"), in->perr.segment,
                            in->perr.line, in->perr.offset, in->perr.why);
        strbuf_puts(&in->msgs, "[]");
    }
    in->bytes = hex(in->buf, in->len);
}

static void incoming_free(struct incoming *in)
{
    free(in->name);
    free(in->buf);
    free(in->why);
    free(in->bytes);
    free(in->docs);
    free(in->file_error);
    strbuf_release(&in->msgs);
    edi_free(&in->f);
    rowset_clear(&in->rows);
    db_error_clear(&in->err);
}

/* Whether finishing the file answers it (CONTRL, APERAK), which uses the connection: the
 * whole file refused, or a message. */
static bool incoming_answers(const struct answers *a, const struct incoming *in)
{
    if (!a->our_gln || !in->received || !in->rows.n ||
        str_eq(record_get(in->rows.rows[0], "again"), "true"))
        return false;
    if (in->file_error)
        return true;
    for (size_t i = 0; i < in->rows.n; i++)
        if (str_eq(record_get(in->rows.rows[i], "state"), "failed"))
            return true;
    return false;
}

static void incoming_finish(struct answers *a, const char *dir, struct incoming *in)
{
    struct edi_poll_result *res = a->res;
    const char *name = in->name;
    if (in->skip)
        return;
    if (!in->buf) {
        if (folder_refuse(dir, name, in->why, &res->log))
            res->bad++;
        else
            res->kept++;
        strbuf_printf(&res->log, _("%s: refused: %s\n"), name, in->why);
        return;
    }
    struct rowset *rows = &in->rows;
    struct db_error *err = &in->err;
    if (!in->received) {
        const char *words = db_error_words(err);
        char *msg =
            xasprintf("%s%s%s", db_error_message(err), words ? " " : "", words ? words : "");
        if (err->kind == DBE_INVALID || err->kind == DBE_NOT_FOUND) {
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
    } else {
        bool again = rows->n && str_eq(record_get(rows->rows[0], "again"), "true");
        bool moved = in->file_error ? folder_refuse(dir, name, in->file_error, &res->log)
                                    : folder_move_into(dir, "done", name, &res->log);
        if (moved) {
            if (again) {
                res->again++;
                strbuf_printf(&res->log, _("%s: received before: nothing done\n"), name);
            } else if (in->file_error) {
                res->bad++;
                strbuf_printf(&res->log, _("%s: refused: %s\n"), name, in->file_error);
            } else {
                res->files++;
                say_messages(name, rows, res);
            }
            if (!again)
                answer_file(a, in->buf, in->len, &in->f, in->file_error ? &in->perr : NULL, rows);
        } else {
            res->kept++;
        }
    }
}

/* A connection of the poll's (the first is the caller's) and the file it is receiving. */
struct lane {
    struct db *db;
    struct incoming *in; /* sent on it and not yet finished with its help; NULL: free */
    size_t received;     /* files received on it */
    size_t replan;       /* at this many its plans are made again */
};

/* The poll's connections: the caller's first, another opened while files wait for one, up to
 * jobs (one that cannot be opened is said, and the poll goes on with those it has). */
struct lanes {
    struct lane l[EDI_MAX_JOBS];
    size_t n, jobs;
};

static int lanes_free(struct lanes *ls, struct edi_poll_result *res)
{
    for (size_t k = 0; k < ls->n; k++)
        if (!ls->l[k].in)
            return (int)k;
    if (ls->n >= ls->jobs)
        return -1;
    struct db_error err = {0};
    struct db *more = db_clone(ls->l[0].db, NULL, &err);
    if (!more) {
        strbuf_printf(&res->log, _("A connection more could not be opened (%s): %zu at once.\n"),
                      db_error_message(&err), ls->n);
        db_error_clear(&err);
        ls->jobs = ls->n;
        return -1;
    }
    ls->l[ls->n] = (struct lane){more, NULL, 0, 64};
    return (int)ls->n++;
}

/* The file handed to edi_receive on db (its answer is awaited with rows_receive). */
static bool file_send(const struct answers *a, struct db *db, struct incoming *in)
{
    const char *p[6] = {a->provider, in->name, in->bytes, in->kind, in->file_error, in->msgs.buf};
    return db_send_prepared(db, receive_sql, 6, p, &in->err);
}

static void lane_send(struct answers *a, struct lane *lanes, int k, struct incoming *in)
{
    in->sent = file_send(a, lanes[k].db, in);
    if (in->sent) {
        in->lane = k;
        lanes[k].in = in;
    }
}

/* The answer to a file in flight. Its lane is free again unless answering the file needs the
 * connection (it is freed when the file is finished). */
static void lane_receive(struct answers *a, struct lane *lanes, struct incoming *in)
{
    struct lane *l = &lanes[in->lane];
    in->received = rows_receive(l->db, &in->rows, &in->err);
    if (!in->received && in->err.kind == DBE_RETRY) {
        /* A deadlock or a serialization failure with another lane's file: once more (the
         * transaction was rolled back: nothing of it is in the database). */
        db_error_clear(&in->err);
        in->received = file_send(a, l->db, in) && rows_receive(l->db, &in->rows, &in->err);
    }
    in->waited = true;
    /* The server plans a statement for the tables as they are; the intake's tables grow as
     * the poll writes them, and a plan made while one was small reads it whole (a key check
     * of every incoming line scanned all the incoming orders: a fresh system's first thousand
     * files took a third longer each by the end). So a session's plans are made again each
     * time it has doubled what it wrote. */
    if (++l->received == l->replan) {
        struct db_error e = {0};
        db_script(l->db, "DISCARD PLANS", &e);
        db_error_clear(&e);
        l->replan *= 2;
    }
    if (!incoming_answers(a, in)) {
        l->in = NULL;
        in->lane = -1;
    }
}

/* The files on their way, oldest first: a ring of at most jobs + 1 (one being read while
 * every lane is busy). */
struct flight {
    struct incoming *q;
    size_t cap, head, len;
    struct lanes *ls;
};

static struct incoming *flight_at(const struct flight *fl, size_t i)
{
    return &fl->q[(fl->head + i) % fl->cap];
}

/* Sent on a lane and its answer not awaited yet. */
static bool in_flight(const struct incoming *in)
{
    return in->lane >= 0 && !in->waited;
}

/* Finishes the oldest file, its answer awaited first if it is still in flight. */
static void flight_finish_oldest(struct answers *a, const char *dir, struct flight *fl)
{
    struct incoming *in = flight_at(fl, 0);
    if (in_flight(in))
        lane_receive(a, fl->ls->l, in);
    struct lane *l = in->lane >= 0 ? &fl->ls->l[in->lane] : NULL;
    /* Only a file that answers keeps its lane; the others never use a connection here. */
    a->db = l ? l->db : fl->ls->l[0].db;
    incoming_finish(a, dir, in);
    if (l)
        l->in = NULL;
    incoming_free(in);
    fl->head = (fl->head + 1) % fl->cap;
    fl->len--;
}

/* A free lane for the newest file once no file in flight is of its documents: -1 while
 * there is none. */
static int flight_lane(struct flight *fl, const struct incoming *in, struct edi_poll_result *res)
{
    for (size_t i = 0; i + 1 < fl->len; i++) {
        const struct incoming *o = flight_at(fl, i);
        if (in_flight(o) && incoming_conflict(o, in))
            return -1;
    }
    return lanes_free(fl->ls, res);
}

/* Makes room: the oldest file in flight awaited, or, with none, the oldest finished. */
static void flight_wait(struct answers *a, const char *dir, struct flight *fl)
{
    for (size_t i = 0; i < fl->len; i++) {
        struct incoming *o = flight_at(fl, i);
        if (in_flight(o)) {
            lane_receive(a, fl->ls->l, o);
            return;
        }
    }
    flight_finish_oldest(a, dir, fl);
}

/* The files of an inbound folder in name order, each in its own transaction, on as many
 * lanes (connections) as there are: while the database receives files, the next is read and
 * parsed, and the files whose answers came are moved and logged, in name order. */
static void receive_all(struct answers *a, const char *dir, char **names, size_t n,
                        struct lanes *ls)
{
    struct flight fl = {xcalloc(ls->jobs + 1, sizeof(struct incoming)), ls->jobs + 1, 0, 0, ls};
    for (size_t k = 0; k < n; k++) {
        if (fl.len == fl.cap)
            flight_finish_oldest(a, dir, &fl);
        struct incoming *in = flight_at(&fl, fl.len++);
        incoming_read(in, dir, names[k]);
        if (!in->skip && in->buf) {
            int lane;
            while ((lane = flight_lane(&fl, in, a->res)) < 0)
                flight_wait(a, dir, &fl);
            lane_send(a, ls->l, lane, in);
        }
        /* What is done is finished while the lanes work. */
        while (fl.len && !in_flight(flight_at(&fl, 0)))
            flight_finish_oldest(a, dir, &fl);
    }
    while (fl.len)
        flight_finish_oldest(a, dir, &fl);
    free(fl.q);
}

/* A group of rows of one answer (the same what and ref): [i, *end). */
static size_t group_end(const struct rowset *rows, size_t i)
{
    size_t j = i + 1;
    while (j < rows->n &&
           str_eq(record_get(rows->rows[j], "what"), record_get(rows->rows[i], "what")) &&
           str_eq(record_get(rows->rows[j], "ref"), record_get(rows->rows[i], "ref")))
        j++;
    return j;
}

static enum eancom_dir directory(const char *dir)
{
    return str_eq(dir, "D01B") ? EANCOM_D01B : EANCOM_D96A;
}

/* The rows of a list of what is due, false (said in the log) when the database refused. */
static bool due_rows(struct answers *a, const char *sql, struct rowset *rows)
{
    struct db_error err = {0};
    if (rows_fetch(a->db, sql, 0, NULL, rows, &err))
        return true;
    strbuf_printf(&a->res->log, "%s\n", db_error_message(&err));
    db_error_clear(&err);
    return false;
}

static bool build_ordrsp(struct edi_writer *w, const void *m)
{
    return eancom_ordrsp(w, m);
}

static bool build_desadv(struct edi_writer *w, const void *m)
{
    return eancom_desadv(w, m);
}

/* One message (KIND_TAGREF.edi) built by build into an interchange of its own to the partner
 * of row h (recipient), in h's provider's outbound folder; recorded as what, h's ref. */
static void send_one(struct answers *a, const struct record *h, char tag, const char *kind,
                     const char *what, bool (*build)(struct edi_writer *, const void *),
                     const void *msg)
{
    char ref[32], name[48];
    snprintf(ref, sizeof(ref), "%c%s", tag, record_get(h, "ref"));
    snprintf(name, sizeof(name), "%s_%s.edi", kind, ref);
    struct answers to = *a;
    to.provider = record_get(h, "provider");
    to.out_dir = record_get(h, "out_dir");
    struct edi_writer w = {0};
    if (answer_begin(&to, &w, record_get(h, "recipient"), ref))
        build(&w, msg);
    ship(&to, &w, what, record_get(h, "ref"), kind, name);
}

static const char ordrsp_sql[] =
    "SELECT d.what, d.ref::text AS ref, d.provider, d.out_dir, d.doc ->> 'dir' AS dir, "
    "       d.doc ->> 'number' AS number, d.doc ->> 'date' AS date, "
    "       d.doc ->> 'delivery_date' AS delivery_date, d.doc ->> 'order_number' AS order_number, "
    "       d.doc ->> 'order_date' AS order_date, d.doc ->> 'buyer_gln' AS buyer_gln, "
    "       d.doc ->> 'supplier_gln' AS supplier_gln, d.doc ->> 'delivery_gln' AS delivery_gln, "
    "       d.doc ->> 'recipient' AS recipient, l ->> 'gtin' AS gtin, l ->> 'buyer_code' AS "
    "buyer_code, "
    "       l ->> 'ordered' AS ordered, l ->> 'confirmed' AS confirmed "
    "  FROM polka.edi_ordrsp_due() d "
    "  LEFT JOIN LATERAL jsonb_array_elements(d.doc -> 'lines') WITH ORDINALITY x(l, n) ON true "
    " ORDER BY d.what, d.ref, x.n";

/* The order responses due, each an interchange of its own in its provider's outbound folder. */
static void send_ordrsp(struct answers *a)
{
    struct rowset rows = {0};
    if (!due_rows(a, ordrsp_sql, &rows))
        return;
    for (size_t i = 0, j; i < rows.n; i = j) {
        j = group_end(&rows, i);
        const struct record *h = rows.rows[i];
        struct ordrsp_line *lines = xcalloc(j - i, sizeof(*lines));
        size_t n = 0;
        for (size_t k = i; k < j; k++) {
            const struct record *r = rows.rows[k];
            if (!record_get(r, "gtin") && !record_get(r, "buyer_code"))
                continue;
            lines[n++] = (struct ordrsp_line){record_get(r, "gtin"),
                                              record_get(r, "buyer_code"),
                                              record_get(r, "ordered"),
                                              record_get(r, "confirmed"),
                                              NULL,
                                              NULL};
        }
        struct ordrsp o = {directory(record_get(h, "dir")),
                           NULL,
                           record_get(h, "number"),
                           record_get(h, "date"),
                           record_get(h, "delivery_date"),
                           record_get(h, "order_number"),
                           record_get(h, "order_date"),
                           {record_get(h, "buyer_gln"), record_get(h, "supplier_gln"),
                            record_get(h, "delivery_gln")},
                           lines,
                           n};
        send_one(a, h, str_eq(record_get(h, "what"), "refusal") ? 'X' : 'O', "ORDRSP",
                 record_get(h, "what"), build_ordrsp, &o);
        free(lines);
    }
    rowset_clear(&rows);
}

static const char desadv_sql[] =
    "SELECT 'desadv' AS what, d.ref::text AS ref, d.provider, d.out_dir, d.doc ->> 'dir' AS dir, "
    "       d.doc ->> 'number' AS number, d.doc ->> 'date' AS date, "
    "       d.doc ->> 'despatch_date' AS despatch_date, d.doc ->> 'delivery_date' AS "
    "delivery_date, "
    "       d.doc ->> 'order_number' AS order_number, d.doc ->> 'order_date' AS order_date, "
    "       d.doc ->> 'waybill' AS waybill, d.doc ->> 'buyer_gln' AS buyer_gln, "
    "       d.doc ->> 'supplier_gln' AS supplier_gln, d.doc ->> 'delivery_gln' AS delivery_gln, "
    "       d.doc ->> 'recipient' AS recipient, p.p ->> 'sscc' AS sscc, l.l ->> 'gtin' AS gtin, "
    "       l.l ->> 'buyer_code' AS buyer_code, l.l ->> 'quantity' AS quantity, "
    "       l.l ->> 'batch' AS batch, l.l ->> 'expiry' AS expiry "
    "  FROM polka.edi_desadv_due() d, "
    "       jsonb_array_elements(d.doc -> 'pallets') WITH ORDINALITY p(p, pn), "
    "       jsonb_array_elements(p.p -> 'lines') WITH ORDINALITY l(l, ln) "
    " ORDER BY d.ref, p.pn, l.ln";

/* The despatch advices due: a pallet for each SSCC, its lines with batch and expiry. */
static void send_desadv(struct answers *a)
{
    struct rowset rows = {0};
    if (!due_rows(a, desadv_sql, &rows))
        return;
    for (size_t i = 0, j; i < rows.n; i = j) {
        j = group_end(&rows, i);
        const struct record *h = rows.rows[i];
        struct desadv_line *lines = xcalloc(j - i, sizeof(*lines));
        struct desadv_pallet *pallets = xcalloc(j - i, sizeof(*pallets));
        size_t np = 0;
        for (size_t k = i; k < j; k++) {
            const struct record *r = rows.rows[k];
            if (!np || !str_eq(pallets[np - 1].sscc, record_get(r, "sscc")))
                pallets[np++] = (struct desadv_pallet){record_get(r, "sscc"), &lines[k - i], 0};
            lines[k - i] =
                (struct desadv_line){record_get(r, "gtin"),     record_get(r, "buyer_code"),
                                     record_get(r, "quantity"), NULL,
                                     record_get(r, "batch"),    record_get(r, "expiry")};
            pallets[np - 1].nlines++;
        }
        struct desadv d = {directory(record_get(h, "dir")),
                           NULL,
                           record_get(h, "number"),
                           record_get(h, "date"),
                           record_get(h, "despatch_date"),
                           record_get(h, "delivery_date"),
                           record_get(h, "order_number"),
                           record_get(h, "order_date"),
                           record_get(h, "waybill"),
                           {record_get(h, "buyer_gln"), record_get(h, "supplier_gln"),
                            record_get(h, "delivery_gln")},
                           pallets,
                           np};
        send_one(a, h, 'D', "DESADV", "desadv", build_desadv, &d);
        free(lines);
        free(pallets);
    }
    rowset_clear(&rows);
}

bool edi_poll(struct db *db, const char *provider, size_t jobs, struct edi_poll_result *res)
{
    struct lanes lanes = {.l = {{db, NULL, 0, 64}},
                          .n = 1,
                          .jobs = jobs < 1              ? 1
                                  : jobs > EDI_MAX_JOBS ? EDI_MAX_JOBS
                                                        : jobs};
    struct rowset providers = {0};
    struct db_error err = {0};
    const char *p[1] = {provider};
    if (!rows_fetch(db,
                    "SELECT polka.intake_rights_check(NULL)::text AS may, code, in_dir, out_dir, "
                    "       polka.edi_company_gln() AS our_gln "
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
    const char *our = providers.n ? record_get(providers.rows[0], "our_gln") : NULL;
    if (providers.n && !our)
        strbuf_printf(&res->log, "%s\n",
                      _("Our GLN is not set (setting company_gln): nothing is answered."));
    bool any = false;
    struct answers a = {db, NULL, NULL, our, res};
    for (size_t i = 0; i < providers.n; i++) {
        a.provider = record_get(providers.rows[i], "code");
        a.out_dir = record_get(providers.rows[i], "out_dir");
        const char *dir = record_get(providers.rows[i], "in_dir");
        /* One poll a folder at a time (cron's runs may overlap): the others pass it by. */
        char *lockpath = xasprintf("%s/.polka-poll.lock", dir);
        int lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        free(lockpath);
        if (lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) != 0) {
            strbuf_printf(&res->log, _("%s: another poll is reading it: passed by\n"), dir);
            close(lock);
            any = true;
            continue;
        }
        size_t n = 0;
        char **names = folder_names(dir, "", &n, &res->log);
        if (names) {
            any = true;
            receive_all(&a, dir, names, n, &lanes);
            a.db = db;
            folder_names_free(names, n);
        }
        if (lock >= 0)
            close(lock); /* the lock goes with it */
    }
    /* What is due to go out: the order responses, the despatch advices. */
    if (any && our && !provider) {
        send_ordrsp(&a);
        send_desadv(&a);
    }
    rowset_clear(&providers);
    for (size_t k = 1; k < lanes.n; k++)
        db_close(&lanes.l[k].db);
    return any;
}

void edi_poll_result_free(struct edi_poll_result *res)
{
    strbuf_release(&res->log);
}
