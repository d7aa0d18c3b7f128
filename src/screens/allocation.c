/* allocation.c: the planner's shipping plan (forms/allocation.form). A warehouse and a shipping
 * day; the run's preview (polka.allocation_run, nothing written) read once and shown two ways:
 * the products with demand, availability, what orders hold now, what they would get and the
 * deficit, deficits first; below, the selected product's lines in service order with the
 * reason a line gets less than it asked, in words. F8 switches fair share, F2 commits the run
 * (the same code: what the preview showed is what is written) after a question. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct allocation_state {
    struct wh_day h;        /* warehouse, day */
    struct rowset lines;    /* the preview, one row per order line */
    struct rowset products; /* the preview by product */
    struct rowset shown;    /* the selected product's lines */
    char *shown_for;
    bool fair;
};

static const enum request allocation_help[] = {REQ_HELP,    REQ_OPEN, REQ_RUN,  REQ_FAIR, REQ_TRIPS,
                                               REQ_REFRESH, REQ_BACK, REQ_MENU, REQ_NONE};

/* "36.000" -> "36", "2.500" -> "2.5": quantities as the order screen shows them (val itself
 * when it is not a number). */
static const char *qty_text(const char *val, char *buf, size_t n)
{
    int64_t v;
    if (!val || decimal_parse(val, 3, &v) != DECIMAL_OK)
        return val;
    decimal_format(v, 3, "\u00a0", ".", buf, n);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = dot + strlen(dot) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *dot = '\0';
    }
    return buf;
}

static void qty_set(struct record *r, const char *key, const char *val)
{
    char buf[40];
    record_set(r, key, qty_text(val, buf, sizeof(buf)));
}

/* Why a line gets less than it asked, in words (NULL: it gets all). */
static char *why(const struct record *r)
{
    const char *reason = record_get(r, "short_reason");
    char a[40], d[40];
    const char *avail = qty_text(record_get(r, "available"), a, sizeof(a));
    const char *demand = qty_text(record_get(r, "demand"), d, sizeof(d));
    /* Short enough for the column: the product's supply of its demand, then why. */
    if (str_eq(reason, "no_stock"))
        return xstrdup(_("nothing free"));
    if (str_eq(reason, "shelf_life"))
        return xstrdup(_("the rest too old for it"));
    if (str_eq(reason, "manual"))
        return xstrdup(_("fixed by the planner"));
    if (str_eq(reason, "fair_share"))
        return xasprintf(_("%s of %s: fair share %s %%"), avail, demand,
                         record_get(r, "share_percent"));
    if (str_eq(reason, "scarce"))
        return xasprintf(_("%s of %s: others first"), avail, demand);
    return NULL;
}

/* A product's sums over its preview lines. */
struct product_sum {
    int64_t demand, held, after, avail;
    size_t first; /* its first line */
};

/* Deficit first, largest first; then the preview's order (by code). */
static int by_deficit(const void *a, const void *b)
{
    const struct product_sum *x = a, *y = b;
    int64_t dx = x->demand - x->after, dy = y->demand - y->after;
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return (x->first > y->first) - (x->first < y->first);
}

static void add_qty(struct record *r, const char *key, int64_t v)
{
    char buf[40];
    qty_set(r, key, decimal_to_sql(v, 3, buf, sizeof(buf)));
}

/* The products of the preview: sums per product, deficits first. */
static void by_product(struct allocation_state *st)
{
    rowset_clear(&st->products);
    struct product_sum *acc = xcalloc(st->lines.n + 1, sizeof(*acc));
    size_t n = 0;
    for (size_t i = 0; i < st->lines.n; i++) {
        const struct record *l = st->lines.rows[i];
        if (!n || !str_eq(record_get(l, "product_id"),
                          record_get(st->lines.rows[acc[n - 1].first], "product_id")))
            acc[n++].first = i;
        struct product_sum *a = &acc[n - 1];
        int64_t v;
        if (decimal_parse(record_get(l, "ordered"), 3, &v) == DECIMAL_OK)
            a->demand += v;
        if (decimal_parse(record_get(l, "held"), 3, &v) == DECIMAL_OK)
            a->held += v;
        if (decimal_parse(record_get(l, "confirmed"), 3, &v) == DECIMAL_OK)
            a->after += v;
        if (decimal_parse(record_get(l, "available"), 3, &v) == DECIMAL_OK && v > a->avail)
            a->avail = v;
    }
    qsort(acc, n, sizeof(*acc), by_deficit);
    for (size_t i = 0; i < n; i++) {
        const struct record *l = st->lines.rows[acc[i].first];
        struct record *r = record_new();
        record_set(r, "product_id", record_get(l, "product_id"));
        record_set(r, "code", record_get(l, "product_code"));
        record_set(r, "name", record_get(l, "product_name"));
        add_qty(r, "demand", acc[i].demand);
        add_qty(r, "available", acc[i].avail);
        add_qty(r, "held", acc[i].held);
        add_qty(r, "after", acc[i].after);
        if (acc[i].demand > acc[i].after) {
            add_qty(r, "deficit", acc[i].demand - acc[i].after);
            record_set(r, "_mark", "1");
        }
        rowset_add(&st->products, r);
    }
    free(acc);
}

