/* promotion_card.c: view and edit a promotion: its period, the agreements it applies to and
 * its rules (a percent off a category or a product, or a product's fixed price), saved as a
 * draft in one call; moved along its statuses (for approval, approve, send back, end early
 * from a day) with the keys the form binds, each confirmed and followed by a reload. The help
 * line offers what applies to the status and the user's roles; the database decides. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct promo_state {
    struct doc doc;
    struct rowset *grids[2]; /* agreements, rules: in the order of the form's grids */
    struct formview fv;
    bool can_edit;
    enum request help[12];
};

static const struct status_action actions[] = {
    {REQ_SEND, "draft", "on_approval", "manager,head,admin", N_("Send promotion %s for approval?")},
    {REQ_APPROVE, "on_approval", "approved", "head,promo_approver",
     N_("Approve promotion %s? Its prices apply in its period.")},
    {REQ_REJECT, "on_approval", "draft", "head,promo_approver",
     N_("Send promotion %s back to draft?")},
    {REQ_END_EARLY, "approved", "ended_early", "head,promo_approver",
     N_("End promotion %s early? Its prices no longer apply from that day.")},
};

static const char *status(const struct promo_state *st)
{
    return record_get(&st->doc.head, "status");
}

static const enum request *promo_help_now(struct screen *s)
{
    struct promo_state *st = s->state;
    return st->help;
}

static void bind_view(struct screen *s)
{
    struct promo_state *st = s->state;
    struct record *h = &st->doc.head;
    const char *ended = record_get(h, "ended_on");
    char *label = ended ? xasprintf("%s %s", screens_status_label(status(st)), ended)
                        : xstrdup(screens_status_label(status(st)));
    record_set(h, "status_label", label);
    free(label);
    struct rowset *agr = doc_section(&st->doc, "agreements");
    for (size_t i = 0; i < agr->n; i++)
        record_set(agr->rows[i], "status_label",
                   screens_status_label(record_get(agr->rows[i], "status")));
    for (size_t g = 0; g < s->form->ngrids && g < ARRAY_SIZE(st->grids); g++)
        st->grids[g] = doc_section(&st->doc, s->form->grids[g].name);
    st->can_edit = str_eq(status(st), "draft") && app_has_role(s->app, "manager,head,admin");
    struct formview_hooks hooks = screens_hooks(s->app);
    formview_rebind(&st->fv, s->form, h, st->grids, &hooks, !st->can_edit);
    size_t n = 0;
    st->help[n++] = REQ_HELP;
    if (st->can_edit)
        st->help[n++] = REQ_SAVE;
    n += status_action_help(s->app, h, actions, ARRAY_SIZE(actions), st->help + n);
    if (st->can_edit) {
        st->help[n++] = REQ_INSERT;
        st->help[n++] = REQ_DELETE;
    }
    st->help[n++] = REQ_HISTORY;
    st->help[n++] = REQ_BACK;
    st->help[n] = REQ_NONE;
}

static bool load(struct screen *s, const char *id, struct db_error *err)
{
    struct promo_state *st = s->state;
    if (!promotion_load(s->app->db, id, &st->doc, err))
        return false;
    bind_view(s);
    return true;
}

static bool reload(struct screen *s, const char *id)
{
    return card_reload(s, id, _("Promotion"), load);
}

static bool promo_open(struct screen *s, const char *id)
{
    struct promo_state *st = s->state;
    if (!s->form || s->form->ngrids != ARRAY_SIZE(st->grids)) {
        ui_error("forms/promotion_card.form: missing or not 2 grids");
        return false;
    }
    if (id)
        return reload(s, id);
    if (!app_has_role(s->app, "manager,head,admin")) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return false;
    }
    record_set(&st->doc.head, "status", "draft");
    bind_view(s);
    return true;
}

static void promo_draw(struct screen *s)
{
    struct promo_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
}

static enum ui_result save(struct screen *s)
{
    struct promo_state *st = s->state;
    const struct card_saver c = {
        .cannot =
            st->can_edit ? NULL : _("Only a draft promotion changes; send it back to draft first."),
        .refused_in_words = true,
        .save = promotion_save,
        .reload = load,
    };
    return card_save(s, &st->fv, &st->doc, &c);
}

static void change_status(struct screen *s, enum request r)
{
    struct promo_state *st = s->state;
    const struct status_action *a =
        status_action_ready(s->app, &st->fv, actions, ARRAY_SIZE(actions), r,
                            _("Not possible for a promotion with status \"%s\"."));
    if (!a)
        return;
    char *day = NULL;
    if (r == REQ_END_EARLY) {
        day = screens_ask_day(s->app, request_help(r),
                              _("No longer applies from the day (YYYY-MM-DD):"));
        if (!day)
            return;
    }
    if (status_action_confirm(a, &st->doc.head)) {
        struct db_error err = {0};
        char *keep = xstrdup(record_get(&st->doc.head, "id"));
        if (!promotion_set_status(s->app->db, keep, a->to, day, &err))
            screens_refused(&err);
        else if (reload(s, keep))
            ui_message(_("Promotion %s: %s."), record_get(&st->doc.head, "code"),
                       record_get(&st->doc.head, "status_label"));
        free(keep);
    }
    free(day);
}

static enum ui_result promo_event(struct screen *s, const struct ui_event *ev)
{
    struct promo_state *st = s->state;
    switch (ev->req) {
    case REQ_SAVE:
        return save(s);
    case REQ_SEND:
    case REQ_APPROVE:
    case REQ_REJECT:
    case REQ_END_EARLY:
        change_status(s, ev->req);
        return UI_HANDLED;
    case REQ_HISTORY:
        screens_history(s->app, "promotion", record_get(&st->doc.head, "id"));
        return UI_HANDLED;
    case REQ_BACK:
        return screens_leave_card(&st->fv);
    case REQ_CHAR:
    case REQ_INSERT:
    case REQ_DELETE:
    case REQ_CLEAR:
        if (!st->can_edit) {
            ui_error("%s", _("Only a draft promotion changes; send it back to draft first."));
            return UI_HANDLED;
        }
        break;
    default:
        break;
    }
    return formview_event(&st->fv, ev);
}

static void promo_done(struct screen *s)
{
    struct promo_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->doc);
}

const struct screen_ops promotion_card_screen = {
    .name = "promotion_card",
    .state_size = sizeof(struct promo_state),
    .open = promo_open,
    .draw = promo_draw,
    .event = promo_event,
    .done = promo_done,
    .help = NULL,
    .help_now = promo_help_now,
};
