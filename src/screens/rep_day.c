/* rep_day.c: the sales representative's day (forms/rep_day.form; menu My day): today's
 * outlets of his routes in visiting order (polka.rep_day) with their tasks done of all, the
 * visit's state and the order taken; below, the selected outlet's tasks and results
 * (polka.rep_stop_tasks). Enter on an outlet starts its visit (polka.rep_visit_start) and goes
 * into its tasks; there Enter records a task done (a payment's amount asked; the order task
 * opens the order entry; a photo's file is stored with the visit), F8 not done with why
 * (polka.rep_task_record, polka.rep_photo_attach). F7 opens the usual
 * order entry for the visit's client and outlet (source rep; order_save names the visit), F9
 * finishes the visit (polka.rep_visit_finish): done once every task has its result, else the
 * outlet found closed, with why. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct rep_day_state {
    struct rowset outlets, tasks;
    struct grid_view upper, lower;
    bool in_lower;  /* the focus in the tasks */
    char *read_for; /* the outlet whose tasks are read */
};

static const enum request outlets_help[] = {REQ_HELP,    REQ_OPEN, REQ_VISIT_ORDER, REQ_VISIT_END,
                                            REQ_REFRESH, REQ_BACK, REQ_NONE};
static const enum request tasks_help[] = {REQ_HELP,        REQ_OPEN,      REQ_TASK_NOT_DONE,
                                          REQ_VISIT_ORDER, REQ_VISIT_END, REQ_REFRESH,
                                          REQ_BACK,        REQ_NONE};

static const enum request *rep_day_help_now(struct screen *s)
{
    struct rep_day_state *st = s->state;
    return st->in_lower ? tasks_help : outlets_help;
}

/* The selected outlet's tasks, when the selection moved (or force). */
static void read_tasks(struct screen *s, bool force)
{
    struct rep_day_state *st = s->state;
    const struct record *cur = grid_current(&st->upper);
    const char *id = cur ? record_get(cur, "route_point_id") : NULL;
    if (!force && str_eq(id, st->read_for))
        return;
    free(st->read_for);
    st->read_for = xstrdup(id);
    rowset_clear(&st->tasks);
    st->lower.sel = st->lower.top = 0;
    struct db_error err = {0};
    if (id && !rep_tasks_read(s->app->db, id, &st->tasks, &err))
        screens_refused(&err);
}

/* Reads the day again, the cursors kept where they were. */
static bool load(struct screen *s)
{
    struct rep_day_state *st = s->state;
    int sel = st->upper.sel, lsel = st->lower.sel;
    rowset_clear(&st->outlets);
    struct db_error err = {0};
    bool ok = rep_day_read(s->app->db, &st->outlets, &err);
    if (!ok)
        screens_refused(&err);
    st->upper.sel = sel < (int)st->outlets.n ? sel : 0;
    read_tasks(s, true);
    st->lower.sel = lsel < (int)st->tasks.n ? lsel : 0;
    if (!st->outlets.n)
        st->in_lower = false;
    return ok;
}

static void say_day(struct screen *s)
{
    struct rep_day_state *st = s->state;
    size_t done = 0;
    for (size_t i = 0; i < st->outlets.n; i++)
        done += !str_eq(record_get(st->outlets.rows[i], "state"), "planned") &&
                !str_eq(record_get(st->outlets.rows[i], "state"), "started");
    if (!st->outlets.n)
        ui_message("%s", _("No outlet on your routes today."));
    else
        ui_message(_("Outlets today: %zu, visited %zu. Enter starts the visit."), st->outlets.n,
                   done);
}

/* The selected outlet's visit: its id (caller frees), started now when it was not; NULL when it
 * cannot be (said). */
static char *visit_of_selected(struct screen *s)
{
    struct rep_day_state *st = s->state;
    const struct record *cur = grid_current(&st->upper);
    if (!cur) {
        ui_message("%s", _("No outlet is selected."));
        return NULL;
    }
    if (!str_empty(record_get(cur, "visit_id")))
        return xstrdup(record_get(cur, "visit_id"));
    struct db_error err = {0};
    char *client = xstrdup(record_get(cur, "client"));
    char *visit = rep_visit_start(s->app->db, record_get(cur, "route_point_id"), &err);
    if (visit) {
        load(s);
        ui_message(_("The visit to %s started."), client);
    } else {
        screens_refused(&err);
    }
    free(client);
    return visit;
}

