/* main.c: the command line. Without a command: the TUI. Messages go to stderr; exit status 0
 * on success, 1 on failure, 2 on a usage error, as Unix tools do. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "polka/datadir.h"
#include "polka/db.h"
#include "polka/domain.h"
#include "polka/formdef.h"
#include "polka/i18n.h"
#include "polka/migrate.h"
#include "polka/record.h"
#include "polka/report.h"
#include "polka/screen.h"
#include "polka/text.h"
#include "polka/ui.h"
#include "polka/util.h"

static void usage(FILE *out)
{
    fprintf(out,
            _("Usage: polka [OPTION]... [COMMAND]\n"
              "Keyboard-driven client service: partners, prices, orders, shipping.\n"
              "\n"
              "Commands:\n"
              "  (none)                 open the terminal application\n"
              "  db migrate [--dir DIR] apply what is new in DIR/schema and DIR/functions\n"
              "  db demo [--dir DIR] [--scale N]\n"
              "                         load demo data once (scale 1: ~2,000 products,\n"
              "                         ~5,000 partners) and print the demo logins\n"
              "  demo wms DIR [DAY] [--dir SQLDIR]\n"
              "                         the demo's WMS: picking facts of the trips being\n"
              "                         picked, with shorts and substitutions, into DIR\n"
              "  forms check [--dir DIR] load every form and report errors\n"
              "  user list              people, their roles, blocked or not (admins)\n"
              "  user add LOGIN --name NAME --role ROLE[,ROLE...]\n"
              "                         a new person; the password is read from stdin\n"
              "  user block|unblock LOGIN\n"
              "                         block (ends the person's sessions) or unblock\n"
              "  user grant|revoke LOGIN ROLE\n"
              "                         roles: operator waybill_clerk manager quality\n"
              "                         planner head admin sales_rep all_clients\n"
              "  user passwd LOGIN      a new password, read from stdin\n"
              "  stock receive WAREHOUSE PRODUCT BATCH PRODUCED EXPIRES QTY [NOTE]\n"
              "                         goods received into a batch (codes, dates as\n"
              "                         YYYY-MM-DD); prints the batch's id\n"
              "  stock correct BATCH_ID write_off|return|count QTY REASON\n"
              "                         a batch written off, returned or counted\n"
              "  wms export DIR [DAY]   the picking tasks of the trips being picked (on\n"
              "                         DAY; else today and later) as files in DIR\n"
              "  wms import DIR         the picking facts files in DIR: imported ones to\n"
              "                         DIR/done, refused ones to DIR/bad with the reason\n"
              "  doc make TRIP          the documents of a picked trip (Р00042 or 42):\n"
              "                         a sales document per shipping order, the\n"
              "                         consignment note; again changes nothing\n"
              "  doc list TRIP          the trip's documents, tab-separated\n"
              "  doc cancel DOCUMENT REASON\n"
              "                         the head cancels a document (its code or id)\n"
              "                         while its truck has not left\n"
              "  doc print TRIP         print the trip's documents by the print rules, in\n"
              "                         stop order, as one job (--printer, else\n"
              "                         POLKA_PRINTER, the last chosen, the default)\n"
              "  doc reprint DOCUMENT   print one document's forms again\n"
              "  doc pdf DOCUMENT -o FILE\n"
              "                         the document's forms as a PDF, one copy each\n"
              "                         (a correction's code: its УКД)\n"
              "  doc return CODE...     documents come back signed: each code (or\n"
              "                         number) marked returned; - reads codes from stdin\n"
              "  doc missing [TRIP]     the documents not back yet of the trips that left\n"
              "  doc correct DOCUMENT LINE=QTY:REASON...\n"
              "                         what the client accepted of a shipped document\n"
              "                         (line number, quantity accepted, damaged,\n"
              "                         expired, not_ordered, price or surplus)\n"
              "  doc reverse CORRECTION REASON\n"
              "                         the head reverses a correction (K2026000001)\n"
              "  demo bank FILE [DAY]   the demo's bank: a statement of clients paying\n"
              "                         their oldest documents, for bank import\n"
              "  bank import FILE...    bank statements (1CClientBankExchange): customers'\n"
              "                         payments matched to what they owe; the rest to\n"
              "                         the payments queue\n"
              "  finance export -o FILE [--since DAY] [--again N]\n"
              "                         shipped documents and payments for the accounting\n"
              "                         system (XML, formats/polka-finance-1.xsd): what is\n"
              "                         new since the last export; --since DAY everything\n"
              "                         dated from DAY too; --again N export N again\n"
              "  edi poll [--jobs N] [PROVIDER]\n"
              "                         the EDI providers' inbound folders read: orders\n"
              "                         (ORDERS) taken into orders or into the intake\n"
              "                         queue; files moved to done/ or bad/\n"
              "  edi provider CODE NAME IN_DIR OUT_DIR\n"
              "                         an EDI provider and its folders (added or changed)\n"
              "  excel template CLIENT -o FILE.xlsx\n"
              "                         the client's order form: its products with codes,\n"
              "                         packs and prices, the quantities to fill in\n"
              "  excel import FILE...   filled order forms into orders, or into the intake\n"
              "                         queue with their rows' problems\n"
              "  jobs run               what is due, for cron: the claims' overdue stages\n"
              "                         escalated to the owners' supervisors, each once\n"
              "  notices send           send the shipment notices due through the SMTP\n"
              "                         relay (POLKA_SMTP_URL, POLKA_SMTP_FROM)\n"
              "  report list            the reports and their parameters\n"
              "  report NAME [--param KEY=VALUE]... -o FILE.xlsx\n"
              "                         export a report to Excel (Ctrl-C cancels and\n"
              "                         leaves no file)\n"
              "\n"
              "Options:\n"
              "  --db CONNINFO          a libpq connection string or URI; PG* variables,\n"
              "                         PGSERVICE and pg_service.conf apply as in psql\n"
              "  --forms DIR            the forms folder (default: see Files)\n"
              "  --dir DIR              the SQL folder of db migrate and db demo, the\n"
              "                         forms folder of forms check\n"
              "  --scale N              the demo data's size, more than 0, at most 100\n"
              "  --name NAME            the full name of user add\n"
              "  --role ROLE[,ROLE...]  the roles of user add\n"
              "  --param KEY=VALUE      a report parameter (repeat for more)\n"
              "  -o, --output FILE      where a report export, a PDF or a finance export goes\n"
              "  --since DAY            a finance export of everything dated from DAY\n"
              "  --again N              finance export number N written again\n"
              "  --jobs N               files edi poll receives at once, on as many\n"
              "                         connections: 1 to 8, default 2\n"
              "  --printer NAME         the CUPS printer of doc print and doc reprint\n"
              "  --report-db CONNINFO   connection options for reports, over the login's\n"
              "                         (a replica: host=... target_session_attrs=\n"
              "                         prefer-standby); also POLKA_REPORT_DB\n"
              "  --script FILE          read keys from FILE instead of the terminal (tests)\n"
              "  --snapshot FILE        where the script's 'snap' writes the screen text\n"
              "  --sheet-rows N         at most N rows on a sheet of an export (tests)\n"
              "  -h, --help             this help\n"
              "  -V, --version          the version and the data folders in use\n"
              "\n"
              "Files: installed, the forms and SQL are in ../share/polka beside the\n"
              "executable (/usr/bin/polka: /usr/share/polka/forms and sql, catalogs in\n"
              "/usr/share/locale); else the source tree it was built from. POLKA_FORMS,\n"
              "POLKA_SQL and POLKA_LOCALEDIR override them. More in polka(1).\n"));
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

static int cmd_demo(const char *conninfo, const char *dir, const char *scale)
{
    char *end;
    double s = strtod(scale, &end);
    if (end == scale || *end || s <= 0 || s > 100) {
        fprintf(stderr,
                _("polka: --scale wants a number greater than 0 and at most 100, not '%s'\n"),
                scale);
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    char msg[1024];
    struct rowset logins = {0};
    enum demo_result dr = demo_load(db, dir, scale, &logins, msg, sizeof(msg));
    if (dr == DEMO_FAILED)
        fprintf(stderr, "polka: %s\n", msg);
    if (dr == DEMO_ALREADY)
        fprintf(stderr, "%s", _("polka: demo data is already loaded; nothing changed\n"));
    if (dr != DEMO_FAILED) {
        printf("%s\n", _("Demo logins (user / password / role):"));
        for (size_t i = 0; i < logins.n; i++) {
            const struct record *r = logins.rows[i];
            printf("  %-8s %-14s %-14s %s\n", record_get(r, "login"), record_get(r, "password"),
                   record_get(r, "role"), record_get(r, "full_name"));
        }
    }
    rowset_clear(&logins);
    db_close(&db);
    return dr == DEMO_FAILED ? 1 : 0;
}

/* A password from stdin: prompted without echo on a terminal, one line otherwise. */
static char *read_password(const char *prompt)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char buf[512];
    char *line = fgets(buf, sizeof(buf), stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!line)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return xstrdup(buf);
}

