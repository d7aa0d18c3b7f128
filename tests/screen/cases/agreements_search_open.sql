-- Fixture of agreements_search_open.keys, run by run-case before the app starts.
INSERT INTO polka.agreements (code, name, kind, segment, price_type_id, payment, credit_days, valid_from, valid_to) SELECT 'TSCR-LIST', 'Тест: список соглашений', 'typical', 'other', id, 'credit', 21, '2030-01-01', '2030-12-31' FROM polka.price_types WHERE code = 'BASE';
