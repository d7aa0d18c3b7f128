/* order_client.c: the order screen's client, delivery point and shipping day (order_entry.h).
 * Choosing a client reads its context (agreement, terms, debt, points) and its priced catalog
 * once; everything typed afterwards is looked up in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_entry.h"
#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"

static bool catalog_is(const struct order_catalog *c, const char *agreement, const char *on,
                       const char *client, const char *point)
{
    return str_eq(c->agreement_id, agreement) && str_eq(c->ship_on, on) &&
           str_eq(c->client_id, client) && str_eq(c->point_id, point);
}

/* Reads the catalog of a client for the agreement, day and delivery point (its warehouse's free
 * stock) unless it is the one in memory. */
static bool catalog_load(struct screen *s, const char *agreement, const char *on,
                         const char *client, const char *point)
{
    struct entry_state *st = s->state;
    entry_catalog_wait(s);
    if (catalog_is(&st->cat, agreement, on, client, point) && st->cat.n)
        return true;
    /* Loaded beside the one in use: a refusal leaves the lines, their prices and the totals
     * as they were. */
    struct db_error err = {0};
    struct order_catalog next = {0};
    if (!order_catalog_load(s->app->db, agreement, on, client, point, &next, &err)) {
        screens_refused(&err);
        return false;
    }
    int64_t picked = st->picked ? st->picked->id : 0;
    order_catalog_free(&st->cat);
    st->cat = next;
    if (st->picked) /* the product the quantity is for, as the new catalog has it */
        st->picked = order_catalog_by_id(&st->cat, picked);
    return true;
}

bool entry_catalog_for(struct screen *s, const char *agreement, const char *on)
{
    struct entry_state *st = s->state;
    return catalog_load(s, agreement, on, st->d.client_id, st->d.point_id);
}

/* The warehouse an order to point (NULL: none) ships from, as the client's context says. */
static const char *point_warehouse(struct entry_state *st, const char *point)
{
    struct rowset *pts = doc_section(&st->ctx, "points");
    for (size_t i = 0; point && i < pts->n; i++)
        if (str_eq(record_get(pts->rows[i], "id"), point))
            return record_get(pts->rows[i], "warehouse_id");
    return entry_ctx(st, "warehouse_id");
}

void entry_catalog_repoint(struct screen *s)
{
    struct entry_state *st = s->state;
    entry_catalog_wait(s);
    if (!st->cat.agreement_id || str_eq(st->cat.point_id, st->d.point_id))
        return;
    if (str_eq(point_warehouse(st, st->cat.point_id), point_warehouse(st, st->d.point_id))) {
        free(st->cat.point_id); /* the same warehouse: the same free stock, nothing to read */
        st->cat.point_id = xstrdup(st->d.point_id);
        return;
    }
    char *agreement = xstrdup(st->cat.agreement_id), *on = xstrdup(st->cat.ship_on);
    if (catalog_load(s, agreement, on, st->d.client_id, st->d.point_id))
        entry_lines_rebuild(st);
    free(agreement);
    free(on);
}

/* Starts a client's catalog coming on the screen's own connection; the screen is usable at
 * once (without a connection of its own, it is read now). */
static bool catalog_begin(struct screen *s, const char *agreement, const char *on,
                          const char *client, const char *point)
{
    struct entry_state *st = s->state;
    entry_catalog_stop(s); /* another client's, still coming */
    if (catalog_is(&st->cat, agreement, on, client, point) && st->cat.n)
        return true;
    struct db_error err = {0};
    if (!st->cdb)
        st->cdb = db_clone(s->app->db, NULL, &err);
    db_error_clear(&err);
    if (!st->cdb)
        return catalog_load(s, agreement, on, client, point);
    if (!order_catalog_start(st->cdb, agreement, on, client, point, &st->next, &err)) {
        screens_refused(&err);
        return false;
    }
    order_catalog_free(&st->cat);
    st->loading = true;
    return true;
}

const struct order_item *entry_item(const struct entry_state *st, int64_t id)
{
    const struct order_item *it = order_catalog_by_id(&st->cat, id);
    return it || !st->loading ? it : order_catalog_by_id(&st->extra, id);
}

const struct order_catalog *entry_search_catalog(struct screen *s, const char *text)
{
    struct entry_state *st = s->state;
    if (!st->loading)
        return &st->cat;
    struct db_error err = {0};
    if (!order_catalog_find(s->app->db, st->next.agreement_id, st->next.ship_on, st->next.client_id,
                            st->next.point_id, text, FOUND_MAX, &st->found_cat, &err))
        screens_refused(&err);
    return &st->found_cat;
}

void entry_catalog_stop(struct screen *s)
{
    struct entry_state *st = s->state;
    if (st->loading)
        order_catalog_stop(st->cdb);
    st->loading = false;
    order_catalog_free(&st->next);
    order_catalog_free(&st->found_cat);
    order_catalog_free(&st->extra);
}

