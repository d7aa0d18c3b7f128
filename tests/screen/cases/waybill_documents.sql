-- Fixture of waybill_documents.keys: polka_test.trips_world (tests/cluster/setup) as ZWD
-- shipping on 2031-11-04, the route's trip (the first client's order: 24 of 710001 from
-- ZWD-OLD, 36 of 710002 from ZWD-B) sent to picking; the WMS answers in the case itself.
SELECT polka_test.trips_world('ZWD', 'Документы', '2031-11-04');
SET polka.today = '2031-11-03';
SELECT polka.trip_start_picking(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'ZWD-R';
