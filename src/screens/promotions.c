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
    struct search_list list;
};

static const enum request promotions_help[] = {REQ_HELP, REQ_OPEN, REQ_NEW, REQ_REFRESH,
                                               REQ_BACK, REQ_MENU, REQ_NONE};

static void search(struct screen *s)
{
    struct search_list *l = &((struct promotions_state *)s->state)->list;
    struct db_error err = {0};
    rowset_clear(&l->rows);
    bool ok = promotion_list(s->app->db, search_list_q(l), NULL, LIST_LIMIT, &l->rows, &err);
    for (size_t i = 0; ok && i < l->rows.n; i++)
        record_set(l->rows.rows[i], "state_label",
                   screens_status_label(record_get(l->rows.rows[i], "state")));
    search_list_searched(l, ok, &err, LIST_LIMIT);
}

static bool promotions_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct promotions_state *st = s->state;
    if (!search_list_open(&st->list, s->form))
        return false;
    search(s);
    return true;
}

static void promotions_draw(struct screen *s)
{
    struct promotions_state *st = s->state;
    search_list_draw(&st->list);
}

static enum ui_result promotions_event(struct screen *s, const struct ui_event *ev)
{
    struct promotions_state *st = s->state;
    const struct record *cur;
    switch (ev->req) {
    case REQ_OPEN:
        cur = grid_current(&st->list.grid);
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
    bool changed;
    enum ui_result r = search_list_event(&st->list, ev, &changed);
    if (changed)
        search(s);
    return r;
}

static void promotions_done(struct screen *s)
{
    struct promotions_state *st = s->state;
    search_list_done(&st->list);
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
