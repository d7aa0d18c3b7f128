/* report.c: reports as data (see report.h): parameters, the statement, the export. */
#include "polka/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/codes.h"
#include "polka/db_query.h"
#include "polka/decimal.h"
#include "polka/domain/rows.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "polka/xlsx.h"

const struct form_grid *report_grid(const struct form_def *r)
{
    return r && r->report_function ? formdef_grid(r, r->report_grid) : NULL;
}

/* The first day of the month `back` months before y-m. */
static void month_start(int y, int m, int back, char *out, size_t len)
{
    int months = y * 12 + (m - 1) - back;
    if (snprintf(out, len, "%04d-%02d-01", months / 12, months % 12 + 1) >= (int)len)
        out[0] = '\0';
}

bool report_defaults(struct db *db, const struct form_def *r, struct record *params,
                     struct db_error *err)
{
    char today[16] = "";
    for (size_t i = 0; i < r->nfields; i++) {
        const struct form_field *f = &r->fields[i];
        const char *have = record_get(params, f->name);
        if (!f->dflt || (have && *have))
            continue;
        bool relative = strcmp(f->dflt, "today") == 0 || strncmp(f->dflt, "month_start", 11) == 0 ||
                        strcmp(f->dflt, "year_start") == 0;
        if (!relative) {
            record_set(params, f->name, f->dflt);
            continue;
        }
        if (!today[0]) {
            /* The database's day: a test cluster pins it, and the server's clock is the one. */
            struct db_result *res =
                db_exec(db, "SELECT polka.business_day()::text", 0, NULL, true, err);
            if (!res)
                return false;
            snprintf(today, sizeof(today), "%s", db_value(res, 0, 0) ? db_value(res, 0, 0) : "");
            db_result_free(&res);
        }
        int y, m, d;
        if (!text_date_parse(today, &y, &m, &d))
            continue;
        char v[16];
        if (strcmp(f->dflt, "today") == 0)
            snprintf(v, sizeof(v), "%s", today);
        else if (strcmp(f->dflt, "year_start") == 0)
            snprintf(v, sizeof(v), "%04d-01-01", y);
        else
            month_start(y, m, f->dflt[11] == '-' ? atoi(f->dflt + 12) : 0, v, sizeof(v));
        record_set(params, f->name, v);
    }
    return true;
}

/* Appends to a growing string. */
static void cat(char **s, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void cat(char **s, size_t *len, size_t *cap, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(*s + *len, *cap - *len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < *cap - *len) {
            *len += (size_t)n;
            return;
        }
        *cap = *cap * 2 + (n > 0 ? (size_t)n : 0);
        *s = xrealloc(*s, *cap);
    }
}

static const char *field_label(const struct form_field *f)
{
    return f->label && *f->label ? _(f->label) : f->name;
}

char *report_check(const struct form_def *r, const struct record *params)
{
    for (size_t k = 0; k < params->n; k++)
        if (!formdef_field(r, params->keys[k]) && !strstr(params->keys[k], ".label")) {
            size_t len = 0, cap = 64;
            char *names = xmalloc(cap);
            names[0] = '\0';
            for (size_t i = 0; i < r->nfields; i++)
                cat(&names, &len, &cap, "%s%s", i ? ", " : "", r->fields[i].name);
            char *msg = xasprintf(_("The report %s has no parameter '%s'; it has: %s."), r->name,
                                  params->keys[k], r->nfields ? names : "-");
            free(names);
            return msg;
        }
    for (size_t i = 0; i < r->nfields; i++) {
        const struct form_field *f = &r->fields[i];
        const char *v = record_get(params, f->name);
        if (!v || !*v) {
            if (f->required && !f->dflt)
                return xasprintf(_("%s: a value is required."), field_label(f));
            continue;
        }
        int y, m, d;
        int64_t x;
        enum decimal_status st = DECIMAL_OK;
        switch (f->type) {
        case FT_DATE:
            if (!text_date_parse(v, &y, &m, &d))
                return xasprintf(_("%s: '%s' is not a date (YYYY-MM-DD)."), field_label(f), v);
            break;
        case FT_INT:
        case FT_CHOICE: /* look-ups of reports give ids */
            st = decimal_parse(v, 0, &x);
            break;
        case FT_MONEY:
            st = decimal_parse(v, 2, &x);
            break;
        case FT_QTY:
            st = decimal_parse(v, 3, &x);
            break;
        default:
            if (!text_utf8_valid(v, strlen(v)) || text_chars(v) > (size_t)f->max)
                return xasprintf(_("%s: the text is not valid or longer than %d characters."),
                                 field_label(f), f->max);
            break;
        }
        if (st != DECIMAL_OK)
            return xasprintf("%s: '%s': %s", field_label(f), v, decimal_strerror(st));
    }
    return NULL;
}

