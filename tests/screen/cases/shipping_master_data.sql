-- Fixture of shipping_master_data.keys: a warehouse ZMD, a carrier and a client with a
-- delivery point of their own (names at the end of the alphabet: partner lists other cases
-- read from the top never see them).
INSERT INTO polka.warehouses (code, name) VALUES ('ZMD', 'Склад данных');
INSERT INTO polka.partners (code, kind, name, legal_name, segment) VALUES
    ('ZMD-C', 'carrier', 'Ямщик ZMD', 'ООО «Ямщик ZMD»', NULL),
    ('ZMD-1', 'client', 'Яблонька ZMD', 'ООО «Яблонька ZMD»', 'shop');
INSERT INTO polka.delivery_points (partner_id, name, address, warehouse_id)
SELECT p.id, 'ZMD точка', 'г. Тверь, ул. Данных, д. 1', w.id
  FROM polka.partners p, polka.warehouses w WHERE p.code = 'ZMD-1' AND w.code = 'ZMD';
