-- Fixture of intake_card_gln.keys: chain TGL-1 «Проверка GLN» (a point with its GLN, a price of
-- its own for the screen tests' 700401, an agreement from 2049) and an EDI order from it,
-- TGL-1, naming the buyer by a GLN of 13 digits.
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES ('TGL-1', 'client', 'Проверка GLN', 'ООО «Проверка GLN»', 'chain');
INSERT INTO polka.delivery_points (partner_id, name, address, gln)
SELECT id, 'Магазин на Гоголя', 'г. Тула, ул. Гоголя, 7', '460999600005' || polka.gs1_check_digit('460999600005')
  FROM polka.partners WHERE code = 'TGL-1';
INSERT INTO polka.price_types (code, name, kind) VALUES ('TGL-PT', 'TGL цены', 'base');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2000-01-01', 65 FROM polka.price_types t, polka.products p
 WHERE t.code = 'TGL-PT' AND p.code = '700401';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, lead_days, valid_from, status)
SELECT 'TGL-A1', 'TGL', 'individual', c.id, t.id, 'prepayment', 1, '2049-01-01', 'active'
  FROM polka.partners c, polka.price_types t WHERE c.code = 'TGL-1' AND t.code = 'TGL-PT';
SELECT gtin AS milk FROM polka.products WHERE code = '700401' \gset
SELECT polka.intake_receive(jsonb_build_object(
    'channel', 'edi', 'sender', '4609996000067', 'number', 'TGL-1', 'doc_date', '2049-06-01', 'requested_on', '2049-06-02',
    'buyer_gln', '460999600007' || polka.gs1_check_digit('460999600007'),
    'point_gln', (SELECT gln FROM polka.delivery_points WHERE name = 'Магазин на Гоголя'),
    'lines', jsonb_build_array(jsonb_build_object('gtin', :'milk', 'qty', '12'))));