/* A filter's comparison: the operator (one of a fixed few) and where the value starts. */
static const char *filter_op(const char *f, const char **value)
{
    static const char *const ops[] = {"<=", ">=", "=", "<", ">"};
    while (*f == ' ')
        f++;
    for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
        if (strncmp(f, ops[i], strlen(ops[i])) == 0) {
            *value = f + strlen(ops[i]);
            while (**value == ' ')
                (*value)++;
            return ops[i];
        }
    *value = f;
    return "=";
}

static bool numeric_type(enum field_type t)
{
    return t == FT_INT || t == FT_MONEY || t == FT_QTY;
}

char *report_filter_check(const struct form_def *r, int col, const char *filter)
{
    const struct form_grid *g = report_grid(r);
    if (!g || col < 0 || (size_t)col >= g->ncols || !filter)
        return xstrdup(_("No column to filter."));
    const struct form_column *c = &g->cols[col];
    const char *v;
    filter_op(filter, &v);
    int y, m, d;
    int64_t x;
    if (numeric_type(c->type) && decimal_parse(v, 3, &x) != DECIMAL_OK)
        return xasprintf(_("%s: a number, maybe after =, <, >, <= or >= (like >1000)."),
                         c->title ? _(c->title) : c->name);
    if (c->type == FT_DATE && !text_date_parse(v, &y, &m, &d))
        return xasprintf(_("%s: a date YYYY-MM-DD, maybe after =, <, >, <= or >=."),
                         c->title ? _(c->title) : c->name);
    if (!text_utf8_valid(filter, strlen(filter)) || text_chars(filter) > 200)
        return xstrdup(_("The filter is not valid text or longer than 200 characters."));
    return NULL;
}

/* "col1", "col2", ... of the grid. */
static void cat_cols(char **s, size_t *len, size_t *cap, const struct form_grid *g)
{
    for (size_t c = 0; c < g->ncols; c++)
        cat(s, len, cap, "%s\"%s\"", c ? ", " : "", g->cols[c].name);
}

/* sum("col") AS "col" for the grid's total columns: the grand totals' select list. */
static void cat_sums(char **s, size_t *len, size_t *cap, const struct form_grid *g)
{
    int n = 0;
    for (size_t c = 0; c < g->ncols; c++)
        if (g->cols[c].total && numeric_type(g->cols[c].type))
            cat(s, len, cap, "%ssum(\"%s\") AS \"%s\"", n++ ? ", " : "", g->cols[c].name,
                g->cols[c].name);
    if (!n)
        cat(s, len, cap, "NULL");
}

/* The view's filter as a WHERE clause on the rows (its value the next parameter). */
static void cat_filter(char **s, size_t *len, size_t *cap, const struct form_grid *g,
                       const struct report_view *v, char **vals, int *n)
{
    const struct form_column *fc = &g->cols[v->filter_col];
    const char *fv;
    const char *op = filter_op(v->filter, &fv);
    if (numeric_type(fc->type)) {
        vals[(*n)++] = xstrdup(fv);
        cat(s, len, cap, " WHERE \"%s\" %s $%d::numeric", fc->name, op, *n);
    } else if (fc->type == FT_DATE) {
        vals[(*n)++] = xstrdup(fv);
        cat(s, len, cap, " WHERE \"%s\" %s $%d::date", fc->name, op, *n);
    } else {
        /* Contains, any case: the user's text with LIKE's own characters escaped. */
        size_t flen = strlen(v->filter);
        char *pat = xmalloc(2 * flen + 3), *p = pat;
        *p++ = '%';
        for (const char *q = v->filter; *q; q++) {
            if (*q == '%' || *q == '_' || *q == '\\')
                *p++ = '\\';
            *p++ = *q;
        }
        *p++ = '%';
        *p = '\0';
        vals[(*n)++] = pat;
        cat(s, len, cap, " WHERE \"%s\"::text ILIKE $%d", fc->name, *n);
    }
}

