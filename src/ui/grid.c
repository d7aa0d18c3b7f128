/* grid.c: see grid.h. */
#include "polka/grid.h"

#include <stdlib.h>

#include "polka/codes.h"
#include "polka/i18n.h"
#include "polka/util.h"

/* A column squeezed to a few cells shows nothing useful: it is left for horizontal scrolling. */
static bool sliver(const struct form_column *fc, int w)
{
    return w < fc->width && w < 6;
}

/* A choice column's code in words: the row's own NAME.label, else the code set's word
 * (codes.h), else the code. */
static const char *choice_words(const struct record *r, const struct form_column *fc,
                                const char *code)
{
    char *key = xasprintf("%s.label", fc->name);
    const char *l = record_get(r, key);
    free(key);
    if (l)
        return l;
    return code_set_known(fc->lookup) ? code_label(fc->lookup, code) : code;
}

/* What the grid's width has beyond its columns' own, shared by its stretch columns. */
static int stretch_extra(const struct grid_view *g, int width)
{
    int used = 2, n = 0;
    for (size_t c = (size_t)g->first_col; c < g->def->ncols; c++) {
        used += g->def->cols[c].width + 1;
        n += g->def->cols[c].stretch;
    }
    return n && width > used ? (width - used) / n : 0;
}

void grid_draw(struct grid_view *g, int row, int col, int height, int width, bool focused)
{
    int n = g->rows ? (int)g->rows->n : 0;
    g->page = height - 1 > 1 ? height - 1 : 1;
    if (g->sel >= n)
        g->sel = n ? n - 1 : 0;
    if (g->sel < 0)
        g->sel = 0;
    if (g->sel < g->top)
        g->top = g->sel;
    if (g->sel >= g->top + g->page)
        g->top = g->sel - g->page + 1;
    if (g->first_col >= (int)g->def->ncols)
        g->first_col = (int)g->def->ncols - 1;
    if (g->first_col < 0)
        g->first_col = 0;
    int x = col + 2, extra = stretch_extra(g, width);
    size_t shown = (size_t)g->first_col;
    g->more_right = false;
    for (size_t c = (size_t)g->first_col; c < g->def->ncols && x < col + width; c++) {
        const struct form_column *fc = &g->def->cols[c];
        int want = fc->width + (fc->stretch ? extra : 0);
        int w = want < col + width - x ? want : col + width - x;
        if (sliver(fc, w))
            break;
        ui_text(row, x, w, fc->title ? (*fc->title ? _(fc->title) : "") : fc->name, UA_BOLD);
        g->more_right |= w < want;
        shown = c + 1;
        x += w + 1;
    }
    g->more_right |= shown < g->def->ncols;
    for (int i = 0; i < g->page && g->top + i < n; i++) {
        const struct record *r = g->rows->rows[g->top + i];
        bool cur = g->top + i == g->sel;
        enum ui_attr a = cur && focused                      ? UA_SELECTED
                         : str_empty(record_get(r, "_mark")) ? UA_NORMAL
                                                             : UA_BOLD;
        ui_text(row + 1 + i, col, 2, cur ? ">" : "", UA_BOLD);
        x = col + 2;
        for (size_t c = (size_t)g->first_col; c < g->def->ncols && x < col + width; c++) {
            const struct form_column *fc = &g->def->cols[c];
            int want = fc->width + (fc->stretch ? extra : 0);
            int w = want < col + width - x ? want : col + width - x;
            if (sliver(fc, w))
                break;
            const char *v = record_get(r, fc->name);
            if (fc->type == FT_CHOICE)
                v = choice_words(r, fc, v);
            else if (fc->type == FT_BOOL)
                v = str_eq(v, "t") || str_eq(v, "true") ? "[x]" : "[ ]";
            bool last = c + 1 == g->def->ncols || x + w + 1 >= col + width ||
                        sliver(&g->def->cols[c + 1], col + width - x - w - 1);
            if (fc->right)
                ui_text_right(row + 1 + i, x, w, v, a);
            else if (fc->stretch)
                ui_text_middle(row + 1 + i, x, w, v, a);
            else
                ui_text(row + 1 + i, x, w, v, a);
            if (!last) /* the gap takes the row's colour, never the text */
                ui_text(row + 1 + i, x + w, 1, "", a);
            x += w + 1;
        }
    }
}

enum ui_result grid_event(struct grid_view *g, const struct ui_event *ev)
{
    int n = g->rows ? (int)g->rows->n : 0;
    switch (ev->req) {
    case REQ_UP:
        g->sel--;
        break;
    case REQ_DOWN:
        g->sel++;
        break;
    case REQ_PGUP:
        g->sel -= g->page;
        break;
    case REQ_PGDN:
        g->sel += g->page;
        break;
    case REQ_HOME:
        g->sel = 0;
        break;
    case REQ_END:
        g->sel = n - 1;
        break;
    case REQ_LEFT:
        if (g->first_col <= 0)
            return UI_IGNORED;
        g->first_col--;
        break;
    case REQ_RIGHT: /* not past the last column, however cut it is */
        if (!g->more_right || g->first_col + 1 >= (int)g->def->ncols)
            return UI_IGNORED;
        g->first_col++;
        break;
    default:
        return UI_IGNORED;
    }
    if (g->sel >= n)
        g->sel = n - 1;
    if (g->sel < 0)
        g->sel = 0;
    if (g->first_col < 0)
        g->first_col = 0;
    if (g->first_col >= (int)g->def->ncols)
        g->first_col = (int)g->def->ncols - 1;
    return UI_HANDLED;
}

char *grid_row_text(const struct grid_view *g, const struct record *r)
{
    struct strbuf sb = {0};
    for (size_t c = 0; c < g->def->ncols; c++) {
        const struct form_column *fc = &g->def->cols[c];
        if (fc->hidden)
            continue;
        const char *v = record_get(r, fc->name);
        if (fc->type == FT_CHOICE)
            v = choice_words(r, fc, v);
        else if (fc->type == FT_BOOL)
            v = str_eq(v, "t") || str_eq(v, "true") ? _("yes") : _("no");
        strbuf_printf(&sb, "%s: %s\n", fc->title ? _(fc->title) : fc->name, v ? v : "");
    }
    return strbuf_detach(&sb);
}

const struct record *grid_current(const struct grid_view *g)
{
    if (!g->rows || g->sel < 0 || g->sel >= (int)g->rows->n)
        return NULL;
    return g->rows->rows[g->sel];
}
