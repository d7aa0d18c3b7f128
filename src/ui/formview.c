/* formview.c: see formview.h. */
#include "polka/formview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/inn.h"
#include "polka/text.h"
#include "polka/util.h"
#include "ui_int.h"

struct lineedit_state {
    struct lineedit le;
    int field; /* which field the editor holds; -1 none */
};

/* Grids take part only when the caller gave rows for them. */
static size_t ngrids(const struct formview *fv)
{
    return fv->grids ? fv->def->ngrids : 0;
}

/* Focusable items: visible, writable fields, then every grid. */
static int nfocus(const struct formview *fv)
{
    int n = 0;
    for (size_t i = 0; i < fv->def->nfields; i++)
        n += !fv->def->fields[i].hidden && !fv->def->fields[i].readonly;
    return n + (int)ngrids(fv);
}

/* Focus index → field index (>= 0) or -(grid index) - 1. */
static int focus_target(const struct formview *fv, int focus)
{
    int k = 0;
    for (size_t i = 0; i < fv->def->nfields; i++) {
        const struct form_field *f = &fv->def->fields[i];
        if (f->hidden || f->readonly)
            continue;
        if (k++ == focus)
            return (int)i;
    }
    return -(focus - k) - 1;
}

static bool is_texty(const struct form_field *f)
{
    return f->type != FT_CHOICE && f->type != FT_BOOL;
}

void formview_init(struct formview *fv, const struct form_def *def, struct record *rec,
                   struct rowset **grids, const struct formview_hooks *hooks)
{
    memset(fv, 0, sizeof(*fv));
    fv->def = def;
    fv->rec = rec;
    fv->grids = grids;
    if (hooks)
        fv->hooks = *hooks;
    fv->sel = xcalloc(def->ngrids + 1, sizeof(int));
    fv->top = xcalloc(def->ngrids + 1, sizeof(int));
    fv->left = xcalloc(def->ngrids + 1, sizeof(int));
    fv->more = xcalloc(def->ngrids + 1, sizeof(bool));
    fv->le = xcalloc(1, sizeof(*fv->le));
    fv->le->field = -1;
}

void formview_rebind(struct formview *fv, const struct form_def *def, struct record *rec,
                     struct rowset **grids, const struct formview_hooks *hooks, bool readonly)
{
    int focus = fv->focus, vtop = fv->vtop;
    const struct form_def *was = fv->def;
    int *left = fv->left;
    fv->left = NULL;
    formview_free(fv);
    formview_init(fv, def, rec, grids, hooks);
    if (was == def) { /* the same card read again: scrolled as it was */
        memcpy(fv->left, left, (def->ngrids + 1) * sizeof(int));
        fv->vtop = vtop;
    }
    free(left);
    fv->focus = focus;
    fv->readonly = readonly;
    fv->fit = true;
}

void formview_free(struct formview *fv)
{
    if (fv->le)
        le_free(&fv->le->le);
    xfree(&fv->le);
    xfree(&fv->sel);
    xfree(&fv->top);
    xfree(&fv->left);
    xfree(&fv->more);
}

void formview_commit(struct formview *fv)
{
    if (fv->le->field < 0)
        return;
    const struct form_field *f = &fv->def->fields[fv->le->field];
    char *v = le_get(&fv->le->le);
    const char *old = record_get(fv->rec, f->name);
    if (!str_eq(old ? old : "", v)) {
        record_set(fv->rec, f->name, v);
        fv->dirty = true;
    }
    free(v);
}

/* Loads the focused field into the editor when focus moved. */
static void sync_editor(struct formview *fv)
{
    int t = nfocus(fv) ? focus_target(fv, fv->focus) : -1;
    if (t == fv->le->field)
        return;
    formview_commit(fv);
    fv->le->field = -1;
    if (t >= 0 && is_texty(&fv->def->fields[t])) {
        fv->le->field = t;
        fv->le->le.max = fv->def->fields[t].max;
        le_set(&fv->le->le, record_get(fv->rec, fv->def->fields[t].name));
    }
}

void formview_reload(struct formview *fv)
{
    fv->le->field = -1;
}

