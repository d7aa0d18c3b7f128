/* report.c: one report: its parameter form, then the viewer. The rows stream from a scrollable
 * cursor on the report's own connection (a replica when --report-db says so), a window at a
 * time, so the first screen shows at once whatever the size and memory stays flat; between
 * keys the rows are counted in slices (the running count). Sort, filter and subtotals re-run
 * the statement (report_sql); search reads ahead window by window; Enter opens the card or
 * the orders the report's drill= column names; F9 exports what is shown to Excel. Nothing
 * here knows any particular report: it is all in forms/reports/NAME.form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polka/db.h"
#include "polka/i18n.h"
#include "polka/report.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

#define WINDOW_ROWS  300   /* rows kept around the screen */
#define COUNT_SLICE  10000 /* rows counted between two looks at the keyboard (a few ms) */
#define SEARCH_SLICE 2000

struct report_state {
    struct form_set set;
    const struct form_def *def;
    const struct form_grid *grid;
    struct form_def pdef; /* the parameters alone (def without its grid), for the formview */
    struct record params;
    struct formview fv;
    struct formview_hooks hooks;
    bool viewing;
    struct db *rdb; /* the report's connection while viewing */
    struct report_view view;
    char *filter, *search, *age;
    struct report_cursor *rows; /* over the report's statement on rdb, a window read */
    long counted;               /* rows known to exist */
    bool failed;   /* the statement failed: nothing more is fetched until it runs again */
    bool drilled;  /* opened from another report's row: Esc on the rows goes back there */
    bool complete; /* counted is the total */
    long sel, top;
    int col;       /* current column (grid index, never a hidden one) */
    int first_col; /* first scrolled column shown after the frozen one */
    int page;
    bool has_totals;      /* the grid has total columns: a grand total row under the rows */
    bool totals_done;     /* computed for this run (after the rows are counted) */
    struct record totals; /* each total column's sum over the rows shown */
};

static const enum request params_help[] = {REQ_HELP, REQ_RUN, REQ_LOOKUP, REQ_BACK, REQ_NONE};
static const enum request view_help[] = {REQ_OPEN,   REQ_SORT,        REQ_FILTER, REQ_GROUP,
                                         REQ_SEARCH, REQ_SEARCH_NEXT, REQ_EXPORT, REQ_BACK,
                                         REQ_HELP,   REQ_NONE};

static const enum request *report_help_now(struct screen *s)
{
    struct report_state *st = s->state;
    return st->viewing ? view_help : params_help;
}

static const char *report_title_now(struct screen *s)
{
    struct report_state *st = s->state;
    return st->def && st->def->title ? _(st->def->title) : _("Report");
}

static int visible_first(const struct form_grid *g)
{
    for (size_t c = 0; c < g->ncols; c++)
        if (!g->cols[c].hidden)
            return (int)c;
    return 0;
}

/* Choice parameters given by a drill carry only their code: their labels, as the type-ahead
 * would have set them ("product_id.label"), found by the code. */
static void label_choices(struct report_state *st)
{
    for (size_t i = 0; i < st->def->nfields; i++) {
        const struct form_field *f = &st->def->fields[i];
        const char *v = record_get(&st->params, f->name);
        if (f->type != FT_CHOICE || !f->lookup || !v || !st->hooks.fetch)
            continue;
        char **codes = NULL, **labels = NULL;
        int n = st->hooks.fetch(st->hooks.ctx, f->lookup, NULL, v, &codes, &labels);
        for (int k = 0; k < n; k++) {
            if (str_eq(codes[k], v)) {
                char *key = xasprintf("%s.label", f->name);
                record_set(&st->params, key, labels[k]);
                free(key);
            }
            free(codes[k]);
            free(labels[k]);
        }
        free(codes);
        free(labels);
    }
}

static bool connect_rows(struct screen *s);
static bool run(struct screen *s);

