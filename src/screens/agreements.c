/* agreements.c: the agreement list. Every keystroke in the search line re-runs
 * polka.agreement_list (code, name, client); Enter opens the card, F7 a new typical agreement
 * (the head, admins), the key bound to from-typical makes a client's draft from a typical one
 * (both chosen by look-up) and opens it. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

#define LIST_LIMIT 500

struct agreements_state {
    struct search_list list;
};

static const enum request agreements_help[] = {REQ_HELP,    REQ_OPEN, REQ_NEW, REQ_FROM_TYPICAL,
                                               REQ_REFRESH, REQ_BACK, REQ_NONE};
/* Managers make clients' agreements from typical ones; only the head and admins new ones. */
static const enum request agreements_help_manager[] = {
    REQ_HELP, REQ_OPEN, REQ_FROM_TYPICAL, REQ_REFRESH, REQ_BACK, REQ_MENU, REQ_NONE};
static const enum request agreements_help_read[] = {REQ_HELP, REQ_OPEN, REQ_REFRESH,
                                                    REQ_BACK, REQ_MENU, REQ_NONE};

static const enum request *agreements_help_now(struct screen *s)
{
    if (app_has_role(s->app, "head,admin"))
        return agreements_help;
    return app_has_role(s->app, "manager") ? agreements_help_manager : agreements_help_read;
}

static void search(struct screen *s)
{
    struct search_list *l = &((struct agreements_state *)s->state)->list;
    struct db_error err = {0};
    rowset_clear(&l->rows);
    bool ok = agreement_list(s->app->db, search_list_q(l), LIST_LIMIT, &l->rows, &err);
    for (size_t i = 0; ok && i < l->rows.n; i++)
        record_set(l->rows.rows[i], "status_label",
                   screens_status_label(record_get(l->rows.rows[i], "status")));
    search_list_searched(l, ok, &err, LIST_LIMIT);
}

static bool agreements_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct agreements_state *st = s->state;
    if (!search_list_open(&st->list, s->form))
        return false;
    search(s);
    return true;
}

static void agreements_draw(struct screen *s)
{
    struct agreements_state *st = s->state;
    search_list_draw(&st->list);
}

/* A client's agreement from a typical one: both chosen by look-up, then the new draft opens. */
static void from_typical(struct screen *s)
{
    if (!app_has_role(s->app, "manager,head,admin")) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return;
    }
    char *typ = NULL, *typ_label = NULL, *client = NULL, *client_label = NULL;
    if (!screens_choose(s->app, "typical_agreement", _("Typical agreement"), &typ, &typ_label))
        return;
    if (screens_choose(s->app, "client", _("Client"), &client, &client_label)) {
        struct db_error err = {0};
        char *id = agreement_from_typical(s->app->db, typ, client, &err);
        if (!id) {
            screens_refused(&err);
        } else {
            search(s);
            app_push(s->app, "agreement_card", id);
            ui_message(_("A draft made from %s for %s."), typ_label, client_label);
            free(id);
        }
    }
    free(typ);
    free(typ_label);
    free(client);
    free(client_label);
}

static enum ui_result agreements_event(struct screen *s, const struct ui_event *ev)
{
    struct agreements_state *st = s->state;
    const struct record *cur;
    switch (ev->req) {
    case REQ_OPEN:
        cur = grid_current(&st->list.grid);
        if (cur)
            app_push(s->app, "agreement_card", record_get(cur, "id"));
        return UI_HANDLED;
    case REQ_NEW:
        if (!app_has_role(s->app, "head,admin"))
            ui_error("%s", _("Only the head and administrators make typical agreements; a "
                             "client's one is made from a typical one."));
        else
            app_push(s->app, "agreement_card", NULL);
        return UI_HANDLED;
    case REQ_FROM_TYPICAL:
        from_typical(s);
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

static void agreements_done(struct screen *s)
{
    struct agreements_state *st = s->state;
    search_list_done(&st->list);
}

const struct screen_ops agreements_screen = {
    .name = "agreements",
    .state_size = sizeof(struct agreements_state),
    .open = agreements_open,
    .draw = agreements_draw,
    .event = agreements_event,
    .done = agreements_done,
    .help = agreements_help,
    .help_now = agreements_help_now,
};
