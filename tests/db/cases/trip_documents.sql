-- A trip's documents (issue 15): refused while picking and while a difference is not
-- accepted; then one sales document per shipping order in stop order with consecutive
-- numbers, lines by batch from the picking facts priced from the order, the consignment note,
-- the ledger's shipment (what was held and not picked released), the orders shipped, a
-- receivable each; the second press changes nothing; the head's storno puts the shipment
-- back and the next press makes only what is missing with the next number; an order nothing
-- was picked for is cancelled saying so; no storno once the truck has left; an operator may not.
--
-- Own data only: polka_test.trips_world as TDK (tests/cluster/setup), shipping on 2031-09-10,
-- both clients' orders on the route's trip (the chain's put there by hand: the van is small).
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-09-09';
SELECT polka_test.trips_world('TDK', 'Склад ДОК', '2031-09-10');
SELECT t.id AS trip, t.number AS trip_no FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'TDK-R' \gset
UPDATE polka.shipping_orders s SET trip_id = :trip, unplaced = NULL
  FROM polka.orders o JOIN polka.partners c ON c.id = o.client_id
 WHERE o.id = s.order_id AND c.code = 'TDK-2';
SELECT s.number AS so1, s.order_id AS ord1 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TDK-1' \gset
SELECT s.number AS so2, s.order_id AS ord2 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TDK-2' \gset
SELECT id AS old FROM polka.stock_batches WHERE batch = 'TDK-OLD' \gset
SELECT id AS fresh FROM polka.stock_batches WHERE batch = 'TDK-FRESH' \gset
SELECT id AS b FROM polka.stock_batches WHERE batch = 'TDK-B' \gset
-- What allocation held: the first client 24 of OLD and 36 of B, the chain 12 of FRESH and 24 of B.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s/%s', batch, trim_scale(on_hand), trim_scale(reserved)), ', ' ORDER BY batch)
                            FROM polka.stock_batches WHERE batch LIKE 'TDK-%'),
                         'TDK-B 120/60, TDK-FRESH 12/12, TDK-OLD 24/24', 'held before');

SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-09-09';
SELECT pg_temp.expect_error(format('SELECT polka.trip_documents_make(%s)', :trip), '23514', 'documents_trip_picked');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-09-09';
SELECT polka.trip_start_picking(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-09-09';
SELECT pg_temp.expect_error(format('SELECT polka.trip_documents_make(%s)', :trip), '23514', 'documents_trip_picked');

-- Nothing picked at all (every line accepted as not picked): no documents, the orders as
-- they were.
-- (CRLF line ends: not the same file as the empty one refused further down.)
SELECT polka.wms_import('tdcz.facts.tsv', format(E'POLKA-WMS\tFACTS\t1\r\nTRIP\t%s\r\nEND\t0\r\n', :'trip_no'));
SELECT polka.waybill_accept(w.order_line_id, 'нет на складе') FROM polka.waybill_lines(:trip) w WHERE w.difference IS NOT NULL;
SELECT pg_temp.expect_error(format('SELECT polka.trip_documents_make(%s)', :trip), '23514', 'documents_something_picked');
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT status, ',') FROM polka.orders WHERE id IN (:ord1, :ord2)), 'picking',
                         'nothing picked: the orders still being picked');

-- Facts where the first client's 710001 came from FRESH, which the chain holds whole: accepted,
-- yet refused saying the product and batch; nothing made.
SELECT polka.wms_import('tdc0.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTDK-FRESH\t12\t\nPICK\t%s\t2\tTDK-B\t36\t\n'
    'PICK\t%s\t1\tTDK-FRESH\t12\t\nPICK\t%s\t2\tTDK-B\t24\t\nEND\t4\n', :'trip_no', :'so1', :'so1', :'so2', :'so2'));
SELECT polka.waybill_accept(w.order_line_id, 'другая партия') FROM polka.waybill_lines(:trip) w WHERE w.difference IS NOT NULL;
SELECT pg_temp.expect_error(format('SELECT polka.trip_documents_make(%s)', :trip), '23514', 'documents_stock_enough');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents WHERE trip_id = :trip), 0::bigint, 'nothing made');

