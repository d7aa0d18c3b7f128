/* order_entry.c: the phone operator's order entry (forms/order_entry.form).
 *
 * Keys are the budget: a client code and Enter, then per line the product code, the quantity
 * and Enter. A code that only one product has moves to the quantity by itself; words of a
 * name list the matches (Up/Down, Enter). Everything typed is looked up in memory: the
 * client's priced catalog is read once when the client is chosen. Every change of a line is
 * journaled on this machine (order_draft.h), so a crash or a killed terminal loses nothing;
 * the save is idempotent (the same key re-sent after a dropped connection saves once). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/order_draft.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

#define FOUND_MAX 200

enum mode { M_ENTRY, M_LINES, M_USUAL };

struct entry_state {
    struct order_draft d;
    struct order_catalog cat;
    struct doc ctx;    /* order_context: agreement, terms, debt, points */
    struct record rec; /* the form's fields */
    struct formview fv;
    struct rowset lines, found, usual;
    struct grid_view lgrid, fgrid, ugrid;
    enum mode mode;
    size_t found_idx[FOUND_MAX];
    size_t nfound, found_total;
    char *found_for;                 /* the product text the list was made for */
    const struct order_item *picked; /* the product the quantity is for */
    char *journal;                   /* the journal's path */
    char *status;                    /* an existing order's status; NULL for a new one */
    char *usual_qty;                 /* what is typed in the usual list's current row */
    bool readonly;
};

static const enum request entry_help[] = {REQ_HELP, REQ_SAVE, REQ_USUAL, REQ_COPY_LAST,
                                          REQ_NEW,  REQ_BACK, REQ_NONE};
static const enum request lines_help[] = {REQ_HELP, REQ_OPEN, REQ_DELETE,
                                          REQ_SAVE, REQ_BACK, REQ_NONE};
static const enum request usual_help[] = {REQ_HELP, REQ_OPEN, REQ_INSERT, REQ_BACK, REQ_NONE};
static const enum request read_help[] = {REQ_HELP, REQ_NEW, REQ_BACK, REQ_NONE};

static const enum request *entry_help_now(struct screen *s)
{
    struct entry_state *st = s->state;
    if (st->readonly)
        return read_help;
    return st->mode == M_LINES ? lines_help : st->mode == M_USUAL ? usual_help : entry_help;
}

/* ---- small helpers ---- */

static char *money(int64_t v)
{
    char buf[40];
    return xstrdup(decimal_format(v, 2, "\u00a0", ".", buf, sizeof(buf)));
}

/* A quantity in the unit's own decimals ("12", "1.5" kg). */
static char *qty_text(int64_t q, int scale)
{
    char buf[40];
    return xstrdup(
        decimal_format(decimal_rescale(q, QTY_SCALE, scale), scale, "", ".", buf, sizeof(buf)));
}

/* A money figure from the database ("3000000.00") as the screen shows it. */
static char *money_text(const char *db)
{
    int64_t v;
    return db && decimal_parse(db, 2, &v) == DECIMAL_OK ? money(v) : xstrdup(db ? db : "");
}

static void focus_field(struct entry_state *st, const char *name)
{
    formview_commit(&st->fv);
    int k = 0;
    for (size_t i = 0; i < st->fv.def->nfields; i++) {
        const struct form_field *f = &st->fv.def->fields[i];
        if (f->hidden || f->readonly)
            continue;
        if (strcmp(f->name, name) == 0) {
            st->fv.focus = k;
            return;
        }
        k++;
    }
}

static bool focus_is(const struct entry_state *st, const char *name)
{
    return str_eq(formview_focus_name(&st->fv), name);
}

static void field_set(struct entry_state *st, const char *name, const char *v)
{
    formview_commit(&st->fv); /* what is being typed elsewhere stays */
    record_set(&st->rec, name, v);
    formview_reload(&st->fv);
}

static void journal(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!st->journal || st->readonly)
        return;
    free(st->d.comment);
    st->d.comment = xstrdup(record_get(&st->rec, "comment"));
    free(st->d.ship_on);
    st->d.ship_on = xstrdup(record_get(&st->rec, "ship_on"));
    if (order_draft_empty(&st->d)) {
        order_journal_remove(st->journal);
        return;
    }
    if (!order_journal_write(st->journal, &st->d))
        ui_error(_("The draft could not be written to %s: %s"), st->journal, strerror(errno));
}

/* The lines grid from the draft and the catalog; totals in the context record. */
static void lines_rebuild(struct entry_state *st)
{
    rowset_clear(&st->lines);
    for (size_t i = 0; i < st->d.n; i++) {
        const struct order_line *l = &st->d.lines[i];
        const struct order_item *it = order_catalog_by_id(&st->cat, l->product_id);
        struct record *r = record_new();
        char n[24];
        snprintf(n, sizeof(n), "%zu", i + 1);
        record_set(r, "n", n);
        if (!it) {
            char id[32];
            snprintf(id, sizeof(id), "#%lld", (long long)l->product_id);
            record_set(r, "code", id);
            record_set(r, "name", _("not in the catalog"));
            rowset_add(&st->lines, r);
            continue;
        }
        record_set(r, "code", it->code);
        record_set(r, "name", it->name);
        char *q = qty_text(l->qty, it->scale);
        record_set(r, "qty", q);
        free(q);
        record_set(r, "unit", it->unit);
        if (it->price >= 0) {
            char *p = money(it->price), *a = money(order_line_amount(l->qty, it->price));
            record_set(r, "price", p);
            record_set(r, "amount", a);
            free(p);
            free(a);
        }
        const char *note = it->price < 0            ? _("no price")
                           : it->in_assortment == 0 ? _("matrix")
                           : l->qty > it->free      ? _("> free")
                           : it->promo              ? it->promo
                                                    : NULL;
        record_set(r, "note", note);
        rowset_add(&st->lines, r);
    }
    if (st->lgrid.sel >= (int)st->lines.n)
        st->lgrid.sel = st->lines.n ? (int)st->lines.n - 1 : 0;
}