const struct record *formview_focus_row(const struct formview *fv, const char *grid)
{
    int t = nfocus(fv) ? focus_target(fv, fv->focus) : -1;
    if (t >= 0)
        return NULL;
    size_t g = (size_t)(-t - 1);
    if (g >= ngrids(fv) || strcmp(fv->def->grids[g].name, grid) != 0 || !fv->grids[g])
        return NULL;
    int sel = fv->sel[g];
    return sel >= 0 && (size_t)sel < fv->grids[g]->n ? fv->grids[g]->rows[sel] : NULL;
}

const char *formview_focus_name(const struct formview *fv)
{
    int t = nfocus(fv) ? focus_target(fv, fv->focus) : -1;
    return t >= 0 ? fv->def->fields[t].name : NULL;
}

static char *display_value(const struct formview *fv, const struct record *rec, const char *name,
                           enum field_type type, const char *lookup)
{
    const char *v = record_get(rec, name);
    if (type == FT_BOOL)
        return xstrdup(str_eq(v, "t") || str_eq(v, "true") ? "[x]" : "[ ]");
    if (type == FT_CHOICE && !str_empty(v)) {
        char *key = xasprintf("%s.label", name);
        const char *l = record_get(rec, key);
        free(key);
        if (l)
            return xstrdup(l);
        char *lab = fv && fv->hooks.label ? fv->hooks.label(fv->hooks.ctx, lookup, v) : NULL;
        if (lab)
            return lab;
    }
    /* Line breaks (a text of paragraphs) as the field editor shows them: ¶. */
    struct strbuf sb = {0};
    for (const char *c = v ? v : ""; *c; c++)
        if (*c == '\n')
            strbuf_add(&sb, "\xc2\xb6", 2);
        else
            strbuf_add(&sb, c, 1);
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

/* Where each field and grid goes on a terminal of this width: as the form says, but a field
 * that would run off the right edge beside another moves to a line of its own below its row,
 * at the left (the grids and rows after it move down as many lines). A form made for a wide
 * terminal stays whole at 80 columns, and Tab never goes to a field no one can see. */
struct layout {
    int *frow, *fcol; /* per field */
    int *grow;        /* per grid */
    int height;       /* rows needed: every field, and each grid's title, header and a row */
};

/* The rows a grid needs: its height, or, made to reach the bottom (a height of the terminal's
 * rows or more: 200), its title, header and a row; the rest of the terminal is its own. */
static int grid_rows(const struct form_grid *g, int rows)
{
    return g->height < rows ? g->height : (g->height < 3 ? g->height : 3);
}

static void layout_make(const struct formview *fv, int left, int rows, struct layout *lo)
{
    const struct form_def *d = fv->def;
    lo->frow = xcalloc(d->nfields + 1, sizeof(int));
    lo->fcol = xcalloc(d->nfields + 1, sizeof(int));
    lo->grow = xcalloc(d->ngrids + 1, sizeof(int));
    lo->height = 0;
    /* The visible fields in reading order (row, then column). */
    size_t n = 0, *order = xcalloc(d->nfields + 1, sizeof(size_t));
    for (size_t i = 0; i < d->nfields; i++)
        if (!d->fields[i].hidden)
            order[n++] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0; j--) {
            const struct form_field *a = &d->fields[order[j - 1]], *b = &d->fields[order[j]];
            if (a->row < b->row || (a->row == b->row && a->col <= b->col))
                break;
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    /* extra: the lines added above the current row; moved: those its fields moved to. */
    int extra = 0, moved = 0, last_row = -1;
    for (size_t k = 0; k < n; k++) {
        const struct form_field *f = &d->fields[order[k]];
        bool first = f->row != last_row;
        if (first) {
            extra += moved;
            moved = 0;
        }
        last_row = f->row;
        lo->frow[order[k]] = f->row + extra;
        lo->fcol[order[k]] = f->col;
        /* Cut a little, a field stays; with less than its width and 12 columns to show, or
         * none, it moves down, below its row and the fields moved before it. */
        int room = ui_cols() - 1 - (left + f->col + d->labelwidth);
        if (fv->fit && !first && room < f->width && room < 12) {
            lo->frow[order[k]] = f->row + extra + ++moved;
            lo->fcol[order[k]] = 1;
        }
        if (lo->frow[order[k]] + 1 > lo->height)
            lo->height = lo->frow[order[k]] + 1;
    }
    for (size_t g = 0; g < ngrids(fv); g++) {
        /* Down by the lines added by the fields on rows above the grid. */
        int added = 0;
        for (size_t k = 0; k < n; k++) {
            const struct form_field *f = &d->fields[order[k]];
            if (f->row < d->grids[g].row && lo->frow[order[k]] - f->row > added)
                added = lo->frow[order[k]] - f->row;
        }
        lo->grow[g] = d->grids[g].row + added;
        if (lo->grow[g] + grid_rows(&d->grids[g], rows) > lo->height)
            lo->height = lo->grow[g] + grid_rows(&d->grids[g], rows);
    }
    free(order);
}

static void layout_free(struct layout *lo)
{
    xfree(&lo->frow);
    xfree(&lo->fcol);
    xfree(&lo->grow);
}

/* Rows the view has from top on: down to the message and key lines. */
static int rows_from(int top)
{
    return ui_rows() - 2 - top;
}

/* The form rows [*a, *b) of focus item k (a field's line; a grid's title, header and body). */
static void item_rows(const struct formview *fv, const struct layout *lo, int rows, int k, int *a,
                      int *b)
{
    int t = focus_target(fv, k);
    if (t >= 0) {
        *a = lo->frow[t];
        *b = *a + 1;
    } else {
        *a = lo->grow[-t - 1];
        *b = *a + grid_rows(&fv->def->grids[-t - 1], rows);
    }
}

/* The first form row shown when the form needs more than `rows` rows (else 0): the focused
 * item in view, and with it what cannot have the focus around it (the read-only fields above
 * it up to the item before, the lines below it down to the next), so that Shift-Tab to the
 * first field brings back the card's head. */
static void keep_in_view(struct formview *fv, const struct layout *lo, int rows)
{
    if (!fv->fit || lo->height <= rows) {
        fv->vtop = 0;
        return;
    }
    int n = nfocus(fv);
    if (!fv->readonly && n > 0) {
        int a, b, above = 0, below = lo->height;
        item_rows(fv, lo, rows, fv->focus, &a, &b);
        for (int k = 0; k < n; k++) {
            int ka, kb;
            item_rows(fv, lo, rows, k, &ka, &kb);
            if (k != fv->focus && kb <= a && kb > above)
                above = kb;
            if (k != fv->focus && ka >= b && ka < below)
                below = ka;
        }
        if (b - a > rows)
            b = a + rows;
        if (a < fv->vtop)
            fv->vtop = above > b - rows ? above : b - rows;
        if (b > fv->vtop + rows)
            fv->vtop = (below < a + rows ? below : a + rows) - rows;
    }
    if (fv->vtop > lo->height - rows)
        fv->vtop = lo->height - rows;
    if (fv->vtop < 0)
        fv->vtop = 0;
}

static void draw_grid(struct formview *fv, size_t gi, int row, int col, int height, bool focused)
{
    const struct form_grid *g = &fv->def->grids[gi];
    struct rowset *rs = fv->grids ? fv->grids[gi] : NULL;
    int width = ui_cols() - col - 1;
    char *label = xasprintf("%s (%zu)", g->label ? _(g->label) : g->name, rs ? rs->n : 0);
    ui_text(row, col, width, label, focused ? UA_BOLD : UA_NORMAL);
    free(label);
    int x = col + 2;
    size_t c0 = (size_t)fv->left[gi] < g->ncols ? (size_t)fv->left[gi] : 0;
    fv->left[gi] = (int)c0;
    fv->more[gi] = false;
    for (size_t c = c0; c < g->ncols; c++) {
        if (x >= col + width) {
            fv->more[gi] = true;
            break;
        }
        int w = g->cols[c].width;
        if (x + w > col + width) {
            w = col + width - x;
            fv->more[gi] = true;
        }
        ui_text(row + 1, x, w, g->cols[c].title ? _(g->cols[c].title) : g->cols[c].name, UA_DIM);
        x += w + 1;
    }
    int body = height - 2;
    int *sel = &fv->sel[gi], *first = &fv->top[gi];
    int n = rs ? (int)rs->n : 0;
    if (*sel >= n)
        *sel = n ? n - 1 : 0;
    if (*sel < *first)
        *first = *sel;
    if (body > 0 && *sel >= *first + body)
        *first = *sel - body + 1;
    for (int i = 0; i < body && *first + i < n; i++) {
        const struct record *r = rs->rows[*first + i];
        bool cur = focused && *first + i == *sel;
        /* A row the card's function marks (_mark: a line with a problem) says so in the
         * margin and in bold, for a terminal without colours too. */
        bool marked = !str_empty(record_get(r, "_mark"));
        enum ui_attr a = cur ? UA_SELECTED : marked ? UA_BOLD : UA_NORMAL;
        ui_text(row + 2 + i, col, 2, cur ? ">" : marked ? "!" : "", UA_BOLD);
        x = col + 2;
        for (size_t c = c0; c < g->ncols && x < col + width; c++) {
            const struct form_column *fc = &g->cols[c];
            int w = fc->width;
            if (x + w > col + width)
                w = col + width - x;
            char *v = display_value(fv, r, fc->name, fc->type, fc->lookup);
            if (fc->right)
                ui_text_right(row + 2 + i, x, w, v, a);
            else
                ui_text(row + 2 + i, x, w, v, a);
            if (c + 1 < g->ncols && x + w < col + width) /* the gap: colour, never text */
                ui_text(row + 2 + i, x + w, 1, "", a);
            free(v);
            x += w + 1;
        }
    }
    if (n == 0 && body > 0)
        ui_text(row + 2, col + 2, width - 2, focused ? _("empty: Ins adds a row") : _("empty"),
                UA_DIM);
}

void formview_draw(struct formview *fv, int top, int left)
{
    sync_editor(fv);
    int focus_t = nfocus(fv) ? focus_target(fv, fv->focus) : -1;
    ui_cursor(-1, -1);
    struct layout lo;
    int rows = rows_from(top);
    layout_make(fv, left, rows, &lo);
    keep_in_view(fv, &lo, rows);
    fv->vrows = rows;
    fv->vheight = lo.height;
    for (size_t i = 0; i < fv->def->nfields; i++) {
        const struct form_field *f = &fv->def->fields[i];
        if (f->hidden || (fv->fit && (lo.frow[i] < fv->vtop || lo.frow[i] >= fv->vtop + rows)))
            continue;
        int row = top + lo.frow[i] - fv->vtop, col = left + lo.fcol[i];
        int in = col + fv->def->labelwidth, w = f->width;
        if (in + w > ui_cols() - 1)
            w = ui_cols() - 1 - in;
        char *label = xasprintf("%s%s", f->label ? _(f->label) : f->name, f->required ? "*" : "");
        ui_text(row, col, fv->def->labelwidth - 1, label, UA_NORMAL);
        free(label);
        bool active = !fv->readonly && (int)i == focus_t;
        if (f->secret) {
            /* Passwords: only how many characters, never which. */
            size_t n =
                active && fv->le->field == (int)i
                    ? fv->le->le.len
                    : text_chars(record_get(fv->rec, f->name) ? record_get(fv->rec, f->name) : "");
            char *stars = xcalloc(n + 1, 1);
            memset(stars, '*', n);
            ui_text(row, in, w, stars, active ? UA_ACTIVE : UA_FIELD);
            free(stars);
            if (active)
                ui_cursor(row, in + ((int)n < w ? (int)n : w - 1));
        } else if (active && fv->le->field == (int)i) {
            le_draw(&fv->le->le, row, in, w, true);
        } else {
            char *v = display_value(fv, fv->rec, f->name, f->type, f->lookup);
            ui_text(row, in, w, v,
                    active ? UA_ACTIVE : (f->readonly || fv->readonly ? UA_NORMAL : UA_FIELD));
            free(v);
            if (active)
                ui_cursor(row, in);
        }
    }
    for (size_t g = 0; g < ngrids(fv); g++) {
        int at = lo.grow[g] - fv->vtop, height = fv->def->grids[g].height;
        if (fv->fit && (at < 0 || at >= rows))
            continue;
        if (fv->fit && at + height > rows) /* the grid stops at the bottom of the body */
            height = rows - at;
        draw_grid(fv, g, top + at, left + fv->def->grids[g].col, height,
                  !fv->readonly && focus_t == -(int)g - 1);
    }
    /* More of the card above or below: Tab (or Up/Down on a read-only card) gets there. */
    if (fv->fit && fv->vtop > 0)
        ui_text(top, ui_cols() - 1, 1, "↑", UA_DIM);
    if (fv->fit && fv->vtop + rows < lo.height)
        ui_text(top + rows - 1, ui_cols() - 1, 1, "↓", UA_DIM);
    layout_free(&lo);
}

struct fetch_ctx {
    const struct formview_hooks *hooks;
    const char *kind, *by;
};

static int fetch_adapter(void *ctx, const char *query, char ***codes, char ***labels)
{
    struct fetch_ctx *fc = ctx;
    return fc->hooks->fetch
               ? fc->hooks->fetch(fc->hooks->ctx, fc->kind, fc->by, query, codes, labels)
               : 0;
}

/* Opens the look-up of a choice field; `initial` is the character that started it; by: the
 * value narrowing it (lookup_by's), NULL for none. */
static bool choose(const struct formview_hooks *hooks, struct record *rec, const char *name,
                   const char *kind, const char *by, const char *title, const char *initial)
{
    struct fetch_ctx fc = {hooks, kind, by};
    char *code = NULL, *label = NULL;
    if (!ui_lookup(title, initial, fetch_adapter, &fc, &code, &label))
        return false;
    record_set(rec, name, code);
    char *key = xasprintf("%s.label", name);
    record_set(rec, key, label);
    free(key);
    free(code);
    free(label);
    return true;
}

/* The value a field's look-up is narrowed by (its lookup_by field's), or NULL. */
static const char *by_value(const struct formview *fv, const struct form_field *f)
{
    const char *v = f->lookup_by ? record_get(fv->rec, f->lookup_by) : NULL;
    return str_empty(v) ? NULL : v;
}

/* The column F4 chooses on a grid's row: its first choice the row lets one change, or NULL. */
static const struct form_column *lookup_column(const struct form_grid *g)
{
    for (size_t c = 0; c < g->ncols; c++)
        if (g->cols[c].type == FT_CHOICE && !g->cols[c].readonly)
            return &g->cols[c];
    return NULL;
}

/* A grid row edited on a copy: the copy replaces row i when changed is true (the card is
 * changed then), else it is dropped. */
static void row_keep(struct formview *fv, struct rowset *rs, int i, struct record *copy,
                     bool changed)
{
    if (changed) {
        record_free(&rs->rows[i]);
        rs->rows[i] = copy;
        fv->dirty = true;
    } else {
        record_free(&copy);
    }
}

static void move_focus(struct formview *fv, int delta)
{
    int n = nfocus(fv);
    if (n == 0)
        return;
    formview_commit(fv);
    fv->focus = (fv->focus + delta + n) % n;
}

/* Grid gi's columns a step left or right (req), while some are off that side: whether they
 * moved. */
static bool scroll_columns(struct formview *fv, size_t gi, enum request req)
{
    if (req == REQ_LEFT && fv->left[gi] > 0)
        fv->left[gi]--;
    else if (req == REQ_RIGHT && fv->more[gi] &&
             (size_t)fv->left[gi] + 1 < fv->def->grids[gi].ncols)
        fv->left[gi]++;
    else
        return false;
    return true;
}

enum ui_result formview_event(struct formview *fv, const struct ui_event *ev)
{
    int n = nfocus(fv);
    if (fv->readonly && (ev->req == REQ_LEFT || ev->req == REQ_RIGHT)) {
        /* Read only, nothing has the focus: Left/Right scroll every grid too wide. */
        bool moved = false;
        for (size_t gi = 0; gi < ngrids(fv); gi++)
            moved |= scroll_columns(fv, gi, ev->req);
        return moved ? UI_HANDLED : UI_IGNORED;
    }
    if (fv->fit && fv->readonly && fv->vheight > fv->vrows) {
        /* Read only and taller than the terminal: Up/Down, PgUp/PgDn scroll the card. */
        int step = ev->req == REQ_UP     ? -1
                   : ev->req == REQ_DOWN ? 1
                   : ev->req == REQ_PGUP ? -fv->vrows
                   : ev->req == REQ_PGDN ? fv->vrows
                                         : 0;
        int to = fv->vtop + step;
        if (to > fv->vheight - fv->vrows)
            to = fv->vheight - fv->vrows;
        if (to < 0)
            to = 0;
        if (step && to != fv->vtop) {
            fv->vtop = to;
            return UI_HANDLED;
        }
    }
    if (fv->readonly || n == 0)
        return UI_IGNORED;
    sync_editor(fv);
    int t = focus_target(fv, fv->focus);
    if (ev->req == REQ_NEXT) {
        move_focus(fv, 1);
        return UI_HANDLED;
    }
    if (ev->req == REQ_PREV) {
        move_focus(fv, -1);
        return UI_HANDLED;
    }
    if (t < 0) { /* a grid */
        size_t gi = (size_t)(-t - 1);
        const struct form_grid *g = &fv->def->grids[gi];
        struct rowset *rs = fv->grids[gi];
        int *sel = &fv->sel[gi];
        switch (ev->req) {
        case REQ_UP:
            if (*sel > 0)
                (*sel)--;
            else
                move_focus(fv, -1);
            return UI_HANDLED;
        case REQ_DOWN:
            if (*sel + 1 < (int)rs->n)
                (*sel)++;
            else
                move_focus(fv, 1);
            return UI_HANDLED;
        case REQ_HOME:
            *sel = 0;
            return UI_HANDLED;
        case REQ_END:
            *sel = rs->n ? (int)rs->n - 1 : 0;
            return UI_HANDLED;
        case REQ_LEFT: /* the columns of a grid too wide for the terminal */
        case REQ_RIGHT:
            scroll_columns(fv, gi, ev->req);
            return UI_HANDLED;
        case REQ_INSERT: {
            struct record *row = record_new();
            if (formview_row_dialog(g, row, &fv->hooks, g->label ? _(g->label) : g->name)) {
                rowset_add(rs, row);
                *sel = (int)rs->n - 1;
                fv->dirty = true;
            } else {
                record_free(&row);
            }
            return UI_HANDLED;
        }
        case REQ_OPEN:
            if (*sel < (int)rs->n) {
                struct record *copy = record_copy(rs->rows[*sel]);
                row_keep(
                    fv, rs, *sel, copy,
                    formview_row_dialog(g, copy, &fv->hooks, g->label ? _(g->label) : g->name));
            }
            return UI_HANDLED;
        case REQ_LOOKUP: {
            /* As F4 on that field of the row's pop-up (Enter), without the pop-up. */
            const struct form_column *col = lookup_column(g);
            if (!col)
                return UI_IGNORED;
            if (*sel < (int)rs->n) {
                struct record *copy = record_copy(rs->rows[*sel]);
                row_keep(fv, rs, *sel, copy,
                         choose(&fv->hooks, copy, col->name, col->lookup, NULL,
                                col->title ? _(col->title) : col->name, ""));
            }
            return UI_HANDLED;
        }
        case REQ_DELETE:
            if (*sel < (int)rs->n && ui_confirm(_("Delete row"), _("Delete the selected row?"))) {
                rowset_remove(rs, (size_t)*sel);
                fv->dirty = true;
            }
            return UI_HANDLED;
        default:
            return UI_IGNORED;
        }
    }
    const struct form_field *f = &fv->def->fields[t];
    switch (ev->req) {
    case REQ_UP:
        move_focus(fv, -1);
        return UI_HANDLED;
    case REQ_DOWN:
        move_focus(fv, 1);
        return UI_HANDLED;
    case REQ_OPEN:
        if (f->type != FT_CHOICE) {
            move_focus(fv, 1);
            return UI_HANDLED;
        }
        /* Enter on a choice opens its look-up */
        /* fall through */
    case REQ_LOOKUP:
        if (f->type == FT_CHOICE) {
            if (choose(&fv->hooks, fv->rec, f->name, f->lookup, by_value(fv, f),
                       f->label ? _(f->label) : f->name, ""))
                fv->dirty = true;
            return UI_HANDLED;
        }
        return UI_IGNORED;
    case REQ_CHAR:
        if (f->type == FT_BOOL && ev->ch == ' ') {
            const char *v = record_get(fv->rec, f->name);
            record_set(fv->rec, f->name, str_eq(v, "t") || str_eq(v, "true") ? "f" : "t");
            fv->dirty = true;
            return UI_HANDLED;
        }
        if (f->type == FT_CHOICE) {
            char first[5] = {0};
            text_encode(ev->ch, first);
            if (choose(&fv->hooks, fv->rec, f->name, f->lookup, by_value(fv, f),
                       f->label ? _(f->label) : f->name, first))
                fv->dirty = true;
            return UI_HANDLED;
        }
        break;
    case REQ_DELETE:
    case REQ_CLEAR:
        if (f->type == FT_CHOICE) {
            record_set(fv->rec, f->name, NULL);
            char *key = xasprintf("%s.label", f->name);
            record_set(fv->rec, key, NULL);
            free(key);
            fv->dirty = true;
            return UI_HANDLED;
        }
        break;
    default:
        break;
    }
    if (fv->le->field == t && le_event(&fv->le->le, ev)) {
        formview_commit(fv);
        return UI_HANDLED;
    }
    if (fv->le->le.overflow) {
        ui_error(_("Too long: at most %d characters."), f->max);
        return UI_HANDLED;
    }
    return ev->req == REQ_CHAR ? UI_HANDLED : UI_IGNORED;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && strchr(at + 1, '@') == NULL && strchr(at, '.') &&
           at[strlen(at) - 1] != '.' && !strchr(s, ' ');
}

static bool phone_ok(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (!strchr("+-() ", *s))
            return false;
    }
    return digits >= 5 && digits <= 15;
}

