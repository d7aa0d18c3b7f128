-- The outside pass's findings (issue 13, points 16-23), each as the SQL that broke in: what a
-- person may not do through a function even where the function lets him in.
--
-- Own data only (codes TSF-...).
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-05-01';

SELECT id AS vera_pid FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.people (full_name, is_manager) VALUES ('TSF Другой Менеджер', true);
SELECT id AS other_pid FROM polka.people WHERE full_name = 'TSF Другой Менеджер' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, segment, manager_id) VALUES
    ('TSF-C1', 'client', 'TSF Клиент Веры', 'ООО TSF Клиент Веры', 'shop', :vera_pid),
    ('TSF-C2', 'client', 'TSF Клиент другого', 'ООО TSF Клиент другого', 'shop', :other_pid);
SELECT id AS c1 FROM polka.partners WHERE code = 'TSF-C1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TSF-C2' \gset
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, credit_days, valid_from, valid_to, status)
SELECT x.code, x.code, 'individual', x.client, t.id, 'credit', 30, '2031-01-01', '2031-12-31', 'active'
  FROM (VALUES ('TSF-A1', :c1), ('TSF-A2', :c2)) x(code, client), polka.price_types t WHERE t.code = 'OPT';
SELECT id AS a1 FROM polka.agreements WHERE code = 'TSF-A1' \gset
SELECT id AS a2 FROM polka.agreements WHERE code = 'TSF-A2' \gset

-- 16. A promotion on two managers' clients' agreements: the other manager's stays whatever a
-- manager's document says; only the head, admins or its author change such a promotion.
SET SESSION AUTHORIZATION egor;
SELECT polka.promotion_save(jsonb_build_object('code', 'TSF-P1', 'name', 'TSF Акция главы', 'valid_from', '2031-06-01',
           'valid_to', '2031-06-30', 'agreements', jsonb_build_array(jsonb_build_object('agreement_id', :a1),
                                                                     jsonb_build_object('agreement_id', :a2)),
           'rules', '[{"percent": 5}]'::jsonb)) AS p1 \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT jsonb_array_length(polka.promotion_get(:p1) -> 'agreements')), 1,
                         'the manager sees her own client''s agreement only');
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)', polka.promotion_get(:p1)), '42501');
-- Her own promotion: she adds her client's agreement, the head adds the other's.
SELECT polka.promotion_save(jsonb_build_object('code', 'TSF-P2', 'name', 'TSF Акция Веры', 'valid_from', '2031-06-01',
           'valid_to', '2031-06-30', 'agreements', jsonb_build_array(jsonb_build_object('agreement_id', :a1)),
           'rules', '[{"percent": 5}]'::jsonb)) AS p2 \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT polka.promotion_save(jsonb_set(polka.promotion_get(:p2), '{agreements}',
           (polka.promotion_get(:p2) -> 'agreements') || jsonb_build_array(jsonb_build_object('agreement_id', :a2))));
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
-- Her unedited get -> save (she does not see a2) keeps a2; taking a1 out takes only a1 out.
SELECT polka.promotion_save(polka.promotion_get(:p2));
SELECT pg_temp.expect_eq((SELECT array_agg(agreement_id ORDER BY agreement_id) FROM polka.promotion_agreements WHERE promotion_id = :p2),
                         ARRAY[:a1, :a2]::bigint[], 'the author''s unedited save keeps what she cannot see');
SELECT polka.promotion_save(polka.promotion_get(:p2) || '{"agreements": []}');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT array_agg(agreement_id) FROM polka.promotion_agreements WHERE promotion_id = :p2),
                         ARRAY[:a2]::bigint[], 'removing her agreement leaves the other manager''s');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.promotion_agreements WHERE promotion_id = :p1), 2::bigint,
                         'the head''s promotion kept both after the refused save');

-- 18. The duplicate check names only partners the caller sees; of another manager's it says
-- the code and what matched, and the call is logged for the administrators.
UPDATE polka.partners SET email = 'tsf-hidden@example.org', inn = '7707083893', phone = '+7 900 111-22-33'
 WHERE id = :c2;
