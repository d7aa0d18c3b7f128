/* trips.c: the planner's trips board (forms/trips.form). A warehouse and a day: the trips
 * (polka.trip_board) with their load against the vehicle's capacity, over capacity
 * highlighted, and a first row "Not on a trip" when some shipping orders are unplaced; below,
 * the selected row's shipping orders (polka.shipping_order_list) in stop order. Enter goes
 * into the orders; there F6 moves one to another trip (a look-up of the day's trips). On a
 * trip F3 opens its card, F7 makes a new one, F8 closes or opens it, F9 starts its picking
 * (after a question: its orders can no longer change). F4 places the unplaced again, F12
 * switches whether over capacity is refused or marked. Every action is one SQL function; a
 * refusal is shown in words and the board is read again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct trips_state {
    struct wh_day h;      /* warehouse, day */
    struct rowset trips;  /* the board's rows: "Not on a trip" first when any */
    struct rowset orders; /* the day's shipping orders */
    struct rowset shown;  /* the selected row's */
    char *mode;           /* over capacity: refuse or mark */
};

/* Most used first: a narrow terminal cuts the line's tail (F1 lists them all). */
static const enum request trips_help[] = {
    REQ_HELP,     REQ_OPEN,    REQ_MOVE,    REQ_NEW,  REQ_CLOSE, REQ_PICKING, REQ_PLACE,
    REQ_CAPACITY, REQ_DETAILS, REQ_REFRESH, REQ_BACK, REQ_MENU,  REQ_NONE};

/* "1090.5" of "1500.0" -> "1 091 / 1 500". */
static char *load_text(const char *have, const char *cap)
{
    int64_t h = 0, c = 0;
    char a[32], b[32];
    decimal_parse(have, 1, &h);
    decimal_parse(cap, 1, &c);
    decimal_format((h + 5) / 10, 0, "\u00a0", ".", a, sizeof(a));
    decimal_format((c + 5) / 10, 0, "\u00a0", ".", b, sizeof(b));
    return xasprintf("%s / %s", a, b);
}

/* The selected row's orders below, when the selection moved. */
static void show_orders(struct trips_state *st)
{
    const struct record *cur = grid_current(&st->h.upper);
    const char *tid = cur ? record_get(cur, "id") : NULL;
    rowset_clear(&st->shown);
    for (size_t i = 0; cur && i < st->orders.n; i++) {
        const struct record *o = st->orders.rows[i];
        if (!str_eq(record_get(o, "trip_id"), tid))
            continue;
        struct record *r = record_copy(o);
        int64_t kg;
        char buf[32];
        if (decimal_parse(record_get(o, "kg"), 1, &kg) == DECIMAL_OK) {
            decimal_format((kg + 5) / 10, 0, "\u00a0", ".", buf, sizeof(buf));
            record_set(r, "kg", buf);
        }
        rowset_add(&st->shown, r);
    }
    if (st->h.lower.sel >= (int)st->shown.n)
        st->h.lower.sel = st->shown.n ? (int)st->shown.n - 1 : 0;
    if (st->h.lower.top > st->h.lower.sel)
        st->h.lower.top = st->h.lower.sel;
}