void report_sql(const struct form_def *r, const struct record *params,
                const struct report_view *view, struct report_stmt *out)
{
    const struct form_grid *g = report_grid(r);
    size_t cap = 1024, len = 0;
    char *s = xmalloc(cap);
    s[0] = '\0';
    char **vals = xcalloc(r->nfields + 2, sizeof(char *));
    int n = 0;
    /* The names in the text are the definition's identifiers (letters, digits, '_'). */
    struct report_view none = REPORT_VIEW_NONE;
    const struct report_view *v = view ? view : &none;
    bool filter = v->filter_col >= 0 && (size_t)v->filter_col < g->ncols && v->filter && *v->filter;
    bool group = v->group_col >= 0 && (size_t)v->group_col < g->ncols;
    bool sort = v->sort_col >= 0 && (size_t)v->sort_col < g->ncols;
    bool only = !group && (v->count || v->totals); /* one row about the rows */
    bool wrap = filter || group || sort || only;

    /* The function's rows, numbered in its order when a sort or the subtotals need a
     * tie-break that keeps it. Without them the rows stream as the function gives them. */
    if (group)
        cat(&s, &len, &cap, "WITH b AS MATERIALIZED (");
    else if (v->totals) {
        cat(&s, &len, &cap, "SELECT ");
        cat_sums(&s, &len, &cap, g);
        cat(&s, &len, &cap, " FROM (");
    } else if (wrap)
        cat(&s, &len, &cap, "SELECT %s FROM (", v->count ? "count(*)" : "*");
    cat(&s, &len, &cap, "SELECT ");
    cat_cols(&s, &len, &cap, g);
    if (wrap)
        cat(&s, &len, &cap, ", row_number() OVER () AS \"_n\"");
    else if (v->marker)
        cat(&s, &len, &cap, ", 0 AS \"_sub\"");
    cat(&s, &len, &cap, " FROM polka.\"%s\"(", r->report_function);
    for (size_t i = 0; i < r->nfields; i++) {
        const char *pv = record_get(params, r->fields[i].name);
        if (!pv || !*pv)
            continue;
        vals[n++] = xstrdup(pv);
        cat(&s, &len, &cap, "%s\"%s\" => $%d", n > 1 ? ", " : "", r->fields[i].name, n);
    }
    cat(&s, &len, &cap, ")");
    if (!wrap) {
        *out = (struct report_stmt){s, vals, n};
        return;
    }
    if (only) {
        cat(&s, &len, &cap, ") b");
        if (filter)
            cat_filter(&s, &len, &cap, g, v, vals, &n);
    } else if (!group) {
        cat(&s, &len, &cap, ") b");
        if (filter)
            cat_filter(&s, &len, &cap, g, v, vals, &n);
        /* SELECT * above carries "_n": the caller reads the grid's columns and the marker by
         * position, so the outer list is spelled out. */
        char *inner = s;
        size_t ilen = len;
        cap = ilen + 1024;
        len = 0;
        s = xmalloc(cap);
        cat(&s, &len, &cap, "SELECT ");
        cat_cols(&s, &len, &cap, g);
        if (v->marker)
            cat(&s, &len, &cap, ", 0 AS \"_sub\"");
        cat(&s, &len, &cap, " FROM (%s) x ORDER BY ", inner);
        free(inner);
        if (sort)
            cat(&s, &len, &cap, "\"%s\" %s NULLS LAST, ", g->cols[v->sort_col].name,
                v->sort_desc ? "DESC" : "ASC");
        cat(&s, &len, &cap, "\"_n\"");
    } else {
        /* Each group's rows, then its subtotal: the group's value, the sums of the total
         * columns, nothing elsewhere. */
        cat(&s, &len, &cap, "), f AS (SELECT * FROM b");
        if (filter)
            cat_filter(&s, &len, &cap, g, v, vals, &n);
        const char *gname = g->cols[v->group_col].name;
        cat(&s, &len, &cap, ") SELECT ");
        cat_cols(&s, &len, &cap, g);
        cat(&s, &len, &cap, ", \"_sub\" FROM (SELECT ");
        cat_cols(&s, &len, &cap, g);
        cat(&s, &len, &cap, ", 0 AS \"_sub\", \"_n\" FROM f UNION ALL SELECT ");
        for (size_t c = 0; c < g->ncols; c++) {
            const struct form_column *gc = &g->cols[c];
            if ((int)c == v->group_col)
                cat(&s, &len, &cap, "%s\"%s\"", c ? ", " : "", gc->name);
            else if (gc->total && numeric_type(gc->type))
                cat(&s, &len, &cap, "%ssum(\"%s\")", c ? ", " : "", gc->name);
            else
                cat(&s, &len, &cap, "%sNULL", c ? ", " : "");
        }
        cat(&s, &len, &cap,
            ", 1, NULL FROM f GROUP BY \"%s\") x ORDER BY \"%s\" NULLS LAST, \"_sub\", ", gname,
            gname);
        if (sort)
            cat(&s, &len, &cap, "\"%s\" %s NULLS LAST, ", g->cols[v->sort_col].name,
                v->sort_desc ? "DESC" : "ASC");
        cat(&s, &len, &cap, "\"_n\"");
    }
    *out = (struct report_stmt){s, vals, n};
}

