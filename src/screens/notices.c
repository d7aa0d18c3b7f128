/* notices.c: the outbox of shipment notices (forms/notices.form; polka.outbox_list): what is
 * not sent first, with its tries and the reason. F9 sends what is due (domain/notices.h), F8
 * puts a failed or stuck notice back to go now (polka.outbox_retry); typing searches
 * (searchlist.c). */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct notices_state {
    struct search_list list; /* the search line (q) over the notices */
};

static const enum request notices_help[] = {REQ_HELP, REQ_SEND_NOW, REQ_RETRY, REQ_REFRESH,
                                            REQ_BACK, REQ_MENU,     REQ_NONE};

static bool load(struct screen *s)
{
    struct notices_state *st = s->state;
    rowset_clear(&st->list.rows);
    const char *p[1] = {search_list_q(&st->list)};
    struct db_error err = {0};
    bool ok =
        rows_fetch(s->app->db,
                   "SELECT id, status, trip, client, recipient, attempts, next_at, last_error,"
                   "       sent_at, subject,"
                   "       CASE WHEN status IN ('failed', 'sending') THEN '1' END AS _mark"
                   "  FROM polka.outbox_list($1)",
                   1, p, &st->list.rows, &err);
    search_list_searched(&st->list, ok, &err, 0);
    return ok;
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
    const struct record *cur = grid_current(&st->list.grid);
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
    if (!search_list_open(&st->list, s->app, s->form, "rows"))
        return false;
    if (load(s))
        ui_message(_("Notices: %zu. F9 sends what is due; F8 tries a failed one again."),
                   st->list.rows.n);
    return true;
}

static void notices_draw(struct screen *s)
{
    struct notices_state *st = s->state;
    search_list_draw(&st->list);
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
        ui_message(_("Notices: %zu."), st->list.rows.n);
        return UI_HANDLED;
    default: {
        bool changed;
        enum ui_result r = search_list_event(&st->list, ev, &changed);
        if (changed && load(s))
            ui_message(_("Notices: %zu."), st->list.rows.n);
        return r;
    }
    }
}

static void notices_done(struct screen *s)
{
    struct notices_state *st = s->state;
    search_list_done(&st->list);
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
