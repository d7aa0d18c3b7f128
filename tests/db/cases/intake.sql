-- Incoming orders (issue 18, functions/intake.sql): an ORDERS message with everything known
-- becomes an order through the phone's save (source edi, our prices, cartons in pieces); the
-- same sender and number again is that order; problems hold a message in the queue with their
-- codes (unknown buyer, point, product; a day the point's route does not run; a price that
-- differs; not whole packs; a product twice; a quantity of zero); an operator's choices are
-- remembered for the next message (the buyer's GLN, the point's GLN, the buyer's article), and
-- count at once on the card of one waiting (intake_get works it out afresh); an operator's
-- quantity for a line (whole packs; 0: not taken), audited, is what the order takes;
-- accepting with a price difference takes ours, accepting with a blocking problem is refused;
-- refusing needs a reason; decided ones stay decided; rights; a whole file received once by
-- its bytes, a message the database refuses recorded without losing the others.
--
-- Own data only (codes TIK-..., GTINs 46099910..., GLNs 46099920...), days in 2049.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2049-03-01';

INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES
    ('TIK-C1', 'client', 'TIK Сеть', 'ООО TIK', 'chain'),
    ('TIK-C2', 'client', 'TIK Другая сеть', 'ООО TIK 2', 'chain');
SELECT id AS c1 FROM polka.partners WHERE code = 'TIK-C1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TIK-C2' \gset
INSERT INTO polka.delivery_points (partner_id, name, address, gln) VALUES
    (:c1, 'TIK магазин 1', 'г. Тула, ул. Первая, 1', '4609992000010'),
    (:c1, 'TIK магазин 2', 'г. Тула, ул. Вторая, 2', NULL),
    (:c2, 'TIK чужой магазин', 'г. Тула, ул. Третья, 3', NULL);
SELECT id AS pt1 FROM polka.delivery_points WHERE name = 'TIK магазин 1' \gset
SELECT id AS pt2 FROM polka.delivery_points WHERE name = 'TIK магазин 2' \gset
SELECT id AS pt3 FROM polka.delivery_points WHERE name = 'TIK чужой магазин' \gset
-- The point look-up narrowed to a client (the card's F4): his own points, with GLN and
-- address, found by any; another client's not; a parent that is no id finds nothing.
SELECT pg_temp.expect_eq((SELECT array_agg(label ORDER BY label) FROM polka.lookup('point', 'tik', 50, :c1::text)),
                         ARRAY['TIK магазин 1 (GLN 4609992000010) — г. Тула, ул. Первая, 1',
                               'TIK магазин 2 — г. Тула, ул. Вторая, 2'], 'the client''s own points');
SELECT pg_temp.expect_eq((SELECT array_agg(code::bigint) FROM polka.lookup('point', '4609992000010', 50, :c1::text)),
                         ARRAY[:pt1::bigint], 'found by the GLN');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('point', 'чужой', 50, :c1::text)), 0::bigint,
                         'not another client''s');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('point', '', 50, 'TIK-C1')), 0::bigint,
                         'a parent that is no id: nothing');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.lookup('point', 'tik', 50)) >= 3, 'unnarrowed: every client''s');
SELECT min(id) AS wh FROM polka.warehouses \gset
INSERT INTO polka.routes (code, name, warehouse_id, weekdays) VALUES ('TIK-R', 'TIK пн ср пт', :wh, '135');
INSERT INTO polka.route_points (route_id, point_id, stop)
SELECT id, :pt1, 1 FROM polka.routes WHERE code = 'TIK-R';
SELECT min(id) AS cat FROM polka.categories WHERE parent_id IS NOT NULL \gset
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days, gtin) VALUES
    ('9999710001', 'TIK молоко', :cat, 'шт', 6, 1.04, 10, '4609991000011'),
    ('9999710002', 'TIK кефир', :cat, 'шт', 12, 1.02, 10, '4609991000028'),
    ('9999710003', 'TIK творог', :cat, 'шт', 1, 0.2, 10, '4609991000035');
