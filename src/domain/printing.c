/* printing.c: see domain/printing.h. */
#include "polka/domain/printing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/print.h"
#include "polka/util.h"

void print_outcome_free(struct print_outcome *o)
{
    xfree(&o->job);
    xfree(&o->printer);
    o->documents = o->pages = 0;
}

static bool db_failed(struct db_error *e, char **err)
{
    *err = xstrdup(db_error_words(e) ? db_error_words(e) : db_error_message(e));
    db_error_clear(e);
    return false;
}

bool print_render(struct db *db, const char *trip_id, const char *doc_id, bool one_copy,
                  const char *path, struct print_outcome *out, char **items_json, char **err)
{
    struct db_error e = {0};
    struct rowset set = {0};
    const char *p[2] = {trip_id, doc_id};
    /* A document alone: its trip from the document (the set function takes both). */
    if (!rows_fetch(db,
                    "SELECT s.document_id, s.code, s.form, s.copies"
                    "  FROM polka.trip_print_set(coalesce($1::bigint,"
                    "       (SELECT d.trip_id FROM polka.documents d WHERE d.id = $2::bigint)),"
                    "       $2::bigint) s ORDER BY s.k",
                    2, p, &set, &e))
        return db_failed(&e, err);
    if (!set.n) {
        rowset_clear(&set);
        *err = xstrdup(doc_id ? _("The document has nothing to print: it is cancelled, or its "
                                  "print rules ask for no copy.")
                              : _("The trip has no documents to print: make them first (F9)."));
        return false;
    }
    struct print_pdf *pdf = print_pdf_open(path, err);
    if (!pdf) {
        rowset_clear(&set);
        return false;
    }
    struct strbuf items = {0};
    bool ok = true;
    strbuf_puts(&items, "[");
    for (size_t i = 0; ok && i < set.n; i++) {
        const struct record *r = set.rows[i];
        const char *q[2] = {record_get(r, "document_id"), record_get(r, "form")};
        struct doc d = {0};
        int copies = one_copy ? 1 : atoi(record_get(r, "copies"));
        int before = print_pdf_pages(pdf);
        if (!doc_fetch_params(db, DOC_ROWS("polka.document_print($1::bigint, $2)"), 2, q, &d, &e))
            ok = db_failed(&e, err);
        else
            ok = print_pdf_add(pdf, &d, copies, err);
        doc_clear(&d);
        if (ok) {
            int pages = copies ? (print_pdf_pages(pdf) - before) / copies : 0;
            strbuf_printf(&items,
                          "%s{\"document_id\": %s, \"form\": \"%s\", \"copies\": %d, "
                          "\"pages\": %d}",
                          i ? ", " : "", q[0], q[1], copies, pages);
            out->documents++;
        }
    }
    strbuf_puts(&items, "]");
    out->pages = print_pdf_pages(pdf);
    char *close_err = NULL;
    if (!print_pdf_close(pdf, ok ? err : &close_err))
        ok = false;
    free(close_err);
    rowset_clear(&set);
    if (ok && items_json)
        *items_json = strbuf_detach(&items);
    strbuf_release(&items);
    return ok;
}

/* A folder of its own for a print file (mkdtemp: 0700, a name nobody can guess or plant);
 * NULL with *err. Caller removes and frees it. */
static char *print_folder(char **err)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/polka-print-XXXXXX", str_empty(tmp) ? "/tmp" : tmp);
    if (!mkdtemp(dir)) {
        *err = xasprintf(_("No folder for the print file: %s"), strerror(errno));
        free(dir);
        return NULL;
    }
    return dir;
}

