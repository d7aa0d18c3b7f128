/* migrate.c: see migrate.h. Checksums are computed by the server (sha256()), so the C side
 * needs no crypto library and the value is the one psql users can recompute by hand.
 *
 * Order of work, all under one advisory lock:
 *   1. take over a database of the old layout (see legacy_takeover);
 *   2. check every applied schema file against its checksum; refuse a changed one, and a
 *      pending one numbered below the last applied (it would run in another order on a
 *      new database than on this one);
 *   3. changed function files whose "needs" is already applied; then each pending schema
 *      file, each followed by the changed function files that needed it; then the rest;
 *   4. the sweep: functions a file no longer defines (recorded as "retired" when it was
 *      applied, or all of a file that is gone) are dropped unless another file defines
 *      them now. Retired names stay recorded until the sweep succeeds, so a function that
 *      moved to a file applied later survives, and a failed sweep is tried again next time.
 * Every file is one transaction together with its record. */
#include "polka/migrate.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/db_query.h"
#include "polka/i18n.h"
#include "polka/util.h"

struct sqlfile {
    char *name; /* "schema/001_x.sql", "functions/orders.sql" */
    char *text;
    char *sum;
    int num; /* schema: its number; functions: the schema number it needs */
    bool pending;
    bool done;
};

struct run {
    struct db *db;
    FILE *log;
    char *err;
    size_t errlen;
    struct db_error e;
};

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const struct sqlfile *)a)->name, ((const struct sqlfile *)b)->name);
}

static void files_free(struct sqlfile *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].text);
        free(f[i].sum);
    }
    free(f);
}

static bool fail_db(struct run *r, const char *what)
{
    const char *msg = r->e.primary ? r->e.primary : db_error_message(&r->e);
    if (what)
        snprintf(r->err, r->errlen, "%s: %s", what, msg);
    else
        snprintf(r->err, r->errlen, "%s", msg);
    return false;
}

/* A file failed: its transaction is rolled back, the message names it. */
static bool fail_file(struct run *r, const char *dir, const char *name)
{
    struct db_error ignore = {0};
    struct db_result *res = db_exec(r->db, "ROLLBACK", 0, NULL, false, &ignore);
    db_result_free(&res);
    db_error_clear(&ignore);
    char *what = xasprintf("%s/%s", dir, name);
    fail_db(r, what);
    free(what);
    return false;
}

/* Adds a name to a list sent as one text parameter (string_to_array($n, E'\n') on the
 * server): no quoting to get wrong. */
static void add_line(struct strbuf *sb, const char *name)
{
    if (sb->len)
        strbuf_puts(sb, "\n");
    strbuf_puts(sb, name);
}

static bool simple(struct run *r, const char *sql)
{
    struct db_result *res = db_exec(r->db, sql, 0, NULL, false, &r->e);
    bool ok = res != NULL;
    db_result_free(&res);
    return ok;
}

/* One value of a one-row query (NULL for SQL NULL), malloc'ed; *ok false on failure. */
static char *query1(struct run *r, const char *sql, int n, const char *const *p, bool *ok)
{
    struct db_result *res = db_exec(r->db, sql, n, p, true, &r->e);
    *ok = res != NULL;
    char *v = res && db_rows(res) > 0 && db_value(res, 0, 0) ? xstrdup(db_value(res, 0, 0)) : NULL;
    db_result_free(&res);
    return v;
}

/* "-- needs schema NNN" on the first line; INT_MAX (after every schema file) without. */
static int needs_of(const char *text)
{
    int n;
    char c;
    if (sscanf(text, "-- needs schema %3d%c", &n, &c) == 2 && (c == '\n' || c == ' '))
        return n;
    return INT_MAX;
}

/* The files of dir/sub whose names match `pattern`, read and sorted by name. */
static bool list_files(struct run *r, const char *dir, const char *sub, const char *pattern,
                       struct sqlfile **out, size_t *count)
{
    char *path = xasprintf("%s/%s", dir, sub);
    DIR *d = opendir(path);
    *out = NULL;
    *count = 0;
    if (!d) {
        snprintf(r->err, r->errlen, "%s: %s", path, strerror(errno));
        free(path);
        return false;
    }
    regex_t re;
    regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
    struct sqlfile *f = NULL;
    size_t n = 0;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL) {
        if (regexec(&re, e->d_name, 0, NULL, 0) != 0)
            continue;
        f = xrealloc(f, (n + 1) * sizeof(*f));
        memset(&f[n], 0, sizeof(*f));
        f[n].name = xasprintf("%s/%s", sub, e->d_name);
        char *file = xasprintf("%s/%s", path, e->d_name);
        size_t len;
        f[n].text = util_read_file(file, &len);
        if (!f[n].text) {
            snprintf(r->err, r->errlen, "%s: %s", file, strerror(errno));
            ok = false;
        } else {
            f[n].num = strcmp(sub, "schema") == 0 ? atoi(e->d_name) : needs_of(f[n].text);
        }
        free(file);
        n++;
    }
    closedir(d);
    regfree(&re);
    free(path);
    if (n)
        qsort(f, n, sizeof(*f), cmp_file);
    *out = f;
    *count = n;
    return ok;
}

