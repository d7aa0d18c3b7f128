/* kb.c: the knowledge base (forms/kb.form, the generic list of list.c; articles open in the
 * generic card of forms/kb_card.form). Registered to be opened for a claim: with "claim=ID"
 * the list is the articles proposed for it (polka.kb_list reads the hidden field claim) until
 * words are typed. For the claims screens: screens_kb_for_claim, screens_kb_from_claim. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* Who writes articles (forms/kb_card.form's edit=, polka.kb_save's check). */
static const char *const writers = "quality,head,admin";

/* arg: NULL, or "claim=ID": the articles proposed for that claim. */
static bool kb_open(struct screen *s, const char *arg)
{
    struct list_screen *ls = s->state;
    const char *claim = arg && str_starts(arg, "claim=") ? arg + 6 : NULL;
    if (!str_empty(claim))
        record_set(&ls->list.rec, "claim", claim);
    if (!list_screen_open(s, NULL))
        return false;
    /* The list's keys (list.c), F7 only for who writes articles. */
    size_t n = 0;
    for (size_t i = 0; ls->help[i] != REQ_NONE; i++)
        if (ls->help[i] != REQ_NEW || app_has_role(s->app, writers))
            ls->help[n++] = ls->help[i];
    ls->help[n] = REQ_NONE;
    if (!str_empty(claim))
        ui_message(_("%zu articles proposed for the claim; type words to search."),
                   ls->list.rows.n);
    return true;
}

static enum ui_result kb_event(struct screen *s, const struct ui_event *ev)
{
    if ((ev->req == REQ_NEW || ev->req == REQ_INSERT) && !app_has_role(s->app, writers)) {
        ui_error("%s", _("Only quality, the head and administrators write articles."));
        return UI_HANDLED;
    }
    return list_screen_event(s, ev);
}

static const enum request *kb_help_now(struct screen *s)
{
    struct list_screen *ls = s->state;
    return ls->help;
}

static const enum request kb_help[] = {REQ_HELP, REQ_OPEN, REQ_NEW, REQ_REFRESH,
                                       REQ_BACK, REQ_MENU, REQ_NONE};

const struct screen_ops kb_screen = {
    .name = "kb",
    .state_size = sizeof(struct list_screen),
    .open = kb_open,
    .draw = list_screen_draw,
    .event = kb_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = kb_help,
    .help_now = kb_help_now,
};

bool screens_kb_for_claim(struct app *app, const char *claim_id)
{
    if (str_empty(claim_id))
        return false;
    char *arg = xasprintf("claim=%s", claim_id);
    bool ok = app_push(app, "kb", arg);
    free(arg);
    return ok;
}

bool screens_kb_from_claim(struct app *app, const char *claim_id)
{
    if (str_empty(claim_id))
        return false;
    struct db_error err = {0};
    char *id = kb_article_from_claim(app->db, claim_id, &err);
    if (!id) {
        screens_refused(&err);
        return false;
    }
    bool ok = app_push(app, "kb_card", id);
    if (ok)
        ui_message("%s", _("The article is written from the claim: correct it and save with F2."));
    free(id);
    return ok;
}
