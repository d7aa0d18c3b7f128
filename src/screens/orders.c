/* orders.c: the order list (forms/orders.form). Today's orders by default; the search line
 * finds by number, client or operator, the day and the status narrow. Enter opens an order in
 * the entry screen (changeable while new or confirmed), F7 takes a new one, the cancel key cancels
 * one with a reason. Opened with "client:ID" (from the client card) it lists that client's orders
 * of every day. */
#include <stdlib.h>
#include <string.h>

#include "polka/codes.h"
#include "polka/db.h"
#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

#define LIST_LIMIT 500

struct orders_state {
    struct search_list list;
    char *client_id; /* only this client's orders */
    char *client_name;
    char *last_on, *last_status;
    bool stale; /* an order was opened or taken above: read the list again when back */
};

/* Searches again and keeps the selection on the same order when it is still listed. */
static void search(struct screen *s);
static void search_keep(struct screen *s)
{
    struct orders_state *st = s->state;
    const struct record *cur = grid_current(&st->list.grid);
    char *id = cur ? xstrdup(record_get(cur, "id")) : NULL;
    search(s);
    for (size_t i = 0; id && i < st->list.rows.n; i++)
        if (str_eq(record_get(st->list.rows.rows[i], "id"), id))
            st->list.grid.sel = (int)i;
    free(id);
}

static const enum request orders_help[] = {REQ_HELP,    REQ_OPEN, REQ_NEW, REQ_CANCEL,
                                           REQ_REFRESH, REQ_BACK, REQ_NONE};
/* Those who read orders (a waybill clerk, a planner) open them; they take and cancel none. */
static const enum request readers_help[] = {REQ_HELP, REQ_OPEN, REQ_REFRESH, REQ_BACK, REQ_NONE};
#define ORDER_WRITERS "operator,manager,head,admin"

static const enum request *orders_help_now(struct screen *s)
{
    return app_has_role(s->app, ORDER_WRITERS) ? orders_help : readers_help;
}

/* Every status of an order, in the code set's order (codes.c: the schema's list). */
static size_t statuses(const char **out, size_t max)
{
    return code_set_find("order_status", "", out, max);
}

const char *order_status_label(const char *code)
{
    return code_label("order_status", code);
}

/* The status code of the label in the status field (NULL: any). */
static const char *status_code(const char *label)
{
    const char *all[16];
    size_t n = statuses(all, ARRAY_SIZE(all));
    for (size_t i = 0; i < n; i++)
        if (str_eq(label, order_status_label(all[i])))
            return all[i];
    return NULL;
}

static void search(struct screen *s)
{
    struct orders_state *st = s->state;
    struct search_list *l = &st->list;
    const char *on = record_get(&l->rec, "on"), *status = record_get(&l->rec, "status");
    struct db_error err = {0};
    rowset_clear(&l->rows);
    bool ok = order_list(s->app->db, str_empty(on) ? NULL : on, st->client_id, status_code(status),
                         false, search_list_q(l), LIST_LIMIT, &l->rows, &err);
    for (size_t i = 0; ok && i < l->rows.n; i++) {
        struct record *r = l->rows.rows[i];
        record_set(r, "status_label", order_status_label(record_get(r, "status")));
        int64_t v;
        char buf[40];
        if (decimal_parse(record_get(r, "amount"), 2, &v) == DECIMAL_OK)
            record_set(r, "amount", decimal_format(v, 2, "\u00a0", ".", buf, sizeof(buf)));
    }
    free(st->last_on);
    free(st->last_status);
    st->last_on = xstrdup(on ? on : "");
    st->last_status = xstrdup(status ? status : "");
    search_list_searched(l, ok, &err, LIST_LIMIT);
}

static bool orders_open(struct screen *s, const char *arg)
{
    struct orders_state *st = s->state;
    if (!search_list_open(&st->list, s->app, s->form, "list"))
        return false;
    if (arg && str_starts(arg, "client:")) {
        st->client_id = xstrdup(arg + 7);
    } else {
        struct db_error err = {0};
        char *today = business_day(s->app->db, &err);
        db_error_clear(&err);
        record_set(&st->list.rec, "on", today);
        free(today);
    }
    search(s);
    return true;
}

static void orders_draw(struct screen *s)
{
    struct orders_state *st = s->state;
    if (st->stale) { /* drawn again: the entry screen above has closed */
        st->stale = false;
        search_keep(s);
    }
    search_list_draw(&st->list);
}