/* Reads the board for the warehouse and day in the fields, keeping the selected trip. */
static bool load(struct screen *s)
{
    struct trips_state *st = s->state;
    const struct record *cur = grid_current(&st->h.upper);
    char *keep = cur ? xstrdup(record_get(cur, "id")) : NULL;
    struct db_error err = {0};
    rowset_clear(&st->trips);
    rowset_clear(&st->orders);
    rowset_clear(&st->shown);
    bool ok = wh_day_take(&st->h);
    struct rowset board = {0};
    if (ok && (!trip_board(s->app->db, st->h.id, st->h.read_day, &board, &err) ||
               !shipping_orders_of_day(s->app->db, st->h.id, st->h.read_day, &st->orders, &err))) {
        screens_refused(&err);
        ok = false;
    }
    size_t unplaced = 0;
    for (size_t i = 0; i < st->orders.n; i++)
        if (str_empty(record_get(st->orders.rows[i], "trip_id")))
            unplaced++;
    if (unplaced) {
        struct record *r = record_new();
        char n[24];
        snprintf(n, sizeof(n), "%zu", unplaced);
        record_set(r, "number", "—");
        record_set(r, "driver", _("Not on a trip"));
        record_set(r, "orders", n);
        record_set(r, "_mark", "1");
        rowset_add(&st->trips, r);
    }
    for (size_t i = 0; i < board.n; i++) {
        const struct record *b = board.rows[i];
        struct record *r = record_copy(b);
        char *l = load_text(record_get(b, "kg"), record_get(b, "capacity_kg"));
        record_set(r, "load", l);
        free(l);
        char *p = xasprintf("%s/%s", record_get(b, "pallets"), record_get(b, "capacity_pallets"));
        record_set(r, "pallet_load", p);
        free(p);
        if (str_eq(record_get(b, "over"), "t"))
            record_set(r, "_mark", "1");
        if (str_eq(record_get(b, "closed"), "t") && str_eq(record_get(b, "status"), "planned"))
            record_set(r, "status", "closed");
        rowset_add(&st->trips, r);
    }
    rowset_clear(&board);
    st->h.upper.sel = 0;
    for (size_t i = 0; keep && i < st->trips.n; i++)
        if (str_eq(record_get(st->trips.rows[i], "id"), keep))
            st->h.upper.sel = (int)i;
    free(keep);
    show_orders(st);
    return ok;
}

static void say_board(struct screen *s)
{
    struct trips_state *st = s->state;
    size_t over = 0, unplaced = 0;
    for (size_t i = 0; i < st->trips.n; i++)
        if (str_eq(record_get(st->trips.rows[i], "over"), "t"))
            over++;
    for (size_t i = 0; i < st->orders.n; i++)
        if (str_empty(record_get(st->orders.rows[i], "trip_id")))
            unplaced++;
    size_t ntrips = st->trips.n - (unplaced ? 1 : 0);
    if (!ntrips && !st->orders.n)
        ui_message("%s", _("No trips and no shipping orders on this day: F7 makes a trip; "
                           "confirmed orders come from the shipping plan."));
    else
        ui_message(_("Trips: %zu, over capacity: %zu. Shipping orders: %zu, not on a trip: %zu."),
                   ntrips, over, st->orders.n, unplaced);
}

static void read_mode(struct screen *s)
{
    struct trips_state *st = s->state;
    struct db_error err = {0};
    free(st->mode);
    st->mode = trip_over_capacity_get(s->app->db, &err);
    db_error_clear(&err);
}

/* arg: "warehouse=CODE&day=YYYY-MM-DD" from the shipping plan, or NULL: the main warehouse,
 * the next shipping day with open orders. */
static bool trips_open(struct screen *s, const char *arg)
{
    struct trips_state *st = s->state;
    if (!wh_day_open(&st->h, s, arg) ||
        !wh_day_grids(&st->h, s->form, "trips", &st->trips, "orders", &st->shown))
        return false;
    if (!st->h.id)
        return true;
    read_mode(s);
    if (load(s))
        say_board(s);
    return true;
}

static void trips_draw(struct screen *s)
{
    struct trips_state *st = s->state;
    wh_day_draw(&st->h);
    char *flag = xasprintf("%s: %s", _("Over capacity"),
                           str_eq(st->mode, "mark") ? _("marked") : _("refused"));
    ui_text(ui_body_top(), ui_cols() - 34, 34, flag, UA_NORMAL);
    free(flag);
}

/* The selected trip (not the "Not on a trip" row), or NULL with a word why. */
static const struct record *current_trip(struct trips_state *st)
{
    const struct record *cur = grid_current(&st->h.upper);
    if (!cur || str_empty(record_get(cur, "id"))) {
        ui_message("%s", _("Choose a trip first (Up, Down)."));
        return NULL;
    }
    return cur;
}

