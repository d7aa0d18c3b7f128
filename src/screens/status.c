/* status.c: what the pricing screens share: statuses in words, refusals with the database's
 * own sentence, a day asked with today as the default. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

const char *screens_status_label(const char *code)
{
    static const struct {
        const char *code, *label;
    } labels[] = {
        {"draft", N_("Draft")},         {"on_approval", N_("On approval")},
        {"active", N_("Active")},       {"closed", N_("Closed")},
        {"approved", N_("Approved")},   {"ended", N_("Ended")},
        {"ended_early", N_("Ended early")}, {"typical", N_("Typical")},
        {"individual", N_("Individual")},
    };
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
        if (str_eq(code, labels[i].code))
            return _(labels[i].label);
    return code ? code : "";
}

void screens_refused(struct db_error *err)
{
    /* A constraint we know has its own sentence; otherwise the kind of refusal, then the
     * database's words (which agreement, which dates). */
    if (err->primary && !err->constraint && err->kind != DBE_PERMISSION &&
        err->kind != DBE_CONNECTION && err->kind != DBE_CHANGED)
        ui_error("%s %s", db_error_message(err), err->primary);
    else
        ui_error("%s", db_error_message(err));
    db_error_clear(err);
}

char *screens_ask_day(struct app *app, const char *title, const char *label)
{
    struct db_error err = {0};
    char *today = db_today(app->db, &err);
    db_error_clear(&err);
    char *day = ui_prompt(title, label, today, 10);
    free(today);
    return day;
}

struct choose_ctx {
    struct app *app;
    const char *kind;
};

static int choose_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    struct choose_ctx *cc = ctx;
    struct formview_hooks hooks = screens_hooks(cc->app);
    return hooks.fetch(hooks.ctx, cc->kind, query, codes, labels);
}

bool screens_choose(struct app *app, const char *kind, const char *title, char **code,
                    char **label)
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
