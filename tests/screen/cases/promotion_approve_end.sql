-- Fixture of promotion_approve_end.keys, run by run-case before the app starts.
INSERT INTO polka.agreements (code, name, kind, segment, price_type_id, payment, valid_from, valid_to) SELECT 'TSCR-PAGR2', 'Тест: для акции 2', 'typical', 'other', id, 'prepayment', '2030-01-01', '2030-12-31' FROM polka.price_types WHERE code = 'BASE';
INSERT INTO polka.promotions (code, name, valid_from, valid_to, status) VALUES ('TSCR-PROMO2', 'Тест: апрель', '2030-04-01', '2030-04-30', 'on_approval');
INSERT INTO polka.promotion_agreements (promotion_id, agreement_id) SELECT m.id, a.id FROM polka.promotions m, polka.agreements a WHERE m.code = 'TSCR-PROMO2' AND a.code = 'TSCR-PAGR2';
INSERT INTO polka.promotion_rules (promotion_id, product_id, fixed_price) SELECT m.id, p.id, 99.90 FROM polka.promotions m, polka.products p WHERE m.code = 'TSCR-PROMO2' AND p.code = '1009';
