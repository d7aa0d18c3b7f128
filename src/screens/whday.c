/* whday.c: the warehouse-and-day header the planner's screens share (the shipping plan, the
 * trips board): the form's fields "warehouse" (a code) and "day", the warehouses to resolve
 * the code against, and what was read last, so that a screen reads again only when either was
 * typed anew. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* The typed warehouse's id (the main one when empty, written into the field). */
static bool resolve(struct wh_day *h)
{
    bool was_empty = str_empty(record_get(&h->rec, "warehouse"));
    bool ok = screens_warehouse(&h->warehouses, &h->rec, &h->id);
    if (ok && was_empty)
        formview_reload(&h->fv);
    return ok;
}

bool wh_day_open(struct wh_day *h, struct screen *s, const char *arg)
{
    struct db_error err = {0};
    if (!warehouse_list(s->app->db, &h->warehouses, &err)) {
        screens_refused(&err);
        return false;
    }
    formview_init(&h->fv, s->form, &h->rec, NULL, NULL);
    record_set_query(&h->rec, arg);
    if (!resolve(h)) {
        ui_error("%s", h->warehouses.n ? _("No warehouse with this code.")
                                       : _("There is no warehouse yet."));
        return true;
    }
    if (str_empty(record_get(&h->rec, "day"))) {
        char *day = allocation_next_day(s->app->db, h->id, &err);
        if (!day)
            screens_refused(&err);
        record_set(&h->rec, "day", day);
        free(day);
    }
    formview_reload(&h->fv);
    return true;
}

bool wh_day_take(struct wh_day *h)
{
    free(h->read_wh);
    free(h->read_day);
    h->read_wh = xstrdup(record_get(&h->rec, "warehouse"));
    h->read_day = xstrdup(record_get(&h->rec, "day"));
    if (resolve(h))
        return true;
    ui_error(_("No warehouse with code \"%s\"."), h->read_wh);
    return false;
}

bool wh_day_changed(struct wh_day *h)
{
    formview_commit(&h->fv);
    return !str_eq(record_get(&h->rec, "warehouse"), h->read_wh) ||
           !str_eq(record_get(&h->rec, "day"), h->read_day);
}

void wh_day_free(struct wh_day *h)
{
    formview_free(&h->fv);
    record_clear(&h->rec);
    rowset_clear(&h->warehouses);
    xfree(&h->id);
    xfree(&h->read_wh);
    xfree(&h->read_day);
}

bool wh_day_grids(struct wh_day *h, const struct form_def *f, const char *upper,
                  const struct rowset *upper_rows, const char *lower,
                  const struct rowset *lower_rows)
{
    h->upper.def = formdef_grid(f, upper);
    h->lower.def = formdef_grid(f, lower);
    if (!h->upper.def || !h->lower.def) {
        ui_error("forms/%s.form: grids '%s' and '%s' expected", f->name, upper, lower);
        return false;
    }
    h->upper.rows = upper_rows;
    h->lower.rows = lower_rows;
    return true;
}

void screens_grids_draw(struct grid_view *upper, struct grid_view *lower, int above, int focus)
{
    int top = ui_body_top() + above, rows = ui_body_rows() - above;
    int low = lower->def->height + 1; /* its header and the rows its form declares */
    if (rows < low + 6)
        low = 0; /* a tiny terminal: the upper rows only */
    grid_draw(upper, top, 0, rows - low, ui_cols(), focus == 1);
    if (low)
        grid_draw(lower, top + rows - low, 0, low, ui_cols(), focus == 2);
}

void wh_day_draw(struct wh_day *h)
{
    formview_draw(&h->fv, ui_body_top(), 0);
    screens_grids_draw(&h->upper, &h->lower, 1, h->in_lower ? 2 : 1);
}

enum ui_result screens_grids_move(struct grid_view *upper, struct grid_view *lower, bool *in_lower,
                                  const struct ui_event *ev, bool *upper_moved)
{
    *upper_moved = false;
    switch (ev->req) {
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
    case REQ_HOME:
    case REQ_END:
        if (*in_lower)
            return grid_event(lower, ev);
        *upper_moved = true;
        return grid_event(upper, ev);
    case REQ_LEFT: /* the columns of the grid with the focus, when they do not all fit */
    case REQ_RIGHT:
        return grid_event(*in_lower ? lower : upper, ev);
    case REQ_BACK: /* Esc in the lower grid: back to the upper one (else the screen's own) */
        if (!*in_lower)
            return UI_IGNORED;
        *in_lower = false;
        ui_message_clear();
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

enum ui_result wh_day_move(struct wh_day *h, const struct ui_event *ev, bool *upper_moved)
{
    return screens_grids_move(&h->upper, &h->lower, &h->in_lower, ev, upper_moved);
}
