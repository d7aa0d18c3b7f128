/* login.c: user and password → a libpq connection as that PostgreSQL role. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct login_state {
    struct record rec;
    struct formview fv;
};

static const enum request login_help[] = {REQ_HELP, REQ_OPEN, REQ_NEXT, REQ_QUIT, REQ_NONE};

static bool login_open(struct screen *s, const char *arg)
{
    struct login_state *st = s->state;
    if (!s->form) {
        ui_error("forms/login.form is missing");
        return false;
    }
    const char *user = getenv("POLKA_USER");
    if (user)
        record_set(&st->rec, "user", user);
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    return true;
}

static void login_draw(struct screen *s)
{
    struct login_state *st = s->state;
    int top = ui_body_top() + (ui_body_rows() - 24 > 0 ? (ui_body_rows() - 21) / 2 : 0);
    ui_text(top + 4, 20, 40, "Polka", UA_BOLD);
    ui_text(top + 5, 20, 50, _("Client service: orders, prices, shipping"), UA_DIM);
    formview_draw(&st->fv, top, 0);
}

/* After a refusal: the password emptied (on the screen too) and focused, the user name kept. */
static void refused(struct login_state *st)
{
    record_set(&st->rec, "password", "");
    st->fv.focus = 1;
    formview_reload(&st->fv);
}

static enum ui_result do_login(struct screen *s)
{
    struct login_state *st = s->state;
    struct app *app = s->app;
    formview_commit(&st->fv);
    const char *user = record_get(&st->rec, "user");
    const char *password = record_get(&st->rec, "password");
    if (str_empty(user)) {
        ui_error("%s", _("Type your user name."));
        return UI_HANDLED;
    }
    struct db_error err = {0};
    app_session_end(app);
    app->db = db_open(app->conninfo, user, password ? password : "", &err);
    if (!app->db) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
        refused(st);
        return UI_HANDLED;
    }
    int privileged = session_privileged(app->db, &err);
    if (privileged != 0) {
        if (privileged > 0)
            /* (administration is done with the polka command line) */
            ui_error("%s", _("An administration login (superuser or bypassing row-level "
                             "security): log in as yourself."));
        else
            ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
        app_session_end(app);
        refused(st);
        return UI_HANDLED;
    }
    app->user = xstrdup(db_user(app->db));
    if (!session_load(app->db, &app->full_name, &app->roles, &app->nroles, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
        app_session_end(app);
        return UI_HANDLED;
    }
    record_set(&st->rec, "password", ""); /* not on the screen when the session ends */
    st->fv.focus = 0;
    formview_reload(&st->fv);
    ui_message(_("Welcome, %s."), app->full_name);
    app_push(app, "menu", NULL);
    return UI_HANDLED;
}

static enum ui_result login_event(struct screen *s, const struct ui_event *ev)
{
    struct login_state *st = s->state;
    if (ev->req == REQ_OPEN || ev->req == REQ_SAVE) {
        if (ev->req == REQ_OPEN && st->fv.focus == 0) {
            formview_event(&st->fv, &(struct ui_event){REQ_NEXT, 0, 0});
            return UI_HANDLED;
        }
        return do_login(s);
    }
    if (ev->req == REQ_BACK)
        return UI_QUIT;
    return formview_event(&st->fv, ev);
}

static void login_done(struct screen *s)
{
    struct login_state *st = s->state;
    formview_free(&st->fv);
    record_clear(&st->rec);
    app_session_end(s->app);
}

const struct screen_ops login_screen = {
    .name = "login",
    .state_size = sizeof(struct login_state),
    .open = login_open,
    .draw = login_draw,
    .event = login_event,
    .done = login_done,
    .help = login_help,
};