SELECT coalesce(max(id), 0) AS last_check FROM polka.duplicate_checks \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT format('%s|%s|%s|%s|%s|%s', code, name, inn, phone, email, reason)
                            FROM polka.partner_duplicates(NULL, NULL, NULL, NULL, 'TSF-Hidden@example.org', NULL)),
                         'TSF-C2|||||email', 'another manager''s partner: the code and the match only');
SELECT pg_temp.expect_eq((SELECT name FROM polka.partner_duplicates('TSF Клиент Веры', NULL, NULL, NULL, NULL, NULL)
                           WHERE code = 'TSF-C1'), 'TSF Клиент Веры', 'her own partner in full');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.duplicate_checks), 0::bigint, 'she reads none of the log');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', who, hidden, args ->> 'email') FROM polka.duplicate_checks
                           WHERE id > :last_check), 'vera 1 TSF-Hidden@example.org',
                         'the call that matched a hidden partner is logged, her own is not');
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_true((SELECT count(*) > 0 FROM polka.duplicate_checks WHERE id > :last_check),
                           'administrators read the log');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT name FROM polka.partner_duplicates(NULL, NULL, NULL, NULL, 'tsf-hidden@example.org', NULL)),
                         'TSF Клиент другого', 'the head sees every partner, so the match in full');
RESET SESSION AUTHORIZATION;

-- 19. A login the server reserves is refused before any statement carries the password, and
-- when the server refuses a role statement its error never carries the statement's text.
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_error($$SELECT polka.user_add('pg_cli', 'X', 'Secret-Pass-1', '{operator}')$$, '42939');
SELECT pg_temp.expect_error($$SELECT polka.user_add('public', 'X', 'Secret-Pass-1', '{operator}')$$, '42939');
DO $$
DECLARE m text; d text; c text;
BEGIN
    PERFORM polka.user_add('none', 'X', 'Secret-Pass-1', '{operator}');
    RAISE EXCEPTION 'FAILED: a reserved login was accepted';
EXCEPTION WHEN SQLSTATE '42939' THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, c = PG_EXCEPTION_CONTEXT;
    -- (the context's frames inside the function: the rest is this block's own call)
    c := split_part(c, E'\nSQL statement "SELECT polka.user_add', 1);
    IF concat(m, d, c) LIKE '%Secret-Pass-1%' THEN
        RAISE EXCEPTION 'FAILED: the password is in the error: % / % / %', m, d, c;
    END IF;
END
$$;
RESET SESSION AUTHORIZATION;
DO $$
DECLARE m text; d text; c text;
BEGIN
    PERFORM polka.role_statement('CREATE ROLE pg_tsf LOGIN PASSWORD ''Secret-Pass-2''', 'pg_tsf');
    RAISE EXCEPTION 'FAILED: the server took a reserved name';
EXCEPTION WHEN SQLSTATE '42939' THEN
    GET STACKED DIAGNOSTICS m = MESSAGE_TEXT, d = PG_EXCEPTION_DETAIL, c = PG_EXCEPTION_CONTEXT;
    c := split_part(c, E'\nSQL statement "SELECT polka.role_statement', 1);
    IF concat(m, d, c) LIKE '%Secret-Pass-2%' THEN
        RAISE EXCEPTION 'FAILED: the statement is in the error: % / % / %', m, d, c;
    END IF;
END
$$;

-- 20. People changes are in the trail: roles given and taken (before and after), a password
-- set (that it was, never what).
SELECT id AS anna_id FROM polka.people WHERE login = 'anna' \gset
SELECT coalesce(max(id), 0) AS last_log FROM polka.audit_log \gset
SET SESSION AUTHORIZATION zoya;
SELECT polka.user_grant('anna', 'head');
SELECT polka.user_revoke('anna', 'head');
SELECT polka.user_passwd('anna', 'Secret-Pass-3');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s->%s', who, op, old, new), '; ' ORDER BY id)
                            FROM polka.audit_log WHERE id > :last_log AND tab = 'people' AND row_id = :anna_id),
                         'zoya U {"roles": ["operator"]}->{"roles": ["head", "operator"]}; '
                         'zoya U {"roles": ["head", "operator"]}->{"roles": ["operator"]}; '
                         'zoya U ->{"password": "set"}',
                         'grant, revoke and password in the trail');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.audit_log
                           WHERE id > :last_log AND (old::text LIKE '%Secret%' OR new::text LIKE '%Secret%')),
                         0::bigint, 'no password in the trail');
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error($$SELECT polka.audit_note('people', 1, NULL, '{}')$$, '42501');
RESET SESSION AUTHORIZATION;

