-- Claims with routing (issue 17): deadlines in working time across weekends, holidays and a
-- working Saturday; a claim registered from anywhere with the partner's words, its
-- registration owned by who took it; the route of its kind after its kind is known, a role's
-- stage given to its least loaded member, the next stage after each; a stage done twice (the
-- second person told, the next stage untouched); the owner, quality or the head only; the
-- conflict rule on a reassignment; escalation of what is overdue exactly once (the
-- supervisor's inbox and e-mail); the queue, overdue first; claim calls; a manager's rights.
--
-- Own data only: the calendar of 2049 (in this transaction), client TCL-1 of vera's, the
-- service route replaced by one of our own (in this transaction).
\ir ../lib.sql

BEGIN;
-- Working time: 09:00-18:00 Moscow time, Monday to Friday unless the calendar says otherwise.
CREATE FUNCTION pg_temp.dl(t text, h numeric) RETURNS text
LANGUAGE sql AS $$ SELECT to_char(polka.work_deadline((t || ' Europe/Moscow')::timestamptz, h) AT TIME ZONE 'Europe/Moscow',
                                  'Dy DD HH24:MI') $$;
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-08 17:00', 2), 'Mon 11 10:00', 'Friday 17:00 + 2 h: Monday 10:00');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-09 12:00', 1), 'Mon 11 10:00', 'from a Saturday: Monday''s first hour');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-11 07:30', 9), 'Mon 11 18:00', 'before 09:00, a whole day: 18:00');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-11 07:30', 10), 'Tue 12 10:00', 'an hour more: the next morning');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-11 19:00', 0.5), 'Tue 12 09:30', 'after 18:00: the next morning');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-11 10:15', 0), 'Mon 11 10:15', 'no hours: at once');
INSERT INTO polka.calendar (day, working, note) VALUES ('2049-01-11', false, 'Праздник'), ('2049-01-09', true, 'Рабочая суббота');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-08 17:00', 2), 'Sat 09 10:00', 'a working Saturday counts');
DELETE FROM polka.calendar WHERE day = '2049-01-09';
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-08 17:00', 2), 'Tue 12 10:00', 'a Monday holiday: Tuesday');
SELECT pg_temp.expect_eq(pg_temp.dl('2049-01-08 17:00', 28), 'Thu 14 18:00', 'three days and an hour across both');

-- Our client (vera's), our route for the service kind: a quality investigation, then egor.
SELECT id AS vera FROM polka.people WHERE login = 'vera' \gset
SELECT id AS gleb FROM polka.people WHERE login = 'gleb' \gset
SELECT id AS egor FROM polka.people WHERE login = 'egor' \gset
SELECT id AS anna FROM polka.people WHERE login = 'anna' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, manager_id)
VALUES ('TCL-1', 'client', 'Претензии: клиент', 'ООО «Претензии»', :vera), ('TCL-2', 'client', 'Претензии: чужой', 'ООО «Чужой»', NULL);
SELECT id AS c1 FROM polka.partners WHERE code = 'TCL-1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TCL-2' \gset
DELETE FROM polka.claim_routes WHERE kind = 'service';
INSERT INTO polka.claim_routes (kind, name) VALUES ('service', 'Проверка маршрута');
INSERT INTO polka.route_stages (route_id, n, name, owner_role, owner_id, hours, priority, investigation)
SELECT r.id, s.n, s.name, s.role, s.person, s.hours, s.prio, s.inv
  FROM polka.claim_routes r,
       (VALUES (1, 'Разбор', 'quality', NULL::bigint, 8, 2, true), (2, 'Решение', NULL, :egor, 4, 3, false)) s(n, name, role, person, hours, prio, inv)
 WHERE r.kind = 'service';
UPDATE polka.people SET supervisor_id = :egor, department = 'quality' WHERE id = :gleb;
UPDATE polka.people SET email = 'egor@polka.example' WHERE id = :egor;

-- Routes are edited on a screen (polka.claim_route_save): the head, quality, admins; stages
-- renumbered as given; a stale card refused; at most 25 stages.
SELECT id AS sroute FROM polka.claim_routes WHERE kind = 'service' \gset
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.claim_route_save(polka.claim_route_get(%s))', :sroute), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION gleb;
SELECT polka.claim_route_get(:sroute) AS rdoc \gset
SELECT polka.claim_route_save(jsonb_set(:'rdoc'::jsonb, '{stages}',
    (:'rdoc'::jsonb -> 'stages') || '[{"name": "Звонок клиенту", "owner_role": "operator", "hours": "2"}]'::jsonb));