/* The catalog came (r 0) or failed (r -1): it takes the place of the look-ups' stand-ins. */
static void catalog_arrived(struct screen *s, int r, struct db_error *err)
{
    struct entry_state *st = s->state;
    st->loading = false;
    if (r < 0) {
        screens_refused(err);
        order_catalog_free(&st->next);
    } else {
        order_catalog_free(&st->cat);
        st->cat = st->next;
        st->next = (struct order_catalog){0};
    }
    if (st->picked) /* the product the quantity is for, as the catalog has it */
        st->picked = order_catalog_by_id(&st->cat, st->picked->id);
    if (st->found_total && !st->picked) { /* the list made again from the catalog */
        entry_found_clear(st);
        entry_product_search(s);
    }
    order_catalog_free(&st->found_cat);
    order_catalog_free(&st->extra);
    entry_lines_rebuild(st);
}

bool entry_catalog_slice(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!st->loading)
        return false;
    struct db_error err = {0};
    int r = order_catalog_more(st->cdb, &st->next, 20000, false, &err);
    if (r != 1)
        catalog_arrived(s, r, &err);
    return r == 1;
}

void entry_catalog_wait(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!st->loading)
        return;
    struct db_error err = {0};
    catalog_arrived(s, order_catalog_more(st->cdb, &st->next, 0, true, &err), &err);
}

/* A shipping day as typed: a day of the calendar, not before the business day; said at once,
 * in words, when not (the catalog and the totals stay as they are). */
bool entry_ship_day_ok(struct screen *s, const char *ship)
{
    int y, m, d;
    if (!text_date_parse(ship, &y, &m, &d)) {
        ui_error(_("There is no such day: %s."), ship);
        return false;
    }
    struct db_error err = {0};
    char *today = business_day(s->app->db, &err);
    db_error_clear(&err);
    bool past = today && strcmp(ship, today) < 0;
    if (past)
        ui_error(_("The shipping day %s has passed: orders ship from %s on."), ship, today);
    free(today);
    return !past;
}

/* The client's context from the business day; false (said) without an agreement in force. */
static bool context_read(struct screen *s, const char *id, const char *label)
{
    struct entry_state *st = s->state;
    struct db_error err = {0};
    char *today = business_day(s->app->db, &err);
    db_error_clear(&err);
    bool ok = order_context(s->app->db, id, today, &st->ctx, &err);
    free(today);
    if (!ok) {
        screens_refused(&err);
        return false;
    }
    if (str_empty(entry_ctx(st, "agreement_id"))) {
        ui_error(_("%s has no agreement in force: an order needs one."), label);
        doc_clear(&st->ctx);
        return false;
    }
    return true;
}

/* Takes client `id` (label: how it shows): its context, then its catalog (the client's: its
 * matrix). A restored draft keeps its own point and day. */
bool entry_client_take(struct screen *s, const char *id, const char *label, bool restoring)
{
    struct entry_state *st = s->state;
    if (!context_read(s, id, label))
        return false;
    char *ship =
        xstrdup(restoring && !str_empty(st->d.ship_on) ? st->d.ship_on : entry_ctx(st, "ship_on"));
    /* The point is pre-filled when the client has only one (its warehouse's stock is the
     * catalog's); a restored draft's is its own. */
    struct rowset *pts = doc_section(&st->ctx, "points");
    const char *point = restoring     ? st->d.point_id
                        : pts->n == 1 ? record_get(pts->rows[0], "id")
                                      : NULL;
    bool ok = catalog_begin(s, entry_ctx(st, "agreement_id"), ship, id, point);
    if (ok) {
        order_draft_set_client(&st->d, id, label);
        if (!restoring)
            order_draft_set_point(&st->d, point,
                                  pts->n == 1 ? record_get(pts->rows[0], "name") : NULL);
        entry_field_set(st, "client", st->d.client_label);
        entry_field_set(st, "point", st->d.point_label);
        entry_field_set(st, "ship_on", ship);
        entry_lines_rebuild(st);
    }
    free(ship);
    return ok;
}

static int client_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    struct screen *s = ctx;
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!order_client_search(s->app->db, query, 50, &rows, &err)) {
        db_error_clear(&err);
        return 0;
    }
    *codes = xcalloc(rows.n + 1, sizeof(char *));
    *labels = xcalloc(rows.n + 1, sizeof(char *));
    for (size_t i = 0; i < rows.n; i++) {
        const struct record *r = rows.rows[i];
        (*codes)[i] = xstrdup(record_get(r, "id"));
        (*labels)[i] = xasprintf("%s %s  %s", record_get(r, "code"), record_get(r, "name"),
                                 record_get(r, "inn") ? record_get(r, "inn") : "");
    }
    int n = (int)rows.n;
    rowset_clear(&rows);
    return n;
}

