/* order_usual.c: the order screen's usual products, a sub-screen with its own keys (F3 opens
 * it: what the client ordered in the last 90 days, how often and how much last time; a
 * quantity and Enter, or Enter alone for last time's, adds a line; Ins adds them all), and the
 * last order copied (F5) (order_entry.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_entry.h"
#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/util.h"

static const struct order_item *row_item(const struct entry_state *st, const struct record *r)
{
    return order_catalog_by_id(&st->cat, strtoll(record_get(r, "product_id"), NULL, 10));
}

/* The client's usual products (90 days before the business day), or its last order's lines;
 * false (said) without a client or when refused. */
static bool client_rows(struct screen *s, bool usual, struct rowset *rows)
{
    struct entry_state *st = s->state;
    if (!entry_need_client(s))
        return false;
    entry_catalog_wait(s); /* their products are looked up in the whole catalog */
    struct db_error err = {0};
    char *today = usual ? business_day(s->app->db, &err) : NULL;
    db_error_clear(&err);
    bool ok = usual ? order_usual(s->app->db, st->d.client_id, today, rows, &err)
                    : order_last(s->app->db, st->d.client_id, rows, &err);
    free(today);
    if (!ok)
        screens_refused(&err);
    return ok;
}

enum ui_result entry_copy_last(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    struct rowset rows = {0};
    if (!client_rows(s, false, &rows))
        return UI_HANDLED;
    if (!rows.n) {
        ui_message("%s", _("The client has no earlier order."));
        return UI_HANDLED;
    }
    const char *number = record_get(rows.rows[0], "number"),
               *on = record_get(rows.rows[0], "taken_on");
    char *q = xasprintf(_("Add the %zu lines of order %s of %s?"), rows.n, number, on);
    bool go = !st->d.n || ui_confirm(_("The last order"), q);
    free(q);
    size_t added = 0, missing = 0;
    for (size_t i = 0; go && i < rows.n; i++) {
        const struct order_item *it = row_item(st, rows.rows[i]);
        int64_t qty;
        bool rounded;
        if (!it || order_qty_parse(it, record_get(rows.rows[i], "qty"), &qty, &rounded)) {
            missing++;
            continue;
        }
        entry_line_put(s, it, qty, rounded, true);
        added++;
    }
    if (go)
        entry_journal(s);
    if (go && missing)
        ui_message(_("%zu lines from order %s; %zu of its products cannot be ordered now."), added,
                   number, missing);
    else if (go)
        ui_message(_("%zu lines from order %s of %s."), added, number, on);
    rowset_clear(&rows);
    return UI_HANDLED;
}

/* A usual product as the list shows it. */
static struct record *usual_row(const struct entry_state *st, const struct record *u,
                                const struct order_item *it)
{
    struct record *r = record_new();
    record_set(r, "product_id", record_get(u, "product_id"));
    record_set(r, "code", it->code);
    record_set(r, "name", it->name);
    record_set(r, "times", record_get(u, "times"));
    int64_t last;
    if (decimal_parse(record_get(u, "last_qty"), QTY_SCALE, &last) == DECIMAL_OK) {
        char *q = entry_qty_text(last, it->scale);
        record_set(r, "last", q);
        free(q);
    }
    if (it->price >= 0) {
        char *p = entry_money(it->price);
        record_set(r, "price", p);
        free(p);
    }
    record_set(r, "mark", order_draft_find(&st->d, it->id) >= 0 ? _("in order") : NULL);
    return r;
}

enum ui_result entry_usual_open(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    struct rowset rows = {0};
    if (!client_rows(s, true, &rows))
        return UI_HANDLED;
    rowset_clear(&st->usual);
    for (size_t i = 0; i < rows.n; i++) {
        const struct order_item *it = row_item(st, rows.rows[i]);
        if (it)
            rowset_add(&st->usual, usual_row(st, rows.rows[i], it));
    }
    rowset_clear(&rows);
    if (!st->usual.n) {
        ui_message("%s", _("No orders of this client in the last 90 days."));
        return UI_HANDLED;
    }
    st->mode = M_USUAL;
    st->ugrid.sel = st->ugrid.top = 0;
    free(st->usual_qty);
    st->usual_qty = NULL;
    ui_message("%s", _("Quantity and Enter (Enter alone: as last time); Ins: all as last time."));
    return UI_HANDLED;
}