struct totals {
    int64_t amount, vat, weight;
};

static struct totals totals_of(const struct entry_state *st)
{
    struct totals t = {0};
    for (size_t i = 0; i < st->d.n; i++) {
        const struct order_item *it = order_catalog_by_id(&st->cat, st->d.lines[i].product_id);
        if (!it)
            continue;
        int64_t a = order_line_amount(st->d.lines[i].qty, it->price);
        t.amount += a;
        t.vat += order_line_vat(a, it->vat);
        t.weight += order_line_weight(st->d.lines[i].qty, it->weight);
    }
    return t;
}

/* ---- the client ---- */

/* Reads the catalog for the agreement and day unless it is the one in memory. */
static bool catalog_for(struct screen *s, const char *agreement, const char *on)
{
    struct entry_state *st = s->state;
    if (str_eq(st->cat.agreement_id, agreement) && str_eq(st->cat.ship_on, on) &&
        str_eq(st->cat.client_id, st->d.client_id) && st->cat.n)
        return true;
    /* Loaded beside the one in use: a refusal leaves the lines, their prices and the totals
     * as they were. */
    struct db_error err = {0};
    struct order_catalog next = {0};
    if (!order_catalog_load(s->app->db, agreement, on, st->d.client_id, &next, &err)) {
        screens_refused(&err);
        return false;
    }
    order_catalog_free(&st->cat);
    st->cat = next;
    return true;
}

/* A shipping day as typed: a day of the calendar, not before the business day; said at once,
 * in words, when not (the catalog and the totals stay as they are). */
static bool ship_day_ok(struct screen *s, const char *ship)
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

static const char *ctx_get(const struct entry_state *st, const char *key)
{
    return record_get(&st->ctx.head, key);
}

/* Takes client `id` (label: how it shows): its context, then its catalog. A restored draft
 * keeps its own point and day. */
static bool client_take(struct screen *s, const char *id, const char *label, bool restoring)
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
    const char *agreement = ctx_get(st, "agreement_id");
    if (str_empty(agreement)) {
        ui_error(_("%s has no agreement in force: an order needs one."), label);
        doc_clear(&st->ctx);
        return false;
    }
    char *ship =
        xstrdup(restoring && !str_empty(st->d.ship_on) ? st->d.ship_on : ctx_get(st, "ship_on"));
    bool same = str_eq(st->d.client_id, id);
    char *old_client = st->d.client_id;
    st->d.client_id = xstrdup(id); /* the catalog is the client's (its matrix) */
    if (!catalog_for(s, agreement, ship)) {
        free(st->d.client_id);
        st->d.client_id = old_client;
        free(ship);
        return false;
    }
    free(old_client);
    if (!restoring || !same) {
        free(st->d.point_id);
        free(st->d.point_label);
        st->d.point_id = st->d.point_label = NULL;
        /* The point is pre-filled when the client has one. */
        struct rowset *pts = doc_section(&st->ctx, "points");
        if (pts->n == 1) {
            st->d.point_id = xstrdup(record_get(pts->rows[0], "id"));
            st->d.point_label = xstrdup(record_get(pts->rows[0], "name"));
        }
    }
    char *keep = xstrdup(label); /* label may be the draft's own (a restored draft) */
    free(st->d.client_label);
    st->d.client_label = keep;
    field_set(st, "client", keep);
    field_set(st, "point", st->d.point_label);
    field_set(st, "ship_on", ship);
    free(ship);
    lines_rebuild(st);
    return true;
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

/* Enter on the client field: an exact code (or the only match) is taken at once, otherwise
 * the type-ahead list opens with what was typed. */
static void client_choose(struct screen *s)
{
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    const char *typed = record_get(&st->rec, "client");
    if (!str_empty(st->d.client_id) && str_eq(typed, st->d.client_label)) {
        focus_field(st,
                    st->d.point_id || !doc_section(&st->ctx, "points")->n ? "product" : "point");
        return;
    }
    if (st->d.n &&
        !ui_confirm(_("Client"), _("Another client for these lines? Their prices are read anew.")))
        return;
    char *id = NULL, *label = NULL;
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!str_empty(typed) && order_client_search(s->app->db, typed, 2, &rows, &err) &&
        (rows.n == 1 || (rows.n && str_eq(record_get(rows.rows[0], "code"), typed)))) {
        id = xstrdup(record_get(rows.rows[0], "id"));
        label =
            xasprintf("%s %s", record_get(rows.rows[0], "code"), record_get(rows.rows[0], "name"));
    } else {
        db_error_clear(&err);
        char *code = NULL, *full = NULL;
        if (ui_lookup(_("Client"), typed ? typed : "", client_fetch, s, &code, &full)) {
            id = code;
            /* "code name  INN" → "code name" */
            char *two = strstr(full, "  ");
            if (two)
                *two = '\0';
            label = full;
        }
    }
    rowset_clear(&rows);
    if (id && client_take(s, id, label, false)) {
        journal(s);
        int64_t od;
        if (decimal_parse(ctx_get(st, "overdue"), 2, &od) == DECIMAL_OK && od > 0) {
            char *m = money(od);
            ui_message(_("Overdue debt: %s."), m);
            free(m);
        }
        focus_field(st,
                    st->d.point_id || !doc_section(&st->ctx, "points")->n ? "product" : "point");
    }
    free(id);
    free(label);
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

