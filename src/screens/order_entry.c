/* order_entry.c: the phone operator's order entry (forms/order_entry.form); its parts are named
 * in order_entry.h.
 *
 * Keys are the budget: a client code and Enter, then per line the product code, the quantity
 * and Enter. Everything typed is looked up in memory: the client's priced catalog is read once
 * when the client is chosen. Every change of a line is journaled on this machine
 * (order_draft.h), so a crash or a killed terminal loses nothing; the save is idempotent (the
 * same key re-sent after a dropped connection saves once).
 *
 * This file: the state's life (open a new order, a journaled draft or a saved order; reset),
 * drawing, and the key table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "order_entry.h"
#include "polka/decimal.h"
#include "polka/i18n.h"
#include "polka/util.h"

static const enum request entry_help[] = {REQ_HELP,       REQ_SAVE, REQ_USUAL, REQ_COPY_LAST,
                                          REQ_CLAIM_CALL, REQ_NEW,  REQ_BACK,  REQ_NONE};
static const enum request lines_help[] = {REQ_HELP, REQ_OPEN, REQ_DELETE,
                                          REQ_SAVE, REQ_BACK, REQ_NONE};
static const enum request usual_help[] = {REQ_HELP, REQ_OPEN, REQ_INSERT, REQ_BACK, REQ_NONE};
static const enum request read_help[] = {REQ_HELP, REQ_CLAIM_CALL, REQ_NEW, REQ_BACK, REQ_NONE};
static const enum request reader_help[] = {REQ_HELP, REQ_BACK, REQ_NONE};

static const enum request *entry_help_now(struct screen *s)
{
    static const enum request *const by_mode[] = {[M_ENTRY] = entry_help,
                                                  [M_LINES] = lines_help,
                                                  [M_USUAL] = usual_help,
                                                  [M_READ] = read_help};
    struct entry_state *st = s->state;
    return st->reader ? reader_help : by_mode[st->mode];
}

/* ---- shared by the parts ---- */

char *entry_money(int64_t v)
{
    char buf[40];
    return xstrdup(decimal_format(v, 2, "\u00a0", ".", buf, sizeof(buf)));
}

/* A quantity in the unit's own decimals ("12", "1.5" kg). */
char *entry_qty_text(int64_t q, int scale)
{
    char buf[40];
    return xstrdup(
        decimal_format(decimal_rescale(q, QTY_SCALE, scale), scale, "", ".", buf, sizeof(buf)));
}

char *entry_money_text(const char *db)
{
    int64_t v;
    return db && decimal_parse(db, 2, &v) == DECIMAL_OK ? entry_money(v) : xstrdup(db ? db : "");
}

void entry_focus(struct entry_state *st, const char *name)
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

bool entry_focus_is(const struct entry_state *st, const char *name)
{
    return str_eq(formview_focus_name(&st->fv), name);
}

void entry_field_set(struct entry_state *st, const char *name, const char *v)
{
    formview_commit(&st->fv); /* what is being typed elsewhere stays */
    record_set(&st->rec, name, v);
    formview_reload(&st->fv);
}

const char *entry_ctx(const struct entry_state *st, const char *key)
{
    return record_get(&st->ctx.head, key);
}

void entry_journal(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!st->journal || st->mode == M_READ)
        return;
    st->unjournaled = false;
    order_draft_set_day(&st->d, record_get(&st->rec, "ship_on"), record_get(&st->rec, "comment"));
    if (order_draft_empty(&st->d)) {
        order_journal_remove(st->journal);
        return;
    }
    if (!order_journal_write(st->journal, &st->d))
        ui_error(_("The draft could not be written to %s: %s"), st->journal, strerror(errno));
    else
        st->journaled = true;
}

bool entry_need_client(struct screen *s)
{
    struct entry_state *st = s->state;
    if (!str_empty(st->d.client_id) && (st->cat.n || st->loading))
        return true;
    ui_message("%s", _("Choose the client first."));
    entry_focus(st, "client");
    return false;
}