/* The day's trips for the move's look-up, filtered by what is typed. */
static int trip_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    struct trips_state *st = ctx;
    *codes = xcalloc(st->trips.n + 2, sizeof(char *));
    *labels = xcalloc(st->trips.n + 2, sizeof(char *));
    int n = 0;
    for (size_t i = 0; i < st->trips.n; i++) {
        const struct record *t = st->trips.rows[i];
        if (str_empty(record_get(t, "id")))
            continue;
        char *label = xasprintf("%s %s %s %s, %s %s", record_get(t, "number"),
                                record_get(t, "route") ? record_get(t, "route") : "-",
                                record_get(t, "vehicle"), record_get(t, "departure"),
                                record_get(t, "load"), _("kg"));
        if (!str_empty(query) && !strstr(label, query)) {
            free(label);
            continue;
        }
        (*codes)[n] = xstrdup(record_get(t, "id"));
        (*labels)[n++] = label;
    }
    if (str_empty(query) || strstr(_("Off its trip"), query)) {
        (*codes)[n] = xstrdup("");
        (*labels)[n++] = xstrdup(_("Off its trip"));
    }
    return n;
}

/* F6 on a shipping order: to another trip of the day, or off its trip. */
static void move(struct screen *s)
{
    struct trips_state *st = s->state;
    const struct record *cur = grid_current(&st->h.lower);
    if (!st->h.in_lower || !cur) {
        ui_message("%s", _("Enter goes into the trip's orders; F6 there moves one."));
        return;
    }
    char *title = xasprintf(_("Move order %s (%s) to"), record_get(cur, "order_number"),
                            record_get(cur, "client"));
    char *code = NULL, *label = NULL;
    bool chosen = ui_lookup(title, "", trip_fetch, st, &code, &label);
    free(title);
    if (!chosen)
        return;
    char *number = xstrdup(record_get(cur, "order_number")), *trip = NULL;
    for (size_t i = 0; i < st->trips.n && !str_empty(code); i++)
        if (str_eq(record_get(st->trips.rows[i], "id"), code))
            trip = xasprintf("%s (%s)", record_get(st->trips.rows[i], "number"),
                             record_get(st->trips.rows[i], "vehicle"));
    struct db_error err = {0};
    if (!shipping_move(s->app->db, record_get(cur, "id"), str_empty(code) ? NULL : code, &err)) {
        screens_refused(&err);
    } else {
        load(s);
        if (trip)
            ui_message(_("Order %s is on trip %s now."), number, trip);
        else
            ui_message(_("Order %s is on no trip now."), number);
    }
    free(number);
    free(trip);
    free(code);
    free(label);
}

static void open_card(struct screen *s, bool new_trip)
{
    struct trips_state *st = s->state;
    if (new_trip) {
        char *arg = xasprintf("new?warehouse_id=%s&day=%s", st->h.id ? st->h.id : "",
                              st->h.read_day ? st->h.read_day : "");
        app_push(s->app, "trip_card", arg);
        free(arg);
        return;
    }
    const struct record *t = current_trip(st);
    if (t)
        app_push(s->app, "trip_card", record_get(t, "id"));
}

static void close_trip(struct screen *s)
{
    struct trips_state *st = s->state;
    const struct record *t = current_trip(st);
    if (!t)
        return;
    bool closed = str_eq(record_get(t, "closed"), "t");
    char *number = xstrdup(record_get(t, "number"));
    struct db_error err = {0};
    if (!trip_close(s->app->db, record_get(t, "id"), !closed, &err)) {
        screens_refused(&err);
    } else {
        load(s);
        ui_message(closed ? _("Trip %s is open: shipping orders may go on it.")
                          : _("Trip %s is closed: it takes no more shipping orders."),
                   number);
    }
    free(number);
}

