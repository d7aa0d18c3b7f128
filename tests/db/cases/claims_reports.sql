-- The claims reports (issue 17): exact figures, worked out by hand, of each on a small world of
-- our own: claims by month and department at fault ("not determined" for none; a claim
-- registered at 01:30 Moscow time on the first of a month counted in that month, though it is
-- still the last day of the month before in UTC), satisfaction by cause (by the day decided, a
-- claim registered before the period counted), the structure by department and cause with its
-- shares, overdue stages by owner (open ones now, those done late in the period, escalated),
-- claims against claim calls per day and person; a manager sees his clients' only, quality and
-- the head all; a bad period refused by each.
--
-- Own data only: clients TCR-1 (vera's) and TCR-2 (nobody's), people «TCR ...» without logins
-- owning the stages, claims and calls in 2041 (no other case has claims or calls then).
\ir ../lib.sql

BEGIN;
SELECT id AS vera FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, manager_id)
VALUES ('TCR-1', 'client', 'Отчёты претензий: свой', 'ООО «TCR 1»', :vera),
       ('TCR-2', 'client', 'Отчёты претензий: чужой', 'ООО «TCR 2»', NULL);
INSERT INTO polka.people (full_name, department) VALUES ('TCR Первая', 'warehouse'), ('TCR Второй', NULL);
SELECT id AS p1 FROM polka.people WHERE full_name = 'TCR Первая' \gset
SELECT id AS p2 FROM polka.people WHERE full_name = 'TCR Второй' \gset

-- The claims: client, registered (Moscow time) by, amount, at fault, cause, decision (when).
CREATE FUNCTION pg_temp.claim(p_tag text, p_client text, p_at text, p_by text, p_amount numeric, p_fault text,
                              p_cause text, p_resolution text, p_decided text) RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO polka.claims (partner_id, words, kind, amount, fault_department, cause_id, registered_by, registered_at,
                              resolution, decided_at, decided_by, status, closed_at, decision)
    SELECT p.id, 'TCR ' || p_tag, 'shortfall', p_amount, p_fault, (SELECT c.id FROM polka.claim_causes c WHERE c.code = p_cause),
           p_by, (p_at || ' Europe/Moscow')::timestamptz, p_resolution, (p_decided || ' Europe/Moscow')::timestamptz,
           CASE WHEN p_resolution IS NOT NULL THEN 'egor' END,
           CASE WHEN p_resolution = 'rejected' THEN 'rejected' WHEN p_resolution IS NOT NULL THEN 'closed' ELSE 'open' END,
           (p_decided || ' Europe/Moscow')::timestamptz + interval '1 day',
           CASE p_resolution WHEN 'rejected' THEN 'Отказ' END
      FROM polka.partners p WHERE p.code = p_client
    RETURNING id
$$;
SELECT pg_temp.claim('K1', 'TCR-1', '2041-03-05 10:00', 'anna', 1000, 'warehouse', 'picking', 'full', '2041-03-10 12:00') AS k1 \gset
SELECT pg_temp.claim('K2', 'TCR-1', '2041-03-20 11:00', 'vera', 500, 'warehouse', 'picking', 'partial', '2041-04-02 12:00') AS k2 \gset
SELECT pg_temp.claim('K3', 'TCR-2', '2041-04-01 01:30', 'anna', 2000, NULL, NULL, 'rejected', '2041-04-05 12:00') AS k3 \gset
SELECT pg_temp.claim('K4', 'TCR-2', '2041-04-10 09:00', 'gleb', NULL, 'logistics', 'late', NULL, NULL) AS k4 \gset
SELECT pg_temp.claim('K5', 'TCR-1', '2041-05-01 10:00', 'anna', 700, 'warehouse', 'picking', 'full', '2041-05-02 12:00') AS k5 \gset
SELECT pg_temp.claim('K6', 'TCR-1', '2041-02-20 10:00', 'anna', 300, 'warehouse', 'picking', 'rejected', '2041-03-15 12:00') AS k6 \gset

