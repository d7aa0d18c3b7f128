/* report.h: reports as data. A report is forms/reports/NAME.form: its fields are the typed
 * parameters, its grid's columns the columns of the result (title, type, width, Excel format,
 * totals, hidden ids for drill-down), its `report function=` the SQL function polka.NAME that
 * returns them, and an optional `chart`. Adding a report touches no C code: a function in
 * sql/, a file in forms/reports/.
 *
 * The function is called with named arguments, only those the user gave: values travel as
 * parameters; the names in the SQL text are the definition's own identifiers (the form parser
 * allows letters, digits and '_' only). */
#ifndef POLKA_REPORT_H
#define POLKA_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "polka/db.h"
#include "polka/formdef.h"
#include "polka/record.h"

/* The report's result grid (the one `report grid=` names). */
const struct form_grid *report_grid(const struct form_def *r);

/* Fills each parameter that has no value with its field's default=: today (the database's
 * business day), month_start, year_start, month_start-N (the first day of the month N months
 * before this one), or a literal. False with err when the database cannot be asked. */
bool report_defaults(struct db *db, const struct form_def *r, struct record *params,
                     struct db_error *err);

/* NULL when params suit the report, else a translated message naming the parameter: unknown
 * names, a missing required one, a date or number that is not one. Caller frees. */
char *report_check(const struct form_def *r, const struct record *params);

/* What the viewer does to the rows: sort by a column, keep the rows whose column matches a
 * filter, subtotals by a column. Column numbers index the report grid; -1 for none. */
struct report_view {
    int sort_col;
    bool sort_desc;
    int filter_col;
    const char *filter; /* text columns: contains, any case; numbers and dates: "=v", "<v",
                           ">v", "<=v", ">=v" or "v" */
    int group_col;      /* rows of each group, then the group's subtotal row */
    bool marker;        /* one more column at the end: 1 on a subtotal row, else 0 */
    bool count;         /* only how many rows (sort and subtotals do not apply) */
    bool totals;        /* only the grand totals: one row, the sum of each total column */
};
#define REPORT_VIEW_NONE ((struct report_view){.sort_col = -1, .filter_col = -1, .group_col = -1})

/* NULL when the filter suits the column's type, else a translated message. Caller frees. */
char *report_filter_check(const struct form_def *r, int col, const char *filter);

/* A statement and its parameter values (owned copies). */
struct report_stmt {
    char *sql;
    char **values;
    int n;
};

/* The statement: SELECT the grid's columns FROM polka.FUNCTION(name => $1, ...) with the
 * non-empty params in field order, then the view's filter value; view may be NULL. The SQL
 * text holds only the definition's identifiers; every value is a parameter. Caller frees
 * with report_stmt_free. */
void report_sql(const struct form_def *r, const struct record *params,
                const struct report_view *view, struct report_stmt *out);
void report_stmt_free(struct report_stmt *st);

/* How many rows the report gives with these parameters and view (the statement runs once
 * more, counted: for a progress bar on a terminal). -1 with err on failure. */
long report_count(struct db *db, const struct form_def *r, const struct record *params,
                  const struct report_view *view, struct db_error *err);

/* A cell as people read it: a choice column's code in words (codes.h: "shipped" -> "Отгружен"),
 * anything else as it is. */
const char *report_cell_words(const struct form_column *c, const char *v);
/* The grand totals of the rows the view shows (filtered; sort and subtotals aside): into out
 * by column name, each total column's sum. False with err on failure. */
bool report_totals(struct db *db, const struct form_def *r, const struct record *params,
                   const struct report_view *view, struct record *out, struct db_error *err);
/* The viewer's rows: a scrollable cursor over the report's statement (report_sql) on db, a
 * connection of the report's own (nothing else runs on it while the cursor is open), read a
 * window at a time, counted in slices between keys. */
struct report_cursor;
/* Opens the cursor; NULL with err on failure. Free with report_cursor_close. */
struct report_cursor *report_cursor_open(struct db *db, const struct form_def *r,
                                         const struct record *params,
                                         const struct report_view *view, struct db_error *err);
/* Makes up to n rows from row `from` (0-based) the window; how many there were (fewer: the
 * end), -1 with err on failure. */
long report_cursor_fetch(struct report_cursor *c, long from, int n, struct db_error *err);
/* Whether row is in the window; its value in column col (NULL for SQL NULL or outside). */
bool report_cursor_has(const struct report_cursor *c, long row);
const char *report_cursor_cell(const struct report_cursor *c, long row, int col);
/* How many of the n rows after row `from` exist, without fetching them; -1 with err. */
long report_cursor_count(struct report_cursor *c, long from, long n, struct db_error *err);
/* Ends the cursor and its transaction; *c becomes NULL. Safe on NULL. */
void report_cursor_close(struct report_cursor **c);

/* On a standby (a read replica): a translated line saying how old the data is; NULL on a
 * primary or when it cannot be told. Caller frees. */
char *report_data_age(struct db *db);

/* "Label: value" lines for the parameters with values, and the generation time: what the
 * export writes above the table. Caller frees each line and the array. */
char **report_info(const struct form_def *r, const struct record *params, size_t *n);

/* Progress of a long export: rows written so far. Returns false to cancel. */
typedef bool (*report_progress_fn)(void *ctx, long rows);

enum report_status {
    REPORT_OK,
    REPORT_CANCELLED, /* progress said stop: no file */
    REPORT_FAILED,    /* message in err_text (a database error's user text or a file error) */
};

/* Runs the report and streams its rows into an .xlsx at path (xlsx.h: typed cells, header,
 * totals, chart, sheets of at most sheet_rows rows, 0 for Excel's limit), sorted and
 * filtered as view says (may be NULL; its subtotals are left to the file's own totals). Nothing is
 * left at path unless it returns REPORT_OK. *rows gets the rows written. */
enum report_status report_export(struct db *db, const struct form_def *r,
                                 const struct record *params, const struct report_view *view,
                                 const char *path, long sheet_rows, report_progress_fn progress,
                                 void *ctx, long *rows, char *err_text, size_t errlen);

#endif
