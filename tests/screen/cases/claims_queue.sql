-- Fixture of claims_queue.keys: client ZCL-1 «Проверка претензий» with a quality claim
-- (кислый творог) registered by anna, its investigation owned by gleb and overdue since 2020 (not
-- escalated); the demo's quality route after it.
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES ('ZCL-1', 'client', 'Проверка претензий', 'ООО «Проверка претензий»');
INSERT INTO polka.claims (partner_id, words, kind, demand, amount, registered_by, registered_at)
SELECT id, 'Творог кислый, просим вернуть', 'quality', 'return', 1800, 'anna', '2020-01-09 10:00+03'
  FROM polka.partners WHERE code = 'ZCL-1';
INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at, done_at, done_by, outcome)
SELECT k.id, 0, 'Регистрация', (SELECT id FROM polka.people WHERE login = 'anna'), '2020-01-09 10:00+03',
       '2020-01-09 14:00+03', '2020-01-09 10:30+03', 'anna', 'Записано'
  FROM polka.claims k JOIN polka.partners p ON p.id = k.partner_id WHERE p.code = 'ZCL-1';
INSERT INTO polka.claim_stages (claim_id, n, name, route_stage_id, owner_id, investigation, priority, started_at, due_at)
SELECT k.id, 1, rs.name, rs.id, (SELECT id FROM polka.people WHERE login = 'gleb'), true, rs.priority,
       '2020-01-09 10:30+03', '2020-01-10 17:30+03'
  FROM polka.claims k JOIN polka.partners p ON p.id = k.partner_id,
       polka.route_stages rs JOIN polka.claim_routes cr ON cr.id = rs.route_id
 WHERE p.code = 'ZCL-1' AND cr.kind = 'quality' AND rs.n = 1;
