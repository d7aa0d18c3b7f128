-- Fixture of order_picking_refused.keys: polka_test.trips_world (tests/cluster/setup) as ZOP
-- shipping on 2031-08-06, taken today, and the route's trip (the first client's order) sent to
-- picking by the planner.
SELECT polka_test.trips_world('ZOP', 'Сборка', '2031-08-06');
UPDATE polka.orders o SET taken_on = '2031-08-05' FROM polka.partners c
 WHERE c.id = o.client_id AND c.code LIKE 'ZOP-_';
SET polka.today = '2031-08-05';
SET SESSION AUTHORIZATION dina;
SELECT polka.trip_start_picking(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'ZOP-R';
RESET SESSION AUTHORIZATION;