/* The selected product's lines below, when the selection moved. */
static void show_lines(struct allocation_state *st)
{
    const struct record *cur = grid_current(&st->h.upper);
    const char *pid = cur ? record_get(cur, "product_id") : NULL;
    if (str_eq(pid, st->shown_for) && st->shown.n)
        return;
    free(st->shown_for);
    st->shown_for = xstrdup(pid);
    rowset_clear(&st->shown);
    st->h.lower.sel = st->h.lower.top = 0;
    for (size_t i = 0; pid && i < st->lines.n; i++) {
        const struct record *l = st->lines.rows[i];
        if (!str_eq(record_get(l, "product_id"), pid))
            continue;
        struct record *r = record_new();
        record_set(r, "order_id", record_get(l, "order_id"));
        record_set(r, "product_id", pid);
        record_set(r, "product_code", record_get(l, "product_code"));
        record_set(r, "number", record_get(l, "number"));
        record_set(r, "client", record_get(l, "client"));
        record_set(r, "priority", record_get(l, "priority"));
        qty_set(r, "ordered", record_get(l, "ordered"));
        qty_set(r, "held", record_get(l, "held"));
        qty_set(r, "confirmed", record_get(l, "confirmed"));
        char *w = why(l);
        record_set(r, "why", w);
        free(w);
        rowset_add(&st->shown, r);
    }
}

/* Reads the preview (or commits the run) for the warehouse and day in the fields. */
static bool load(struct screen *s, bool commit)
{
    struct allocation_state *st = s->state;
    struct db_error err = {0};
    rowset_clear(&st->lines);
    rowset_clear(&st->products);
    rowset_clear(&st->shown);
    xfree(&st->shown_for);
    st->h.upper.sel = st->h.upper.top = 0;
    if (!wh_day_take(&st->h))
        return false;
    bool ok =
        allocation_run(s->app->db, st->h.id, st->h.read_day, st->fair, commit, &st->lines, &err);
    if (!ok)
        screens_refused(&err);
    by_product(st);
    show_lines(st);
    return ok;
}

static void say_preview(struct allocation_state *st)
{
    size_t shortp = 0;
    for (size_t i = 0; i < st->products.n; i++)
        if (record_get(st->products.rows[i], "deficit"))
            shortp++;
    if (!st->lines.n)
        ui_message("%s", _("No open orders for this warehouse and day."));
    else
        ui_message(_("Preview, nothing saved: %zu products, %zu short. F2 runs it."),
                   st->products.n, shortp);
}

static bool allocation_open(struct screen *s, const char *arg)
{
    struct allocation_state *st = s->state;
    if (!wh_day_open(&st->h, s, arg) ||
        !wh_day_grids(&st->h, s->form, "products", &st->products, "lines", &st->shown))
        return false;
    if (st->h.id && load(s, false))
        say_preview(st);
    return true;
}

static void allocation_draw(struct screen *s)
{
    struct allocation_state *st = s->state;
    wh_day_draw(&st->h);
    char *flag = xasprintf("%s: %s", _("Fair share"), st->fair ? _("on") : _("off"));
    ui_text(ui_body_top(), ui_cols() - 24, 24, flag, st->fair ? UA_BOLD : UA_NORMAL);
    free(flag);
}

/* F2: the run committed for the warehouse and day, after saying what it will do. */
static void run(struct screen *s)
{
    struct allocation_state *st = s->state;
    formview_commit(&st->h.fv);
    if (!st->lines.n) {
        ui_message("%s", _("No open orders for this warehouse and day."));
        return;
    }
    size_t shortl = 0;
    for (size_t i = 0; i < st->lines.n; i++)
        if (record_get(st->lines.rows[i], "short_reason"))
            shortl++;
    char *q = xasprintf(_("Confirm the orders of warehouse %s shipping on %s as previewed: %zu "
                          "lines, %zu of them short (fair share %s)?"),
                        record_get(&st->h.rec, "warehouse"), record_get(&st->h.rec, "day"),
                        st->lines.n, shortl, st->fair ? _("on") : _("off"));
    bool ok = ui_confirm(_("Shipping plan"), q);
    free(q);
    if (!ok) {
        ui_message("%s", _("Nothing confirmed."));
        return;
    }
    if (load(s, true))
        ui_message(_("Allocated: %zu lines confirmed, %zu short; the reservations are made."),
                   st->lines.n - shortl, shortl);
}

