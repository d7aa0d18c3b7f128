-- Managing people (polka.user_*): admins only; every function touches Polka people only and
-- grants only Polka's roles. Roles are transactional: everything here is rolled back.
\ir ../lib.sql

BEGIN;

-- Not an admin: refused.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_x', 'X', 'secret-123', '{admin}')$$, '42501');
SELECT pg_temp.expect_error($$SELECT polka.user_grant('vera', 'all_clients')$$, '42501');
SELECT pg_temp.expect_error($$SELECT polka.user_block('anna')$$, '42501');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.user_list()), 0::bigint, 'the list is for admins only');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION zoya;
-- Add: a login role with its groups and a people row.
SELECT polka.user_add('tpeople_ivanova', '  Иванова Мария ', 'secret-123', '{manager,all_clients}') AS pid \gset
SELECT pg_temp.expect_eq((SELECT full_name FROM polka.people WHERE id = :pid), 'Иванова Мария', 'name trimmed');
SELECT pg_temp.expect_eq((SELECT is_manager FROM polka.people WHERE id = :pid), true, 'a manager is a manager');
SELECT pg_temp.expect_eq((SELECT roles FROM polka.user_list() WHERE login = 'tpeople_ivanova'),
                         'all_clients,manager', 'roles listed');
SELECT pg_temp.expect_eq((SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreaterole AND NOT rolbypassrls
                            FROM pg_roles WHERE rolname = 'tpeople_ivanova'), true, 'a plain login role');
-- Bad input.
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_ivanova', 'Дубль', 'secret-123', '{operator}')$$, '42710');
SELECT pg_temp.expect_error($$SELECT polka.user_add('Bad Login', 'X', 'secret-123', '{operator}')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_y', 'Y', 'short', '{operator}')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_y', 'Y', 'secret-123', '{}')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_y', 'Y', 'secret-123', '{polka_owner}')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_y', 'Y', 'secret-123', '{pg_read_server_files}')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_add('tpeople_y', '', 'secret-123', '{operator}')$$, '23514',
                            'people_full_name_valid');
SELECT pg_temp.expect_eq((SELECT count(*) FROM pg_roles WHERE rolname = 'tpeople_y'), 0::bigint,
                         'a refused add leaves no role behind');
-- Grant and revoke: Polka roles only, Polka people only.
SELECT polka.user_grant('tpeople_ivanova', 'head');
SELECT pg_temp.expect_true(pg_has_role('tpeople_ivanova', 'head', 'MEMBER'), 'granted');
SELECT polka.user_revoke('tpeople_ivanova', 'head');
SELECT pg_temp.expect_true(NOT pg_has_role('tpeople_ivanova', 'head', 'MEMBER'), 'revoked');
SELECT pg_temp.expect_error($$SELECT polka.user_grant('tpeople_ivanova', 'polka_owner')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_grant('tpeople_ivanova', 'pg_signal_backend')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_grant('postgres', 'operator')$$, 'P0002');
SELECT pg_temp.expect_error($$SELECT polka.user_grant('polka_owner', 'operator')$$, 'P0002');
SELECT pg_temp.expect_error($$SELECT polka.user_grant('admin', 'operator')$$, 'P0002');
SELECT pg_temp.expect_error($$SELECT polka.user_passwd('postgres', 'secret-123')$$, 'P0002');
SELECT pg_temp.expect_error($$SELECT polka.user_block('postgres')$$, 'P0002');
SELECT pg_temp.expect_error($$SELECT polka.user_revoke('zoya', 'admin')$$, '22023');
SELECT pg_temp.expect_error($$SELECT polka.user_block('zoya')$$, '22023');
-- Injection strings as logins and roles: refused as values.
SELECT pg_temp.expect_error(format('SELECT polka.user_grant(%L, %L)', s, 'operator'), 'P0002')
  FROM unnest(ARRAY[$e$anna; DROP ROLE anna$e$, $e$anna" SUPERUSER --$e$, 'anna''']) AS s;
SELECT pg_temp.expect_error(format('SELECT polka.user_grant(%L, %L)', 'anna', s), '22023')
  FROM unnest(ARRAY[$e$operator TO zoya; ALTER ROLE anna SUPERUSER; --$e$, 'operator"']) AS s;
-- A role with powers of its own (a DBA) that happens to have a people row is out of the
-- admins' reach: no password change, no grants, no blocking.
RESET SESSION AUTHORIZATION;
CREATE ROLE tpeople_dba LOGIN CREATEROLE PASSWORD 'dba-secret-1';
CREATE ROLE tpeople_reader LOGIN PASSWORD 'reader-secret-1' IN ROLE pg_read_all_data, operator;
INSERT INTO polka.people (login, full_name) VALUES ('tpeople_dba', 'Администратор БД'),
                                                    ('tpeople_reader', 'Читатель всего');
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_error(format('SELECT polka.user_passwd(%L, %L)', l, 'owned-by-zoya'), 'P0002')
  FROM unnest(ARRAY['tpeople_dba', 'tpeople_reader']) AS l;
SELECT pg_temp.expect_error(format('SELECT polka.user_grant(%L, %L)', l, 'admin'), 'P0002')
  FROM unnest(ARRAY['tpeople_dba', 'tpeople_reader']) AS l;
SELECT pg_temp.expect_error(format('SELECT polka.user_block(%L)', l), 'P0002')
  FROM unnest(ARRAY['tpeople_dba', 'tpeople_reader']) AS l;

-- Block and unblock.
SELECT polka.user_block('tpeople_ivanova');
SELECT pg_temp.expect_eq((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'tpeople_ivanova'), false, 'blocked: no login');
SELECT pg_temp.expect_eq((SELECT blocked FROM polka.people WHERE id = :pid), true, 'blocked: marked');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('manager', 'Иванова', 10)), 0::bigint,
                         'a blocked manager is not offered');
SELECT polka.user_unblock('tpeople_ivanova');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('manager', 'Иванова', 10)), 1::bigint,
                         'the same look-up finds her when she is not blocked');
SELECT polka.user_block('tpeople_ivanova');
SELECT polka.user_unblock('tpeople_ivanova');
SELECT pg_temp.expect_eq((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'tpeople_ivanova'), true, 'unblocked');
SELECT polka.user_passwd('tpeople_ivanova', 'another-secret');
SELECT pg_temp.expect_error($$SELECT polka.user_passwd('tpeople_ivanova', E'bad\npassword')$$, '22023');
-- The trail knows who did it.
SELECT pg_temp.expect_eq((SELECT who FROM polka.audit_log WHERE tab = 'people' AND row_id = :pid AND op = 'I'),
                         'zoya', 'adding a person is in the audit trail');
RESET SESSION AUTHORIZATION;

ROLLBACK;