void entry_reset(struct screen *s)
{
    struct entry_state *st = s->state;
    entry_catalog_stop(s);
    order_journal_remove(st->journal);
    order_draft_clear(&st->d);
    doc_clear(&st->ctx);
    free(st->status);
    st->status = NULL;
    xfree(&st->opened);
    st->mode = M_ENTRY;
    st->fv.readonly = false;
    st->picked = NULL;
    st->unjournaled = false;
    entry_found_clear(st);
    record_clear(&st->rec);
    formview_reload(&st->fv); /* the field being edited starts empty too, not committed back */
    entry_lines_rebuild(st);
    st->lgrid.sel = st->lgrid.top = 0;
    entry_focus(st, "client");
}

/* ---- opening: new, a draft, an existing order ---- */

/* The client's context beside a saved order, with the order's own agreement. */
static void order_context_of(struct screen *s, const struct doc *o)
{
    struct entry_state *st = s->state;
    struct db_error err = {0};
    char *today = business_day(s->app->db, &err);
    db_error_clear(&err);
    if (order_context(s->app->db, st->d.client_id, today, &st->ctx, &err)) {
        record_set(&st->ctx.head, "agreement_id", record_get(&o->head, "agreement_id"));
        record_set(&st->ctx.head, "agreement_code", record_get(&o->head, "agreement_code"));
    } else {
        db_error_clear(&err);
    }
    free(today);
}

/* A saved order: changed while it is new and the user may take orders, else read. */
static bool open_order(struct screen *s, const char *id, bool may_edit)
{
    struct entry_state *st = s->state;
    struct doc o = {0};
    struct db_error err = {0};
    if (!order_load(s->app->db, id, &o, &err)) {
        screens_refused(&err);
        return false;
    }
    order_draft_from_doc(&o, &st->d);
    st->status = xstrdup(record_get(&o.head, "status"));
    /* Prices as the order has them: its agreement on its day. */
    if (entry_catalog_for(s, record_get(&o.head, "agreement_id"), st->d.ship_on))
        order_context_of(s, &o);
    record_set(&st->rec, "client", st->d.client_label);
    record_set(&st->rec, "point", st->d.point_label);
    record_set(&st->rec, "ship_on", st->d.ship_on);
    record_set(&st->rec, "comment", st->d.comment);
    entry_lines_rebuild(st);
    free(st->opened);
    st->opened = order_draft_digest(&st->d);
    /* A confirmed order can still change: the save releases what allocation reserved for it
     * and it is new again (the database decides; a trip being picked will refuse it). */
    bool open = str_eq(st->status, "new") || str_eq(st->status, "confirmed") ||
                str_eq(st->status, "partly_confirmed");
    st->mode = may_edit && open ? M_ENTRY : M_READ;
    st->fv.readonly = st->mode == M_READ;
    if (st->mode == M_READ && may_edit)
        ui_message(_("Order %s is %s: it can no longer be changed."), record_get(&o.head, "number"),
                   order_status_label(st->status));
    else if (st->mode == M_READ)
        ui_message(_("Order %s, %s: read only (your role does not take orders)."),
                   record_get(&o.head, "number"), order_status_label(st->status));
    else
        entry_focus(st, "product");
    if (st->mode == M_ENTRY && !str_eq(st->status, "new"))
        ui_message(_("Order %s is %s: saving a change releases its reservation, and the planner "
                     "confirms it again."),
                   record_get(&o.head, "number"), order_status_label(st->status));
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
        order_journal_remove(st->journal);
        return;
    }
    order_draft_clear(&st->d);
    st->d = d;
    record_set(&st->rec, "comment", d.comment);
    if (d.client_id &&
        entry_client_take(s, d.client_id, d.client_label ? d.client_label : d.client_id, true)) {
        entry_focus(st, "product");
        ui_message(_("The unsaved order is back: %zu lines."), st->d.n);
    } else {
        entry_lines_rebuild(st);
    }
}