-- The facts: the first client's 710001 short (20 of 24), its 710002 whole on pallet 1; the
-- chain's whole on pallet 2.
SELECT polka.wms_import('tdc.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTDK-OLD\t20\t046000000000000015\n'
    'PICK\t%s\t2\tTDK-B\t36\t046000000000000015\nPICK\t%s\t1\tTDK-FRESH\t12\t046000000000000022\n'
    'PICK\t%s\t2\tTDK-B\t24\t046000000000000022\nEND\t4\n', :'trip_no', :'so1', :'so1', :'so2', :'so2'));
SELECT pg_temp.expect_error(format('SELECT polka.trip_documents_make(%s)', :trip), '23514', 'documents_differences_accepted');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents WHERE trip_id = :trip), 0::bigint, 'nothing made while a difference stands');
SELECT polka.waybill_accept(l.id, 'недовложение, клиент согласен')
  FROM polka.order_lines l WHERE l.order_id = :ord1 AND l.n = 1;

-- One press: three documents.
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s %s', r ->> 'status', r ->> 'made', r ->> 'documents', r ->> 'cancelled', r ->> 'again')
                            FROM polka.trip_documents_make(:trip) r),
                         'documents 3 3 0 false', 'made');
SELECT seq AS n1 FROM polka.documents WHERE shipping_order_id = (SELECT id FROM polka.shipping_orders WHERE number = :'so1') \gset
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s %s %s %s %s kg %s pal', kind, seq - :n1, code, doc_date, lines,
                                                   amount, vat_amount, trim_scale(weight_kg), pallets), '; ' ORDER BY kind DESC, seq)
                            FROM polka.documents WHERE trip_id = :trip AND kind = 'upd'),
                         format('upd 0 U2031%s 2031-09-10 2 4480.00 407.27 56 kg 1 pal; upd 1 U2031%s 2031-09-10 2 2880.00 261.82 36 kg 1 pal',
                                lpad(:n1::text, 6, '0'), lpad((:n1 + 1)::text, 6, '0')),
                         'a sales document per shipping order, numbered in stop order');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s %s', lines, amount, vat_amount, trim_scale(weight_kg), pallets)
                            FROM polka.documents WHERE trip_id = :trip AND kind = 'tn'),
                         '2 7360.00 669.09 92 2', 'the consignment note sums them');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s %s %s', l.n, p.code, b.batch, trim_scale(l.qty), l.price, l.amount), '; ' ORDER BY l.n)
                            FROM polka.document_lines l JOIN polka.documents d ON d.id = l.document_id
                            JOIN polka.products p ON p.id = l.product_id JOIN polka.stock_batches b ON b.id = l.batch_id
                           WHERE d.order_id = :ord1),
                         '1 710001 TDK-OLD 20 80.00 1600.00; 2 710002 TDK-B 36 80.00 2880.00', 'its lines from the facts');
-- The ledger: OLD's 4 not picked released, everything picked shipped, nothing held.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s/%s', batch, trim_scale(on_hand), trim_scale(reserved)), ', ' ORDER BY batch)
                            FROM polka.stock_batches WHERE batch LIKE 'TDK-%'),
                         'TDK-B 60/0, TDK-FRESH 0/0, TDK-OLD 4/0', 'shipped');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.reservations WHERE order_id IN (:ord1, :ord2)), 0::bigint, 'nothing held');
SELECT pg_temp.expect_eq((SELECT string_agg(status, ' ' ORDER BY id) FROM polka.orders WHERE id IN (:ord1, :ord2)),
                         'shipped shipped', 'the orders shipped');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', r.doc, r.doc_date, r.due_on, r.amount), '; ' ORDER BY r.doc_date, d.seq)
                            FROM polka.receivables r JOIN polka.documents d ON d.id = r.document_id WHERE d.trip_id = :trip),
                         format('УПД %s 2031-09-10 2031-09-10 4480.00; УПД %s 2031-09-10 2031-09-10 2880.00', :n1, :n1 + 1),
                         'a receivable each, due at once (prepayment)');
