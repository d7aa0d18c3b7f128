/* history.c: the history of a card (opened with F6 from it, arg "KIND:ID": partner,
 * agreement, promotion, price_type): who changed what and when, newest first; Enter shows one
 * change in full. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct history_state {
    char *arg; /* "partner:ID" */
    struct rowset rows;
    struct grid_view grid;
};

static const enum request history_help[] = {REQ_HELP, REQ_OPEN, REQ_REFRESH,
                                            REQ_BACK, REQ_MENU, REQ_NONE};

/* Table names and operations in the user's words. */
static const char *what_label(const char *tab)
{
    static const struct {
        const char *tab, *label;
    } labels[] = {{"partners", N_("Card")},
                  {"contacts", N_("Contact")},
                  {"delivery_points", N_("Delivery point")},
                  {"partner_relations", N_("Relationship")},
                  {"agreements", N_("Agreement")},
                  {"promotions", N_("Promotion")},
                  {"promotion_agreements", N_("Agreement in it")},
                  {"promotion_rules", N_("Rule")},
                  {"price_types", N_("Price type")},
                  {"price_rules", N_("Rule")}};
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
        if (str_eq(tab, labels[i].tab))
            return _(labels[i].label);
    return tab ? tab : "";
}

static const char *op_label(const char *op)
{
    if (str_eq(op, "I"))
        return _("added");
    if (str_eq(op, "U"))
        return _("changed");
    if (str_eq(op, "D"))
        return _("deleted");
    return op ? op : "";
}

static bool load(struct screen *s, const char *arg)
{
    struct history_state *st = s->state;
    const char *colon = arg ? strchr(arg, ':') : NULL;
    if (!colon) {
        ui_error("history: no card given");
        return false;
    }
    char *kind = xstrndup(arg, (size_t)(colon - arg));
    struct db_error err = {0};
    rowset_clear(&st->rows);
    bool ok = card_history(s->app->db, kind, colon + 1, &st->rows, &err);
    free(kind);
    if (!ok) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
        return false;
    }
    for (size_t i = 0; i < st->rows.n; i++) {
        struct record *r = st->rows.rows[i];
        record_set(r, "what_label", what_label(record_get(r, "what")));
        record_set(r, "op_label", op_label(record_get(r, "op")));
    }
    if (st->rows.n)
        ui_message(_("%zu changes"), st->rows.n);
    else
        ui_message("%s", _("No changes recorded."));
    return true;
}

static bool history_open(struct screen *s, const char *arg)
{
    struct history_state *st = s->state;
    const struct form_grid *g = s->form ? formdef_grid(s->form, "list") : NULL;
    if (!g) {
        ui_error("forms/history.form: no grid 'list'");
        return false;
    }
    st->grid.def = g;
    st->grid.rows = &st->rows;
    st->arg = arg ? xstrdup(arg) : NULL;
    return load(s, st->arg);
}

static void history_draw(struct screen *s)
{
    struct history_state *st = s->state;
    grid_draw(&st->grid, ui_body_top(), 0, ui_body_rows(), ui_cols(), true);
}

static enum ui_result history_event(struct screen *s, const struct ui_event *ev)
{
    struct history_state *st = s->state;
    const struct record *cur;
    switch (ev->req) {
    case REQ_OPEN:
        cur = grid_current(&st->grid);
        if (cur) {
            char *title = xasprintf("%s · %s · %s", record_get(cur, "at"), record_get(cur, "who"),
                                    record_get(cur, "op_label"));
            ui_alert(title, record_get(cur, "change"), NULL);
            free(title);
        }
        return UI_HANDLED;
    case REQ_REFRESH:
        load(s, st->arg);
        return UI_HANDLED;
    default:
        return grid_event(&st->grid, ev);
    }
}

static void history_done(struct screen *s)
{
    struct history_state *st = s->state;
    rowset_clear(&st->rows);
    free(st->arg);
}

const struct screen_ops history_screen = {
    .name = "history",
    .state_size = sizeof(struct history_state),
    .open = history_open,
    .draw = history_draw,
    .event = history_event,
    .done = history_done,
    .help = history_help,
};