/* Enter on an outlet: its visit started (when not yet) and the focus in its tasks. */
static void open_outlet(struct screen *s)
{
    struct rep_day_state *st = s->state;
    char *visit = visit_of_selected(s);
    if (visit && st->tasks.n)
        st->in_lower = true;
    free(visit);
}

/* F7: the order entry for the visit's client and outlet. */
static void take_order(struct screen *s)
{
    char *visit = visit_of_selected(s);
    if (!visit)
        return;
    char *arg = xasprintf("visit:%s", visit);
    app_push(s->app, "order_entry", arg);
    free(arg);
    free(visit);
}

/* Enter on the photo task: the photo's file stored with the visit, the task done. */
static void photo_add(struct screen *s, const char *visit)
{
    char *path = ui_prompt(_("Photo"), _("The photo's file (its path; up to 10 MB):"), NULL, 1000);
    char *problem = NULL, *name = NULL;
    struct db_error err = {0};
    if (!str_empty(path))
        name = rep_photo_add(s->app->db, visit, path, &problem, &err);
    if (name) {
        load(s);
        ui_message(_("Photo %s stored with the visit."), name);
    } else if (problem) {
        ui_error("%s", problem);
    } else if (!str_empty(path)) {
        screens_refused(&err);
    }
    free(name);
    free(problem);
    free(path);
}

/* Enter on a task: done (the order task: the order entry; a payment: its amount; a photo: its
 * file). */
static void task_done(struct screen *s)
{
    struct rep_day_state *st = s->state;
    const struct record *t = grid_current(&st->lower);
    if (!t)
        return;
    char *kind = xstrdup(record_get(t, "kind"));
    if (str_eq(kind, "order")) {
        free(kind);
        take_order(s);
        return;
    }
    if (str_eq(kind, "photo")) {
        char *visit = visit_of_selected(s);
        if (visit)
            photo_add(s, visit);
        free(visit);
        free(kind);
        return;
    }
    char *visit = visit_of_selected(s);
    char *amount = NULL, *note = NULL;
    if (visit && str_eq(kind, "payment")) {
        amount = ui_prompt(_("Payment collected"), _("Amount collected:"), NULL, 20);
        if (!screens_amount(&amount)) {
            free(amount);
            free(visit);
            free(kind);
            return;
        }
    } else if (visit) {
        note = ui_prompt(_("Task done"), _("A note (may be empty):"), NULL, 1000);
    }
    struct db_error err = {0};
    if ((amount || note) &&
        rep_task_record(s->app->db, visit, kind, true, NULL, str_empty(amount) ? NULL : amount,
                        str_empty(note) ? NULL : note, &err)) {
        load(s);
        ui_message("%s", _("Task done."));
    } else if (amount || note) {
        screens_refused(&err);
    }
    free(amount);
    free(note);
    free(visit);
    free(kind);
}

/* F8 on a task: not done, with why. */
static void task_not_done(struct screen *s)
{
    struct rep_day_state *st = s->state;
    const struct record *t = st->in_lower ? grid_current(&st->lower) : NULL;
    if (!t) {
        ui_message("%s", _("Enter goes into the outlet's tasks; F8 there records one not done."));
        return;
    }
    char *kind = xstrdup(record_get(t, "kind"));
    char *visit = visit_of_selected(s);
    char *reason = visit ? ui_prompt(_("Not done"), _("Why not?"), NULL, 500) : NULL;
    struct db_error err = {0};
    if (reason && rep_task_record(s->app->db, visit, kind, false, reason, NULL, NULL, &err)) {
        load(s);
        ui_message("%s", _("Recorded as not done."));
    } else if (reason) {
        screens_refused(&err);
    }
    free(reason);
    free(visit);
    free(kind);
}

/* F9: the visit finished: done when every task has its result, else asked whether the outlet
 * was closed (and why). */
