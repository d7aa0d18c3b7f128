/* payments.c: the payments queue (forms/payments.form): customers' payments from bank
 * statements that are not wholly matched to receivables nor set aside (polka.payments_queue;
 * F3 all of them), and below the selected payment's candidate receivables
 * (polka.payment_receivables), the documents its purpose names first and bold. Enter on a
 * receivable allocates the payment to it (polka.payment_allocate), F8 sets the payment aside
 * (polka.payment_set_aside), F6 imports a statement (domain/bank.h). Typing edits the search
 * line above the queue (a payer, INN, client or number). */
#include <stdlib.h>
#include <string.h>

#include "polka/codes.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

struct payments_state {
    struct search_list list; /* the search line (q) over the payments */
    struct rowset receivables;
    struct grid_view lower;
    bool in_lower;  /* the focus in the receivables */
    bool all;       /* every payment, not the queue only */
    char *read_for; /* the payment whose receivables are read */
    char *dir;      /* the folder a statement was last imported from */
};

static const enum request payments_help[] = {REQ_HELP,   REQ_OPEN,     REQ_SET_ASIDE,
                                             REQ_IMPORT, REQ_SHOW_ALL, REQ_REFRESH,
                                             REQ_BACK,   REQ_MENU,     REQ_NONE};

/* The selected payment's candidate receivables, when the selection moved (or force). */
static void read_lower(struct screen *s, bool force)
{
    struct payments_state *st = s->state;
    const struct record *cur = grid_current(&st->list.grid);
    const char *id = cur ? record_get(cur, "id") : NULL;
    if (!force && str_eq(id, st->read_for))
        return;
    free(st->read_for);
    st->read_for = xstrdup(id);
    rowset_clear(&st->receivables);
    st->lower.sel = st->lower.top = 0;
    if (!id)
        return;
    const char *p[1] = {id};
    struct db_error err = {0};
    if (!rows_fetch(s->app->db,
                    "SELECT receivable_id, client, doc, doc_date, due_on, open, overdue_days,"
                    "       CASE WHEN named THEN '1' END AS _mark"
                    "  FROM polka.payment_receivables($1::bigint)",
                    1, p, &st->receivables, &err))
        screens_refused(&err);
}

static bool load(struct screen *s)
{
    struct payments_state *st = s->state;
    rowset_clear(&st->list.rows);
    xfree(&st->read_for);
    const char *p[2] = {st->all ? "true" : "false", search_list_q(&st->list)};
    struct db_error err = {0};
    bool ok =
        rows_fetch(s->app->db,
                   "SELECT id, pay_date, number, payer_name, payer_inn, client, amount, left_over,"
                   "       status, refs, purpose"
                   "  FROM polka.payments_queue($1::boolean, $2)",
                   2, p, &st->list.rows, &err);
    search_list_searched(&st->list, ok, &err, 0);
    read_lower(s, true);
    return ok;
}

/* Reads again, the cursor kept on the row it was on (or the one now in its place). */
static void reload_keeping(struct screen *s)
{
    struct payments_state *st = s->state;
    int sel = st->list.grid.sel;
    load(s);
    st->list.grid.sel = sel < (int)st->list.rows.n ? sel
                        : st->list.rows.n          ? (int)st->list.rows.n - 1
                                                   : 0;
    read_lower(s, true);
    st->in_lower = false;
}

static void say_count(struct payments_state *st)
{
    if (st->all)
        ui_message(_("Payments: %zu. F3 shows the queue."), st->list.rows.n);
    else if (!st->list.rows.n)
        ui_message("%s", _("No payment waits to be matched. F6 imports a bank statement."));
    else
        ui_message(_("Payments to match: %zu. Enter shows what the selected one may pay."),
                   st->list.rows.n);
}

/* Enter on a receivable: the payment allocated to it, as much as both allow unless another
 * amount is typed. */
static void allocate(struct screen *s)
{
    struct payments_state *st = s->state;
    const struct record *pay = grid_current(&st->list.grid);
    const struct record *rec = grid_current(&st->lower);
    if (!pay || !rec)
        return;
    double left = atof(record_get(pay, "left_over") ? record_get(pay, "left_over") : "0");
    double open = atof(record_get(rec, "open") ? record_get(rec, "open") : "0");
    char *dflt = xasprintf("%.2f", left < open ? left : open);
    char *label = xasprintf(_("Allocate payment %s of %s to document %s (%s open); amount:"),
                            record_get(pay, "number"), record_get(pay, "payer_name"),
                            record_get(rec, "doc"), record_get(rec, "open"));
    char *amount = ui_prompt(_("Allocate"), label, dflt, 20);
    free(label);
    free(dflt);
    if (!amount)
        return;
    if (!screens_amount(&amount)) {
        free(amount);
        return;
    }
    char *pid = xstrdup(record_get(pay, "id"));
    const char *p[3] = {pid, record_get(rec, "receivable_id"), str_empty(amount) ? NULL : amount};
    struct db_error err = {0};
    char *status = value_fetch(s->app->db,
                               "SELECT polka.payment_allocate($1::bigint, $2::bigint, $3::numeric)",
                               3, p, false, &err);
    if (!status) {
        screens_refused(&err);
    } else {
        reload_keeping(s);
        ui_message(_("Allocated: the payment is %s now."), code_label("payment_status", status));
        free(status);
    }
    free(pid);
    free(amount);
}

