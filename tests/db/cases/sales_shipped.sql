-- Sales are shipments (issue 15): once a trip's documents are made, the sales reports count
-- the sales documents (the quantities picked, at the orders' prices, on the document's date),
-- not the orders; an order not shipped is no sale; a cancelled document's sale is gone; the
-- fulfilment report shows what was shipped for real. The orders without documents (shipped
-- before Polka made them) are db case reports'.
--
-- Own data only: polka_test.trips_world as TSS, shipping on 2036-03-10, both clients' orders
-- on the route's trip; the first client's 710001 picked short (20 of 24).
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2036-03-09';
SELECT polka_test.trips_world('TSS', 'Склад ПРД', '2036-03-10');
SELECT t.id AS trip, t.number AS trip_no FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'TSS-R' \gset
UPDATE polka.shipping_orders s SET trip_id = :trip, unplaced = NULL
  FROM polka.orders o JOIN polka.partners c ON c.id = o.client_id
 WHERE o.id = s.order_id AND c.code = 'TSS-2';
SELECT s.number AS so1, s.order_id AS ord1, o.client_id AS c1 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TSS-1' \gset
SELECT s.number AS so2, s.order_id AS ord2 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TSS-2' \gset

CREATE FUNCTION pg_temp.sales() RETURNS text LANGUAGE sql AS $$
    SELECT coalesce(string_agg(format('%s %s %s', code, orders, revenue), '; ' ORDER BY code), '')
      FROM polka.report_sales_by_client(date_from => '2036-03-01', date_to => '2036-03-31') WHERE code LIKE 'TSS-%'
$$;
-- Ordered, confirmed, on a trip being picked: no sale yet.
SELECT pg_temp.expect_eq(pg_temp.sales(), '', 'nothing shipped, nothing sold');

SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2036-03-09';
SELECT polka.trip_start_picking(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2036-03-09';
SELECT polka.wms_import('tss.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTSS-OLD\t20\t\nPICK\t%s\t2\tTSS-B\t36\t\n'
    'PICK\t%s\t1\tTSS-FRESH\t12\t\nPICK\t%s\t2\tTSS-B\t24\t\nEND\t4\n', :'trip_no', :'so1', :'so1', :'so2', :'so2'));
SELECT polka.waybill_accept(w.order_line_id, 'недовложение') FROM polka.waybill_lines(:trip) w WHERE w.difference IS NOT NULL;
SELECT polka.trip_documents_make(:trip);
RESET SESSION AUTHORIZATION;

-- Sold: what the documents say (the first client's short line at its price), not the orders.
SELECT pg_temp.expect_eq(pg_temp.sales(),
                         (SELECT string_agg(format('%s 1 %s', c.code, d.amount), '; ' ORDER BY c.code)
                            FROM polka.documents d JOIN polka.partners c ON c.id = d.client_id
                           WHERE d.trip_id = :trip AND d.kind = 'upd'),
                         'sales: the documents');
SELECT pg_temp.expect_true((SELECT o.amount > d.amount FROM polka.orders o JOIN polka.documents d ON d.order_id = o.id
                             WHERE o.id = :ord1), 'the short line sold less than was ordered');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', code, qty), '; ' ORDER BY code)
                            FROM polka.report_sales_by_product(date_from => '2036-03-01', date_to => '2036-03-31',
                                                               client_id => :c1)),
                         '710001 20.000; 710002 36.000', 'by product: the quantities picked');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', ordered, shipped, fulfilled)
                            FROM polka.report_fulfilment(date_from => '2036-03-01', date_to => '2036-03-31') WHERE order_id = :ord1),
                         (SELECT format('%s %s %s', o.amount, d.amount, round(100 * d.amount / o.amount, 1))
                            FROM polka.orders o JOIN polka.documents d ON d.order_id = o.id WHERE o.id = :ord1),
                         'fulfilment: shipped for real');

-- The chain's document cancelled: its sale is gone, its order not shipped.
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2036-03-09';
SELECT polka.document_storno(id, 'ошибка') FROM polka.documents WHERE order_id = :ord2 AND kind = 'upd';
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.sales(),
                         (SELECT format('TSS-1 1 %s', amount) FROM polka.documents WHERE order_id = :ord1),
                         'a cancelled document sells nothing');
SELECT pg_temp.expect_eq((SELECT format('%s %s', status, shipped) FROM polka.report_fulfilment(date_from => '2036-03-01', date_to => '2036-03-31')
                           WHERE order_id = :ord2), 'picking 0', 'its order: picking, nothing shipped');
ROLLBACK;
