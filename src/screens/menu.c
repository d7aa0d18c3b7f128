/* menu.c: the main menu; shows the items of forms/menu.form the user's roles may open. */
#include <stdlib.h>
#include <string.h>

#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct menu_state {
    const struct form_item **items; /* visible to this user */
    size_t n;
    int sel;
};

static const enum request menu_help[] = {REQ_HELP,  REQ_OPEN, REQ_QUICK_CLAIM,
                                         REQ_INBOX, REQ_BACK, REQ_NONE};

static bool menu_open(struct screen *s, const char *arg)
{
    struct menu_state *st = s->state;
    for (size_t i = 0; s->form && i < s->form->nitems; i++)
        if (app_has_role(s->app, s->form->items[i].roles)) {
            st->items = xrealloc(st->items, (st->n + 1) * sizeof(*st->items));
            st->items[st->n++] = &s->form->items[i];
        }
    return true;
}

static void menu_draw(struct screen *s)
{
    struct menu_state *st = s->state;
    int top = ui_body_top() + 1;
    char *who = xasprintf("%s (%s)", s->app->full_name ? s->app->full_name : "",
                          s->app->user ? s->app->user : "");
    ui_text(top, 2, ui_cols() - 4, who, UA_BOLD);
    free(who);
    if (st->n == 0)
        ui_text(top + 2, 4, ui_cols() - 6, _("Your roles give access to nothing here yet."),
                UA_DIM);
    /* Rows down to the one above the message line; a longer menu scrolls to the selection. */
    int room = ui_body_top() + ui_body_rows() - (top + 2), first = 0;
    if (room < 1)
        room = 1;
    if (st->sel >= room)
        first = st->sel - room + 1;
    for (size_t i = (size_t)first; i < st->n && (int)i < first + room; i++) {
        char *line = xasprintf("%c  %s", st->items[i]->hotkey ? st->items[i]->hotkey : ' ',
                               _(st->items[i]->label));
        ui_text(top + 2 + (int)i - first, 4, 40, line, (int)i == st->sel ? UA_SELECTED : UA_NORMAL);
        free(line);
    }
}

static enum ui_result menu_event(struct screen *s, const struct ui_event *ev)
{
    struct menu_state *st = s->state;
    switch (ev->req) {
    case REQ_UP:
        st->sel = st->sel > 0 ? st->sel - 1 : st->sel;
        return UI_HANDLED;
    case REQ_DOWN:
        st->sel = st->sel + 1 < (int)st->n ? st->sel + 1 : st->sel;
        return UI_HANDLED;
    case REQ_HOME:
        st->sel = 0;
        return UI_HANDLED;
    case REQ_END:
        st->sel = st->n ? (int)st->n - 1 : 0;
        return UI_HANDLED;
    case REQ_OPEN:
        if (st->n)
            app_push(s->app, st->items[st->sel]->screen, NULL);
        return UI_HANDLED;
    case REQ_CHAR:
        for (size_t i = 0; i < st->n; i++)
            if (st->items[i]->hotkey && (uint32_t)st->items[i]->hotkey == ev->ch) {
                st->sel = (int)i;
                app_push(s->app, st->items[i]->screen, NULL);
            }
        return UI_HANDLED;
    case REQ_BACK:
    case REQ_MENU:
        return ui_confirm(_("Quit"), _("Leave Polka?")) ? UI_QUIT : UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

static void menu_done(struct screen *s)
{
    struct menu_state *st = s->state;
    free(st->items);
}

const struct screen_ops menu_screen = {
    .name = "menu",
    .state_size = sizeof(struct menu_state),
    .open = menu_open,
    .draw = menu_draw,
    .event = menu_event,
    .done = menu_done,
    .help = menu_help,
};