/* F8: what is left of the payment set aside with a reason. */
static void set_aside(struct screen *s)
{
    struct payments_state *st = s->state;
    const struct record *pay = grid_current(&st->list.grid);
    if (!pay) {
        ui_message("%s", _("No payment is selected."));
        return;
    }
    char *label = xasprintf(_("Why is payment %s of %s set aside (an advance, a refund, not a "
                              "customer's)?"),
                            record_get(pay, "number"), record_get(pay, "payer_name"));
    char *reason = ui_prompt(_("Set aside"), label, NULL, 500);
    free(label);
    if (!reason)
        return;
    char *pid = xstrdup(record_get(pay, "id"));
    const char *p[2] = {pid, reason};
    struct db_error err = {0};
    char *status = value_fetch(s->app->db, "SELECT polka.payment_set_aside($1::bigint, $2)", 2, p,
                               false, &err);
    if (!status) {
        screens_refused(&err);
    } else {
        reload_keeping(s);
        ui_message("%s", _("Set aside: the payment left the queue."));
        free(status);
    }
    free(pid);
    free(reason);
}

/* F6: a bank statement file imported (as `polka bank import FILE`). */
static void import(struct screen *s)
{
    struct payments_state *st = s->state;
    const char *env = getenv("POLKA_BANK_DIR");
    char *dflt = st->dir       ? xasprintf("%s/", st->dir)
                 : env && *env ? xasprintf("%s/", env)
                               : xstrdup("~/");
    char *typed = ui_prompt(_("Import statement"),
                            _("The bank statement file (1CClientBankExchange):"), dflt, 400);
    free(dflt);
    if (!typed || str_empty(typed)) {
        free(typed);
        return;
    }
    const char *home = getenv("HOME");
    char *path = typed[0] == '~' && typed[1] == '/' && home ? xasprintf("%s%s", home, typed + 1)
                                                            : xstrdup(typed);
    free(typed);
    char *slash = strrchr(path, '/');
    if (slash) {
        free(st->dir);
        st->dir = xstrndup(path, (size_t)(slash - path));
    }
    struct bank_result r = {0};
    struct db_error err = {0};
    char *why = NULL;
    ui_message("%s", _("Importing..."));
    ui_redraw();
    if (bank_import_file(s->app->db, path, &r, &why, &err)) {
        load(s);
        char *w = bank_result_words(&r);
        ui_message("%s", w);
        free(w);
    } else if (why) {
        ui_error("%s", why);
    } else {
        screens_refused(&err);
    }
    free(why);
    bank_result_free(&r);
    free(path);
}

static bool payments_open(struct screen *s, const char *arg)
{
    (void)arg;
    struct payments_state *st = s->state;
    st->lower.def = formdef_grid(s->form, "receivables");
    if (!st->lower.def) {
        ui_error("forms/%s.form: grid 'receivables' expected", s->form->name);
        return false;
    }
    if (!search_list_open(&st->list, s->app, s->form, "payments"))
        return false;
    st->lower.rows = &st->receivables;
    if (load(s))
        say_count(st);
    return true;
}

static void payments_draw(struct screen *s)
{
    struct payments_state *st = s->state;
    formview_draw(&st->list.fv, ui_body_top(), 0);
    screens_grids_draw(&st->list.grid, &st->lower, 1, st->in_lower ? 2 : 1);
}

static enum ui_result payments_event(struct screen *s, const struct ui_event *ev)
{
    struct payments_state *st = s->state;
    switch (ev->req) {
    case REQ_UP:
    case REQ_DOWN:
    case REQ_PGUP:
    case REQ_PGDN:
    case REQ_HOME:
    case REQ_END:
    case REQ_LEFT:
    case REQ_RIGHT: {
        enum ui_result r = grid_event(st->in_lower ? &st->lower : &st->list.grid, ev);
        if (!st->in_lower)
            read_lower(s, false);
        return r == UI_IGNORED ? UI_HANDLED : r;
    }
    case REQ_OPEN:
        if (st->in_lower) {
            allocate(s);
        } else if (st->receivables.n) {
            st->in_lower = true;
            ui_message("%s", _("Enter allocates the payment to the selected document; Esc goes "
                               "back to the payments."));
        } else if (grid_current(&st->list.grid)) {
            ui_message("%s", _("No open document this payment may pay: F8 sets it aside."));
        }
        return UI_HANDLED;
    case REQ_BACK:
        if (!st->in_lower)
            return UI_IGNORED;
        st->in_lower = false;
        ui_message_clear();
        return UI_HANDLED;
    case REQ_SET_ASIDE:
        set_aside(s);
        return UI_HANDLED;
    case REQ_IMPORT:
        import(s);
        return UI_HANDLED;
    case REQ_SHOW_ALL:
        st->all = !st->all;
        st->list.grid.sel = st->list.grid.top = 0;
        st->in_lower = false;
        if (load(s))
            say_count(st);
        return UI_HANDLED;
    case REQ_REFRESH:
        reload_keeping(s);
        say_count(st);
        return UI_HANDLED;
    default: {
        /* The rest edits the search line; the payments are read again as it changes. */
        if (st->in_lower)
            return UI_IGNORED;
        bool changed;
        enum ui_result r = search_list_event(&st->list, ev, &changed);
        if (changed && load(s))
            say_count(st);
        return r;
    }
    }
}

static void payments_done(struct screen *s)
{
    struct payments_state *st = s->state;
    search_list_done(&st->list);
    rowset_clear(&st->receivables);
    free(st->read_for);
    free(st->dir);
}

const struct screen_ops payments_screen = {
    .name = "payments",
    .state_size = sizeof(struct payments_state),
    .open = payments_open,
    .draw = payments_draw,
    .event = payments_event,
    .done = payments_done,
    .help = payments_help,
};
