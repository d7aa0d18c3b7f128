/* order_lines.c: the order screen's products and lines (order_entry.h). A code that only one
 * product has moves to the quantity by itself; words of a name list the matches (Up/Down,
 * Enter); a quantity and Enter make the line. Up from the product field walks the lines:
 * Enter changes a quantity, Del deletes the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_entry.h"
#include "polka/i18n.h"
#include "polka/util.h"

/* A line's note in the grid, from the draft's rule. */
static const char *note_text(const struct order_item *it, int64_t qty)
{
    switch (order_line_note(it, qty)) {
    case ORDER_NOTE_NO_PRICE:
        return _("no price");
    case ORDER_NOTE_MATRIX:
        return _("matrix");
    case ORDER_NOTE_OVER_FREE:
        return _("> free");
    case ORDER_NOTE_PROMO:
        return it->promo;
    default:
        return NULL;
    }
}

static struct record *line_row(const struct entry_state *st, size_t i, const struct order_line *l,
                               const struct order_item *it)
{
    struct record *r = record_new();
    char n[24];
    snprintf(n, sizeof(n), "%zu", i + 1);
    record_set(r, "n", n);
    if (!it) {
        char id[32];
        snprintf(id, sizeof(id), "#%lld", (long long)l->product_id);
        record_set(r, "code", id);
        record_set(r, "name",
                   st->loading ? _("prices are being read...") : _("not in the catalog"));
        return r;
    }
    record_set(r, "code", it->code);
    record_set(r, "name", it->name);
    char *q = entry_qty_text(l->qty, it->scale);
    record_set(r, "qty", q);
    free(q);
    record_set(r, "unit", it->unit);
    if (it->price >= 0) {
        char *p = entry_money(it->price), *a = entry_money(order_line_amount(l->qty, it->price));
        record_set(r, "price", p);
        record_set(r, "amount", a);
        free(p);
        free(a);
    }
    record_set(r, "note", note_text(it, l->qty));
    return r;
}

/* The lines grid from the draft and the catalog. */
void entry_lines_rebuild(struct entry_state *st)
{
    rowset_clear(&st->lines);
    for (size_t i = 0; i < st->d.n; i++) {
        const struct order_line *l = &st->d.lines[i];
        rowset_add(&st->lines, line_row(st, i, l, entry_item(st, l->product_id)));
    }
    if (st->lgrid.sel >= (int)st->lines.n)
        st->lgrid.sel = st->lines.n ? (int)st->lines.n - 1 : 0;
}

/* ---- products ---- */

void entry_found_clear(struct entry_state *st)
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
    char *pack = entry_qty_text(it->pack, it->scale), *free_ = entry_qty_text(it->free, it->scale);
    record_set(r, "pack", pack);
    record_set(r, "free", free_);
    free(pack);
    free(free_);
    if (it->price >= 0) {
        char *p = entry_money(it->price);
        record_set(r, "price", p);
        free(p);
    }
    record_set(r, "mark", it->in_assortment == 0 ? _("matrix") : it->promo);
    rowset_add(&st->found, r);
}

/* The quantity is for it now. */
static void qty_for(struct screen *s, const struct order_item *it)
{
    struct entry_state *st = s->state;
    st->picked = it;
    entry_found_clear(st);
    entry_field_set(st, "product", it->code);
    st->found_for = xstrdup(it->code);
    entry_field_set(st, "qty", "");
    entry_focus(st, "qty");
}

/* After the product text changed: a code only one product has goes to the quantity at once;
 * otherwise the matches by code or by name are listed. */