static bool report_open(struct screen *s, const char *arg)
{
    struct report_state *st = s->state;
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/reports", s->app->forms_dir ? s->app->forms_dir : "forms");
    if (!formset_load(&st->set, dir, screen_form_checks(), err, sizeof(err))) {
        ui_error("%s", err);
        return false;
    }
    /* arg: NAME, or NAME?key=value&key=value (a drill from another report: its row's id and
     * the parameters the two reports share); the report then runs at once. */
    char *name = xstrdup(arg ? arg : "");
    char *query = strchr(name, '?');
    if (query)
        *query++ = '\0';
    st->def = formset_get(&st->set, name);
    st->grid = report_grid(st->def);
    for (size_t c = 0; st->grid && c < st->grid->ncols; c++)
        st->has_totals |= st->grid->cols[c].total;
    if (!st->grid) {
        ui_error(_("No report '%s'."), name);
        free(name);
        formset_free(&st->set);
        return false;
    }
    for (char *save = NULL, *kv = query ? strtok_r(query, "&", &save) : NULL; kv;
         kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            continue;
        *eq = '\0';
        if (formdef_field(st->def, kv) && eq[1])
            record_set(&st->params, kv, eq + 1);
    }
    st->drilled = query != NULL;
    free(name);
    st->pdef = *st->def;
    st->pdef.grids = NULL;
    st->pdef.ngrids = 0;
    st->hooks = screens_hooks(s->app);
    struct db_error dberr = {0};
    if (!report_defaults(s->app->db, st->def, &st->params, &dberr)) {
        screens_refused(&dberr);
    }
    formview_init(&st->fv, &st->pdef, &st->params, NULL, &st->hooks);
    connect_rows(s);
    st->view = REPORT_VIEW_NONE;
    st->view.marker = true;
    st->col = visible_first(st->grid);
    if (st->drilled)
        label_choices(st);
    char *bad = st->drilled ? report_check(st->def, &st->params) : NULL;
    if (st->drilled && !bad)
        st->viewing = run(s);
    free(bad);
    return true;
}

/* ---- the rows ---- */

static void close_rows(struct report_state *st)
{
    report_cursor_close(&st->rows);
}

/* Makes row `row` readable (fetches a window around it); false when it does not exist. */
static bool have_row(struct report_state *st, long row)
{
    if (row < 0)
        return false;
    if (report_cursor_has(st->rows, row))
        return true;
    if ((st->complete && row >= st->counted) || st->failed || !st->rows)
        return false;
    long from = row - WINDOW_ROWS / 3;
    if (from < 0)
        from = 0;
    struct db_error err = {0};
    long got = report_cursor_fetch(st->rows, from, WINDOW_ROWS, &err);
    if (got < 0) {
        screens_refused(&err);
        st->failed = st->complete = true;
        close_rows(st);
        return false;
    }
    long end = from + got;
    if (end > st->counted)
        st->counted = end;
    if (got < WINDOW_ROWS) {
        st->complete = true;
        st->counted = end;
    }
    return row < end;
}

static const char *cell(const struct report_state *st, long row, int col)
{
    return report_cursor_cell(st->rows, row, col);
}

static bool subtotal_row(const struct report_state *st, long row)
{
    return str_eq(cell(st, row, (int)st->grid->ncols), "1");
}

/* The report's own connection (the login's, with --report-db's options: maybe a replica),
 * opened with the screen so that F2 does not wait for it; again after a failure. */
static bool connect_rows(struct screen *s)
{
    struct report_state *st = s->state;
    if (st->rdb)
        return true;
    struct db_error err = {0};
    st->rdb = db_clone(s->app->db, s->app->report_conninfo, &err);
    if (!st->rdb) {
        screens_refused(&err);
        return false;
    }
    return true;
}

/* Runs the statement anew (after the parameters, a sort, a filter or subtotals changed). */
static bool run(struct screen *s)
{
    struct report_state *st = s->state;
    close_rows(st);
    ui_message_clear();
    struct db_error err = {0};
    if (!connect_rows(s))
        return false;
    free(st->age);
    st->age = report_data_age(st->rdb); /* a replica's lag as of this run */
    st->view.filter = st->filter;
    st->rows = report_cursor_open(st->rdb, st->def, &st->params, &st->view, &err);
    bool ok = st->rows != NULL;
    st->counted = 0;
    st->complete = st->failed = false;
    st->sel = st->top = 0;
    record_clear(&st->totals);
    st->totals_done = false;
    if (!ok) {
        screens_refused(&err);
        return false;
    }
    have_row(st, 0); /* the first screen at once; the statement's errors show here */
    return !st->failed;
}

