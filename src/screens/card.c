/* card.c: F2 on a card, done the same way by every card (partner, agreement, promotion, price
 * type): the person may, the form is valid, the card's own question first (possible
 * duplicates, a preview of what a recalculation changes), one call saves the document in one
 * transaction, and the card is read back. A refusal leaves what was typed on the screen; a card
 * saved but not read back names the saved id, so that another F2 cannot insert it twice. */
#include <stdlib.h>

#include "polka/domain.h"
#include "polka/i18n.h"
#include "polka/util.h"
#include "screens.h"

enum ui_result card_save(struct screen *s, struct formview *fv, struct doc *doc,
                         const struct card_saver *c)
{
    const char *msg;
    if (c->cannot) {
        ui_error("%s", c->cannot);
        return UI_HANDLED;
    }
    if (!formview_validate(fv, &msg)) {
        ui_error("%s", msg);
        return UI_HANDLED;
    }
    if (c->before && !c->before(s))
        return UI_HANDLED;
    struct db_error err = {0};
    char *id =
        c->save ? c->save(s->app->db, doc, &err) : doc_save(s->app->db, c->save_sql, doc, &err);
    if (!id) {
        /* Nothing was saved (one transaction); the card keeps what was typed. */
        if (c->refused_in_words) {
            screens_refused(&err);
        } else {
            ui_error("%s", db_error_message(&err));
            db_error_clear(&err);
        }
        return UI_HANDLED;
    }
    if (c->reload(s, id, &err)) {
        fv->dirty = false;
        const char *name = record_get(&doc->head, c->name ? c->name : "code");
        if (!name)
            name = record_get(&doc->head, "number");
        ui_message(_("Saved: %s"), name ? name : id);
    } else {
        record_set(&doc->head, "id", id); /* another F2 is refused as a stale version */
        fv->dirty = false;
        ui_error(_("Saved, but the card could not be read back (%s); reopen it."),
                 db_error_message(&err));
        db_error_clear(&err);
    }
    free(id);
    return UI_HANDLED;
}

bool card_reload(struct screen *s, const char *id, const char *title,
                 bool (*load)(struct screen *s, const char *id, struct db_error *err))
{
    struct db_error err = {0};
    char *keep = xstrdup(id); /* id may be the card's own, which the load replaces */
    bool ok = load(s, keep, &err);
    free(keep);
    if (!ok) {
        app_db_error(title, &err);
        db_error_clear(&err);
    }
    return ok;
}
