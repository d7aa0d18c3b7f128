/* pricing.c: price types, their prices and rules, and the preview of a change. */
#include "polka/domain/pricing.h"

#include <stdio.h>
#include <stdlib.h>

#include "polka/db_query.h"
#include "polka/domain.h"
#include "polka/util.h"

/* The two previews' columns, under the names the preview grids use. */
#define PREVIEW_COLUMNS                                                                            \
    "SELECT price_type_code AS type, changes, product_code AS product, old_price AS old,"          \
    "       new_price AS new, change_percent AS percent "

bool price_type_list(struct db *db, struct rowset *rows, struct db_error *err)
{
    return rows_fetch(db,
                      "SELECT id, code, name, kind, source, client, rounding, rules"
                      "  FROM polka.price_type_list()",
                      0, NULL, rows, err);
}

bool price_type_load(struct db *db, const char *id, struct doc *d, struct db_error *err)
{
    if (!doc_fetch(db, DOC_ROWS("polka.price_type_get($1::bigint)"), id, d, err))
        return false;
    doc_section(d, "rules");
    return true;
}

char *price_type_save(struct db *db, const struct doc *d, struct db_error *err)
{
    return doc_save(db, "SELECT polka.price_type_save($1::jsonb)", d, err);
}

bool price_type_preview(struct db *db, const struct doc *d, struct rowset *rows,
                        struct db_error *err)
{
    char *json = doc_to_json(d, NULL);
    const char *p[1] = {json};
    bool ok = rows_fetch(db, PREVIEW_COLUMNS "FROM polka.price_type_preview($1::jsonb, 5)", 1, p,
                         rows, err);
    free(json);
    return ok;
}

bool price_list(struct db *db, const char *type_id, const char *on, const char *q, int limit,
                struct rowset *rows, struct db_error *err)
{
    char lim[16];
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *p[4] = {type_id, on, q ? q : "", lim};
    return rows_fetch(db,
                      "SELECT product_id, code, name, unit, price, since, computed, set_by,"
                      "       next_price, next_from, in_assortment"
                      "  FROM polka.price_list($1::bigint, $2::date, $3, $4::int)",
                      4, p, rows, err);
}

bool price_history(struct db *db, const char *type_id, const char *product_id, struct rowset *rows,
                   struct db_error *err)
{
    const char *p[2] = {type_id, product_id};
    return rows_fetch(db,
                      "SELECT valid_from, price, computed, set_by"
                      "  FROM polka.price_history($1::bigint, $2::bigint)",
                      2, p, rows, err);
}

bool price_set_preview(struct db *db, const char *type_id, const char *on, const char *changes,
                       struct rowset *rows, struct db_error *err)
{
    const char *p[3] = {type_id, on, changes};
    return rows_fetch(
        db, PREVIEW_COLUMNS "FROM polka.price_set_preview($1::bigint, $2::date, $3::jsonb, 5)", 3,
        p, rows, err);
}

long long price_set(struct db *db, const char *type_id, const char *on, const char *changes,
                    const char *version, const char *reason, struct db_error *err)
{
    const char *p[5] = {type_id, on, changes, version, reason};
    struct db_result *r =
        db_exec(db, "SELECT polka.price_set($1::bigint, $2::date, $3::jsonb, $4::int, $5)", 5, p,
                false, err);
    if (!r)
        return -1;
    long long n = atoll(db_value(r, 0, 0));
    db_result_free(&r);
    return n;
}

bool price_rule_tree(struct db *db, const char *type_id, struct rowset *rows, struct db_error *err)
{
    const char *p[1] = {type_id};
    return rows_fetch(
        db,
        "SELECT category_id, depth, name, own_percent AS own, percent, from_name AS \"from\""
        "  FROM polka.price_rule_tree($1::bigint)",
        1, p, rows, err);
}

bool assortment_change(struct db *db, const char *client_id, const char *product_id, bool add,
                       struct db_error *err)
{
    const char *p[3] = {client_id, add ? product_id : NULL, add ? NULL : product_id};
    struct db_result *r = db_exec(db,
                                  "SELECT polka.assortment_change($1::bigint, ARRAY[$2::bigint],"
                                  "                               ARRAY[$3::bigint])",
                                  3, p, false, err);
    bool ok = r != NULL;
    db_result_free(&r);
    return ok;
}
