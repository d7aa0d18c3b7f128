/* notices.c: the outbox of shipment notices (forms/notices.form; polka.outbox_list): what is
 * not sent first, with its tries and the reason. F9 sends what is due (domain/notices.h), F8
 * puts a failed or stuck notice back to go now (polka.outbox_retry). */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct notices_state {
    struct record rec; /* q: the search line */
    struct formview fv;
    char *read_q;
    struct rowset rows;
    struct grid_view grid;
};

static const enum request notices_help[] = {REQ_HELP, REQ_SEND_NOW, REQ_RETRY, REQ_REFRESH,
                                            REQ_BACK, REQ_MENU,     REQ_NONE};

static bool load(struct screen *s)
{
    struct notices_state *st = s->state;
    int sel = st->grid.sel;
    rowset_clear(&st->rows);
    formview_commit(&st->fv);
    free(st->read_q);
    st->read_q = xstrdup(record_get(&st->rec, "q"));
    const char *p[1] = {st->read_q};
    struct db_error err = {0};
    if (!rows_fetch(s->app->db,
                    "SELECT id, status, trip, client, recipient, attempts, next_at, last_error,"
                    "       sent_at, subject,"
                    "       CASE WHEN status IN ('failed', 'sending') THEN '1' END AS _mark"
                    "  FROM polka.outbox_list($1)",
                    1, p, &st->rows, &err)) {
        screens_refused(&err);
        return false;
    }
    st->grid.sel = sel < (int)st->rows.n ? sel : 0;
    if (st->grid.top > st->grid.sel)
        st->grid.top = st->grid.sel;
    return true;
}

/* F9: what is due sent now. */
static void send_now(struct screen *s)
{
    struct notices_result r = {0};
    struct db_error err = {0};
    char *why = NULL;
    ui_message("%s", _("Sending..."));
    ui_redraw();
    if (notices_send(s->app->db, &r, &why, &err)) {
        load(s);
        char *w = notices_result_words(&r);
        if (r.failed || r.retry)
            ui_error("%s", w);
        else
            ui_message("%s", w);
        free(w);
    } else if (why) {
        ui_error("%s", why);
    } else {
        screens_refused(&err);
    }
    free(why);
    notices_result_free(&r);
}

/* F8: a failed or stuck notice back in the queue, to go now. */
static void retry(struct screen *s)
{
    struct notices_state *st = s->state;
    const struct record *cur = grid_current(&st->grid);
    if (!cur)
        return;
    char *id = xstrdup(record_get(cur, "id"));
    const char *p[1] = {id};
    struct db_error err = {0};
    char *status =
        value_fetch(s->app->db, "SELECT polka.outbox_retry($1::bigint)", 1, p, false, &err);
    if (!status) {
        screens_refused(&err);
    } else {
        load(s);
        ui_message("%s", _("Queued again: F9 sends it now."));
        free(status);
    }
    free(id);
}

static bool notices_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct notices_state *st = s->state;
    st->grid.def = formdef_grid(s->form, "rows");
    if (!st->grid.def) {
        ui_error("forms/%s.form: grid 'rows' expected", s->form->name);
        return false;
    }
    st->grid.rows = &st->rows;
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    if (load(s))
        ui_message(_("Notices: %zu. F9 sends what is due; F8 tries a failed one again."),
                   st->rows.n);
    return true;
}

static void notices_draw(struct screen *s)
{
    struct notices_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
    grid_draw(&st->grid, ui_body_top() + 1, 0, ui_body_rows() - 1, ui_cols(), true);
}

static enum ui_result notices_event(struct screen *s, const struct ui_event *ev)
{
    struct notices_state *st = s->state;
    switch (ev->req) {
    case REQ_SEND_NOW:
        send_now(s);
        return UI_HANDLED;
    case REQ_RETRY:
        retry(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        load(s);
        ui_message(_("Notices: %zu."), st->rows.n);
        return UI_HANDLED;
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
    case REQ_HOME:
    case REQ_END:
    case REQ_LEFT:
    case REQ_RIGHT:
        return grid_event(&st->grid, ev);
    default: {
        /* The rest edits the search line; the notices are read again as it changes. */
        enum ui_result r = formview_event(&st->fv, ev);
        formview_commit(&st->fv);
        if (!str_eq(record_get(&st->rec, "q"), st->read_q) && load(s))
            ui_message(_("Notices: %zu."), st->rows.n);
        return r;
    }
    }
}

static void notices_done(struct screen *s)
{
    struct notices_state *st = s->state;
    rowset_clear(&st->rows);
    free(st->read_q);
    formview_free(&st->fv);
    record_clear(&st->rec);
}

const struct screen_ops notices_screen = {
    .name = "notices",
    .state_size = sizeof(struct notices_state),
    .open = notices_open,
    .draw = notices_draw,
    .event = notices_event,
    .done = notices_done,
    .help = notices_help,
};
