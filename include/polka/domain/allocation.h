/* domain/allocation.h: the planner's allocation (src/domain/allocation.c): the warehouses, the
 * next shipping day with open orders, and the run itself, preview or commit
 * (polka.allocation_run, sql/functions/allocation.sql). */
#ifndef POLKA_DOMAIN_ALLOCATION_H
#define POLKA_DOMAIN_ALLOCATION_H

#include <stdbool.h>

#include "polka/db.h"
#include "polka/record.h"

/* The warehouses (id, code, name), the main one first. */
bool warehouse_list(struct db *db, struct rowset *rows, struct db_error *err);
/* The first shipping day from today with open orders at the warehouse (today when none).
 * Caller frees; NULL with err. */
char *allocation_next_day(struct db *db, const char *warehouse_id, struct db_error *err);
/* One row per order line of the day (order_id, number, client, priority, product_id,
 * product_code, product_name, ordered, confirmed, held, short_reason, available, demand,
 * share_percent), in service order per product; commit writes what the preview shows. */
bool allocation_run(struct db *db, const char *warehouse_id, const char *day, bool fair,
                    bool commit, struct rowset *rows, struct db_error *err);
/* The planner fixes what a line gets and locks it (qty NULL: unlocks it, the runs decide
 * again); polka.allocation_fix. */
bool allocation_fix(struct db *db, const char *order_id, const char *product_id, const char *qty,
                    struct db_error *err);

#endif
