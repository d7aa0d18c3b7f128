/* price_type_card.c: a price type's card: code, name, kind, source, client, rounding; a save
 * shows the recalculation it causes first. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct ptcard_state {
    struct doc doc;
    struct formview fv;
    bool can_edit;
};

static const enum request ptcard_help[] = {REQ_HELP,    REQ_SAVE, REQ_LOOKUP, REQ_RULES,
                                           REQ_HISTORY, REQ_BACK, REQ_MENU,   REQ_NONE};

static void ptcard_bind(struct screen *s)
{
    struct ptcard_state *st = s->state;
    struct formview_hooks hooks = screens_hooks(s->app);
    formview_rebind(&st->fv, s->form, &st->doc.head, NULL, &hooks, !st->can_edit);
}

static bool ptcard_open(struct screen *s, const char *id)
{
    struct ptcard_state *st = s->state;
    char day[11];
    /* The server decides for individual types (the client's manager); the card lets managers
     * try. */
    st->can_edit = app_has_role(s->app, "manager,head,admin");
    if (id) {
        struct db_error err = {0};
        if (!price_type_load(s->app->db, id, &st->doc, &err)) {
            pricing_refused(_("Price type"), &err);
            return false;
        }
    } else {
        if (!st->can_edit) {
            ui_error("%s", _("Not permitted: your role does not allow this."));
            return false;
        }
        record_set(&st->doc.head, "kind", "dependent");
        record_set(&st->doc.head, "rounding", "0.01");
    }
    pricing_today(s->app->db, day);
    record_set(&st->doc.head, "recalc_on", day);
    ptcard_bind(s);
    return true;
}

static void ptcard_draw(struct screen *s)
{
    struct ptcard_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
}

/* A computed type: what the recalculation changes, first. */
static bool preview_ok(struct screen *s)
{
    struct ptcard_state *st = s->state;
    if (str_empty(record_get(&st->doc.head, "source_id")))
        return true;
    struct db_error err = {0};
    struct rowset plan = {0};
    if (!price_type_preview(s->app->db, &st->doc, &plan, &err)) {
        ui_error("%s", db_error_message(&err)); /* nothing saved: the card keeps its text */
        db_error_clear(&err);
        return false;
    }
    bool ok = pricing_preview_ok(_("Price type"), &plan);
    rowset_clear(&plan);
    if (!ok)
        ui_message("%s", _("Not saved."));
    return ok;
}

/* Read back, the day the recalculation ran from kept. */
static bool load(struct screen *s, const char *id, struct db_error *err)
{
    struct ptcard_state *st = s->state;
    char *on = xstrdup(record_get(&st->doc.head, "recalc_on"));
    bool ok = price_type_load(s->app->db, id, &st->doc, err);
    if (ok) {
        record_set(&st->doc.head, "recalc_on", on);
        ptcard_bind(s);
    }
    free(on);
    return ok;
}

static enum ui_result ptcard_save(struct screen *s)
{
    struct ptcard_state *st = s->state;
    const struct card_saver c = {
        .cannot = st->can_edit ? NULL : _("Not permitted: your role does not allow this."),
        .before = preview_ok,
        .save = price_type_save,
        .reload = load,
    };
    return card_save(s, &st->fv, &st->doc, &c);
}

static enum ui_result ptcard_event(struct screen *s, const struct ui_event *ev)
{
    struct ptcard_state *st = s->state;
    const char *id = record_get(&st->doc.head, "id");
    switch (ev->req) {
    case REQ_SAVE:
        return ptcard_save(s);
    case REQ_RULES:
        if (str_empty(id))
            ui_message("%s", _("Save the price type first."));
        else
            app_push(s->app, "price_rules", id);
        return UI_HANDLED;
    case REQ_HISTORY:
        screens_history(s->app, "price_type", id);
        return UI_HANDLED;
    case REQ_BACK:
        return screens_leave_card(&st->fv);
    default:
        return formview_event(&st->fv, ev);
    }
}

static void ptcard_done(struct screen *s)
{
    struct ptcard_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->doc);
}

const struct screen_ops price_type_card_screen = {
    .name = "price_type_card",
    .state_size = sizeof(struct ptcard_state),
    .open = ptcard_open,
    .draw = ptcard_draw,
    .event = ptcard_event,
    .done = ptcard_done,
    .help = ptcard_help,
};