-- Stages: K4's registration done 2.5 h late (P1), its investigation open and 10 h overdue now,
-- escalated (P1); K1's registration in time, its investigation done 30 h late, escalated (P2);
-- K5's registration done 6 h late, but in May (P2).
INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at, done_at, done_by, escalated_at, escalated_to)
VALUES (:k4, 0, 'Регистрация', :p1, '2041-04-10 09:00+03', '2041-04-10 13:00+03', '2041-04-10 15:30+03', 'anna', NULL, NULL),
       (:k4, 1, 'Разбор', :p1, now() - interval '30 hours', now() - interval '10 hours', NULL, NULL, now() - interval '9 hours', :p2),
       (:k1, 0, 'Регистрация', :p2, '2041-03-05 10:00+03', '2041-03-05 14:00+03', '2041-03-05 11:00+03', 'anna', NULL, NULL),
       (:k1, 1, 'Разбор', :p2, '2041-03-05 11:00+03', '2041-03-06 11:00+03', '2041-03-07 17:00+03', 'gleb',
        '2041-03-06 12:00+03', :p1),
       (:k5, 0, 'Регистрация', :p2, '2041-05-01 10:00+03', '2041-05-01 14:00+03', '2041-05-01 20:00+03', 'anna', NULL, NULL);

-- Claim calls (Moscow time): anna three on 5 March (two of TCR-1), vera one on 20 March, anna
-- one at 01:00 on 1 April (31 March in UTC), vera two on 2 April (one each).
INSERT INTO polka.claim_calls (partner_id, by_user, at)
SELECT p.id, c.by_user, (c.at || ' Europe/Moscow')::timestamptz
  FROM (VALUES ('TCR-1', 'anna', '2041-03-05 09:50'), ('TCR-1', 'anna', '2041-03-05 10:30'),
               ('TCR-2', 'anna', '2041-03-05 23:50'), ('TCR-1', 'vera', '2041-03-20 10:55'),
               ('TCR-2', 'anna', '2041-04-01 01:00'), ('TCR-1', 'vera', '2041-04-02 09:00'),
               ('TCR-2', 'vera', '2041-04-02 16:00')) c(client, by_user, at)
  JOIN polka.partners p ON p.code = c.client;

