/* xlsx_raw: the floor of tests/bench/export, a raw libxlsxwriter constant-memory write of a
 * table held in memory. This is a benchmark tool, not part of the app: the layering rule "only
 * src/export includes xlsxwriter.h" is about the app's code, and this program includes it on
 * purpose, to measure libxlsxwriter alone.
 *
 *   xlsx_raw ROWS.copy OUT.xlsx TITLE INFO COLUMN...
 *
 * ROWS.copy is the output of COPY ... TO STDOUT (text format). Each COLUMN is
 * "TYPE|FORMAT|WIDTH|TOTAL|TITLE": TYPE t (text) or n (number), FORMAT an Excel number format
 * (numbers only), WIDTH in characters, TOTAL 1 for a SUBTOTAL in the totals row. The rows are
 * first loaded into memory, numbers already converted to doubles (not timed); then only the
 * workbook is timed, from workbook_new_opt to workbook_close included: the layout src/export/
 * xlsx.c writes (bold title, the info line, a blank line, the bold frozen header with column
 * widths, the typed cells with the columns' formats, the autofilter, the totals row of
 * SUBTOTAL formulas with cached values). Prints "seconds rows" on stdout. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

struct col {
    char type; /* 't' or 'n' */
    const char *format, *title;
    int width;
    int total;
};

struct cell {
    const char *s; /* text, or NULL for a number or an SQL NULL */
    double x;
    int is_null;
};