/* Once the rows are counted: the grand totals, in the cursor's own snapshot. */
static void compute_totals(struct report_state *st)
{
    st->totals_done = true;
    struct db_error err = {0};
    if (!report_totals(st->rdb, st->def, &st->params, &st->view, &st->totals, &err))
        screens_refused(&err);
}

/* Idle: counts the rows a slice at a time, then sums them. */
static bool report_idle(struct screen *s)
{
    struct report_state *st = s->state;
    if (st->viewing && st->complete && !st->failed && st->rows && st->has_totals &&
        !st->totals_done)
        compute_totals(st);
    if (!st->viewing || st->complete || st->failed || !st->rows)
        return false;
    struct db_error err = {0};
    long moved = report_cursor_count(st->rows, st->counted, COUNT_SLICE, &err);
    if (moved < 0) {
        screens_refused(&err);
        st->complete = st->failed = true;
        close_rows(st);
        return false;
    }
    st->counted += moved;
    if (moved < COUNT_SLICE)
        st->complete = true;
    return !st->complete;
}

static void count_all(struct screen *s)
{
    while (report_idle(s))
        ;
}

/* ---- drawing ---- */

static bool is_number(const struct form_column *c)
{
    return c->type == FT_INT || c->type == FT_MONEY || c->type == FT_QTY;
}

/* 1234567.89 -> "1 234 567.89": digits grouped for reading. Caller frees. */
static char *grouped(const char *v)
{
    size_t len = strlen(v);
    char *out = xmalloc(2 * len + 1), *o = out;
    const char *p = v;
    if (*p == '-')
        *o++ = *p++;
    size_t digits = strspn(p, "0123456789");
    for (size_t i = 0; i < digits; i++) {
        *o++ = p[i];
        size_t left = digits - i - 1;
        if (left && left % 3 == 0)
            *o++ = ' ';
    }
    strcpy(o, p + digits);
    return out;
}

static void draw_cell(const struct form_column *c, int row, int x, int w, const char *v,
                      enum ui_attr attr)
{
    v = report_cell_words(c, v);
    if (!v) {
        ui_text(row, x, w, "", attr);
        return;
    }
    if (is_number(c)) {
        char *g = grouped(v);
        ui_text_right(row, x, w, g, attr);
        free(g);
    } else {
        ui_text(row, x, w, v, attr);
    }
}

static void view_line(struct report_state *st, int row)
{
    char line[512];
    size_t len = 0;
    if (st->complete)
        len += (size_t)snprintf(line + len, sizeof(line) - len, _("Rows: %ld"), st->counted);
    else
        len += (size_t)snprintf(line + len, sizeof(line) - len, _("Rows: %ld, counting..."),
                                st->counted);
    if (st->view.sort_col >= 0)
        len += (size_t)snprintf(line + len, sizeof(line) - len,
                                st->view.sort_desc ? _("  Sorted: %s, descending")
                                                   : _("  Sorted: %s, ascending"),
                                _(st->grid->cols[st->view.sort_col].title));
    if (st->view.filter_col >= 0 && len < sizeof(line))
        len += (size_t)snprintf(line + len, sizeof(line) - len, _("  Filter: %s %s"),
                                _(st->grid->cols[st->view.filter_col].title), st->filter);
    if (st->view.group_col >= 0 && len < sizeof(line))
        len += (size_t)snprintf(line + len, sizeof(line) - len, _("  Subtotals: %s"),
                                _(st->grid->cols[st->view.group_col].title));
    if (st->age && len < sizeof(line))
        snprintf(line + len, sizeof(line) - len, "  %s", st->age);
    ui_text(row, 0, ui_cols(), line, UA_DIM);
}

/* The grand total row: "Total" in the first column shown, each total column's sum; none while
 * no total column is on the screen (scroll right to them). */
static void draw_totals(const struct report_state *st, int row, const int *cols, const int *xs,
                        const int *ws, int n)
{
    bool shown = false; /* a total column on the screen: else the row would say nothing */
    for (int i = 0; i < n; i++)
        shown |= st->grid->cols[cols[i]].total;
    for (int i = 0; shown && i < n; i++) {
        const struct form_column *c = &st->grid->cols[cols[i]];
        const char *v = c->total ? record_get(&st->totals, c->name) : NULL;
        if (!v && i == 0)
            ui_text(row, xs[i], ws[i], _("Total"), UA_BOLD);
        else
            draw_cell(c, row, xs[i], ws[i], v, UA_BOLD);
    }
}

