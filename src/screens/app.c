/* app.c: the screen stack and the main loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain/inbox.h"
#include "polka/domain/lookup.h"
#include "polka/i18n.h"
#include "polka/screen.h"
#include "polka/util.h"
#include "screens.h"

bool app_has_role(const struct app *app, const char *roles_csv)
{
    if (str_empty(roles_csv))
        return true;
    char *list = xstrdup(roles_csv), *save = NULL;
    bool found = false;
    for (char *r = strtok_r(list, ",", &save); r && !found; r = strtok_r(NULL, ",", &save))
        for (size_t i = 0; i < app->nroles; i++)
            found |= strcmp(app->roles[i], r) == 0;
    free(list);
    return found;
}

static void inbox_stop(struct app *app);

void app_session_end(struct app *app)
{
    inbox_stop(app);
    for (size_t i = 0; i < app->nroles; i++)
        free(app->roles[i]);
    xfree(&app->roles);
    app->nroles = 0;
    xfree(&app->full_name);
    xfree(&app->user);
    lookup_cache_clear();
    db_close(&app->db);
}

const char *screen_title(const struct screen *s)
{
    if (s->ops->title_now)
        return s->ops->title_now((struct screen *)s);
    return s->form && s->form->title ? _(s->form->title) : s->ops->name;
}

static void screen_free(struct screen **s)
{
    if ((*s)->ops->done)
        (*s)->ops->done(*s);
    free((*s)->state);
    xfree(s);
}

bool app_push(struct app *app, const char *name, const char *arg)
{
    const struct form_def *form = formset_get(&app->forms, name);
    const struct screen_ops *ops = screen_for(name, form);
    if (!ops) {
        ui_error(_("No such screen: %s"), name);
        return false;
    }
    struct screen *s = xcalloc(1, sizeof(*s));
    s->ops = ops;
    s->app = app;
    s->form = form;
    s->state = ops->state_size ? xcalloc(1, ops->state_size) : NULL;
    app->stack = xrealloc(app->stack, (app->depth + 1) * sizeof(*app->stack));
    app->stack[app->depth++] = s;
    ui_message_clear(); /* the last screen's message does not belong to this one */
    if (ops->open && !ops->open(s, arg)) {
        app->depth--;
        screen_free(&s);
        return false;
    }
    s->opened = true;
    return true;
}

static void pop(struct app *app)
{
    if (app->depth)
        screen_free(&app->stack[--app->depth]);
    ui_message_clear(); /* the closed screen's message does not belong to the one below */
}

/* A screen closed by its user (Esc, or saved and done): the one below may read again. */
static void pop_resume(struct app *app)
{
    pop(app);
    struct screen *top = app->depth ? app->stack[app->depth - 1] : NULL;
    if (top && top->ops->resume)
        top->ops->resume(top);
}

static void status_update(struct app *app)
{
    char *st;
    if (!app->db)
        st = xstrdup("");
    else
        st = xasprintf("%s@%s · %s", app->user ? app->user : "", db_dbname(app->db),
                       db_connected(app->db) ? _("online") : _("OFFLINE"));
    ui_set_status(st);
    free(st);
}

/* ---- the inbox's notice (issue 17) ----
 * The app LISTENs on the inbox's channel on its own connection; a new row is announced with
 * the person's login. While the app waits for a key (ui.c: poll() over the terminal and the
 * connection's socket) a notification for this person has the unread count read again and the
 * title bar's notice drawn at once, whatever screen or dialog is open. Notifications that came
 * with a statement's results are kept by db.c and taken before the next wait; a reconnect
 * LISTENs again and has the count read again (what was announced meanwhile never came). */

static void inbox_notice(struct app *app)
{
    char *n = NULL;
    if (app->inbox_unread > 0)
        n = xasprintf(_("New in the inbox: %d, %s opens"), app->inbox_unread,
                      request_default_key(REQ_INBOX));
    ui_set_notice(n);
    free(n);
}

void app_inbox_count(struct app *app, int n)
{
    app->inbox_unread = n;
    inbox_notice(app);
}

/* The unread count read again; true when it changed. A failure other than the connection's
 * is not tried again before the next notification. */
static bool inbox_recount(struct app *app)
{
    struct db_error err = {0};
    int n = inbox_unread(app->db, &err);
    bool lost = n < 0 && err.kind == DBE_CONNECTION;
    db_error_clear(&err);
    app->inbox_stale = lost;
    if (n < 0 || n == app->inbox_unread)
        return false;
    app_inbox_count(app, n);
    return true;
}

static int inbox_fd(void *ctx)
{
    struct app *app = ctx;
    return app->db ? db_socket(app->db) : -1;
}

static bool inbox_serve(void *ctx, bool readable)
{
    struct app *app = ctx;
    if (!app->db)
        return false;
    bool was = db_connected(app->db);
    if (readable)
        db_consume(app->db);
    char *channel, *payload;
    while (db_notification(app->db, &channel, &payload)) {
        if (str_eq(channel, INBOX_CHANNEL) && str_eq(payload, app->user))
            app->inbox_stale = true;
        free(channel);
        free(payload);
    }
    if (db_listen_renewed(app->db))
        app->inbox_stale = true;
    /* Read only on a free connection: never inside a transaction a screen keeps open (its old
     * snapshot) nor while a statement streams its rows (the order screen's catalog). */
    bool changed = was != db_connected(app->db);
    if (app->inbox_stale && db_idle(app->db))
        changed |= inbox_recount(app);
    if (changed)
        status_update(app);
    return changed;
}