static void point_choose(struct screen *s, const char *initial)
{
    struct entry_state *st = s->state;
    if (str_empty(st->d.client_id)) {
        ui_message("%s", _("Choose the client first."));
        focus_field(st, "client");
        return;
    }
    if (!doc_section(&st->ctx, "points")->n) {
        ui_message("%s", _("The client has no delivery points."));
        return;
    }
    char *id = NULL, *label = NULL;
    if (!ui_lookup(_("Delivery point"), initial, point_fetch, st, &id, &label))
        return;
    char *comma = strstr(label, ", ");
    if (comma)
        *comma = '\0';
    free(st->d.point_id);
    free(st->d.point_label);
    st->d.point_id = id;
    st->d.point_label = label;
    field_set(st, "point", label);
    journal(s);
    focus_field(st, "product");
}

/* ---- products and lines ---- */

static void found_clear(struct entry_state *st)
{
    rowset_clear(&st->found);
    st->nfound = st->found_total = 0;
    st->fgrid.sel = st->fgrid.top = 0;
    free(st->found_for);
    st->found_for = NULL;
}

static bool all_digits(const char *s)
{
    if (str_empty(s))
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void found_row(struct entry_state *st, const struct order_item *it)
{
    struct record *r = record_new();
    record_set(r, "code", it->code);
    record_set(r, "name", it->name);
    record_set(r, "unit", it->unit);
    char *pack = qty_text(it->pack, it->scale), *free_ = qty_text(it->free, it->scale);
    record_set(r, "pack", pack);
    record_set(r, "free", free_);
    free(pack);
    free(free_);
    if (it->price >= 0) {
        char *p = money(it->price);
        record_set(r, "price", p);
        free(p);
    }
    record_set(r, "mark", it->in_assortment == 0 ? _("matrix") : it->promo);
    rowset_add(&st->found, r);
}

static void qty_for(struct screen *s, const struct order_item *it);

/* After the product text changed: a code only one product has goes to the quantity at once;
 * otherwise the matches by code or by name are listed. */
static void product_search(struct screen *s)
{
    struct entry_state *st = s->state;
    const char *text = record_get(&st->rec, "product");
    if (str_eq(text ? text : "", st->found_for ? st->found_for : ""))
        return;
    found_clear(st);
    if (str_empty(text))
        return;
    st->found_for = xstrdup(text);
    if (all_digits(text)) {
        size_t first, n = order_catalog_code_prefix(&st->cat, text, &first);
        if (n == 1 && strcmp(st->cat.items[first].code, text) == 0) {
            qty_for(s, &st->cat.items[first]);
            return;
        }
        st->found_total = n;
        for (size_t i = 0; i < n && st->nfound < FOUND_MAX; i++)
            st->found_idx[st->nfound++] = first + i;
    }
    if (!st->found_total) {
        st->found_total = order_catalog_name_search(&st->cat, text, st->found_idx, FOUND_MAX);
        st->nfound = st->found_total < FOUND_MAX ? st->found_total : FOUND_MAX;
    }
    for (size_t i = 0; i < st->nfound; i++)
        found_row(st, &st->cat.items[st->found_idx[i]]);
    if (!st->found_total)
        ui_error(_("No product with code or name \"%s\"."), text);
    else
        ui_message_clear();
}

/* The quantity is for it now. */
static void qty_for(struct screen *s, const struct order_item *it)
{
    struct entry_state *st = s->state;
    st->picked = it;
    found_clear(st);
    field_set(st, "product", it->code);
    st->found_for = xstrdup(it->code);
    field_set(st, "qty", "");
    focus_field(st, "qty");
}

static void product_pick(struct screen *s)
{
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    product_search(s);
    const char *text = record_get(&st->rec, "product");
    if (st->picked && str_eq(text, st->picked->code)) {
        focus_field(st, "qty");
        return;
    }
    if (str_empty(text)) {
        ui_message("%s", _("Type a product code or words of its name."));
        return;
    }
    const struct order_item *exact = order_catalog_by_code(&st->cat, text);
    if (exact && st->fgrid.sel == 0) {
        qty_for(s, exact);
        return;
    }
    if (st->nfound)
        qty_for(s, &st->cat.items[st->found_idx[st->fgrid.sel]]);
}

/* Adds qty of it to the order (to its line when it has one) and says what happened. */
static void line_put(struct screen *s, const struct order_item *it, int64_t qty, bool rounded,
                     bool quiet)
{
    struct entry_state *st = s->state;
    long at = order_draft_find(&st->d, it->id);
    if (at >= 0)
        st->d.lines[at].qty += qty;
    else
        order_draft_add(&st->d, it->id, qty);
    long line = at >= 0 ? at : (long)st->d.n - 1;
    int64_t total = st->d.lines[line].qty;
    lines_rebuild(st);
    st->lgrid.sel = (int)line;
    if (quiet)
        return;
    char *q = qty_text(total, it->scale), *p = qty_text(it->pack, it->scale);
    if (at >= 0)
        ui_message(_("%s is on line %ld already: now %s %s."), it->code, line + 1, q, it->unit);
    else if (rounded)
        ui_message(_("Rounded up to whole packs: %s %s (pack of %s)."), q, it->unit, p);
    else if (it->price < 0)
        ui_error(_("%s has no price under this agreement: the order cannot be saved with it."),
                 it->code);
    else if (it->in_assortment == 0)
        ui_message(_("%s is outside the client's assortment."), it->code);
    else if (total > it->free)
        ui_message(_("%s: more than the free stock (allocation decides)."), it->code);
    else
        ui_message_clear();
    free(q);
    free(p);
}

static void qty_enter(struct screen *s)
{
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    if (!st->picked) {
        focus_field(st, "product");
        return;
    }
    int64_t qty;
    bool rounded;
    const char *bad = order_qty_parse(st->picked, record_get(&st->rec, "qty"), &qty, &rounded);
    if (bad) {
        ui_error("%s", bad);
        return;
    }
    line_put(s, st->picked, qty, rounded, false);
    journal(s);
    st->picked = NULL;
    found_clear(st);
    field_set(st, "product", "");
    field_set(st, "qty", "");
    focus_field(st, "product");
}

static void line_edit(struct screen *s)
{
    struct entry_state *st = s->state;
    int i = st->lgrid.sel;
    if (i < 0 || (size_t)i >= st->d.n)
        return;
    const struct order_item *it = order_catalog_by_id(&st->cat, st->d.lines[i].product_id);
    if (!it)
        return;
    char *cur = qty_text(st->d.lines[i].qty, it->scale);
    char *label = xasprintf(_("Quantity of %s %s, %s:"), it->code, it->name, it->unit);
    char *text = ui_prompt(_("Line"), label, cur, 20);
    free(label);
    free(cur);
    if (!text)
        return;
    int64_t qty;
    bool rounded;
    const char *bad = order_qty_parse(it, text, &qty, &rounded);
    free(text);
    if (bad) {
        ui_error("%s", bad);
        return;
    }
    st->d.lines[i].qty = qty;
    lines_rebuild(st);
    journal(s);
    if (rounded) {
        char *q = qty_text(qty, it->scale), *p = qty_text(it->pack, it->scale);
        ui_message(_("Rounded up to whole packs: %s %s (pack of %s)."), q, it->unit, p);
        free(q);
        free(p);
    }
}

static void line_delete(struct screen *s)
{
    struct entry_state *st = s->state;
    int i = st->lgrid.sel;
    if (i < 0 || (size_t)i >= st->d.n)
        return;
    const struct order_item *it = order_catalog_by_id(&st->cat, st->d.lines[i].product_id);
    ui_message(_("Line %d deleted: %s."), i + 1, it ? it->code : "?");
    order_draft_remove(&st->d, (size_t)i);
    lines_rebuild(st);
    journal(s);
    if (!st->d.n) {
        st->mode = M_ENTRY;
        focus_field(st, "product");
    }
}

/* ---- the last order and the usual products ---- */

static bool need_client(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!str_empty(st->d.client_id) && st->cat.n)
        return true;
    ui_message("%s", _("Choose the client first."));
    focus_field(st, "client");
    return false;
}