static void visit_end(struct screen *s)
{
    struct rep_day_state *st = s->state;
    const struct record *cur = grid_current(&st->upper);
    if (!cur || str_empty(record_get(cur, "visit_id")) ||
        !str_eq(record_get(cur, "state"), "started")) {
        ui_message("%s", _("This outlet has no visit under way: Enter starts one."));
        return;
    }
    char *visit = xstrdup(record_get(cur, "visit_id"));
    size_t open = 0;
    for (size_t i = 0; i < st->tasks.n; i++)
        open += str_empty(record_get(st->tasks.rows[i], "result"));
    const char *result = "done";
    char *comment = NULL;
    if (!open) {
        comment =
            ui_prompt(_("Finish visit"), _("A comment on the visit (may be empty):"), NULL, 1000);
    } else {
        char *q = xasprintf(_("Tasks without a result: %zu. Was the outlet closed? (Esc: back to "
                              "the tasks)"),
                            open);
        if (ui_confirm(_("Finish visit"), q)) {
            result = "closed";
            comment = ui_prompt(_("Outlet closed"), _("Why was it closed?"), NULL, 1000);
        }
        free(q);
    }
    struct db_error err = {0};
    if (comment && rep_visit_finish(s->app->db, visit, result, comment, &err)) {
        st->in_lower = false;
        load(s);
        say_day(s);
    } else if (comment) {
        screens_refused(&err);
    }
    free(comment);
    free(visit);
}

static bool rep_day_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct rep_day_state *st = s->state;
    st->upper.def = formdef_grid(s->form, "outlets");
    st->lower.def = formdef_grid(s->form, "tasks");
    if (!st->upper.def || !st->lower.def) {
        ui_error("forms/%s.form: grids 'outlets' and 'tasks' expected", s->form->name);
        return false;
    }
    st->upper.rows = &st->outlets;
    st->lower.rows = &st->tasks;
    if (load(s))
        say_day(s);
    return true;
}

/* Back from the order entry: the order taken is on the outlet now. */
static void rep_day_resume(struct screen *s)
{
    struct rep_day_state *st = s->state;
    load(s);
    const struct record *cur = grid_current(&st->upper);
    if (cur && !str_empty(record_get(cur, "order_number")))
        ui_message(_("Order %s is on the visit to %s."), record_get(cur, "order_number"),
                   record_get(cur, "client"));
}

static void rep_day_draw(struct screen *s)
{
    struct rep_day_state *st = s->state;
    screens_grids_draw(&st->upper, &st->lower, 0, st->in_lower ? 2 : 1);
}

static enum ui_result rep_day_event(struct screen *s, const struct ui_event *ev)
{
    struct rep_day_state *st = s->state;
    bool upper_moved;
    enum ui_result r = screens_grids_move(&st->upper, &st->lower, &st->in_lower, ev, &upper_moved);
    if (upper_moved)
        read_tasks(s, false);
    if (r != UI_IGNORED || upper_moved)
        return UI_HANDLED;
    switch (ev->req) {
    case REQ_OPEN:
        if (st->in_lower)
            task_done(s);
        else
            open_outlet(s);
        return UI_HANDLED;
    case REQ_TASK_NOT_DONE:
        task_not_done(s);
        return UI_HANDLED;
    case REQ_VISIT_ORDER:
        take_order(s);
        return UI_HANDLED;
    case REQ_VISIT_END:
        visit_end(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        load(s);
        say_day(s);
        return UI_HANDLED;
    default:
        return UI_IGNORED;
    }
}

static void rep_day_done(struct screen *s)
{
    struct rep_day_state *st = s->state;
    rowset_clear(&st->outlets);
    rowset_clear(&st->tasks);
    free(st->read_for);
}

const struct screen_ops rep_day_screen = {
    .name = "rep_day",
    .state_size = sizeof(struct rep_day_state),
    .open = rep_day_open,
    .draw = rep_day_draw,
    .event = rep_day_event,
    .done = rep_day_done,
    .resume = rep_day_resume,
    .help = outlets_help,
    .help_now = rep_day_help_now,
};