/* Selects the product and line again after the preview was read anew. */
static void reselect(struct allocation_state *st, const char *product_id, const char *number)
{
    for (size_t i = 0; i < st->products.n; i++)
        if (str_eq(record_get(st->products.rows[i], "product_id"), product_id))
            st->h.upper.sel = (int)i;
    show_lines(st);
    for (size_t i = 0; i < st->shown.n; i++)
        if (str_eq(record_get(st->shown.rows[i], "number"), number))
            st->h.lower.sel = (int)i;
}

/* Enter on an order line: the planner types what it gets (whole packs, 0 to what was ordered)
 * and it is locked; empty unlocks it. The preview is read again. */
static void fix_line(struct screen *s)
{
    struct allocation_state *st = s->state;
    const struct record *cur = grid_current(&st->h.lower);
    if (!cur)
        return;
    char *label = xasprintf(_("What order %s of %s gets of %s (ordered %s; whole packs; empty: "
                              "the runs decide again):"),
                            record_get(cur, "number"), record_get(cur, "client"),
                            record_get(cur, "product_code"), record_get(cur, "ordered"));
    char *text = ui_prompt(_("Fix a line"), label, record_get(cur, "confirmed"), 20);
    free(label);
    if (!text)
        return;
    char *product = xstrdup(record_get(cur, "product_id")),
         *number = xstrdup(record_get(cur, "number"));
    int64_t v;
    char buf[40];
    enum decimal_status ds = decimal_parse(text, 3, &v);
    struct db_error err = {0};
    if (ds != DECIMAL_OK && ds != DECIMAL_EMPTY) {
        ui_error(_("Quantity: %s"), decimal_strerror(ds));
    } else if (!allocation_fix(s->app->db, record_get(cur, "order_id"), product,
                               ds == DECIMAL_EMPTY ? NULL : decimal_to_sql(v, 3, buf, sizeof(buf)),
                               &err)) {
        screens_refused(&err);
    } else {
        load(s, false);
        reselect(st, product, number);
        if (ds == DECIMAL_EMPTY)
            ui_message(_("Order %s: the line is the runs' again."), number);
        else
            ui_message(_("Order %s: fixed at %s and locked; runs leave it as it is."), number,
                       qty_text(buf, buf, sizeof(buf)));
    }
    free(text);
    free(product);
    free(number);
}

static enum ui_result allocation_event(struct screen *s, const struct ui_event *ev)
{
    struct allocation_state *st = s->state;
    bool moved;
    enum ui_result r = wh_day_move(&st->h, ev, &moved);
    if (moved)
        show_lines(st);
    if (r != UI_IGNORED)
        return r;
    switch (ev->req) {
    case REQ_OPEN:
        if (st->h.in_lower) {
            fix_line(s);
            return UI_HANDLED;
        }
        if (wh_day_changed(&st->h))
            break; /* a warehouse or day typed: read for it (below) */
        if (st->shown.n) {
            st->h.in_lower = true;
            ui_message("%s", _("Enter fixes what the order gets; Esc goes back to the products."));
        }
        return UI_HANDLED;
    case REQ_RUN:
        st->h.in_lower = false;
        run(s);
        return UI_HANDLED;
    case REQ_FAIR:
        st->h.in_lower = false;
        st->fair = !st->fair;
        if (load(s, false))
            say_preview(st);
        return UI_HANDLED;
    case REQ_TRIPS: {
        formview_commit(&st->h.fv);
        char *arg = xasprintf("warehouse=%s&day=%s", record_get(&st->h.rec, "warehouse"),
                              record_get(&st->h.rec, "day"));
        app_push(s->app, "trips", arg);
        free(arg);
        return UI_HANDLED;
    }
    case REQ_REFRESH:
        st->h.in_lower = false;
        formview_commit(&st->h.fv);
        if (load(s, false))
            say_preview(st);
        return UI_HANDLED;
    default:
        break;
    }
    r = formview_event(&st->h.fv, ev);
    const char *wh = record_get(&st->h.rec, "warehouse"), *day = record_get(&st->h.rec, "day");
    if (ev->req == REQ_OPEN || ev->req == REQ_NEXT || ev->req == REQ_PREV) {
        formview_commit(&st->h.fv);
        wh = record_get(&st->h.rec, "warehouse");
        day = record_get(&st->h.rec, "day");
        if ((!str_eq(wh, st->h.read_wh) || !str_eq(day, st->h.read_day)) && day &&
            strlen(day) == 10 && load(s, false))
            say_preview(st);
    }
    return r;
}

static void allocation_done(struct screen *s)
{
    struct allocation_state *st = s->state;
    wh_day_free(&st->h);
    rowset_clear(&st->lines);
    rowset_clear(&st->products);
    rowset_clear(&st->shown);
    free(st->shown_for);
}

const struct screen_ops allocation_screen = {
    .name = "allocation",
    .state_size = sizeof(struct allocation_state),
    .open = allocation_open,
    .draw = allocation_draw,
    .event = allocation_event,
    .done = allocation_done,
    .help = allocation_help,
};
