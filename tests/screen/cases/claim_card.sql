-- Fixture of claim_card.keys: the trips world (tests/cluster/setup) as ZCA shipping on
-- 2043-03-11 (its own document year: U2043...), both clients' documents made, printed and the
-- truck left (tests/db/trip-documents.sql); a quality claim of ZCA-1 («Карточка претензии:
-- первый»), registered by gleb and at its registration, his.
BEGIN;
\set prefix ZCA
\set label 'Карточка претензии'
\set ship 2043-03-11
\set left 1
\ir ../../db/trip-documents.sql
INSERT INTO polka.claims (partner_id, words, kind, demand, registered_by, registered_at)
VALUES (:c1, 'Вздулась упаковка творога, просим вернуть', 'quality', 'return', 'gleb', '2043-03-12 10:00+03');
INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at)
SELECT k.id, 0, 'Регистрация', (SELECT id FROM polka.people WHERE login = 'gleb'), '2043-03-12 10:00+03',
       '2043-03-12 14:00+03'
  FROM polka.claims k WHERE k.partner_id = :c1;
COMMIT;