SELECT pg_temp.expect_error(format('SELECT polka.claim_route_save(%L::jsonb)', :'rdoc'), 'PLK01');
SELECT polka.claim_route_get(:sroute) AS rdoc \gset
SELECT polka.claim_route_save(jsonb_set(:'rdoc'::jsonb, '{stages}',
    jsonb_build_array(:'rdoc'::jsonb -> 'stages' -> 0, :'rdoc'::jsonb -> 'stages' -> 1)));
SELECT pg_temp.expect_error(format('SELECT polka.claim_route_save(%L::jsonb)',
    jsonb_set(polka.claim_route_get(:sroute), '{stages}',
              (SELECT jsonb_agg(jsonb_build_object('name', 'Этап ' || g, 'owner_role', 'quality', 'hours', '1'))
                 FROM generate_series(1, 26) g))), '23514', 'route_stages_n_valid');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', n, name), ', ' ORDER BY n) FROM polka.route_stages
                           WHERE route_id = :sroute),
                         '1 Разбор, 2 Решение', 'the stage added, then removed; the rest as given');

-- Registered by anna: a number, registration hers, due in 4 working hours.
SET SESSION AUTHORIZATION anna;
SELECT polka.claim_quick(:c1, '  Хамили по телефону  ') AS k1 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', k.words, s.n, s.name, s.owner_id = :anna)
                            FROM polka.claims k JOIN polka.claim_stages s ON s.claim_id = k.id WHERE k.id = :k1),
                         'Хамили по телефону 0 Регистрация t', 'registered: the words, registration owned by anna');
SELECT pg_temp.expect_eq((SELECT s.due_at = polka.work_deadline(s.started_at, 4) FROM polka.claim_stages s WHERE s.claim_id = :k1),
                         true, 'due in 4 working hours');
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.claim_quick(%s, %L)', :c1, ' '), '23514', 'claims_words_valid');
SELECT pg_temp.expect_error(format('SELECT polka.claim_quick(%s, %L)', :c1, E'слова\x01'), '23514', 'claims_words_valid');
SELECT pg_temp.expect_error('SELECT polka.claim_quick(NULL, ''слова'')', '23502');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_error(format('SELECT polka.claim_quick(%s, %L)', :c1, 'слова'), '42501');

-- Registration done: the kind first; then the route's investigation, given to quality's
-- least loaded member; twice: told, the next stage untouched.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.claim_stage_done(%s, 0, NULL)', :k1), '23514', 'claims_kind_given');
RESET SESSION AUTHORIZATION;
UPDATE polka.claims SET kind = 'service' WHERE id = :k1;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq(polka.claim_stage_done(:k1, 0, 'записано'), 'Разбор', 'registered: on to the investigation');
SELECT pg_temp.expect_error(format('SELECT polka.claim_stage_done(%s, 0, NULL)', :k1), '23514', 'claim_stages_done_once');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', s.n, s.name, s.investigation, s.priority) FROM polka.claim_stages s
                           WHERE s.claim_id = :k1 AND s.done_at IS NULL),
                         '1 Разбор t 2', 'the investigation open');
SELECT pg_temp.expect_eq((SELECT pg_has_role(pe.login, 'quality', 'MEMBER') FROM polka.claim_stages s JOIN polka.people pe ON pe.id = s.owner_id
                           WHERE s.claim_id = :k1 AND s.done_at IS NULL), true, 'owned by a member of quality');
SELECT s.owner_id AS inv_owner FROM polka.claim_stages s WHERE s.claim_id = :k1 AND s.done_at IS NULL \gset
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox i WHERE i.claim_id = :k1 AND i.person_id = :inv_owner AND i.kind = 'assigned'),
                         1::bigint, 'its owner told');

