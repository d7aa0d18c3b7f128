/* partners.c: the partner list. Every keystroke in the search line re-runs
 * polka.partner_search (name words, INN, phone, code); Enter opens the card, F7/Ins a new one. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

#define LIST_LIMIT 500

struct partners_state {
    struct search_list list;
};

static const enum request partners_help[] = {REQ_HELP, REQ_OPEN, REQ_NEW, REQ_REFRESH,
                                             REQ_BACK, REQ_MENU, REQ_NONE};

static void search(struct screen *s)
{
    struct search_list *l = &((struct partners_state *)s->state)->list;
    struct db_error err = {0};
    rowset_clear(&l->rows);
    bool ok = partner_search(s->app->db, search_list_q(l), LIST_LIMIT, &l->rows, &err);
    search_list_searched(l, ok, &err, LIST_LIMIT);
}

static bool partners_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct partners_state *st = s->state;
    if (!search_list_open(&st->list, s->form))
        return false;
    search(s);
    return true;
}

static void partners_draw(struct screen *s)
{
    struct partners_state *st = s->state;
    search_list_draw(&st->list);
}

static enum ui_result partners_event(struct screen *s, const struct ui_event *ev)
{
    struct partners_state *st = s->state;
    const struct record *cur;
    switch (ev->req) {
    case REQ_OPEN:
        cur = grid_current(&st->list.grid);
        if (cur)
            app_push(s->app, "partner_card", record_get(cur, "id"));
        return UI_HANDLED;
    case REQ_NEW:
    case REQ_INSERT:
        app_push(s->app, "partner_card", NULL);
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

static void partners_done(struct screen *s)
{
    struct partners_state *st = s->state;
    search_list_done(&st->list);
}

const struct screen_ops partners_screen = {
    .name = "partners",
    .state_size = sizeof(struct partners_state),
    .open = partners_open,
    .draw = partners_draw,
    .event = partners_event,
    .done = partners_done,
    .help = partners_help,
};