/* "visit:ID": a representative's order at his visit, the visit's client and outlet taken. */
static bool open_visit(struct screen *s, const char *visit)
{
    struct entry_state *st = s->state;
    struct record v = {0};
    struct db_error err = {0};
    bool ok = rep_visit_context(s->app->db, visit, &v, &err);
    if (!ok && err.kind != DBE_NONE)
        screens_refused(&err);
    else if (!ok)
        ui_error("%s", _("The visit is not one of yours."));
    if (ok &&
        (ok = entry_client_take(s, record_get(&v, "client_id"), record_get(&v, "client"), false))) {
        st->visit = xstrdup(visit);
        order_draft_set_point(&st->d, record_get(&v, "point_id"), record_get(&v, "point"));
        entry_field_set(st, "point", st->d.point_label);
        entry_catalog_repoint(s); /* the outlet's warehouse's free stock */
        entry_focus(st, "product");
        ui_message(_("An order at the visit to %s: the products and quantities."),
                   record_get(&v, "client"));
    }
    record_clear(&v);
    return ok;
}

static bool entry_open(struct screen *s, const char *arg)
{
    struct entry_state *st = s->state;
    st->journal_lock = -1; /* none yet (the state comes zeroed: 0 is a descriptor) */
    const struct form_grid *lg = s->form ? formdef_grid(s->form, "lines") : NULL;
    const struct form_grid *fg = s->form ? formdef_grid(s->form, "found") : NULL;
    const struct form_grid *ug = s->form ? formdef_grid(s->form, "usual") : NULL;
    if (!lg || !fg || !ug) {
        ui_error("forms/order_entry.form: grids 'lines', 'found' and 'usual' expected");
        return false;
    }
    /* Operators and managers take orders; a waybill clerk or a planner reads a saved one. */
    bool writer = app_has_role(s->app, "operator,manager,head,admin,sales_rep");
    st->reader = !writer;
    if (!writer && !(arg && *arg && app_has_role(s->app, "waybill_clerk,planner"))) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return false;
    }
    order_draft_clear(&st->d);
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    st->lgrid = (struct grid_view){.def = lg, .rows = &st->lines};
    st->fgrid = (struct grid_view){.def = fg, .rows = &st->found};
    st->ugrid = (struct grid_view){.def = ug, .rows = &st->usual};
    /* A new order offers a draft left in a free journal; a saved order or a visit's takes an
     * empty one, so that its changes never write over a draft left to be offered. */
    st->journal = order_journal_claim(s->app->user ? s->app->user : db_user(s->app->db),
                                      db_dbname(s->app->db), !(arg && *arg), &st->journal_lock);
    if (!st->journal)
        ui_error("%s", _("No folder for the draft journal (set HOME or POLKA_STATE_DIR): "
                         "an unsaved order would not survive a crash."));
    if (arg && str_starts(arg, "visit:"))
        return open_visit(s, arg + strlen("visit:"));
    if (arg && *arg)
        return open_order(s, arg, writer);
    offer_draft(s);
    return true;
}

/* ---- drawing ---- */

/* The agreement and the client's money, beside the fields: what decides this order first (the
 * debt, what of it is overdue, the least order), the credit limit after, so that a terminal of
 * 80 columns cuts what matters least. */
static void draw_terms(struct entry_state *st, int top, int cols)
{
    if (str_empty(entry_ctx(st, "agreement_code")))
        return;
    char *a = xasprintf("%s %s", _("Agreement"), entry_ctx(st, "agreement_code"));
    ui_text(top + 1, 54, cols - 54, a, UA_DIM);
    free(a);
    static const struct {
        const char *key, *label, *format;
    } terms[] = {{"debt", N_("Debt"), "%s %s"},
                 {"overdue", N_("overdue"), " (%s %s)"},
                 {"min_order", N_("min. order"), " · %s %s"},
                 {"credit_limit", N_("limit"), " · %s %s"}};
    struct strbuf sb = {0};
    for (size_t i = 0; i < ARRAY_SIZE(terms); i++) {
        const char *v = entry_ctx(st, terms[i].key);
        int64_t x;
        if (!v || (i == 1 && decimal_parse(v, 2, &x) == DECIMAL_OK && x == 0))
            continue; /* no overdue debt is not said */
        char *m = entry_money_text(v);
        strbuf_printf(&sb, terms[i].format, _(terms[i].label), m);
        free(m);
    }
    if (str_eq(entry_ctx(st, "assortment_only"), "true"))
        strbuf_printf(&sb, " · %s", _("assortment only"));
    ui_text(top + 3, 1, cols - 2, sb.buf, UA_DIM);
    strbuf_release(&sb);
}

