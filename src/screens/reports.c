/* reports.c: the list of reports (forms/reports/NAME.form), narrowed by typing part of a title;
 * Enter opens the report's parameters (report.c). Nothing here knows any particular report. */
#include <stdio.h>
#include <stdlib.h>

#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

struct reports_state {
    struct search_list list;
    struct form_set set;
};

static const enum request reports_help[] = {REQ_HELP, REQ_OPEN, REQ_BACK, REQ_MENU, REQ_NONE};

/* The reports whose title (as the user reads it) or name contains the search text. */
static void refill(struct reports_state *st)
{
    rowset_clear(&st->list.rows);
    const char *q = search_list_q(&st->list);
    for (size_t i = 0; i < st->set.n; i++) {
        const struct form_def *r = st->set.forms[i];
        const char *title = r->title ? _(r->title) : r->name;
        if (!r->report_function ||
            (*q && !text_contains_ci(title, q) && !text_contains_ci(r->name, q)))
            continue;
        struct record *row = record_new();
        record_set(row, "title", title);
        record_set(row, "name", r->name);
        rowset_add(&st->list.rows, row);
    }
    search_list_searched(&st->list, true, NULL, 0);
}

static bool reports_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct reports_state *st = s->state;
    char dir[4096], err[1024];
    snprintf(dir, sizeof(dir), "%s/reports", s->app->forms_dir ? s->app->forms_dir : "forms");
    if (!formset_load(&st->set, dir, screen_form_checks(), err, sizeof(err))) {
        ui_error("%s", err);
        return false;
    }
    if (!search_list_open(&st->list, s->app, s->form, "list"))
        return false;
    refill(st);
    return true;
}

static void reports_draw(struct screen *s)
{
    struct reports_state *st = s->state;
    search_list_draw(&st->list);
}

static enum ui_result reports_event(struct screen *s, const struct ui_event *ev)
{
    struct reports_state *st = s->state;
    if (ev->req == REQ_OPEN) {
        const struct record *cur = grid_current(&st->list.grid);
        if (cur)
            app_push(s->app, "report", record_get(cur, "name"));
        return UI_HANDLED;
    }
    bool changed;
    enum ui_result r = search_list_event(&st->list, ev, &changed);
    if (changed)
        refill(st);
    return r;
}

static void reports_done(struct screen *s)
{
    struct reports_state *st = s->state;
    search_list_done(&st->list);
    formset_free(&st->set);
}

const struct screen_ops reports_screen = {
    .name = "reports",
    .state_size = sizeof(struct reports_state),
    .open = reports_open,
    .draw = reports_draw,
    .event = reports_event,
    .done = reports_done,
    .help = reports_help,
};
