/* agreements.c: the agreement list (forms/agreements.form, the generic list of list.c) with
 * two actions of its own: F7 makes a typical agreement (the head, admins only; managers make a
 * client's one from a typical one), and the key bound to from-typical makes a client's draft
 * from a typical one (both chosen by look-up) and opens it. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "screens.h"

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
            list_screen_refresh(s);
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
    switch (ev->req) {
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
    default:
        return list_screen_event(s, ev);
    }
}

const struct screen_ops agreements_screen = {
    .name = "agreements",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = agreements_event,
    .done = list_screen_done,
    .help = agreements_help,
    .help_now = agreements_help_now,
};
