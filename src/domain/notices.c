/* notices.c: see domain/notices.h. Each batch is claimed in a transaction of its own (the
 * notices marked "sending" and committed) before the relay is spoken to; each outcome is
 * recorded at once: a notice goes out at most once, whatever is cut short. */
#include "polka/domain/notices.h"

#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/mail.h"

void notices_result_free(struct notices_result *r)
{
    strbuf_release(&r->log);
    r->sent = r->retry = r->failed = 0;
}

/* An environment variable, else the setting; NULL when neither says. Caller frees. */
static char *config(struct db *db, const char *env, const char *key, struct db_error *err)
{
    const char *v = getenv(env);
    if (v && *v)
        return xstrdup(v);
    if (!key)
        return NULL;
    const char *p[1] = {key};
    char *s = value_fetch(db, "SELECT value FROM polka.settings WHERE key = $1", 1, p, true, err);
    if (s && !*s)
        xfree(&s);
    return s;
}

/* The outcome of notice id recorded; false (said in log) when the database refused it. */
static bool done(struct db *db, const char *id, enum mail_result res, const char *msg,
                 struct notices_result *out, struct db_error *err)
{
    const char *p[4] = {id, res == MAIL_SENT ? "true" : "false", res == MAIL_SENT ? NULL : msg,
                        res == MAIL_REFUSED ? "true" : "false"};
    char *status = value_fetch(
        db, "SELECT polka.outbox_done($1::bigint, $2::boolean, $3, $4::boolean)", 4, p, false, err);
    if (!status) {
        strbuf_printf(&out->log, "%s: %s\n", id, err->primary ? err->primary : "?");
        db_error_clear(err);
        return false;
    }
    if (str_eq(status, "sent"))
        out->sent++;
    else if (str_eq(status, "failed"))
        out->failed++;
    else
        out->retry++;
    free(status);
    return true;
}

bool notices_send(struct db *db, struct notices_result *out, char **why, struct db_error *err)
{
    notices_result_free(out);
    *why = NULL;
    /* The relay only from the environment: a URL may carry a password, and every user reads
     * the settings. */
    char *url = config(db, "POLKA_SMTP_URL", NULL, err);
    if (err->kind != DBE_NONE)
        return false;
    char *from = url ? config(db, "POLKA_SMTP_FROM", "smtp_from", err) : NULL;
    if (err->kind != DBE_NONE) {
        free(url);
        return false;
    }
    if (!url || !from) {
        *why = xstrdup(_("No SMTP relay to send notices through: set POLKA_SMTP_URL, and "
                         "POLKA_SMTP_FROM or the setting smtp_from."));
        free(url);
        free(from);
        return false;
    }
    bool ok = true, relay_down = false;
    while (ok && !relay_down) {
        struct rowset batch = {0};
        if (!rows_fetch(db, "SELECT id, recipient, subject, body FROM polka.outbox_claim(20)", 0,
                        NULL, &batch, err)) {
            ok = false;
            break;
        }
        size_t n = batch.n;
        char msg[512] = "";
        for (size_t i = 0; i < n; i++) {
            const struct record *r = batch.rows[i];
            const char *id = record_get(r, "id");
            enum mail_result res = MAIL_RELAY;
            if (!relay_down) {
                char *mid = xasprintf("<outbox-%s@polka>", id);
                struct mail_message m = {from, record_get(r, "recipient"), record_get(r, "subject"),
                                         record_get(r, "body"), mid};
                res = mail_send(url, &m, msg, sizeof(msg));
                free(mid);
            }
            /* The relay down or refusing us: the rest of the batch waits with it, not tried
             * (and not another 20 timeouts long). */
            relay_down = relay_down || res == MAIL_RELAY;
            if (res != MAIL_SENT)
                strbuf_printf(&out->log, "%s %s: %s\n", id, record_get(r, "recipient"), msg);
            done(db, id, res, msg, out, err);
        }
        rowset_clear(&batch);
        if (n == 0)
            break;
    }
    free(url);
    free(from);
    return ok;
}

char *notices_result_words(const struct notices_result *r)
{
    return xasprintf(_("Notices sent: %d; to try again later: %d; failed: %d."), r->sent, r->retry,
                     r->failed);
}
