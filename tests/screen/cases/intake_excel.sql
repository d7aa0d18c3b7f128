-- Fixture of intake_excel.keys: client TXS-1 «Проверка Excel» with a point, two products
-- (one packed by 6), prices and an agreement from 2049.
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES ('TXS-1', 'client', 'Проверка Excel', 'ООО «Проверка Excel»', 'shop');
INSERT INTO polka.delivery_points (partner_id, name, address) SELECT id, 'Склад на Окской', 'г. Тула, ул. Окская, 3' FROM polka.partners WHERE code = 'TXS-1';
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days)
SELECT '99997500' || n, CASE n WHEN 1 THEN 'TXS сметана 20%' ELSE 'TXS творог 9%' END,
       (SELECT min(id) FROM polka.categories WHERE parent_id IS NOT NULL), 'шт', CASE n WHEN 1 THEN 6 ELSE 1 END, 1, 10
  FROM generate_series(1, 2) n;
INSERT INTO polka.price_types (code, name, kind) VALUES ('TXS-PT', 'TXS цены', 'base');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2000-01-01', 90 + right(p.code, 1)::int FROM polka.price_types t, polka.products p
 WHERE t.code = 'TXS-PT' AND p.code LIKE '99997500_';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, lead_days, valid_from, status)
SELECT 'TXS-A1', 'TXS', 'individual', c.id, t.id, 'prepayment', 1, '2049-01-01', 'active'
  FROM polka.partners c, polka.price_types t WHERE c.code = 'TXS-1' AND t.code = 'TXS-PT';