SELECT id AS milk FROM polka.products WHERE code = '9999710001' \gset
SELECT id AS kefir FROM polka.products WHERE code = '9999710002' \gset
SELECT id AS curd FROM polka.products WHERE code = '9999710003' \gset
INSERT INTO polka.price_types (code, name, kind) VALUES ('TIK-PT', 'TIK цены', 'base');
SELECT id AS ptype FROM polka.price_types WHERE code = 'TIK-PT' \gset
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price) VALUES
    (:ptype, :milk, '2000-01-01', 81.05), (:ptype, :kefir, '2000-01-01', 60.00), (:ptype, :curd, '2000-01-01', 120.00);
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, discount_percent,
                              lead_days, valid_from, status) VALUES
    ('TIK-A1', 'TIK 1', 'individual', :c1, :ptype, 'prepayment', 0, 1, '2049-01-01', 'active'),
    ('TIK-A2', 'TIK 2', 'individual', :c2, :ptype, 'prepayment', 0, 1, '2049-01-01', 'active');

-- A message as the EDI poll hands it over, with its lines.
CREATE FUNCTION pg_temp.msg(p_number text, p_point text, p_day text, p_lines jsonb, p_buyer text DEFAULT NULL)
RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('channel', 'edi', 'sender', '4609992000034', 'number', p_number,
                              'doc_date', '2049-03-01', 'requested_on', p_day, 'buyer_gln', p_buyer,
                              'point_gln', p_point, 'directory', 'D96A', 'lines', p_lines)
$$;

SET SESSION AUTHORIZATION anna;
-- Everything known: the order, through the phone's save; cartons (CT) are packs.
SELECT polka.intake_receive(pg_temp.msg('TIK-1', '4609992000010', '2049-03-03',
    '[{"gtin": "4609991000011", "qty": "12", "unit": "PCE", "buyer_price": "81.05"},
      {"gtin": "4609991000028", "qty": "2", "unit": "CT"}]')) AS r1 \gset
SELECT pg_temp.expect_eq(:'r1'::jsonb ->> 'state', 'accepted', 'a clean message is accepted');
SELECT (:'r1'::jsonb ->> 'order_id')::bigint AS o1 \gset
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s %s', client_id = :c1, point_id = :pt1, ship_on, source, comment)
                            FROM polka.orders WHERE id = :o1),
                         't t 2049-03-03 edi EDI TIK-1 01.03.2049', 'the order: client, point, day, source, the buyer''s number');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s:%s:%s', product_id = :milk, trim_scale(qty), price), ',' ORDER BY n)
                            FROM polka.order_lines WHERE order_id = :o1),
                         't:12:81.05,f:24:60.00', 'its lines: 2 cartons of 12 are 24, our prices');
-- Again (the provider sent it twice): the same order, nothing new.
SELECT polka.intake_receive(pg_temp.msg('TIK-1', '4609992000010', '2049-03-03',
    '[{"gtin": "4609991000011", "qty": "99"}]')) AS r1b \gset
SELECT pg_temp.expect_eq(format('%s %s', :'r1b'::jsonb ->> 'replayed', :'r1b'::jsonb ->> 'order_id'),
                         format('true %s', :o1), 'the same sender and number again: the order made before');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.intake_orders WHERE sender = '4609992000034' AND number = 'TIK-1'),
                         1::bigint, 'received once');

-- Every kind of problem on the lines and the day: held, with the codes in the order to fix them.
SELECT polka.intake_receive(pg_temp.msg('TIK-2', '4609992000010', '2049-03-02',
    '[{"gtin": "4609991000011", "qty": "7"},
      {"gtin": "4609991000028", "qty": "12", "buyer_price": "55.00"},
      {"article": "ART-77", "qty": "3", "name": "Творог TIK у покупателя"},
      {"gtin": "4609991000035", "qty": "0"},
      {"code": "9999710003", "qty": "2"}]')) AS r2 \gset
SELECT (:'r2'::jsonb ->> 'id')::bigint AS i2 \gset
SELECT pg_temp.expect_eq(:'r2'::jsonb ->> 'state', 'attention', 'problems: needs attention');
SELECT pg_temp.expect_eq((SELECT array_to_string(problems, ',') FROM polka.intake_orders WHERE id = :i2),
                         'date,product,twice,pack,price', 'the day (a Tuesday), then the lines'' problems in order');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s:%s', n, coalesce(problem, '-')), ',' ORDER BY n)
                            FROM polka.intake_lines WHERE intake_id = :i2),
                         '1:pack,2:price,3:product,4:twice,5:twice', 'each line''s problem');
SELECT pg_temp.expect_eq((SELECT order_id FROM polka.intake_orders WHERE id = :i2), NULL, 'no order yet');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', number, state, problem) FROM polka.intake_queue(NULL, NULL, 50) WHERE id = :i2),
                         'TIK-2 attention date', 'in the queue with its first problem');