static void draw_view(struct report_state *st)
{
    const struct form_grid *g = st->grid;
    int top = ui_body_top(), height = ui_body_rows(), width = ui_cols();
    view_line(st, top);
    int hdr = top + 1;
    int under = st->has_totals ? 1 : 0; /* the grand total row */
    st->page = height - 2 - under > 1 ? height - 2 - under : 1;
    if (st->sel < st->top)
        st->top = st->sel;
    if (st->sel >= st->top + st->page)
        st->top = st->sel - st->page + 1;
    /* The columns shown: the frozen first one, then from first_col while they fit. */
    int frozen = visible_first(g);
    /* Two columns for the current row's mark, as in every list (seen without colour too). */
    int cols[256], xs[256], ws[256], n = 0, x = 2;
    for (int pass = 0; pass < 2; pass++) {
        n = 0;
        x = 2;
        for (int c = 0; c < (int)g->ncols && n < 256; c++) {
            if (g->cols[c].hidden || (c != frozen && c < st->first_col))
                continue;
            int w = g->cols[c].width;
            if (x + w > width && n > 0)
                break;
            cols[n] = c;
            xs[n] = x;
            ws[n] = x + w > width ? width - x : w;
            n++;
            x += w + 1;
        }
        /* The current column must be on the screen: scroll until it is. */
        bool shown = st->col == frozen;
        for (int i = 0; i < n; i++)
            shown = shown || cols[i] == st->col;
        if (shown)
            break;
        st->first_col = st->col;
    }
    for (int i = 0; i < n; i++) {
        const struct form_column *c = &g->cols[cols[i]];
        const char *t = c->title ? _(c->title) : c->name;
        enum ui_attr a = cols[i] == st->col ? UA_SELECTED : UA_BOLD;
        if (is_number(c))
            ui_text_right(hdr, xs[i], ws[i], t, a);
        else
            ui_text(hdr, xs[i], ws[i], t, a);
    }
    for (int r = 0; r < st->page; r++) {
        long row = st->top + r;
        if (!have_row(st, row))
            break;
        bool sub = subtotal_row(st, row);
        enum ui_attr a = row == st->sel ? UA_SELECTED : sub ? UA_BOLD : UA_NORMAL;
        if (row == st->sel) {
            ui_fill(hdr + 1 + r, 0, 1, width, UA_SELECTED);
            ui_text(hdr + 1 + r, 0, 2, ">", UA_SELECTED);
        }
        for (int i = 0; i < n; i++) {
            const char *v = cell(st, row, cols[i]);
            if (sub && i == 0 && !v)
                v = _("Subtotal");
            draw_cell(&g->cols[cols[i]], hdr + 1 + r, xs[i], ws[i], v, a);
        }
    }
    if (st->counted == 0 && st->complete)
        ui_text(hdr + 1, 2, width - 2, _("No rows for these parameters."), UA_DIM);
    else if (st->totals_done && st->totals.n)
        draw_totals(st, hdr + 1 + st->page, cols, xs, ws, n);
}

static void report_draw(struct screen *s)
{
    struct report_state *st = s->state;
    if (st->viewing)
        draw_view(st);
    else
        formview_draw(&st->fv, ui_body_top(), 0);
}

/* ---- actions ---- */

static void move_to(struct report_state *st, long row)
{
    if (row < 0)
        row = 0;
    if (!have_row(st, row)) {
        if (st->counted == 0)
            return;
        row = st->counted - 1;
        have_row(st, row);
    }
    st->sel = row;
}

static void move_col(struct report_state *st, int dir)
{
    for (int c = st->col + dir; c >= 0 && c < (int)st->grid->ncols; c += dir)
        if (!st->grid->cols[c].hidden) {
            st->col = c;
            if (dir < 0 && c < st->first_col)
                st->first_col = c;
            return;
        }
}

static void sort(struct screen *s)
{
    struct report_state *st = s->state;
    if (st->view.sort_col != st->col) {
        st->view.sort_col = st->col;
        st->view.sort_desc = false;
    } else if (!st->view.sort_desc) {
        st->view.sort_desc = true;
    } else {
        st->view.sort_col = -1;
    }
    run(s);
}