/* Once a person is logged in: LISTEN, the count at login, the wait served. */
static void inbox_start(struct app *app)
{
    struct db_error err = {0};
    app->inbox_on = true;
    app->inbox_unread = 0;
    if (!db_listen(app->db, INBOX_CHANNEL, &err))
        db_error_clear(&err); /* the notice waits for a reconnect; nothing else depends on it */
    inbox_recount(app);
    inbox_notice(app);
    ui_set_watch(inbox_fd, inbox_serve, app);
}

static void inbox_stop(struct app *app)
{
    app->inbox_on = app->inbox_stale = false;
    app->inbox_unread = 0;
    ui_set_watch(NULL, NULL, NULL);
    ui_set_notice(NULL);
}

static const enum request *screen_help(struct screen *s)
{
    return s->ops->help_now ? s->ops->help_now(s) : s->ops->help;
}

static void draw_top(void *ctx)
{
    struct app *app = ctx;
    /* The top screen that is open: one still opening (its state half made) is not drawn. */
    size_t d = app->depth;
    while (d && !app->stack[d - 1]->opened)
        d--;
    struct screen *s = d ? app->stack[d - 1] : NULL;
    ui_erase();
    status_update(app);
    if (!s)
        return;
    if (!ui_too_small())
        s->ops->draw(s);
    ui_draw_frame(screen_title(s), screen_help(s), s->form);
}

void app_db_error(const char *title, const struct db_error *err)
{
    char *details = db_error_details(err);
    ui_alert(title ? title : _("Error"), db_error_message(err), details);
    free(details);
}

/* The server refused the person when the connection was tried again (blocked by an
 * administrator, the password changed): the session is over, and the screens say so rather
 * than "reconnected, repeat": back to the login screen (the screens closed on the way keep
 * what they keep on closing: an order's draft stays in its journal). */
static void session_check(struct app *app)
{
    const char *why = app->db ? db_session_refused(app->db) : NULL;
    if (!why || app->depth < 1)
        return;
    char *msg = xasprintf(_("The session has ended: %s"), why);
    while (app->depth > 1)
        pop(app);
    app_session_end(app);
    ui_error("%s", msg);
    free(msg);
}

int app_run(struct app *app, const char *first_screen)
{
    ui_set_redraw(draw_top, app);
    if (!app_push(app, first_screen, NULL))
        return 1;
    while (app->depth) {
        if (app->db && !app->inbox_on)
            inbox_start(app);
        struct screen *s = app->stack[app->depth - 1];
        /* Keys typed ahead first, the screen drawn once they are taken: a scanner types a
         * code and Enter in one burst, and drawing the screen after each of its characters
         * put a dozen frames between the Enter and the confirmation it waits for. */
        bool ahead = ui_typed_ahead();
        if (!ahead) {
            draw_top(app);
            ui_flush();
        }
        /* Idle work in slices while no key waits; each slice shows at once (a row count). */
        while (!ahead && s->ops->idle && !ui_poll(0)) {
            bool more = s->ops->idle(s);
            draw_top(app);
            ui_flush();
            if (!more)
                break;
        }
        struct ui_event ev = ui_read(s->form);
        if (ev.key == UK_EOF)
            break;
        if (ev.req == REQ_RESIZE || ui_too_small())
            continue;
        if (ev.req == REQ_HELP) {
            ui_help(s->form, screen_help(s));
            continue;
        }
        /* Ctrl-P: a claim registered from any screen once someone is logged in. */
        if (ev.req == REQ_QUICK_CLAIM && app->depth >= 2) {
            screens_quick_claim(app);
            continue;
        }
        /* Ctrl-N: the inbox from any screen (read again when it is open already). */
        if (ev.req == REQ_INBOX && app->depth >= 2) {
            screens_inbox(app);
            continue;
        }
        enum ui_result r = s->ops->event(s, &ev);
        if (r == UI_IGNORED) {
            if (ev.req == REQ_BACK)
                r = UI_CLOSE;
            else if (ev.req == REQ_MENU && app->depth > 2) {
                /* F10 from anywhere: back to the main menu (the screen above login). Each
                 * screen on the way may refuse (unsaved changes it wants to keep). */
                while (app->depth > 2) {
                    struct ui_event back = {REQ_BACK, 0, 0};
                    if (app->stack[app->depth - 1]->ops->event(app->stack[app->depth - 1], &back) ==
                        UI_HANDLED)
                        break;
                    pop(app);
                }
                continue;
            } else if (ev.req == REQ_QUIT)
                r = UI_QUIT;
        }
        if (r == UI_CLOSE)
            pop_resume(app);
        else if (r == UI_QUIT)
            break;
        session_check(app);
    }
    while (app->depth)
        pop(app);
    inbox_stop(app);
    free(app->stack);
    app->stack = NULL;
    return 0;
}
