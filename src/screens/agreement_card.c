/* agreement_card.c: view and edit an agreement (the terms of sale of a segment or a client),
 * saved in one call; move it along its statuses (for approval, approve, send back, close) with
 * the keys the form binds, each confirmed and followed by a reload; and show why a product
 * costs what it does under it (polka.price_for). Which actions the help line offers depends
 * on the status and the user's roles; the database decides in the end. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

struct agr_state {
    struct doc doc;
    struct formview fv;
    bool can_edit;
    enum request help[12]; /* the help line for the current status and roles */
};

static const struct status_action actions[] = {
    {REQ_SEND, "draft", "on_approval", "manager,head,admin", N_("Send agreement %s for approval?")},
    {REQ_APPROVE, "on_approval", "active", "head",
     N_("Approve agreement %s? It comes into force.")},
    {REQ_REJECT, "on_approval", "draft", "head", N_("Send agreement %s back to draft?")},
    {REQ_CLOSE, "active", "closed", "head,admin", N_("Close agreement %s? It cannot be reopened.")},
};

static const char *status(const struct agr_state *st)
{
    return record_get(&st->doc.head, "status");
}

static void build_help(struct screen *s)
{
    struct agr_state *st = s->state;
    size_t n = 0;
    st->help[n++] = REQ_HELP;
    if (st->can_edit)
        st->help[n++] = REQ_SAVE;
    n += status_action_help(s->app, &st->doc.head, actions, ARRAY_SIZE(actions), st->help + n);
    if (str_eq(status(st), "active"))
        st->help[n++] = REQ_WHY;
    if (st->can_edit)
        st->help[n++] = REQ_LOOKUP;
    st->help[n++] = REQ_HISTORY;
    st->help[n++] = REQ_BACK;
    st->help[n] = REQ_NONE;
}

static const enum request *agr_help_now(struct screen *s)
{
    struct agr_state *st = s->state;
    return st->help;
}

/* Who may change the card now (the database checks again, e.g. whose client it is). */
static bool may_edit(struct screen *s)
{
    const struct agr_state *st = s->state;
    const char *stat = status(st);
    if (str_eq(stat, "closed"))
        return false;
    if (app_has_role(s->app, "head,admin"))
        return true;
    return app_has_role(s->app, "manager") && str_eq(stat, "draft") &&
           str_eq(record_get(&st->doc.head, "kind"), "individual");
}

/* After loading: words for the codes, rights, the help line, the view. */
static void bind_view(struct screen *s)
{
    struct agr_state *st = s->state;
    struct record *h = &st->doc.head;
    record_set(h, "kind_label", screens_status_label(record_get(h, "kind")));
    record_set(h, "status_label", screens_status_label(record_get(h, "status")));
    st->can_edit = may_edit(s);
    struct formview_hooks hooks = screens_hooks(s->app);
    formview_rebind(&st->fv, s->form, h, NULL, &hooks, !st->can_edit);
    build_help(s);
}

static bool load(struct screen *s, const char *id, struct db_error *err)
{
    struct agr_state *st = s->state;
    if (!agreement_load(s->app->db, id, &st->doc, err))
        return false;
    bind_view(s);
    return true;
}

static bool reload(struct screen *s, const char *id)
{
    return card_reload(s, id, _("Agreement"), load);
}

static bool agr_open(struct screen *s, const char *id)
{
    struct agr_state *st = s->state;
    if (!s->form) {
        ui_error("forms/agreement_card.form: missing");
        return false;
    }
    if (id)
        return reload(s, id);
    if (!app_has_role(s->app, "head,admin")) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return false;
    }
    /* A new typical agreement: a segment's terms. */
    struct record *h = &st->doc.head;
    record_set(h, "kind", "typical");
    record_set(h, "status", "draft");
    record_set(h, "payment", "prepayment");
    record_set(h, "lead_days", "1");
    record_set(h, "discount_percent", "0");
    bind_view(s);
    return true;
}

static void agr_draw(struct screen *s)
{
    struct agr_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
}

static enum ui_result save(struct screen *s)
{
    struct agr_state *st = s->state;
    const struct card_saver c = {
        .cannot = st->can_edit ? NULL
                  : str_eq(status(st), "closed")
                      ? _("A closed agreement does not change.")
                      : _("Not permitted: your role does not allow this."),
        .refused_in_words = true,
        .save = agreement_save,
        .reload = load,
    };
    return card_save(s, &st->fv, &st->doc, &c);
}