-- Only the owner, quality, the head close a stage; only the supervisor, quality, the head reassign.
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.claim_stage_done(%s, 1, NULL)', :k1), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.claim_reassign(%s, %s)', :k1, :anna), '42501');
RESET SESSION AUTHORIZATION;
-- The conflict rule: the client's manager never owns its investigation, however it is tried.
SET CONSTRAINTS polka.claim_stages_conflict IMMEDIATE;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.claim_reassign(%s, %s)', :k1, :vera), '23514', 'claim_stages_conflict');
RESET SESSION AUTHORIZATION;
SET CONSTRAINTS ALL DEFERRED;

-- Overdue: escalated once to the owner's supervisor (egor): inbox, e-mail, marked.
UPDATE polka.claim_stages SET started_at = now() - interval '3 hours', due_at = now() - interval '1 hour'
 WHERE claim_id = :k1 AND n = 1;
UPDATE polka.people SET supervisor_id = :egor WHERE id = :inv_owner AND id <> :egor;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error('SELECT polka.claims_escalate()', '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT polka.claims_escalate() >= 1 AS escalated \gset
SELECT pg_temp.expect_eq(:'escalated', 't', 'escalated');
SELECT pg_temp.expect_eq((SELECT format('%s %s', s.escalated_to = :egor, s.escalated_at IS NOT NULL)
                            FROM polka.claim_stages s WHERE s.claim_id = :k1 AND s.n = 1), 't t', 'marked: to egor');
SELECT polka.claims_escalate();
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.inbox i WHERE i.claim_id = :k1 AND i.kind = 'overdue' AND i.person_id = :egor),
                         1::bigint, 'the supervisor told once, however often the job runs');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.outbox o WHERE o.kind = 'claim_overdue' AND o.recipient = 'egor@polka.example'
                            AND o.body LIKE '%' || (SELECT number FROM polka.claims WHERE id = :k1) || '%'),
                         1::bigint, 'and by e-mail once');

-- The owner's queue: the overdue one first.
SET SESSION AUTHORIZATION anna;
SELECT polka.claim_quick(:c1, 'Второй звонок') AS k2 \gset
RESET SESSION AUTHORIZATION;
UPDATE polka.claims SET kind = 'service' WHERE id = :k2;
SET SESSION AUTHORIZATION anna;
SELECT polka.claim_stage_done(:k2, 0, NULL);
RESET SESSION AUTHORIZATION;
UPDATE polka.claim_stages SET owner_id = :inv_owner WHERE claim_id = :k2 AND done_at IS NULL;
SELECT pg_temp.expect_eq((SELECT array_agg(q.id ORDER BY ord) FROM polka.claim_queue(NULL, :inv_owner) WITH ORDINALITY q(id, number, partner, kind, stage, n, due_at, hours_left, overdue, priority, client_priority, amount, words, escalated, ord)
                           WHERE q.id IN (:k1, :k2)),
                         ARRAY[:k1, :k2]::bigint[], 'the queue: overdue first');
SELECT pg_temp.expect_eq((SELECT format('%s %s', overdue, escalated) FROM polka.claim_queue(NULL, :inv_owner) WHERE id = :k1),
                         't t', 'the queue says overdue and escalated');

-- Decided and closed along the route.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(polka.claim_stage_done(:k1, 1, 'Разобрались'), 'Решение', 'to the decision (the head closes another''s stage)');
SELECT pg_temp.expect_eq(polka.claim_stage_done(:k1, 2, 'Извинились'), 'closed', 'the last stage: closed');
SELECT pg_temp.expect_error(format('SELECT polka.claim_stage_done(%s, 2, NULL)', :k1), '23514', 'claim_stages_done_once');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT format('%s %s', status, closed_at IS NOT NULL) FROM polka.claims WHERE id = :k1),
                         'closed t', 'the claim closed');

-- Claim calls counted; a manager registers his clients' claims only and sees only them.
SET SESSION AUTHORIZATION anna;
SELECT polka.claim_call(:c1);
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.claim_calls WHERE partner_id = :c1 AND by_user = 'anna'), 1::bigint,
                         'a claim call counted');
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.claim_quick(%s, %L)', :c2, 'чужой'), '42501');
SELECT polka.claim_quick(:c1, 'Мой клиент') AS k3 \gset
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.claims WHERE partner_id IN (:c1, :c2)), 3::bigint,
                         'vera sees her client''s three claims');
RESET SESSION AUTHORIZATION;
ROLLBACK;
