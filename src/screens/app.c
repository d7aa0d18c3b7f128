/* app.c: the screen stack and the main loop. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
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

void app_session_end(struct app *app)
{
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

static const enum request *screen_help(struct screen *s)
{
    return s->ops->help_now ? s->ops->help_now(s) : s->ops->help;
}

static void draw_top(void *ctx)
{
    struct app *app = ctx;
    struct screen *s = app->depth ? app->stack[app->depth - 1] : NULL;
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
    free(app->stack);
    app->stack = NULL;
    return 0;
}