/* Fills sum, pending and done from the server and the record `lookup` reads ($1 the name). */
static bool check_sums(struct run *r, struct sqlfile *f, size_t n, const char *lookup)
{
    for (size_t i = 0; i < n; i++) {
        const char *p[2] = {f[i].name, f[i].text};
        struct db_result *res = db_exec(r->db, lookup, 2, p, true, &r->e);
        if (!res)
            return fail_db(r, f[i].name);
        f[i].sum = xstrdup(db_value(res, 0, 0));
        const char *applied = db_value(res, 0, 1);
        f[i].pending = applied == NULL || strcmp(applied, f[i].sum) != 0;
        f[i].done = applied != NULL; /* schema: applied once; changed is refused below */
        db_result_free(&res);
    }
    return true;
}

#define SUM_SQL "encode(sha256(convert_to($2, 'UTF8')), 'hex')"

/* Step 1 for the schema files. */
static bool schema_check(struct run *r, const char *dir, struct sqlfile *s, size_t n)
{
    int last = 0;
    const char *last_name = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i].num == s[i - 1].num) {
            snprintf(r->err, r->errlen, _("%s/%s and %s share the number %03d; refusing to go on"),
                     dir, s[i - 1].name, s[i].name, s[i].num);
            return false;
        }
        if (s[i].done && s[i].pending) {
            snprintf(r->err, r->errlen,
                     _("%s/%s was changed after it was applied (checksum differs); "
                       "refusing to go on"),
                     dir, s[i].name);
            return false;
        }
        if (s[i].done) {
            last = s[i].num;
            last_name = s[i].name;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i].pending && s[i].num < last) {
            snprintf(r->err, r->errlen,
                     _("%s/%s is new but %s is already applied: a new schema file takes the "
                       "next number (%03d); refusing to go on"),
                     dir, s[i].name, last_name, last + 1);
            return false;
        }
    }
    return true;
}

/* The old layout: sql/NNN_*.sql, functions inside the migrations, the demo loader among them.
 * Such a database was migrated to its end (017) by every release that had it; what those files
 * made is what schema/001..011 plus today's functions make, less the demo loader, which now
 * lives in schema polka_demo and comes with `polka db demo` only. */
static const char *const legacy_versions[] = {"001_roles_schema.sql",
                                              "002_core.sql",
                                              "003_partner_functions.sql",
                                              "004_demo.sql",
                                              "005_row_security.sql",
                                              "006_audit.sql",
                                              "007_people_admin.sql",
                                              "008_pricing.sql",
                                              "009_agreements.sql",
                                              "010_promotions.sql",
                                              "011_pricing_actions.sql",
                                              "012_demo_pricing.sql",
                                              "013_orders.sql",
                                              "014_demo_orders.sql",
                                              "016_reports.sql",
                                              "017_report_product_orders.sql"};
enum { LEGACY_BASELINE = 11 };
#define LEGACY_RECORD "sql/NNN_*.sql (the old layout)"
static const char *const legacy_demo[] = {
    "polka.demo_load(numeric, date)", "polka.demo_pricing(numeric, date)",
    "polka.demo_orders(numeric, date)", "polka.demo_people()", "polka.demo_pick(text[], bigint)"};

/* DROP FUNCTION of a signature the server normalises (to_regprocedure quotes it); absent is
 * fine. The text spliced is the server's own output for an existing function. */
static bool drop_function(struct run *r, const char *sig, bool *dropped)
{
    bool ok;
    char *canon = query1(r, "SELECT to_regprocedure($1)::regprocedure::text", 1,
                         (const char *const[]){sig}, &ok);
    *dropped = false;
    if (ok && canon) {
        char *sql = xasprintf("DROP FUNCTION %s", canon);
        ok = simple(r, sql);
        *dropped = ok;
        free(sql);
    }
    free(canon);
    return ok;
}

