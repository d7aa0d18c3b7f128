/* xlsx.c: a table streamed into an .xlsx workbook (see xlsx.h). The only file that includes
 * xlsxwriter.h. Numbers are written with the "C" numeric locale (i18n_init keeps LC_NUMERIC
 * at "C"; libxlsxwriter prints them with sprintf). */
#include "polka/xlsx.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "polka/i18n.h"
#include "polka/util.h"

#define EXCEL_ROWS     1048576L
#define SHEET_NAME_MAX 31

struct sheet {
    lxw_worksheet *ws;
    char name[160];      /* as given to libxlsxwriter */
    long first_data_row; /* 0-based */
    long rows;           /* data rows on this sheet */
    long totals_row;     /* 0-based, -1 before the totals are written */
};

struct xlsx_book {
    lxw_workbook *wb;
    char *path, *tmp, *title;
    char **info;
    size_t ninfo;
    struct xlsx_col *cols;
    size_t ncols;
    long sheet_rows, rows;
    lxw_format *f_title, *f_bold, *f_header, *f_text, *f_date, **f_col, **f_total;
    struct sheet *sheets;
    size_t nsheets;
    double *sum_sheet; /* this sheet's sums, for the cached values of the formulas */
    double *sum_all;
    struct xlsx_chart chart;
    int *chart_values;
    bool has_chart;
};

static bool failf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool failf(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* "A".."XFD" for a 0-based column. */
static void col_letters(char *out, size_t col)
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col > 0 && n < sizeof(tmp)) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* 'Sheet'!$C$6:$C$105 (1-based rows in the text, 0-based arguments). */
static void range_ref(char *out, size_t len, const struct sheet *s, size_t col, long r0, long r1)
{
    char c[8], q[2 * sizeof(((struct sheet *)0)->name)];
    size_t k = 0;
    for (const char *p = s->name; *p && k + 2 < sizeof(q); p++) {
        if (*p == '\'')
            q[k++] = '\'';
        q[k++] = *p;
    }
    q[k] = '\0';
    col_letters(c, col);
    if (snprintf(out, len, "'%s'!$%s$%ld:$%s$%ld", q, c, r0 + 1, c, r1 + 1) >= (int)len)
        out[0] = '\0'; /* cannot happen with the callers' buffers: sheet names are short */
}

static const char *default_format(enum xlsx_type t)
{
    return t == XT_DATE ? "dd.mm.yyyy" : t == XT_NUMBER ? "#,##0.00" : NULL;
}

/* Sheet names: the report's title without the characters Excel refuses, cut to fit with the
 * sheet's number after the first. */
static void sheet_name(char *out, size_t len, const char *title, size_t n)
{
    char base[SHEET_NAME_MAX * 4 + 1];
    size_t k = 0, chars = 0, limit = n ? SHEET_NAME_MAX - 6 : SHEET_NAME_MAX;
    for (const unsigned char *p = (const unsigned char *)(title && *title ? title : "Report");
         *p && k + 4 < sizeof(base);) {
        size_t clen = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        if (chars == limit)
            break;
        if (*p < 0x20 || strchr("[]:*?/\\'", *p)) {
            base[k++] = ' ';
            p++;
        } else {
            for (size_t i = 0; i < clen && p[i]; i++)
                base[k++] = (char)p[i];
            p += clen;
        }
        chars++;
    }
    while (k > 0 && base[k - 1] == ' ')
        k--;
    base[k] = '\0';
    int w = n ? snprintf(out, len, "%s (%zu)", base[0] ? base : "Report", n + 1)
              : snprintf(out, len, "%s", base[0] ? base : "Report");
    if (w < 0 || (size_t)w >= len)
        out[0] = '\0';
}

static bool write_ok(lxw_error e, char *err, size_t errlen)
{
    if (e == LXW_NO_ERROR)
        return true;
    return failf(err, errlen, _("could not write the workbook: %s"), lxw_strerror(e));
}

/* A new sheet with the title block and the header; the next row is its first data row. */
static bool sheet_add(struct xlsx_book *b, char *err, size_t errlen)
{
    b->sheets = xrealloc(b->sheets, (b->nsheets + 1) * sizeof(*b->sheets));
    struct sheet *s = &b->sheets[b->nsheets];
    memset(s, 0, sizeof(*s));
    sheet_name(s->name, sizeof(s->name), b->title, b->nsheets);
    s->ws = workbook_add_worksheet(b->wb, s->name);
    if (!s->ws)
        return failf(err, errlen, _("could not add sheet '%s'"), s->name);
    b->nsheets++;
    lxw_row_t r = 0;
    lxw_error e = worksheet_write_string(s->ws, r++, 0, b->title, b->f_title);
    for (size_t i = 0; e == LXW_NO_ERROR && i < b->ninfo; i++)
        e = worksheet_write_string(s->ws, r++, 0, b->info[i], NULL);
    r++; /* a blank line before the table */
    for (size_t c = 0; e == LXW_NO_ERROR && c < b->ncols; c++) {
        e = worksheet_write_string(s->ws, r, (lxw_col_t)c, b->cols[c].title, b->f_header);
        if (e == LXW_NO_ERROR)
            e = worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
                                     b->cols[c].width > 0 ? b->cols[c].width + 1 : 10, NULL);
    }
    worksheet_freeze_panes(s->ws, r + 1, 1);
    s->first_data_row = (long)r + 1;
    s->totals_row = -1;
    memset(b->sum_sheet, 0, b->ncols * sizeof(double));
    return write_ok(e, err, errlen);
}

