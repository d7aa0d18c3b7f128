/* promotion.c: promotions (polka.promotion_*): the list with the state on a day, the card
 * with its agreements and rules, saving a draft, status changes. */
#include "polka/domain/promotion.h"

#include <stdio.h>
#include <stdlib.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

bool promotion_load(struct db *db, const char *id, struct doc *d, struct db_error *err)
{
    if (!doc_fetch(db, DOC_ROWS("polka.promotion_get($1::bigint)"), id, d, err))
        return false;
    doc_section(d, "agreements");
    doc_section(d, "rules");
    return true;
}

char *promotion_save(struct db *db, const struct doc *d, struct db_error *err)
{
    char *json = doc_to_json(d, NULL);
    const char *p[1] = {json};
    char *id = value_fetch(db, "SELECT polka.promotion_save($1::jsonb)", 1, p, false, err);
    free(json);
    return id;
}

bool promotion_set_status(struct db *db, const char *id, const char *status, const char *on,
                          struct db_error *err)
{
    const char *p[3] = {id, status, on};
    struct db_result *r = db_exec(db,
                                  "SELECT polka.promotion_set_status($1::bigint, $2, "
                                  "coalesce($3::date, polka.business_day()))",
                                  3, p, false, err);
    if (!r)
        return false;
    db_result_free(&r);
    return true;
}
