/* pricing.c: the pricing screens. The list of price types; a price type's card; its prices on
 * a date, edited with the product's history in view; its rules by the category tree. Every
 * change of prices or rules shows first what the recalculation will change (the database's
 * own preview, computed by the same plan the save then applies), then saves in one call. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/db.h"
#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/text.h"
#include "polka/util.h"
#include "screens.h"

#define PRICE_LIST_LIMIT 500

/* ---- shared ---- */

/* The business day (db_today), or the terminal's if the database cannot say. */
static void today(struct db *db, char buf[11])
{
    struct db_error err = {0};
    char *day = db_today(db, &err);
    if (day && strlen(day) == 10) {
        memcpy(buf, day, 11);
    } else {
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(buf, 11, "%Y-%m-%d", &tm);
    }
    free(day);
    db_error_clear(&err);
}

static void refused(const char *title, struct db_error *err)
{
    app_db_error(title, err);
    db_error_clear(err);
}

/* Shows the preview rows (type, changes, product, old, new, percent) and asks to go on. */
static bool preview_ok(const char *title, const struct rowset *plan)
{
    struct strbuf sb = {0};
    if (plan->n == 0) {
        strbuf_puts(&sb, _("No computed price changes."));
    } else {
        strbuf_printf(&sb, "%s\n", _("Computed prices that change:"));
        const char *last = NULL;
        for (size_t i = 0; i < plan->n; i++) {
            const struct record *r = plan->rows[i];
            if (!str_eq(last, record_get(r, "type")))
                strbuf_printf(&sb, "  %s: %s\n", record_get(r, "type"), record_get(r, "changes"));
            last = record_get(r, "type");
        }
        strbuf_printf(&sb, "%s\n", _("Largest changes:"));
        for (size_t i = 0; i < plan->n && i < 6; i++) {
            const struct record *r = plan->rows[i];
            if (!record_get(r, "product"))
                continue;
            const char *old = record_get(r, "old"), *pct = record_get(r, "percent");
            strbuf_printf(&sb, "  %s %s: %s -> %s%s%s%s\n", record_get(r, "type"),
                          record_get(r, "product"), old ? old : "-", record_get(r, "new"),
                          pct ? " (" : "", pct ? pct : "", pct ? "%)" : "");
        }
    }
    strbuf_printf(&sb, "\n%s", _("Save?"));
    bool ok = ui_confirm(title, sb.buf);
    strbuf_release(&sb);
    return ok;
}

/* ---- the list of price types ---- */

struct types_state {
    struct search_list list; /* rows: those of all matching q (copies) */
    struct rowset all;       /* every type, as loaded */
    bool stale;              /* reload when shown again (a card or editor may have changed it) */
};

static const enum request types_help[] = {REQ_HELP, REQ_OPEN, REQ_RULES, REQ_DETAILS,
                                          REQ_NEW,  REQ_BACK, REQ_MENU,  REQ_NONE};

/* The rows whose code or name holds q (any case): few enough to filter here. */
static void types_filter(struct types_state *st)
{
    struct search_list *l = &st->list;
    const char *q = search_list_q(l);
    rowset_clear(&l->rows);
    for (size_t i = 0; i < st->all.n; i++) {
        const struct record *r = st->all.rows[i];
        if (!*q || text_contains_ci(record_get(r, "code"), q) ||
            text_contains_ci(record_get(r, "name"), q))
            rowset_add(&l->rows, record_copy(r));
    }
    search_list_searched(l, true, NULL, 0);
}

static void types_load(struct screen *s)
{
    static const struct {
        const char *kind, *label;
    } kinds[] = {
        {"base", N_("base")}, {"dependent", N_("dependent")}, {"individual", N_("individual")}};
    struct types_state *st = s->state;
    struct db_error err = {0};
    rowset_clear(&st->all);
    if (!price_type_list(s->app->db, &st->all, &err))
        refused(_("Price types"), &err);
    for (size_t i = 0; i < st->all.n; i++)
        for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
            if (str_eq(record_get(st->all.rows[i], "kind"), kinds[k].kind))
                record_set(st->all.rows[i], "kind_label", _(kinds[k].label));
    types_filter(st);
    st->stale = false;
}

