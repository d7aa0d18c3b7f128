/* shipping.c: see domain/shipping.h. */
#include "polka/domain/shipping.h"

#include <stdlib.h>

#include "polka/domain.h"

bool trip_board(struct db *db, const char *warehouse_id, const char *day, struct rowset *rows,
                struct db_error *err)
{
    const char *p[2] = {warehouse_id, day};
    return rows_fetch(db,
                      "SELECT id, number, route, vehicle, carrier, driver, departure, status,"
                      "       closed, orders, kg, capacity_kg, pallets, capacity_pallets, over"
                      "  FROM polka.trip_board($1::bigint, $2::date)",
                      2, p, rows, err);
}

bool shipping_orders_of_day(struct db *db, const char *warehouse_id, const char *day,
                            struct rowset *rows, struct db_error *err)
{
    const char *p[2] = {warehouse_id, day};
    return rows_fetch(db,
                      "SELECT id, number, trip_id, order_id, order_number, client, point, stop,"
                      "       status, kg, pallets, unplaced"
                      "  FROM polka.shipping_order_list($1::bigint, $2::date)",
                      2, p, rows, err);
}

/* A void function called with parameters; true when it ran. */
static bool call(struct db *db, const char *sql, int n, const char *const *p, struct db_error *err)
{
    char *v = value_fetch(db, sql, n, p, false, err);
    free(v);
    return v != NULL;
}

bool shipping_move(struct db *db, const char *shipping_order_id, const char *trip_id,
                   struct db_error *err)
{
    const char *p[2] = {shipping_order_id, trip_id};
    return call(db, "SELECT polka.shipping_move($1::bigint, $2::bigint)::text", 2, p, err);
}

bool trip_close(struct db *db, const char *trip_id, bool closed, struct db_error *err)
{
    const char *p[2] = {trip_id, closed ? "t" : "f"};
    return call(db, "SELECT polka.trip_close($1::bigint, $2::boolean)::text", 2, p, err);
}

bool trip_start_picking(struct db *db, const char *trip_id, struct db_error *err)
{
    const char *p[1] = {trip_id};
    return call(db, "SELECT polka.trip_start_picking($1::bigint)::text", 1, p, err);
}

bool shipping_place_day(struct db *db, const char *warehouse_id, const char *day,
                        struct db_error *err)
{
    const char *p[2] = {warehouse_id, day};
    return call(db, "SELECT polka.shipping_place_day($1::bigint, $2::date)::text", 2, p, err);
}

char *trip_over_capacity_get(struct db *db, struct db_error *err)
{
    return value_fetch(db,
                       "SELECT CASE WHEN polka.trip_over_capacity_refused() THEN 'refuse'"
                       "            ELSE 'mark' END",
                       0, NULL, true, err);
}

bool trip_over_capacity_set(struct db *db, const char *mode, struct db_error *err)
{
    const char *p[1] = {mode};
    return call(db, "SELECT polka.trip_over_capacity_set($1)::text", 1, p, err);
}
