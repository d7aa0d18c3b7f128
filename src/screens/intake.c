/* intake.c: the intake queue (forms/intake.form, the generic list of list.c) with the client's
 * Excel orders: F7 reads a filled order form (domain/excel.h) and opens what it became, F8
 * writes a client's order form; and an incoming order's card (forms/intake_card.form): the
 * generic card (doc_card.c: F4 the client, the point, a line's product; F2 saves the fixes,
 * which the database remembers for the chain's next message) with two keys of its own: F9
 * accepts it (its order made through the phone's save, at our prices), F11 refuses it with a
 * reason. Each is one business action; the card is read again after it. */
#include <stdlib.h>

#include "polka/codes.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* Enter on a line opens it (its quantity for the order, its product): the only way to a
 * line's "our qty", so it is on the key line too. */
static const enum request intake_card_help[] = {REQ_HELP,   REQ_OPEN,       REQ_SAVE,
                                                REQ_LOOKUP, REQ_TAKE_ORDER, REQ_REFUSE,
                                                REQ_NEXT,   REQ_BACK,       REQ_NONE};
static const enum request intake_card_help_decided[] = {REQ_HELP, REQ_NEXT, REQ_BACK, REQ_NONE};

static bool decided(struct screen *s)
{
    struct doc_card_state *st = s->state;
    const char *state = record_get(&st->doc.head, "state");
    return str_eq(state, "accepted") || str_eq(state, "refused");
}

static const enum request *intake_card_help_now(struct screen *s)
{
    return decided(s) ? intake_card_help_decided : intake_card_help;
}

/* An action reads the card again: what was typed and not saved would be lost; a decided one
 * is as it is. */
static bool ready(struct screen *s)
{
    struct doc_card_state *st = s->state;
    formview_commit(&st->fv);
    if (decided(s)) {
        ui_message(_("Incoming order %s is %s already."), record_get(&st->doc.head, "number"),
                   code_label("intake_state", record_get(&st->doc.head, "state")));
        return false;
    }
    if (st->fv.dirty) {
        ui_error("%s", _("Save the fixes first (F2): this reads the incoming order again."));
        return false;
    }
    return true;
}

/* After an action: the card read again (card_reload), then msg (freed) said. */
static void reread(struct screen *s, char *msg)
{
    struct doc_card_state *st = s->state;
    if (card_reload(s, record_get(&st->doc.head, "id"), _("Incoming order"), doc_card_load))
        ui_message("%s", msg);
    free(msg);
}

static void take_order(struct screen *s)
{
    struct doc_card_state *st = s->state;
    if (!ready(s))
        return;
    /* Said in words before asking (the card shows the incoming order as the database works it
     * out now, and decides in the end): a price that differs is no reason to wait, ours is
     * taken. A quantity is fixed in the line's "our qty" (0 leaves the line out). */
    const char *problem = record_get(&st->doc.head, "problem");
    if (str_eq(problem, "pack") || str_eq(problem, "qty")) {
        ui_error(_("Fix this first: %s. Enter on the line: its quantity for the order in whole "
                   "packs, 0 to leave it out."),
                 code_label("intake_problem", problem));
        return;
    }
    if (!str_empty(problem) && !str_eq(problem, "price") && !str_eq(problem, "assortment")) {
        ui_error(_("Fix this first: %s."), code_label("intake_problem", problem));
        return;
    }
    struct db_error err = {0};
    char *number = intake_accept(s->app->db, record_get(&st->doc.head, "id"),
                                 record_get(&st->doc.head, "version"), &err);
    if (number)
        reread(s, xasprintf(_("Incoming order %s accepted: order %s, at our prices."),
                            record_get(&st->doc.head, "number"), number));
    else
        screens_refused(&err);
    free(number);
}

