/* demo.c: `polka db demo`: the loader's functions (sql/demo, schema polka_demo: never part of a
 * migrated database), then master data, prices, agreements and promotions and the order
 * history, in one transaction; each loader does nothing where its data are already there. */
#include "polka/domain/demo.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/migrate.h"
#include "polka/util.h"

static bool exec_one(struct db *db, const char *sql, const char *scale, bool *was_false,
                     struct db_error *err)
{
    const char *p[1] = {scale};
    struct db_result *r = db_exec(db, sql, scale ? 1 : 0, scale ? p : NULL, false, err);
    if (!r)
        return false;
    if (was_false)
        *was_false = str_eq(db_value(r, 0, 0), "f");
    db_result_free(&r);
    return true;
}

/* The demo EDI provider's folder (POLKA_EDI_DIR, else edi/ in the state folder), its in/ and
 * out/ made: an absolute path, or NULL (no provider) when it cannot be made. */
static char *edi_dir(void)
{
    const char *env = getenv("POLKA_EDI_DIR");
    char *state = str_empty(env) ? state_dir() : NULL;
    char *base = !str_empty(env) ? xstrdup(env) : state ? xasprintf("%s/edi", state) : NULL;
    free(state);
    if (!base)
        return NULL;
    char *in = xasprintf("%s/in", base), *out = xasprintf("%s/out", base);
    char *abs = util_mkdirs(in) && util_mkdirs(out) ? realpath(base, NULL) : NULL;
    free(in);
    free(out);
    free(base);
    return abs;
}

enum demo_result demo_load(struct db *db, const char *dir, const char *scale, struct rowset *logins,
                           char *err, size_t errlen)
{
    static const char *const steps[] = {
        "SELECT polka_demo.demo_load($1::numeric)",   "SELECT polka_demo.demo_pricing($1::numeric)",
        "SELECT polka_demo.demo_orders($1::numeric)", "SELECT polka_demo.demo_claims($1::numeric)",
        "SELECT polka_demo.demo_kb($1::numeric)",     "SELECT polka_demo.demo_reps($1::numeric)"};
    struct db_error dberr = {0};
    bool already = false, ok = exec_one(db, "BEGIN", NULL, NULL, &dberr);
    if (ok && !demo_apply(db, dir, err, errlen)) {
        db_error_clear(&dberr);
        return DEMO_FAILED; /* the failed transaction ends with the connection */
    }
    /* A database loaded already takes nothing more (a step added since included). */
    for (size_t i = 0; ok && !already && i < ARRAY_SIZE(steps); i++)
        ok = exec_one(db, steps[i], scale, i == 0 ? &already : NULL, &dberr);
    /* The incoming orders, and the EDI provider's folders (made here). */
    char *edi = already ? NULL : edi_dir();
    if (ok && !already) {
        const char *p[2] = {scale, edi};
        struct db_result *r =
            db_exec(db, "SELECT polka_demo.demo_intake($1::numeric, $2)", 2, p, false, &dberr);
        ok = r != NULL;
        db_result_free(&r);
    }
    ok = ok && exec_one(db, "COMMIT", NULL, NULL, &dberr);
    /* A file of orders waiting in the inbound folder for `polka edi poll`. */
    if (ok && edi) {
        char *text = value_fetch(db, "SELECT polka_demo.demo_edi_file()", 0, NULL, false, &dberr);
        db_error_clear(&dberr);
        char *in = xasprintf("%s/in", edi);
        struct strbuf log = {0};
        if (!str_empty(text))
            folder_write(in, "ORDERS_demo.edi", text, strlen(text), &log);
        strbuf_release(&log);
        free(in);
        free(text);
    }
    free(edi);
    ok = ok &&
         rows_fetch(db, "SELECT login, password, role, full_name FROM polka_demo.demo_people()", 0,
                    NULL, logins, &dberr);
    if (!ok)
        snprintf(err, errlen, "%s (%s)", db_error_message(&dberr),
                 dberr.primary ? dberr.primary : "");
    db_error_clear(&dberr);
    return !ok ? DEMO_FAILED : already ? DEMO_ALREADY : DEMO_LOADED;
}

bool demo_wms(struct db *db, const char *sqldir, const char *dir, const char *day,
              struct wms_result *res)
{
    char msg[1024];
    struct db_error err = {0};
    bool ok = exec_one(db, "BEGIN", NULL, NULL, &err);
    if (ok && !demo_apply(db, sqldir, msg, sizeof(msg))) {
        strbuf_printf(&res->log, "%s\n", msg);
        return false;
    }
    ok = ok && exec_one(db, "COMMIT", NULL, NULL, &err);
    struct rowset trips = {0};
    const char *p[1] = {day};
    ok = ok && rows_fetch(db, "SELECT id, number, file FROM polka.wms_trips($1::date)", 1, p,
                          &trips, &err);
    for (size_t i = 0; ok && i < trips.n; i++) {
        const struct record *t = trips.rows[i];
        const char *q[1] = {record_get(t, "id")};
        char *text =
            value_fetch(db, "SELECT polka_demo.wms_simulate($1::bigint)", 1, q, false, &err);
        ok = text != NULL;
        char *name = xasprintf("%s.facts.tsv", record_get(t, "file"));
        if (ok && wms_write_file(dir, name, text, &res->log)) {
            res->done++;
            strbuf_printf(&res->log, "%s\n", name);
        } else if (ok) {
            ok = false;
        }
        free(name);
        free(text);
    }
    rowset_clear(&trips);
    if (err.kind != DBE_NONE)
        strbuf_printf(&res->log, "%s (%s)\n", db_error_message(&err),
                      err.primary ? err.primary : "");
    db_error_clear(&err);
    return ok;
}

/* text (UTF-8) in Windows-1251, as client banks write statements; NULL when a character has
 * none there. Caller frees. */
static char *to_cp1251(const char *text)
{
    iconv_t cd = iconv_open("CP1251", "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t inleft = strlen(text), outleft = inleft + 1;
    char *out = xmalloc(outleft), *in = (char *)text, *o = out;
    bool ok = iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 && outleft > 0;
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *o = '\0';
    return out;
}

bool demo_bank(struct db *db, const char *sqldir, const char *path, const char *day,
               struct strbuf *log)
{
    char msg[1024];
    struct db_error err = {0};
    bool ok = exec_one(db, "BEGIN", NULL, NULL, &err);
    if (ok && !demo_apply(db, sqldir, msg, sizeof(msg))) {
        strbuf_printf(log, "%s\n", msg);
        return false;
    }
    ok = ok && exec_one(db, "COMMIT", NULL, NULL, &err);
    const char *p[1] = {day};
    char *text = ok ? value_fetch(db,
                                  "SELECT polka_demo.bank_statement(coalesce($1::date, "
                                  "polka.business_day()))",
                                  1, p, false, &err)
                    : NULL;
    if (!text) {
        strbuf_printf(log, "%s (%s)\n", db_error_message(&err), err.primary ? err.primary : "");
        db_error_clear(&err);
        return false;
    }
    char *cp = to_cp1251(text);
    free(text);
    if (!cp) {
        strbuf_puts(log, "the statement has a character Windows-1251 does not\n");
        return false;
    }
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
    ok = wms_write_file(*dir ? dir : "/", slash ? slash + 1 : path, cp, log);
    if (ok)
        strbuf_printf(log, "%s\n", path);
    free(dir);
    free(cp);
    return ok;
}
