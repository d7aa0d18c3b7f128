/* people.c: the admins' screen of people: who may log in with which roles. Every action is
 * one polka.user_* call; the database checks that the caller is an admin. */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct people_state {
    struct rowset rows;
    struct grid_view grid;
};

static const enum request people_help[] = {REQ_HELP,   REQ_NEW,    REQ_BLOCK,
                                           REQ_INSERT, REQ_DELETE, REQ_PASSWORD,
                                           REQ_BACK,   REQ_MENU,   REQ_NONE};

static void load(struct screen *s)
{
    struct people_state *st = s->state;
    struct db_error err = {0};
    rowset_clear(&st->rows);
    if (!user_list(s->app->db, &st->rows, &err)) {
        screens_refused(&err);
        return;
    }
    for (size_t i = 0; i < st->rows.n; i++) {
        struct record *r = st->rows.rows[i];
        record_set(r, "status", str_eq(record_get(r, "blocked"), "t") ? _("blocked") : _("active"));
    }
}

static bool people_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct people_state *st = s->state;
    const struct form_grid *g = s->form ? formdef_grid(s->form, "list") : NULL;
    if (!g) {
        ui_error("forms/people.form: no grid 'list'");
        return false;
    }
    st->grid.def = g;
    st->grid.rows = &st->rows;
    load(s);
    return true;
}

static void people_draw(struct screen *s)
{
    struct people_state *st = s->state;
    grid_draw(&st->grid, ui_body_top(), 0, ui_body_rows(), ui_cols(), true);
}

/* Selects the row of login after a reload. */
static void select_login(struct people_state *st, const char *login)
{
    for (size_t i = 0; i < st->rows.n; i++)
        if (str_eq(record_get(st->rows.rows[i], "login"), login))
            st->grid.sel = (int)i;
}

/* Reloads the list and selects login again (login may point into the old rows). */
static void reload_at(struct screen *s, const char *login)
{
    char *keep = xstrdup(login);
    load(s);
    select_login(s->state, keep);
    free(keep);
}

static void add_person(struct screen *s)
{
    char *login = NULL, *name = NULL, *roles = NULL, *password = NULL;
    login = ui_prompt(_("New person"), _("Login (Latin letters, digits, _):"), NULL, 63);
    if (login)
        name = ui_prompt(_("New person"), _("Full name:"), NULL, 200);
    if (name)
        roles = ui_prompt(_("New person"),
                          _("Roles, comma-separated (operator, waybill_clerk, manager, quality, "
                            "planner, head, admin, sales_rep, all_clients):"),
                          "operator", 200);
    if (roles)
        password = ui_prompt_secret(_("New person"), _("Password (at least 8 characters):"), 200);
    if (password) {
        struct db_error err = {0};
        if (user_add(s->app->db, login, name, password, roles, &err)) {
            reload_at(s, login);
            ui_message(_("Added %s."), login);
        } else {
            screens_refused(&err);
        }
    }
    free(login);
    free(name);
    free(roles);
    free(password);
}

static enum ui_result people_event(struct screen *s, const struct ui_event *ev)
{
    struct people_state *st = s->state;
    const struct record *cur = grid_current(&st->grid);
    const char *login = cur ? record_get(cur, "login") : NULL;
    struct db_error err = {0};
    char *text = NULL, *role = NULL;
    switch (ev->req) {
    case REQ_NEW:
        add_person(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        load(s);
        return UI_HANDLED;
    case REQ_BLOCK:
        if (!login)
            return UI_HANDLED;
        if (str_eq(record_get(cur, "blocked"), "t")) {
            if (user_unblock(s->app->db, login, &err))
                ui_message(_("Unblocked %s."), login);
            else
                screens_refused(&err);
        } else {
            text = xasprintf(_("Block %s? Their sessions end at once; nothing they saved is lost."),
                             login);
            if (ui_confirm(_("Block"), text)) {
                int n = user_block(s->app->db, login, &err);
                if (n >= 0)
                    ui_message(_("Blocked %s; sessions ended: %d."), login, n);
                else
                    screens_refused(&err);
            }
            free(text);
        }
        reload_at(s, login);
        return UI_HANDLED;
    case REQ_INSERT:
    case REQ_DELETE:
        if (!login)
            return UI_HANDLED;
        text = xasprintf(
            ev->req == REQ_INSERT ? _("Role to grant to %s:") : _("Role to take from %s:"), login);
        role = ui_prompt(ev->req == REQ_INSERT ? _("Grant a role") : _("Revoke a role"), text, NULL,
                         40);
        free(text);
        if (role) {
            if (user_grant(s->app->db, login, role, ev->req == REQ_INSERT, &err)) {
                ui_message(ev->req == REQ_INSERT ? _("Granted %s to %s.")
                                                 : _("Revoked %s from %s."),
                           role, login);
                reload_at(s, login);
            } else {
                screens_refused(&err);
            }
            free(role);
        }
        return UI_HANDLED;
    case REQ_PASSWORD:
        if (!login)
            return UI_HANDLED;
        text = xasprintf(_("New password for %s (at least 8 characters):"), login);
        role = ui_prompt_secret(_("Password"), text, 200);
        free(text);
        if (role) {
            if (user_passwd(s->app->db, login, role, &err))
                ui_message(_("Password of %s changed."), login);
            else
                screens_refused(&err);
            free(role);
        }
        return UI_HANDLED;
    default:
        return grid_event(&st->grid, ev);
    }
}

static void people_done(struct screen *s)
{
    struct people_state *st = s->state;
    rowset_clear(&st->rows);
}

const struct screen_ops people_screen = {
    .name = "people",
    .state_size = sizeof(struct people_state),
    .open = people_open,
    .draw = people_draw,
    .event = people_event,
    .done = people_done,
    .help = people_help,
};