void entry_product_search(struct screen *s)
{
    struct entry_state *st = s->state;
    const char *text = record_get(&st->rec, "product");
    if (str_eq(text ? text : "", st->found_for ? st->found_for : ""))
        return;
    entry_found_clear(st);
    if (str_empty(text))
        return;
    st->found_for = xstrdup(text);
    const struct order_catalog *cat = entry_search_catalog(s, text);
    if (all_digits(text)) {
        size_t first, n = order_catalog_code_prefix(cat, text, &first);
        if (n == 1 && strcmp(cat->items[first].code, text) == 0) {
            qty_for(s, &cat->items[first]);
            return;
        }
        st->found_total = n;
        for (size_t i = 0; i < n && st->nfound < FOUND_MAX; i++)
            st->found_idx[st->nfound++] = first + i;
    }
    if (!st->found_total) {
        st->found_total = order_catalog_name_search(cat, text, st->found_idx, FOUND_MAX);
        st->nfound = st->found_total < FOUND_MAX ? st->found_total : FOUND_MAX;
    }
    for (size_t i = 0; i < st->nfound; i++)
        found_row(st, &cat->items[st->found_idx[i]]);
    if (!st->found_total)
        ui_error(_("No product with code or name \"%s\"."), text);
    else
        ui_message_clear();
}

/* Enter on the product field: the exact code, else the match chosen in the list. */
enum ui_result entry_product_pick(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    if (!entry_need_client(s))
        return UI_HANDLED;
    formview_commit(&st->fv);
    entry_product_search(s);
    const char *text = record_get(&st->rec, "product");
    if (st->picked && str_eq(text, st->picked->code)) {
        entry_focus(st, "qty");
        return UI_HANDLED;
    }
    if (str_empty(text)) {
        ui_message("%s", _("Type a product code or words of its name."));
        return UI_HANDLED;
    }
    /* The catalog the list was made from (the server's finds while the catalog comes). */
    const struct order_catalog *cat = st->loading ? &st->found_cat : &st->cat;
    const struct order_item *exact = order_catalog_by_code(cat, text);
    if (exact && st->fgrid.sel == 0)
        qty_for(s, exact);
    else if (st->nfound)
        qty_for(s, &cat->items[st->found_idx[st->fgrid.sel]]);
    return UI_HANDLED;
}

/* Up on the product field: in the matches while there are any, else into the lines. */
enum ui_result entry_product_up(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    if (st->found_total)
        return grid_event(&st->fgrid, ev);
    if (st->d.n) {
        st->mode = M_LINES;
        st->lgrid.sel = (int)st->d.n - 1;
    }
    return UI_HANDLED;
}

enum ui_result entry_product_move(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    return st->found_total ? grid_event(&st->fgrid, ev) : UI_HANDLED;
}

/* Esc on the product field empties it; on an empty one it means leaving. */
enum ui_result entry_product_back(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    if (str_empty(record_get(&st->rec, "product")))
        return UI_IGNORED;
    entry_found_clear(st);
    entry_field_set(st, "product", "");
    st->picked = NULL;
    return UI_HANDLED;
}

/* ---- lines ---- */

void entry_line_put(struct screen *s, const struct order_item *it, int64_t qty, bool rounded,
                    bool quiet)
{
    struct entry_state *st = s->state;
    if (st->loading && !order_catalog_by_id(&st->extra, it->id)) {
        /* kept while the catalog comes: the server's finds are replaced at each look-up */
        order_catalog_add(&st->extra, it);
        order_catalog_index(&st->extra);
    }
    bool merged;
    size_t line = order_draft_put(&st->d, it->id, qty, &merged);
    int64_t total = st->d.lines[line].qty;
    entry_lines_rebuild(st);
    st->lgrid.sel = (int)line;
    if (quiet)
        return;
    char *q = entry_qty_text(total, it->scale), *p = entry_qty_text(it->pack, it->scale);
    enum order_note note = order_line_note(it, total);
    if (merged)
        ui_message(_("%s is on line %ld already: now %s %s."), it->code, (long)line + 1, q,
                   it->unit);
    else if (rounded)
        ui_message(_("Rounded up to whole packs: %s %s (pack of %s)."), q, it->unit, p);
    else if (note == ORDER_NOTE_NO_PRICE)
        ui_error(_("%s has no price under this agreement: the order cannot be saved with it."),
                 it->code);
    else if (note == ORDER_NOTE_MATRIX)
        ui_message(_("%s is outside the client's assortment."), it->code);
    else if (note == ORDER_NOTE_OVER_FREE)
        ui_message(_("%s: more than the free stock (allocation decides)."), it->code);
    else
        ui_message_clear();
    free(q);
    free(p);
}

