/* prices.c: the prices of a type on a date, edited with the product's history in view; F2
 * shows what changes in every type computed from it and saves; a client's type edits its
 * assortment (Ins, Del). */
#include <stdlib.h>
#include <string.h>

#include "polka/db.h"
#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

#define PRICE_LIST_LIMIT 500

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
        pricing_refused(_("Prices"), &err);
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
        pricing_refused(_("Prices"), &err);
        return false;
    }
    const char *kind = record_get(&st->type.head, "kind");
    st->computed = str_eq(kind, "dependent");
    st->can_edit =
        !st->computed && (str_eq(kind, "individual") ? app_has_role(s->app, "manager,head,admin")
                                                     : app_has_role(s->app, "head,admin"));
    pricing_today(s->app->db, day);
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
    pricing_today(s->app->db, day);
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
    } else if (!pricing_preview_ok(_("Prices"), &plan)) {
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
            pricing_refused(_("Prices"), &err);
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