/* A sum of many doubles carries noise in its last digits (168397942.5600009): the formula's
 * cached value is rounded to the sixth decimal, past any of our formats. */
static double cached(double sum)
{
    return nearbyint(sum * 1e6) / 1e6;
}

/* The totals row under this sheet's rows (SUBTOTAL, so the autofilter's hidden rows do not
 * count) and the autofilter over header and rows. */
static bool sheet_finish(struct xlsx_book *b, char *err, size_t errlen)
{
    struct sheet *s = &b->sheets[b->nsheets - 1];
    long header = s->first_data_row - 1, last = s->first_data_row + s->rows - 1;
    lxw_error e =
        worksheet_autofilter(s->ws, (lxw_row_t)header, 0, (lxw_row_t)(s->rows ? last : header),
                             (lxw_col_t)(b->ncols - 1));
    bool any = false;
    for (size_t c = 0; c < b->ncols; c++)
        any = any || b->cols[c].total;
    if (!any || e != LXW_NO_ERROR)
        return write_ok(e, err, errlen);
    s->totals_row = last + 1;
    e = worksheet_write_string(s->ws, (lxw_row_t)s->totals_row, 0, _("Total"), b->f_bold);
    for (size_t c = 0; e == LXW_NO_ERROR && c < b->ncols; c++) {
        if (!b->cols[c].total || c == 0)
            continue;
        char ref[400], formula[440];
        range_ref(ref, sizeof(ref), s, c, s->first_data_row, s->rows ? last : s->first_data_row);
        /* The sheet name is not needed inside its own sheet: keep the formula plain. */
        char *bang = strchr(ref, '!');
        snprintf(formula, sizeof(formula), "=SUBTOTAL(9,%s)", bang ? bang + 1 : ref);
        e = worksheet_write_formula_num(s->ws, (lxw_row_t)s->totals_row, (lxw_col_t)c, formula,
                                        b->f_total[c], cached(b->sum_sheet[c]));
    }
    return write_ok(e, err, errlen);
}

