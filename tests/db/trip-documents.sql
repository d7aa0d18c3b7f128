-- Included by database cases (\ir ../trip-documents.sql) inside their transaction: the trips
-- world (tests/cluster/setup) as :prefix (warehouse label :label) shipping on :ship, both its
-- clients' orders on the route's trip, picked as the demo WMS reports (PREFIX-1: 24 of
-- 710001 from batch -OLD, 36 of 710002 from -B; PREFIX-2: 12 of 710001 from -FRESH, 24 of
-- 710002 from -B) and their documents made by the clerk, the day before :ship; with :left
-- set, printed and the truck left too. Sets :trip, :trip_no, :so1, :so2 (the shipping orders
-- of PREFIX-1 and PREFIX-2) and :c1, :c2.
SELECT set_config('polka.today', (:'ship'::date - 1)::text, true);
SELECT polka_test.trips_world(:'prefix', :'label', :'ship');
SELECT t.id AS trip, t.number AS trip_no FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = :'prefix' || '-R' \gset
SELECT id AS c1 FROM polka.partners WHERE code = :'prefix' || '-1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = :'prefix' || '-2' \gset
UPDATE polka.shipping_orders s SET trip_id = :trip, unplaced = NULL
  FROM polka.orders o WHERE o.id = s.order_id AND o.client_id = :c2;
SELECT s.number AS so1 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id WHERE o.client_id = :c1 \gset
SELECT s.number AS so2 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id WHERE o.client_id = :c2 \gset
SET SESSION AUTHORIZATION dina;
SELECT set_config('polka.today', (:'ship'::date - 1)::text, true);
SELECT polka.trip_start_picking(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT set_config('polka.today', (:'ship'::date - 1)::text, true);
SELECT polka.wms_import(lower(:'prefix') || '.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\t%s-OLD\t24\t046000000000000015\n'
    'PICK\t%s\t2\t%s-B\t36\t046000000000000015\nPICK\t%s\t1\t%s-FRESH\t12\t046000000000000022\n'
    'PICK\t%s\t2\t%s-B\t24\t046000000000000022\nEND\t4\n', :'trip_no', :'so1', :'prefix', :'so1', :'prefix',
    :'so2', :'prefix', :'so2', :'prefix'));
SELECT polka.trip_documents_make(:trip);
RESET SESSION AUTHORIZATION;
\if :{?left}
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                             'copies', p.copies, 'pages', 1))
                           FROM polka.trip_print_set(:trip) p), 'office', 'office-' || :'prefix'),
       polka.trip_depart(:trip);
\endif