static bool legacy_takeover(struct run *r, const char *dir, struct sqlfile *s, size_t n)
{
    bool ok;
    char *count = query1(r,
                         "SELECT count(*) FILTER (WHERE version ~ '^[0-9]{3}_') || ' ' ||"
                         " count(*) FILTER (WHERE version LIKE 'schema/%')"
                         " FROM public.polka_migrations",
                         0, NULL, &ok);
    if (!ok)
        return fail_db(r, NULL);
    int legacy = 0, current = 0;
    sscanf(count, "%d %d", &legacy, &current);
    free(count);
    if (legacy == 0 || current > 0)
        return true;
    struct strbuf versions = {0};
    for (size_t i = 0; i < ARRAY_SIZE(legacy_versions); i++)
        add_line(&versions, legacy_versions[i]);
    char *missing = query1(r,
                           "SELECT min(v) FROM unnest(string_to_array($1, E'\\n')) v"
                           " WHERE v NOT IN (SELECT version FROM public.polka_migrations)",
                           1, (const char *const[]){versions.buf}, &ok);
    strbuf_release(&versions);
    if (!ok || missing) {
        if (missing)
            snprintf(r->err, r->errlen,
                     _("this database was migrated by an older Polka that had not applied %s; "
                       "migrate it with the release of 2026-12-01 first"),
                     missing);
        free(missing);
        return ok ? false : fail_db(r, NULL);
    }
    ok = simple(r, "BEGIN");
    for (size_t i = 0; ok && i < ARRAY_SIZE(legacy_demo); i++) {
        bool dropped;
        ok = drop_function(r, legacy_demo[i], &dropped);
    }
    /* The old migrations' functions are no file's: recorded as retired by a record of their
     * own, the sweep drops those today's files do not define (an old signature). */
    ok = ok && simple(r, "INSERT INTO public.polka_functions (file, checksum, objects, retired)"
                         " SELECT '" LEGACY_RECORD "', '', '{}',"
                         "  coalesce(array_agg(p.oid::regprocedure::text ORDER BY 1), '{}')"
                         " FROM pg_proc p WHERE p.pronamespace = 'polka'::regnamespace");
    for (size_t i = 0; ok && i < n && s[i].num <= LEGACY_BASELINE; i++) {
        const char *rec[2] = {s[i].name, s[i].sum};
        struct db_result *res = db_exec(r->db,
                                        "INSERT INTO public.polka_migrations(version, checksum)"
                                        " VALUES ($1, $2)",
                                        2, rec, false, &r->e);
        ok = res != NULL;
        db_result_free(&res);
        s[i].pending = false;
        s[i].done = true;
    }
    if (!(ok && simple(r, "COMMIT")))
        return fail_file(r, dir, "schema");
    if (r->log)
        fprintf(r->log,
                _("took over a database of the old layout (sql/NNN_*.sql up to 017): "
                  "%s/schema/001 to %03d recorded as applied, the demo loader moved out\n"),
                dir, LEGACY_BASELINE);
    return true;
}

static bool apply_schema(struct run *r, const char *dir, struct sqlfile *f)
{
    const char *rec[2] = {f->name, f->sum};
    /* A file may SET LOCAL ROLE to create objects as their owner; the record is written as
     * the migrating user again. */
    bool ok = simple(r, "BEGIN") && db_script(r->db, f->text, &r->e) && simple(r, "RESET ROLE");
    if (ok) {
        struct db_result *res = db_exec(r->db,
                                        "INSERT INTO public.polka_migrations(version, checksum)"
                                        " VALUES ($1, $2)",
                                        2, rec, false, &r->e);
        ok = res != NULL;
        db_result_free(&res);
    }
    if (!(ok && simple(r, "COMMIT")))
        return fail_file(r, dir, f->name);
    f->pending = false;
    f->done = true;
    if (r->log)
        fprintf(r->log, _("applied %s\n"), f->name);
    return true;
}

/* The functions of schema polka this transaction created or replaced. */
#define TOUCHED_SQL                                                                                \
    "SELECT coalesce(array_agg(p.oid::regprocedure::text ORDER BY 1), '{}') FROM pg_proc p"        \
    " WHERE p.pronamespace = 'polka'::regnamespace"                                                \
    "   AND p.xmin::text = (pg_current_xact_id()::text::numeric % 4294967296)::text"

