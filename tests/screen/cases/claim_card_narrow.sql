-- Fixture of claim_card_narrow.keys: a client of its own (ZCN-1) with a quality claim at its
-- registration, gleb's.
BEGIN;
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES ('ZCN-1', 'client', 'Узкий экран', 'ООО «Узкий экран»');
INSERT INTO polka.claims (partner_id, words, kind, demand, amount, registered_by, registered_at)
SELECT id, 'Творог кислый, просим заменить', 'quality', 'return', 1250.50, 'gleb', '2043-03-12 10:00+03'
  FROM polka.partners WHERE code = 'ZCN-1';
INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at)
SELECT k.id, 0, 'Регистрация', (SELECT id FROM polka.people WHERE login = 'gleb'), '2043-03-12 10:00+03',
       '2043-03-12 14:00+03'
  FROM polka.claims k JOIN polka.partners p ON p.id = k.partner_id WHERE p.code = 'ZCN-1';
COMMIT;
