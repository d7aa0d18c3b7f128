-- Fixture of rep_routes_edit.keys: client ZTM-1 «Маршрутный магазин» with its shop, for a route
-- of the test representative trepday (tests/cluster/setup adds him).
INSERT INTO polka.partners (code, kind, name, legal_name, segment)
VALUES ('ZTM-1', 'client', 'Маршрутный магазин', 'ИП Маршрутов', 'shop');
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'Магазин на Садовой', 'г. Тверь, ул. Садовая, д. 7' FROM polka.partners WHERE code = 'ZTM-1';