/* Enter on the quantity: the line made, back to the product for the next one. */
enum ui_result entry_qty_enter(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    if (!st->picked) {
        entry_focus(st, "product");
        return UI_HANDLED;
    }
    int64_t qty;
    bool rounded;
    const char *bad = order_qty_parse(st->picked, record_get(&st->rec, "qty"), &qty, &rounded);
    if (bad) {
        ui_error("%s", bad);
        return UI_HANDLED;
    }
    entry_line_put(s, st->picked, qty, rounded, false);
    entry_journal(s);
    st->picked = NULL;
    entry_found_clear(st);
    entry_field_set(st, "product", "");
    entry_field_set(st, "qty", "");
    entry_focus(st, "product");
    return UI_HANDLED;
}

enum ui_result entry_qty_back(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    st->picked = NULL;
    entry_focus(st, "product");
    return UI_HANDLED;
}

/* Enter on a line: its quantity asked again. */
enum ui_result entry_line_edit(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    size_t i = (size_t)st->lgrid.sel;
    const struct order_item *it = i < st->d.n ? entry_item(st, st->d.lines[i].product_id) : NULL;
    if (!it)
        return UI_HANDLED;
    char *cur = entry_qty_text(st->d.lines[i].qty, it->scale);
    char *label = xasprintf(_("Quantity of %s %s, %s:"), it->code, it->name, it->unit);
    char *text = ui_prompt(_("Line"), label, cur, 20);
    free(label);
    free(cur);
    if (!text)
        return UI_HANDLED;
    int64_t qty;
    bool rounded;
    const char *bad = order_qty_parse(it, text, &qty, &rounded);
    free(text);
    if (bad) {
        ui_error("%s", bad);
        return UI_HANDLED;
    }
    order_draft_set_qty(&st->d, i, qty);
    entry_lines_rebuild(st);
    entry_journal(s);
    if (rounded) {
        char *q = entry_qty_text(qty, it->scale), *p = entry_qty_text(it->pack, it->scale);
        ui_message(_("Rounded up to whole packs: %s %s (pack of %s)."), q, it->unit, p);
        free(q);
        free(p);
    }
    return UI_HANDLED;
}

static enum ui_result to_product(struct entry_state *st)
{
    st->mode = M_ENTRY;
    entry_focus(st, "product");
    return UI_HANDLED;
}

enum ui_result entry_line_delete(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    int i = st->lgrid.sel;
    if (i < 0 || (size_t)i >= st->d.n)
        return UI_HANDLED;
    const struct order_item *it = entry_item(st, st->d.lines[i].product_id);
    ui_message(_("Line %d deleted: %s."), i + 1, it ? it->code : "?");
    order_draft_remove(&st->d, (size_t)i);
    entry_lines_rebuild(st);
    entry_journal(s);
    return st->d.n ? UI_HANDLED : to_product(st);
}

/* Down past the last line goes back to the product field. */
enum ui_result entry_lines_down(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    if (st->lgrid.sel + 1 >= (int)st->lines.n)
        return to_product(st);
    return grid_event(&st->lgrid, ev);
}

enum ui_result entry_lines_move(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    return grid_event(&st->lgrid, ev);
}

enum ui_result entry_lines_leave(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    return to_product(s->state);
}

/* Typing in the lines goes back to the product field: the next line (the key goes on). */
enum ui_result entry_lines_type(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    to_product(s->state);
    return UI_IGNORED;
}
