/* xlsx.h: a table streamed into an .xlsx workbook. Only src/export/ includes xlsxwriter.h.
 *
 * The workbook is written in libxlsxwriter's constant-memory mode: each row goes to a
 * temporary file as it comes, so memory stays flat however many rows there are. The layout:
 * a bold title, one line per parameter and the generation time, then the bold header (frozen
 * with the first column, with an autofilter), the rows as typed cells, and a totals row of
 * SUBTOTAL formulas under the columns that have totals. Past the sheet's row limit
 * (1,048,576 in Excel) the table goes on in a new sheet with the header again, and the last
 * sheet gets a grand total over all of them. An optional native chart of some columns by a
 * category column sits to the right of the first sheet's table.
 *
 * The file appears under its name only when complete: it is written to a temporary name in the
 * same folder and renamed by xlsx_close; xlsx_abort (or a failed close) removes it. */
#ifndef POLKA_XLSX_H
#define POLKA_XLSX_H

#include <stdbool.h>
#include <stddef.h>

enum xlsx_type {
    XT_TEXT,
    XT_NUMBER, /* the value is a decimal number as PostgreSQL prints it */
    XT_DATE,   /* YYYY-MM-DD */
};

struct xlsx_col {
    const char *title;
    enum xlsx_type type;
    const char *num_format; /* Excel number format; NULL for the type's default */
    int width;              /* in characters */
    bool total;             /* a SUBTOTAL in the totals row (numbers only) */
};

struct xlsx_chart {
    const char *type;  /* column, bar, line, pie */
    const char *title; /* may be NULL */
    int category;      /* column index */
    const int *values; /* column indexes of the series */
    size_t nvalues;
};

struct xlsx_book;

/* Creates the temporary file next to `path` at once (so an unwritable folder fails before any
 * row is fetched) and sets up the first sheet. `info` lines go under the title. `sheet_rows`
 * is the most rows a sheet holds (0: Excel's 1,048,576; tests pass less). `chart` may be NULL.
 * The strings are copied. NULL with a message in err on failure; caller ends the book with
 * xlsx_close or xlsx_abort. */
struct xlsx_book *xlsx_open(const char *path, const char *title, const char *const *info,
                            size_t ninfo, const struct xlsx_col *cols, size_t ncols,
                            long sheet_rows, const struct xlsx_chart *chart, char *err,
                            size_t errlen);

/* One data row: ncols values, NULL for an empty cell. A number or date that does not parse is
 * written as text (nothing is dropped). False with err on a write error. */
bool xlsx_row(struct xlsx_book *b, const char *const *values, char *err, size_t errlen);

/* Rows written so far. */
long xlsx_rows(const struct xlsx_book *b);

/* Writes the totals and the chart, closes the workbook and renames it to its path. On failure
 * nothing is left at the path or the temporary name. Frees *b and sets it NULL. */
bool xlsx_close(struct xlsx_book **b, char *err, size_t errlen);

/* Drops the workbook: no file is left behind. Frees *b and sets it NULL. */
void xlsx_abort(struct xlsx_book **b);

#endif
