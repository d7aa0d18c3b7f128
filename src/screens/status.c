/* status.c: what the screens share: statuses in words, refusals with the database's own
 * sentence, a day asked with today as the default, an amount typed as people type it, a choice by
 * look-up, a card's history, and leaving a screen with unsaved changes. */
#include <stdint.h>
#include <stdlib.h>

#include "polka/codes.h"
#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

const char *screens_status_label(const char *code)
{
    return code_label("status", code);
}

void screens_refused(struct db_error *err)
{
    /* A constraint we know has its own sentence; otherwise (also a rule our functions name
     * that no table has, "trips_capacity") the kind of refusal, then what the
     * database said (which agreement, which dates) in the user's language: our functions'
     * sentences translated, never the server's English behind a Russian sentence. */
    const char *said = db_error_message(err), *words = db_error_words(err);
    if (words && !str_eq(words, said) && !db_error_has_sentence(err) &&
        err->kind != DBE_CONNECTION && err->kind != DBE_CHANGED)
        ui_error("%s %s", said, words);
    else
        ui_error("%s", said);
    db_error_clear(err);
}

char *screens_ask_day(struct app *app, const char *title, const char *label)
{
    struct db_error err = {0};
    char *today = business_day(app->db, &err);
    db_error_clear(&err);
    char *day = ui_prompt(title, label, today, 10);
    free(today);
    return day;
}

bool screens_amount(char **typed)
{
    if (!*typed || str_empty(*typed))
        return true;
    int64_t v;
    enum decimal_status st = decimal_parse(*typed, 2, &v);
    if (st == DECIMAL_SYNTAX) {
        ui_error(_("\"%s\" is not an amount: type it in digits, as 1 500,50."), *typed);
        return false;
    }
    if (st != DECIMAL_OK) {
        ui_error("%s", decimal_strerror(st));
        return false;
    }
    char buf[40];
    free(*typed);
    *typed = xstrdup(decimal_format(v, 2, "", ".", buf, sizeof(buf)));
    return true;
}

struct choose_ctx {
    struct app *app;
    const char *kind;
};

static int choose_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    struct choose_ctx *cc = ctx;
    struct formview_hooks hooks = screens_hooks(cc->app);
    return hooks.fetch(hooks.ctx, cc->kind, NULL, query, codes, labels);
}

bool screens_choose(struct app *app, const char *kind, const char *title, char **code, char **label)
{
    struct choose_ctx cc = {app, kind};
    return ui_lookup(title, "", choose_fetch, &cc, code, label);
}

void screens_history(struct app *app, const char *kind, const char *id)
{
    if (str_empty(id)) {
        ui_message("%s", _("A new card has no history yet."));
        return;
    }
    char *arg = xasprintf("%s:%s", kind, id);
    app_push(app, "history", arg);
    free(arg);
}

enum ui_result screens_leave(bool unsaved)
{
    if (unsaved && !ui_confirm(_("Unsaved changes"), _("Leave without saving?")))
        return UI_HANDLED;
    return UI_CLOSE;
}

enum ui_result screens_leave_card(struct formview *fv)
{
    formview_commit(fv);
    return screens_leave(fv->dirty);
}

const struct status_action *status_action_find(const struct status_action *table, size_t n,
                                               enum request r)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].req == r)
            return &table[i];
    return NULL;
}

bool status_action_offered(struct app *app, const struct record *head,
                           const struct status_action *a)
{
    return a && !str_empty(record_get(head, "id")) && str_eq(record_get(head, "status"), a->from) &&
           app_has_role(app, a->roles);
}

size_t status_action_help(struct app *app, const struct record *head,
                          const struct status_action *table, size_t n, enum request *help)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (status_action_offered(app, head, &table[i]))
            help[k++] = table[i].req;
    return k;
}

const struct status_action *status_action_ready(struct app *app, struct formview *fv,
                                                const struct status_action *table, size_t n,
                                                enum request r, const char *not_possible)
{
    const struct record *head = fv->rec;
    const struct status_action *a = status_action_find(table, n, r);
    if (!a || str_empty(record_get(head, "id")) || !str_eq(record_get(head, "status"), a->from)) {
        ui_error(not_possible, screens_status_label(record_get(head, "status")));
        return NULL;
    }
    if (!app_has_role(app, a->roles)) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return NULL;
    }
    formview_commit(fv);
    if (fv->dirty) {
        ui_error("%s", _("Save the changes first."));
        return NULL;
    }
    return a;
}

bool status_action_confirm(const struct status_action *a, const struct record *head)
{
    char *q = xasprintf(_(a->question), record_get(head, "code"));
    bool yes = ui_confirm(request_help(a->req), q);
    free(q);
    return yes;
}

bool screens_warehouse(const struct rowset *warehouses, struct record *rec, char **id)
{
    const char *code = record_get(rec, "warehouse");
    xfree(id);
    for (size_t i = 0; i < warehouses->n; i++) {
        const struct record *w = warehouses->rows[i];
        if (str_empty(code) || str_eq(code, record_get(w, "code"))) {
            *id = xstrdup(record_get(w, "id"));
            if (str_empty(code))
                record_set(rec, "warehouse", record_get(w, "code"));
            return true;
        }
    }
    return false;
}