-- Each report as text, a row a line, for the period March-April 2041.
CREATE FUNCTION pg_temp.rows(p_report text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v text;
BEGIN
    EXECUTE format('SELECT string_agg(x::text, E''\n'') FROM polka.%I(date_from => ''2041-03-01'', date_to => ''2041-04-30'') x',
                   p_report) INTO v;
    RETURN v;
END
$$;
-- (the stages' report as far as our two people go: the demo and other cases have overdue stages now)
CREATE FUNCTION pg_temp.overdue() RETURNS text
LANGUAGE sql AS $$
    SELECT string_agg(format('%s %s %s %s %s %s %s', x.owner, x.department, x.open_overdue, x.done_late, x.hours_overdue,
                             x.longest_hours, x.escalated), E'\n')
      FROM polka.report_overdue_stages(date_from => '2041-03-01', date_to => '2041-04-30') x
     WHERE x.owner LIKE 'TCR %'
$$;

SET SESSION AUTHORIZATION gleb;
SELECT pg_temp.expect_eq(pg_temp.rows('report_claims_by_month'), concat_ws(E'\n',
    '(2041-03-01,warehouse,Склад,2,1500.00)',
    '(2041-04-01,logistics,Логистика,1,0.00)',
    '(2041-04-01,,"не определён",1,2000.00)'),
    'by month: March K1+K2 (the warehouse); April K4 (no amount) and K3 (01:30 on the 1st, nobody at fault)');
SELECT pg_temp.expect_eq(pg_temp.rows('report_claim_satisfaction'), concat_ws(E'\n',
    format('(%s,Склад,"Ошибка комплектации (пересорт, недовложение)",3,1,1,1,66.7)',
           (SELECT id FROM polka.claim_causes WHERE code = 'picking')),
    '(,"не определена","не определена",1,0,0,1,0.0)'),
    'satisfaction: picking K1 full, K2 partial, K6 rejected (registered in February, decided in March): 2 of 3; K3 rejected; K4 undecided, K5 decided in May');
SELECT pg_temp.expect_eq(pg_temp.rows('report_claims_structure'), concat_ws(E'\n',
    format('(warehouse,Склад,%s,Склад,"Ошибка комплектации (пересорт, недовложение)",2,50.0,1500.00,42.9)',
           (SELECT id FROM polka.claim_causes WHERE code = 'picking')),
    '(,"не определён",,"не определена","не определена",1,25.0,2000.00,57.1)',
    format('(logistics,Логистика,%s,Доставка,"Опоздание доставки",1,25.0,0.00,0.0)',
           (SELECT id FROM polka.claim_causes WHERE code = 'late'))),
    'structure: 4 claims for 3500 registered in the period; K1+K2 half of them, 1500 of 3500');
SELECT pg_temp.expect_eq(pg_temp.overdue(), concat_ws(E'\n',
    'TCR Второй не определён 0 1 30.0 30.0 1',
    'TCR Первая Склад 1 1 12.5 10.0 1'),
    'overdue: P2 K1''s investigation 30 h late (escalated), K5''s in May not counted; P1 10 h open now (escalated) and 2.5 h late');
SELECT pg_temp.expect_eq(pg_temp.rows('report_claim_calls'), concat_ws(E'\n',
    '(2041-03-05,anna,"Анна Соколова",3,1,2,33.3)',
    '(2041-03-20,vera,"Вера Морозова",1,1,0,100.0)',
    '(2041-04-01,anna,"Анна Соколова",1,1,0,100.0)',
    '(2041-04-02,vera,"Вера Морозова",2,0,2,0.0)',
    '(2041-04-10,gleb,"Глеб Новиков",0,1,0,)'),
    'calls: anna 3 calls, 1 claim on 5 March (23:50 is still the 5th); 1 April both at night; vera''s 2 calls without a claim; gleb a claim without a call');
RESET SESSION AUTHORIZATION;

-- The head sees the same; a manager his clients' only (TCR-1: K1, K2, K5, K6 and its calls).
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(pg_temp.rows('report_claims_structure') LIKE '(warehouse,Склад,%,2,50.0,1500.00,42.9)%', true,
                         'the head: every claim');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq(pg_temp.rows('report_claims_by_month'), '(2041-03-01,warehouse,Склад,2,1500.00)',
                         'vera: her client''s claims only');
SELECT pg_temp.expect_eq(pg_temp.rows('report_claim_satisfaction'),
    format('(%s,Склад,"Ошибка комплектации (пересорт, недовложение)",3,1,1,1,66.7)',
           (SELECT id FROM polka.claim_causes WHERE code = 'picking')),
    'vera: K3 (not hers) not decided as far as she sees');
SELECT pg_temp.expect_eq(pg_temp.rows('report_claims_structure'),
    format('(warehouse,Склад,%s,Склад,"Ошибка комплектации (пересорт, недовложение)",2,100.0,1500.00,100.0)',
           (SELECT id FROM polka.claim_causes WHERE code = 'picking')),
    'vera: her claims are the whole of what she sees');
SELECT pg_temp.expect_eq(pg_temp.overdue(), 'TCR Второй не определён 0 1 30.0 30.0 1',
                         'vera: the stages of her client''s claims only');
SELECT pg_temp.expect_eq(pg_temp.rows('report_claim_calls'), concat_ws(E'\n',
    '(2041-03-05,anna,"Анна Соколова",2,1,1,50.0)',
    '(2041-03-20,vera,"Вера Морозова",1,1,0,100.0)',
    '(2041-04-02,vera,"Вера Морозова",1,0,1,0.0)'),
    'vera: her client''s calls and claims');
RESET SESSION AUTHORIZATION;

-- A period without claims: no rows; a bad period refused by each, before reading anything.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_claims_by_month(date_from => '2041-06-01', date_to => '2041-06-30')),
                         0::bigint, 'June 2041: nothing');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.%s(date_from => ''2041-04-30'', date_to => ''2041-03-01'')', f),
                            '23514', 'report_period_valid'),
       pg_temp.expect_error(format('SELECT * FROM polka.%s(date_from => ''2030-01-01'', date_to => ''2041-03-01'')', f),
                            '23514', 'report_period_valid'),
       pg_temp.expect_true((SELECT count(*) FROM pg_proc p WHERE p.proname = f AND NOT p.prosecdef) = 1,
                           f || ' runs with the caller''s rights')
  FROM unnest(ARRAY['report_claims_by_month', 'report_claim_satisfaction', 'report_claims_structure',
                    'report_overdue_stages', 'report_claim_calls']) AS f;
ROLLBACK;