static void filter(struct screen *s)
{
    struct report_state *st = s->state;
    const struct form_column *c = &st->grid->cols[st->col];
    char label[256];
    snprintf(label, sizeof(label),
             is_number(c) || c->type == FT_DATE
                 ? _("%s (=, <, >, <=, >= and a value; empty: no filter):")
                 : _("%s contains (empty: no filter):"),
             c->title ? _(c->title) : c->name);
    char *text =
        ui_prompt(_("Filter"), label, st->view.filter_col == st->col ? st->filter : NULL, 200);
    if (!text)
        return;
    if (!*text) {
        free(text);
        free(st->filter);
        st->filter = NULL;
        st->view.filter_col = -1;
        run(s);
        return;
    }
    char *bad = report_filter_check(st->def, st->col, text);
    if (bad) {
        ui_error("%s", bad);
        free(bad);
        free(text);
        return;
    }
    free(st->filter);
    st->filter = text;
    st->view.filter_col = st->col;
    run(s);
}

static void group(struct screen *s)
{
    struct report_state *st = s->state;
    st->view.group_col = st->view.group_col == st->col ? -1 : st->col;
    run(s);
}

/* Finds the next row after the current one with the text in a shown column. */
static void search(struct screen *s, bool again)
{
    struct report_state *st = s->state;
    if (!again || !st->search) {
        char *text = ui_prompt(_("Find"), _("Text in any column:"), st->search, 200);
        if (!text || !*text) {
            free(text);
            return;
        }
        free(st->search);
        st->search = text;
    }
    for (long row = st->sel + 1;; row++) {
        if (!have_row(st, row))
            break;
        for (size_t c = 0; c < st->grid->ncols; c++) {
            const char *v = cell(st, row, (int)c);
            if (!st->grid->cols[c].hidden && v && text_contains_ci(v, st->search)) {
                st->sel = row;
                return;
            }
        }
        if ((row - st->sel) % SEARCH_SLICE == 0 && ui_cancel_requested()) {
            ui_message(_("Search stopped."));
            return;
        }
    }
    ui_message(_("\"%s\" is not found below this row."), st->search);
}

static void drill(struct screen *s)
{
    struct report_state *st = s->state;
    if (!have_row(st, st->sel) || subtotal_row(st, st->sel))
        return;
    for (size_t c = 0; c < st->grid->ncols; c++) {
        const char *d = st->grid->cols[c].drill, *v = cell(st, st->sel, (int)c);
        if (!d || !v)
            continue;
        const char *colon = strchr(d, ':');
        char *screen = colon ? xstrndup(d, (size_t)(colon - d)) : xstrdup(d);
        char *arg = xasprintf("%s%s", colon ? colon + 1 : "", v);
        if (str_eq(screen, "report")) {
            /* Another report: it takes the parameters it shares with this one (a period). */
            for (size_t i = 0; i < st->params.n; i++) {
                const char *k = st->params.keys[i], *pv = st->params.vals[i];
                char *q1 = xasprintf("?%s=", k), *q2 = xasprintf("&%s=", k);
                bool have = strstr(arg, q1) || strstr(arg, q2);
                free(q1);
                free(q2);
                if (!pv || !*pv || strpbrk(pv, "&=?") || have)
                    continue;
                char *longer = xasprintf("%s&%s=%s", arg, k, pv);
                free(arg);
                arg = longer;
            }
        }
        app_push(s->app, screen, arg);
        free(screen);
        free(arg);
        return;
    }
    ui_message(_("This report opens nothing from its rows."));
}

struct export_progress {
    long total; /* 0 when not known */
};

static bool export_progress(void *ctx, long rows)
{
    struct export_progress *p = ctx;
    char bar[64] = "";
    if (p->total > 0) {
        int filled = (int)(rows * 30 / p->total);
        for (int i = 0; i < 30; i++)
            bar[i] = i < filled ? '#' : '.';
        bar[30] = '\0';
        ui_message(_("Exporting: %ld of %ld rows [%s]  Esc cancels"), rows, p->total, bar);
    } else {
        ui_message(_("Exporting: %ld rows  Esc cancels"), rows);
    }
    ui_redraw();
    return !ui_cancel_requested();
}

/* Where F9 proposes the file: the folder POLKA_EXPORT_DIR names, else the one Polka was
 * started in (where the manager looks for what he made), with the report's name. */