static bool date_ok(const char *s)
{
    int y, m, d;
    return text_date_parse(s, &y, &m, &d);
}

/* NULL when v is acceptable for type, else a translated message. */
static const char *check_value(enum field_type type, const char *v)
{
    int64_t x;
    enum decimal_status st;
    switch (type) {
    case FT_INN:
        return inn_valid(v) ? NULL : _("The INN is not valid: 10 or 12 digits with check digits.");
    case FT_KPP:
        return kpp_valid(v) ? NULL : _("The KPP is not valid: 9 characters expected.");
    case FT_GLN:
        return strlen(v) == 13 && gtin_valid(v)
                   ? NULL
                   : _("The GLN is not valid: 13 digits with a check digit.");
    case FT_EMAIL:
        return email_ok(v) ? NULL : _("The e-mail address is not valid.");
    case FT_PHONE:
        return phone_ok(v) ? NULL : _("The phone number is not valid.");
    case FT_DATE:
        return date_ok(v) ? NULL : _("The date is not valid: YYYY-MM-DD expected.");
    case FT_INT:
        st = decimal_parse(v, 0, &x);
        return st == DECIMAL_OK ? NULL : decimal_strerror(st);
    case FT_MONEY:
        st = decimal_parse(v, 2, &x);
        return st == DECIMAL_OK ? NULL : decimal_strerror(st);
    case FT_QTY:
        st = decimal_parse(v, 3, &x);
        return st == DECIMAL_OK ? NULL : decimal_strerror(st);
    default:
        return NULL;
    }
}

