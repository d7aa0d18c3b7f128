-- Fixture of promotion_create_send.keys, run by run-case before the app starts.
INSERT INTO polka.agreements (code, name, kind, segment, price_type_id, payment, valid_from, valid_to) SELECT 'TSCR-PAGR1', 'Тест: для акции', 'typical', 'other', id, 'prepayment', '2030-01-01', '2030-12-31' FROM polka.price_types WHERE code = 'BASE';
