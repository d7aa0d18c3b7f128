/* list.c: the generic list screen. A form with a `list` statement (formdef.h) is the whole of a
 * list: its fields are the search line and filters, polka.FUNCTION fills its grid again
 * whenever one of them changes, Enter opens the row's card (open=, by key=; with no card it
 * shows the row whole in a box, its cut columns read in full), F7/Ins a new one (new=). A
 * choice column whose look-up is a code set (codes.h) shows the code in words: the grid does
 * that for every screen. A list with actions of its own (agreements.c) reuses these functions
 * around its own event handler. */
#include <stdlib.h>
#include <string.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* Every field's value, one string: the rows are read again when any of them changed. */
static char *fields_now(const struct screen *s)
{
    const struct list_screen *ls = s->state;
    struct strbuf sb = {0};
    for (size_t i = 0; i < s->form->nfields; i++) {
        const char *v = record_get(&ls->list.rec, s->form->fields[i].name);
        strbuf_printf(&sb, "%s\x1f", v ? v : "");
    }
    return strbuf_detach(&sb);
}

void list_screen_refresh(struct screen *s)
{
    struct list_screen *ls = s->state;
    struct db_error err = {0};
    rowset_clear(&ls->list.rows);
    bool ok = list_fetch(s->app->db, s->form, &ls->list.rec, &ls->list.rows, &err);
    search_list_searched(&ls->list, ok, &err, (size_t)s->form->list->limit);
    free(ls->read_for);
    ls->read_for = fields_now(s);
}

/* arg: NULL, or the fields' values to start with ("batch=B-12&product_id=7"). */
bool list_screen_open(struct screen *s, const char *arg)
{
    struct list_screen *ls = s->state;
    const struct form_list *fl = s->form ? s->form->list : NULL;
    if (!fl) {
        ui_error("forms/%s.form: no 'list' statement", s->form ? s->form->name : s->ops->name);
        return false;
    }
    if (!search_list_open(&ls->list, s->app, s->form, fl->grid))
        return false;
    if (arg && strchr(arg, '='))
        record_set_query(&ls->list.rec, arg);
    size_t n = 0;
    ls->help[n++] = REQ_HELP;
    ls->help[n++] = REQ_OPEN; /* the row's card, or the row whole */
    if (fl->new_screen)
        ls->help[n++] = REQ_NEW;
    ls->help[n++] = REQ_REFRESH;
    ls->help[n++] = REQ_BACK;
    ls->help[n++] = REQ_MENU;
    ls->help[n] = REQ_NONE;
    list_screen_refresh(s);
    return true;
}

void list_screen_draw(struct screen *s)
{
    struct list_screen *ls = s->state;
    search_list_draw(&ls->list);
}

enum ui_result list_screen_event(struct screen *s, const struct ui_event *ev)
{
    struct list_screen *ls = s->state;
    const struct form_list *fl = s->form->list;
    const struct record *cur;
    switch (ev->req) {
    case REQ_OPEN:
        cur = grid_current(&ls->list.grid);
        if (cur && fl->open) {
            app_push(s->app, fl->open, record_get(cur, fl->key));
        } else if (cur) { /* no card: the row whole, its cut columns read in full */
            char *text = grid_row_text(&ls->list.grid, cur);
            ui_alert(s->form->title ? _(s->form->title) : s->form->name, text, NULL);
            free(text);
        }
        return UI_HANDLED;
    case REQ_NEW:
    case REQ_INSERT:
        if (!fl->new_screen)
            return UI_IGNORED;
        app_push(s->app, fl->new_screen, NULL);
        return UI_HANDLED;
    case REQ_REFRESH:
        list_screen_refresh(s);
        return UI_HANDLED;
    default:
        break;
    }
    bool changed;
    enum ui_result r = search_list_event(&ls->list, ev, &changed);
    char *now = fields_now(s);
    if (changed || !str_eq(now, ls->read_for))
        list_screen_refresh(s);
    free(now);
    return r;
}

void list_screen_done(struct screen *s)
{
    struct list_screen *ls = s->state;
    search_list_done(&ls->list);
    xfree(&ls->read_for);
}

static const enum request *list_screen_help(struct screen *s)
{
    struct list_screen *ls = s->state;
    return ls->help;
}

/* Back from a card: the rows read again (what it saved shows), the same row selected. */
void list_screen_resume(struct screen *s)
{
    struct list_screen *ls = s->state;
    const char *key = s->form->list->key;
    const struct record *cur = grid_current(&ls->list.grid);
    char *keep = cur ? xstrdup(record_get(cur, key)) : NULL;
    list_screen_refresh(s);
    for (size_t i = 0; keep && i < ls->list.rows.n; i++)
        if (str_eq(record_get(ls->list.rows.rows[i], key), keep)) {
            ls->list.grid.sel = (int)i;
            if (ls->list.grid.page > 0 && (int)i >= ls->list.grid.page)
                ls->list.grid.top = (int)i - ls->list.grid.page / 2;
        }
    free(keep);
}

static const enum request list_help[] = {REQ_HELP, REQ_REFRESH, REQ_BACK, REQ_MENU, REQ_NONE};

const struct screen_ops list_screen = {
    .name = "list",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = list_screen_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = list_help,
    .help_now = list_screen_help,
};