long report_count(struct db *db, const struct form_def *r, const struct record *params,
                  const struct report_view *view, struct db_error *err)
{
    struct report_view v = view ? *view : REPORT_VIEW_NONE;
    v.group_col = -1;
    v.marker = false;
    v.count = true;
    struct report_stmt st;
    report_sql(r, params, &v, &st);
    struct db_result *res = db_exec(db, st.sql, st.n, (const char *const *)st.values, true, err);
    report_stmt_free(&st);
    if (!res)
        return -1;
    long total = atol(db_value(res, 0, 0) ? db_value(res, 0, 0) : "0");
    db_result_free(&res);
    return total;
}

bool report_totals(struct db *db, const struct form_def *r, const struct record *params,
                   const struct report_view *view, struct record *out, struct db_error *err)
{
    struct report_view v = view ? *view : REPORT_VIEW_NONE;
    v.group_col = v.sort_col = -1;
    v.marker = v.count = false;
    v.totals = true;
    struct report_stmt st;
    report_sql(r, params, &v, &st);
    bool ok = row_fetch(db, st.sql, st.n, (const char *const *)st.values, true, out, err);
    report_stmt_free(&st);
    return ok;
}

void report_stmt_free(struct report_stmt *st)
{
    for (int i = 0; i < st->n; i++)
        free(st->values[i]);
    free(st->values);
    free(st->sql);
    *st = (struct report_stmt){0};
}

struct report_cursor {
    struct db *db;
    struct db_result *win; /* rows from .. from + rows of win */
    long from;
};

struct report_cursor *report_cursor_open(struct db *db, const struct form_def *r,
                                         const struct record *params,
                                         const struct report_view *view, struct db_error *err)
{
    struct report_stmt stmt;
    report_sql(r, params, view, &stmt);
    bool ok = db_cursor_open(db, stmt.sql, stmt.n, (const char *const *)stmt.values, err);
    report_stmt_free(&stmt);
    if (!ok)
        return NULL;
    struct report_cursor *c = xcalloc(1, sizeof(*c));
    c->db = db;
    return c;
}

