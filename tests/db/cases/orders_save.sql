-- Orders (013): the idempotent save (the same key twice is one order, also when the first
-- answer was lost after the commit), prices from price_for and not from the client, totals,
-- an edit with its version, refusals with nothing half-saved, who may take whose orders and
-- who sees them, cancelling, the shipping day over weekends and holidays.
--
-- Own data only (codes TOS-..., products 99997...), shipping days in 2030.
\ir ../lib.sql

BEGIN;
-- The test cluster's pinned business day (settings.test_clock): shipping days are checked
-- against today and a year ahead.
SET LOCAL polka.today = '2030-03-01';

SELECT id AS vera_pid FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.people (full_name, is_manager) VALUES ('TOS Другой Менеджер', true);
SELECT id AS other_pid FROM polka.people WHERE full_name = 'TOS Другой Менеджер' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, segment, manager_id) VALUES
    ('TOS-C1', 'client', 'TOS Клиент Веры', 'ООО TOS 1', 'shop', :vera_pid),
    ('TOS-C2', 'client', 'TOS Клиент другого', 'ООО TOS 2', 'shop', :other_pid);
SELECT id AS c1 FROM polka.partners WHERE code = 'TOS-C1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TOS-C2' \gset
INSERT INTO polka.delivery_points (partner_id, name, address) VALUES
    (:c1, 'TOS точка 1', 'г. Тула, ул. Первая, 1'), (:c2, 'TOS точка 2', 'г. Тула, ул. Вторая, 2');
SELECT id AS pt1 FROM polka.delivery_points WHERE name = 'TOS точка 1' \gset
SELECT id AS pt2 FROM polka.delivery_points WHERE name = 'TOS точка 2' \gset
SELECT min(id) AS cat FROM polka.categories WHERE parent_id IS NOT NULL \gset
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days, vat_code) VALUES
    ('9999700001', 'TOS молоко', :cat, 'шт', 6, 1.04, 10, 'reduced'),
    ('9999700002', 'TOS сыр', :cat, 'кг', 0.5, 1, 60, 'standard'),
    ('9999700003', 'TOS без цены', :cat, 'шт', 1, 1, 10, 'reduced');
SELECT id AS milk FROM polka.products WHERE code = '9999700001' \gset
SELECT id AS cheese FROM polka.products WHERE code = '9999700002' \gset
SELECT id AS noprice FROM polka.products WHERE code = '9999700003' \gset
INSERT INTO polka.price_types (code, name, kind) VALUES ('TOS-PT', 'TOS цены', 'base');
SELECT id AS pt FROM polka.price_types WHERE code = 'TOS-PT' \gset
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price) VALUES
    (:pt, :milk, '2000-01-01', 81.05), (:pt, :cheese, '2000-01-01', 700.00);
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, discount_percent,
                              lead_days, valid_from, status) VALUES
    ('TOS-A1', 'TOS 1', 'individual', :c1, :pt, 'prepayment', 0, 2, '2030-01-01', 'active'),
    ('TOS-A2', 'TOS 2', 'individual', :c2, :pt, 'prepayment', 10, 1, '2030-01-01', 'active');
SELECT id AS a1 FROM polka.agreements WHERE code = 'TOS-A1' \gset
SELECT id AS a2 FROM polka.agreements WHERE code = 'TOS-A2' \gset

-- The order screen's look-ups while a catalog comes: the products asked for only, priced as in
-- the whole catalog; names found by word starts in any order (ё as е, «» separating).
SELECT pg_temp.expect_eq((SELECT string_agg(code || ':' || coalesce(price::text, ''), ',' ORDER BY code)
                            FROM polka.order_products(:a1, '2030-03-05', NULL, ARRAY[:milk, :noprice]::bigint[])),
                         '9999700001:81.05,9999700003:', 'order_products of the ids asked for');
SELECT pg_temp.expect_eq((SELECT price FROM polka.order_products(:a1, '2030-03-05') WHERE product_id = :milk),
                         81.05, 'the same price in the whole catalog');