static bool apply_functions(struct run *r, const char *dir, struct sqlfile *f, bool early)
{
    bool ok = simple(r, "BEGIN");
    /* Before the last schema file a body may name a table still to come (as pg_dump does). */
    if (ok && early)
        ok = simple(r, "SET LOCAL check_function_bodies = off");
    ok = ok && db_script(r->db, f->text, &r->e) && simple(r, "RESET ROLE");
    char *now = ok ? query1(r, TOUCHED_SQL, 0, NULL, &ok) : NULL;
    if (ok) {
        /* What the file defined before and does not now is retired, for the sweep. */
        const char *p[3] = {f->name, f->sum, now};
        struct db_result *res =
            db_exec(r->db,
                    "INSERT INTO public.polka_functions AS t (file, checksum, objects)"
                    " VALUES ($1, $2, $3)"
                    " ON CONFLICT (file) DO UPDATE SET checksum = EXCLUDED.checksum,"
                    "  objects = EXCLUDED.objects, applied_at = now(), applied_by = current_user,"
                    "  retired = ARRAY(SELECT DISTINCT x FROM unnest(t.retired || t.objects) x"
                    "                   WHERE x <> ALL (EXCLUDED.objects) ORDER BY 1)",
                    3, p, false, &r->e);
        ok = res != NULL;
        db_result_free(&res);
    }
    free(now);
    if (!(ok && simple(r, "COMMIT")))
        return fail_file(r, dir, f->name);
    f->pending = false;
    if (r->log)
        fprintf(r->log, _("applied %s\n"), f->name);
    return true;
}

/* A function file that failed only because it names something a later file defines. */
static bool undefined_yet(const struct db_error *e)
{
    return strcmp(e->sqlstate, "42883") == 0 || strcmp(e->sqlstate, "42P01") == 0 ||
           strcmp(e->sqlstate, "42704") == 0;
}

/* Pending function files that need at most schema `point`. Bodies are checked (except early,
 * when tables may still be missing), so a file naming another's function waits for it: each
 * round applies what it can, until a round makes no progress. */
static bool functions_upto(struct run *r, const char *dir, struct sqlfile *fn, size_t nfn,
                           int point, bool early)
{
    for (bool progress = true; progress;) {
        progress = false;
        size_t waiting = 0, first = 0;
        for (size_t i = 0; i < nfn; i++) {
            if (!fn[i].pending || fn[i].num > point)
                continue;
            if (apply_functions(r, dir, &fn[i], early)) {
                progress = true;
            } else if (undefined_yet(&r->e)) {
                if (waiting++ == 0)
                    first = i;
                db_error_clear(&r->e);
            } else {
                return false;
            }
        }
        if (waiting && !progress) /* once more, to report its error */
            return apply_functions(r, dir, &fn[first], early);
    }
    return true;
}

/* The rows of a statement when all went well so far (*ok), else nothing; *ok says how it went. */
static struct db_result *rows_if(struct run *r, bool *ok, const char *sql, int nparams,
                                 const char *const *params)
{
    struct db_result *res = *ok ? db_exec(r->db, sql, nparams, params, true, &r->e) : NULL;
    *ok = res != NULL;
    return res;
}

/* Step 4, one transaction: the records of files no longer in functions/ retire all they
 * defined; every retired function no file defines now is dropped; the records forget. */
static bool sweep(struct run *r, struct sqlfile *fn, size_t nfn)
{
    struct strbuf names = {0};
    strbuf_puts(&names, "");
    for (size_t i = 0; i < nfn; i++)
        add_line(&names, fn[i].name);
    const char *p[1] = {names.buf};
    bool ok = simple(r, "BEGIN");
    struct db_result *res = rows_if(r, &ok,
                                    "WITH gone AS (UPDATE public.polka_functions"
                                    "   SET retired = retired || objects, objects = '{}'"
                                    " WHERE file <> ALL (string_to_array($1, E'\\n'))"
                                    " RETURNING file) SELECT file FROM gone ORDER BY 1",
                                    1, p);
    for (int i = 0; ok && r->log && i < db_rows(res); i++)
        if (!str_eq(db_value(res, i, 0), LEGACY_RECORD))
            fprintf(r->log, _("forgot %s (the file is gone)\n"), db_value(res, i, 0));
    db_result_free(&res);
    res = rows_if(
        r, &ok,
        "SELECT DISTINCT ON (x) x, f.file FROM public.polka_functions f, unnest(f.retired) x"
        " WHERE x NOT IN (SELECT unnest(objects) FROM public.polka_functions)"
        "   AND to_regprocedure(x) IS NOT NULL ORDER BY x, f.file",
        0, NULL);
    for (int i = 0; ok && i < db_rows(res); i++) {
        bool dropped;
        ok = drop_function(r, db_value(res, i, 0), &dropped);
        if (ok && dropped && r->log)
            fprintf(r->log, _("dropped %s (no longer in %s)\n"), db_value(res, i, 0),
                    db_value(res, i, 1));
    }
    db_result_free(&res);
    ok = ok && simple(r, "DELETE FROM public.polka_functions WHERE objects = '{}'") &&
         simple(r, "UPDATE public.polka_functions SET retired = '{}' WHERE retired <> '{}'") &&
         simple(r, "COMMIT");
    strbuf_release(&names);
    return ok ? true : fail_file(r, "functions", "(sweep)");
}

