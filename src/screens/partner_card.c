/* partner_card.c: view and edit a partner with its contacts, delivery points and
 * relationships; saved in one call. A new partner is checked for duplicates (name, INN, phone,
 * e-mail) and the candidates are shown before anything is saved. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const char *const sections[] = {"contacts", "points", "relations"};

struct card_state {
    struct doc doc;
    struct rowset *grids[3]; /* in the order of the form's grids */
    struct formview fv;
    bool can_edit;
};

/* Most important first: a narrow terminal cuts the line's tail (F1 lists them all; Tab is
 * left to F1). */
static const enum request card_help[] = {REQ_HELP,   REQ_SAVE,   REQ_LOOKUP, REQ_HISTORY,
                                         REQ_ORDERS, REQ_INSERT, REQ_DELETE, REQ_BACK,
                                         REQ_MENU,   REQ_NONE};
/* What a user who may only read the card can do. */
static const enum request card_help_read[] = {REQ_HELP, REQ_HISTORY, REQ_ORDERS, REQ_NEXT,
                                              REQ_BACK, REQ_MENU,    REQ_NONE};

static const enum request *card_help_now(struct screen *s)
{
    const struct card_state *st = s->state;
    return st->can_edit ? card_help : card_help_read;
}

/* Binds the form's grids to the document's sections by name. */
static void bind_grids(struct screen *s)
{
    struct card_state *st = s->state;
    for (size_t g = 0; g < s->form->ngrids && g < ARRAY_SIZE(st->grids); g++)
        st->grids[g] = doc_section(&st->doc, s->form->grids[g].name);
    struct formview_hooks hooks = screens_hooks(s->app);
    formview_rebind(&st->fv, s->form, &st->doc.head, st->grids, &hooks, !st->can_edit);
}

static bool card_open(struct screen *s, const char *id)
{
    struct card_state *st = s->state;
    if (!s->form || s->form->ngrids > ARRAY_SIZE(st->grids)) {
        ui_error("forms/partner_card.form: missing or more than 3 grids");
        return false;
    }
    st->can_edit = app_has_role(s->app, "manager,admin");
    if (id) {
        struct db_error err = {0};
        if (!partner_load(s->app->db, id, &st->doc, &err)) {
            app_db_error(_("Partner"), &err);
            db_error_clear(&err);
            return false;
        }
    } else {
        if (!st->can_edit) {
            ui_error("%s", _("Not permitted: your role does not allow this."));
            return false;
        }
        record_set(&st->doc.head, "kind", "client");
        record_set(&st->doc.head, "priority", "5");
        for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
            doc_section(&st->doc, sections[i]);
    }
    bind_grids(s);
    if (!st->can_edit)
        ui_message("%s", _("Read only: your role cannot change partners."));
    return true;
}

static void card_draw(struct screen *s)
{
    struct card_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
}

/* "inn,phone" from polka.partner_duplicates() in words: "same INN, phone". */
static void append_reasons(struct strbuf *sb, const char *codes)
{
    static const struct {
        const char *code, *words;
    } reasons[] = {
        {"inn", N_("INN")}, {"name", N_("name")}, {"phone", N_("phone")}, {"email", N_("e-mail")}};
    strbuf_puts(sb, _("same"));
    for (const char *p = codes ? codes : ""; *p;) {
        size_t n = strcspn(p, ",");
        const char *w = NULL;
        for (size_t i = 0; i < ARRAY_SIZE(reasons); i++)
            if (strlen(reasons[i].code) == n && strncmp(p, reasons[i].code, n) == 0)
                w = _(reasons[i].words);
        strbuf_printf(sb, "%s %s", p == codes ? "" : ",", w ? w : "?");
        p += n + (p[n] == ',');
    }
}

/* Shows possible duplicates; true when the user still wants to save. */
static bool duplicates_ok(struct screen *s)
{
    struct card_state *st = s->state;
    struct rowset dups = {0};
    struct db_error err = {0};
    if (!partner_duplicates(s->app->db, &st->doc.head, &dups, &err)) {
        app_db_error(_("Duplicate check"), &err);
        db_error_clear(&err);
        return false;
    }
    bool ok = true;
    if (dups.n) {
        struct strbuf sb = {0};
        strbuf_printf(&sb, "%s\n", _("Possible duplicates:"));
        for (size_t i = 0; i < dups.n && i < 8; i++) {
            const struct record *r = dups.rows[i];
            if (!record_get(r, "name")) /* a partner not ours to see: its code and the match */
                strbuf_printf(&sb, "%s %s (", record_get(r, "code"),
                              _("another manager's partner"));
            else
                strbuf_printf(&sb, "%s %s, %s %s (", record_get(r, "code"), record_get(r, "name"),
                              _("INN"), record_get(r, "inn") ? record_get(r, "inn") : "-");
            append_reasons(&sb, record_get(r, "reason"));
            strbuf_puts(&sb, ")\n");
        }
        strbuf_printf(&sb, "%s", _("Save anyway?"));
        ok = ui_confirm(_("Duplicates"), sb.buf);
        strbuf_release(&sb);
    }
    rowset_clear(&dups);
    return ok;
}

/* A new partner: possible duplicates first. */
static bool new_ok(struct screen *s)
{
    struct card_state *st = s->state;
    if (!str_empty(record_get(&st->doc.head, "id")) || duplicates_ok(s))
        return true;
    ui_message("%s", _("Not saved."));
    return false;
}

static bool load(struct screen *s, const char *id, struct db_error *err)
{
    struct card_state *st = s->state;
    if (!partner_load(s->app->db, id, &st->doc, err))
        return false;
    bind_grids(s);
    return true;
}

static enum ui_result save(struct screen *s)
{
    struct card_state *st = s->state;
    const struct card_saver c = {
        .cannot = st->can_edit ? NULL : _("Not permitted: your role does not allow this."),
        .before = new_ok,
        .save = partner_save,
        .reload = load,
    };
    return card_save(s, &st->fv, &st->doc, &c);
}

static enum ui_result card_event(struct screen *s, const struct ui_event *ev)
{
    struct card_state *st = s->state;
    if (ev->req == REQ_SAVE)
        return save(s);
    if (ev->req == REQ_HISTORY) {
        screens_history(s->app, "partner", record_get(&st->doc.head, "id"));
        return UI_HANDLED;
    }
    if (ev->req == REQ_ORDERS) {
        const char *id = record_get(&st->doc.head, "id");
        if (str_empty(id) || !str_eq(record_get(&st->doc.head, "kind"), "client")) {
            ui_message("%s", _("Orders belong to a saved client."));
        } else {
            char *arg = xasprintf("client:%s", id);
            app_push(s->app, "orders", arg);
            free(arg);
        }
        return UI_HANDLED;
    }
    if (ev->req == REQ_BACK) {
        return screens_leave_card(&st->fv);
    }
    if (!st->can_edit && (ev->req == REQ_INSERT || ev->req == REQ_DELETE || ev->req == REQ_CHAR)) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return UI_HANDLED;
    }
    return formview_event(&st->fv, ev);
}

static void card_done(struct screen *s)
{
    struct card_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->doc);
}

const struct screen_ops partner_card_screen = {
    .name = "partner_card",
    .state_size = sizeof(struct card_state),
    .open = card_open,
    .draw = card_draw,
    .event = card_event,
    .done = card_done,
    .help = card_help,
    .help_now = card_help_now,
};
