-- The WMS exchange (issue 15): a trip's picking tasks as the file's text; its picking facts
-- imported all or nothing (the trip becomes picked), the same file twice changes nothing,
-- another file replaces the facts; every fault of a hostile file refused naming the line,
-- nothing half-imported; an operator may not.
--
-- Own data only: polka_test.trips_world as TWM (tests/cluster/setup), shipping on 2031-09-03.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-09-02';
SELECT polka_test.trips_world('TWM', 'Склад WMS', '2031-09-03');
SELECT t.id AS trip, t.number AS trip_no FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'TWM-R' \gset
SELECT s.number AS so1 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TWM-1' \gset

SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-09-02';
-- Tasks only for a trip being picked.
SELECT pg_temp.expect_error(format('SELECT polka.wms_tasks(%s)', :trip), '23514', 'wms_trip_picking');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-09-02';
SELECT polka.trip_start_picking(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-09-02';

SELECT pg_temp.expect_eq((SELECT file FROM polka.wms_trips('2031-09-03') WHERE id = :trip),
                         'trip-2031-09-03-' || substr(:'trip_no', 2), 'the file''s name');
-- The first client's order: 24 of 710001 from the old batch, 36 of 710002.
SELECT pg_temp.expect_eq(polka.wms_tasks(:trip),
    E'POLKA-WMS\tTASKS\t1\n' ||
    format(E'TRIP\t%s\t2031-09-03\tTWM\tТ1TWM 69\t07:00\n', :'trip_no') ||
    format(E'ORDER\t%s\t', :'so1') || (SELECT number FROM polka.orders o WHERE o.id = (SELECT order_id FROM polka.shipping_orders WHERE number = :'so1'))
        || E'\tTWM-1\tСклад WMS: первый\tТочка TWM-1\t1\n' ||
    format(E'LINE\t%s\t1\t710001\t', :'so1') || (SELECT gtin FROM polka.products WHERE code = '710001')
        || E'\tZZ распределяемый\t24\tшт\tTWM-OLD=24\n' ||
    format(E'LINE\t%s\t2\t710002\t', :'so1') || (SELECT gtin FROM polka.products WHERE code = '710002')
        || E'\tZZ запасной\t36\tшт\tTWM-B=36\n' ||
    E'END\t3\n',
    'the tasks file');

-- A good file: a short pick of line 1 from another batch, line 2 on two pallets.
CREATE TEMP TABLE f (name text, body text);
GRANT ALL ON f TO PUBLIC;
INSERT INTO f VALUES ('good', format(E'POLKA-WMS\tFACTS\t1\r\nTRIP\t%s\r\nPICK\t%s\t1\tTWM-FRESH\t12\t046000000000000015\r\n'
                                     'PICK\t%s\t2\tTWM-B\t30\t046000000000000022\r\nPICK\t%s\t2\tTWM-B\t6\t\r\nEND\t3\r\n',
                                     :'trip_no', :'so1', :'so1', :'so1'));
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', trip, picks, again) FROM polka.wms_import('good.facts.tsv', (SELECT body FROM f WHERE name = 'good'))),
                         format('%s 3 f', :'trip_no'), 'imported');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', l.n, b.batch, trim_scale(p.qty), coalesce(p.sscc, '-')), '; ' ORDER BY l.n, p.qty)
                            FROM polka.picking_facts p JOIN polka.order_lines l ON l.id = p.order_line_id
                            JOIN polka.stock_batches b ON b.id = p.batch_id WHERE p.trip_id = :trip),
                         '1 TWM-FRESH 12 046000000000000015; 2 TWM-B 6 -; 2 TWM-B 30 046000000000000022', 'the facts');
SELECT pg_temp.expect_eq((SELECT status FROM polka.trips WHERE id = :trip), 'picked', 'the trip is picked');
-- The same file again: nothing changes, and it says so.
SELECT pg_temp.expect_eq((SELECT format('%s %s', picks, again) FROM polka.wms_import('again.facts.tsv', (SELECT body FROM f WHERE name = 'good'))),
                         '3 t', 'the same file twice');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.wms_imports WHERE trip_id = :trip), 1::bigint, 'one import');
-- Another file replaces the facts.
SELECT pg_temp.expect_eq((SELECT picks FROM polka.wms_import('second.facts.tsv',
                            format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t2\tTWM-B\t36\t\nEND\t1\n', :'trip_no', :'so1'))),
                         1, 'a second file');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.picking_facts WHERE trip_id = :trip), 1::bigint, 'its facts replace the first''s');

