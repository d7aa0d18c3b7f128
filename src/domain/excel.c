/* excel.c: see domain/excel.h. */
#include "polka/domain/excel.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "polka/record.h"
#include "polka/text.h"
#include "polka/xlsx_template.h"
#include "polka/xlsxread.h"

bool excel_template(struct db *db, const char *client, const char *path, char **why,
                    struct db_error *err)
{
    struct record head = {0};
    struct rowset points = {0}, products = {0};
    const char *p[1] = {client};
    bool ok = row_fetch(db,
                        "SELECT c.id, c.code, c.name, x ->> 'agreement_id' AS agreement, "
                        "       x ->> 'ship_on' AS ship_on "
                        "  FROM polka.partners c, polka.order_context(c.id) x "
                        " WHERE (c.code = $1 OR c.id::text = $1) AND c.kind = 'client'",
                        1, p, true, &head, err);
    if (ok && !head.n) {
        *why = xasprintf(_("No client with code %s."), client);
        ok = false;
    } else if (ok && str_empty(record_get(&head, "agreement"))) {
        *why = xasprintf(_("Client %s has no agreement in force: the form would have no prices."),
                         client);
        ok = false;
    }
    const char *q[3] = {record_get(&head, "id"), record_get(&head, "agreement"),
                        record_get(&head, "ship_on")};
    ok = ok && rows_fetch(db,
                          "SELECT name FROM polka.delivery_points "
                          " WHERE partner_id = $1::bigint AND active ORDER BY name, id",
                          1, q, &points, err);
    /* The client's assortment (all that is sold when it has none), with a price. */
    ok = ok && rows_fetch(db,
                          "SELECT code, name, unit, trim_scale(pack_qty)::text AS pack, "
                          "       price::text AS price "
                          "  FROM polka.order_products($2::bigint, $3::date, $1::bigint) "
                          " WHERE coalesce(in_assortment, true) AND price IS NOT NULL "
                          " ORDER BY code",
                          3, q, &products, err);
    if (ok && !products.n) {
        *why = xasprintf(_("Client %s has no product with a price to order."), client);
        ok = false;
    }
    if (ok) {
        const char **names = xcalloc(points.n + 1, sizeof(*names));
        for (size_t i = 0; i < points.n; i++)
            names[i] = record_get(points.rows[i], "name");
        struct order_template_product *prods = xcalloc(products.n, sizeof(*prods));
        for (size_t i = 0; i < products.n; i++) {
            const struct record *r = products.rows[i];
            prods[i] = (struct order_template_product){record_get(r, "code"), record_get(r, "name"),
                                                       record_get(r, "unit"), record_get(r, "pack"),
                                                       record_get(r, "price")};
        }
        struct order_template t = {record_get(&head, "code"),
                                   record_get(&head, "name"),
                                   names,
                                   points.n,
                                   record_get(&head, "ship_on"),
                                   prods,
                                   products.n};
        char msg[512];
        ok = xlsx_order_template(path, &t, msg, sizeof(msg));
        if (!ok)
            *why = xstrdup(msg);
        free(names);
        free(prods);
    }
    record_clear(&head);
    rowset_clear(&points);
    rowset_clear(&products);
    return ok;
}

/* A cell's text, trimmed ("" for none). */
static char *cell_text(const struct xlsxr_row *row, int col)
{
    const struct xlsxr_cell *c = xlsxr_cell(row, col);
    if (!c || c->type == XLSXR_EMPTY || c->type == XLSXR_ERROR)
        return xstrdup("");
    const char *b = c->text, *e = c->text + c->len;
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    return xstrndup(b, (size_t)(e - b));
}

/* The day cell: a date (its serial) or text as YYYY-MM-DD or DD.MM.YYYY; "" when none. */
static char *day_text(const struct xlsxr *x, const struct xlsxr_row *row, int col)
{
    const struct xlsxr_cell *c = xlsxr_cell(row, col);
    int y, m, d;
    if (c && c->type == XLSXR_NUMBER) {
        if (xlsxr_serial_date(strtod(c->text, NULL), xlsxr_date1904(x), &y, &m, &d))
            return xasprintf("%04d-%02d-%02d", y, m, d);
        return xstrdup("");
    }
    char *t = cell_text(row, col);
    if (sscanf(t, "%2d.%2d.%4d", &d, &m, &y) == 3) {
        free(t);
        return xasprintf("%04d-%02d-%02d", y, m, d);
    }
    return t; /* the database says whether it is a day */
}

