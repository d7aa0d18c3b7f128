-- Fixture of returns_desk.keys: polka_test.trips_world (tests/cluster/setup) as ZDR shipping on
-- 2035-04-10 (its own document year), both clients' orders on the route's trip (driver Ершов
-- Пётр), picked as tasked, its documents made (U2035000001, U2035000002, the note T2035000001),
-- printed and the truck left.
SET polka.today = '2035-04-09';
SELECT polka_test.trips_world('ZDR', 'Возврат', '2035-04-10');
UPDATE polka.trips t SET driver = 'Ершов Пётр' FROM polka.routes r WHERE r.id = t.route_id AND r.code = 'ZDR-R';
UPDATE polka.shipping_orders s SET trip_id = t.id, unplaced = NULL
  FROM polka.orders o, polka.partners c, polka.trips t, polka.routes r
 WHERE o.id = s.order_id AND c.id = o.client_id AND c.code = 'ZDR-2' AND r.id = t.route_id AND r.code = 'ZDR-R';
SELECT polka.trip_start_picking(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'ZDR-R';
SELECT picks FROM polka.wms_import('zrd.facts.tsv',
    (SELECT format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\n', t.number)
            || string_agg(format(E'PICK\t%s\t%s\t%s\t%s\t046000000000000015\n', s.number, l.n, b.batch, trim_scale(x.qty)),
                          '' ORDER BY s.number, l.n)
            || format(E'END\t%s\n', count(*))
       FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
       JOIN polka.shipping_orders s ON s.trip_id = t.id
       JOIN polka.order_lines l ON l.order_id = s.order_id
       JOIN polka.reservations x ON x.order_id = s.order_id AND x.product_id = l.product_id
       JOIN polka.stock_batches b ON b.id = x.batch_id
      WHERE r.code = 'ZDR-R'
      GROUP BY t.number));
SELECT polka.trip_documents_make(t.id) FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id WHERE r.code = 'ZDR-R';
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                             'copies', p.copies, 'pages', 1))
                           FROM polka.trip_print_set(t.id) p), 'office', 'office-zrd'),
       polka.trip_depart(t.id)
  FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id WHERE r.code = 'ZDR-R';