SELECT pg_temp.expect_eq((SELECT q.id FROM polka.intake_queue(NULL, NULL, 50) q LIMIT 1), :i2::bigint,
                         'the ones needing attention first');
SELECT pg_temp.expect_error(format('SELECT polka.intake_accept(%s, 1)', :i2), '23514', 'intake_orders_problems_fixed');

-- The operator fixes the day and the product for the buyer's article (remembered); the
-- quantities stay as the message says until the operator sets them (below, TIK-10).
SELECT polka.intake_save(jsonb_build_object('id', :i2, 'version', 1, 'client_id', :c1, 'point_id', :pt1,
                                            'ship_on', '2049-03-03',
                                            'lines', jsonb_build_array(jsonb_build_object(
                                                'id', (SELECT id FROM polka.intake_lines WHERE intake_id = :i2 AND n = 3),
                                                'product_id', :kefir))));
SELECT pg_temp.expect_eq((SELECT array_to_string(problems, ',') FROM polka.intake_orders WHERE id = :i2),
                         'twice,pack', 'after the fixes: kefir now on two lines, and the 7 not in packs of 6');
SELECT pg_temp.expect_eq((SELECT product_id FROM polka.intake_codes WHERE kind = 'product' AND client_id = :c1 AND code = 'ART-77'),
                         :kefir::bigint, 'the buyer''s article remembered for the client');
SELECT pg_temp.expect_error(format('SELECT polka.intake_save(''{"id": %s, "version": 1}'')', :i2), 'PLK01');
SELECT polka.intake_refuse(:i2, 'Позвонили клиенту: пришлёт заново', 2);
SELECT pg_temp.expect_eq((SELECT format('%s %s', state, refusal) FROM polka.intake_orders WHERE id = :i2),
                         'refused Позвонили клиенту: пришлёт заново', 'refused with the reason');
SELECT pg_temp.expect_error(format('SELECT polka.intake_accept(%s, 3)', :i2), '23514', 'intake_orders_decided');

-- The next message with that article: known at once; only the buyer's price differs, which an
-- operator accepts: the order has our price.
SELECT polka.intake_receive(pg_temp.msg('TIK-3', '4609992000010', '2049-03-03',
    '[{"article": "ART-77", "qty": "24", "buyer_price": "59.00"}]')) AS r3 \gset
SELECT (:'r3'::jsonb ->> 'id')::bigint AS i3 \gset
SELECT pg_temp.expect_eq(format('%s %s', :'r3'::jsonb ->> 'state', :'r3'::jsonb ->> 'problems'), 'attention ["price"]',
                         'the article remembered; the price flagged, not taken');
SELECT polka.intake_accept(:i3, 1) AS r3a \gset
SELECT pg_temp.expect_eq(:'r3a'::jsonb ->> 'order_number',
                         (SELECT number FROM polka.orders WHERE id = (:'r3a'::jsonb ->> 'order_id')::bigint),
                         'the answer names the order made');
SELECT pg_temp.expect_eq((SELECT format('%s %s', l.product_id = :kefir, l.price) FROM polka.order_lines l
                            WHERE l.order_id = (:'r3a'::jsonb ->> 'order_id')::bigint),
                         't 60.00', 'accepted: the order at our price');

-- An unknown buyer and point GLN: the operator chooses the client and point; both remembered.
SELECT polka.intake_receive(pg_temp.msg('TIK-4', '4609992000027', '2049-03-03',
    '[{"gtin": "4609991000035", "qty": "5"}]', '4609992000034')) AS r4 \gset
SELECT (:'r4'::jsonb ->> 'id')::bigint AS i4 \gset
SELECT pg_temp.expect_eq(:'r4'::jsonb ->> 'problems', '["buyer"]', 'an unknown buyer');
-- Another client's point is not this client's.
SELECT pg_temp.expect_error(format('SELECT polka.intake_save(''{"id": %s, "version": 1, "client_id": %s, "point_id": %s, "ship_on": "2049-03-03"}'')',
                                   :i4, :c1, :pt3), '23514', 'orders_point_of_client');
SELECT polka.intake_save(jsonb_build_object('id', :i4, 'version', 1, 'client_id', :c1, 'point_id', :pt2,
                                            'ship_on', '2049-03-03'));