SELECT pg_temp.expect_true(polka.words_start('Молоко 3,2% «Полька» 1 л', 'пол мол'), 'words in any order, each a word start');
SELECT pg_temp.expect_true(polka.words_start('Сыр «Ёлка»', 'елк'), 'ё as е, «» separating');
SELECT pg_temp.expect_true(NOT polka.words_start('Молоко «Полька»', 'олька'), 'not the middle of a word');
SELECT pg_temp.expect_true(polka.words_start('Молоко', ''), 'no words: everything');

-- A document for client 1 shipping 2030-03-05 (its key given).
CREATE FUNCTION pg_temp.doc(k text, extra jsonb DEFAULT '{}') RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_build_object('key', k, 'client_id', (SELECT id FROM polka.partners WHERE code = 'TOS-C1'),
               'point_id', (SELECT id FROM polka.delivery_points WHERE name = 'TOS точка 1'),
               'agreement_id', (SELECT id FROM polka.agreements WHERE code = 'TOS-A1'),
               'ship_on', '2030-03-05', 'comment', 'TOS',
               'lines', jsonb_build_array(
                   jsonb_build_object('product_id', (SELECT id FROM polka.products WHERE code = '9999700001'), 'qty', 24),
                   jsonb_build_object('product_id', (SELECT id FROM polka.products WHERE code = '9999700002'), 'qty', '1.5',
                                      'price', '0.01'))) || extra
$$;
GRANT EXECUTE ON FUNCTION pg_temp.doc(text, jsonb) TO PUBLIC;
CREATE FUNCTION pg_temp.n_orders() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM polka.orders WHERE comment = 'TOS' OR client_id IN
        (SELECT id FROM polka.partners WHERE code LIKE 'TOS-%')
$$;
CREATE FUNCTION pg_temp.n_lines() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM polka.order_lines l JOIN polka.orders o ON o.id = l.order_id
     WHERE o.client_id IN (SELECT id FROM polka.partners WHERE code LIKE 'TOS-%')
$$;
GRANT EXECUTE ON FUNCTION pg_temp.n_orders(), pg_temp.n_lines() TO PUBLIC;

-- The shipping day: weekends off, a listed holiday off, a listed working Saturday on.
SELECT pg_temp.expect_eq(polka.shipping_day('2030-03-01', 1), '2030-03-04'::date, 'Friday + 1 working day: Monday');
SELECT pg_temp.expect_eq(polka.shipping_day('2030-03-02', 0), '2030-03-04'::date, 'Saturday, no lead time: Monday');
SELECT pg_temp.expect_eq(polka.shipping_day('2030-03-04', 0), '2030-03-04'::date, 'Monday, no lead time: Monday');
INSERT INTO polka.calendar VALUES ('2030-03-08', false, 'TOS праздник'), ('2030-03-09', true, 'TOS рабочая суббота');
SELECT pg_temp.expect_eq(polka.shipping_day('2030-03-07', 1), '2030-03-09'::date, 'over a holiday to a working Saturday');
SELECT pg_temp.expect_eq(polka.shipping_day('2030-03-07', 2), '2030-03-11'::date, 'then Monday');
SELECT pg_temp.expect_eq(polka.client_agreement(:c1, '2030-03-05'), :a1::bigint, 'the client''s own agreement');

-- The operator saves; prices are price_for's, not the document's.
SET SESSION AUTHORIZATION anna;
SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a001')) AS r1 \gset
SELECT pg_temp.expect_eq((:'r1'::jsonb ->> 'replayed')::boolean, false, 'first save is not a replay');
SELECT (:'r1'::jsonb ->> 'id')::bigint AS o1 \gset
SELECT pg_temp.expect_eq((SELECT price FROM polka.order_lines WHERE order_id = :o1 AND product_id = :cheese),
                         700.00, 'the price is the agreement''s, not the document''s 0.01');
-- 24 x 81.05 = 1945.20 (VAT 10%: 176.84); 1.5 kg x 700 = 1050.00 (VAT 22% from 2026: 189.34).
SELECT pg_temp.expect_eq((SELECT array_agg(amount || '/' || vat_amount || '/' || vat_rate ORDER BY n)
                            FROM polka.order_lines WHERE order_id = :o1),
                         ARRAY['1945.20/176.84/10.00', '1050.00/189.34/22.00'], 'line amounts and VAT');
