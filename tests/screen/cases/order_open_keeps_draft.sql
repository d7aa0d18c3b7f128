-- Fixture of order_open_keeps_draft.keys: polka_test.allocation_world (tests/cluster/setup) as
-- ZUK, priced on its own price type, in 2021 (its batches expired by the other cases' days).
SELECT polka_test.allocation_world('ZUK', 'Черновик', '2021-03-10');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2021-01-01', 80 FROM polka.price_types t, polka.products p
 WHERE t.code = 'ZUK' AND p.code IN ('710001', '710002');