static bool types_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct types_state *st = s->state;
    if (!search_list_open(&st->list, s->form, "list"))
        return false;
    types_load(s);
    return true;
}

static void types_draw(struct screen *s)
{
    struct types_state *st = s->state;
    if (st->stale)
        types_load(s);
    search_list_draw(&st->list);
}

static enum ui_result types_event(struct screen *s, const struct ui_event *ev)
{
    struct types_state *st = s->state;
    const struct record *cur = grid_current(&st->list.grid);
    const char *screen = NULL;
    bool changed;
    enum ui_result r;
    switch (ev->req) {
    case REQ_OPEN:
        screen = "prices";
        break;
    case REQ_RULES:
        screen = "price_rules";
        break;
    case REQ_DETAILS:
        screen = "price_type_card";
        break;
    case REQ_NEW:
        st->stale = app_push(s->app, "price_type_card", NULL);
        return UI_HANDLED;
    case REQ_REFRESH:
        types_load(s);
        return UI_HANDLED;
    default:
        r = search_list_event(&st->list, ev, &changed);
        if (changed)
            types_filter(st);
        return r;
    }
    if (cur)
        st->stale = app_push(s->app, screen, record_get(cur, "id"));
    return UI_HANDLED;
}

static void types_done(struct screen *s)
{
    struct types_state *st = s->state;
    search_list_done(&st->list);
    rowset_clear(&st->all);
}

const struct screen_ops price_types_screen = {
    .name = "price_types",
    .state_size = sizeof(struct types_state),
    .open = types_open,
    .draw = types_draw,
    .event = types_event,
    .done = types_done,
    .help = types_help,
};

/* ---- a price type's card ---- */

struct ptcard_state {
    struct doc doc;
    struct formview fv;
    bool can_edit;
};

static const enum request ptcard_help[] = {REQ_HELP,    REQ_SAVE, REQ_LOOKUP, REQ_RULES,
                                           REQ_HISTORY, REQ_BACK, REQ_MENU,   REQ_NONE};

static void ptcard_bind(struct screen *s)
{
    struct ptcard_state *st = s->state;
    struct formview_hooks hooks = screens_hooks(s->app);
    formview_rebind(&st->fv, s->form, &st->doc.head, NULL, &hooks, !st->can_edit);
}

static bool ptcard_open(struct screen *s, const char *id)
{
    struct ptcard_state *st = s->state;
    char day[11];
    /* The server decides for individual types (the client's manager); the card lets managers
     * try. */
    st->can_edit = app_has_role(s->app, "manager,head,admin");
    if (id) {
        struct db_error err = {0};
        if (!price_type_load(s->app->db, id, &st->doc, &err)) {
            refused(_("Price type"), &err);
            return false;
        }
    } else {
        if (!st->can_edit) {
            ui_error("%s", _("Not permitted: your role does not allow this."));
            return false;
        }
        record_set(&st->doc.head, "kind", "dependent");
        record_set(&st->doc.head, "rounding", "0.01");
    }
    today(s->app->db, day);
    record_set(&st->doc.head, "recalc_on", day);
    ptcard_bind(s);
    return true;
}

static void ptcard_draw(struct screen *s)
{
    struct ptcard_state *st = s->state;
    formview_draw(&st->fv, ui_body_top(), 0);
}

static enum ui_result ptcard_save(struct screen *s)
{
    struct ptcard_state *st = s->state;
    const char *msg;
    struct db_error err = {0};
    if (!st->can_edit) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return UI_HANDLED;
    }
    if (!formview_validate(&st->fv, &msg)) {
        ui_error("%s", msg);
        return UI_HANDLED;
    }
    if (!str_empty(record_get(&st->doc.head, "source_id"))) {
        struct rowset plan = {0};
        if (!price_type_preview(s->app->db, &st->doc, &plan, &err)) {
            ui_error("%s", db_error_message(&err)); /* nothing saved: the card keeps its text */
            db_error_clear(&err);
            return UI_HANDLED;
        }
        bool ok = preview_ok(_("Price type"), &plan);
        rowset_clear(&plan);
        if (!ok) {
            ui_message("%s", _("Not saved."));
            return UI_HANDLED;
        }
    }
    char *id = price_type_save(s->app->db, &st->doc, &err);
    if (!id) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
        return UI_HANDLED;
    }
    char *on = xstrdup(record_get(&st->doc.head, "recalc_on"));
    if (price_type_load(s->app->db, id, &st->doc, &err)) {
        record_set(&st->doc.head, "recalc_on", on);
        ptcard_bind(s);
        ui_message(_("Saved: %s"), record_get(&st->doc.head, "code"));
    } else {
        record_set(&st->doc.head, "id", id); /* saved; another F2 is refused as stale */
        st->fv.dirty = false;
        ui_error(_("Saved, but the card could not be read back (%s); reopen it."),
                 db_error_message(&err));
        db_error_clear(&err);
    }
    free(on);
    free(id);
    return UI_HANDLED;
}