/* The last body row: what the product list holds, what the quantity is for, or the totals. */
static char *bottom_line(struct entry_state *st)
{
    if (st->found_total && entry_focus_is(st, "product") && st->mode != M_USUAL)
        return xasprintf(_("Found %zu (showing %zu): Up/Down, Enter takes it"), st->found_total,
                         st->nfound);
    const struct order_item *it = st->picked;
    if (it && entry_focus_is(st, "qty")) {
        char *fr = entry_qty_text(it->free, it->scale), *pack = entry_qty_text(it->pack, it->scale);
        char *price = it->price >= 0 ? entry_money(it->price) : xstrdup(_("no price"));
        char *line = xasprintf("%s %s · %s · %s %s %s · %s %s", it->code, it->name, price,
                               _("pack"), pack, it->unit, _("free"), fr);
        free(fr);
        free(pack);
        free(price);
        return line;
    }
    if (st->loading && !st->d.n) /* the catalog coming: how far (the screen is usable) */
        return xasprintf(_("Prices are being read: %zu products so far..."), st->next.n);
    struct order_totals t = order_draft_totals(&st->d, st->loading ? &st->extra : &st->cat);
    char *a = entry_money(t.amount), *v = entry_money(t.vat);
    char w[40];
    decimal_format(t.weight, 3, "\u00a0", ".", w, sizeof(w));
    char *line = xasprintf(_("Lines %zu · weight %s kg · amount %s · VAT %s"), st->d.n, w, a, v);
    free(a);
    free(v);
    return line;
}

static void entry_draw(struct screen *s)
{
    struct entry_state *st = s->state;
    int top = ui_body_top(), rows = ui_body_rows(), cols = ui_cols();
    formview_draw(&st->fv, top, 0);
    draw_terms(st, top, cols);
    int grid_top = top + 5, grid_rows = rows - 6;
    if (grid_rows < 2)
        return;
    if (st->mode == M_USUAL)
        entry_usual_draw(s, grid_top, grid_rows, cols);
    else if (st->found_total && entry_focus_is(st, "product"))
        grid_draw(&st->fgrid, grid_top, 0, grid_rows, cols, true);
    else
        grid_draw(&st->lgrid, grid_top, 0, grid_rows, cols, st->mode == M_LINES);
    char *line = bottom_line(st);
    ui_text(top + rows - 1, 0, cols, line, UA_BOLD);
    free(line);
}

/* ---- keys ---- */

static enum ui_result new_order(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    if (st->reader) {
        ui_error("%s", _("Your role reads orders: taking and cancelling them is for operators "
                         "and managers."));
        return UI_HANDLED;
    }
    formview_commit(&st->fv);
    if (st->mode != M_READ && st->d.n &&
        !ui_confirm(_("New order"), _("Drop this order without saving it?")))
        return UI_HANDLED;
    entry_reset(s);
    ui_message_clear(); /* what was said was about the order dropped */
    return UI_HANDLED;
}

/* Leaving with lines (Esc, Ctrl-Q): asked first, the order journaled as a draft that is
 * offered the next time; `done` when the person goes. */
static enum ui_result keep_draft(struct screen *s, const char *question, enum ui_result done)
{
    struct entry_state *st = s->state;
    formview_commit(&st->fv);
    /* A saved order opened and left as it was: nothing to keep, nothing to ask. */
    order_draft_set_day(&st->d, record_get(&st->rec, "ship_on"), record_get(&st->rec, "comment"));
    char *now = st->opened ? order_draft_digest(&st->d) : NULL;
    bool unchanged = now && str_eq(now, st->opened);
    free(now);
    if (unchanged) {
        /* What this screen journaled of it (changed, then changed back) goes; a journal it
         * never wrote is left as it is (another order's draft). */
        if (st->journaled)
            order_journal_remove(st->journal);
        st->unjournaled = false; /* nothing for entry_done to journal either */
        return done;
    }
    if (st->d.n && !ui_confirm(_("Unsaved order"), question))
        return UI_HANDLED;
    entry_journal(s);
    return done;
}