SELECT pg_temp.expect_eq((SELECT status FROM polka.trips WHERE id = :trip), 'documents', 'the trip has its documents');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', product_code, coalesce(difference, '-'), coalesce(accepted, '-')), '; ' ORDER BY shipping_order, product_code)
                            FROM polka.waybill_lines(:trip)),
                         '710001 short недовложение, клиент согласен; 710002 - -; 710001 - -; 710002 - -',
                         'the desk shows the accepted difference only');
-- The second press changes nothing.
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', r ->> 'made', r ->> 'documents', r ->> 'again') FROM polka.trip_documents_make(:trip) r),
                         '0 3 true', 'pressed again');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents WHERE trip_id = :trip), 3::bigint, 'still three');
-- New facts are not taken under live documents.
SELECT pg_temp.expect_error(format('SELECT * FROM polka.wms_import(%L, %L)', 'x.facts.tsv',
                                   format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nEND\t0\n', :'trip_no')), '23514', 'wms_trip_picking');
-- The clerk may not cancel.
SELECT d.id AS doc2 FROM polka.documents d WHERE d.order_id = :ord2 \gset
SELECT pg_temp.expect_error(format('SELECT polka.document_storno(%s, %L)', :doc2, 'x'), '42501');
RESET SESSION AUTHORIZATION;

-- The head cancels the chain's document: its goods held again as picked, its receivable
-- gone, its order picking again, the note summed again, the trip picked again.
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2031-09-09';
SELECT pg_temp.expect_error(format('SELECT polka.document_storno(%s, %L)', :doc2, ' '), '23514', 'documents_cancel_given');
SELECT pg_temp.expect_eq(polka.document_storno(:doc2, 'ошибка в цене'), format('U2031%s', lpad((:n1 + 1)::text, 6, '0')), 'cancelled');
SELECT pg_temp.expect_error(format('SELECT polka.document_storno(%s, %L)', :doc2, 'x'), '23514', 'documents_cancel_once');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s/%s', batch, trim_scale(on_hand), trim_scale(reserved)), ', ' ORDER BY batch)
                            FROM polka.stock_batches WHERE batch LIKE 'TDK-%'),
                         'TDK-B 84/24, TDK-FRESH 12/12, TDK-OLD 4/0', 'the shipment taken back, held for the order');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', o.status, (SELECT count(*) FROM polka.receivables r WHERE r.document_id = :doc2),
                                        (SELECT status FROM polka.trips WHERE id = :trip))
                            FROM polka.orders o WHERE o.id = :ord2),
                         'picking 0 picked', 'the order picking, no receivable, the trip picked');
SELECT pg_temp.expect_eq((SELECT format('%s %s', lines, amount) FROM polka.documents WHERE trip_id = :trip AND kind = 'tn' AND cancelled_at IS NULL),
                         '1 4480.00', 'the note without it');

-- The next press makes only the chain's document, with the next number.
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-09-09';
SELECT pg_temp.expect_error(format('SELECT * FROM polka.wms_import(%L, %L)', 'x.facts.tsv',
                                   format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nEND\t0\n', :'trip_no')), '23514', 'wms_trip_no_documents');
SELECT pg_temp.expect_eq((SELECT format('%s %s', r ->> 'made', r ->> 'documents') FROM polka.trip_documents_make(:trip) r),
                         '1 3', 'made what was missing');
SELECT pg_temp.expect_eq((SELECT seq - :n1 FROM polka.documents WHERE order_id = :ord2 AND cancelled_at IS NULL), 2,
                         'the next number, none skipped');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s/%s', batch, trim_scale(on_hand), trim_scale(reserved)), ', ' ORDER BY batch)
                            FROM polka.stock_batches WHERE batch LIKE 'TDK-%'),
                         'TDK-B 60/0, TDK-FRESH 0/0, TDK-OLD 4/0', 'shipped again');
