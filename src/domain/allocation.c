/* allocation.c: see domain/allocation.h. */
#include "polka/domain/allocation.h"

#include <stdlib.h>

#include "polka/domain.h"

bool warehouse_list(struct db *db, struct rowset *rows, struct db_error *err)
{
    return rows_fetch(db, "SELECT id, code, name FROM polka.warehouses ORDER BY main DESC, code", 0,
                      NULL, rows, err);
}

char *allocation_next_day(struct db *db, const char *warehouse_id, struct db_error *err)
{
    const char *p[1] = {warehouse_id};
    return value_fetch(db, "SELECT polka.allocation_next_day($1::bigint)::text", 1, p, true, err);
}

bool allocation_run(struct db *db, const char *warehouse_id, const char *day, bool fair,
                    bool commit, struct rowset *rows, struct db_error *err)
{
    const char *p[4] = {warehouse_id, day, fair ? "t" : "f", commit ? "t" : "f"};
    return rows_fetch(db,
                      "SELECT order_id, number, client, priority, product_id, product_code,"
                      "       product_name, ordered, confirmed, held, short_reason, available,"
                      "       demand, share_percent"
                      "  FROM polka.allocation_run($1::bigint, $2::date, $3::boolean, $4::boolean)",
                      4, p, rows, err);
}

bool allocation_fix(struct db *db, const char *order_id, const char *product_id, const char *qty,
                    struct db_error *err)
{
    const char *p[3] = {order_id, product_id, qty};
    char *v =
        value_fetch(db, "SELECT polka.allocation_fix($1::bigint, $2::bigint, $3::numeric)::text", 3,
                    p, false, err);
    free(v);
    return v != NULL;
}