/* The client typed: an exact code (or the only match) at once, otherwise the type-ahead list
 * opened with what was typed. False on Esc. */
static bool client_find(struct screen *s, const char *typed, char **id, char **label)
{
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!str_empty(typed) && order_client_search(s->app->db, typed, 2, &rows, &err) &&
        (rows.n == 1 || (rows.n && str_eq(record_get(rows.rows[0], "code"), typed)))) {
        *id = xstrdup(record_get(rows.rows[0], "id"));
        *label =
            xasprintf("%s %s", record_get(rows.rows[0], "code"), record_get(rows.rows[0], "name"));
        rowset_clear(&rows);
        return true;
    }
    db_error_clear(&err);
    rowset_clear(&rows);
    if (!ui_lookup(_("Client"), typed ? typed : "", client_fetch, s, id, label))
        return false;
    char *two = strstr(*label, "  "); /* "code name  INN" → "code name" */
    if (two)
        *two = '\0';
    return true;
}

/* Where the operator goes once the client is known: the point when it must be chosen. */
static void after_client(struct entry_state *st)
{
    entry_focus(st, st->d.point_id || !doc_section(&st->ctx, "points")->n ? "product" : "point");
}

/* Enter on the client field. */
enum ui_result entry_client_choose(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    const char *typed = record_get(&st->rec, "client");
    if (!str_empty(st->d.client_id) && str_eq(typed, st->d.client_label)) {
        after_client(st);
        return UI_HANDLED;
    }
    if (st->d.n &&
        !ui_confirm(_("Client"), _("Another client for these lines? Their prices are read anew.")))
        return UI_HANDLED;
    char *id = NULL, *label = NULL;
    if (client_find(s, typed, &id, &label) && entry_client_take(s, id, label, false)) {
        entry_journal(s);
        int64_t od;
        if (decimal_parse(entry_ctx(st, "overdue"), 2, &od) == DECIMAL_OK && od > 0) {
            char *m = entry_money(od);
            ui_message(_("Overdue debt: %s."), m);
            free(m);
        }
        after_client(st);
    }
    free(id);
    free(label);
    return UI_HANDLED;
}

static int point_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    struct entry_state *st = ctx;
    struct rowset *pts = doc_section(&st->ctx, "points");
    *codes = xcalloc(pts->n + 1, sizeof(char *));
    *labels = xcalloc(pts->n + 1, sizeof(char *));
    int n = 0;
    for (size_t i = 0; i < pts->n && n < 200; i++) {
        const struct record *r = pts->rows[i];
        char *label = xasprintf("%s, %s", record_get(r, "name"), record_get(r, "address"));
        if (text_words_match(label, query)) {
            (*codes)[n] = xstrdup(record_get(r, "id"));
            (*labels)[n++] = label;
        } else {
            free(label);
        }
    }
    return n;
}

/* Enter, F4 or a letter on the point field: the client's points, the letter typed first. */
enum ui_result entry_point_choose(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    if (str_empty(st->d.client_id)) {
        ui_message("%s", _("Choose the client first."));
        entry_focus(st, "client");
        return UI_HANDLED;
    }
    if (!doc_section(&st->ctx, "points")->n) {
        ui_message("%s", _("The client has no delivery points."));
        return UI_HANDLED;
    }
    char initial[5] = {0};
    if (ev->req == REQ_CHAR)
        text_encode(ev->ch, initial);
    char *id = NULL, *label = NULL;
    if (!ui_lookup(_("Delivery point"), initial, point_fetch, st, &id, &label))
        return UI_HANDLED;
    char *comma = strstr(label, ", ");
    if (comma)
        *comma = '\0';
    order_draft_set_point(&st->d, id, label);
    entry_field_set(st, "point", label);
    free(id);
    free(label);
    entry_catalog_repoint(s);
    entry_journal(s);
    entry_focus(st, "product");
    return UI_HANDLED;
}

enum ui_result entry_point_clear(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    order_draft_set_point(&st->d, NULL, NULL);
    entry_field_set(st, "point", NULL);
    entry_catalog_repoint(s);
    entry_journal(s);
    return UI_HANDLED;
}

void entry_day_changed(struct screen *s, const char *old_ship, const char *old_comment)
{
    struct entry_state *st = s->state;
    const char *ship = record_get(&st->rec, "ship_on");
    if (str_eq(old_ship, ship) && str_eq(old_comment, record_get(&st->rec, "comment")))
        return;
    const char *agreement = entry_ctx(st, "agreement_id");
    if (ship && strlen(ship) == 10 && !str_empty(agreement) && !str_eq(ship, st->cat.ship_on) &&
        entry_ship_day_ok(s, ship) && entry_catalog_for(s, agreement, ship)) {
        entry_lines_rebuild(st);
        ui_message(_("Prices as of %s."), ship);
    }
    st->unjournaled = true;
}