static bool migrate_locked(struct run *r, const char *dir)
{
    struct sqlfile *s = NULL, *fn = NULL;
    size_t ns = 0, nfn = 0;
    bool ok = list_files(r, dir, "schema", "^[0-9]{3}_[A-Za-z0-9_]+\\.sql$", &s, &ns) &&
              list_files(r, dir, "functions", "^[A-Za-z0-9_]+\\.sql$", &fn, &nfn);
    ok = ok &&
         check_sums(r, s, ns,
                    "SELECT " SUM_SQL ", (SELECT checksum FROM public.polka_migrations"
                    " WHERE version = $1)") &&
         check_sums(r, fn, nfn,
                    "SELECT " SUM_SQL ", (SELECT checksum FROM public.polka_functions"
                    " WHERE file = $1)");
    ok = ok && legacy_takeover(r, dir, s, ns) && schema_check(r, dir, s, ns);
    int point = 0, last = ns ? s[ns - 1].num : 0;
    for (size_t i = 0; ok && i < ns; i++)
        if (s[i].done)
            point = s[i].num;
    ok = ok && functions_upto(r, dir, fn, nfn, point, point < last);
    for (size_t i = 0; ok && i < ns; i++) {
        if (s[i].pending)
            ok = apply_schema(r, dir, &s[i]) &&
                 functions_upto(r, dir, fn, nfn, s[i].num, s[i].num < last);
    }
    ok = ok && functions_upto(r, dir, fn, nfn, INT_MAX, false) && sweep(r, fn, nfn);
    files_free(s, ns);
    files_free(fn, nfn);
    return ok;
}

bool migrate_run(struct db *db, const char *dir, FILE *log, char *err, size_t errlen)
{
    struct run r = {.db = db, .log = log, .err = err, .errlen = errlen};
    bool ok = simple(&r, "CREATE TABLE IF NOT EXISTS public.polka_migrations ("
                         " version text PRIMARY KEY, checksum text NOT NULL,"
                         " applied_at timestamptz NOT NULL DEFAULT now(),"
                         " applied_by text NOT NULL DEFAULT current_user)") &&
              simple(&r, "CREATE TABLE IF NOT EXISTS public.polka_functions ("
                         " file text PRIMARY KEY, checksum text NOT NULL,"
                         " objects text[] NOT NULL, retired text[] NOT NULL DEFAULT '{}',"
                         " applied_at timestamptz NOT NULL DEFAULT now(),"
                         " applied_by text NOT NULL DEFAULT current_user)") &&
              /* Two migrators at once would race; the second waits for the first. */
              simple(&r, "SELECT pg_advisory_lock(7423001)");
    if (!ok)
        fail_db(&r, NULL);
    else
        ok = migrate_locked(&r, dir);
    if (db_connected(db)) {
        struct db_error ignore = {0};
        struct db_result *res =
            db_exec(db, "SELECT pg_advisory_unlock_all()", 0, NULL, false, &ignore);
        db_result_free(&res);
        db_error_clear(&ignore);
    }
    db_error_clear(&r.e);
    return ok;
}

bool demo_apply(struct db *db, const char *dir, char *err, size_t errlen)
{
    struct run r = {.db = db, .err = err, .errlen = errlen};
    struct sqlfile *f = NULL;
    size_t n = 0;
    bool ok = list_files(&r, dir, "demo", "^[A-Za-z0-9_]+\\.sql$", &f, &n);
    for (size_t i = 0; ok && i < n; i++) {
        ok = db_script(db, f[i].text, &r.e) && simple(&r, "RESET ROLE");
        if (!ok) {
            char *what = xasprintf("%s/%s", dir, f[i].name);
            fail_db(&r, what); /* the caller's transaction: it rolls back */
            free(what);
        }
    }
    files_free(f, n);
    db_error_clear(&r.e);
    return ok;
}
