/* agreement.c: agreements (polka.agreement_*), the price of a product under one
 * (polka.price_for) and the database's today. */
#include "polka/domain/agreement.h"

#include <stdio.h>
#include <stdlib.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

bool agreement_load(struct db *db, const char *id, struct doc *d, struct db_error *err)
{
    return doc_fetch(db, DOC_ROWS("polka.agreement_get($1::bigint)"), id, d, err);
}

char *agreement_save(struct db *db, const struct doc *d, struct db_error *err)
{
    char *json = doc_to_json(d, NULL);
    const char *p[1] = {json};
    char *id = value_fetch(db, "SELECT polka.agreement_save($1::jsonb)", 1, p, false, err);
    free(json);
    return id;
}

char *agreement_from_typical(struct db *db, const char *typical_id, const char *client_id,
                             struct db_error *err)
{
    const char *p[2] = {typical_id, client_id};
    return value_fetch(db, "SELECT polka.agreement_from_typical($1::bigint, $2::bigint)", 2, p,
                       false, err);
}

bool agreement_set_status(struct db *db, const char *id, const char *status, struct db_error *err)
{
    const char *p[2] = {id, status};
    struct db_result *r =
        db_exec(db, "SELECT polka.agreement_set_status($1::bigint, $2)", 2, p, false, err);
    if (!r)
        return false;
    db_result_free(&r);
    return true;
}

bool price_why(struct db *db, const char *agreement_id, const char *product_id, const char *on,
               struct record *out, struct db_error *err)
{
    const char *p[3] = {agreement_id, product_id, on};
    return row_fetch(db,
                     "SELECT price, price_type_code, base_price, discount_percent, promotion_code,"
                     "       origin FROM polka.price_for($1::bigint, ARRAY[$2::bigint],"
                     "                                   coalesce($3::date, polka.business_day()))",
                     3, p, true, out, err);
}
