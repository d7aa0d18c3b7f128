/* promotions.c: the promotion list with each one's state today (draft, on approval,
 * approved for later, active, ended, ended early). Every keystroke in the search line re-runs
 * polka.promotion_list; Enter opens the card, F7 a new draft. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

#define LIST_LIMIT 500

struct promotions_state {
    struct record rec; /* the search line: q */
    struct formview fv;
    struct rowset rows;
    struct grid_view grid;
    char *last_q;
};

static const enum request promotions_help[] = {REQ_HELP, REQ_OPEN, REQ_NEW,  REQ_REFRESH,
                                               REQ_BACK, REQ_MENU, REQ_NONE};

static void search(struct screen *s)
{
    struct promotions_state *st = s->state;
    const char *q = record_get(&st->rec, "q");
    struct db_error err = {0};
    rowset_clear(&st->rows);
    if (!promotion_list(s->app->db, q, NULL, LIST_LIMIT, &st->rows, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
    } else if (st->rows.n == LIST_LIMIT) {
        ui_message(_("Showing the first %d; type more to narrow."), LIST_LIMIT);
    } else {
        ui_message(_("%zu found"), st->rows.n);
    }
    for (size_t i = 0; i < st->rows.n; i++) {
        struct record *r = st->rows.rows[i];
        record_set(r, "state_label", screens_status_label(record_get(r, "state")));
    }
    free(st->last_q);
    st->last_q = xstrdup(q ? q : "");
    st->grid.sel = st->grid.top = 0;
}

static bool promotions_open(struct screen *s, const char *arg)
{
    struct promotions_state *st = s->state;
    const struct form_grid *g = s->form ? formdef_grid(s->form, "list") : NULL;
    if (!g) {
        ui_error("forms/promotions.form: no grid 'list'");
        return false;
    }
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    st->grid.def = g;
    st->grid.rows = &st->rows;
    search(s);
    return true;
}

static void promotions_draw(struct screen *s)
{
    struct promotions_state *st = s->state;
    int top = ui_body_top();
    formview_draw(&st->fv, top, 0);
    grid_draw(&st->grid, top + 1, 0, ui_body_rows() - 1, ui_cols(), true);
}

static enum ui_result promotions_event(struct screen *s, const struct ui_event *ev)
{
    struct promotions_state *st = s->state;
    const struct record *cur;
    switch (ev->req) {
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
        return grid_event(&st->grid, ev);
    case REQ_OPEN:
        cur = grid_current(&st->grid);
        if (cur)
            app_push(s->app, "promotion_card", record_get(cur, "id"));
        return UI_HANDLED;
    case REQ_NEW:
    case REQ_INSERT:
        app_push(s->app, "promotion_card", NULL);
        return UI_HANDLED;
    case REQ_REFRESH:
        search(s);
        return UI_HANDLED;
    default:
        break;
    }
    enum ui_result r = formview_event(&st->fv, ev);
    const char *q = record_get(&st->rec, "q");
    if (!str_eq(q ? q : "", st->last_q))
        search(s);
    return r;
}

static void promotions_done(struct screen *s)
{
    struct promotions_state *st = s->state;
    formview_free(&st->fv);
    record_clear(&st->rec);
    rowset_clear(&st->rows);
    free(st->last_q);
}

const struct screen_ops promotions_screen = {
    .name = "promotions",
    .state_size = sizeof(struct promotions_state),
    .open = promotions_open,
    .draw = promotions_draw,
    .event = promotions_event,
    .done = promotions_done,
    .help = promotions_help,
};