static void refuse(struct screen *s)
{
    struct doc_card_state *st = s->state;
    if (!ready(s))
        return;
    /* A chain gets an ORDRSP saying nothing is delivered (not the words); an Excel client gets
     * no answer from Polka. */
    bool edi = str_eq(record_get(&st->doc.head, "channel"), "edi");
    char *reason = ui_prompt(_("Refuse"),
                             edi ? _("Why is it refused (kept here; the chain's ORDRSP says "
                                     "nothing is delivered):")
                                 : _("Why is it refused (kept here; tell the client yourself):"),
                             NULL, 1000);
    if (!reason)
        return;
    struct db_error err = {0};
    if (intake_refuse(s->app->db, record_get(&st->doc.head, "id"), reason,
                      record_get(&st->doc.head, "version"), &err))
        reread(s, xasprintf(_("Incoming order %s refused."), record_get(&st->doc.head, "number")));
    else
        screens_refused(&err);
    free(reason);
}

static enum ui_result intake_card_event(struct screen *s, const struct ui_event *ev)
{
    switch (ev->req) {
    case REQ_TAKE_ORDER:
        take_order(s);
        return UI_HANDLED;
    case REQ_REFUSE:
        refuse(s);
        return UI_HANDLED;
    default:
        return doc_card_event(s, ev);
    }
}

const struct screen_ops intake_card_screen = {
    .name = "intake_card",
    .state_size = sizeof(struct doc_card_state),
    .open = doc_card_open,
    .draw = doc_card_draw,
    .event = intake_card_event,
    .done = doc_card_done,
    .help = intake_card_help,
    .help_now = intake_card_help_now,
};

static const enum request intake_help[] = {REQ_HELP,    REQ_OPEN, REQ_EXCEL_IMPORT, REQ_EXCEL_FORM,
                                           REQ_REFRESH, REQ_BACK, REQ_MENU,         REQ_NONE};

/* F7: a filled order form read into the intake; what it became opened (its card). */
static void excel_import_key(struct screen *s)
{
    char *path =
        ui_prompt(_("Import Excel order"), _("The filled order form (.xlsx):"), NULL, 1000);
    if (str_empty(path)) {
        free(path);
        return;
    }
    struct db_error err = {0};
    char *why = NULL;
    struct excel_result r = {0};
    if (excel_import(s->app->db, path, &r, &why, &err)) {
        list_screen_refresh(s);
        app_push(s->app, "intake_card", r.intake_id);
        if (r.replayed)
            ui_message(_("Order %s was received before: nothing changed."), r.number);
        else if (str_eq(r.state, "accepted"))
            ui_message(_("Order %s of %zu lines taken as order %s."), r.number, r.lines,
                       r.order_number);
        else
            ui_message(_("Order %s of %zu lines needs attention: fix the rows marked, then F9."),
                       r.number, r.lines);
    } else if (why) { /* in a box, wrapped: every row to correct is named, many fill lines */
        ui_alert(_("Import Excel order"), why, NULL);
    } else {
        screens_refused(&err);
    }
    excel_result_free(&r);
    free(why);
    free(path);
}

/* F8: a client's order form written to a file. */
static void excel_form_key(struct screen *s)
{
    char *client = NULL, *label = NULL;
    if (!screens_choose(s->app, "client", _("Client"), &client, &label))
        return;
    char *path = ui_prompt(_("Excel order form"), _("Write the order form to (.xlsx):"),
                           "order-form.xlsx", 1000);
    if (!str_empty(path)) {
        struct db_error err = {0};
        char *why = NULL;
        if (excel_template(s->app->db, client, path, &why, &err))
            ui_message(_("The order form of %s written to %s."), label, path);
        else if (why)
            ui_error("%s", why);
        else
            screens_refused(&err);
        free(why);
    }
    free(path);
    free(client);
    free(label);
}

static enum ui_result intake_event(struct screen *s, const struct ui_event *ev)
{
    switch (ev->req) {
    case REQ_EXCEL_IMPORT:
        excel_import_key(s);
        return UI_HANDLED;
    case REQ_EXCEL_FORM:
        excel_form_key(s);
        return UI_HANDLED;
    default:
        return list_screen_event(s, ev);
    }
}

const struct screen_ops intake_screen = {
    .name = "intake",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = intake_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = intake_help,
};