static void copy_last(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!need_client(s))
        return;
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!order_last(s->app->db, st->d.client_id, &rows, &err)) {
        screens_refused(&err);
        return;
    }
    if (!rows.n) {
        ui_message("%s", _("The client has no earlier order."));
        return;
    }
    const char *number = record_get(rows.rows[0], "number"),
               *on = record_get(rows.rows[0], "taken_on");
    char *q = xasprintf(_("Add the %zu lines of order %s of %s?"), rows.n, number, on);
    bool go = !st->d.n || ui_confirm(_("The last order"), q);
    free(q);
    size_t added = 0, missing = 0;
    for (size_t i = 0; go && i < rows.n; i++) {
        const struct order_item *it = order_catalog_by_id(
            &st->cat, strtoll(record_get(rows.rows[i], "product_id"), NULL, 10));
        int64_t qty;
        bool rounded;
        if (!it || order_qty_parse(it, record_get(rows.rows[i], "qty"), &qty, &rounded)) {
            missing++;
            continue;
        }
        line_put(s, it, qty, rounded, true);
        added++;
    }
    if (go) {
        journal(s);
        if (missing)
            ui_message(_("%zu lines from order %s; %zu of its products cannot be ordered now."),
                       added, number, missing);
        else
            ui_message(_("%zu lines from order %s of %s."), added, number, on);
    }
    rowset_clear(&rows);
}

static void usual_row_update(struct entry_state *st, struct record *r)
{
    const char *typed = st->usual_qty;
    record_set(r, "order", typed);
}

static void usual_open(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!need_client(s))
        return;
    struct rowset rows = {0};
    struct db_error err = {0};
    const char *on = record_get(&st->rec, "ship_on");
    char *today = business_day(s->app->db, &err);
    db_error_clear(&err);
    bool ok = order_usual(s->app->db, st->d.client_id, today, &rows, &err);
    free(today);
    (void)on;
    if (!ok) {
        screens_refused(&err);
        return;
    }
    rowset_clear(&st->usual);
    for (size_t i = 0; i < rows.n; i++) {
        const struct order_item *it = order_catalog_by_id(
            &st->cat, strtoll(record_get(rows.rows[i], "product_id"), NULL, 10));
        if (!it)
            continue;
        struct record *r = record_new();
        record_set(r, "product_id", record_get(rows.rows[i], "product_id"));
        record_set(r, "code", it->code);
        record_set(r, "name", it->name);
        record_set(r, "times", record_get(rows.rows[i], "times"));
        int64_t last;
        if (decimal_parse(record_get(rows.rows[i], "last_qty"), QTY_SCALE, &last) == DECIMAL_OK) {
            char *q = qty_text(last, it->scale);
            record_set(r, "last", q);
            free(q);
        }
        if (it->price >= 0) {
            char *p = money(it->price);
            record_set(r, "price", p);
            free(p);
        }
        record_set(r, "mark", order_draft_find(&st->d, it->id) >= 0 ? _("in order") : NULL);
        rowset_add(&st->usual, r);
    }
    rowset_clear(&rows);
    if (!st->usual.n) {
        ui_message("%s", _("No orders of this client in the last 90 days."));
        return;
    }
    st->mode = M_USUAL;
    st->ugrid.sel = st->ugrid.top = 0;
    free(st->usual_qty);
    st->usual_qty = NULL;
    ui_message("%s", _("Quantity and Enter (Enter alone: as last time); Ins: all as last time."));
}

/* Adds the usual row i with the typed quantity or its last one; false when refused. */
static bool usual_add(struct screen *s, size_t i, const char *typed)
{
    struct entry_state *st = s->state;
    struct record *r = st->usual.rows[i];
    const struct order_item *it =
        order_catalog_by_id(&st->cat, strtoll(record_get(r, "product_id"), NULL, 10));
    if (!it || str_eq(record_get(r, "mark"), _("in order")))
        return false;
    int64_t qty;
    bool rounded;
    const char *bad =
        order_qty_parse(it, str_empty(typed) ? record_get(r, "last") : typed, &qty, &rounded);
    if (bad) {
        ui_error("%s: %s", it->code, bad);
        return false;
    }
    line_put(s, it, qty, rounded, true);
    char *q = qty_text(qty, it->scale);
    record_set(r, "order", q);
    free(q);
    record_set(r, "mark", _("in order"));
    return true;
}

