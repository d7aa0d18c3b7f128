-- Fixture of rep_day.keys: representative trepday (tests/cluster/setup adds him) with
-- route ZTP on Mondays: outlet 1 of client ZTP-1 (take an order, check the shelf, a photo), outlet 2 of
-- ZTP-2 (an order, a payment); their prices (an individual price type of ZTP-1's, 1001-1010)
-- and agreements for 2047. The outlets ship from a warehouse of their own: the order taken
-- at the visit is committed into the shared cluster, and one at the main warehouse would be the
-- next day with orders there for the other cases (allocation_plan's day).
INSERT INTO polka.warehouses (code, name) VALUES ('ZTP', 'Склад представителя');
INSERT INTO polka.partners (code, kind, name, legal_name, segment)
VALUES ('ZTP-1', 'client', 'Ромашка у дома', 'ИП Ромашкина', 'shop'), ('ZTP-2', 'client', 'Кафе Встреча', 'ООО «Встреча»', 'horeca');
INSERT INTO polka.delivery_points (partner_id, name, address, warehouse_id)
SELECT id, CASE code WHEN 'ZTP-1' THEN 'Магазин' ELSE 'Кафе' END, 'г. Тверь, ул. Дневная, д. ' || right(code, 1),
       (SELECT w.id FROM polka.warehouses w WHERE w.code = 'ZTP')
  FROM polka.partners WHERE code LIKE 'ZTP-%';
INSERT INTO polka.price_types (code, name, kind, client_id)
SELECT 'ZTP-1', 'Ромашка: цены', 'individual', id FROM polka.partners WHERE code = 'ZTP-1';
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2047-01-01', (p.code::int - 1000) * 10 + 0.50
  FROM polka.price_types t, polka.products p WHERE t.code = 'ZTP-1' AND p.code BETWEEN '1001' AND '1010';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, valid_to, status)
SELECT p.code, 'Представитель дня', 'individual', p.id, t.id, 'prepayment', '2047-01-01', '2047-12-31', 'active'
  FROM polka.partners p, polka.price_types t WHERE p.code LIKE 'ZTP-%' AND t.code = 'ZTP-1';
INSERT INTO polka.rep_routes (code, name, rep_id, weekdays)
SELECT 'ZTP', 'Понедельник', id, '1' FROM polka.people WHERE login = 'trepday';
INSERT INTO polka.rep_route_points (route_id, point_id, client_id, stop, task_order, task_shelf, task_payment, task_photo)
SELECT r.id, d.id, c.id, right(c.code, 1)::smallint, true, c.code = 'ZTP-1', c.code = 'ZTP-2', c.code = 'ZTP-1'
  FROM polka.rep_routes r, polka.partners c JOIN polka.delivery_points d ON d.partner_id = c.id
 WHERE r.code = 'ZTP' AND c.code LIKE 'ZTP-%';
