/* finance.c: the finance exports (forms/finance.form, the generic list of list.c) with two
 * actions of their own: F9 writes what is new for the accounting system to a file asked for,
 * F6 writes the selected export again (domain/finance.h). A relative path is the terminal's
 * working folder's, recorded whole. */
#include <stdlib.h>
#include <unistd.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const enum request finance_help[] = {REQ_HELP, REQ_EXPORT_NEW, REQ_AGAIN, REQ_REFRESH,
                                            REQ_BACK, REQ_MENU,       REQ_NONE};

/* The file asked for (proposed: dflt in the working folder), absolute; NULL when cancelled. */
static char *ask_path(const char *title, const char *question, const char *dflt)
{
    char *typed = ui_prompt(title, question, dflt, 1000);
    if (str_empty(typed)) {
        free(typed);
        return NULL;
    }
    if (typed[0] == '/')
        return typed;
    char *cwd = getcwd(NULL, 0);
    char *path = xasprintf("%s/%s", cwd ? cwd : ".", typed);
    free(cwd);
    free(typed);
    return path;
}

static void run_export(struct screen *s, int again)
{
    char *q = again ? xasprintf(_("Write finance export %d again to the file:"), again)
                    : xstrdup(_("Write what is new for the accounting system to the file:"));
    char *dflt = again ? xasprintf("polka-finance-%d.xml", again) : xstrdup("polka-finance.xml");
    char *path = ask_path(_("Finance export"), q, dflt);
    free(q);
    free(dflt);
    if (!path)
        return;
    struct finance_request req = {.path = path, .again = again};
    struct finance_result res = {0};
    struct db_error err = {0};
    char *why = NULL;
    ui_message("%s", _("Exporting..."));
    if (finance_export(s->app->db, &req, &res, &why, &err)) {
        list_screen_refresh(s);
        char *words = finance_result_words(&res);
        ui_message("%s", words);
        free(words);
    } else if (why) {
        ui_error("%s", why);
    } else {
        screens_refused(&err);
    }
    free(why);
    finance_result_free(&res);
    free(path);
}

static enum ui_result finance_event(struct screen *s, const struct ui_event *ev)
{
    struct list_screen *ls = s->state;
    const struct record *cur;
    switch (ev->req) {
    case REQ_EXPORT_NEW:
        run_export(s, 0);
        return UI_HANDLED;
    case REQ_AGAIN:
        cur = grid_current(&ls->list.grid);
        if (!cur)
            ui_message("%s", _("Choose the export to write again."));
        else
            run_export(s, atoi(record_get(cur, "number")));
        return UI_HANDLED;
    default:
        return list_screen_event(s, ev);
    }
}

const struct screen_ops finance_screen = {
    .name = "finance",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = finance_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = finance_help,
};