/* FNV-1a of the bytes: the same file again is the same order. */
static uint64_t fnv1a(const char *buf, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)buf[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void add_fault(struct strbuf *faults, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_fault(struct strbuf *faults, size_t *n, const char *fmt, ...)
{
    if (++*n > 10)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    strbuf_printf(faults, "%s%s", faults->len ? "; " : "", s);
    free(s);
}

/* The reader's refusal (freed) after the file's name, as the other refusals have it. */
static char *named(const char *path, char *why)
{
    char *s = xasprintf("%s: %s", path, why);
    free(why);
    return s;
}

bool excel_import(struct db *db, const char *path, struct excel_result *res, char **why,
                  struct db_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        *why = xasprintf("%s: %s", path, strerror(errno));
        return false;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > EXCEL_MAX_FILE) {
        *why = xasprintf(_("%s is not an order form: not a file of at most %d MB"), path,
                         EXCEL_MAX_FILE / 1000 / 1000);
        return false;
    }
    size_t len = 0;
    char *buf = util_read_file(path, &len);
    if (!buf) {
        *why = xasprintf("%s: %s", path, strerror(errno));
        return false;
    }
    char *rwhy = NULL;
    struct xlsxr *x = xlsxr_open_mem(buf, len, &rwhy);
    if (!x) {
        *why = named(path, rwhy);
        free(buf);
        return false;
    }
    struct doc d = {0};
    struct rowset *lines = doc_section(&d, "lines");
    struct strbuf faults = {0};
    size_t nfaults = 0;
    bool header = false;
    struct xlsxr_row row;
    int got;
    while ((got = xlsxr_next(x, &row, &rwhy)) == 1) {
        long r = row.row - 1; /* 0-based, as xlsx_template.h counts */
        if (r == XTPL_ROW_CLIENT) {
            char *v = cell_text(&row, 1);
            record_set(&d.head, "client_code", v);
            free(v);
        } else if (r == XTPL_ROW_POINT) {
            char *v = cell_text(&row, 1);
            record_set(&d.head, "point_name", v);
            free(v);
        } else if (r == XTPL_ROW_DAY) {
            char *v = day_text(x, &row, 1);
            record_set(&d.head, "requested_on", v);
            free(v);
        } else if (r == XTPL_ROW_NUMBER) {
            char *v = cell_text(&row, 1);
            record_set(&d.head, "number", v);
            free(v);
        } else if (r == XTPL_ROW_HEADER) {
            char *v = cell_text(&row, XTPL_COL_CODE);
            header = str_eq(v, XTPL_HEADER_CODE);
            free(v);
        } else if (r > XTPL_ROW_HEADER && header) {
            char *code = cell_text(&row, XTPL_COL_CODE), *qty = cell_text(&row, XTPL_COL_QTY);
            const struct xlsxr_cell *qc = xlsxr_cell(&row, XTPL_COL_QTY);
            int64_t q = 0;
            if (!*qty) {
                /* not ordered */
            } else if (!qc || qc->type != XLSXR_NUMBER || xlsxr_number(qc->text, 3, &q) != 0) {
                add_fault(&faults, &nfaults,
                          _("row %ld: the quantity \"%s\" is not a number of at most 3 decimals"),
                          row.row, qty);
            } else if (q < 0) {
                add_fault(&faults, &nfaults, _("row %ld: the quantity %s is below zero"), row.row,
                          qty);
            } else if (q > 0 && !*code) {
                add_fault(&faults, &nfaults, _("row %ld: a quantity without a product code"),
                          row.row);
            } else if (q > 0) {
                struct record *l = xcalloc(1, sizeof(*l));
                char n[24], qt[32];
                snprintf(n, sizeof(n), "%ld", row.row);
                snprintf(qt, sizeof(qt), "%" PRId64 ".%03" PRId64, q / 1000, q % 1000);
                record_set(l, "n", n);
                record_set(l, "code", code);
                record_set(l, "qty", qt);
                /* The product's name as the row says it, for the card (what the message said);
                 * the unit column is ours and the quantity is in it, so it is not passed (an
                 * EDI unit such as CT would multiply it by the pack). */
                char *name = cell_text(&row, XTPL_COL_NAME);
                char *shown = text_sanitize(name, strlen(name), 300);
                record_set(l, "name", *shown ? shown : NULL);
                free(shown);
                free(name);
                rowset_add(lines, l);
            }
            free(code);
            free(qty);
        }
    }
    bool ok = got == 0;
    if (!ok)
        *why = named(path, rwhy);
    else if (!header || str_empty(record_get(&d.head, "client_code")))
        *why = xasprintf(
            _("%s is not Polka's order form: no client in B2 or no column titles in row %d"), path,
            XTPL_ROW_HEADER + 1);
    else if (nfaults)
        *why = xasprintf(_("%s is refused, %zu rows to correct: %s%s"), path, nfaults, faults.buf,
                         nfaults > 10 ? "; ..." : "");
    else if (!lines->n)
        *why = xasprintf(_("%s orders nothing: no quantity is filled in"), path);
    ok = ok && !*why;
    if (ok) {
        const char *slash = strrchr(path, '/');
        record_set(&d.head, "channel", "excel");
        record_set(&d.head, "sender", record_get(&d.head, "client_code"));
        record_set(&d.head, "file_name", slash ? slash + 1 : path);
        if (str_empty(record_get(&d.head, "number"))) {
            char h[32];
            snprintf(h, sizeof(h), "XL-%016" PRIx64, fnv1a(buf, len));
            record_set(&d.head, "number", h);
        }
        res->lines = lines->n;
        res->number = xstrdup(record_get(&d.head, "number"));
        char *json = doc_to_json(&d, NULL);
        const char *p[1] = {json};
        struct record a = {0};
        ok = row_fetch(
            db,
            "SELECT j ->> 'id' AS id, j ->> 'state' AS state, j ->> 'order_number' AS "
            "order_number, j ->> 'replayed' AS replayed, "
            "array_to_string(ARRAY(SELECT jsonb_array_elements_text(j -> 'problems')), ',') "
            "AS problems FROM polka.intake_receive($1::jsonb) j",
            1, p, false, &a, err);
        if (ok) {
            res->intake_id = xstrdup(record_get(&a, "id"));
            res->state = xstrdup(record_get(&a, "state"));
            res->order_number = xstrdup(record_get(&a, "order_number"));
            res->problems = xstrdup(record_get(&a, "problems"));
            res->replayed = str_eq(record_get(&a, "replayed"), "true");
        }
        record_clear(&a);
        free(json);
    }
    strbuf_release(&faults);
    doc_clear(&d);
    xlsxr_close(&x);
    free(buf);
    return ok;
}

void excel_result_free(struct excel_result *res)
{
    free(res->state);
    free(res->order_number);
    free(res->problems);
    free(res->number);
    free(res->intake_id);
    memset(res, 0, sizeof(*res));
}
