/* stock.c: stock by batch (forms/stock.form, the generic list of list.c) with an action of
 * its own: F8 corrects the selected batch (polka.stock_correct): a write-off, a return or a
 * count, chosen from a list, then the quantity and the reason asked. Enter (more into the
 * batch) and F7 (a new batch) open the receipt card (forms/stock_receipt.form). */
#include <stdlib.h>

#include "polka/decimal.h"
#include "polka/domain.h"
#include "polka/grid.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

static const enum request stock_help[] = {REQ_HELP,    REQ_OPEN, REQ_NEW,  REQ_CORRECT,
                                          REQ_REFRESH, REQ_BACK, REQ_MENU, REQ_NONE};
static const enum request stock_help_read[] = {REQ_HELP, REQ_REFRESH, REQ_BACK, REQ_MENU, REQ_NONE};

static bool may_change(struct screen *s)
{
    return app_has_role(s->app, "planner,head,admin");
}

static const enum request *stock_help_now(struct screen *s)
{
    return may_change(s) ? stock_help : stock_help_read;
}

static const struct {
    const char *code, *words, *ask;
} kinds[] = {
    {"write_off", N_("Write-off"), N_("How much is written off (%s on hand)?")},
    {"return", N_("Return"), N_("How much came back (%s on hand)?")},
    {"count", N_("Count"), N_("How much is there by the count (%s on hand)?")},
};

static int kind_fetch(void *ctx, const char *query, char ***codes, char ***labels)
{
    (void)ctx;
    (void)query;
    *codes = xcalloc(ARRAY_SIZE(kinds) + 1, sizeof(char *));
    *labels = xcalloc(ARRAY_SIZE(kinds) + 1, sizeof(char *));
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        (*codes)[i] = xstrdup(kinds[i].code);
        (*labels)[i] = xstrdup(_(kinds[i].words));
    }
    return (int)ARRAY_SIZE(kinds);
}

/* F8: the kind, the quantity, the reason; one call; the list read again. */
static void correct(struct screen *s)
{
    struct list_screen *ls = s->state;
    const struct record *cur = grid_current(&ls->list.grid);
    if (!may_change(s)) {
        ui_error("%s", _("Not permitted: your role does not allow this."));
        return;
    }
    if (!cur) {
        ui_message("%s", _("Choose a batch first (Up, Down)."));
        return;
    }
    char *title =
        xasprintf(_("Batch %s of %s"), record_get(cur, "batch"), record_get(cur, "product_code"));
    char *code = NULL, *label = NULL, *qty = NULL, *note = NULL;
    if (!ui_lookup(title, "", kind_fetch, NULL, &code, &label))
        goto out;
    size_t k = 0;
    while (k + 1 < ARRAY_SIZE(kinds) && !str_eq(kinds[k].code, code))
        k++;
    char *ask = xasprintf(_(kinds[k].ask), record_get(cur, "on_hand"));
    qty = ui_prompt(title, ask, NULL, 14);
    free(ask);
    if (!qty)
        goto out;
    int64_t v;
    enum decimal_status ds = decimal_parse(qty, 3, &v);
    if (ds != DECIMAL_OK) {
        ui_error(_("Quantity: %s"), decimal_strerror(ds));
        goto out;
    }
    note = ui_prompt(title, _("Why (a reason is required):"), NULL, 200);
    if (!note)
        goto out;
    char buf[40];
    const char *p[4] = {record_get(cur, "id"), code, decimal_to_sql(v, 3, buf, sizeof(buf)), note};
    struct db_error err = {0};
    char *d =
        value_fetch(s->app->db, "SELECT polka.stock_correct($1::bigint, $2, $3::numeric, $4)::text",
                    4, p, false, &err);
    if (!d) {
        screens_refused(&err);
    } else {
        ui_message(_("%s: %s, recorded in the ledger (%s)."), title, label, d);
        free(d);
        list_screen_refresh(s);
    }
out:
    free(title);
    free(code);
    free(label);
    free(qty);
    free(note);
}

static enum ui_result stock_event(struct screen *s, const struct ui_event *ev)
{
    if (ev->req == REQ_CORRECT) {
        correct(s);
        return UI_HANDLED;
    }
    return list_screen_event(s, ev);
}

const struct screen_ops stock_screen = {
    .name = "stock",
    .state_size = sizeof(struct list_screen),
    .open = list_screen_open,
    .draw = list_screen_draw,
    .event = stock_event,
    .done = list_screen_done,
    .resume = list_screen_resume,
    .help = stock_help,
    .help_now = stock_help_now,
};
