-- Fixture of order_edit_confirmed.keys: polka_test.allocation_world (tests/cluster/setup) as ZEC,
-- priced on its own price type, taken today, and the planner's allocation of the day.
SELECT polka_test.allocation_world('ZEC', 'Правка', '2031-08-05');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2031-01-01', 80 FROM polka.price_types t, polka.products p
 WHERE t.code = 'ZEC' AND p.code IN ('710001', '710002');
SET polka.today = '2031-08-04';
SET SESSION AUTHORIZATION dina;
SELECT count(*) FROM polka.allocation_run((SELECT id FROM polka.warehouses WHERE code = 'ZEC'), '2031-08-05', false, true);
RESET SESSION AUTHORIZATION;