long report_cursor_fetch(struct report_cursor *c, long from, int n, struct db_error *err)
{
    struct db_result *w = db_cursor_fetch(c->db, from, n, err);
    if (!w)
        return -1;
    db_result_free(&c->win);
    c->win = w;
    c->from = from;
    return db_rows(w);
}

bool report_cursor_has(const struct report_cursor *c, long row)
{
    return c && c->win && row >= c->from && row < c->from + db_rows(c->win);
}

const char *report_cursor_cell(const struct report_cursor *c, long row, int col)
{
    if (!report_cursor_has(c, row) || col < 0 || col >= db_cols(c->win))
        return NULL;
    return db_value(c->win, (int)(row - c->from), col);
}

long report_cursor_count(struct report_cursor *c, long from, long n, struct db_error *err)
{
    return db_cursor_move(c->db, from, n, err);
}

void report_cursor_close(struct report_cursor **c)
{
    if (!*c)
        return;
    db_result_free(&(*c)->win);
    db_cursor_close((*c)->db);
    xfree(c);
}

char *report_data_age(struct db *db)
{
    struct db_error err = {0};
    struct db_result *res =
        db_exec(db,
                "SELECT pg_is_in_recovery(), "
                "coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::bigint, -1)",
                0, NULL, true, &err);
    if (!res) {
        db_error_clear(&err);
        return NULL;
    }
    char *note = NULL;
    if (str_eq(db_value(res, 0, 0), "t")) {
        long age = atol(db_value(res, 0, 1) ? db_value(res, 0, 1) : "-1");
        note = age >= 0 ? xasprintf(_("Data: a replica, %ld s behind"), age)
                        : xstrdup(_("Data: a replica, nothing replayed yet"));
    }
    db_result_free(&res);
    return note;
}

char **report_info(const struct form_def *r, const struct record *params, size_t *n)
{
    char **lines = xcalloc(r->nfields + 2, sizeof(char *));
    size_t k = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = record_get(params, r->fields[i].name);
        if (v && *v)
            lines[k++] = xasprintf("%s: %s", field_label(&r->fields[i]), v);
    }
    time_t now = time(NULL);
    char when[64];
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M", localtime(&now));
    lines[k++] = xasprintf(_("Generated: %s"), when);
    *n = k;
    return lines;
}

static void info_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static enum xlsx_type export_type(enum field_type t)
{
    switch (t) {
    case FT_INT:
    case FT_MONEY:
    case FT_QTY:
        return XT_NUMBER;
    case FT_DATE:
        return XT_DATE;
    default:
        return XT_TEXT;
    }
}

static const char *export_format(const struct form_column *c)
{
    if (c->format)
        return c->format;
    switch (c->type) {
    case FT_INT:
        return "#,##0";
    case FT_QTY:
        return "#,##0.000";
    default:
        return NULL; /* money: xlsx.h's default #,##0.00; dates dd.mm.yyyy */
    }
}

const char *report_cell_words(const struct form_column *c, const char *v)
{
    return v && c->type == FT_CHOICE && code_set_known(c->lookup) ? code_label(c->lookup, v) : v;
}

struct export_ctx {
    struct xlsx_book *book;
    const struct form_grid *grid;
    const char **row; /* the exported (not hidden) columns' values */
    report_progress_fn progress;
    void *pctx;
    bool cancelled, failed;
    char *err;
    size_t errlen;
};

static bool export_row(void *ctx, int ncols, const char *const *names, const char *const *values)
{
    struct export_ctx *x = ctx;
    size_t k = 0;
    for (int c = 0; c < ncols && (size_t)c < x->grid->ncols; c++)
        if (!x->grid->cols[c].hidden)
            x->row[k++] = report_cell_words(&x->grid->cols[c], values[c]);
    if (!xlsx_row(x->book, x->row, x->err, x->errlen)) {
        x->failed = true;
        return false;
    }
    long rows = xlsx_rows(x->book);
    if (x->progress && rows % 1000 == 0 && !x->progress(x->pctx, rows)) {
        x->cancelled = true;
        return false;
    }
    return true;
}

