-- Fixture of intake_state_filter.keys: chain ISF-1 «Проверка состояний» (a point with its GLN,
-- a price of its own for the screen tests' 700401, an agreement from 2049) and two EDI orders
-- from it: ISF-1 with everything known (taken: an order made), ISF-2 with an article nobody
-- knows (held: needs attention).
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES ('ISF-1', 'client', 'Проверка состояний', 'ООО «Проверка состояний»', 'chain');
INSERT INTO polka.delivery_points (partner_id, name, address, gln)
SELECT id, 'Магазин на Пушкина', 'г. Тула, ул. Пушкина, 5', '460999600003' || polka.gs1_check_digit('460999600003')
  FROM polka.partners WHERE code = 'ISF-1';
INSERT INTO polka.price_types (code, name, kind) VALUES ('ISF-PT', 'ISF цены', 'base');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2000-01-01', 65 FROM polka.price_types t, polka.products p
 WHERE t.code = 'ISF-PT' AND p.code = '700401';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, lead_days, valid_from, status)
SELECT 'ISF-A1', 'ISF', 'individual', c.id, t.id, 'prepayment', 1, '2049-01-01', 'active'
  FROM polka.partners c, polka.price_types t WHERE c.code = 'ISF-1' AND t.code = 'ISF-PT';
SELECT gtin AS milk FROM polka.products WHERE code = '700401' \gset
SELECT polka.intake_receive(jsonb_build_object(
    'channel', 'edi', 'sender', '4609996000043', 'number', n, 'doc_date', '2049-06-01', 'requested_on', '2049-06-02',
    'point_gln', (SELECT gln FROM polka.delivery_points WHERE name = 'Магазин на Пушкина'),
    'lines', CASE n
        WHEN 'ISF-1' THEN jsonb_build_array(jsonb_build_object('gtin', :'milk', 'qty', '12'))
        ELSE jsonb_build_array(jsonb_build_object('article', 'ART-ISF', 'qty', '6', 'name', 'Ряженка 4% 0,5л')) END))
  FROM (VALUES ('ISF-1'), ('ISF-2')) v(n);