bool formview_validate(struct formview *fv, const char **message)
{
    formview_commit(fv);
    for (size_t i = 0; i < fv->def->nfields; i++) {
        const struct form_field *f = &fv->def->fields[i];
        const char *v = record_get(fv->rec, f->name);
        const char *bad = NULL;
        if (str_empty(v))
            bad = f->required && !f->readonly ? _("This field is required.") : NULL;
        else if (text_chars(v) > (size_t)f->max)
            bad = _("The text is too long.");
        else
            bad = check_value(f->type, v);
        if (bad) {
            int k = 0;
            for (int j = 0; j < nfocus(fv); j++)
                if (focus_target(fv, j) == (int)i)
                    k = j;
            fv->focus = k;
            static char buf[300];
            snprintf(buf, sizeof(buf), "%s: %s", f->label ? _(f->label) : f->name, bad);
            *message = buf;
            return false;
        }
    }
    for (size_t g = 0; g < ngrids(fv); g++) {
        const struct form_grid *gr = &fv->def->grids[g];
        for (size_t r = 0; fv->grids && r < fv->grids[g]->n; r++)
            for (size_t c = 0; c < gr->ncols; c++) {
                const char *v = record_get(fv->grids[g]->rows[r], gr->cols[c].name);
                const char *bad = str_empty(v)
                                      ? (gr->cols[c].required ? _("This field is required.") : NULL)
                                      : check_value(gr->cols[c].type, v);
                if (bad) {
                    static char buf[300];
                    snprintf(buf, sizeof(buf), "%s, %s %zu, %s: %s",
                             gr->label ? _(gr->label) : gr->name, _("row"), r + 1,
                             gr->cols[c].title ? _(gr->cols[c].title) : gr->cols[c].name, bad);
                    fv->focus = nfocus(fv) - (int)ngrids(fv) + (int)g;
                    fv->sel[g] = (int)r;
                    *message = buf;
                    return false;
                }
            }
    }
    return true;
}

