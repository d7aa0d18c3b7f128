/* main.c: the command line. Without a command: the TUI. Messages go to stderr; exit status 0
 * on success, 1 on failure, 2 on a usage error, as Unix tools do. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/formdef.h"
#include "polka/i18n.h"
#include "polka/migrate.h"
#include "polka/screen.h"
#include "polka/ui.h"
#include "polka/util.h"

static void usage(FILE *out)
{
    fprintf(out, _("Usage: polka [OPTION]... [COMMAND]\n"
                   "Keyboard-driven client service: partners, prices, orders, shipping.\n"
                   "\n"
                   "Commands:\n"
                   "  (none)                 open the terminal application\n"
                   "  db migrate [--dir DIR] apply the missing SQL migrations (sql/NNN_*.sql)\n"
                   "  db demo [--scale N]    load demo data once (scale 1: ~2,000 products,\n"
                   "                         ~5,000 partners) and print the demo logins\n"
                   "  forms check [--dir DIR] load every form and report errors\n"
                   "\n"
                   "Options:\n"
                   "  --db CONNINFO          a libpq connection string or URI; PG* variables,\n"
                   "                         PGSERVICE and pg_service.conf apply as in psql\n"
                   "  --forms DIR            forms folder (default: the source tree's forms/)\n"
                   "  --script FILE          read keys from FILE instead of the terminal (tests)\n"
                   "  --snapshot FILE        where the script's 'snap' writes the screen text\n"
                   "  -h, --help             this help\n"
                   "  -V, --version          the version\n"));
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

static struct db *connect_cli(const char *conninfo)
{
    struct db_error err = {0};
    struct db *db = db_open(conninfo, NULL, NULL, &err);
    if (!db) {
        fprintf(stderr, "polka: %s (%s)\n", db_error_message(&err), err.primary ? err.primary : "");
        db_error_clear(&err);
    }
    return db;
}

static int cmd_migrate(const char *conninfo, const char *dir)
{
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    char err[1024];
    bool ok = migrate_run(db, dir, stderr, err, sizeof(err));
    if (!ok)
        fprintf(stderr, "polka: %s\n", err);
    db_close(&db);
    return ok ? 0 : 1;
}

static int cmd_demo(const char *conninfo, const char *scale)
{
    char *end;
    double s = strtod(scale, &end);
    if (end == scale || *end || s <= 0 || s > 100) {
        fprintf(stderr, _("polka: --scale wants a number greater than 0 and at most 100, not '%s'\n"),
                scale);
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    struct db_error err = {0};
    const char *p[1] = {scale};
    struct db_result *r = db_exec(db, "SELECT polka.demo_load($1::numeric)", 1, p, false, &err);
    int rc = 0;
    if (!r) {
        fprintf(stderr, "polka: %s (%s)\n", db_error_message(&err), err.primary ? err.primary : "");
        rc = 1;
    } else {
        if (str_eq(db_value(r, 0, 0), "f"))
            fprintf(stderr, "%s", _("polka: demo data is already loaded; nothing changed\n"));
        db_result_free(&r);
        r = db_exec(db, "SELECT login, password, role, full_name FROM polka.demo_people()", 0,
                    NULL, true, &err);
        if (!r) {
            fprintf(stderr, "polka: %s\n", db_error_message(&err));
            rc = 1;
        } else {
            printf("%s\n", _("Demo logins (user / password / role):"));
            for (int i = 0; i < db_rows(r); i++)
                printf("  %-8s %-14s %-14s %s\n", db_value(r, i, 0), db_value(r, i, 1),
                       db_value(r, i, 2), db_value(r, i, 3));
        }
    }
    db_result_free(&r);
    db_error_clear(&err);
    db_close(&db);
    return rc;
}

static bool load_forms(struct form_set *set, const char *dir)
{
    char err[1024];
    if (!formset_load(set, dir, screen_form_checks(), err, sizeof(err))) {
        fprintf(stderr, "polka: %s\n", err);
        return false;
    }
    return true;
}

static int cmd_forms_check(const char *dir)
{
    struct form_set set = {0};
    if (!load_forms(&set, dir))
        return 1;
    for (size_t i = 0; i < set.n; i++)
        if (!screen_known(set.forms[i]->name))
            fprintf(stderr, _("polka: %s: no screen of that name\n"), set.forms[i]->file);
    printf(_("%zu forms OK\n"), set.n);
    formset_free(&set);
    return 0;
}

static int run_tui(const char *conninfo, const char *forms_dir, const char *script,
                   const char *snapshot)
{
    struct app app = {0};
    if (!load_forms(&app.forms, forms_dir))
        return 1;
    char err[512];
    if (!ui_init(script, snapshot, err, sizeof(err))) {
        fprintf(stderr, "polka: %s\n", err);
        formset_free(&app.forms);
        return 1;
    }
    app.conninfo = (char *)conninfo;
    int rc = app_run(&app, "login");
    ui_end();
    formset_free(&app.forms);
    return rc;
}

int main(int argc, char **argv)
{
    i18n_init();
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"forms", required_argument, NULL, 'f'},
        {"script", required_argument, NULL, 's'}, {"snapshot", required_argument, NULL, 'o'},
        {"dir", required_argument, NULL, 'D'},    {"scale", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *conninfo = NULL, *forms = env_or("POLKA_FORMS", POLKA_FORMSDIR);
    const char *script = NULL, *snapshot = NULL, *dir = NULL, *scale = "1";
    int c;
    while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            conninfo = optarg;
            break;
        case 'f':
            forms = optarg;
            break;
        case 's':
            script = optarg;
            break;
        case 'o':
            snapshot = optarg;
            break;
        case 'D':
            dir = optarg;
            break;
        case 'S':
            scale = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("polka %s\n", POLKA_VERSION);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    int nargs = argc - optind;
    char **args = argv + optind;
    if (nargs == 0)
        return run_tui(conninfo, forms, script, snapshot);
    if (nargs == 2 && strcmp(args[0], "db") == 0 && strcmp(args[1], "migrate") == 0)
        return cmd_migrate(conninfo, dir ? dir : env_or("POLKA_SQL", POLKA_SQLDIR));
    if (nargs == 2 && strcmp(args[0], "db") == 0 && strcmp(args[1], "demo") == 0)
        return cmd_demo(conninfo, scale);
    if (nargs == 2 && strcmp(args[0], "forms") == 0 && strcmp(args[1], "check") == 0)
        return cmd_forms_check(dir ? dir : forms);
    fprintf(stderr, _("polka: unknown command '%s'; see polka --help\n"), args[0]);
    return 2;
}
