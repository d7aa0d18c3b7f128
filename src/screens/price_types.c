/* price_types.c: the list of price types (base, dependent, clients' individual ones), filtered
 * as one types; Enter opens the prices, F9 the rules, F3 the type itself, F7 a new one. */
#include <stdlib.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

struct types_state {
    struct search_list list; /* rows: those of all matching q (copies) */
    struct rowset all;       /* every type, as loaded */
    bool stale;              /* reload when shown again (a card or editor may have changed it) */
};

static const enum request types_help[] = {REQ_HELP, REQ_OPEN, REQ_RULES, REQ_DETAILS,
                                          REQ_NEW,  REQ_BACK, REQ_MENU,  REQ_NONE};

/* The rows whose code or name holds q (any case): few enough to filter here. */
static void types_filter(struct types_state *st)
{
    struct search_list *l = &st->list;
    const char *q = search_list_q(l);
    rowset_clear(&l->rows);
    for (size_t i = 0; i < st->all.n; i++) {
        const struct record *r = st->all.rows[i];
        if (!*q || text_contains_ci(record_get(r, "code"), q) ||
            text_contains_ci(record_get(r, "name"), q))
            rowset_add(&l->rows, record_copy(r));
    }
    search_list_searched(l, true, NULL, 0);
}

static void types_load(struct screen *s)
{
    static const struct {
        const char *kind, *label;
    } kinds[] = {
        {"base", N_("base")}, {"dependent", N_("dependent")}, {"individual", N_("individual")}};
    struct types_state *st = s->state;
    struct db_error err = {0};
    rowset_clear(&st->all);
    if (!price_type_list(s->app->db, &st->all, &err))
        pricing_refused(_("Price types"), &err);
    for (size_t i = 0; i < st->all.n; i++)
        for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
            if (str_eq(record_get(st->all.rows[i], "kind"), kinds[k].kind))
                record_set(st->all.rows[i], "kind_label", _(kinds[k].label));
    types_filter(st);
    st->stale = false;
}

static bool types_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct types_state *st = s->state;
    if (!search_list_open(&st->list, s->app, s->form, "list"))
        return false;
    types_load(s);
    return true;
}

static void types_draw(struct screen *s)
{
    struct types_state *st = s->state;
    if (st->stale)
        types_load(s);
    search_list_draw(&st->list);
}

static enum ui_result types_event(struct screen *s, const struct ui_event *ev)
{
    struct types_state *st = s->state;
    const struct record *cur = grid_current(&st->list.grid);
    const char *screen = NULL;
    bool changed;
    enum ui_result r;
    switch (ev->req) {
    case REQ_OPEN:
        screen = "prices";
        break;
    case REQ_RULES:
        screen = "price_rules";
        break;
    case REQ_DETAILS:
        screen = "price_type_card";
        break;
    case REQ_NEW:
        st->stale = app_push(s->app, "price_type_card", NULL);
        return UI_HANDLED;
    case REQ_REFRESH:
        types_load(s);
        return UI_HANDLED;
    default:
        r = search_list_event(&st->list, ev, &changed);
        if (changed)
            types_filter(st);
        return r;
    }
    if (cur)
        st->stale = app_push(s->app, screen, record_get(cur, "id"));
    return UI_HANDLED;
}

static void types_done(struct screen *s)
{
    struct types_state *st = s->state;
    search_list_done(&st->list);
    rowset_clear(&st->all);
}

const struct screen_ops price_types_screen = {
    .name = "price_types",
    .state_size = sizeof(struct types_state),
    .open = types_open,
    .draw = types_draw,
    .event = types_event,
    .done = types_done,
    .help = types_help,
};