bool formview_row_dialog(const struct form_grid *g, struct record *row,
                         const struct formview_hooks *hooks, const char *title)
{
    /* A one-off form whose fields are the grid's columns, one per line. */
    struct form_def def = {0};
    def.name = g->name;
    def.labelwidth = 2;
    for (size_t c = 0; c < g->ncols; c++) {
        int w = text_width(g->cols[c].title ? _(g->cols[c].title) : g->cols[c].name) + 3;
        if (w > def.labelwidth)
            def.labelwidth = w;
    }
    def.nfields = g->ncols;
    def.fields = xcalloc(g->ncols, sizeof(*def.fields));
    for (size_t c = 0; c < g->ncols; c++) {
        const struct form_column *col = &g->cols[c];
        def.fields[c] = (struct form_field){.name = col->name,
                                            .label = col->title,
                                            .lookup = col->lookup,
                                            .type = col->type,
                                            .row = (int)c,
                                            .width = 40,
                                            .max = col->max,
                                            .required = col->required,
                                            .readonly = col->readonly};
    }
    struct formview fv;
    formview_init(&fv, &def, row, NULL, hooks);
    bool accepted = false;
    for (;;) {
        ui_redraw_under();
        int h = (int)g->ncols + 4, w = def.labelwidth + 44;
        if (w > ui_cols() - 2)
            w = ui_cols() - 2;
        int r = (ui_rows() - h) / 2, c = (ui_cols() - w) / 2;
        ui_box(r, c, h, w, title);
        ui_text(r + h - 2, c + 2, w - 4, _("F2/Enter on the last field: OK · Esc: cancel"), UA_DIM);
        formview_draw(&fv, r + 1, c + 2);
        ui_flush();
        struct ui_event ev = ui_read(NULL);
        if (ev.req == REQ_BACK || ev.key == UK_EOF)
            break;
        bool last = fv.focus == nfocus(&fv) - 1;
        if (ev.req == REQ_SAVE || (ev.req == REQ_OPEN && last &&
                                   def.fields[focus_target(&fv, fv.focus)].type != FT_CHOICE)) {
            const char *msg;
            if (formview_validate(&fv, &msg)) {
                accepted = true;
                break;
            }
            ui_error("%s", msg);
            continue;
        }
        formview_event(&fv, &ev);
    }
    formview_commit(&fv);
    formview_free(&fv);
    free(def.fields);
    return accepted;
}