static enum ui_result usual_event(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    struct record *cur = st->usual.n ? st->usual.rows[st->ugrid.sel] : NULL;
    switch (ev->req) {
    case REQ_CHAR:
        if (cur && ((ev->ch >= '0' && ev->ch <= '9') || ev->ch == '.' || ev->ch == ',') &&
            (!st->usual_qty || strlen(st->usual_qty) < 12)) {
            char *q = xasprintf("%s%c", st->usual_qty ? st->usual_qty : "", (char)ev->ch);
            free(st->usual_qty);
            st->usual_qty = q;
            usual_row_update(st, cur);
        }
        return UI_HANDLED;
    case REQ_BACKSPACE:
        if (cur && st->usual_qty && *st->usual_qty) {
            st->usual_qty[strlen(st->usual_qty) - 1] = '\0';
            usual_row_update(st, cur);
        }
        return UI_HANDLED;
    case REQ_OPEN: {
        bool added = cur && usual_add(s, (size_t)st->ugrid.sel, st->usual_qty);
        bool refused = cur && !added && !str_eq(record_get(cur, "mark"), _("in order"));
        if (added) {
            journal(s);
            ui_message_clear();
        }
        free(st->usual_qty);
        st->usual_qty = NULL;
        if (refused) {
            /* The row stays: the next quantity typed is for this product, not the next. */
            usual_row_update(st, cur);
            return UI_HANDLED;
        }
        if (st->ugrid.sel + 1 < (int)st->usual.n)
            st->ugrid.sel++;
        return UI_HANDLED;
    }
    case REQ_INSERT: {
        size_t n = 0;
        for (size_t i = 0; i < st->usual.n; i++)
            n += usual_add(s, i, NULL);
        journal(s);
        ui_message(_("%zu usual products added with their last quantities."), n);
        st->mode = M_ENTRY;
        focus_field(st, "product");
        return UI_HANDLED;
    }
    case REQ_BACK:
    case REQ_USUAL:
        st->mode = M_ENTRY;
        ui_message_clear();
        focus_field(st, "product");
        return UI_HANDLED;
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
    case REQ_HOME:
    case REQ_END:
        if (cur && st->usual_qty) {
            free(st->usual_qty);
            st->usual_qty = NULL;
            usual_row_update(st, cur);
        }
        return grid_event(&st->ugrid, ev);
    default:
        return UI_HANDLED;
    }
}

/* ---- saving ---- */

static void entry_reset(struct screen *s)
{
    struct entry_state *st = s->state;
    order_journal_remove(st->journal);
    order_draft_clear(&st->d);
    doc_clear(&st->ctx);
    free(st->status);
    st->status = NULL;
    st->readonly = false;
    st->fv.readonly = false;
    st->picked = NULL;
    found_clear(st);
    record_clear(&st->rec);
    formview_reload(&st->fv); /* the field being edited starts empty too, not committed back */
    st->mode = M_ENTRY;
    lines_rebuild(st);
    st->lgrid.sel = st->lgrid.top = 0;
    focus_field(st, "client");
}

/* The order's warnings before the save; true to go on. */
static bool checks_pass(struct screen *s, const char *json)
{
    struct rowset rows = {0};
    struct db_error err = {0};
    if (!order_check(s->app->db, json, &rows, &err)) {
        screens_refused(&err);
        return false;
    }
    bool blocked = false;
    struct strbuf sb = {0};
    for (size_t i = 0; i < rows.n; i++) {
        const struct record *r = rows.rows[i];
        const char *code = record_get(r, "code");
        /* Worded here, in the user's language, from the figures (the message is English). */
        char *figure = money_text(record_get(r, "figure")),
             *bound = money_text(record_get(r, "bound"));
        if (str_eq(code, "credit_limit"))
            strbuf_printf(
                &sb, _("Credit limit exceeded: owed and ordered with this order %s, the limit %s."),
                figure, bound);
        else if (str_eq(code, "overdue"))
            strbuf_printf(&sb, _("Overdue debt: %s."), figure);
        else if (str_eq(code, "min_order"))
            strbuf_printf(&sb, _("Below the minimum order: the order is %s, the minimum %s."),
                          figure, bound);
        else if (str_eq(code, "assortment"))
            strbuf_printf(&sb, _("Outside the client's assortment: %s."), record_get(r, "items"));
        else
            strbuf_printf(&sb, "%s: %s", code, record_get(r, "message"));
        strbuf_puts(&sb, "\n");
        free(figure);
        free(bound);
        blocked |= str_eq(record_get(r, "blocking"), "t");
    }
    rowset_clear(&rows);
    bool go = true;
    if (blocked) {
        strbuf_puts(&sb,
                    _("The agreement allows only the client's assortment: take those lines out."));
        ui_alert(_("Not saved"), sb.buf, NULL);
        go = false;
    } else if (sb.len) {
        strbuf_puts(&sb, _("Save anyway?"));
        go = ui_confirm(_("Warnings"), sb.buf);
    }
    strbuf_release(&sb);
    return go;
}

