/* claims.c: the quick claim (Ctrl-P from any screen: the partner chosen, the partner's words
 * typed, the claim in the database with a number) and the claims queue (forms/claims.form, the
 * generic list of list.c: the logged-in person's open stages, overdue first; Enter opens the
 * claim card, forms/claim_card.form) with its actions: F9 the stage done (its outcome asked),
 * F8 the stage given to another person (the owner's supervisor, quality, the head), F7 a quick
 * claim, F6 a claim call counted. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const enum request claims_help[] = {REQ_HELP,     REQ_OPEN, REQ_STAGE_DONE,
                                           REQ_REASSIGN, REQ_NEW,  REQ_CLAIM_CALL,
                                           REQ_REFRESH,  REQ_BACK, REQ_NONE};

bool screens_quick_claim(struct app *app)
{
    char *partner = NULL, *label = NULL;
    if (!screens_choose(app, "partner", _("Claim from"), &partner, &label))
        return false;
    char *q = xasprintf(_("What does %s say?"), label);
    char *words = ui_prompt(_("Quick claim"), q, NULL, 4000);
    free(q);
    bool ok = false;
    if (!str_empty(words)) {
        struct db_error err = {0};
        char *number = claim_register(app->db, partner, words, &err);
        if (number) {
            ui_message(_("Claim %s registered: its details from the queue (menu Claims)."), number);
            ok = true;
        } else {
            screens_refused(&err);
        }
        free(number);
    }
    free(words);
    free(partner);
    free(label);
    return ok;
}

static const struct record *current(struct screen *s)
{
    struct list_screen *ls = s->state;
    const struct record *cur = grid_current(&ls->list.grid);
    if (!cur)
        ui_message("%s", _("Choose a claim in the list."));
    return cur;
}

char *screens_stage_done(struct app *app, const char *claim, const char *number, const char *n,
                         const char *stage)
{
    char *q = xasprintf(_("Claim %s, stage \"%s\" done. The outcome:"), number, stage);
    char *outcome = ui_prompt(_("Stage done"), q, NULL, 2000);
    free(q);
    if (!outcome)
        return NULL;
    struct db_error err = {0};
    char *next = claim_done(app->db, claim, n, outcome, &err);
    free(outcome);
    if (!next) {
        screens_refused(&err);
        return NULL;
    }
    char *msg = str_eq(next, "closed") ? xasprintf(_("Claim %s closed."), number)
                                       : xasprintf(_("Claim %s goes on to \"%s\"."), number, next);
    free(next);
    return msg;
}

/* F9: the selected claim's stage done, its outcome asked. */
static void stage_done(struct screen *s)
{
    const struct record *cur = current(s);
    if (!cur)
        return;
    char *claim = xstrdup(record_get(cur, "id")), *number = xstrdup(record_get(cur, "number"));
    char *n = xstrdup(record_get(cur, "n")), *stage = xstrdup(record_get(cur, "stage"));
    char *msg = screens_stage_done(s->app, claim, number, n, stage);
    if (msg) {
        list_screen_refresh(s);
        ui_message("%s", msg);
        free(msg);
    }
    free(claim);
    free(number);
    free(n);
    free(stage);
}

/* F8: the selected claim's stage given to another person. */
static void reassign(struct screen *s)
{
    const struct record *cur = current(s);
    if (!cur)
        return;
    char *person = NULL, *label = NULL;
    if (screens_choose(s->app, "person", _("Give the stage to"), &person, &label)) {
        struct db_error err = {0};
        char *claim = xstrdup(record_get(cur, "id")), *number = xstrdup(record_get(cur, "number"));
        char *login = claim_give(s->app->db, claim, person, &err);
        if (login) {
            list_screen_refresh(s);
            ui_message(_("Claim %s: the stage is %s's now."), number, label);
        } else {
            screens_refused(&err);
        }
        free(login);
        free(claim);
        free(number);
    }
    free(person);
    free(label);
}

/* F6: a claim call counted for a partner chosen (the selected claim's proposed first). */
static void claim_call(struct screen *s)
{
    char *partner = NULL, *label = NULL;
    if (!screens_choose(s->app, "partner", _("Claim call from"), &partner, &label))
        return;
    struct db_error err = {0};
    if (claim_call_log(s->app->db, partner, &err))
        ui_message(_("A claim call of %s counted."), label);
    else
        screens_refused(&err);
    free(partner);
    free(label);
}

static enum ui_result claims_event(struct screen *s, const struct ui_event *ev)
{
    switch (ev->req) {
    case REQ_STAGE_DONE:
        stage_done(s);
        return UI_HANDLED;
    case REQ_REASSIGN:
        reassign(s);
        return UI_HANDLED;
    case REQ_NEW:
        if (screens_quick_claim(s->app))
            list_screen_refresh(s);
        return UI_HANDLED;
    case REQ_CLAIM_CALL:
        claim_call(s);
        return UI_HANDLED;
    default:
        return list_screen_event(s, ev);
    }
}

const struct screen_ops claims_screen = {
    .name = "claims",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = claims_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = claims_help,
};