RESET SESSION AUTHORIZATION;

-- Both cancelled (the note with the last), new facts with nothing for the chain: its order
-- is cancelled saying why, what it held released.
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2031-09-09';
SELECT polka.document_storno(id, 'перевыписка') FROM polka.documents
 WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL ORDER BY id;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents WHERE trip_id = :trip AND cancelled_at IS NULL), 0::bigint,
                         'the note cancelled with the last');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', lines, amount, cancel_reason), '; ' ORDER BY seq)
                            FROM polka.documents WHERE trip_id = :trip AND kind = 'tn'),
                         '1 2880.00 перевыписка', 'keeping what it had: the last document''s figures');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-09-09';
SELECT polka.wms_import('tdc2.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTDK-OLD\t20\t\nPICK\t%s\t2\tTDK-B\t36\t\nEND\t2\n', :'trip_no', :'so1', :'so1'));
SELECT polka.waybill_accept(w.order_line_id, 'нет в наличии') FROM polka.waybill_lines(:trip) w WHERE w.difference IS NOT NULL;
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', r ->> 'made', r ->> 'documents', r ->> 'cancelled') FROM polka.trip_documents_make(:trip) r),
                         '2 2 1', 'the first client''s document and a note; the chain''s order cancelled');
SELECT pg_temp.expect_eq((SELECT format('%s: %s', status, cancel_reason) FROM polka.orders WHERE id = :ord2),
                         format('cancelled: nothing picked for trip %s', :'trip_no'), 'says why');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s/%s', batch, trim_scale(on_hand), trim_scale(reserved)), ', ' ORDER BY batch)
                            FROM polka.stock_batches WHERE batch LIKE 'TDK-%'),
                         'TDK-B 84/0, TDK-FRESH 12/0, TDK-OLD 4/0', 'the chain''s goods free again');
-- Numbers without gaps: the trip's sales documents took four consecutive numbers.
SELECT pg_temp.expect_eq((SELECT string_agg((seq - :n1)::text, ' ' ORDER BY seq) FROM polka.documents WHERE trip_id = :trip AND kind = 'upd'),
                         '0 1 2 3', 'consecutive');
SELECT pg_temp.expect_eq((SELECT string_agg(kind || coalesce(' ' || cancelled, ''), ', ')
                            FROM polka.trip_documents(:trip)),
                         'tn, upd, tn перевыписка, upd перевыписка, upd ошибка в цене, upd перевыписка', 'the desk''s list: live first');
RESET SESSION AUTHORIZATION;

-- A partly paid document is corrected, not cancelled (and nothing of the storno stays).
UPDATE polka.receivables SET paid = 1
 WHERE document_id = (SELECT id FROM polka.documents WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL);
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2031-09-09';
SELECT pg_temp.expect_error(format('SELECT polka.document_storno(%s, %L)',
                                   (SELECT id FROM polka.documents WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL), 'x'),
                            '23514', 'documents_storno_unpaid');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents WHERE trip_id = :trip AND cancelled_at IS NULL), 2::bigint,
                         'both documents live still');

-- Once the truck has left: no storno.
UPDATE polka.trips SET status = 'left' WHERE id = :trip;
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2031-09-09';
SELECT pg_temp.expect_error(format('SELECT polka.document_storno(%s, %L)',
                                   (SELECT id FROM polka.documents WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL), 'x'),
                            '23514', 'documents_storno_before_leaving');
RESET SESSION AUTHORIZATION;

-- Past 999,999 a year the code keeps every digit (no two documents share a code).
UPDATE polka.documents SET seq = 1234567 WHERE id = :doc2;
SELECT pg_temp.expect_eq((SELECT code FROM polka.documents WHERE id = :doc2), 'U20311234567', 'seven digits kept');

-- An operator may not make documents; a manager sees only his clients' (the note with the trip).
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.trip_documents_make(%s)', :trip), '42501');
RESET SESSION AUTHORIZATION;

ROLLBACK;