static void die(const char *msg)
{
    fprintf(stderr, "xlsx_raw: %s\n", msg);
    exit(1);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open the rows file");
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        die("out of memory");
    buf = realloc(buf, n + 1);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* COPY text format: backslash escapes decoded in place. */
static void unescape(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p != '\\' || !p[1]) {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 't':
            *o++ = '\t';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'v':
            *o++ = '\v';
            break;
        default:
            *o++ = *p;
            break;
        }
    }
    *o = '\0';
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(lxw_error e)
{
    if (e != LXW_NO_ERROR) {
        fprintf(stderr, "xlsx_raw: %s\n", lxw_strerror(e));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 6)
        die("usage: xlsx_raw ROWS.copy OUT.xlsx TITLE INFO TYPE|FORMAT|WIDTH|TOTAL|TITLE...");
    const char *title = argv[3], *info = argv[4];
    size_t ncols = (size_t)(argc - 5);
    struct col *cols = calloc(ncols, sizeof(*cols));
    for (size_t c = 0; c < ncols; c++) {
        char *spec = argv[5 + c], *f[5];
        for (int i = 0; i < 5; i++) {
            f[i] = spec;
            char *bar = i < 4 ? strchr(spec, '|') : NULL;
            if (i < 4 && !bar)
                die("a column is TYPE|FORMAT|WIDTH|TOTAL|TITLE");
            if (bar) {
                *bar = '\0';
                spec = bar + 1;
            }
        }
        cols[c] = (struct col){.type = f[0][0],
                               .format = f[1],
                               .width = atoi(f[2]),
                               .total = atoi(f[3]),
                               .title = f[4]};
    }

    /* Load: not timed. */
    size_t len;
    char *buf = slurp(argv[1], &len);
    size_t nrows = 0;
    for (size_t i = 0; i < len; i++)
        nrows += buf[i] == '\n';
    struct cell *cells = calloc(nrows > 0 ? nrows * ncols : 1, sizeof(*cells));
    if (!cells)
        die("out of memory");
    char *p = buf;
    for (size_t r = 0; r < nrows; r++) {
        char *eol = strchr(p, '\n');
        *eol = '\0';
        for (size_t c = 0; c < ncols; c++) {
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            else if (c + 1 < ncols)
                die("a row has too few columns");
            struct cell *cl = &cells[r * ncols + c];
            if (strcmp(p, "\\N") == 0) {
                cl->is_null = 1;
            } else if (cols[c].type == 'n') {
                char *end;
                cl->x = strtod(p, &end);
                if (*end)
                    die("a number column has text");
            } else {
                unescape(p);
                cl->s = p;
            }
            p = tab ? tab + 1 : eol;
        }
        p = eol + 1;
    }
    double *sums = calloc(ncols, sizeof(double));
    char generated[128];
    snprintf(generated, sizeof(generated), "%s", info);

    /* The write: timed. */
    double t0 = now();
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
    if (!wb)
        die("cannot start the workbook");
    lxw_format *f_title = workbook_add_format(wb);
    format_set_bold(f_title);
    format_set_font_size(f_title, 14);
    lxw_format *f_bold = workbook_add_format(wb);
    format_set_bold(f_bold);
    lxw_format *f_header = workbook_add_format(wb);
    format_set_bold(f_header);
    format_set_text_wrap(f_header);
    format_set_bottom(f_header, LXW_BORDER_THIN);
    lxw_format **f_col = calloc(ncols, sizeof(*f_col)), **f_total = calloc(ncols, sizeof(*f_total));
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].type != 'n')
            continue;
        f_col[c] = workbook_add_format(wb);
        format_set_num_format(f_col[c], cols[c].format);
        f_total[c] = workbook_add_format(wb);
        format_set_num_format(f_total[c], cols[c].format);
        format_set_bold(f_total[c]);
        format_set_top(f_total[c], LXW_BORDER_THIN);
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, title); /* a title Excel takes as a name */
    if (!ws)
        die("the title is no sheet name");
    lxw_row_t row = 0;
    check(worksheet_write_string(ws, row++, 0, title, f_title));
    check(worksheet_write_string(ws, row++, 0, generated, NULL));
    row++;
    for (size_t c = 0; c < ncols; c++) {
        check(worksheet_write_string(ws, row, (lxw_col_t)c, cols[c].title, f_header));
        check(worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width + 1, NULL));
    }
    worksheet_freeze_panes(ws, row + 1, 1);
    lxw_row_t header = row++, first = row;
    for (size_t r = 0; r < nrows; r++, row++) {
        const struct cell *cl = &cells[r * ncols];
        for (size_t c = 0; c < ncols; c++) {
            if (cl[c].is_null)
                continue;
            if (cols[c].type == 'n') {
                check(worksheet_write_number(ws, row, (lxw_col_t)c, cl[c].x, f_col[c]));
                sums[c] += cl[c].x;
            } else {
                check(worksheet_write_string(ws, row, (lxw_col_t)c, cl[c].s, NULL));
            }
        }
    }
    lxw_row_t last = nrows ? row - 1 : header;
    check(worksheet_autofilter(ws, header, 0, last, (lxw_col_t)(ncols - 1)));
    check(worksheet_write_string(ws, row, 0, "Total", f_bold));
    for (size_t c = 1; c < ncols; c++) {
        if (!cols[c].total || cols[c].type != 'n')
            continue;
        char formula[128], letters[8];
        size_t n = 0, k = c + 1;
        char tmp[8];
        while (k > 0) {
            tmp[n++] = (char)('A' + (k - 1) % 26);
            k = (k - 1) / 26;
        }
        for (size_t i = 0; i < n; i++)
            letters[i] = tmp[n - 1 - i];
        letters[n] = '\0';
        snprintf(formula, sizeof(formula), "=SUBTOTAL(9,$%s$%u:$%s$%u)", letters,
                 (unsigned)first + 1, letters, (unsigned)(nrows ? last : first) + 1);
        check(worksheet_write_formula_num(ws, row, (lxw_col_t)c, formula, f_total[c], sums[c]));
    }
    check(workbook_close(wb));
    double t1 = now();

    printf("%.3f %zu\n", t1 - t0, nrows);
    free(f_col);
    free(f_total);
    free(sums);
    free(cells);
    free(buf);
    free(cols);
    return 0;
}