void entry_usual_draw(struct screen *s, int top, int rows, int cols)
{
    struct entry_state *st = s->state;
    grid_draw(&st->ugrid, top, 0, rows, cols, true);
}

/* ---- its keys ---- */

static struct record *current(struct entry_state *st)
{
    return st->usual.n ? st->usual.rows[st->ugrid.sel] : NULL;
}

/* The quantity being typed, shown in the current row (NULL: none). */
static void typed_set(struct entry_state *st, char *q)
{
    free(st->usual_qty);
    st->usual_qty = q;
    if (current(st))
        record_set(current(st), "order", q);
}

static bool in_order(const struct record *r)
{
    return str_eq(record_get(r, "mark"), _("in order"));
}

/* Adds usual row i with the typed quantity or its last one; false when refused. */
static bool usual_add(struct screen *s, size_t i, const char *typed)
{
    struct entry_state *st = s->state;
    struct record *r = st->usual.rows[i];
    const struct order_item *it = row_item(st, r);
    if (!it || in_order(r))
        return false;
    int64_t qty;
    bool rounded;
    const char *bad =
        order_qty_parse(it, str_empty(typed) ? record_get(r, "last") : typed, &qty, &rounded);
    if (bad) {
        ui_error("%s: %s", it->code, bad);
        return false;
    }
    entry_line_put(s, it, qty, rounded, true);
    char *q = entry_qty_text(qty, it->scale);
    record_set(r, "order", q);
    free(q);
    record_set(r, "mark", _("in order"));
    return true;
}

static enum ui_result usual_char(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    bool digit = (ev->ch >= '0' && ev->ch <= '9') || ev->ch == '.' || ev->ch == ',';
    if (current(st) && digit && (!st->usual_qty || strlen(st->usual_qty) < 12))
        typed_set(st, xasprintf("%s%c", st->usual_qty ? st->usual_qty : "", (char)ev->ch));
    return UI_HANDLED;
}

static enum ui_result usual_backspace(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    if (current(st) && st->usual_qty && *st->usual_qty) {
        st->usual_qty[strlen(st->usual_qty) - 1] = '\0';
        typed_set(st, xstrdup(st->usual_qty));
    }
    return UI_HANDLED;
}

/* Enter: the current row added; refused, the row stays (the next quantity typed is for this
 * product, not the next). */
static enum ui_result usual_enter(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    struct record *cur = current(st);
    bool added = cur && usual_add(s, (size_t)st->ugrid.sel, st->usual_qty);
    bool refused = cur && !added && !in_order(cur);
    if (added) {
        entry_journal(s);
        ui_message_clear();
    }
    free(st->usual_qty);
    st->usual_qty = NULL;
    if (refused)
        typed_set(st, NULL);
    else if (st->ugrid.sel + 1 < (int)st->usual.n)
        st->ugrid.sel++;
    return UI_HANDLED;
}

static enum ui_result usual_close(struct entry_state *st)
{
    st->mode = M_ENTRY;
    entry_focus(st, "product");
    return UI_HANDLED;
}

static enum ui_result usual_all(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    size_t n = 0;
    for (size_t i = 0; i < st->usual.n; i++)
        n += usual_add(s, i, NULL);
    entry_journal(s);
    ui_message(_("%zu usual products added with their last quantities."), n);
    return usual_close(st);
}

static enum ui_result usual_back(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    ui_message_clear();
    return usual_close(s->state);
}

/* Moving drops what was typed in the row left. */
static enum ui_result usual_move(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    if (st->usual_qty)
        typed_set(st, NULL);
    return grid_event(&st->ugrid, ev);
}

static const struct {
    enum request req;
    entry_handler fn;
} usual_keys[] = {
    {REQ_CHAR, usual_char},  {REQ_BACKSPACE, usual_backspace}, {REQ_OPEN, usual_enter},
    {REQ_INSERT, usual_all}, {REQ_BACK, usual_back},           {REQ_USUAL, usual_back},
    {REQ_UP, usual_move},    {REQ_DOWN, usual_move},           {REQ_PGUP, usual_move},
    {REQ_PGDN, usual_move},  {REQ_HOME, usual_move},           {REQ_END, usual_move},
};

enum ui_result entry_usual_event(struct screen *s, const struct ui_event *ev)
{
    for (size_t i = 0; i < ARRAY_SIZE(usual_keys); i++)
        if (usual_keys[i].req == ev->req)
            return usual_keys[i].fn(s, ev);
    return UI_HANDLED; /* the rest of the screen's keys wait until the list is closed */
}
