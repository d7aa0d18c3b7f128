-- Fixture of print_rules.keys: a chain client of its own (TPR-S) with a delivery point.
INSERT INTO polka.partners (code, kind, name, legal_name, segment)
VALUES ('TPR-S', 'client', 'Экран: сеть', 'ООО «Сеть экрана»', 'chain');
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'Экран: РЦ', 'г. Экран, ул. Первая, 1' FROM polka.partners WHERE code = 'TPR-S';