SELECT pg_temp.expect_eq((SELECT format('%s %s', state, problems) FROM polka.intake_orders WHERE id = :i4), 'received {}',
                         'fixed: nothing left');
SELECT polka.intake_accept(:i4, 2) AS r4a \gset
SELECT pg_temp.expect_eq((SELECT format('%s %s', o.client_id = :c1, o.point_id = :pt2) FROM polka.orders o
                            WHERE o.id = (:'r4a'::jsonb ->> 'order_id')::bigint), 't t', 'the order for the chosen client and point');
SELECT polka.intake_receive(pg_temp.msg('TIK-5', '4609992000027', '2049-03-03',
    '[{"gtin": "4609991000035", "qty": "5"}]', '4609992000034')) AS r5 \gset
SELECT pg_temp.expect_eq(:'r5'::jsonb ->> 'state', 'accepted', 'the next one from that buyer and point: taken at once');

-- Quantities the operator sets: 7 of milk (packs of 6) and 5 of kefir (packs of 12) are not in
-- whole packs; milk set to 12, kefir to 0 (not taken): nothing left to fix, and the order takes
-- 12 of milk and the curd as the message says.
SELECT polka.intake_receive(pg_temp.msg('TIK-10', '4609992000010', '2049-03-03',
    '[{"gtin": "4609991000011", "qty": "7"}, {"gtin": "4609991000035", "qty": "2"},
      {"gtin": "4609991000028", "qty": "5"}]')) AS r10 \gset
SELECT (:'r10'::jsonb ->> 'id')::bigint AS i10 \gset
SELECT pg_temp.expect_eq(:'r10'::jsonb ->> 'problems', '["pack"]', 'not in whole packs');
SELECT pg_temp.expect_error(format('SELECT polka.intake_save(%L)', jsonb_build_object('id', :i10, 'version', 1,
                                   'client_id', :c1, 'point_id', :pt1, 'ship_on', '2049-03-03', 'lines', jsonb_build_array(
                                   jsonb_build_object('id', (SELECT id FROM polka.intake_lines WHERE intake_id = :i10 AND n = 1),
                                                      'our_qty', -6)))),
                            '23514', 'intake_lines_taken_qty_valid');
SELECT polka.intake_save(jsonb_build_object('id', :i10, 'version', 1, 'client_id', :c1, 'point_id', :pt1,
                                            'ship_on', '2049-03-03', 'lines', (
    SELECT jsonb_agg(jsonb_build_object('id', l.id, 'our_qty', CASE l.n WHEN 1 THEN '12' WHEN 3 THEN '0' ELSE '2' END))
      FROM polka.intake_lines l WHERE l.intake_id = :i10)));
SELECT pg_temp.expect_eq((SELECT format('%s %s', state, problems) FROM polka.intake_orders WHERE id = :i10), 'received {}',
                         'our quantities: nothing left to fix');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s:%s:%s', n, trim_scale(order_qty), coalesce(trim_scale(taken_qty)::text, '-')),
                                            ',' ORDER BY n) FROM polka.intake_lines WHERE intake_id = :i10),
                         '1:7:12,2:2:-,3:5:0', 'the message''s quantity kept beside ours (the curd''s as it said)');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s:%s', l ->> 'n', l ->> 'our_qty'), ',' ORDER BY (l ->> 'n')::int)
                            FROM jsonb_array_elements(polka.intake_get(:i10) -> 'lines') l),
                         '1:12.000,2:2.000,3:0.000', 'the card shows our quantities');
RESET SESSION AUTHORIZATION; -- (the trail is for the administrators to read)
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', a.who, a.new ->> 'taken_qty'), ',' ORDER BY a.new ->> 'taken_qty')
                            FROM polka.audit_log a WHERE a.tab = 'intake_lines' AND a.op = 'U' AND a.new ? 'taken_qty'
                             AND a.row_id IN (SELECT id FROM polka.intake_lines WHERE intake_id = :i10)),
                         'anna 0.000,anna 12.000', 'the two quantities set: in the audit trail, by whom');
SET SESSION AUTHORIZATION anna;
SELECT polka.intake_accept(:i10, 2) AS r10a \gset
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s:%s', p.code, trim_scale(l.qty)), ',' ORDER BY l.n)
                            FROM polka.order_lines l JOIN polka.products p ON p.id = l.product_id
                           WHERE l.order_id = (:'r10a'::jsonb ->> 'order_id')::bigint),
                         '9999710001:12,9999710003:2', 'the order: 12 of milk, the curd; the kefir not taken');