static int user_failed(struct db_error *err)
{
    /* The server's sentence in the user's language where it has one (db_error_words). */
    const char *why = db_error_words(err) ? db_error_words(err) : err->primary;
    fprintf(stderr, "polka: %s (%s)\n", db_error_message(err), why ? why : "");
    db_error_clear(err);
    return 1;
}

/* What a command did: its words (when ok) on `to`, else why it failed or the database's
 * refusal on stderr; words and why are freed. Returns the exit status, 0 or 1. */
static int said(bool ok, char *words, FILE *to, char *why, struct db_error *err)
{
    int rc = 0;
    if (ok)
        fprintf(to, "%s\n", words);
    else if (why)
        fprintf(stderr, "polka: %s\n", why);
    else
        user_failed(err);
    if (!ok)
        rc = 1;
    free(words);
    free(why);
    return rc;
}

/* polka stock receive|correct ...: the stock ledger for automation (production's receipts,
 * a counting device): one SQL function each, as the planner's screens call them. */
static int cmd_stock(const char *conninfo, int nargs, char **args)
{
    const char *what = nargs > 1 ? args[1] : "";
    bool receive = str_eq(what, "receive"), correct = str_eq(what, "correct");
    if (!(receive && (nargs == 8 || nargs == 9)) && !(correct && nargs == 6)) {
        fprintf(stderr, "%s",
                _("polka: usage: polka stock receive WAREHOUSE PRODUCT BATCH PRODUCED EXPIRES QTY "
                  "[NOTE] | polka stock correct BATCH_ID write_off|return|count QTY REASON\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    struct db_error err = {0};
    char *v;
    if (receive) {
        const char *p[7] = {
            args[2], args[3], args[4], args[5], args[6], args[7], nargs == 9 ? args[8] : NULL};
        v = value_fetch(
            db, "SELECT polka.stock_receive($1, $2, $3, $4::date, $5::date, $6::numeric, $7)", 7, p,
            false, &err);
    } else {
        const char *p[4] = {args[2], args[3], args[4], args[5]};
        v = value_fetch(db,
                        "SELECT trim_scale(polka.stock_correct($1::bigint, $2, $3::numeric, $4))",
                        4, p, false, &err);
    }
    int rc = 0;
    if (!v) {
        rc = user_failed(&err);
    } else if (receive) {
        printf(_("Received into batch %s.\n"), v);
    } else {
        printf(_("Recorded: %s.\n"), v);
    }
    free(v);
    db_close(&db);
    return rc;
}

/* polka demo wms DIR [DAY]: the demo's WMS simulator writes picking facts files; polka demo
 * bank FILE [DAY]: the demo's bank writes a statement. */
static int cmd_demo_wms(const char *conninfo, const char *sqldir, int nargs, char **args)
{
    bool bank = nargs > 1 && str_eq(args[1], "bank");
    if (!(nargs == 3 || nargs == 4) || !(bank || str_eq(args[1], "wms"))) {
        fprintf(stderr, "%s",
                _("polka: usage: polka demo wms DIR [DAY] | polka demo bank FILE [DAY]\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    if (bank) {
        struct strbuf log = {0};
        int rc = demo_bank(db, sqldir, args[2], nargs == 4 ? args[3] : NULL, &log) ? 0 : 1;
        fputs(log.buf ? log.buf : "", rc ? stderr : stdout);
        strbuf_release(&log);
        db_close(&db);
        return rc;
    }
    struct wms_result res = {0};
    int rc = demo_wms(db, sqldir, args[2], nargs == 4 ? args[3] : NULL, &res) ? 0 : 1;
    fputs(res.log.buf ? res.log.buf : "", rc ? stderr : stdout);
    wms_result_free(&res);
    db_close(&db);
    return rc;
}

/* polka wms export DIR [DAY] | import DIR: the WMS folder exchange for cron (domain/wms.h). */
static int cmd_wms(const char *conninfo, int nargs, char **args)
{
    const char *what = nargs > 1 ? args[1] : "";
    bool exp = str_eq(what, "export"), imp = str_eq(what, "import");
    if (!(exp && (nargs == 3 || nargs == 4)) && !(imp && nargs == 3)) {
        fprintf(stderr, "%s",
                _("polka: usage: polka wms export DIR [DAY] | polka wms import DIR\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    struct wms_result res = {0};
    struct db_error err = {0};
    int rc = 0;
    if (exp && !wms_export(db, args[2], nargs == 4 ? args[3] : NULL, &res, &err)) {
        if (err.kind != DBE_NONE)
            rc = user_failed(&err);
        else
            rc = 1;
    } else if (imp && !wms_import_dir(db, args[2], &res)) {
        rc = 1;
    }
    if (res.bad || res.kept)
        rc = 1;
    fputs(res.log.buf ? res.log.buf : "", rc ? stderr : stdout);
    wms_result_free(&res);
    db_close(&db);
    return rc;
}

/* polka doc make TRIP | list TRIP | cancel DOC REASON: a trip's documents for scripts
 * (domain/documents.h). */
/* polka doc print TRIP | reprint DOCUMENT [--printer NAME]; polka doc pdf DOCUMENT -o FILE. */
static int cmd_doc_print(struct db *db, const char *what, const char *which, const char *printer,
                         const char *output)
{
    struct db_error err = {0};
    /* A correction's code (K2026000001, К in Cyrillic too) prints its own form. */
    if (str_eq(what, "pdf") && (str_starts(which, "K") || str_starts(which, "k") ||
                                str_starts(which, "\u041a") || str_starts(which, "\u043a"))) {
        struct print_outcome out = {0};
        char *why = NULL;
        bool ok = print_correction_render(db, which, output, &out, &why);
        if (ok)
            printf(_("%s: %d pages\n"), output, out.pages);
        else
            fprintf(stderr, "polka: %s\n", why);
        free(why);
        print_outcome_free(&out);
        return ok ? 0 : 1;
    }
    char *id =
        str_eq(what, "print") ? docs_trip_id(db, which, &err) : docs_document_id(db, which, &err);
    if (!id)
        return user_failed(&err);
    struct print_outcome out = {0};
    char *why = NULL;
    bool ok;
    if (str_eq(what, "pdf"))
        ok = print_render(db, NULL, id, true, output, &out, NULL, &why);
    else
        ok = print_documents(db, str_eq(what, "print") ? id : NULL,
                             str_eq(what, "print") ? NULL : id, printer, &out, &why);
    if (ok && str_eq(what, "pdf"))
        printf(_("%s: %d pages\n"), output, out.pages);
    else if (ok)
        printf(_("Printed on %s as job %s: %d forms, %d pages.\n"), out.printer, out.job,
               out.documents, out.pages);
    else
        fprintf(stderr, "polka: %s\n", why);
    free(why);
    free(id);
    print_outcome_free(&out);
    return ok ? 0 : 1;
}

/* One code given back: its outcome said (a fault on stderr); true when it is back. */
static bool doc_return_one(struct db *db, const char *code, int *rc)
{
    struct doc_return r = {.missing = -1};
    struct db_error err = {0};
    if (!docs_return(db, code, NULL, NULL, &r, &err)) {
        *rc = user_failed(&err);
        doc_return_free(&r);
        return false;
    }
    char *w = doc_return_words(&r);
    bool back = r.outcome == DOC_RETURNED || r.outcome == DOC_AGAIN;
    fprintf(back ? stdout : stderr, "%s\n", w);
    if (!back)
        *rc = 1;
    free(w);
    doc_return_free(&r);
    return true;
}

/* polka doc return CODE... (- : codes from stdin, one a line) | doc missing [TRIP]: the
 * return desk for scripts (domain/returns.h). Exit 1 when a code is not back (unknown,
 * cancelled, of a trip not left) or the database fails. */
static int cmd_doc_returns(struct db *db, int nargs, char **args)
{
    int rc = 0;
    if (str_eq(args[1], "missing")) {
        struct db_error err = {0};
        char *trip = nargs == 3 ? docs_trip_id(db, args[2], &err) : NULL;
        if (nargs == 3 && !trip)
            return user_failed(&err);
        struct rowset rows = {0};
        const char *p[1] = {trip};
        if (!rows_fetch(db,
                        "SELECT code, kind, number, trip, day, driver, client, amount, days"
                        "  FROM polka.documents_missing($1::bigint)",
                        1, p, &rows, &err))
            rc = user_failed(&err);
        static const char *const cols[] = {"code",   "kind",   "number", "trip", "day",
                                           "driver", "client", "amount", "days"};
        for (size_t i = 0; i < rows.n; i++)
            for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
                const char *v = record_get(rows.rows[i], cols[c]);
                printf("%s%s", v ? v : "", c + 1 < ARRAY_SIZE(cols) ? "\t" : "\n");
            }
        rowset_clear(&rows);
        free(trip);
        return rc;
    }
    for (int i = 2; i < nargs; i++) {
        if (!str_eq(args[i], "-")) {
            if (!doc_return_one(db, args[i], &rc))
                return rc;
            continue;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) >= 0) {
            line[strcspn(line, "\r\n")] = 0;
            if (line[0] && !doc_return_one(db, line, &rc))
                break;
        }
        free(line);
    }
    return rc;
}

/* LINE=QTY:REASON arguments as the JSON array polka.document_correct takes; NULL (said on
 * stderr) for one not of that shape. */
static char *correction_lines_json(int n, char **args)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "[");
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(args[i], '='), *colon = eq ? strchr(eq, ':') : NULL;
        if (!eq || !colon || eq == args[i] ||
            strspn(args[i], "0123456789") != (size_t)(eq - args[i])) {
            fprintf(stderr, _("polka: %s: a line is given as LINE=QTY:REASON (2=10:damaged)\n"),
                    args[i]);
            strbuf_release(&sb);
            return NULL;
        }
        char *line = xstrndup(args[i], (size_t)(eq - args[i]));
        char *qty = xstrndup(eq + 1, (size_t)(colon - eq - 1));
        char *q_line = json_quote(line), *q_qty = json_quote(qty),
             *q_reason = json_quote(colon + 1);
        strbuf_printf(&sb, "%s{\"n\": %s, \"accepted\": %s, \"reason\": %s}", i ? ", " : "", q_line,
                      q_qty, q_reason);
        free(line);
        free(qty);
        free(q_line);
        free(q_qty);
        free(q_reason);
    }
    strbuf_printf(&sb, "]");
    return strbuf_detach(&sb);
}

/* polka doc correct DOCUMENT LINE=QTY:REASON... (lines: their JSON) | polka doc reverse
 * CORRECTION REASON (lines NULL): exit 1 when the database refuses. */
static int cmd_doc_correct(struct db *db, const char *which, const char *lines, const char *reason)
{
    struct db_error err = {0};
    char *out = lines ? correction_make_json(db, which, lines, &err)
                      : correction_reverse(db, which, reason, &err);
    if (!out)
        return user_failed(&err);
    if (lines)
        printf("%s\n", out); /* the correction's summary: code, amounts, lines */
    else
        printf(_("Correction %s reversed.\n"), out);
    free(out);
    return 0;
}

static int cmd_doc(const char *conninfo, int nargs, char **args, const char *printer,
                   const char *output)
{
    const char *what = nargs > 1 ? args[1] : "";
    bool make = str_eq(what, "make"), list = str_eq(what, "list"), cancel = str_eq(what, "cancel");
    bool print = str_eq(what, "print") || str_eq(what, "reprint"), pdf = str_eq(what, "pdf");
    bool ret = str_eq(what, "return"), missing = str_eq(what, "missing");
    bool correct = str_eq(what, "correct"), reverse = str_eq(what, "reverse");
    if (!((make || list || print) && nargs == 3) && !((cancel || reverse) && nargs == 4) &&
        !(pdf && nargs == 3 && output) && !(ret && nargs >= 3) && !(correct && nargs >= 4) &&
        !(missing && (nargs == 2 || nargs == 3))) {
        fprintf(stderr, "%s",
                _("polka: usage: polka doc make|list|print TRIP | polka doc cancel DOCUMENT "
                  "REASON | polka doc reprint DOCUMENT | polka doc pdf DOCUMENT -o FILE | "
                  "polka doc return CODE... | polka doc missing [TRIP] | polka doc correct "
                  "DOCUMENT LINE=QTY:REASON... | polka doc reverse CORRECTION REASON\n"));
        return 2;
    }
    char *lines = NULL;
    if (correct && !(lines = correction_lines_json(nargs - 3, args + 3)))
        return 2;
    struct db *db = connect_cli(conninfo);
    if (!db) {
        free(lines);
        return 1;
    }
    if (correct || reverse) {
        int rc = cmd_doc_correct(db, args[2], correct ? lines : NULL, args[3]);
        free(lines);
        db_close(&db);
        return rc;
    }
    if (ret || missing) {
        int rc = cmd_doc_returns(db, nargs, args);
        db_close(&db);
        return rc;
    }
    if (print || pdf) {
        int rc = cmd_doc_print(db, what, args[2], printer, output);
        db_close(&db);
        return rc;
    }
    struct db_error err = {0};
    int rc = 0;
    if (cancel) {
        char *code = docs_cancel(db, args[2], args[3], &err);
        if (code)
            printf(_("Document %s cancelled.\n"), code);
        else
            rc = user_failed(&err);
        free(code);
        db_close(&db);
        return rc;
    }
    char *trip = docs_trip_id(db, args[2], &err);
    struct docs_made m = {0};
    struct rowset rows = {0};
    if (!trip) {
        rc = user_failed(&err);
    } else if (make && docs_make(db, trip, &m, &err)) {
        char *w = docs_made_words(&m);
        printf("%s\n", w);
        free(w);
    } else if (list) {
        const char *p[1] = {trip};
        if (rows_fetch(db,
                       "SELECT code, kind, number, doc_date, client, lines, amount, vat_amount,"
                       "       weight_kg, pallets, cancelled, printed"
                       "  FROM polka.trip_documents($1::bigint)",
                       1, p, &rows, &err)) {
            for (size_t i = 0; i < rows.n; i++) {
                const struct record *r = rows.rows[i];
                static const char *const cols[] = {
                    "code",   "kind",       "number",    "doc_date", "client",    "lines",
                    "amount", "vat_amount", "weight_kg", "pallets",  "cancelled", "printed"};
                for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
                    const char *v = record_get(r, cols[c]);
                    printf("%s%s", c ? "\t" : "", v ? v : "");
                }
                putchar('\n');
            }
        } else {
            rc = user_failed(&err);
        }
    } else {
        rc = user_failed(&err);
    }
    rowset_clear(&rows);
    docs_made_free(&m);
    free(trip);
    db_close(&db);
    return rc;
}

/* polka bank import FILE...: bank statements for cron (domain/bank.h). Each file is its own
 * transaction; exit 1 when any was refused. */
static int cmd_bank(const char *conninfo, int nargs, char **args)
{
    if (nargs < 3 || !str_eq(args[1], "import")) {
        fprintf(stderr, "%s", _("polka: usage: polka bank import FILE...\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    int rc = 0;
    for (int i = 2; i < nargs; i++) {
        struct bank_result r = {0};
        struct db_error err = {0};
        char *why = NULL;
        bool ok = bank_import_file(db, args[i], &r, &why, &err);
        rc |= said(ok, ok ? bank_result_words(&r) : NULL, stdout, why, &err);
        bank_result_free(&r);
    }
    db_close(&db);
    return rc;
}

/* polka finance export -o FILE [--since DAY] [--again N]: the finance export for cron
 * (domain/finance.h). Exit 1 when nothing was written or recorded. */
static int cmd_finance(const char *conninfo, int nargs, char **args, const char *output,
                       const char *since, const char *again)
{
    int y, m, d;
    char *end = NULL;
    long n = again ? strtol(again, &end, 10) : 0;
    if (nargs != 2 || !str_eq(args[1], "export") || str_empty(output) ||
        (since && !text_date_parse(since, &y, &m, &d)) ||
        (again && (*end || n <= 0 || n > 1000000000)) || (since && again)) {
        fprintf(stderr, "%s",
                _("polka: usage: polka finance export -o FILE [--since YYYY-MM-DD | --again N]\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    struct finance_request req = {.path = output, .since = since, .again = (int)n};
    struct finance_result r = {0};
    struct db_error err = {0};
    char *why = NULL;
    bool ok = finance_export(db, &req, &r, &why, &err);
    /* Nothing new is said on stderr: cron mails what a job prints there. */
    int rc = said(ok, ok ? finance_result_words(&r) : NULL, r.sales + r.payments ? stdout : stderr,
                  why, &err);
    finance_result_free(&r);
    db_close(&db);
    return rc;
}

/* polka notices send: the outbox for cron (domain/notices.h). Exit 1 when it could not send
 * at all (no relay, the database) or a notice failed for good; notices to try later are not
 * a failure of the run. */
static int cmd_notices(const char *conninfo, int nargs, char **args)
{
    if (nargs != 2 || !str_eq(args[1], "send")) {
        fprintf(stderr, "%s", _("polka: usage: polka notices send\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    struct notices_result r = {0};
    struct db_error err = {0};
    char *why = NULL;
    bool ok = notices_send(db, &r, &why, &err);
    int rc = said(ok, ok ? notices_result_words(&r) : NULL, stdout, why, &err);
    if (ok && r.log.buf)
        fputs(r.log.buf, stderr);
    if (ok && r.failed)
        rc = 1;
    notices_result_free(&r);
    db_close(&db);
    return rc;
}

/* polka edi poll [--jobs N] [PROVIDER] | edi provider CODE NAME IN_DIR OUT_DIR: the EDI exchange
 * for cron (domain/edi.h). Exit 1 when a file or message was refused or left in place. */
static int cmd_edi(const char *conninfo, const char *jobs_arg, int nargs, char **args)
{
    const char *what = nargs > 1 ? args[1] : "";
    char *end = NULL;
    long jobs = jobs_arg ? strtol(jobs_arg, &end, 10) : EDI_JOBS;
    if (jobs_arg && (end == jobs_arg || *end || jobs < 1 || jobs > EDI_MAX_JOBS)) {
        fprintf(stderr, _("polka: --jobs wants a number from 1 to %d, not '%s'\n"), EDI_MAX_JOBS,
                jobs_arg);
        return 2;
    }
    bool poll = str_eq(what, "poll") && (nargs == 2 || nargs == 3);
    bool provider = str_eq(what, "provider") && nargs == 6;
    if (!poll && !provider) {
        fprintf(stderr, "%s",
                _("polka: usage: polka edi poll [--jobs N] [PROVIDER] | polka edi provider CODE "
                  "NAME IN_DIR OUT_DIR\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    int rc = 0;
    if (provider) {
        struct db_error err = {0};
        const char *p[4] = {args[2], args[3], args[4], args[5]};
        char *v =
            value_fetch(db, "SELECT polka.edi_provider_save($1, $2, $3, $4)", 4, p, false, &err);
        if (v)
            printf(_("EDI provider %s: inbound %s, outbound %s.\n"), args[2], args[4], args[5]);
        else
            rc = user_failed(&err);
        free(v);
    } else {
        struct edi_poll_result r = {0};
        rc = edi_poll(db, nargs == 3 ? args[2] : NULL, (size_t)jobs, &r) ? 0 : 1;
        if (r.bad || r.kept || r.failed)
            rc = 1;
        fputs(r.log.buf ? r.log.buf : "", stdout);
        printf(_("EDI: %zu files read (%zu again, %zu refused, %zu left); orders: %zu taken, %zu "
                 "need attention, %zu received before, %zu refused.\n"),
               r.files, r.again, r.bad, r.kept, r.orders, r.attention, r.replayed, r.failed);
        if (r.advices || r.sent)
            printf(_("EDI: %zu receiving advices taken, %zu messages written.\n"), r.advices,
                   r.sent);
        edi_poll_result_free(&r);
    }
    db_close(&db);
    return rc;
}

/* The words for an Excel order's outcome (the screen's too). */
static char *excel_words(const char *path, const struct excel_result *r)
{
    if (r->replayed)
        return xasprintf(_("%s: order %s received before: nothing changed"), path, r->number);
    if (str_eq(r->state, "accepted"))
        return xasprintf(_("%s: order %s of %zu lines taken as order %s"), path, r->number,
                         r->lines, r->order_number);
    char *words = intake_problem_words(r->problems);
    char *s = xasprintf(_("%s: order %s of %zu lines needs attention (the intake queue): %s"), path,
                        r->number, r->lines, words);
    free(words);
    return s;
}

/* polka excel template CLIENT -o FILE | excel import FILE...: the client's order form and the
 * filled ones read into the intake (domain/excel.h). */
static int cmd_excel(const char *conninfo, int nargs, char **args, const char *output)
{
    bool tpl = nargs == 3 && str_eq(args[1], "template") && !str_empty(output);
    bool imp = nargs >= 3 && str_eq(args[1], "import");
    if (!tpl && !imp) {
        fprintf(stderr, "%s",
                _("polka: usage: polka excel template CLIENT -o FILE.xlsx | polka excel import "
                  "FILE...\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    int rc = 0;
    if (tpl) {
        struct db_error err = {0};
        char *why = NULL;
        bool ok = excel_template(db, args[2], output, &why, &err);
        rc = said(
            ok, ok ? xasprintf(_("Order form of client %s written to %s."), args[2], output) : NULL,
            stdout, why, &err);
    }
    for (int i = 2; imp && i < nargs; i++) {
        struct db_error err = {0};
        char *why = NULL;
        struct excel_result r = {0};
        bool ok = excel_import(db, args[i], &r, &why, &err);
        rc |= said(ok, ok ? excel_words(args[i], &r) : NULL, stdout, why, &err);
        excel_result_free(&r);
    }
    db_close(&db);
    return rc;
}

/* polka jobs run: what is due for cron: the claims' overdue stages escalated (each once). */
static int cmd_jobs(const char *conninfo, int nargs, char **args)
{
    if (nargs != 2 || !str_eq(args[1], "run")) {
        fprintf(stderr, "%s", _("polka: usage: polka jobs run\n"));
        return 2;
    }
    struct db *db = connect_cli(conninfo);
    if (!db)
        return 1;
    struct db_error err = {0};
    long n = claims_escalate_due(db, &err);
    int rc = 0;
    if (n < 0)
        rc = user_failed(&err);
    else
        printf(_("Claims: %ld overdue stages escalated to their owners' supervisors.\n"), n);
    db_close(&db);
    return rc;
}

static int cmd_user(const char *conninfo, int nargs, char **args, const char *name,
                    const char *roles)
{
    const char *what = nargs > 1 ? args[1] : "";
    const char *login = nargs > 2 ? args[2] : NULL;
    bool two = str_eq(what, "grant") || str_eq(what, "revoke");
    bool known = str_eq(what, "list") || str_eq(what, "add") || str_eq(what, "block") ||
                 str_eq(what, "unblock") || two || str_eq(what, "passwd");
    int want = str_eq(what, "list") ? 2 : two ? 4 : 3;
    if (!known || nargs != want) {
        fprintf(stderr, "%s",
                _("polka: usage: polka user list|add|block|unblock|grant|revoke|passwd; "
                  "see polka --help\n"));
        return 2;
    }
    if (str_eq(what, "add") && (str_empty(name) || str_empty(roles))) {
        fprintf(stderr, "%s", _("polka: user add needs --name and --role\n"));
        return 2;
    }
    char *password = NULL;
    if (str_eq(what, "add") || str_eq(what, "passwd")) {
        password = read_password(_("Password: "));
        if (!password) {
            fprintf(stderr, "%s", _("polka: no password given on stdin\n"));
            return 2;
        }
    }
    struct db *db = connect_cli(conninfo);
    if (!db) {
        free(password);
        return 1;
    }
    struct db_error err = {0};
    int rc = 0;
    if (str_eq(what, "list")) {
        struct rowset rows = {0};
        if (!user_list(db, &rows, &err))
            rc = user_failed(&err);
        for (size_t i = 0; i < rows.n; i++)
            printf("%-16s %-14s %-30s %s\n", record_get(rows.rows[i], "login"),
                   str_eq(record_get(rows.rows[i], "blocked"), "t") ? _("blocked") : _("active"),
                   record_get(rows.rows[i], "roles") ? record_get(rows.rows[i], "roles") : "-",
                   record_get(rows.rows[i], "full_name"));
        rowset_clear(&rows);
    } else if (str_eq(what, "add")) {
        if (!user_add(db, login, name, password, roles, &err))
            rc = user_failed(&err);
        else
            printf(_("Added %s.\n"), login);
    } else if (str_eq(what, "block")) {
        int n = user_block(db, login, &err);
        if (n < 0)
            rc = user_failed(&err);
        else
            printf(_("Blocked %s; sessions ended: %d.\n"), login, n);
    } else if (str_eq(what, "unblock")) {
        if (!user_unblock(db, login, &err))
            rc = user_failed(&err);
        else
            printf(_("Unblocked %s.\n"), login);
    } else if (two) {
        if (!user_grant(db, login, args[3], str_eq(what, "grant"), &err))
            rc = user_failed(&err);
        else
            printf(str_eq(what, "grant") ? _("Granted %s to %s.\n") : _("Revoked %s from %s.\n"),
                   args[3], login);
    } else {
        if (!user_passwd(db, login, password, &err))
            rc = user_failed(&err);
        else
            printf(_("Password of %s changed.\n"), login);
    }
    free(password);
    db_close(&db);
    return rc;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

struct cli_progress {
    bool tty;
    long total; /* counted first on a terminal; 0 when not known */
    struct timespec last;
};

/* A bar of rows written against the total on stderr when it is a terminal, five times a
 * second; false after Ctrl-C. */
static bool cli_progress(void *ctx, long rows)
{
    struct cli_progress *p = ctx;
    if (p->tty) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long ms = (now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
        if (ms >= 200 || rows == p->total) {
            if (p->total > 0) {
                char bar[41];
                int filled = (int)(rows * 40 / p->total);
                for (int i = 0; i < 40; i++)
                    bar[i] = i < filled ? '#' : '.';
                bar[40] = '\0';
                fprintf(stderr, _("\r[%s] %ld of %ld rows"), bar, rows, p->total);
            } else {
                fprintf(stderr, _("\r%ld rows written..."), rows);
            }
            p->last = now;
        }
    }
    return !interrupted;
}

static int cmd_report(const char *conninfo, const char *report_db, const char *forms, int nargs,
                      char **args, struct record *params, const char *output, long sheet_rows)
{
    char dir[4096], err[2048];
    snprintf(dir, sizeof(dir), "%s/reports", forms);
    struct form_set set = {0};
    if (!formset_load(&set, dir, screen_form_checks(), err, sizeof(err))) {
        fprintf(stderr, "polka: %s\n", err);
        return 1;
    }
    int rc = 0;
    if (nargs == 2 && strcmp(args[1], "list") == 0) {
        for (size_t i = 0; i < set.n; i++) {
            const struct form_def *r = set.forms[i];
            printf("%-28s %s\n", r->name, r->title ? _(r->title) : "");
            for (size_t k = 0; k < r->nfields; k++)
                printf("    --param %s=%s%s\n", r->fields[k].name,
                       formdef_type_name(r->fields[k].type),
                       r->fields[k].required ? " (required)" : "");
        }
        formset_free(&set);
        return 0;
    }
    const struct form_def *r = nargs == 2 ? formset_get(&set, args[1]) : NULL;
    if (nargs != 2 || !output) {
        fprintf(stderr, _("usage: polka report NAME [--param KEY=VALUE]... -o FILE.xlsx\n"));
        rc = 2;
    } else if (!r || !r->report_function) {
        fprintf(stderr, _("polka: no report '%s'; see polka report list\n"), args[1]);
        rc = 2;
    }
    char *bad = rc ? NULL : report_check(r, params);
    if (bad) {
        fprintf(stderr, "polka: %s\n", bad);
        free(bad);
        rc = 2;
    }
    struct db *db = rc ? NULL : connect_cli(conninfo);
    if (!rc && !db)
        rc = 1;
    struct db_error dberr = {0};
    if (!rc && report_db) { /* the reports' own connection: same login, other options */
        struct db *rdb = db_clone(db, report_db, &dberr);
        db_close(&db);
        db = rdb;
        if (!db) {
            fprintf(stderr, "polka: %s (%s)\n", db_error_message(&dberr),
                    dberr.primary ? dberr.primary : "");
            db_error_clear(&dberr);
            rc = 1;
        }
    }
    if (!rc && !report_defaults(db, r, params, &dberr)) {
        fprintf(stderr, "polka: %s\n", db_error_message(&dberr));
        db_error_clear(&dberr);
        rc = 1;
    }
    if (!rc) {
        struct sigaction sa = {.sa_handler = on_sigint};
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        struct cli_progress p = {.tty = isatty(2)};
        if (p.tty) {
            /* For the bar: the rows counted first (the statement runs twice; not for cron). */
            fputs(_("counting rows..."), stderr);
            p.total = report_count(db, r, params, NULL, &dberr);
            db_error_clear(&dberr);
            fputs("\r\033[K", stderr);
        }
        long rows = 0;
        enum report_status st = report_export(db, r, params, NULL, output, sheet_rows, cli_progress,
                                              &p, &rows, err, sizeof(err));
        if (p.tty)
            fputs("\r\033[K", stderr);
        if (st == REPORT_OK) {
            printf(_("%s: %ld rows\n"), output, rows);
        } else if (st == REPORT_CANCELLED) {
            fprintf(stderr, _("polka: cancelled after %ld rows; no file written\n"), rows);
            rc = 130;
        } else {
            fprintf(stderr, _("polka: no file written: %s\n"), err);
            rc = 1;
        }
    }
    db_close(&db);
    formset_free(&set);
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
    for (size_t i = 0; i < set.n; i++) /* a list form is a screen of its own */
        if (!set.forms[i]->list && !screen_known(set.forms[i]->name))
            fprintf(stderr, _("polka: %s: no screen of that name\n"), set.forms[i]->file);
    printf(_("%zu forms OK\n"), set.n);
    formset_free(&set);
    /* The reports: each declares its function and grid. */
    char rdir[4096];
    snprintf(rdir, sizeof(rdir), "%s/reports", dir);
    if (!load_forms(&set, rdir))
        return 1;
    int rc = 0;
    for (size_t i = 0; i < set.n; i++)
        if (!set.forms[i]->report_function) {
            fprintf(stderr, _("polka: %s: no 'report' statement\n"), set.forms[i]->file);
            rc = 1;
        }
    printf(_("%zu reports OK\n"), set.n);
    formset_free(&set);
    return rc;
}

static int run_tui(const char *conninfo, const char *forms_dir, const char *script,
                   const char *snapshot, const char *report_db)
{
    struct app app = {.forms_dir = forms_dir, .report_conninfo = report_db};
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
        {"db", required_argument, NULL, 'd'},
        {"forms", required_argument, NULL, 'f'},
        {"script", required_argument, NULL, 's'},
        {"snapshot", required_argument, NULL, 'N'},
        {"param", required_argument, NULL, 'p'},
        {"output", required_argument, NULL, 'o'},
        {"sheet-rows", required_argument, NULL, 'R'},
        {"report-db", required_argument, NULL, 'B'},
        {"dir", required_argument, NULL, 'D'},
        {"scale", required_argument, NULL, 'S'},
        {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},
        {"printer", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"since", required_argument, NULL, 'I'},
        {"again", required_argument, NULL, 'G'},
        {"jobs", required_argument, NULL, 'J'},
        {NULL, 0, NULL, 0},
    };
    const char *conninfo = NULL, *forms = datadir_path(DATADIR_FORMS);
    const char *script = NULL, *snapshot = NULL, *dir = NULL, *scale = "1";
    const char *name = NULL, *roles = NULL, *output = NULL, *printer = NULL;
    const char *since = NULL, *again = NULL, *jobs = NULL;
    const char *report_db = env_or("POLKA_REPORT_DB", NULL);
    long sheet_rows = 0;
    struct record params = {0};
    int c;
    while ((c = getopt_long(argc, argv, "hVo:", opts, NULL)) != -1) {
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
        case 'N':
            snapshot = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'B':
            report_db = optarg;
            break;
        case 'R': /* the most rows a sheet holds (tests of the sheet break) */
            sheet_rows = atol(optarg);
            break;
        case 'p': {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg) {
                fprintf(stderr, _("polka: --param wants KEY=VALUE, not '%s'\n"), optarg);
                return 2;
            }
            char *key = xstrndup(optarg, (size_t)(eq - optarg));
            record_set(&params, key, eq + 1);
            free(key);
            break;
        }
        case 'D':
            dir = optarg;
            break;
        case 'S':
            scale = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'r':
            roles = optarg;
            break;
        case 'P':
            printer = optarg;
            break;
        case 'I':
            since = optarg;
            break;
        case 'G':
            again = optarg;
            break;
        case 'J':
            jobs = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("polka %s\n", POLKA_VERSION);
            printf(_("forms: %s\nSQL: %s\nmessage catalogs: %s\n"), datadir_path(DATADIR_FORMS),
                   datadir_path(DATADIR_SQL), datadir_path(DATADIR_LOCALE));
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    int nargs = argc - optind;
    char **args = argv + optind;
    if (nargs == 0)
        return run_tui(conninfo, forms, script, snapshot, report_db);
    if (nargs == 2 && strcmp(args[0], "db") == 0 && strcmp(args[1], "migrate") == 0)
        return cmd_migrate(conninfo, dir ? dir : datadir_path(DATADIR_SQL));
    if (nargs == 2 && strcmp(args[0], "db") == 0 && strcmp(args[1], "demo") == 0)
        return cmd_demo(conninfo, dir ? dir : datadir_path(DATADIR_SQL), scale);
    if (nargs == 2 && strcmp(args[0], "forms") == 0 && strcmp(args[1], "check") == 0)
        return cmd_forms_check(dir ? dir : forms);
    if (strcmp(args[0], "user") == 0)
        return cmd_user(conninfo, nargs, args, name, roles);
    if (strcmp(args[0], "stock") == 0)
        return cmd_stock(conninfo, nargs, args);
    if (strcmp(args[0], "wms") == 0)
        return cmd_wms(conninfo, nargs, args);
    if (strcmp(args[0], "doc") == 0)
        return cmd_doc(conninfo, nargs, args, printer, output);
    if (strcmp(args[0], "bank") == 0)
        return cmd_bank(conninfo, nargs, args);
    if (strcmp(args[0], "finance") == 0)
        return cmd_finance(conninfo, nargs, args, output, since, again);
    if (strcmp(args[0], "jobs") == 0)
        return cmd_jobs(conninfo, nargs, args);
    if (strcmp(args[0], "edi") == 0)
        return cmd_edi(conninfo, jobs, nargs, args);
    if (strcmp(args[0], "excel") == 0)
        return cmd_excel(conninfo, nargs, args, output);
    if (strcmp(args[0], "notices") == 0)
        return cmd_notices(conninfo, nargs, args);
    if (strcmp(args[0], "demo") == 0)
        return cmd_demo_wms(conninfo, dir ? dir : datadir_path(DATADIR_SQL), nargs, args);
    if (strcmp(args[0], "report") == 0) {
        int rc = cmd_report(conninfo, report_db, forms, nargs, args, &params, output, sheet_rows);
        record_clear(&params);
        return rc;
    }
    fprintf(stderr, _("polka: unknown command '%s'; see polka --help\n"), args[0]);
    return 2;
}