static void start_picking(struct screen *s)
{
    struct trips_state *st = s->state;
    const struct record *t = current_trip(st);
    if (!t)
        return;
    char *q = xasprintf(_("Start picking trip %s (orders: %s, load %s kg)? Its orders can no "
                          "longer be changed or moved."),
                        record_get(t, "number"), record_get(t, "orders"), record_get(t, "load"));
    bool ok = ui_confirm(_("Trips"), q);
    free(q);
    if (!ok) {
        ui_message("%s", _("Nothing changed."));
        return;
    }
    char *number = xstrdup(record_get(t, "number"));
    struct db_error err = {0};
    if (!trip_start_picking(s->app->db, record_get(t, "id"), &err)) {
        screens_refused(&err);
    } else {
        load(s);
        ui_message(_("Trip %s is being picked."), number);
    }
    free(number);
}

static void place_again(struct screen *s)
{
    struct trips_state *st = s->state;
    struct db_error err = {0};
    if (!shipping_place_day(s->app->db, st->h.id, st->h.read_day, &err)) {
        screens_refused(&err);
        return;
    }
    load(s);
    say_board(s);
}

static void switch_mode(struct screen *s)
{
    struct trips_state *st = s->state;
    bool mark = !str_eq(st->mode, "mark");
    struct db_error err = {0};
    if (!trip_over_capacity_set(s->app->db, mark ? "mark" : "refuse", &err)) {
        screens_refused(&err);
        return;
    }
    read_mode(s);
    ui_message("%s", mark ? _("Over capacity is allowed now and the trip is marked.")
                          : _("Over capacity is refused now."));
}

static enum ui_result trips_event(struct screen *s, const struct ui_event *ev)
{
    struct trips_state *st = s->state;
    bool moved;
    enum ui_result r = wh_day_move(&st->h, ev, &moved);
    if (moved) {
        st->h.lower.sel = st->h.lower.top = 0;
        show_orders(st);
    }
    if (r != UI_IGNORED)
        return r;
    switch (ev->req) {
    case REQ_OPEN:
        if (wh_day_changed(&st->h)) {
            st->h.in_lower = false;
            if (load(s))
                say_board(s);
            return UI_HANDLED;
        }
        if (!st->h.in_lower && st->shown.n) {
            st->h.in_lower = true;
            ui_message("%s", _("F6 moves the order to another trip; Esc goes back to the trips."));
        }
        return UI_HANDLED;
    case REQ_MOVE:
        move(s);
        return UI_HANDLED;
    case REQ_NEW:
        open_card(s, true);
        return UI_HANDLED;
    case REQ_DETAILS:
        open_card(s, false);
        return UI_HANDLED;
    case REQ_CLOSE:
        close_trip(s);
        return UI_HANDLED;
    case REQ_PICKING:
        start_picking(s);
        return UI_HANDLED;
    case REQ_PLACE:
        place_again(s);
        return UI_HANDLED;
    case REQ_CAPACITY:
        switch_mode(s);
        return UI_HANDLED;
    case REQ_REFRESH:
        formview_commit(&st->h.fv);
        read_mode(s);
        if (load(s))
            say_board(s);
        return UI_HANDLED;
    default:
        break;
    }
    return formview_event(&st->h.fv, ev);
}

/* Back from a trip's card: the board again. */
static void trips_resume(struct screen *s)
{
    load(s);
}

static void trips_done(struct screen *s)
{
    struct trips_state *st = s->state;
    wh_day_free(&st->h);
    rowset_clear(&st->trips);
    rowset_clear(&st->orders);
    rowset_clear(&st->shown);
    free(st->mode);
}

const struct screen_ops trips_screen = {
    .name = "trips",
    .state_size = sizeof(struct trips_state),
    .open = trips_open,
    .draw = trips_draw,
    .event = trips_event,
    .resume = trips_resume,
    .done = trips_done,
    .help = trips_help,
};