bool print_documents(struct db *db, const char *trip_id, const char *doc_id, const char *printer,
                     struct print_outcome *out, char **err)
{
    char *chosen = printer && *printer ? xstrdup(printer) : print_printer();
    if (!chosen) {
        *err = xstrdup(_("No printer is chosen and the print server has no default one."));
        return false;
    }
    char *dir = print_folder(err);
    if (!dir) {
        free(chosen);
        return false;
    }
    char *path = xasprintf("%s/set.pdf", dir);
    char *items = NULL;
    bool ok = print_render(db, trip_id, doc_id, false, path, out, &items, err);
    char *job = NULL;
    if (ok) {
        char *title = xasprintf("polka %s", doc_id ? doc_id : trip_id);
        ok = print_submit(chosen, path, title, &job, err);
        free(title);
        unlink(path);
    }
    rmdir(dir);
    free(dir);
    if (ok) {
        out->job = job;
        out->printer = xstrdup(chosen);
        struct db_error e = {0};
        const char *p[4] = {items, chosen, job, doc_id ? "true" : "false"};
        char *n = value_fetch(db, "SELECT polka.print_done($1::jsonb, $2, $3, $4::boolean)", 4, p,
                              false, &e);
        if (!n) {
            /* Not logged: the job withdrawn while the server holds it, so that printing again
             * does not print twice; else it is out, unlogged, and the sentence says so. */
            const char *why = db_error_words(&e) ? db_error_words(&e) : db_error_message(&e);
            *err = print_withdraw(chosen, job)
                       ? xasprintf(_("The print log could not be written (%s): job %s was "
                                     "withdrawn, nothing printed. Print again."),
                                   why, job)
                       : xasprintf(_("Printer %s printed job %s, but the print log could not be "
                                     "written (%s): the documents show as not printed."),
                                   chosen, job, why);
            db_error_clear(&e);
            ok = false;
        }
        free(n);
    }
    free(items);
    free(path);
    free(chosen);
    return ok;
}

/* The file that remembers this workstation's printer; NULL without a state folder. */
static char *printer_file(void)
{
    char *dir = state_dir();
    if (!dir)
        return NULL;
    char *path = xasprintf("%s/printer", dir);
    free(dir);
    return path;
}

char *print_printer(void)
{
    const char *env = getenv("POLKA_PRINTER");
    if (!str_empty(env))
        return xstrdup(env);
    char *path = printer_file();
    FILE *f = path ? fopen(path, "r") : NULL;
    free(path);
    if (f) {
        char line[256] = "";
        bool got = fgets(line, sizeof(line), f) != NULL;
        fclose(f);
        line[strcspn(line, "\r\n")] = '\0';
        if (got && *line)
            return xstrdup(line);
    }
    return print_default_printer();
}

bool print_printer_keep(const char *name)
{
    char *path = printer_file();
    FILE *f = path ? fopen(path, "w") : NULL;
    free(path);
    if (!f)
        return false;
    bool ok = fprintf(f, "%s\n", name) > 0;
    return fclose(f) == 0 && ok;
}

bool print_correction_render(struct db *db, const char *correction, const char *path,
                             struct print_outcome *out, char **err)
{
    struct db_error e = {0};
    struct doc d = {0};
    const char *p[1] = {correction};
    if (!doc_fetch_params(db, DOC_ROWS("polka.correction_print(polka.correction_find($1))"), 1, p,
                          &d, &e))
        return db_failed(&e, err);
    struct print_pdf *pdf = print_pdf_open(path, err);
    bool ok = pdf && print_pdf_add(pdf, &d, 1, err);
    if (pdf) {
        out->documents = ok;
        out->pages = print_pdf_pages(pdf);
        char *close_err = NULL;
        if (!print_pdf_close(pdf, ok ? err : &close_err))
            ok = false;
        free(close_err);
    }
    doc_clear(&d);
    return ok;
}

bool print_correction(struct db *db, const char *correction, const char *printer,
                      struct print_outcome *out, char **err)
{
    char *dir = print_folder(err);
    if (!dir)
        return false;
    char *path = xasprintf("%s/ukd.pdf", dir);
    char *job = NULL;
    bool ok = print_correction_render(db, correction, path, out, err);
    if (ok) {
        char *title = xasprintf("polka %s", correction);
        ok = print_submit(printer, path, title, &job, err);
        free(title);
        unlink(path);
    }
    rmdir(dir);
    free(dir);
    free(path);
    if (ok) {
        out->job = job;
        out->printer = xstrdup(printer);
    }
    return ok;
}