-- Every line at 0: nothing to order; refused instead.
SELECT polka.intake_receive(pg_temp.msg('TIK-11', '4609992000010', '2049-03-03',
    '[{"gtin": "4609991000011", "qty": "7"}]')) AS r11 \gset
SELECT (:'r11'::jsonb ->> 'id')::bigint AS i11 \gset
SELECT polka.intake_save(jsonb_build_object('id', :i11, 'version', 1, 'client_id', :c1, 'point_id', :pt1,
                                            'ship_on', '2049-03-03', 'lines', jsonb_build_array(jsonb_build_object(
                                            'id', (SELECT id FROM polka.intake_lines WHERE intake_id = :i11), 'our_qty', 0))));
SELECT pg_temp.expect_error(format('SELECT polka.intake_accept(%s, 2)', :i11), '23514', 'intake_orders_lines_taken');
-- Set back to the message's quantity (or emptied): it follows the message again.
SELECT polka.intake_save(jsonb_build_object('id', :i11, 'version', 2, 'lines', jsonb_build_array(jsonb_build_object(
                                            'id', (SELECT id FROM polka.intake_lines WHERE intake_id = :i11), 'our_qty', NULL))));
SELECT pg_temp.expect_eq((SELECT format('%s %s', l.taken_qty, o.problems) FROM polka.intake_lines l
                            JOIN polka.intake_orders o ON o.id = l.intake_id WHERE o.id = :i11), ' {pack}',
                         'emptied: as the message says, not in whole packs again');

-- A mapping made on another message counts on the card of one already waiting: TIK-12 and
-- TIK-13 both with the unknown article ART-99; chosen on TIK-13, TIK-12's card shows the
-- product and nothing to fix (stored as it was until it is saved or accepted), and accepts.
SELECT (polka.intake_receive(pg_temp.msg('TIK-12', '4609992000010', '2049-03-03',
    '[{"article": "ART-99", "qty": "3", "unit": "CT"}]')) ->> 'id')::bigint AS i12 \gset
SELECT (polka.intake_receive(pg_temp.msg('TIK-13', '4609992000010', '2049-03-03',
    '[{"article": "ART-99", "qty": "4"}]')) ->> 'id')::bigint AS i13 \gset
SELECT polka.intake_save(jsonb_build_object('id', :i13, 'version', 1, 'client_id', :c1, 'point_id', :pt1,
                                            'ship_on', '2049-03-03', 'lines', jsonb_build_array(jsonb_build_object(
                                            'id', (SELECT id FROM polka.intake_lines WHERE intake_id = :i13), 'product_id', :curd))));
SELECT pg_temp.expect_eq((SELECT format('%s %s', state, problems) FROM polka.intake_orders WHERE id = :i12),
                         'attention {product}', 'TIK-12 stored as received');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', g ->> 'state', g ->> 'problems', g -> 'lines' -> 0 ->> 'product_id' = :'curd')
                            FROM polka.intake_get(:i12) g),
                         'received  t', 'its card: the article known now, nothing to fix');
-- Saved as the card shows it (3 cartons: 3 curds, packed by one, now the product is known; the
-- stored line had no quantity in our units yet): no quantity of the operator's is recorded.
SELECT polka.intake_save(jsonb_build_object('id', :i12, 'version', 1, 'client_id', :c1, 'point_id', :pt1,
                                            'ship_on', '2049-03-03', 'lines', (
    SELECT jsonb_agg(jsonb_build_object('id', l ->> 'id', 'product_id', l ->> 'product_id', 'our_qty', l ->> 'our_qty'))
      FROM jsonb_array_elements(polka.intake_get(:i12) -> 'lines') l)));
SELECT pg_temp.expect_eq((SELECT format('%s %s', trim_scale(order_qty), taken_qty IS NULL) FROM polka.intake_lines
                           WHERE intake_id = :i12), '3 t', 'the quantity as the message says, none set');
SELECT pg_temp.expect_eq(polka.intake_accept(:i12, 2) ->> 'state', 'accepted', 'and it is accepted');
RESET SESSION AUTHORIZATION;

