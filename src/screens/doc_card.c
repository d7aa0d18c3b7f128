/* doc_card.c: the generic card. A form with a `card get=... save=... edit=...` statement
 * (formdef.h) is the whole of a master-data card: polka.GET(id) reads the document (fields
 * by name, each grid a section of rows), F2 saves it whole with polka.SAVE(doc) in one
 * transaction (card.c: validate, save, read back), Ins/Del add and delete grid rows. Who may
 * change it is the form's edit= roles; the save function checks again. Cards with questions
 * of their own (partner duplicates, price recalculation) keep their own screens. */
#include <stdlib.h>
#include <string.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const enum request doc_card_help[] = {REQ_HELP,   REQ_SAVE, REQ_LOOKUP, REQ_INSERT,
                                             REQ_DELETE, REQ_BACK, REQ_MENU,   REQ_NONE};
static const enum request doc_card_help_read[] = {REQ_HELP, REQ_NEXT, REQ_BACK, REQ_MENU, REQ_NONE};

const enum request *doc_card_help_now(struct screen *s)
{
    const struct doc_card_state *st = s->state;
    return st->can_edit ? doc_card_help : doc_card_help_read;
}

static void bind_grids(struct screen *s)
{
    struct doc_card_state *st = s->state;
    for (size_t g = 0; g < s->form->ngrids; g++)
        st->grids[g] = doc_section(&st->doc, s->form->grids[g].name);
    struct formview_hooks hooks = screens_hooks(s->app);
    formview_rebind(&st->fv, s->form, &st->doc.head, st->grids, &hooks, !st->can_edit);
}

bool doc_card_load(struct screen *s, const char *id, struct db_error *err)
{
    struct doc_card_state *st = s->state;
    if (!doc_fetch(s->app->db, st->get_sql, id, &st->doc, err))
        return false;
    bind_grids(s);
    return true;
}

/* id: the card's id; NULL or "new?FIELD=VALUE&...": a new one. */
bool doc_card_open(struct screen *s, const char *id)
{
    struct doc_card_state *st = s->state;
    const struct form_card *c = s->form ? s->form->card : NULL;
    if (!c || s->form->ngrids > DOC_CARD_GRIDS) {
        ui_error("forms/%s.form: no 'card' statement, or more than %d grids",
                 s->form ? s->form->name : s->ops->name, DOC_CARD_GRIDS);
        return false;
    }
    /* The names are identifiers the form's parser checked; the id and the document travel
     * as parameters. */
    char *call = xasprintf("polka.\"%s\"($1::bigint)", c->get);
    st->get_sql = xasprintf(DOC_ROWS("%s"), call);
    free(call);
    st->save_sql = xasprintf("SELECT polka.\"%s\"($1::jsonb)", c->save);
    st->can_edit = !str_empty(c->edit) && app_has_role(s->app, c->edit);
    const char *preset = id && str_starts(id, "new?") ? id + 4 : NULL;
    if (id && !preset) {
        struct db_error err = {0};
        if (!doc_card_load(s, id, &err)) {
            app_db_error(s->form->title ? _(s->form->title) : s->form->name, &err);
            db_error_clear(&err);
            return false;
        }
    } else {
        if (!st->can_edit) {
            ui_error("%s", _("Not permitted: your role does not allow this."));
            return false;
        }
        for (size_t i = 0; i < s->form->nfields; i++)
            if (s->form->fields[i].dflt)
                record_set(&st->doc.head, s->form->fields[i].name, s->form->fields[i].dflt);
        record_set_query(&st->doc.head, preset); /* "new?day=...&warehouse_id=..." */
        bind_grids(s);
    }
    if (!st->can_edit)
        ui_message("%s", _("Read only: your role cannot change this card."));
    return true;
}

void doc_card_draw(struct screen *s)
{
    struct doc_card_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
}

enum ui_result doc_card_event(struct screen *s, const struct ui_event *ev)
{
    struct doc_card_state *st = s->state;
    if (ev->req == REQ_SAVE) {
        const struct card_saver c = {
            .cannot = st->can_edit ? NULL : _("Not permitted: your role does not allow this."),
            .refused_in_words = true, /* the save function's sentence after the kind */
            .save_sql = st->save_sql,
            .name = s->form->nfields ? s->form->fields[0].name : NULL, /* the form's first */
            .reload = doc_card_load,
        };
        return card_save(s, &st->fv, &st->doc, &c);
    }
    if (ev->req == REQ_BACK)
        return screens_leave_card(&st->fv);
    if (!st->can_edit && (ev->req == REQ_INSERT || ev->req == REQ_DELETE || ev->req == REQ_CHAR)) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return UI_HANDLED;
    }
    return formview_event(&st->fv, ev);
}

void doc_card_done(struct screen *s)
{
    struct doc_card_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->doc);
    free(st->get_sql);
    free(st->save_sql);
}

const struct screen_ops doc_card_screen = {
    .name = "card",
    .state_size = sizeof(struct doc_card_state),
    .open = doc_card_open,
    .draw = doc_card_draw,
    .event = doc_card_event,
    .done = doc_card_done,
    .help = doc_card_help,
    .help_now = doc_card_help_now,
};
