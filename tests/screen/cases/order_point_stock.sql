-- Fixture of order_point_stock.keys: polka_test.allocation_world (tests/cluster/setup) as ZPW,
-- priced on its own price type, in 2021 (its batches expired by the other cases' days); its
-- first client gets a second delivery point that ships from the main warehouse, where
-- 710001 has no stock.
SELECT polka_test.allocation_world('ZPW', 'Склад точки', '2021-04-06');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2021-01-01', 80 FROM polka.price_types t, polka.products p
 WHERE t.code = 'ZPW' AND p.code IN ('710001', '710002');
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'Главный склад ZPW-1', 'г. Тверь, ул. Главная, д. 2' FROM polka.partners WHERE code = 'ZPW-1';