static int status_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    (void)ctx;
    const char *all[16];
    size_t k = statuses(all, ARRAY_SIZE(all));
    *codes = xcalloc(k + 2, sizeof(char *));
    *labels = xcalloc(k + 2, sizeof(char *));
    int n = 0;
    if (text_contains_ci(_("Any"), query)) {
        (*codes)[n] = xstrdup("");
        (*labels)[n++] = xstrdup(_("Any"));
    }
    for (size_t i = 0; i < k; i++)
        if (text_contains_ci(order_status_label(all[i]), query)) {
            (*codes)[n] = xstrdup(all[i]);
            (*labels)[n++] = xstrdup(order_status_label(all[i]));
        }
    return n;
}

static void status_choose(struct screen *s, const char *initial)
{
    struct orders_state *st = s->state;
    char *code = NULL, *label = NULL;
    if (!ui_lookup(_("Status"), initial, status_fetch, NULL, &code, &label))
        return;
    formview_commit(&st->list.fv);
    record_set(&st->list.rec, "status", str_empty(code) ? NULL : label);
    formview_reload(&st->list.fv);
    free(code);
    free(label);
    search(s);
}

static void cancel(struct screen *s)
{
    struct orders_state *st = s->state;
    const struct record *cur = grid_current(&st->list.grid);
    if (!cur)
        return;
    const char *status = record_get(cur, "status");
    if (!str_eq(status, "new") && !str_eq(status, "confirmed") &&
        !str_eq(status, "partly_confirmed")) {
        ui_error(_("Order %s is %s: it cannot be cancelled."), record_get(cur, "number"),
                 order_status_label(status));
        return;
    }
    char *label = xasprintf(_("Why is order %s of %s cancelled?"), record_get(cur, "number"),
                            record_get(cur, "client_name"));
    char *reason = ui_prompt(_("Cancel order"), label, "", 500);
    free(label);
    if (!reason)
        return;
    char *clean = text_sanitize(reason, strlen(reason), 500);
    free(reason);
    struct db_error err = {0};
    if (str_empty(clean)) {
        ui_error("%s", _("A cancellation needs a reason."));
    } else if (!order_cancel(s->app->db, record_get(cur, "id"), clean, record_get(cur, "version"),
                             &err)) {
        screens_refused(&err);
    } else {
        char *number = xstrdup(record_get(cur, "number"));
        search_keep(s); /* the selection stays on the cancelled order, not the first one */
        ui_message(_("Order %s cancelled."), number);
        free(number);
    }
    free(clean);
}

static enum ui_result orders_event(struct screen *s, const struct ui_event *ev)
{
    struct orders_state *st = s->state;
    struct search_list *l = &st->list;
    const char *f = formview_focus_name(&l->fv);
    switch (ev->req) {
    case REQ_OPEN: {
        const struct record *cur = grid_current(&l->grid);
        if (str_eq(f, "status")) {
            status_choose(s, "");
        } else if (cur) {
            char *id = xstrdup(record_get(cur, "id"));
            st->stale = app_push(s->app, "order_entry", id);
            free(id);
        }
        return UI_HANDLED;
    }
    case REQ_NEW:
    case REQ_CANCEL:
        if (!app_has_role(s->app, ORDER_WRITERS))
            ui_error("%s", _("Your role reads orders: taking and cancelling them is for operators "
                             "and managers."));
        else if (ev->req == REQ_NEW)
            st->stale = app_push(s->app, "order_entry", NULL);
        else
            cancel(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        search(s);
        return UI_HANDLED;
    case REQ_LOOKUP:
    case REQ_CHAR:
        if (str_eq(f, "status")) {
            char first[5] = {0};
            if (ev->req == REQ_CHAR)
                text_encode(ev->ch, first);
            status_choose(s, first);
            return UI_HANDLED;
        }
        break;
    case REQ_DELETE:
    case REQ_CLEAR:
        if (str_eq(f, "status")) {
            formview_commit(&l->fv);
            record_set(&l->rec, "status", NULL);
            formview_reload(&l->fv);
            search(s);
            return UI_HANDLED;
        }
        break;
    default:
        break;
    }
    bool changed;
    enum ui_result r = search_list_event(l, ev, &changed);
    const char *on = record_get(&l->rec, "on");
    if (changed || (!str_eq(on ? on : "", st->last_on) && (str_empty(on) || strlen(on) == 10)))
        search(s);
    return r;
}

static void orders_done(struct screen *s)
{
    struct orders_state *st = s->state;
    search_list_done(&st->list);
    free(st->client_id);
    free(st->client_name);
    free(st->last_on);
    free(st->last_status);
}

const struct screen_ops orders_screen = {
    .name = "orders",
    .state_size = sizeof(struct orders_state),
    .open = orders_open,
    .draw = orders_draw,
    .event = orders_event,
    .done = orders_done,
    .help = orders_help,
    .help_now = orders_help_now,
};