struct xlsx_book *xlsx_open(const char *path, const char *title, const char *const *info,
                            size_t ninfo, const struct xlsx_col *cols, size_t ncols,
                            long sheet_rows, const struct xlsx_chart *chart, char *err,
                            size_t errlen)
{
    if (!path || !*path || ncols == 0 || ncols > 16384) {
        failf(err, errlen, _("nothing to export"));
        return NULL;
    }
    /* The temporary name: ".NAME.part-PID" in the same folder, so the rename is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = xmalloc(strlen(path) + 40);
    snprintf(tmp, strlen(path) + 40, "%.*s.%s.part-%ld", (int)dirlen, path, path + dirlen,
             (long)getpid());
    /* The person's alone (a report carries clients' figures), made new (an existing file or a
     * link planted under that name is refused, never followed); libxlsxwriter writes into it. */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        failf(err, errlen, _("cannot write to %.*s: %s"), dirlen ? (int)dirlen : 1,
              dirlen ? path : ".", strerror(errno));
        free(tmp);
        return NULL;
    }
    close(fd);

    struct xlsx_book *b = xcalloc(1, sizeof(*b));
    b->path = xstrdup(path);
    b->tmp = tmp;
    b->title = xstrdup(title ? title : "");
    b->ninfo = ninfo;
    b->info = xcalloc(ninfo ? ninfo : 1, sizeof(char *));
    for (size_t i = 0; i < ninfo; i++)
        b->info[i] = xstrdup(info[i] ? info[i] : "");
    b->ncols = ncols;
    b->cols = xcalloc(ncols, sizeof(*b->cols));
    for (size_t c = 0; c < ncols; c++) {
        b->cols[c] = cols[c];
        b->cols[c].title = xstrdup(cols[c].title ? cols[c].title : "");
        b->cols[c].num_format = cols[c].num_format ? xstrdup(cols[c].num_format) : NULL;
        b->cols[c].total = cols[c].total && cols[c].type == XT_NUMBER;
    }
    b->sheet_rows = sheet_rows > 0 && sheet_rows < EXCEL_ROWS ? sheet_rows : EXCEL_ROWS;
    b->sum_sheet = xcalloc(ncols, sizeof(double));
    b->sum_all = xcalloc(ncols, sizeof(double));

    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    b->wb = workbook_new_opt(tmp, &opt);
    if (!b->wb) {
        failf(err, errlen, _("could not start the workbook"));
        xlsx_abort(&b);
        return NULL;
    }
    b->f_title = workbook_add_format(b->wb);
    format_set_bold(b->f_title);
    format_set_font_size(b->f_title, 14);
    b->f_bold = workbook_add_format(b->wb);
    format_set_bold(b->f_bold);
    b->f_header = workbook_add_format(b->wb);
    format_set_bold(b->f_header);
    format_set_text_wrap(b->f_header);
    format_set_bottom(b->f_header, LXW_BORDER_THIN);
    b->f_col = xcalloc(ncols, sizeof(lxw_format *));
    b->f_total = xcalloc(ncols, sizeof(lxw_format *));
    for (size_t c = 0; c < ncols; c++) {
        const char *nf =
            b->cols[c].num_format ? b->cols[c].num_format : default_format(b->cols[c].type);
        if (!nf)
            continue;
        b->f_col[c] = workbook_add_format(b->wb);
        format_set_num_format(b->f_col[c], nf);
        b->f_total[c] = workbook_add_format(b->wb);
        format_set_num_format(b->f_total[c], nf);
        format_set_bold(b->f_total[c]);
        format_set_top(b->f_total[c], LXW_BORDER_THIN);
    }
    if (chart && chart->nvalues > 0 && (size_t)chart->category < ncols) {
        b->has_chart = true;
        b->chart = *chart;
        b->chart.type = xstrdup(chart->type ? chart->type : "column");
        b->chart.title = chart->title ? xstrdup(chart->title) : NULL;
        b->chart_values = xcalloc(chart->nvalues, sizeof(int));
        for (size_t i = 0; i < chart->nvalues; i++)
            b->chart_values[i] = chart->values[i] >= 0 && (size_t)chart->values[i] < ncols
                                     ? chart->values[i]
                                     : chart->category;
        b->chart.values = b->chart_values;
    }
    if (!sheet_add(b, err, errlen)) {
        xlsx_abort(&b);
        return NULL;
    }
    return b;
}

/* PostgreSQL's date text (YYYY-MM-DD) into a date; false when it is something else. */
static bool parse_date(const char *v, lxw_datetime *dt)
{
    int y, m, d;
    char tail;
    if (sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return false;
    *dt = (lxw_datetime){.year = y, .month = m, .day = d};
    return true;
}

bool xlsx_row(struct xlsx_book *b, const char *const *values, char *err, size_t errlen)
{
    struct sheet *s = &b->sheets[b->nsheets - 1];
    if (s->rows == b->sheet_rows || s->first_data_row + s->rows + 2 >= EXCEL_ROWS) {
        if (!sheet_finish(b, err, errlen) || !sheet_add(b, err, errlen))
            return false;
        s = &b->sheets[b->nsheets - 1];
    }
    lxw_row_t r = (lxw_row_t)(s->first_data_row + s->rows);
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; c < b->ncols && e == LXW_NO_ERROR; c++) {
        const char *v = values[c];
        if (!v)
            continue;
        const struct xlsx_col *col = &b->cols[c];
        if (col->type == XT_NUMBER) {
            char *end;
            double x = strtod(v, &end);
            if (end != v && *end == '\0') {
                e = worksheet_write_number(s->ws, r, (lxw_col_t)c, x, b->f_col[c]);
                b->sum_sheet[c] += x;
                b->sum_all[c] += x;
                continue;
            }
        } else if (col->type == XT_DATE) {
            lxw_datetime dt;
            if (parse_date(v, &dt)) {
                e = worksheet_write_datetime(s->ws, r, (lxw_col_t)c, &dt, b->f_col[c]);
                continue;
            }
        }
        e = worksheet_write_string(s->ws, r, (lxw_col_t)c, v, NULL);
    }
    if (e != LXW_NO_ERROR)
        return write_ok(e, err, errlen);
    s->rows++;
    b->rows++;
    return true;
}

long xlsx_rows(const struct xlsx_book *b)
{
    return b ? b->rows : 0;
}