static enum ui_result ptcard_event(struct screen *s, const struct ui_event *ev)
{
    struct ptcard_state *st = s->state;
    const char *id = record_get(&st->doc.head, "id");
    switch (ev->req) {
    case REQ_SAVE:
        return ptcard_save(s);
    case REQ_RULES:
        if (str_empty(id))
            ui_message("%s", _("Save the price type first."));
        else
            app_push(s->app, "price_rules", id);
        return UI_HANDLED;
    case REQ_HISTORY:
        screens_history(s->app, "price_type", id);
        return UI_HANDLED;
    case REQ_BACK:
        return screens_leave_card(&st->fv);
    default:
        return formview_event(&st->fv, ev);
    }
}

static void ptcard_done(struct screen *s)
{
    struct ptcard_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->doc);
}

const struct screen_ops price_type_card_screen = {
    .name = "price_type_card",
    .state_size = sizeof(struct ptcard_state),
    .open = ptcard_open,
    .draw = ptcard_draw,
    .event = ptcard_event,
    .done = ptcard_done,
    .help = ptcard_help,
};

/* ---- the prices of a type ---- */

struct prices_state {
    struct doc type;       /* the price type (head: id, code, kind, version...) */
    struct record rec;     /* the fields: on, q */
    struct record changes; /* product id -> new price typed, not yet saved */
    struct formview fv;
    struct rowset rows, hist;
    struct grid_view grid, hgrid;
    char *last_q, *last_on, *hist_of;
    bool computed; /* a dependent type: prices come from the rules */
    bool can_edit;
};

static const enum request prices_help[] = {REQ_HELP,    REQ_OPEN, REQ_SAVE, REQ_RULES,
                                           REQ_REFRESH, REQ_BACK, REQ_MENU, REQ_NONE};
/* A client's own type: its assortment too. */
static const enum request prices_help_client[] = {REQ_HELP,   REQ_OPEN,  REQ_SAVE, REQ_INSERT,
                                                  REQ_DELETE, REQ_RULES, REQ_BACK, REQ_NONE};
static const enum request prices_help_read[] = {REQ_HELP, REQ_RULES, REQ_BACK, REQ_MENU, REQ_NONE};

static const enum request *prices_help_now(struct screen *s)
{
    const struct prices_state *st = s->state;
    if (!st->can_edit)
        return prices_help_read;
    return str_empty(record_get(&st->type.head, "client_id")) ? prices_help : prices_help_client;
}

/* The product's history below the list, when the selection moved to another product. */
static void prices_history(struct screen *s)
{
    struct prices_state *st = s->state;
    const struct record *cur = grid_current(&st->grid);
    const char *pid = cur ? record_get(cur, "product_id") : NULL;
    if (str_eq(pid, st->hist_of))
        return;
    free(st->hist_of);
    st->hist_of = xstrdup(pid);
    rowset_clear(&st->hist);
    st->hgrid.sel = st->hgrid.top = 0;
    if (!pid)
        return;
    struct db_error err = {0};
    if (!price_history(s->app->db, record_get(&st->type.head, "id"), pid, &st->hist, &err)) {
        refused(_("Prices"), &err);
        return;
    }
    for (size_t i = 0; i < st->hist.n; i++)
        record_set(st->hist.rows[i], "how",
                   str_eq(record_get(st->hist.rows[i], "computed"), "t") ? _("computed")
                                                                         : _("typed"));
}