static void change_status(struct screen *s, enum request r)
{
    struct agr_state *st = s->state;
    const struct status_action *a =
        status_action_ready(s->app, &st->fv, actions, ARRAY_SIZE(actions), r,
                            _("Not possible for an agreement with status \"%s\"."));
    if (!a || !status_action_confirm(a, &st->doc.head))
        return;
    const char *id = record_get(&st->doc.head, "id");
    struct db_error err = {0};
    char *keep = xstrdup(id);
    if (!agreement_set_status(s->app->db, keep, a->to, &err)) {
        screens_refused(&err);
    } else if (reload(s, keep)) {
        ui_message(_("Agreement %s: %s."), record_get(&st->doc.head, "code"),
                   screens_status_label(status(st)));
    }
    free(keep);
}

/* "label   value" with the values in one column whatever the labels' language. */
static void line(struct strbuf *sb, const char *label, const char *value, const char *none)
{
    char *l = text_fit(label, 16, false);
    strbuf_printf(sb, "%s %s\n", l, value ? value : none);
    free(l);
}

/* "Why this price": a product by look-up and a day (today by default), then price_for's
 * answer and where it came from. */
static void why(struct screen *s)
{
    struct agr_state *st = s->state;
    const char *id = record_get(&st->doc.head, "id");
    if (str_empty(id) || !str_eq(status(st), "active")) {
        ui_error("%s", _("Prices apply under an active agreement only."));
        return;
    }
    char *product = NULL, *label = NULL;
    if (!screens_choose(s->app, "product", _("Product"), &product, &label))
        return;
    char *day = screens_ask_day(s->app, _("Why this price"), _("On the day (YYYY-MM-DD):"));
    if (day) {
        struct record out = {0};
        struct db_error err = {0};
        if (!price_why(s->app->db, id, product, day, &out, &err)) {
            screens_refused(&err);
        } else {
            const char *promo = record_get(&out, "promotion_code");
            const char *disc = record_get(&out, "discount_percent");
            const char *origin = record_get(&out, "origin");
            struct strbuf sb = {0};
            strbuf_printf(&sb, "%s\n%s\n\n", label, record_get(&st->doc.head, "code"));
            line(&sb, _("Price:"), record_get(&out, "price"), _("no price"));
            line(&sb, _("Price type:"), record_get(&out, "price_type_code"), "-");
            line(&sb, _("Base price:"), record_get(&out, "base_price"), "-");
            char *pct = xasprintf("%s%%", disc ? disc : "0");
            line(&sb, _("Discount:"), pct, "-");
            free(pct);
            line(&sb, _("Promotion:"), promo, "-");
            strbuf_printf(&sb, "\n%s\n%s", _("How it was found:"), origin ? origin : "");
            char *title = xasprintf("%s · %s", _("Why this price"), day);
            ui_alert(title, sb.buf, NULL);
            free(title);
            strbuf_release(&sb);
        }
        record_clear(&out);
    }
    free(day);
    free(product);
    free(label);
}

static enum ui_result agr_event(struct screen *s, const struct ui_event *ev)
{
    struct agr_state *st = s->state;
    switch (ev->req) {
    case REQ_SAVE:
        return save(s);
    case REQ_SEND:
    case REQ_APPROVE:
    case REQ_REJECT:
    case REQ_CLOSE:
        change_status(s, ev->req);
        return UI_HANDLED;
    case REQ_WHY:
        why(s);
        return UI_HANDLED;
    case REQ_HISTORY:
        screens_history(s->app, "agreement", record_get(&st->doc.head, "id"));
        return UI_HANDLED;
    case REQ_BACK:
        return screens_leave_card(&st->fv);
    case REQ_CHAR:
    case REQ_DELETE:
    case REQ_CLEAR:
        if (!st->can_edit) {
            ui_error("%s", str_eq(status(st), "closed")
                               ? _("A closed agreement does not change.")
                               : _("Read only: your role or the status does not allow changes."));
            return UI_HANDLED;
        }
        break;
    default:
        break;
    }
    return formview_event(&st->fv, ev);
}

static void agr_done(struct screen *s)
{
    struct agr_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->doc);
}

const struct screen_ops agreement_card_screen = {
    .name = "agreement_card",
    .state_size = sizeof(struct agr_state),
    .open = agr_open,
    .draw = agr_draw,
    .event = agr_event,
    .done = agr_done,
    .help = NULL,
    .help_now = agr_help_now,
};