-- Hostile files: each refused naming its line; the facts stay as they were.
CREATE FUNCTION pg_temp.refused(body text, what text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    msg text;
BEGIN
    BEGIN
        PERFORM polka.wms_import('bad.facts.tsv', body);
    EXCEPTION WHEN invalid_parameter_value OR check_violation THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT;
    END;
    IF msg IS NULL OR msg NOT LIKE what THEN
        RAISE EXCEPTION 'FAILED: % expected, got %', what, coalesce(msg, 'success');
    END IF;
END
$$;
SELECT pg_temp.refused('', 'the file is empty');
SELECT pg_temp.refused(E'POLKA-WMS\tTASKS\t1\n', 'line 1: not a picking facts file%');
SELECT pg_temp.refused(E'POLKA-WMS\tFACTS\t1\nTRIP\tР99999\nEND\t0\n', 'line 2: no trip Р99999');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t12\t\n', :'trip_no', :'so1'),
                       'the file ends before its END line%');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t12\t\nEND\t2\n', :'trip_no', :'so1'),
                       'line 4: END counts 2 records, the file has 1');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t9999999\t1\tTWM-FRESH\t12\t\nEND\t1\n', :'trip_no'),
                       'line 3: shipping order 9999999 is not on trip%');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t7\tTWM-FRESH\t12\t\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: shipping order % has no line 7');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tНЕТ-ТАКОЙ\t12\t\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: no batch НЕТ-ТАКОЙ of this product%');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t-5\t\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: the quantity -5 is not a number above zero');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t4800\t\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: 4800 picked of line 1 (24 ordered) cannot be');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t1.5\t\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: 1.5 picked of line 1 (24 ordered) cannot be');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t12\t123\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: 123 is not an SSCC%');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: PICK with shipping order, line, batch, quantity and pallet SSCC expected');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTWM-FRESH\t12\t\x1b[2J\nEND\t1\n', :'trip_no', :'so1'),
                       'line 3: a control character');
SELECT pg_temp.refused(format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nEND\t0\nPICK\t%s\t1\tTWM-FRESH\t12\t\n', :'trip_no', :'so1'),
                       'line 4: something after END');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.picking_facts WHERE trip_id = :trip), 1::bigint, 'nothing half-imported');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.wms_imports WHERE trip_id = :trip), 2::bigint, 'no import recorded for a refused file');

-- The clerk accepts a difference with a reason; a line as tasked has nothing to accept; a
-- reason is required; a new import drops the acceptances (they were for other facts).
SELECT l.id AS line1 FROM polka.order_lines l JOIN polka.shipping_orders s ON s.order_id = l.order_id
 WHERE s.number = :'so1' AND l.n = 1 \gset
SELECT l.id AS line2 FROM polka.order_lines l JOIN polka.shipping_orders s ON s.order_id = l.order_id
 WHERE s.number = :'so1' AND l.n = 2 \gset
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', product_code, coalesce(difference, '-'), coalesce(accepted, '-')), '; ')
                            FROM polka.waybill_lines(:trip)),
                         '710001 not_picked -; 710002 - -', 'after the second file: line 1 not picked');
SELECT pg_temp.expect_eq(polka.waybill_accept(:line1, 'нет на складе, клиент согласен'), 'not_picked', 'accepted');
SELECT pg_temp.expect_error(format('SELECT polka.waybill_accept(%s, %L)', :line2, 'x'), '23514', 'pick_acceptances_difference_valid');
SELECT pg_temp.expect_error(format('SELECT polka.waybill_accept(%s, %L)', :line1, ' '), '23502');
SELECT pg_temp.expect_eq((SELECT format('%s %s', accepted, (SELECT differences FROM polka.waybill_trips(t.warehouse_id, t.day) w WHERE w.id = :trip))
                            FROM polka.waybill_lines(:trip), polka.trips t WHERE t.id = :trip AND product_code = '710001'),
                         'нет на складе, клиент согласен 0', 'the trip counts no difference left');
SELECT polka.wms_import('third.facts.tsv', format(E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t2\tTWM-B\t30\t\nEND\t1\n', :'trip_no', :'so1'));
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.pick_acceptances WHERE trip_id = :trip), 0::bigint, 'a new import drops them');

-- An operator may not.
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.wms_tasks(%s)', :trip), '42501');
SELECT pg_temp.expect_error('SELECT * FROM polka.wms_import(''x'', ''y'')', '42501');
SELECT pg_temp.expect_error(format('SELECT polka.waybill_accept(%s, %L)', :line1, 'x'), '42501');

ROLLBACK;
