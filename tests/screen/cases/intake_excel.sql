-- Fixture of intake_excel.keys: client TXS-1 «Проверка Excel» with a point, prices of its own
-- for the test cluster's 710001 (packed by 12) and the screen tests' 700411, an agreement from
-- 2049.
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES ('TXS-1', 'client', 'Проверка Excel', 'ООО «Проверка Excel»', 'shop');
INSERT INTO polka.delivery_points (partner_id, name, address) SELECT id, 'Склад на Окской', 'г. Тула, ул. Окская, 3' FROM polka.partners WHERE code = 'TXS-1';
INSERT INTO polka.price_types (code, name, kind) VALUES ('TXS-PT', 'TXS цены', 'base');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2000-01-01', 90 + right(p.code, 1)::int FROM polka.price_types t, polka.products p
 WHERE t.code = 'TXS-PT' AND p.code IN ('710001', '700411');
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, lead_days, valid_from, status)
SELECT 'TXS-A1', 'TXS', 'individual', c.id, t.id, 'prepayment', 1, '2049-01-01', 'active'
  FROM polka.partners c, polka.price_types t WHERE c.code = 'TXS-1' AND t.code = 'TXS-PT';
