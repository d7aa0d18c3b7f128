/* migrate.c: see migrate.h. Checksums are computed by the server (sha256()), so the C side
 * needs no crypto library and the value is the one psql users can recompute by hand. */
#include "polka/migrate.h"

#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/i18n.h"
#include "polka/util.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of NNN_*.sql files in dir; NULL with errno on failure. Caller frees all. */
static char **list_migrations(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    regex_t re;
    regcomp(&re, "^[0-9]{3}_[A-Za-z0-9_]+\\.sql$", REG_EXTENDED | REG_NOSUB);
    char **names = NULL;
    size_t cnt = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (regexec(&re, e->d_name, 0, NULL, 0) != 0)
            continue;
        names = xrealloc(names, (cnt + 1) * sizeof(*names));
        names[cnt++] = xstrdup(e->d_name);
    }
    closedir(d);
    regfree(&re);
    if (cnt)
        qsort(names, cnt, sizeof(*names), cmp_str);
    *n = cnt;
    return names ? names : xcalloc(1, sizeof(*names));
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static bool simple(struct db *db, const char *sql, struct db_error *e)
{
    struct db_result *r = db_exec(db, sql, 0, NULL, false, e);
    bool ok = r != NULL;
    db_result_free(&r);
    return ok;
}

bool migrate_run(struct db *db, const char *dir, FILE *log, char *err, size_t errlen)
{
    struct db_error e = {0};
    size_t n = 0;
    char **names = list_migrations(dir, &n);
    bool ok = false;
    if (!names) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return false;
    }
    if (!simple(db,
                "CREATE TABLE IF NOT EXISTS public.polka_migrations ("
                " version text PRIMARY KEY, checksum text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now(),"
                " applied_by text NOT NULL DEFAULT current_user)",
                &e))
        goto db_fail;
    /* Two migrators at once would race; the second waits for the first. */
    if (!simple(db, "SELECT pg_advisory_lock(7423001)", &e))
        goto db_fail;

    /* First pass: every applied file must be unchanged before anything new is applied. */
    char **texts = xcalloc(n + 1, sizeof(*texts)), **sums = xcalloc(n + 1, sizeof(*sums));
    bool *pending = xcalloc(n + 1, sizeof(*pending));
    bool fail = false;
    for (size_t i = 0; i < n && !fail; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        size_t len;
        texts[i] = util_read_file(path, &len);
        if (!texts[i]) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            fail = true;
        } else {
            const char *p[2] = {names[i], texts[i]};
            struct db_result *r = db_exec(db,
                                          "SELECT encode(sha256(convert_to($2, 'UTF8')), 'hex'),"
                                          " (SELECT checksum FROM public.polka_migrations"
                                          "  WHERE version = $1)",
                                          2, p, true, &e);
            if (!r) {
                snprintf(err, errlen, "%s", e.primary ? e.primary : db_error_message(&e));
                fail = true;
            } else {
                sums[i] = xstrdup(db_value(r, 0, 0));
                const char *applied = db_value(r, 0, 1);
                pending[i] = applied == NULL;
                if (applied && strcmp(applied, sums[i]) != 0) {
                    snprintf(err, errlen,
                             _("%s was changed after it was applied (checksum differs); "
                               "refusing to go on"),
                             path);
                    fail = true;
                }
                db_result_free(&r);
            }
        }
        free(path);
    }
    /* Second pass: each missing file in its own transaction, recorded in the same one. */
    for (size_t i = 0; i < n && !fail; i++) {
        if (!pending[i])
            continue;
        const char *rec[2] = {names[i], sums[i]};
        /* A migration may SET LOCAL ROLE to create objects as their owner; the record is
         * written as the migrating user again. */
        bool step = simple(db, "BEGIN", &e) && db_script(db, texts[i], &e) &&
                    simple(db, "RESET ROLE", &e);
        if (step) {
            struct db_result *r = db_exec(db,
                                          "INSERT INTO public.polka_migrations(version, checksum)"
                                          " VALUES ($1, $2)",
                                          2, rec, false, &e);
            step = r != NULL;
            db_result_free(&r);
        }
        if (step)
            step = simple(db, "COMMIT", &e);
        if (!step) {
            struct db_error ignore = {0};
            simple(db, "ROLLBACK", &ignore);
            db_error_clear(&ignore);
            snprintf(err, errlen, "%s/%s: %s", dir, names[i],
                     e.primary ? e.primary : db_error_message(&e));
            fail = true;
        } else if (log) {
            fprintf(log, _("applied %s\n"), names[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(texts[i]);
        free(sums[i]);
    }
    free(texts);
    free(sums);
    free(pending);
    if (fail)
        goto out;
    ok = true;
    goto out;
db_fail:
    snprintf(err, errlen, "%s", e.primary ? e.primary : db_error_message(&e));
out:
    if (db_connected(db)) {
        struct db_error ignore = {0};
        simple(db, "SELECT pg_advisory_unlock_all()", &ignore);
        db_error_clear(&ignore);
    }
    db_error_clear(&e);
    free_list(names, n);
    return ok;
}
