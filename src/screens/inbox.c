/* inbox.c: the inbox (forms/inbox.form, the generic list of list.c): what needs the logged-in
 * person, newest first, the unread bold (an overdue stage of someone they supervise, a stage
 * given to them). Enter opens the claim card, F8 marks the row read, F9 all of them; Ctrl-N
 * from any screen comes here (app.c), the title bar's notice says how many are unread. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const enum request inbox_help[] = {REQ_HELP,    REQ_OPEN, REQ_MARK_READ, REQ_ALL_READ,
                                          REQ_REFRESH, REQ_BACK, REQ_NONE};

void screens_inbox(struct app *app)
{
    struct screen *top = app->depth ? app->stack[app->depth - 1] : NULL;
    if (top && top->ops == &inbox_screen)
        list_screen_refresh(top);
    else
        app_push(app, "inbox", NULL);
}

static const struct record *current(struct screen *s)
{
    struct list_screen *ls = s->state;
    const struct record *cur = grid_current(&ls->list.grid);
    if (!cur)
        ui_message("%s", _("The inbox is empty."));
    return cur;
}

/* F8: the selected row read; F9: every row. */
static void mark_read(struct screen *s, bool all)
{
    struct db_error err = {0};
    int n;
    if (all) {
        n = inbox_mark_all_read(s->app->db, &err);
        if (n >= 0)
            ui_message(_("Marked read: %d."), n);
    } else {
        const struct record *cur = current(s);
        if (!cur)
            return;
        n = inbox_mark_read(s->app->db, record_get(cur, "id"), &err);
        if (n >= 0)
            ui_message("%s", _("Marked read."));
    }
    if (n < 0) {
        screens_refused(&err);
        return;
    }
    list_screen_resume(s); /* read again, the same row selected */
    struct db_error cerr = {0};
    int unread = all ? 0 : n;
    if (all && (unread = inbox_unread(s->app->db, &cerr)) < 0) {
        db_error_clear(&cerr);
        unread = 0;
    }
    app_inbox_count(s->app, unread);
}

static enum ui_result inbox_event(struct screen *s, const struct ui_event *ev)
{
    switch (ev->req) {
    case REQ_MARK_READ:
        mark_read(s, false);
        return UI_HANDLED;
    case REQ_ALL_READ:
        mark_read(s, true);
        return UI_HANDLED;
    case REQ_OPEN: {
        const struct record *cur = current(s);
        if (cur && str_empty(record_get(cur, "claim_id")))
            ui_message("%s", _("This notice names no claim."));
        else if (cur)
            app_push(s->app, "claim_card", record_get(cur, "claim_id"));
        return UI_HANDLED;
    }
    default:
        return list_screen_event(s, ev);
    }
}

const struct screen_ops inbox_screen = {
    .name = "inbox",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = inbox_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = inbox_help,
};
