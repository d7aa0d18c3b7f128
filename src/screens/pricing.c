/* pricing.c: what the pricing screens share (price_types.c, price_type_card.c, prices.c,
 * price_rules.c): the business day, a refusal shown, and the preview of a recalculation. Every
 * change of prices or rules shows first what the recalculation will change (the database's
 * own preview, computed by the same plan the save then applies), then saves in one call. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polka/db.h"
#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* The business day (business_day), or the terminal's if the database cannot say. */
void pricing_today(struct db *db, char buf[11])
{
    struct db_error err = {0};
    char *day = business_day(db, &err);
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

void pricing_refused(const char *title, struct db_error *err)
{
    app_db_error(title, err);
    db_error_clear(err);
}

/* Shows the preview rows (type, changes, product, old, new, percent) and asks to go on. */
bool pricing_preview_ok(const char *title, const struct rowset *plan)
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
