/* pdf.c: the PDF file of print.h: a cairo PDF surface writing to a temporary file, renamed
 * when complete. Each document is laid out by its form (forms.c) over the page kit (page.c),
 * first dry to count its pages, then once per copy. */
#include "polka/print.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "page.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

struct print_pdf {
    char *path, *tmp;
    FILE *file;
    int write_errno; /* the first failed write's errno; 0 while none failed */
    cairo_surface_t *surface;
    struct kit kit;
    int pages;
};

static bool failf(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool failf(char **err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        *err = xvasprintf(fmt, ap);
        va_end(ap);
    }
    return false;
}

/* cairo's output, through stdio's buffer. The first error sticks: cairo then stops drawing and
 * print_pdf_close reports it. */
static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
    struct print_pdf *p = closure;
    if (p->write_errno)
        return CAIRO_STATUS_WRITE_ERROR;
    errno = 0;
    if (fwrite(data, 1, len, p->file) != len) {
        p->write_errno = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Frees p and removes its temporary file (nothing of a failed PDF stays behind). */
static void discard(struct print_pdf *p)
{
    kit_close(&p->kit);
    if (p->surface)
        cairo_surface_destroy(p->surface);
    if (p->file)
        fclose(p->file);
    if (p->tmp)
        unlink(p->tmp);
    free(p->tmp);
    free(p->path);
    free(p);
}

struct print_pdf *print_pdf_open(const char *path, char **err)
{
    if (!path || !*path) {
        failf(err, _("the PDF needs a file name"));
        return NULL;
    }
    /* The temporary name: ".NAME.part-PID" in the same folder, so the rename is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = xasprintf("%.*s.%s.part-%ld", (int)dirlen, path, path + dirlen, (long)getpid());
    /* The person's alone (documents carry clients' figures), made new (an existing file or a
     * link planted under that name is refused, never followed). */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        failf(err, _("cannot write to %.*s: %s"), dirlen ? (int)dirlen : 1, dirlen ? path : ".",
              strerror(errno));
        free(tmp);
        return NULL;
    }
    struct print_pdf *p = xcalloc(1, sizeof(*p));
    p->path = xstrdup(path);
    p->tmp = tmp;
    p->file = fdopen(fd, "wb");
    if (!p->file) {
        failf(err, _("could not write %s: %s"), path, strerror(errno));
        close(fd);
        discard(p);
        return NULL;
    }
    p->surface = cairo_pdf_surface_create_for_stream(write_out, p, PAGE_W, PAGE_H);
    cairo_status_t st = cairo_surface_status(p->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        failf(err, _("could not start the PDF: %s"), cairo_status_to_string(st));
        discard(p);
        return NULL;
    }
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "Polka");
    if (!kit_open(&p->kit, p->surface, err)) {
        discard(p);
        return NULL;
    }
    return p;
}

/* Why the PDF cannot go on, when it cannot: a failed write, or cairo's own error. */
static bool pdf_ok(const struct print_pdf *p, char **err)
{
    if (p->write_errno)
        return failf(err, _("could not write %s: %s"), p->path, strerror(p->write_errno));
    cairo_status_t st = cairo_status(p->kit.cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(p->surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return failf(err, _("could not make the PDF %s: %s"), p->path, cairo_status_to_string(st));
    return true;
}

bool print_pdf_add(struct print_pdf *p, const struct doc *d, int copies, char **err)
{
    const char *name = record_get(&d->head, "form");
    const struct form *form = form_find(name);
    if (!form) {
        char *shown = text_sanitize(name ? name : "", name ? strlen(name) : 0, 40);
        failf(err, _("unknown print form \"%s\" (upd, tn, packing_list or quality_cert)"), shown);
        free(shown);
        return false;
    }
    if (copies < 0)
        return failf(err, _("cannot print %d copies"), copies);
    if (!pdf_ok(p, err))
        return false;
    const char *code = record_get(&d->head, "code");
    struct barcode bar;
    if (!barcode_make(&bar, code, err)) {
        barcode_free(&bar);
        return false;
    }
    if (copies == 0) { /* valid, and nothing to print */
        barcode_free(&bar);
        return true;
    }
    struct sheet s = {.kit = &p->kit,
                      .head = &d->head,
                      .barcode = &bar,
                      .code = code,
                      .continued = form->continued,
                      .copies = copies,
                      .dry = true};
    sheet_begin(&s);
    form->lay(&s, d);
    sheet_end(&s);
    s.pages = s.page;
    s.dry = false;
    for (s.copy = 1; s.copy <= copies; s.copy++) {
        sheet_begin(&s);
        form->lay(&s, d);
        sheet_end(&s);
        p->pages += s.page;
    }
    barcode_free(&bar);
    return pdf_ok(p, err);
}

int print_pdf_pages(const struct print_pdf *p)
{
    return p ? p->pages : 0;
}

bool print_pdf_close(struct print_pdf *p, char **err)
{
    if (!p)
        return false;
    bool ok = pdf_ok(p, err);
    if (ok && p->pages == 0)
        ok = failf(err, _("nothing to print: no document was added"));
    kit_close(&p->kit);
    cairo_surface_finish(p->surface);
    cairo_status_t st = cairo_surface_status(p->surface);
    if (ok && p->write_errno)
        ok = failf(err, _("could not write %s: %s"), p->path, strerror(p->write_errno));
    else if (ok && st != CAIRO_STATUS_SUCCESS)
        ok = failf(err, _("could not make the PDF %s: %s"), p->path, cairo_status_to_string(st));
    cairo_surface_destroy(p->surface);
    p->surface = NULL;
    /* The last of stdio's buffer goes out here: a full disk may show only now. */
    FILE *f = p->file;
    p->file = NULL;
    if (fclose(f) != 0 && ok)
        ok = failf(err, _("could not write %s: %s"), p->path, strerror(errno));
    if (ok && rename(p->tmp, p->path) != 0)
        ok = failf(err, _("could not write %s: %s"), p->path, strerror(errno));
    if (ok) {
        free(p->tmp);
        p->tmp = NULL;
    }
    discard(p);
    return ok;
}