static void prices_load(struct screen *s)
{
    struct prices_state *st = s->state;
    const char *q = record_get(&st->rec, "q"), *on = record_get(&st->rec, "on");
    struct db_error err = {0};
    rowset_clear(&st->rows);
    free(st->last_q);
    free(st->last_on);
    st->last_q = xstrdup(q ? q : "");
    st->last_on = xstrdup(on ? on : "");
    st->grid.sel = st->grid.top = 0;
    free(st->hist_of);
    st->hist_of = NULL;
    if (!price_list(s->app->db, record_get(&st->type.head, "id"), on, q, PRICE_LIST_LIMIT,
                    &st->rows, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
    }
    for (size_t i = 0; i < st->rows.n; i++) {
        struct record *r = st->rows.rows[i];
        record_set(r, "new", record_get(&st->changes, record_get(r, "product_id")));
        const char *in = record_get(r, "in_assortment");
        record_set(r, "matrix", str_eq(in, "t") ? _("yes") : str_eq(in, "f") ? _("no") : NULL);
    }
    prices_history(s);
}

static bool prices_open(struct screen *s, const char *id)
{
    struct prices_state *st = s->state;
    const struct form_grid *g = s->form ? formdef_grid(s->form, "list") : NULL;
    const struct form_grid *h = s->form ? formdef_grid(s->form, "history") : NULL;
    struct db_error err = {0};
    char day[11];
    if (!g || !h || !id) {
        ui_error("forms/prices.form: grids 'list' and 'history' expected");
        return false;
    }
    if (!price_type_load(s->app->db, id, &st->type, &err)) {
        refused(_("Prices"), &err);
        return false;
    }
    const char *kind = record_get(&st->type.head, "kind");
    st->computed = str_eq(kind, "dependent");
    st->can_edit =
        !st->computed && (str_eq(kind, "individual") ? app_has_role(s->app, "manager,head,admin")
                                                     : app_has_role(s->app, "head,admin"));
    today(s->app->db, day);
    record_set(&st->rec, "on", day);
    formview_init(&st->fv, s->form, &st->rec, NULL, NULL);
    st->fv.focus = 1; /* the search line */
    st->grid.def = g;
    st->grid.rows = &st->rows;
    st->hgrid.def = h;
    st->hgrid.rows = &st->hist;
    prices_load(s);
    if (st->computed)
        ui_message("%s", _("Computed from its source by rules: F9 edits the rules."));
    else if (!st->can_edit)
        ui_message("%s", _("Read only: your role cannot change these prices."));
    return true;
}

static void prices_draw(struct screen *s)
{
    struct prices_state *st = s->state;
    int top = ui_body_top(), rows = ui_body_rows();
    int hist_rows = rows >= 14 ? 6 : 0; /* header + 5; none on a tiny terminal */
    char *title =
        xasprintf("%s %s", record_get(&st->type.head, "code"), record_get(&st->type.head, "name"));
    ui_text(top, 0, ui_cols(), title, UA_BOLD);
    free(title);
    formview_draw(&st->fv, top + 1, 0);
    grid_draw(&st->grid, top + 2, 0, rows - 2 - hist_rows, ui_cols(), true);
    if (hist_rows)
        grid_draw(&st->hgrid, top + rows - hist_rows, 0, hist_rows, ui_cols(), false);
}

/* Types a new price for the current product (kept until F2). */
static void prices_edit(struct screen *s)
{
    struct prices_state *st = s->state;
    struct record *cur = (struct record *)grid_current(&st->grid);
    if (!cur)
        return;
    if (!st->can_edit) {
        ui_error("%s", st->computed ? _("Computed from its source by rules: F9 edits the rules.")
                                    : _("Not permitted: your role does not allow this."));
        return;
    }
    char *label =
        xasprintf(_("New price of %s %s from %s (empty: no change):"), record_get(cur, "code"),
                  record_get(cur, "name"), record_get(&st->rec, "on"));
    const char *initial = record_get(cur, "new");
    char *text = ui_prompt(_("Price"), label, initial ? initial : record_get(cur, "price"), 20);
    free(label);
    if (!text)
        return;
    const char *pid = record_get(cur, "product_id");
    int64_t v;
    enum decimal_status ds = decimal_parse(text, 2, &v);
    if (ds == DECIMAL_EMPTY) {
        record_set(&st->changes, pid, NULL);
        record_set(cur, "new", NULL);
    } else if (ds != DECIMAL_OK) {
        ui_error(_("Price: %s"), decimal_strerror(ds));
    } else if (v <= 0) {
        ui_error("%s", _("A price must be greater than zero."));
    } else {
        char buf[40];
        decimal_to_sql(v, 2, buf, sizeof(buf));
        record_set(&st->changes, pid, buf);
        record_set(cur, "new", buf);
        ui_message("%s", _("F2 shows what changes and saves."));
    }
    free(text);
}

/* Are there typed prices not saved yet? */
static bool has_changes(const struct record *changes)
{
    for (size_t i = 0; i < changes->n; i++)
        if (changes->vals[i])
            return true;
    return false;
}

/* {"id": price, ...} of the typed changes; NULL when there are none. */
static char *changes_json(const struct record *changes)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "{");
    size_t n = 0;
    for (size_t i = 0; i < changes->n; i++) {
        if (!changes->vals[i])
            continue;
        strbuf_printf(&sb, "%s\"%s\": %s", n++ ? ", " : "", changes->keys[i], changes->vals[i]);
    }
    strbuf_puts(&sb, "}");
    if (!n) {
        strbuf_release(&sb);
        return NULL;
    }
    return strbuf_detach(&sb);
}

