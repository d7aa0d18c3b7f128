/* whday.c: the warehouse-and-day header the planner's screens share (the shipping plan, the
 * trips board): the form's fields "warehouse" (a code) and "day", the warehouses to resolve
 * the code against, and what was read last, so that a screen reads again only when either was
 * typed anew. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

/* The typed warehouse's id (the main one when empty, written into the field). */
static bool resolve(struct wh_day *h)
{
    bool was_empty = str_empty(record_get(&h->rec, "warehouse"));
    bool ok = screens_warehouse(&h->warehouses, &h->rec, &h->id);
    if (ok && was_empty)
        formview_reload(&h->fv);
    return ok;
}

bool wh_day_open(struct wh_day *h, struct screen *s, const char *arg)
{
    struct db_error err = {0};
    if (!warehouse_list(s->app->db, &h->warehouses, &err)) {
        screens_refused(&err);
        return false;
    }
    formview_init(&h->fv, s->form, &h->rec, NULL, NULL);
    record_set_query(&h->rec, arg);
    if (!resolve(h)) {
        ui_error("%s", h->warehouses.n ? _("No warehouse with this code.")
                                       : _("There is no warehouse yet."));
        return true;
    }
    if (str_empty(record_get(&h->rec, "day"))) {
        char *day = allocation_next_day(s->app->db, h->id, &err);
        if (!day)
            screens_refused(&err);
        record_set(&h->rec, "day", day);
        free(day);
    }
    formview_reload(&h->fv);
    return true;
}

bool wh_day_take(struct wh_day *h)
{
    free(h->read_wh);
    free(h->read_day);
    h->read_wh = xstrdup(record_get(&h->rec, "warehouse"));
    h->read_day = xstrdup(record_get(&h->rec, "day"));
    if (resolve(h))
        return true;
    ui_error(_("No warehouse with code \"%s\"."), h->read_wh);
    return false;
}

bool wh_day_changed(struct wh_day *h)
{
    formview_commit(&h->fv);
    return !str_eq(record_get(&h->rec, "warehouse"), h->read_wh) ||
           !str_eq(record_get(&h->rec, "day"), h->read_day);
}

void wh_day_free(struct wh_day *h)
{
    formview_free(&h->fv);
    record_clear(&h->rec);
    rowset_clear(&h->warehouses);
    xfree(&h->id);
    xfree(&h->read_wh);
    xfree(&h->read_day);
}
