-- Fixture of waybill_desk.keys: polka_test.trips_world (tests/cluster/setup) as ZWB shipping
-- on 2031-10-02; the route's trip (the first client's order) sent to picking and its facts
-- imported: line 1 short (12 of 24) and from the fresh batch instead of the old one, line 2 as
-- tasked.
SELECT polka_test.trips_world('ZWB', 'Выписка', '2031-10-02');
SET polka.today = '2031-10-01';
SELECT polka.trip_start_picking(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'ZWB-R';
SELECT picks FROM polka.wms_import('zwb.facts.tsv',
    (SELECT format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tZWB-FRESH\t12\t046000000000000015\n'
                   'PICK\t%s\t2\tZWB-B\t36\t046000000000000015\nEND\t2\n', t.number, s.number, s.number)
       FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
       JOIN polka.shipping_orders s ON s.trip_id = t.id
      WHERE r.code = 'ZWB-R'));
