/* waybill.c: the waybill desk (forms/waybill.form): a warehouse and a day (the planner's
 * header, whday.c); the trips (polka.waybill_trips) with their status and counts; below, the
 * selected trip's lines (polka.waybill_lines): the task against what the WMS reports as
 * picked, differences first and bold. Read only in this slice: the documents, the print and
 * accepting a difference come next (issue 15). */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct waybill_state {
    struct wh_day h;
    struct rowset trips, lines;
    char *lines_for; /* the trip whose lines are read */
};

static const enum request waybill_help[] = {REQ_HELP, REQ_OPEN, REQ_ACCEPT, REQ_REFRESH,
                                            REQ_BACK, REQ_MENU, REQ_NONE};

/* The selected trip's lines, when the selection moved. */
static void read_lines(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *cur = grid_current(&st->h.upper);
    const char *id = cur ? record_get(cur, "id") : NULL;
    if (str_eq(id, st->lines_for))
        return;
    free(st->lines_for);
    st->lines_for = xstrdup(id);
    rowset_clear(&st->lines);
    st->h.lower.sel = st->h.lower.top = 0;
    if (!id)
        return;
    const char *p[1] = {id};
    struct db_error err = {0};
    if (!rows_fetch(
            s->app->db,
            "SELECT order_line_id, stop, order_number, client, product_code, task,"
            "       task_batches, picked, picked_batches, difference, accepted,"
            "       CASE WHEN difference IS NOT NULL AND accepted IS NULL THEN '1' END AS _mark"
            "  FROM polka.waybill_lines($1::bigint)",
            1, p, &st->lines, &err))
        screens_refused(&err);
}

static bool load(struct screen *s)
{
    struct waybill_state *st = s->state;
    rowset_clear(&st->trips);
    xfree(&st->lines_for);
    if (!wh_day_take(&st->h))
        return false;
    const char *p[2] = {st->h.id, st->h.read_day};
    struct db_error err = {0};
    if (!rows_fetch(s->app->db,
                    "SELECT id, number, route, vehicle, departure, status, orders, lines, picked,"
                    "       differences, CASE WHEN differences > 0 THEN '1' END AS _mark"
                    "  FROM polka.waybill_trips($1::bigint, $2::date)",
                    2, p, &st->trips, &err)) {
        screens_refused(&err);
        return false;
    }
    if (st->h.upper.sel >= (int)st->trips.n)
        st->h.upper.sel = st->h.upper.top = 0;
    read_lines(s);
    if (!st->trips.n)
        ui_message("%s", _("No trips on this day."));
    else
        ui_message(_("Trips: %zu. Enter shows a trip's lines against the picking facts."),
                   st->trips.n);
    return true;
}

/* F8 on a line: its difference accepted with a reason (polka.waybill_accept); read again. */
static void accept(struct screen *s)
{
    struct waybill_state *st = s->state;
    const struct record *cur = grid_current(&st->h.lower);
    if (!st->h.in_lower || !cur) {
        ui_message("%s", _("Enter goes into the trip's lines; F8 there accepts a difference."));
        return;
    }
    if (str_empty(record_get(cur, "difference"))) {
        ui_message("%s", _("This line was picked as tasked: nothing to accept."));
        return;
    }
    char *label = xasprintf(_("Why is the difference of order %s, %s accepted?"),
                            record_get(cur, "order_number"), record_get(cur, "product_code"));
    char *reason = ui_prompt(_("Accept difference"), label, record_get(cur, "accepted"), 500);
    free(label);
    if (!reason)
        return;
    char *line = xstrdup(record_get(cur, "order_line_id"));
    const char *p[2] = {line, reason};
    struct db_error err = {0};
    char *d =
        value_fetch(s->app->db, "SELECT polka.waybill_accept($1::bigint, $2)", 2, p, false, &err);
    if (!d) {
        screens_refused(&err);
    } else {
        int sel = st->h.lower.sel;
        load(s);
        st->h.in_lower = true;
        st->h.lower.sel = sel < (int)st->lines.n ? sel : 0;
        ui_message("%s", _("Accepted: the documents will take what was picked."));
        free(d);
    }
    free(line);
    free(reason);
}

static bool waybill_open(struct screen *s, const char *arg)
{
    struct waybill_state *st = s->state;
    if (!wh_day_open(&st->h, s, arg) ||
        !wh_day_grids(&st->h, s->form, "trips", &st->trips, "lines", &st->lines))
        return false;
    if (st->h.id)
        load(s);
    return true;
}

static void waybill_draw(struct screen *s)
{
    struct waybill_state *st = s->state;
    wh_day_draw(&st->h);
}

static enum ui_result waybill_event(struct screen *s, const struct ui_event *ev)
{
    struct waybill_state *st = s->state;
    bool moved;
    enum ui_result r = wh_day_move(&st->h, ev, &moved);
    if (moved)
        read_lines(s);
    if (r != UI_IGNORED)
        return r;
    switch (ev->req) {
    case REQ_OPEN:
        if (wh_day_changed(&st->h)) {
            st->h.in_lower = false;
            load(s);
        } else if (!st->h.in_lower && st->lines.n) {
            st->h.in_lower = true;
            ui_message("%s", _("Esc goes back to the trips."));
        }
        return UI_HANDLED;
    case REQ_BACK:
        if (st->h.in_lower) {
            st->h.in_lower = false;
            ui_message_clear();
            return UI_HANDLED;
        }
        return UI_IGNORED;
    case REQ_ACCEPT:
        accept(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        st->h.in_lower = false;
        formview_commit(&st->h.fv);
        load(s);
        return UI_HANDLED;
    default:
        return formview_event(&st->h.fv, ev);
    }
}

static void waybill_done(struct screen *s)
{
    struct waybill_state *st = s->state;
    wh_day_free(&st->h);
    rowset_clear(&st->trips);
    rowset_clear(&st->lines);
    free(st->lines_for);
}

const struct screen_ops waybill_screen = {
    .name = "waybill",
    .state_size = sizeof(struct waybill_state),
    .open = waybill_open,
    .draw = waybill_draw,
    .event = waybill_event,
    .done = waybill_done,
    .help = waybill_help,
};