-- Rights: a waybill clerk takes no orders; a manager does not see other clients' messages.
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.intake_receive(%L)', pg_temp.msg('TIK-6', NULL, '2049-03-03', '[{"gtin": "1", "qty": "1"}]')),
                            '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.intake_orders WHERE number LIKE 'TIK-%'), 0::bigint,
                         'vera sees no messages of clients not hers');
SELECT pg_temp.expect_error(format('SELECT polka.intake_accept(%s, 1)', :i3), '42501');
RESET SESSION AUTHORIZATION;

-- Hostile documents: no lines, too many lines.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.intake_receive(%L)', pg_temp.msg('TIK-7', NULL, '2049-03-03', '[]')),
                            '23514', 'intake_orders_lines_count');
SELECT pg_temp.expect_error(format('SELECT polka.intake_receive(%L)', pg_temp.msg('TIK-8', NULL, '2049-03-03',
                                   (SELECT jsonb_agg(jsonb_build_object('gtin', '4609991000035', 'qty', 1)) FROM generate_series(1, 2001)))),
                            '23514', 'intake_orders_lines_count');
RESET SESSION AUTHORIZATION;

-- A file: recorded once by its bytes; a message the database refuses (a number too long for
-- anybody's) is recorded as failed, the other one is taken.
INSERT INTO polka.edi_providers (code, name, in_dir, out_dir) VALUES ('tik', 'TIK провайдер', '/tmp/tik/in', '/tmp/tik/out');
SET SESSION AUTHORIZATION anna;
SELECT polka.edi_receive('tik', 'tik1.edi', encode('TIK файл 1', 'hex'), 'ORDERS', NULL,
    jsonb_build_array(jsonb_build_object('doc', pg_temp.msg(repeat('9', 36), '4609992000010', '2049-03-03', '[{"gtin": "4609991000035", "qty": "5"}]')),
                      jsonb_build_object('doc', pg_temp.msg('TIK-9', '4609992000010', '2049-03-03', '[{"gtin": "4609991000035", "qty": "5"}]')),
                      jsonb_build_object('ref', '3', 'segment', 40, 'error', 'LIN segment: no quantity'))) AS f1 \gset
SELECT pg_temp.expect_eq((SELECT string_agg(coalesce(m ->> 'state', '?'), ',') FROM jsonb_array_elements(:'f1'::jsonb -> 'messages') m),
                         'failed,accepted,failed', 'each message''s fate');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', state, messages, error ~ '^#1 .*intake_orders_number_valid.*; #3 \(3\): LIN segment: no quantity$')
                            FROM polka.edi_files WHERE id = (:'f1'::jsonb ->> 'file_id')::bigint),
                         'partly 3 t', 'the file: partly, with why for each refused message');
SELECT polka.edi_receive('tik', 'tik1-again.edi', encode('TIK файл 1', 'hex'), 'ORDERS', NULL, '[]') AS f2 \gset
SELECT pg_temp.expect_eq(format('%s %s', :'f2'::jsonb ->> 'again', :'f2'::jsonb ->> 'file_id'),
                         format('true %s', :'f1'::jsonb ->> 'file_id'), 'the same bytes again: the file received before');
SELECT polka.edi_receive('tik', 'junk.edi', encode('junk', 'hex'), NULL, 'not read: segment 1', '[]') AS f3 \gset
SELECT pg_temp.expect_eq((SELECT format('%s %s', state, error) FROM polka.edi_files WHERE id = (:'f3'::jsonb ->> 'file_id')::bigint),
                         'failed not read: segment 1', 'a file that is not EDIFACT: failed, with why');
SELECT pg_temp.expect_error('SELECT polka.edi_receive(''nosuch'', ''a.edi'', '''', NULL, NULL, ''[]'')', 'P0002');
SELECT pg_temp.expect_error('SELECT polka.edi_receive(''tik'', ''a/b.edi'', ''00'', NULL, NULL, ''[]'')', '23514', 'edi_files_name_valid');
SELECT pg_temp.expect_error('SELECT polka.edi_provider_save(''x'', ''x'', ''/a'', ''/b'')', '42501');
RESET SESSION AUTHORIZATION;
-- Nobody writes the tables directly.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('UPDATE polka.intake_orders SET state = ''refused'' WHERE id = %s', :i3), '42501');
SELECT pg_temp.expect_error('INSERT INTO polka.intake_codes (kind, client_id, code) VALUES (''buyer'', 1, ''4609992000034'')', '42501');
RESET SESSION AUTHORIZATION;
ROLLBACK;