SELECT pg_temp.expect_eq((SELECT lines || '/' || amount || '/' || vat_amount || '/' || weight_kg || '/' || taken_by
                            FROM polka.orders WHERE id = :o1),
                         '2/2995.20/366.18/26.460/anna', 'header totals and who took it');
SELECT pg_temp.expect_eq(
    (SELECT array_agg(l.price = f.price ORDER BY l.n) FROM polka.order_lines l
       JOIN polka.price_for(:a1, ARRAY[:milk, :cheese]::bigint[], '2030-03-05') f ON f.product_id = l.product_id
      WHERE l.order_id = :o1), ARRAY[true, true], 'prices equal price_for on the shipping day');

-- The same key again (the answer was lost after the commit): the same order, nothing written.
RESET SESSION AUTHORIZATION;
SELECT max(id) AS log_before FROM polka.audit_log \gset
SET SESSION AUTHORIZATION anna;
SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a001',
                                    '{"comment": "другой текст"}')) AS r2 \gset
SELECT pg_temp.expect_eq((:'r2'::jsonb ->> 'id')::bigint, :o1::bigint, 'a replay returns the same order');
SELECT pg_temp.expect_eq((:'r2'::jsonb ->> 'replayed')::boolean, true, 'and says it was a replay');
SELECT pg_temp.expect_eq(pg_temp.n_orders(), 1::bigint, 'one order for one key');
SELECT pg_temp.expect_eq((SELECT comment FROM polka.orders WHERE id = :o1), 'TOS', 'nothing of the replay written');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.audit_log WHERE id > :log_before), 0::bigint,
                         'a replay leaves no trail');

-- Bad input: refused, and nothing of it written.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('not-a-uuid'))$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a002') - 'key')$$, '22023');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a003', '{"point_id": %s}'))$$, :pt2),
                            '23514', 'orders_point_of_client');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a004', '{"agreement_id": %s}'))$$, :a2),
                            '23514', 'orders_agreement_of_client');
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a005', '{"ship_on": "2029-12-31"}'))$$,
                            '23514');
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a006', '{"ship_on": "2020-01-01"}'))$$,
                            '23514', 'orders_ship_on_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a007', '{"lines": [{"product_id": %s, "qty": %s}]}'))$$, :milk, q),
                            '23514', c)
  FROM (VALUES ('0', 'order_lines_qty_valid'), ('-6', 'order_lines_qty_valid'), ('1000002', 'order_lines_qty_valid'),
               ('"abc"', 'order_lines_qty_valid'), ('5', 'order_lines_pack_multiple'),
               ('6.5', 'order_lines_pack_multiple'), ('null', 'order_lines_qty_valid')) AS v(q, c);
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a008', '{"lines": [{"product_id": %s, "qty": 6}, {"product_id": %s, "qty": 12}]}'))$$, :milk, :milk),
                            '23514', 'order_lines_product_key');
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a009', '{"lines": [{"product_id": -5, "qty": 6}]}'))$$,
                            '23514', 'order_lines_product_known');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a00a', '{"lines": [{"product_id": %s, "qty": 6}, {"product_id": %s, "qty": 1}]}'))$$, :milk, :noprice),
                            '23514', 'order_lines_priced');
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a00b', '{"lines": []}'))$$,
                            '23514', 'orders_lines_count');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a00c', jsonb_build_object('lines',
                                   (SELECT jsonb_agg(jsonb_build_object('product_id', %s, 'qty', 6)) FROM generate_series(1, 2001)))))$$, :milk),
                            '23514', 'orders_lines_count');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000a00d', '{"lines": [{"product_id": %s, "qty": "0.0005"}]}'))$$, :cheese),
                            '23514', 'order_lines_pack_multiple'); -- finer than a pack (and than grams)
SELECT pg_temp.expect_eq(pg_temp.n_orders(), 1::bigint, 'no refused order was written');
SELECT pg_temp.expect_eq(pg_temp.n_lines(), 2::bigint, 'no refused line was written');

