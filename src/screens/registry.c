/* registry.c: every screen with code of its own, by name, one a line. A list form and a card
 * form are screens without a line here (list.c, doc_card.c). */
#include <string.h>

#include "polka/domain.h"
#include "polka/screen.h"

#include "screens.h"

/* One screen a line. */
/* clang-format off */
static const struct screen_ops *const screens[] = {
    &login_screen,
    &menu_screen,
    &partner_card_screen,
    &history_screen,
    &people_screen,
    &price_types_screen,
    &price_type_card_screen,
    &prices_screen,
    &price_rules_screen,
    &agreements_screen,
    &agreement_card_screen,
    &promotion_card_screen,
    &order_entry_screen,
    &orders_screen,
    &reports_screen,
    &report_screen,
    &allocation_screen,
    &trips_screen,
    &stock_screen,
    &waybill_screen,
    &returns_screen,
    &payments_screen,
    &notices_screen,
    &corrections_screen,
    &finance_screen,
    &claims_screen,
    &claim_card_screen,
    &claim_comments_screen,
    &kb_screen,
    &intake_card_screen,
    &intake_screen,
    &inbox_screen,
    &rep_day_screen,
};
/* clang-format on */

const struct screen_ops *screen_find(const char *name)
{
    for (size_t i = 0; i < sizeof(screens) / sizeof(screens[0]); i++)
        if (name && strcmp(screens[i]->name, name) == 0)
            return screens[i];
    return NULL;
}

const struct screen_ops *screen_for(const char *name, const struct form_def *form)
{
    const struct screen_ops *ops = screen_find(name);
    if (!ops && form && form->list)
        return &list_screen;
    return !ops && form && form->card ? &doc_card_screen : ops;
}

bool screen_known(const char *name)
{
    return screen_find(name) != NULL;
}

bool lookup_known(const char *name)
{
    return lookup_kind_known(name);
}

const struct formdef_checks *screen_form_checks(void)
{
    static const struct formdef_checks checks = {
        .request_known = request_known,
        .lookup_known = lookup_known,
        .key_known = ui_key_known,
        .screen_known = screen_known,
    };
    return &checks;
}

static int hook_fetch(void *ctx, const char *kind, const char *by, const char *query, char ***codes,
                      char ***labels)
{
    struct app *app = ctx;
    struct db_error err = {0};
    int n = lookup_fetch(app->db, kind, by, query, codes, labels, &err);
    if (n < 0) {
        ui_error("%s", db_error_message(&err));
        n = 0;
    }
    db_error_clear(&err);
    return n;
}

static char *hook_label(void *ctx, const char *kind, const char *code)
{
    struct app *app = ctx;
    return lookup_label(app->db, kind, code);
}

struct formview_hooks screens_hooks(struct app *app)
{
    return (struct formview_hooks){hook_fetch, hook_label, app};
}
