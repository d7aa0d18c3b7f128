/* searchlist.c: a search line over a list, the shape of the list screens (list.c) and the price
 * type, order and report lists: arrows move in the list, typing edits the search line (other
 * fields are filters the screen watches itself), and the screen searches again whenever the
 * line changed. */
#include <stdlib.h>

#include "polka/db.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

bool search_list_open(struct search_list *l, struct app *app, const struct form_def *form,
                      const char *grid)
{
    const struct form_grid *g = form ? formdef_grid(form, grid) : NULL;
    if (!g) {
        ui_error("forms/%s.form: no grid '%s'", form ? form->name : "?", grid);
        return false;
    }
    struct formview_hooks hooks = screens_hooks(app);
    formview_init(&l->fv, form, &l->rec, NULL, &hooks);
    l->grid.def = g;
    l->grid.rows = &l->rows;
    return true;
}

void search_list_draw(struct search_list *l)
{
    int top = ui_body_top();
    formview_draw(&l->fv, top, 0);
    grid_draw(&l->grid, top + 1, 0, ui_body_rows() - 1, ui_cols(), true);
}

const char *search_list_q(const struct search_list *l)
{
    const char *q = record_get(&l->rec, "q");
    return q ? q : "";
}

enum ui_result search_list_event(struct search_list *l, const struct ui_event *ev, bool *changed)
{
    *changed = false;
    switch (ev->req) {
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
        return grid_event(&l->grid, ev);
    case REQ_LEFT:
    case REQ_RIGHT:
        /* The columns off the screen first (a terminal of 80 columns); the search line's
         * cursor once they are all in view. */
        if (grid_event(&l->grid, ev) == UI_HANDLED)
            return UI_HANDLED;
        break;
    default:
        break;
    }
    enum ui_result r = formview_event(&l->fv, ev);
    *changed = !str_eq(search_list_q(l), l->last_q);
    return r;
}

void search_list_searched(struct search_list *l, bool ok, struct db_error *err, size_t limit)
{
    if (!ok) {
        ui_error("%s", db_error_message(err));
        db_error_clear(err);
    } else if (limit && l->rows.n == limit) {
        ui_message(_("Showing the first %d; type more to narrow."), (int)limit);
    } else if (limit) {
        ui_message(_("%zu found"), l->rows.n);
    }
    free(l->last_q);
    l->last_q = xstrdup(search_list_q(l));
    if (limit || l->grid.sel >= (int)l->rows.n)
        l->grid.sel = l->grid.top = 0;
}

void search_list_done(struct search_list *l)
{
    formview_free(&l->fv);
    record_clear(&l->rec);
    rowset_clear(&l->rows);
    free(l->last_q);
}