static void entry_save(struct screen *s)
{
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    if (st->readonly) {
        ui_message("%s", _("This order can no longer be changed."));
        return;
    }
    if (str_empty(st->d.client_id) || !st->cat.n) {
        ui_error("%s", _("Choose the client first."));
        focus_field(st, "client");
        return;
    }
    if (!str_eq(record_get(&st->rec, "client"), st->d.client_label)) {
        /* Typed over (or pasted into) and not chosen: the order's client is not what shows. */
        ui_error("%s", _("The client field does not show the order's client: Enter on it chooses "
                         "the client typed."));
        focus_field(st, "client");
        return;
    }
    if (!st->d.n) {
        ui_error("%s", _("The order has no lines yet."));
        focus_field(st, "product");
        return;
    }
    if (!st->d.point_id && doc_section(&st->ctx, "points")->n) {
        ui_error("%s", _("Choose the delivery point."));
        focus_field(st, "point");
        return;
    }
    const char *ship = record_get(&st->rec, "ship_on");
    if (str_empty(ship) || strlen(ship) != 10) {
        ui_error("%s", _("The shipping day is YYYY-MM-DD."));
        focus_field(st, "ship_on");
        return;
    }
    if (!ship_day_ok(s, ship)) { /* said at once, before the warnings ask anything */
        focus_field(st, "ship_on");
        return;
    }
    /* Prices on the day typed (the catalog follows the shipping day). */
    if (!catalog_for(s, ctx_get(st, "agreement_id"), ship))
        return;
    lines_rebuild(st);
    journal(s);
    struct totals t = totals_of(st);
    char amount[40];
    decimal_to_sql(t.amount, 2, amount, sizeof(amount));
    char *json = order_draft_json(&st->d, ctx_get(st, "agreement_id"), amount);
    if (!checks_pass(s, json)) {
        free(json);
        return;
    }
    struct record out = {0};
    struct db_error err = {0};
    if (!order_save(s->app->db, json, &out, &err)) {
        if (err.kind == DBE_CONNECTION) {
            ui_error("%s", _("The connection is lost: the order is kept here and F2 sends it again "
                             "(it is never saved twice)."));
            db_error_clear(&err);
        } else {
            screens_refused(&err);
        }
        free(json);
        return;
    }
    free(json);
    char *sum = NULL;
    int64_t a;
    if (decimal_parse(record_get(&out, "amount"), 2, &a) == DECIMAL_OK)
        sum = money(a);
    bool edit = st->d.id != NULL;
    entry_reset(s);
    ui_message(edit ? _("Order %s saved: %s lines, %s.") : _("Order %s taken: %s lines, %s."),
               record_get(&out, "number"), record_get(&out, "lines"), sum ? sum : "");
    free(sum);
    record_clear(&out);
}

/* ---- opening: new, a draft, an existing order ---- */

static bool open_order(struct screen *s, const char *id)
{
    struct entry_state *st = s->state;
    struct doc o = {0};
    struct db_error err = {0};
    if (!order_load(s->app->db, id, &o, &err)) {
        screens_refused(&err);
        return false;
    }
    order_draft_clear(&st->d);
    st->d.id = xstrdup(record_get(&o.head, "id"));
    st->d.version = xstrdup(record_get(&o.head, "version"));
    st->d.client_id = xstrdup(record_get(&o.head, "client_id"));
    st->d.point_id = xstrdup(record_get(&o.head, "point_id"));
    st->d.point_label = xstrdup(record_get(&o.head, "point_name"));
    st->d.ship_on = xstrdup(record_get(&o.head, "ship_on"));
    st->d.comment = xstrdup(record_get(&o.head, "comment"));
    st->status = xstrdup(record_get(&o.head, "status"));
    struct rowset *ls = doc_section(&o, "lines");
    for (size_t i = 0; i < ls->n; i++) {
        int64_t q;
        if (decimal_parse(record_get(ls->rows[i], "qty"), QTY_SCALE, &q) == DECIMAL_OK)
            order_draft_add(&st->d, strtoll(record_get(ls->rows[i], "product_id"), NULL, 10), q);
    }
    char *label =
        xasprintf("%s %s", record_get(&o.head, "client_code"), record_get(&o.head, "client_name"));
    /* Prices as the order has them: its agreement on its day. */
    bool ok = catalog_for(s, record_get(&o.head, "agreement_id"), st->d.ship_on);
    struct db_error e2 = {0};
    char *today = business_day(s->app->db, &e2);
    db_error_clear(&e2);
    if (ok && order_context(s->app->db, st->d.client_id, today, &st->ctx, &e2)) {
        record_set(&st->ctx.head, "agreement_id", record_get(&o.head, "agreement_id"));
        record_set(&st->ctx.head, "agreement_code", record_get(&o.head, "agreement_code"));
    } else {
        db_error_clear(&e2);
    }
    free(today);
    free(st->d.client_label);
    st->d.client_label = label;
    record_set(&st->rec, "client", label);
    record_set(&st->rec, "point", st->d.point_label);
    record_set(&st->rec, "ship_on", st->d.ship_on);
    record_set(&st->rec, "comment", st->d.comment);
    lines_rebuild(st);
    st->readonly = !str_eq(st->status, "new");
    st->fv.readonly = st->readonly;
    if (st->readonly)
        ui_message(_("Order %s is %s: it can no longer be changed."), record_get(&o.head, "number"),
                   order_status_label(st->status));
    else
        focus_field(st, "product");
    doc_clear(&o);
    return true;
}

/* An unsaved draft in the journal: offered back. */
static void offer_draft(struct screen *s)
{
    struct entry_state *st = s->state;
    struct order_draft d = {0};
    if (!st->journal || !order_journal_read(st->journal, &d) || order_draft_empty(&d)) {
        order_draft_clear(&d);
        free(d.lines);
        return;
    }
    char when[32] = "";
    struct tm tm;
    if (localtime_r(&d.saved_at, &tm))
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
    char *q = xasprintf(_("An order was not saved: %s, %zu lines, written %s. Restore it? "
                          "(Esc discards it)"),
                        d.client_label ? d.client_label : _("no client"), d.n, when);
    bool restore = ui_confirm(_("Unsaved order"), q);
    free(q);
    if (!restore) {
        order_draft_clear(&d);
        free(d.lines);
        order_journal_remove(st->journal);
        return;
    }
    order_draft_clear(&st->d);
    free(st->d.lines);
    st->d = d;
    record_set(&st->rec, "comment", d.comment);
    if (d.client_id &&
        client_take(s, d.client_id, d.client_label ? d.client_label : d.client_id, true)) {
        focus_field(st, "product");
        ui_message(_("The unsaved order is back: %zu lines."), st->d.n);
    } else {
        lines_rebuild(st);
    }
}