-- 22. An order's key sent again answers only someone who may see that order, and only for the
-- same client: another manager's order key gives away nothing, and a key used by another
-- order is refused, not answered with that order.
SELECT jsonb_build_array(jsonb_build_object('product_id', id, 'qty', 12)) AS one_line FROM polka.products WHERE code = '1001' \gset
SELECT polka.order_save(jsonb_build_object('key', 'f0f0f0f0-0000-4000-8000-00000000f022', 'client_id', :c2,
           'agreement_id', :a2, 'ship_on', '2031-05-05', 'lines', :'one_line'::jsonb)) IS NOT NULL AS saved \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)',
           jsonb_build_object('key', 'f0f0f0f0-0000-4000-8000-00000000f022', 'client_id', :c1,
                              'agreement_id', :a1, 'ship_on', '2031-05-05', 'lines', :'one_line'::jsonb)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)',
           jsonb_build_object('key', 'f0f0f0f0-0000-4000-8000-00000000f022', 'client_id', :c1,
                              'agreement_id', :a1, 'ship_on', '2031-05-05', 'lines', :'one_line'::jsonb)), '23505');
SELECT pg_temp.expect_eq((polka.order_save(jsonb_build_object('key', 'f0f0f0f0-0000-4000-8000-00000000f022',
           'client_id', :c2, 'agreement_id', :a2, 'ship_on', '2031-05-05', 'lines', :'one_line'::jsonb)) ->> 'replayed'),
                         'true', 'the same request again: the same answer');
RESET SESSION AUTHORIZATION;

-- 21. No search runs for minutes: the query is cut to 200 characters and computed once; an
-- oversized order is refused before its lines are read; every person's login role carries a
-- statement, lock and idle-in-transaction timeout. (The statement timeout here is a guard, far
-- above what either takes: before, a 1,000,000-character search ran for 17 minutes.)
SET SESSION AUTHORIZATION vera;
SET LOCAL statement_timeout = '20s';
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partner_search(repeat('я', 1000000), 10)), 0::bigint,
                         'a huge search string finds nothing, in time');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.order_client_search(repeat('7', 1000000), 10)), 0::bigint,
                         'the order screen''s client search too');
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)',
           jsonb_build_object('key', 'f0f0f0f0-0000-4000-8000-00000000f021', 'client_id', :c1,
                              'agreement_id', :a1, 'ship_on', '2031-05-05',
                              'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', 1, 'qty', 1))
                                          FROM generate_series(1, 200000))))::text,
                            '23514', 'orders_lines_count');
SET LOCAL statement_timeout = 0;
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT array_agg(split_part(x, '=', 1) ORDER BY x)
                            FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole, unnest(s.setconfig) x
                           WHERE r.rolname = 'vera' AND s.setdatabase = 0),
                         ARRAY['idle_in_transaction_session_timeout', 'lock_timeout', 'statement_timeout'],
                         'a person''s sessions have their timeouts');

-- 23. Nobody holds an agreement's activation from outside: the lock it takes is on a row no
-- app role can lock (they may not update the tables), and an advisory lock on the old key
-- holds nothing up.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT FROM polka.partners WHERE id = %s FOR NO KEY UPDATE', :c1), '42501');
SELECT pg_temp.expect_error($$SELECT FROM polka.segments WHERE code = 'shop' FOR UPDATE$$, '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM pg_proc WHERE pronamespace = 'polka'::regnamespace
                             AND prosrc LIKE '%pg_advisory%'), 0::bigint, 'no polka function takes an advisory lock');

ROLLBACK;
