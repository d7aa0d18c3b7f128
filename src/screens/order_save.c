/* order_save.c: the order screen's F2 (order_entry.h): what the screen itself can see is said
 * first and focused (no client, no lines, no point, a bad day), then the database's warnings
 * (credit limit, overdue debt, minimum order, assortment) are asked about, then the
 * idempotent save: after a dropped connection F2 sends the same key again and the order is
 * saved once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_entry.h"
#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/util.h"

/* One warning of order_check, worded here in the user's language from its figures (the
 * database's message is English, for support). */
static void warning_text(struct strbuf *sb, const struct record *r)
{
    const char *code = record_get(r, "code");
    char *figure = entry_money_text(record_get(r, "figure")),
         *bound = entry_money_text(record_get(r, "bound"));
    if (str_eq(code, "credit_limit"))
        strbuf_printf(
            sb, _("Credit limit exceeded: owed and ordered with this order %s, the limit %s."),
            figure, bound);
    else if (str_eq(code, "overdue"))
        strbuf_printf(sb, _("Overdue debt: %s."), figure);
    else if (str_eq(code, "min_order"))
        strbuf_printf(sb, _("Below the minimum order: the order is %s, the minimum %s."), figure,
                      bound);
    else if (str_eq(code, "assortment"))
        strbuf_printf(sb, _("Outside the client's assortment: %s."), record_get(r, "items"));
    else
        strbuf_printf(sb, "%s: %s", code, record_get(r, "message"));
    strbuf_puts(sb, "\n");
    free(figure);
    free(bound);
}

/* A warning the operator has on the screen since the client was taken: the overdue debt, the
 * same figure. It is not asked about again (one key less on every call of such a client);
 * a figure that changed meanwhile is. */
static bool seen(const struct entry_state *st, const struct record *r)
{
    int64_t a, b;
    return str_eq(record_get(r, "code"), "overdue") &&
           decimal_parse(record_get(r, "figure"), 2, &a) == DECIMAL_OK &&
           decimal_parse(entry_ctx(st, "overdue"), 2, &b) == DECIMAL_OK && a == b;
}

/* The order's warnings before the save; true to go on. Asked when one of them is new to the
 * operator, all of them listed. */
static bool checks_pass(struct screen *s, const char *json)
{
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!order_check(s->app->db, json, &rows, &err)) {
        screens_refused(&err);
        return false;
    }
    bool blocked = false, fresh = false;
    struct strbuf sb = {0};
    for (size_t i = 0; i < rows.n; i++) {
        warning_text(&sb, rows.rows[i]);
        blocked |= str_eq(record_get(rows.rows[i], "blocking"), "t");
        fresh |= !seen(s->state, rows.rows[i]);
    }
    rowset_clear(&rows);
    bool go = true;
    if (blocked) {
        strbuf_puts(&sb,
                    _("The agreement allows only the client's assortment: take those lines out."));
        ui_alert(_("Not saved"), sb.buf, NULL);
        go = false;
    } else if (fresh) {
        strbuf_puts(&sb, _("Save anyway?"));
        go = ui_confirm(_("Warnings"), sb.buf);
    }
    strbuf_release(&sb);
    return go;
}

/* What the screen can see is missing, said and focused; NULL when the order can go. */
static const char *missing(struct entry_state *st, const char **field)
{
    const char *ship = record_get(&st->rec, "ship_on");
    *field = "client";
    if (str_empty(st->d.client_id) || !st->cat.n)
        return _("Choose the client first.");
    if (!str_eq(record_get(&st->rec, "client"), st->d.client_label))
        /* Typed over (or pasted into) and not chosen: the order's client is not what shows. */
        return _("The client field does not show the order's client: Enter on it chooses the "
                 "client typed.");
    *field = "product";
    if (!st->d.n)
        return _("The order has no lines yet.");
    *field = "point";
    if (!st->d.point_id && doc_section(&st->ctx, "points")->n)
        return _("Choose the delivery point.");
    *field = "ship_on";
    if (str_empty(ship) || strlen(ship) != 10)
        return _("The shipping day is YYYY-MM-DD.");
    return NULL;
}

/* True when the order may be sent: everything there, the day valid, prices of that day. */
static bool ready(struct screen *s)
{
    struct entry_state *st = s->state;
    const char *field, *why = missing(st, &field);
    if (why) {
        ui_error("%s", why);
        entry_focus(st, field);
        return false;
    }
    const char *ship = record_get(&st->rec, "ship_on");
    if (!entry_ship_day_ok(s, ship)) { /* said at once, before the warnings ask anything */
        entry_focus(st, "ship_on");
        return false;
    }
    /* Prices on the day typed (the catalog follows the shipping day). */
    if (!entry_catalog_for(s, entry_ctx(st, "agreement_id"), ship))
        return false;
    entry_lines_rebuild(st);
    entry_journal(s);
    return true;
}

static void saved(struct screen *s, struct record *out)
{
    struct entry_state *st = s->state;
    char *sum = NULL;
    int64_t a;
    if (decimal_parse(record_get(out, "amount"), 2, &a) == DECIMAL_OK)
        sum = entry_money(a);
    bool edit = st->d.id != NULL;
    entry_reset(s);
    ui_message(edit ? _("Order %s saved: %s lines, %s.") : _("Order %s taken: %s lines, %s."),
               record_get(out, "number"), record_get(out, "lines"), sum ? sum : "");
    free(sum);
}

enum ui_result entry_save(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    entry_catalog_wait(s); /* the order is priced from the whole catalog */
    if (!ready(s))
        return UI_HANDLED;
    char amount[40];
    decimal_to_sql(order_draft_totals(&st->d, &st->cat).amount, 2, amount, sizeof(amount));
    char *json = order_draft_json(&st->d, entry_ctx(st, "agreement_id"), amount, st->visit);
    struct record out = {0};
    struct db_error err = {0};
    enum ui_result r = UI_HANDLED;
    if (!checks_pass(s, json)) {
        /* asked, or refused and said */
    } else if (order_save(s->app->db, json, &out, &err)) {
        /* At a visit: back to the representative's day, where the outlet shows the order. */
        r = st->visit ? UI_CLOSE : UI_HANDLED;
        saved(s, &out);
    } else if (err.kind == DBE_CONNECTION) {
        ui_error("%s", _("The connection is lost: the order is kept here and F2 sends it again "
                         "(it is never saved twice)."));
        db_error_clear(&err);
    } else {
        screens_refused(&err);
    }
    free(json);
    record_clear(&out);
    return r;
}
