-- Fixture of price_past_reason.keys, run by run-case before the app starts.
INSERT INTO polka.price_types (code, name, kind) VALUES ('ZPAST-B', 'Правка задним числом', 'base'); INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, set_by) SELECT t.id, p.id, '2030-01-01', 50, 'egor' FROM polka.price_types t, polka.products p WHERE t.code = 'ZPAST-B' AND p.code = '1001';
