-- Fixture of intake_queue_narrow.keys: chain TIQ-1 «Узкий экран» and an EDI order from it,
-- TIQ-1, naming a product nobody has: it needs attention.
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES ('TIQ-1', 'client', 'Узкий экран', 'ООО «Узкий экран»', 'chain');
INSERT INTO polka.delivery_points (partner_id, name, address, gln)
SELECT id, 'Магазин на Мира', 'г. Рязань, ул. Мира, 5', '460999800003' || polka.gs1_check_digit('460999800003')
  FROM polka.partners WHERE code = 'TIQ-1';
SELECT polka.intake_receive(jsonb_build_object(
    'channel', 'edi', 'sender', '4609998000102', 'number', 'TIQ-1', 'doc_date', '2049-06-01', 'requested_on', '2049-06-02',
    'point_gln', (SELECT gln FROM polka.delivery_points WHERE name = 'Магазин на Мира'),
    'lines', jsonb_build_array(jsonb_build_object('gtin', '4609998000997', 'qty', '12'))));
