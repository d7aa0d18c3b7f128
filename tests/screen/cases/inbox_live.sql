-- Fixture of inbox_live.keys: client ZIB-1 «Проверка входящих» with two claims registered by
-- anna, each with an open stage of hers (the registration; the other's «Разбор недовоза»):
-- the case's shell steps give them to tinbox.
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES ('ZIB-1', 'client', 'Проверка входящих', 'ООО «Проверка входящих»');
INSERT INTO polka.claims (partner_id, words, registered_by)
SELECT p.id, v.words, 'anna' FROM polka.partners p, (VALUES ('Входящие: творог кислый'), ('Входящие: недовоз сметаны')) v(words)
 WHERE p.code = 'ZIB-1';
INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, due_at)
SELECT k.id, 0, CASE WHEN k.words LIKE '%недовоз%' THEN 'Разбор недовоза' ELSE 'Регистрация' END,
       (SELECT id FROM polka.people WHERE login = 'anna'), now() + interval '4 hours'
  FROM polka.claims k JOIN polka.partners p ON p.id = k.partner_id WHERE p.code = 'ZIB-1';