static bool entry_open(struct screen *s, const char *arg)
{
    struct entry_state *st = s->state;
    const struct form_grid *lg = s->form ? formdef_grid(s->form, "lines") : NULL;
    const struct form_grid *fg = s->form ? formdef_grid(s->form, "found") : NULL;
    const struct form_grid *ug = s->form ? formdef_grid(s->form, "usual") : NULL;
    if (!lg || !fg || !ug) {
        ui_error("forms/order_entry.form: grids 'lines', 'found' and 'usual' expected");
        return false;
    }
    if (!app_has_role(s->app, "operator,manager,head,admin")) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return false;
    }
    order_draft_clear(&st->d);
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    st->lgrid.def = lg;
    st->lgrid.rows = &st->lines;
    st->fgrid.def = fg;
    st->fgrid.rows = &st->found;
    st->ugrid.def = ug;
    st->ugrid.rows = &st->usual;
    st->journal = order_journal_path(s->app->user ? s->app->user : db_user(s->app->db),
                                     db_dbname(s->app->db));
    if (!st->journal)
        ui_error("%s", _("No folder for the draft journal (set HOME or POLKA_STATE_DIR): "
                         "an unsaved order would not survive a crash."));
    if (arg && *arg)
        return open_order(s, arg);
    offer_draft(s);
    return true;
}

/* ---- drawing ---- */

static void entry_draw(struct screen *s)
{
    struct entry_state *st = s->state;
    int top = ui_body_top(), rows = ui_body_rows(), cols = ui_cols();
    formview_draw(&st->fv, top, 0);
    /* The agreement and the client's money, beside the fields. */
    if (!str_empty(ctx_get(st, "agreement_code"))) {
        char *a = xasprintf("%s %s", _("Agreement"), ctx_get(st, "agreement_code"));
        ui_text(top + 1, 54, cols - 54, a, UA_DIM);
        free(a);
        struct strbuf sb = {0};
        static const char *const terms[][2] = {{"debt", N_("Debt")},
                                               {"overdue", N_("overdue")},
                                               {"credit_limit", N_("limit")},
                                               {"min_order", N_("min. order")}};
        for (size_t i = 0; i < ARRAY_SIZE(terms); i++) {
            const char *v = ctx_get(st, terms[i][0]);
            int64_t x;
            if (!v || (i == 1 && decimal_parse(v, 2, &x) == DECIMAL_OK && x == 0))
                continue;
            char *m = money_text(v);
            strbuf_printf(&sb,
                          i == 0   ? "%s %s"
                          : i == 1 ? " (%s %s)"
                                   : " · %s %s",
                          _(terms[i][1]), m);
            free(m);
        }
        if (str_eq(ctx_get(st, "assortment_only"), "true"))
            strbuf_printf(&sb, " · %s", _("assortment only"));
        ui_text(top + 3, 1, cols - 2, sb.buf, UA_DIM);
        strbuf_release(&sb);
    }
    int grid_top = top + 5, grid_rows = rows - 6;
    if (grid_rows < 2)
        return;
    if (st->mode == M_USUAL)
        grid_draw(&st->ugrid, grid_top, 0, grid_rows, cols, true);
    else if (st->found_total && focus_is(st, "product"))
        grid_draw(&st->fgrid, grid_top, 0, grid_rows, cols, true);
    else
        grid_draw(&st->lgrid, grid_top, 0, grid_rows, cols, st->mode == M_LINES);
    /* Running totals on the last body row. */
    struct totals t = totals_of(st);
    char *a = money(t.amount), *v = money(t.vat);
    char w[40];
    decimal_format(t.weight, 3, "\u00a0", ".", w, sizeof(w));
    char *line = xasprintf(_("Lines %zu · weight %s kg · amount %s · VAT %s"), st->d.n, w, a, v);
    if (st->found_total && focus_is(st, "product") && st->mode != M_USUAL) {
        free(line);
        line = xasprintf(_("Found %zu (showing %zu): Up/Down, Enter takes it"), st->found_total,
                         st->nfound);
    } else if (st->picked && focus_is(st, "qty")) {
        /* What the quantity is for. */
        const struct order_item *it = st->picked;
        char *fr = qty_text(it->free, it->scale), *pack = qty_text(it->pack, it->scale);
        char *price = it->price >= 0 ? money(it->price) : xstrdup(_("no price"));
        free(line);
        line = xasprintf("%s %s · %s · %s %s %s · %s %s", it->code, it->name, price, _("pack"),
                         pack, it->unit, _("free"), fr);
        free(fr);
        free(pack);
        free(price);
    }
    ui_text(top + rows - 1, 0, cols, line, UA_BOLD);
    free(line);
    free(a);
    free(v);
}

/* ---- keys ---- */

static enum ui_result lines_event(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    switch (ev->req) {
    case REQ_OPEN:
        line_edit(s);
        return UI_HANDLED;
    case REQ_DELETE:
        line_delete(s);
        return UI_HANDLED;
    case REQ_DOWN:
        if (st->lgrid.sel + 1 >= (int)st->lines.n) {
            st->mode = M_ENTRY;
            focus_field(st, "product");
            return UI_HANDLED;
        }
        return grid_event(&st->lgrid, ev);
    case REQ_BACK:
    case REQ_NEXT:
    case REQ_PREV:
        st->mode = M_ENTRY;
        focus_field(st, "product");
        return UI_HANDLED;
    case REQ_UP:
    case REQ_PGUP:
    case REQ_PGDN:
    case REQ_HOME:
    case REQ_END:
        return grid_event(&st->lgrid, ev);
    case REQ_CHAR:
        /* Typing goes back to the product field: the next line. */
        st->mode = M_ENTRY;
        focus_field(st, "product");
        return UI_IGNORED;
    case REQ_SAVE:
        return UI_IGNORED; /* the key help offers F2 here too: the order's save */
    default:
        return UI_HANDLED;
    }
}

