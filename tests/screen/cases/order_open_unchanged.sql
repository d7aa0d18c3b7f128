-- Fixture of order_open_unchanged.keys: polka_test.allocation_world (tests/cluster/setup) as ZUO,
-- priced on its own price type: the day's orders, new. (Its day is in 2021: its batches have
-- expired by the days of the other cases, whose order screens count every warehouse's free stock.)
SELECT polka_test.allocation_world('ZUO', 'Без правки', '2021-03-02');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2021-01-01', 80 FROM polka.price_types t, polka.products p
 WHERE t.code = 'ZUO' AND p.code IN ('710001', '710002');