/* Esc with nothing else to undo. */
static enum ui_result leave(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    return keep_draft(s,
                      _("Leave the order without saving? It stays as a draft and is offered the "
                        "next time."),
                      UI_CLOSE);
}

static enum ui_result quit(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    return keep_draft(s,
                      _("Quit Polka without saving the order? It stays as a draft and is offered "
                        "the next time the order screen opens."),
                      UI_QUIT);
}

static enum ui_result close_screen(struct screen *s, const struct ui_event *ev)
{
    (void)s, (void)ev;
    return UI_CLOSE;
}

static enum ui_result need_client(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    return entry_need_client(s) ? UI_IGNORED : UI_HANDLED;
}

/* F6: the client on the line complains: a claim call counted for the order's client (what
 * the head's report sets the registered claims against). */
static enum ui_result claim_call(struct screen *s, const struct ui_event *ev)
{
    (void)ev;
    struct entry_state *st = s->state;
    if (str_empty(st->d.client_id)) {
        ui_error("%s", _("Choose the client first: the claim call is counted for the client."));
        return UI_HANDLED;
    }
    struct db_error err = {0};
    if (claim_call_log(s->app->db, st->d.client_id, &err))
        ui_message(_("A claim call of %s counted (Ctrl-P registers the claim)."),
                   st->d.client_label ? st->d.client_label : st->d.client_id);
    else
        screens_refused(&err);
    return UI_HANDLED;
}

/* Any other key edits the focused field; a changed day reads that day's prices; a field
 * left after a change is journaled. */
static enum ui_result field_edit(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    const char *field = formview_focus_name(&st->fv);
    char *old_ship = xstrdup(record_get(&st->rec, "ship_on"));
    char *old_comment = xstrdup(record_get(&st->rec, "comment"));
    enum ui_result r = formview_event(&st->fv, ev);
    if (str_eq(field, "product"))
        entry_product_search(s);
    entry_day_changed(s, old_ship, old_comment);
    if (st->unjournaled && !entry_focus_is(st, field))
        entry_journal(s);
    free(old_ship);
    free(old_comment);
    return r;
}

static enum ui_result lines_other(struct screen *s, const struct ui_event *ev)
{
    (void)s, (void)ev;
    return UI_HANDLED; /* the lines take no other key */
}

static enum ui_result read_other(struct screen *s, const struct ui_event *ev)
{
    (void)s, (void)ev;
    return UI_IGNORED; /* the framework's own meaning (F10 the menu) */
}

#define IN(m)    (1u << (m))
#define EDITING  (IN(M_ENTRY) | IN(M_LINES))
#define ANY_MODE (EDITING | IN(M_USUAL) | IN(M_READ))

/* The order screen's keys: the first row for the current mode, focused field (NULL: any) and
 * request whose handler takes the key. A handler returning UI_IGNORED lets the rows below
 * look at it (in the mode and field it may have moved to); with none left, the mode's
 * `otherwise` handler has it. */
