-- Fixture of order_usual.keys, run by run-case before the app starts.
INSERT INTO polka.partners (code, kind, name, legal_name, segment, inn) VALUES ('ZOS-US', 'client', 'Яхонт: обычные', 'ООО «Яхонт: обычные»', 'other', '779900002' || polka.inn_control('779900002', '{2,4,10,3,5,9,4,6,8}')); INSERT INTO polka.delivery_points (partner_id, name, address) SELECT id, 'Склад Яхонт', 'г. Тверь, ул. Тестовая, д. 2' FROM polka.partners WHERE code = 'ZOS-US';
INSERT INTO polka.price_types (code, name, kind) VALUES ('ZOS-US', 'Проверка заказов: обычные', 'base'); INSERT INTO polka.prices (price_type_id, product_id, valid_from, price) SELECT t.id, p.id, '2029-01-01', (p.code::int - 1000) * 10 + 0.50 FROM polka.price_types t, polka.products p WHERE t.code = 'ZOS-US' AND p.code BETWEEN '1001' AND '1010';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, valid_to, status) SELECT 'ZOS-US', 'Проверка заказов: обычные', 'individual', p.id, t.id, 'prepayment', '2029-01-01', '2030-12-31', 'active' FROM polka.partners p, polka.price_types t WHERE p.code = 'ZOS-US' AND t.code = 'ZOS-US';
SET polka.today = '2030-01-05';
SET SESSION AUTHORIZATION anna; SELECT polka.order_save(jsonb_build_object('key', gen_random_uuid(), 'client_id', a.client_id, 'agreement_id', a.id, 'ship_on', '2030-01-07', 'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', pr.id, 'qty', v.q) ORDER BY v.n) FROM (VALUES (1, '1009', 30)) v(n, c, q) JOIN polka.products pr ON pr.code = v.c))) FROM polka.agreements a WHERE a.code = 'ZOS-US';
RESET polka.today;
SET polka.today = '2030-02-10';
SET SESSION AUTHORIZATION anna; SELECT polka.order_save(jsonb_build_object('key', gen_random_uuid(), 'client_id', a.client_id, 'agreement_id', a.id, 'ship_on', '2030-02-11', 'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', pr.id, 'qty', v.q) ORDER BY v.n) FROM (VALUES (1, '1001', 12), (2, '1002', 24)) v(n, c, q) JOIN polka.products pr ON pr.code = v.c))) FROM polka.agreements a WHERE a.code = 'ZOS-US';
RESET polka.today;
SET polka.today = '2030-03-10';
SET SESSION AUTHORIZATION anna; SELECT polka.order_save(jsonb_build_object('key', gen_random_uuid(), 'client_id', a.client_id, 'agreement_id', a.id, 'ship_on', '2030-03-11', 'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', pr.id, 'qty', v.q) ORDER BY v.n) FROM (VALUES (1, '1001', 24), (2, '1003', 12)) v(n, c, q) JOIN polka.products pr ON pr.code = v.c))) FROM polka.agreements a WHERE a.code = 'ZOS-US';
RESET polka.today;
SET polka.today = '2030-04-01';
SET SESSION AUTHORIZATION anna; SELECT polka.order_save(jsonb_build_object('key', gen_random_uuid(), 'client_id', a.client_id, 'agreement_id', a.id, 'ship_on', '2030-04-02', 'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', pr.id, 'qty', v.q) ORDER BY v.n) FROM (VALUES (1, '1001', 48), (2, '1007', 20)) v(n, c, q) JOIN polka.products pr ON pr.code = v.c))) FROM polka.agreements a WHERE a.code = 'ZOS-US';
RESET polka.today;
SET polka.today = '2030-04-02';
SET SESSION AUTHORIZATION anna; SELECT polka.order_cancel((polka.order_save(jsonb_build_object('key', gen_random_uuid(), 'client_id', a.client_id, 'agreement_id', a.id, 'ship_on', '2030-04-03', 'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', pr.id, 'qty', v.q) ORDER BY v.n) FROM (VALUES (1, '1010', 20)) v(n, c, q) JOIN polka.products pr ON pr.code = v.c))) ->> 'id')::bigint, 'клиент передумал') FROM polka.agreements a WHERE a.code = 'ZOS-US';
RESET polka.today;