static enum ui_result entry_event(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    if (ev->req == REQ_NEW) {
        formview_commit(&st->fv);
        if (!st->readonly && st->d.n &&
            !ui_confirm(_("New order"), _("Drop this order without saving it?")))
            return UI_HANDLED;
        entry_reset(s);
        ui_message_clear(); /* what was said was about the order dropped */
        return UI_HANDLED;
    }
    if (st->readonly)
        return ev->req == REQ_BACK ? UI_CLOSE : UI_IGNORED;
    if (st->mode == M_USUAL)
        return usual_event(s, ev);
    if (st->mode == M_LINES) {
        enum ui_result r = lines_event(s, ev);
        if (r != UI_IGNORED)
            return r;
    }
    switch (ev->req) {
    case REQ_SAVE:
        entry_save(s);
        return UI_HANDLED;
    case REQ_USUAL:
        usual_open(s);
        return UI_HANDLED;
    case REQ_COPY_LAST:
        copy_last(s);
        return UI_HANDLED;
    default:
        break;
    }
    const char *f = formview_focus_name(&st->fv);
    if (str_eq(f, "client") && (ev->req == REQ_OPEN || ev->req == REQ_LOOKUP)) {
        client_choose(s);
        return UI_HANDLED;
    }
    if (str_eq(f, "point") &&
        (ev->req == REQ_OPEN || ev->req == REQ_LOOKUP || ev->req == REQ_CHAR)) {
        char first[5] = {0};
        if (ev->req == REQ_CHAR)
            text_encode(ev->ch, first);
        point_choose(s, first);
        return UI_HANDLED;
    }
    if (str_eq(f, "point") && (ev->req == REQ_DELETE || ev->req == REQ_CLEAR)) {
        free(st->d.point_id);
        free(st->d.point_label);
        st->d.point_id = st->d.point_label = NULL;
        field_set(st, "point", NULL);
        journal(s);
        return UI_HANDLED;
    }
    if (str_eq(f, "product")) {
        switch (ev->req) {
        case REQ_OPEN:
        case REQ_LOOKUP:
            if (!need_client(s))
                return UI_HANDLED;
            product_pick(s);
            return UI_HANDLED;
        case REQ_UP:
            if (st->found_total)
                return grid_event(&st->fgrid, ev);
            if (st->d.n) {
                st->mode = M_LINES;
                st->lgrid.sel = (int)st->d.n - 1;
            }
            return UI_HANDLED;
        case REQ_DOWN:
        case REQ_PGUP:
        case REQ_PGDN:
            if (st->found_total)
                return grid_event(&st->fgrid, ev);
            return UI_HANDLED;
        case REQ_BACK: {
            const char *t = record_get(&st->rec, "product");
            if (!str_empty(t)) {
                found_clear(st);
                field_set(st, "product", "");
                st->picked = NULL;
                return UI_HANDLED;
            }
            break;
        }
        case REQ_CHAR:
            if (!need_client(s))
                return UI_HANDLED;
            break;
        default:
            break;
        }
    }
    if (str_eq(f, "qty")) {
        if (ev->req == REQ_OPEN) {
            qty_enter(s);
            return UI_HANDLED;
        }
        if (ev->req == REQ_BACK || ev->req == REQ_UP) {
            st->picked = NULL;
            focus_field(st, "product");
            return UI_HANDLED;
        }
    }
    if (ev->req == REQ_BACK) {
        formview_commit(&st->fv);
        if (st->d.n && !ui_confirm(_("Unsaved order"),
                                   _("Leave the order without saving? It stays as a draft and is "
                                     "offered the next time.")))
            return UI_HANDLED;
        journal(s);
        return UI_CLOSE;
    }
    char *old_ship = xstrdup(record_get(&st->rec, "ship_on"));
    char *old_comment = xstrdup(record_get(&st->rec, "comment"));
    enum ui_result r = formview_event(&st->fv, ev);
    if (str_eq(f, "product"))
        product_search(s);
    const char *ship = record_get(&st->rec, "ship_on");
    if (!str_eq(old_ship, ship) || !str_eq(old_comment, record_get(&st->rec, "comment"))) {
        if (ship && strlen(ship) == 10 && !str_empty(ctx_get(st, "agreement_id")) &&
            !str_eq(ship, st->cat.ship_on) && ship_day_ok(s, ship) &&
            catalog_for(s, ctx_get(st, "agreement_id"), ship)) {
            lines_rebuild(st);
            ui_message(_("Prices as of %s."), ship);
        }
        journal(s);
    }
    free(old_ship);
    free(old_comment);
    return r;
}

static void entry_done(struct screen *s)
{
    struct entry_state *st = s->state;
    formview_free(&st->fv);
    order_draft_clear(&st->d);
    free(st->d.lines);
    order_catalog_free(&st->cat);
    doc_clear(&st->ctx);
    record_clear(&st->rec);
    rowset_clear(&st->lines);
    rowset_clear(&st->found);
    rowset_clear(&st->usual);
    free(st->found_for);
    free(st->journal);
    free(st->status);
    free(st->usual_qty);
}

const struct screen_ops order_entry_screen = {
    .name = "order_entry",
    .state_size = sizeof(struct entry_state),
    .open = entry_open,
    .draw = entry_draw,
    .event = entry_event,
    .done = entry_done,
    .help = entry_help,
    .help_now = entry_help_now,
};