static char *export_default(const struct report_state *st)
{
    const char *dir = getenv("POLKA_EXPORT_DIR");
    char cwd[4096];
    if (str_empty(dir))
        dir = getcwd(cwd, sizeof(cwd)) ? cwd : ".";
    return xasprintf("%s/%s.xlsx", dir, st->def->name);
}

static void export(struct screen *s)
{
    struct report_state *st = s->state;
    char *dflt = export_default(st);
    char *path = ui_prompt(_("To Excel"), _("File:"), dflt, 1000);
    free(dflt);
    if (!path || !*path) {
        free(path);
        return;
    }
    struct export_progress p = {.total = st->complete ? st->counted : 0};
    long rows = 0;
    char err[1024];
    enum report_status rs = report_export(st->rdb, st->def, &st->params, &st->view, path, 0,
                                          export_progress, &p, &rows, err, sizeof(err));
    char *full = rs == REPORT_OK ? realpath(path, NULL) : NULL; /* where it went, whole */
    if (rs == REPORT_OK)
        ui_message(_("Exported %ld rows to %s."), rows, full ? full : path);
    else if (rs == REPORT_CANCELLED)
        ui_message(_("Export cancelled after %ld rows; no file written."), rows);
    else
        ui_error(_("No file written: %s"), err);
    free(full);
    free(path);
}

static enum ui_result view_event(struct screen *s, const struct ui_event *ev)
{
    struct report_state *st = s->state;
    switch (ev->req) {
    case REQ_UP:
        move_to(st, st->sel - 1);
        return UI_HANDLED;
    case REQ_DOWN:
        move_to(st, st->sel + 1);
        return UI_HANDLED;
    case REQ_PGUP:
        move_to(st, st->sel - st->page);
        return UI_HANDLED;
    case REQ_PGDN:
        move_to(st, st->sel + st->page);
        return UI_HANDLED;
    case REQ_HOME:
        move_to(st, 0);
        return UI_HANDLED;
    case REQ_END:
        count_all(s);
        move_to(st, st->counted - 1);
        return UI_HANDLED;
    case REQ_LEFT:
        move_col(st, -1);
        return UI_HANDLED;
    case REQ_RIGHT:
        move_col(st, +1);
        return UI_HANDLED;
    case REQ_SORT:
        sort(s);
        return UI_HANDLED;
    case REQ_FILTER:
        filter(s);
        return UI_HANDLED;
    case REQ_GROUP:
        group(s);
        return UI_HANDLED;
    case REQ_SEARCH:
    case REQ_SEARCH_NEXT:
        search(s, ev->req == REQ_SEARCH_NEXT);
        return UI_HANDLED;
    case REQ_EXPORT:
        export(s);
        return UI_HANDLED;
    case REQ_OPEN:
        drill(s);
        return UI_HANDLED;
    case REQ_BACK:
        close_rows(st);
        st->viewing = false;
        return st->drilled ? UI_CLOSE : UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

static enum ui_result report_event(struct screen *s, const struct ui_event *ev)
{
    struct report_state *st = s->state;
    if (st->viewing)
        return view_event(s, ev);
    if (ev->req == REQ_RUN || (ev->req == REQ_OPEN && !formview_focus_name(&st->fv))) {
        const char *msg;
        if (!formview_validate(&st->fv, &msg)) {
            ui_error("%s", msg);
            return UI_HANDLED;
        }
        char *bad = report_check(st->def, &st->params);
        if (bad) {
            ui_error("%s", bad);
            free(bad);
            return UI_HANDLED;
        }
        st->viewing = run(s);
        return UI_HANDLED;
    }
    return formview_event(&st->fv, ev);
}

static void report_done(struct screen *s)
{
    struct report_state *st = s->state;
    close_rows(st);
    db_close(&st->rdb);
    formview_free(&st->fv);
    record_clear(&st->params);
    record_clear(&st->totals);
    free(st->filter);
    free(st->search);
    free(st->age);
    formset_free(&st->set);
}

const struct screen_ops report_screen = {
    .name = "report",
    .state_size = sizeof(struct report_state),
    .open = report_open,
    .draw = report_draw,
    .event = report_event,
    .done = report_done,
    .help = view_help,
    .help_now = report_help_now,
    .idle = report_idle,
    .title_now = report_title_now,
};
