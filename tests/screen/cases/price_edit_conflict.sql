-- Fixture of price_edit_conflict.keys, run by run-case before the app starts.
INSERT INTO polka.price_types (code, name, kind) VALUES ('ZCON-B', 'Одновременная правка', 'base'); INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, set_by) SELECT t.id, p.id, '2030-01-01', 50, 'egor' FROM polka.price_types t, polka.products p WHERE t.code = 'ZCON-B' AND p.code = '1001';
