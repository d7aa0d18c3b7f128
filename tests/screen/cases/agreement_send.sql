-- Fixture of agreement_send.keys, run by run-case before the app starts.
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, valid_to) SELECT 'TSCR-SEND', 'Тест: на согласование', 'individual', p.id, t.id, 'prepayment', '2030-02-01', '2030-12-31' FROM polka.partners p, polka.price_types t WHERE p.code = '000067' AND t.code = 'OPT';
