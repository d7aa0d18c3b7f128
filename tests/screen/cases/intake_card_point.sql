-- Fixture of intake_card_point.keys: chain TIP-1 «Проверка точек» with two shops (one with its
-- GLN, one without), its buyer GLN mapped; another client TIP-2 with a shop of the same name;
-- an EDI order from TIP-1, TIP-1, naming a delivery point by a GLN nobody has.
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES
    ('TIP-1', 'client', 'Проверка точек', 'ООО «Проверка точек»', 'chain'),
    ('TIP-2', 'client', 'Чужая сеть', 'ООО «Чужая сеть»', 'chain');
INSERT INTO polka.delivery_points (partner_id, name, address, gln)
SELECT id, 'Магазин на Гагарина', 'г. Калуга, ул. Гагарина, 3', '460999700004' || polka.gs1_check_digit('460999700004')
  FROM polka.partners WHERE code = 'TIP-1';
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'Магазин на Кирова', 'г. Калуга, ул. Кирова, 12' FROM polka.partners WHERE code = 'TIP-1';
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'Магазин на Гагарина', 'г. Тверь, ул. Гагарина, 40' FROM polka.partners WHERE code = 'TIP-2';
INSERT INTO polka.intake_codes (kind, client_id, code)
SELECT 'buyer', id, '460999700001' || polka.gs1_check_digit('460999700001') FROM polka.partners WHERE code = 'TIP-1';
SELECT gtin AS milk FROM polka.products WHERE code = '700401' \gset
SELECT polka.intake_receive(jsonb_build_object(
    'channel', 'edi', 'sender', '460999700001' || polka.gs1_check_digit('460999700001'), 'number', 'TIP-1',
    'doc_date', '2049-06-01', 'requested_on', '2049-06-02',
    'buyer_gln', '460999700001' || polka.gs1_check_digit('460999700001'),
    'point_gln', '460999700009' || polka.gs1_check_digit('460999700009'),
    'lines', jsonb_build_array(jsonb_build_object('gtin', :'milk', 'qty', '12'))));
