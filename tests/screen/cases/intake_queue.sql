-- Fixture of intake_queue.keys: chain TIS-1 «Проверка приёма» (a point with its GLN, prices
-- of its own for two of the screen tests' products, 700401 and 700402 with their GTINs, an
-- agreement from 2049) and two EDI orders from it: TIS-1 with everything known (taken: an
-- order made), TIS-2 with the buyer's article ART-TIS nobody knows and a price of its own for
-- it (held: needs attention).
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES ('TIS-1', 'client', 'Проверка приёма', 'ООО «Проверка приёма»', 'chain');
INSERT INTO polka.delivery_points (partner_id, name, address, gln)
SELECT id, 'Магазин на Ленина', 'г. Тула, ул. Ленина, 9', '460999600001' || polka.gs1_check_digit('460999600001')
  FROM polka.partners WHERE code = 'TIS-1';
INSERT INTO polka.price_types (code, name, kind) VALUES ('TIS-PT', 'TIS цены', 'base');
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2000-01-01', 55 + 10 * right(p.code, 1)::int FROM polka.price_types t, polka.products p
 WHERE t.code = 'TIS-PT' AND p.code IN ('700401', '700402');
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, lead_days, valid_from, status)
SELECT 'TIS-A1', 'TIS', 'individual', c.id, t.id, 'prepayment', 1, '2049-01-01', 'active'
  FROM polka.partners c, polka.price_types t WHERE c.code = 'TIS-1' AND t.code = 'TIS-PT';
SELECT gtin AS milk FROM polka.products WHERE code = '700401' \gset
SELECT polka.intake_receive(jsonb_build_object(
    'channel', 'edi', 'sender', '4609996000029', 'number', n, 'doc_date', '2049-06-01', 'requested_on', '2049-06-02',
    'point_gln', (SELECT gln FROM polka.delivery_points WHERE name = 'Магазин на Ленина'),
    'lines', CASE n
        WHEN 'TIS-1' THEN jsonb_build_array(jsonb_build_object('gtin', :'milk', 'qty', '12'))
        ELSE jsonb_build_array(jsonb_build_object('gtin', :'milk', 'qty', '6', 'name', 'Молоко 3,2% 1л'),
                               jsonb_build_object('article', 'ART-TIS', 'qty', '12', 'name', 'Кефир 1% 1л',
                                                  'buyer_price', '70.00')) END))
  FROM (VALUES ('TIS-1'), ('TIS-2')) v(n);
