/* domain/shipping.h: the shipping schedule (src/domain/shipping.c; sql/functions/shipping.sql):
 * the trips board of a warehouse and day, the planner's moves of shipping orders, closing a
 * trip, starting its picking, placing the unplaced again, the over-capacity setting. */
#ifndef POLKA_DOMAIN_SHIPPING_H
#define POLKA_DOMAIN_SHIPPING_H

#include <stdbool.h>

#include "polka/db.h"
#include "polka/record.h"

/* The day's trips (id, number, route, vehicle, carrier, driver, departure, status, closed,
 * orders, kg, capacity_kg, pallets, capacity_pallets, over), by departure. */
bool trip_board(struct db *db, const char *warehouse_id, const char *day, struct rowset *rows,
                struct db_error *err);
/* The day's shipping orders (id, number, trip_id, order_id, order_number, client, point, stop,
 * status, kg, pallets, unplaced), the unplaced first, then by trip and stop. */
bool shipping_orders_of_day(struct db *db, const char *warehouse_id, const char *day,
                            struct rowset *rows, struct db_error *err);
/* Moves a shipping order to a trip (trip_id NULL: off its trip). */
bool shipping_move(struct db *db, const char *shipping_order_id, const char *trip_id,
                   struct db_error *err);
bool trip_close(struct db *db, const char *trip_id, bool closed, struct db_error *err);
bool trip_start_picking(struct db *db, const char *trip_id, struct db_error *err);
/* Places the day's unplaced shipping orders again (trips made from the routes first). */
bool shipping_place_day(struct db *db, const char *warehouse_id, const char *day,
                        struct db_error *err);
/* Over capacity: "refuse" or "mark". get: caller frees; NULL with err. */
char *trip_over_capacity_get(struct db *db, struct db_error *err);
bool trip_over_capacity_set(struct db *db, const char *mode, struct db_error *err);

#endif