/* Prices for a day before the business day: the head's alone, with a reason, asked here (the
 * database refuses the rest in words). False on Esc or an empty reason; *reason stays NULL
 * for today and later days. */
static bool past_reason(struct screen *s, const char *on, char **reason)
{
    char day[11];
    today(s->app->db, day);
    *reason = NULL;
    if (str_empty(on) || strcmp(on, day) >= 0 || !app_has_role(s->app, "head"))
        return true;
    *reason = ui_prompt(_("Prices before today"), _("Reason"), "", 500);
    if (*reason && str_empty(*reason))
        xfree(reason);
    return *reason != NULL;
}

static void prices_save(struct screen *s)
{
    struct prices_state *st = s->state;
    const char *id = record_get(&st->type.head, "id"), *on = record_get(&st->rec, "on");
    struct db_error err = {0};
    struct rowset plan = {0};
    char *reason = NULL;
    formview_commit(&st->fv);
    char *json = changes_json(&st->changes);
    if (!json) {
        ui_message("%s", _("No new prices typed: Enter on a product types one."));
        return;
    }
    if (!price_set_preview(s->app->db, id, on, json, &plan, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
    } else if (!preview_ok(_("Prices"), &plan)) {
        ui_message("%s", _("Not saved."));
    } else if (!past_reason(s, on, &reason)) {
        ui_message("%s", _("Not saved."));
    } else {
        long long n = price_set(s->app->db, id, on, json, record_get(&st->type.head, "version"),
                                reason, &err);
        if (n < 0) {
            /* Nothing saved (one transaction); the typed prices stay for another try. */
            ui_error("%s", db_error_message(&err));
            db_error_clear(&err);
        } else {
            record_clear(&st->changes);
            char *keep = xstrdup(id);
            if (!price_type_load(s->app->db, keep, &st->type, &err)) /* the new version */
                db_error_clear(&err);
            free(keep);
            prices_load(s);
            ui_message(_("Saved; computed prices changed: %lld."), n);
        }
    }
    rowset_clear(&plan);
    free(json);
    free(reason);
}

/* Adds the current product to the client's assortment or takes it out. */
static void prices_matrix(struct screen *s, bool add)
{
    struct prices_state *st = s->state;
    struct record *cur = (struct record *)grid_current(&st->grid);
    const char *client = record_get(&st->type.head, "client_id");
    if (!cur)
        return;
    if (str_empty(client)) {
        ui_message("%s", _("An assortment belongs to a client's own price type."));
        return;
    }
    if (!st->can_edit) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return;
    }
    struct db_error err = {0};
    if (!assortment_change(s->app->db, client, record_get(cur, "product_id"), add, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
        return;
    }
    record_set(cur, "matrix", add ? _("yes") : _("no"));
    ui_message(add ? _("%s added to the client's assortment.")
                   : _("%s taken out of the client's assortment."),
               record_get(cur, "code"));
}

static enum ui_result prices_event(struct screen *s, const struct ui_event *ev)
{
    struct prices_state *st = s->state;
    enum ui_result r = UI_HANDLED;
    switch (ev->req) {
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
        r = grid_event(&st->grid, ev);
        prices_history(s);
        return r;
    case REQ_OPEN:
        prices_edit(s);
        return UI_HANDLED;
    case REQ_SAVE:
        prices_save(s);
        return UI_HANDLED;
    case REQ_INSERT:
    case REQ_DELETE:
        prices_matrix(s, ev->req == REQ_INSERT);
        return UI_HANDLED;
    case REQ_RULES:
        if (str_empty(record_get(&st->type.head, "source_id")))
            ui_message("%s", _("Typed by hand: this price type has no rules."));
        else
            app_push(s->app, "price_rules", record_get(&st->type.head, "id"));
        return UI_HANDLED;
    case REQ_REFRESH: {
        /* The type anew too (its version: someone else's save is taken in), typed prices kept. */
        struct db_error err = {0};
        char *keep = xstrdup(record_get(&st->type.head, "id"));
        bool ok = price_type_load(s->app->db, keep, &st->type, &err);
        free(keep);
        if (!ok) {
            refused(_("Prices"), &err);
            return UI_HANDLED;
        }
        prices_load(s);
        ui_message("%s", _("Reloaded; the prices you typed are kept: F2 saves them."));
        return UI_HANDLED;
    }
    case REQ_BACK:
        return screens_leave(has_changes(&st->changes));
    default:
        break;
    }
    r = formview_event(&st->fv, ev);
    const char *q = record_get(&st->rec, "q"), *on = record_get(&st->rec, "on");
    if (!str_eq(q ? q : "", st->last_q) ||
        (!str_eq(on ? on : "", st->last_on) && on && strlen(on) == 10))
        prices_load(s);
    return r;
}

static void prices_done(struct screen *s)
{
    struct prices_state *st = s->state;
    formview_free(&st->fv);
    doc_clear(&st->type);
    record_clear(&st->rec);
    record_clear(&st->changes);
    rowset_clear(&st->rows);
    rowset_clear(&st->hist);
    free(st->last_q);
    free(st->last_on);
    free(st->hist_of);
}

const struct screen_ops prices_screen = {
    .name = "prices",
    .state_size = sizeof(struct prices_state),
    .open = prices_open,
    .draw = prices_draw,
    .event = prices_event,
    .done = prices_done,
    .help = prices_help,
    .help_now = prices_help_now,
};

/* ---- the rules of a computed type, by the category tree ---- */

struct rules_state {
    struct doc type;    /* head and section rules: what is saved */
    struct rowset cats; /* the category tree: category_id, depth, name */
    struct rowset rows; /* what the grid shows, rebuilt from type + cats */
    struct grid_view grid;
    bool can_edit, dirty;
};

static const enum request rules_help[] = {REQ_HELP,   REQ_OPEN, REQ_SAVE, REQ_INSERT,
                                          REQ_DELETE, REQ_BACK, REQ_MENU, REQ_NONE};

/* The rule of the doc on a category, a product, or the default (both NULL). */
static struct record *rule_find(struct rules_state *st, const char *cat, const char *prod)
{
    struct rowset *rules = doc_section(&st->type, "rules");
    for (size_t i = 0; i < rules->n; i++) {
        struct record *r = rules->rows[i];
        if (str_eq(record_get(r, "category_id"), cat) && str_eq(record_get(r, "product_id"), prod))
            return r;
    }
    return NULL;
}

/* Rows: the default, every category with its own and inherited percent, the product rules. */
static void rules_rebuild(struct rules_state *st)
{
    int sel = st->grid.sel;
    rowset_clear(&st->rows);
    struct record *def = rule_find(st, NULL, NULL);
    const char *dpct = def ? record_get(def, "percent") : NULL;
    struct record *r = record_new();
    record_set(r, "label", _("All products (default)"));
    record_set(r, "own", dpct);
    record_set(r, "percent", dpct ? dpct : "0");
    record_set(r, "from", dpct ? _("default") : "");
    rowset_add(&st->rows, r);
    /* In tree order a category's parent is the nearest row above it one level up. */
    const char *pct_at[32] = {0}, *from_at[32] = {0};
    for (size_t i = 0; i < st->cats.n; i++) {
        const struct record *c = st->cats.rows[i];
        int depth = atoi(record_get(c, "depth"));
        if (depth < 0 || depth > 30)
            continue;
        struct record *own = rule_find(st, record_get(c, "category_id"), NULL);
        const char *p = own ? record_get(own, "percent") : NULL;
        pct_at[depth] = p ? p : depth ? pct_at[depth - 1] : NULL;
        from_at[depth] = p ? record_get(c, "name") : depth ? from_at[depth - 1] : NULL;
        r = record_new();
        char *label = xasprintf("%*s%s", 2 * depth, "", record_get(c, "name"));
        record_set(r, "label", label);
        free(label);
        record_set(r, "category_id", record_get(c, "category_id"));
        record_set(r, "own", p);
        record_set(r, "percent", pct_at[depth] ? pct_at[depth] : dpct ? dpct : "0");
        record_set(r, "from", from_at[depth] ? from_at[depth] : dpct ? _("default") : "");
        rowset_add(&st->rows, r);
    }
    struct rowset *rules = doc_section(&st->type, "rules");
    for (size_t i = 0; i < rules->n; i++) {
        const struct record *rule = rules->rows[i];
        if (str_empty(record_get(rule, "product_id")))
            continue;
        r = record_new();
        record_set(r, "label", record_get(rule, "target"));
        record_set(r, "product_id", record_get(rule, "product_id"));
        record_set(r, "own", record_get(rule, "percent"));
        record_set(r, "percent", record_get(rule, "percent"));
        record_set(r, "from", _("product"));
        rowset_add(&st->rows, r);
    }
    st->grid.sel = sel < (int)st->rows.n ? sel : 0;
}

static bool rules_load(struct screen *s, const char *id)
{
    struct rules_state *st = s->state;
    struct db_error err = {0};
    char *keep = xstrdup(id);
    bool ok = price_type_load(s->app->db, keep, &st->type, &err);
    rowset_clear(&st->cats);
    ok = ok && price_rule_tree(s->app->db, keep, &st->cats, &err);
    free(keep);
    if (!ok) {
        refused(_("Price rules"), &err);
        return false;
    }
    rules_rebuild(st);
    st->dirty = false;
    return true;
}

static bool rules_open(struct screen *s, const char *id)
{
    struct rules_state *st = s->state;
    const struct form_grid *g = s->form ? formdef_grid(s->form, "tree") : NULL;
    if (!g || !id) {
        ui_error("forms/price_rules.form: no grid 'tree'");
        return false;
    }
    st->grid.def = g;
    st->grid.rows = &st->rows;
    if (!rules_load(s, id))
        return false;
    if (str_empty(record_get(&st->type.head, "source_id"))) {
        ui_error("%s", _("Typed by hand: this price type has no rules."));
        return false;
    }
    st->can_edit = app_has_role(s->app, str_eq(record_get(&st->type.head, "kind"), "individual")
                                            ? "manager,head,admin"
                                            : "head,admin");
    if (!st->can_edit)
        ui_message("%s", _("Read only: your role cannot change these prices."));
    return true;
}

static void rules_draw(struct screen *s)
{
    struct rules_state *st = s->state;
    int top = ui_body_top();
    char *title = xasprintf(_("%s %s, computed from %s"), record_get(&st->type.head, "code"),
                            record_get(&st->type.head, "name"),
                            record_get(&st->type.head, "source_id.label"));
    ui_text(top, 0, ui_cols(), title, UA_BOLD);
    free(title);
    grid_draw(&st->grid, top + 1, 0, ui_body_rows() - 1, ui_cols(), true);
}

/* Sets (text non-empty) or removes the rule of a category / product / the default. */
static void rule_put(struct rules_state *st, const char *cat, const char *prod, const char *target,
                     const char *text)
{
    struct rowset *rules = doc_section(&st->type, "rules");
    struct record *r = rule_find(st, cat, prod);
    if (str_empty(text)) {
        for (size_t i = 0; r && i < rules->n; i++)
            if (rules->rows[i] == r)
                rowset_remove(rules, i);
    } else {
        if (!r) {
            r = record_new();
            record_set(r, "category_id", cat);
            record_set(r, "product_id", prod);
            record_set(r, "target", target);
            rowset_add(rules, r);
        }
        record_set(r, "percent", text);
    }
    st->dirty = true;
    rules_rebuild(st);
}

/* Asks for a percent; NULL when cancelled or not a number (said why), "" to remove. */
static char *ask_percent(const char *what, const char *initial)
{
    char *label = xasprintf(_("Percent on (+) or off (-) the source for %s (empty: none):"), what);
    char *text = ui_prompt(_("Rule"), label, initial, 12);
    free(label);
    if (!text || !*text)
        return text;
    int64_t v;
    enum decimal_status ds = decimal_parse(text, 3, &v);
    if (ds != DECIMAL_OK) {
        ui_error(_("Percent: %s"), decimal_strerror(ds));
        free(text);
        return NULL;
    }
    char buf[40];
    free(text);
    return xstrdup(decimal_to_sql(v, 3, buf, sizeof(buf)));
}

static void rules_save(struct screen *s)
{
    struct rules_state *st = s->state;
    struct db_error err = {0};
    struct rowset plan = {0};
    char day[11];
    today(s->app->db, day);
    record_set(&st->type.head, "recalc_on", day);
    if (!price_type_preview(s->app->db, &st->type, &plan, &err)) {
        ui_error("%s", db_error_message(&err));
        db_error_clear(&err);
    } else if (!preview_ok(_("Price rules"), &plan)) {
        ui_message("%s", _("Not saved."));
    } else {
        char *id = price_type_save(s->app->db, &st->type, &err);
        if (!id) {
            ui_error("%s", db_error_message(&err)); /* the edits stay for another try */
            db_error_clear(&err);
        } else {
            rules_load(s, id);
            ui_message(_("Saved: %s"), record_get(&st->type.head, "code"));
            free(id);
        }
    }
    rowset_clear(&plan);
}

static enum ui_result rules_event(struct screen *s, const struct ui_event *ev)
{
    struct rules_state *st = s->state;
    const struct record *cur = grid_current(&st->grid);
    char *code = NULL, *label = NULL, *pct = NULL;
    if ((ev->req == REQ_OPEN || ev->req == REQ_INSERT || ev->req == REQ_DELETE ||
         ev->req == REQ_SAVE) &&
        !st->can_edit) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return UI_HANDLED;
    }
    switch (ev->req) {
    case REQ_OPEN:
        if (!cur)
            return UI_HANDLED;
        pct = ask_percent(record_get(cur, "label"), record_get(cur, "own"));
        if (pct)
            rule_put(st, record_get(cur, "category_id"), record_get(cur, "product_id"),
                     record_get(cur, "label"), pct);
        free(pct);
        return UI_HANDLED;
    case REQ_INSERT:
        if (screens_choose(s->app, "product", _("Product"), &code, &label) && code) {
            pct = ask_percent(label, NULL);
            if (pct && *pct)
                rule_put(st, NULL, code, label, pct);
        }
        free(code);
        free(label);
        free(pct);
        return UI_HANDLED;
    case REQ_DELETE:
        if (cur && record_get(cur, "own"))
            rule_put(st, record_get(cur, "category_id"), record_get(cur, "product_id"), NULL, "");
        return UI_HANDLED;
    case REQ_SAVE:
        rules_save(s);
        return UI_HANDLED;
    case REQ_BACK:
        return screens_leave(st->dirty);
    default:
        return grid_event(&st->grid, ev);
    }
}

static void rules_done(struct screen *s)
{
    struct rules_state *st = s->state;
    doc_clear(&st->type);
    rowset_clear(&st->cats);
    rowset_clear(&st->rows);
}

const struct screen_ops price_rules_screen = {
    .name = "price_rules",
    .state_size = sizeof(struct rules_state),
    .open = rules_open,
    .draw = rules_draw,
    .event = rules_event,
    .done = rules_done,
    .help = rules_help,
};