static const struct entry_key {
    unsigned modes;
    const char *field;
    enum request req;
    entry_handler fn;
} entry_keys[] = {
    {ANY_MODE, NULL, REQ_NEW, new_order},
    {EDITING | IN(M_USUAL), NULL, REQ_QUIT, quit},
    {IN(M_READ), NULL, REQ_BACK, close_screen},
    {IN(M_LINES), NULL, REQ_OPEN, entry_line_edit},
    {IN(M_LINES), NULL, REQ_DELETE, entry_line_delete},
    {IN(M_LINES), NULL, REQ_DOWN, entry_lines_down},
    {IN(M_LINES), NULL, REQ_UP, entry_lines_move},
    {IN(M_LINES), NULL, REQ_PGUP, entry_lines_move},
    {IN(M_LINES), NULL, REQ_PGDN, entry_lines_move},
    {IN(M_LINES), NULL, REQ_HOME, entry_lines_move},
    {IN(M_LINES), NULL, REQ_END, entry_lines_move},
    {IN(M_LINES), NULL, REQ_BACK, entry_lines_leave},
    {IN(M_LINES), NULL, REQ_NEXT, entry_lines_leave},
    {IN(M_LINES), NULL, REQ_PREV, entry_lines_leave},
    {IN(M_LINES), NULL, REQ_CHAR, entry_lines_type}, /* goes on as typing in the product */
    {EDITING, NULL, REQ_SAVE, entry_save},
    {IN(M_ENTRY) | IN(M_READ), NULL, REQ_CLAIM_CALL, claim_call},
    {IN(M_ENTRY), NULL, REQ_USUAL, entry_usual_open},
    {IN(M_ENTRY), NULL, REQ_COPY_LAST, entry_copy_last},
    {IN(M_ENTRY), "client", REQ_OPEN, entry_client_choose},
    {IN(M_ENTRY), "client", REQ_LOOKUP, entry_client_choose},
    {IN(M_ENTRY), "point", REQ_OPEN, entry_point_choose},
    {IN(M_ENTRY), "point", REQ_LOOKUP, entry_point_choose},
    {IN(M_ENTRY), "point", REQ_CHAR, entry_point_choose},
    {IN(M_ENTRY), "point", REQ_DELETE, entry_point_clear},
    {IN(M_ENTRY), "point", REQ_CLEAR, entry_point_clear},
    {IN(M_ENTRY), "product", REQ_OPEN, entry_product_pick},
    {IN(M_ENTRY), "product", REQ_LOOKUP, entry_product_pick},
    {IN(M_ENTRY), "product", REQ_UP, entry_product_up},
    {IN(M_ENTRY), "product", REQ_DOWN, entry_product_move},
    {IN(M_ENTRY), "product", REQ_PGUP, entry_product_move},
    {IN(M_ENTRY), "product", REQ_PGDN, entry_product_move},
    {IN(M_ENTRY), "product", REQ_BACK, entry_product_back},
    {IN(M_ENTRY), "product", REQ_CHAR, need_client},
    {IN(M_ENTRY), "qty", REQ_OPEN, entry_qty_enter},
    {IN(M_ENTRY), "qty", REQ_BACK, entry_qty_back},
    {IN(M_ENTRY), "qty", REQ_UP, entry_qty_back},
    {IN(M_ENTRY), NULL, REQ_BACK, leave},
};

static const entry_handler otherwise[] = {
    [M_ENTRY] = field_edit,
    [M_LINES] = lines_other,
    [M_USUAL] = entry_usual_event, /* the sub-screen's own keys */
    [M_READ] = read_other,
};

static enum ui_result entry_event(struct screen *s, const struct ui_event *ev)
{
    struct entry_state *st = s->state;
    for (size_t i = 0; i < ARRAY_SIZE(entry_keys); i++) {
        const struct entry_key *k = &entry_keys[i];
        if (k->req != ev->req || !(k->modes & IN(st->mode)) ||
            (k->field && !entry_focus_is(st, k->field)))
            continue;
        enum ui_result r = k->fn(s, ev);
        if (r != UI_IGNORED)
            return r;
    }
    return otherwise[st->mode](s, ev);
}

static void entry_done(struct screen *s)
{
    struct entry_state *st = s->state;
    if (st->unjournaled) /* closed while a field was being typed in (Ctrl-Q) */
        entry_journal(s);
    entry_catalog_stop(s);
    db_close(&st->cdb);
    formview_free(&st->fv);
    order_draft_clear(&st->d);
    order_catalog_free(&st->cat);
    doc_clear(&st->ctx);
    record_clear(&st->rec);
    rowset_clear(&st->lines);
    rowset_clear(&st->found);
    rowset_clear(&st->usual);
    free(st->found_for);
    free(st->journal);
    order_journal_release(&st->journal_lock);
    free(st->status);
    free(st->opened);
    free(st->usual_qty);
    free(st->visit);
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
    .idle = entry_catalog_slice,
};
