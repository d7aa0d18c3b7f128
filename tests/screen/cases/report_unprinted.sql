-- Fixture of report_unprinted.keys: polka_test.trips_world (tests/cluster/setup) as ZUN shipping
-- on 2028-11-20; the route's trip picked as tasked and its documents made by the clerk, none
-- printed.
SELECT polka_test.trips_world('ZUN', 'Печать', '2028-11-20');
SET polka.today = '2028-11-19';
SET SESSION AUTHORIZATION dina;
SELECT polka.trip_start_picking(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'ZUN-R';
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT picks FROM polka.wms_import('zun.facts.tsv',
    (SELECT format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tZUN-OLD\t24\t\nPICK\t%s\t2\tZUN-B\t36\t\nEND\t2\n',
                   t.number, s.number, s.number)
       FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
       JOIN polka.shipping_orders s ON s.trip_id = t.id
      WHERE r.code = 'ZUN-R'));
SELECT polka.trip_documents_make(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'ZUN-R';
RESET SESSION AUTHORIZATION;