-- Who: a waybill clerk takes no orders; a manager his own clients' only.
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000b001'))$$, '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000b002')) AS r3 \gset
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(jsonb_build_object('key', '00000000-0000-4000-8000-00000000b003',
    'client_id', %s, 'agreement_id', %s, 'ship_on', '2030-03-05', 'lines', jsonb_build_array(jsonb_build_object('product_id', %s, 'qty', 6))))$$,
    :c2, :a2, :milk), '42501');
-- ... and sees only her clients' orders and lines.
RESET SESSION AUTHORIZATION;
SELECT polka.order_save(jsonb_build_object('key', '00000000-0000-4000-8000-00000000b004', 'client_id', :c2,
    'agreement_id', :a2, 'ship_on', '2030-03-05', 'lines', jsonb_build_array(jsonb_build_object('product_id', :milk, 'qty', 6)))) AS r4 \gset
SELECT pg_temp.expect_eq((:'r4'::jsonb ->> 'amount')::numeric, 437.70, 'the agreement''s 10% discount: 6 x 72.95');
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.orders WHERE client_id = :c2), 0::bigint, 'vera does not see another''s client''s orders');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.order_lines WHERE order_id = (:'r4'::jsonb ->> 'id')::bigint), 0::bigint,
                         'nor their lines');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.order_list(NULL, :c1, NULL, false, NULL, 100)), 2::bigint, 'her client''s two orders listed');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.order_list(NULL, NULL, NULL, false, 'TOS-C2', 100)), 0::bigint, 'not another''s');
RESET SESSION AUTHORIZATION;

-- An edit with the version read; a stale version and a changed status refused.
SET SESSION AUTHORIZATION anna;
SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000c001',
    jsonb_build_object('id', :o1, 'version', 1, 'lines', jsonb_build_array(jsonb_build_object('product_id', :milk, 'qty', 12))))) AS r5 \gset
SELECT pg_temp.expect_eq((:'r5'::jsonb ->> 'id')::bigint || '/' || (:'r5'::jsonb ->> 'version') || '/' || (:'r5'::jsonb ->> 'lines'),
                         :o1 || '/2/1', 'the edit replaced the lines and bumped the version');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000c002', '{"id": %s, "version": 1}'))$$, :o1),
                            'PLK01');
SELECT pg_temp.expect_eq((SELECT lines FROM polka.orders WHERE id = :o1), 1, 'the stale edit changed nothing');
-- The edit's key sent again: the same answer.
SELECT pg_temp.expect_eq((polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000c001')) ->> 'version'), '2',
                         'a re-sent edit is a replay');

-- Cancelling: a reason, the version, not once shipped.
SELECT pg_temp.expect_error(format('SELECT polka.order_cancel(%s, %L)', :o1, ' '), '23514', 'orders_cancel_reason_valid');
SELECT pg_temp.expect_error(format('SELECT polka.order_cancel(%s, %L, 1)', :o1, 'передумали'), 'PLK01');
SELECT pg_temp.expect_ok(format('SELECT polka.order_cancel(%s, %L, 2)', :o1, 'передумали'));
SELECT pg_temp.expect_eq((SELECT status || '/' || cancel_reason FROM polka.orders WHERE id = :o1), 'cancelled/передумали', 'cancelled with its reason');
SELECT pg_temp.expect_error(format($$SELECT polka.order_save(pg_temp.doc('00000000-0000-4000-8000-00000000c003', '{"id": %s, "version": 3}'))$$, :o1),
                            '23514', 'orders_edit_new_only');
RESET SESSION AUTHORIZATION;
UPDATE polka.orders SET status = 'shipped' WHERE id = (:'r3'::jsonb ->> 'id')::bigint;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.order_cancel(%s, %L)', (:'r3'::jsonb ->> 'id')::bigint, 'поздно'),
                            '23514', 'orders_cancel_not_shipped');
-- The last order skips the cancelled one; the usual products count what was ordered.
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT number, ',') FROM polka.order_last(:c1)),
                         (SELECT number FROM polka.orders WHERE id = (:'r3'::jsonb ->> 'id')::bigint), 'last order: not the cancelled one');
RESET SESSION AUTHORIZATION;

ROLLBACK;