enum report_status report_export(struct db *db, const struct form_def *r,
                                 const struct record *params, const struct report_view *view,
                                 const char *path, long sheet_rows, report_progress_fn progress,
                                 void *ctx, long *rows, char *err_text, size_t errlen)
{
    const struct form_grid *g = report_grid(r);
    *rows = 0;
    if (!g) {
        snprintf(err_text, errlen, _("%s is not a report"), r->name);
        return REPORT_FAILED;
    }
    struct xlsx_col *cols = xcalloc(g->ncols, sizeof(*cols));
    size_t ncols = 0;
    int *index = xcalloc(g->ncols, sizeof(int)); /* grid column -> exported column */
    for (size_t c = 0; c < g->ncols; c++) {
        const struct form_column *gc = &g->cols[c];
        index[c] = -1;
        if (gc->hidden)
            continue;
        index[c] = (int)ncols;
        cols[ncols++] = (struct xlsx_col){
            .title = gc->title && *gc->title ? _(gc->title) : gc->name,
            .type = export_type(gc->type),
            .num_format = export_format(gc),
            .width = gc->width,
            .total = gc->total,
        };
    }
    struct xlsx_chart chart = {0};
    int values[64];
    if (r->chart_type) {
        chart.type = r->chart_type;
        chart.title = r->chart_title ? _(r->chart_title) : NULL;
        chart.category = index[formdef_column_index(g, r->chart_category)];
        char buf[1024];
        snprintf(buf, sizeof(buf), "%s", r->chart_values);
        for (char *save = NULL, *v = strtok_r(buf, ",", &save); v && chart.nvalues < 64;
             v = strtok_r(NULL, ",", &save)) {
            int i = formdef_column_index(g, v);
            if (i >= 0 && index[i] >= 0)
                values[chart.nvalues++] = index[i];
        }
        chart.values = values;
    }
    size_t ninfo;
    char **info = report_info(r, params, &ninfo);
    char *age = report_data_age(db);
    if (age) {
        info = xrealloc(info, (ninfo + 1) * sizeof(char *));
        info[ninfo++] = age;
    }
    struct xlsx_book *book = xlsx_open(
        path, r->title ? _(r->title) : r->name, (const char *const *)info, ninfo, cols, ncols,
        sheet_rows, r->chart_type && chart.category >= 0 ? &chart : NULL, err_text, errlen);
    info_free(info, ninfo);
    free(cols);
    free(index);
    if (!book)
        return REPORT_FAILED;

    struct report_view v = view ? *view : REPORT_VIEW_NONE;
    v.group_col = -1; /* the file has its own totals */
    v.marker = false;
    struct report_stmt stmt;
    report_sql(r, params, &v, &stmt);
    struct export_ctx x = {
        .book = book,
        .grid = g,
        .row = xcalloc(g->ncols, sizeof(char *)),
        .progress = progress,
        .pctx = ctx,
        .err = err_text,
        .errlen = errlen,
    };
    struct db_error dberr = {0};
    bool ok =
        db_stream(db, stmt.sql, stmt.n, (const char *const *)stmt.values, export_row, &x, &dberr);
    report_stmt_free(&stmt);
    free(x.row);
    *rows = xlsx_rows(book);
    if (!ok || x.failed || x.cancelled) {
        if (!ok && db_error_words(&dberr))
            snprintf(err_text, errlen, "%s %s", db_error_message(&dberr), db_error_words(&dberr));
        else if (!ok)
            snprintf(err_text, errlen, "%s", db_error_message(&dberr));
        db_error_clear(&dberr);
        xlsx_abort(&book);
        return x.cancelled ? REPORT_CANCELLED : REPORT_FAILED;
    }
    if (*rows == 0) {
        snprintf(err_text, errlen, _("the report has no rows for these parameters"));
        xlsx_abort(&book);
        return REPORT_FAILED;
    }
    if (progress && !progress(ctx, *rows)) {
        xlsx_abort(&book);
        return REPORT_CANCELLED;
    }
    return xlsx_close(&book, err_text, errlen) ? REPORT_OK : REPORT_FAILED;
}