static lxw_chart *chart_make(struct xlsx_book *b)
{
    static const struct {
        const char *name;
        uint8_t type;
    } types[] = {{"column", LXW_CHART_COLUMN},
                 {"bar", LXW_CHART_BAR},
                 {"line", LXW_CHART_LINE},
                 {"pie", LXW_CHART_PIE}};
    uint8_t type = LXW_CHART_COLUMN;
    for (size_t i = 0; i < ARRAY_SIZE(types); i++)
        if (strcmp(types[i].name, b->chart.type) == 0)
            type = types[i].type;
    const struct sheet *s = &b->sheets[0];
    if (s->rows == 0)
        return NULL;
    lxw_chart *ch = workbook_add_chart(b->wb, type);
    if (!ch)
        return NULL;
    long r0 = s->first_data_row, r1 = s->first_data_row + s->rows - 1;
    char cats[400], vals[400], name[200];
    range_ref(cats, sizeof(cats), s, (size_t)b->chart.category, r0, r1);
    for (size_t i = 0; i < b->chart.nvalues; i++) {
        size_t c = (size_t)b->chart.values[i];
        range_ref(vals, sizeof(vals), s, c, r0, r1);
        char cref[420], vref[420];
        snprintf(cref, sizeof(cref), "=%s", cats);
        snprintf(vref, sizeof(vref), "=%s", vals);
        lxw_chart_series *ser = chart_add_series(ch, cref, vref);
        if (!ser)
            return NULL;
        snprintf(name, sizeof(name), "%s", b->cols[c].title);
        chart_series_set_name(ser, name);
    }
    if (b->chart.title)
        chart_title_set_name(ch, b->chart.title);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    return ch;
}

bool xlsx_close(struct xlsx_book **bp, char *err, size_t errlen)
{
    struct xlsx_book *b = *bp;
    if (!b)
        return false;
    if (!sheet_finish(b, err, errlen)) {
        xlsx_abort(bp);
        return false;
    }
    struct sheet *last = &b->sheets[b->nsheets - 1];
    lxw_error e = LXW_NO_ERROR;
    if (b->nsheets > 1 && last->totals_row >= 0) {
        /* The grand total: the sheets' totals added up. */
        lxw_row_t r = (lxw_row_t)(last->totals_row + 1);
        e = worksheet_write_string(last->ws, r, 0, _("Total, all sheets"), b->f_bold);
        for (size_t c = 1; e == LXW_NO_ERROR && c < b->ncols; c++) {
            if (!b->cols[c].total)
                continue;
            char formula[8192] = "=", ref[400];
            size_t len = 1;
            for (size_t i = 0; i < b->nsheets && len + 420 < sizeof(formula); i++) {
                range_ref(ref, sizeof(ref), &b->sheets[i], c, b->sheets[i].totals_row,
                          b->sheets[i].totals_row);
                char *colon = strrchr(ref, ':');
                if (colon)
                    *colon = '\0'; /* one cell */
                len += (size_t)snprintf(formula + len, sizeof(formula) - len, "%s%s", i ? "+" : "",
                                        ref);
            }
            e = worksheet_write_formula_num(last->ws, r, (lxw_col_t)c, formula, b->f_total[c],
                                            cached(b->sum_all[c]));
        }
    }
    if (e == LXW_NO_ERROR && b->has_chart) {
        lxw_chart *ch = chart_make(b);
        if (ch)
            e = worksheet_insert_chart(b->sheets[0].ws, (lxw_row_t)b->sheets[0].first_data_row,
                                       (lxw_col_t)(b->ncols + 1), ch);
    }
    if (e != LXW_NO_ERROR) {
        write_ok(e, err, errlen);
        xlsx_abort(bp);
        return false;
    }
    e = workbook_close(b->wb);
    b->wb = NULL;
    if (e != LXW_NO_ERROR) {
        int saved = errno;
        failf(err, errlen, _("could not write %s: %s (%s)"), b->path, lxw_strerror(e),
              saved ? strerror(saved) : "?");
        xlsx_abort(bp);
        return false;
    }
    if (rename(b->tmp, b->path) != 0) {
        failf(err, errlen, _("could not write %s: %s"), b->path, strerror(errno));
        xlsx_abort(bp);
        return false;
    }
    free(b->tmp);
    b->tmp = NULL;
    xlsx_abort(bp);
    return true;
}

void xlsx_abort(struct xlsx_book **bp)
{
    struct xlsx_book *b = bp ? *bp : NULL;
    if (!b)
        return;
    if (b->wb)
        lxw_workbook_free(b->wb); /* nothing written; the sheets' temporary files go with it */
    if (b->tmp) {
        unlink(b->tmp);
        free(b->tmp);
    }
    for (size_t c = 0; c < b->ncols; c++) {
        free((char *)b->cols[c].title);
        free((char *)b->cols[c].num_format);
    }
    for (size_t i = 0; i < b->ninfo; i++)
        free(b->info[i]);
    free(b->info);
    free(b->cols);
    free(b->f_col);
    free(b->f_total);
    free(b->sheets);
    free(b->sum_sheet);
    free(b->sum_all);
    free((char *)b->chart.type);
    free((char *)b->chart.title);
    free(b->chart_values);
    free(b->path);
    free(b->title);
    free(b);
    *bp = NULL;
}
