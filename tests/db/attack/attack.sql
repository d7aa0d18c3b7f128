-- The attack script, run by attack-test as each demo person over a real login (scram, no
-- superuser anywhere in the session). Every attempt must be refused (the expected SQLSTATE)
-- or come to nothing (searches that find nothing, text stored as text). The fingerprint
-- table only lists what is readable; each attempt runs in a subtransaction, so a final
-- "nothing changed" comparison could not fail and is not made.
\ir ../lib.sql

-- md5 of the rows of a table this person can see.
CREATE FUNCTION pg_temp.table_md5(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    h text;
BEGIN
    EXECUTE format('SELECT md5(coalesce(string_agg(x::text, E''\n'' ORDER BY x::text), '''')) FROM polka.%I x', t)
       INTO h;
    RETURN h;
END
$$;

BEGIN ISOLATION LEVEL REPEATABLE READ;

CREATE TEMP TABLE fingerprint AS
SELECT c.relname AS tab, pg_temp.table_md5(c.relname) AS md5
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'polka' AND c.relkind = 'r' AND has_table_privilege(c.oid, 'SELECT');
SELECT pg_temp.expect_true((SELECT count(*) FROM fingerprint) >= 17, 'every table readable is fingerprinted');
SELECT count(*) AS visible_partners FROM polka.partners \gset
SELECT min(id) AS some_partner FROM polka.partners \gset

-- 1. Identity: no way to become somebody else.
SELECT pg_temp.expect_error('SET SESSION AUTHORIZATION postgres', '42501');
SELECT pg_temp.expect_error('SET ROLE polka_owner', '42501');
SELECT pg_temp.expect_error('SET ROLE postgres', '42501');
SELECT pg_temp.expect_error('SET ROLE admin', '42501') WHERE NOT polka.has_role('admin');
SELECT pg_temp.expect_error('SET ROLE all_clients', '42501') WHERE NOT polka.has_role('all_clients');
SELECT pg_temp.expect_error('GRANT all_clients TO ' || quote_ident(session_user), '42501');
SELECT pg_temp.expect_error('ALTER ROLE ' || quote_ident(session_user) || ' BYPASSRLS', '42501');
SELECT pg_temp.expect_error('ALTER TABLE polka.partners DISABLE ROW LEVEL SECURITY', '42501');
SELECT pg_temp.expect_error('DROP POLICY read_visible ON polka.partners', '42501');
SELECT pg_temp.expect_error('CREATE TABLE polka.evil (x int)', '42501');
SELECT pg_temp.expect_error('CREATE FUNCTION polka.has_role(r text, x int) RETURNS boolean LANGUAGE sql RETURN true', '42501');

-- 2. Settings: nothing keys on one the client can SET.
SET polka.person = '1';
SET polka.role = 'admin';
SET application_name = 'postgres';
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners), :visible_partners::bigint,
                         'settings change no visibility');

-- 3. search_path hijack through the temporary schema: shadow what the functions call.
CREATE FUNCTION pg_temp.has_role(r text) RETURNS boolean LANGUAGE sql RETURN true;
CREATE FUNCTION pg_temp.pg_has_role(u name, r text, m text) RETURNS boolean LANGUAGE sql RETURN true;
CREATE FUNCTION pg_temp.lower(t text) RETURNS text LANGUAGE sql RETURN '%';
CREATE TEMP TABLE partners (id bigint, manager_id bigint);
CREATE TEMP TABLE people (id bigint, login text);
SET search_path = pg_temp, polka, public;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partner_search('', 100000)), :visible_partners::bigint,
                         'hijacked search_path: the search sees what it saw');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partner_search('zzzнет-такого', 100)), 0::bigint,
                         'hijacked lower(): no match still means no match');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(polka.partner_get(%s))', :some_partner), '42501')
 WHERE NOT (polka.has_role('manager') OR polka.has_role('admin'));
RESET search_path;

-- 4. Direct DML on every table: refused (writes go through functions).
SELECT pg_temp.expect_error(format('INSERT INTO polka.%I DEFAULT VALUES', tab), '42501') FROM fingerprint;
SELECT pg_temp.expect_error(format('UPDATE polka.%I SET %I = %I', f.tab, c.attname, c.attname), '42501')
  FROM fingerprint f
  CROSS JOIN LATERAL (SELECT a.attname FROM pg_attribute a
                       WHERE a.attrelid = ('polka.' || f.tab)::regclass AND a.attnum > 0
                         AND NOT a.attisdropped AND a.attidentity = '' AND a.attgenerated = ''
                       ORDER BY a.attnum LIMIT 1) c;
SELECT pg_temp.expect_error(format('DELETE FROM polka.%I', tab), '42501') FROM fingerprint;
SELECT pg_temp.expect_error(format('TRUNCATE polka.%I', tab), '42501') FROM fingerprint;
SELECT pg_temp.expect_error('SELECT polka_demo.demo_load(1)', '42501');
SELECT pg_temp.expect_error('SELECT polka.partner_rights_check(''{}'')', '42501');

-- 5. Other people's ids: a card one may not open stays closed, and cannot be saved.
SELECT pg_temp.expect_error('SELECT polka.partner_get(-1)', 'P0002');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.card_history('partner', -1)), 0::bigint, 'no history of nothing');
-- A forged document for a partner one cannot see: refused (42501 when it exists).
SELECT pg_temp.expect_error(
    format('SELECT polka.partner_save(%L)', jsonb_build_object('id', h.id, 'version', 1, 'kind', 'client',
                                                             'name', 'Взлом', 'legal_name', 'Взлом')), '42501')
  FROM (SELECT id FROM generate_series(1, 300) AS id
         WHERE id NOT IN (SELECT p.id FROM polka.partners p) LIMIT 3) h
 WHERE NOT polka.has_role('admin') AND NOT polka.has_role('all_clients')
   AND (SELECT count(*) FROM polka.partners) < 250;

-- 6. Injection strings in every text parameter: taken as data, never as SQL.
CREATE TEMP TABLE evil (s text);
INSERT INTO evil VALUES ($e$'; DROP TABLE polka.partners; --$e$), ($e$' OR '1'='1$e$),
    ($e$') UNION SELECT 1, 'x', 'x', 'x', 'x', 'x', 'x', 'x' --$e$), ('%'), ('_'), ('\'), ('$$'),
    ('"; SELECT pg_sleep(10); --'), (E'a\nb'), ('?'), (repeat('я', 5000)), ('%_%\\');
SELECT pg_temp.expect_eq((SELECT count(*) FROM evil e, polka.partner_search(e.s, 10)
                          WHERE e.s NOT IN ('%', '_', '\', '%_%\\')), 0::bigint,
                         'injection strings find nothing');
SELECT pg_temp.expect_eq((SELECT count(*) FROM evil e, polka.partner_search(e.s, 10)
                          WHERE e.s IN ('%', '_', '\', '%_%\\')), 0::bigint,
                         'LIKE wildcards are literal');
SELECT pg_temp.expect_eq((SELECT count(*) FROM evil e,
                                 unnest(ARRAY['segment', 'partner_kind', 'contact_role', 'relation_kind',
                                              'manager', 'partner', 'client', 'price_type', 'price_source',
                                              'agreement', 'typical_agreement', 'category', 'product',
                                              'price_kind', 'rounding', 'payment']) k,
                                 polka.lookup(k, e.s, 10) l
                           -- (product names hold a literal '%': "Молоко 3,2%" is a fair match)
                           WHERE strpos(lower(l.label), lower(e.s)) = 0), 0::bigint,
                         'look-ups find only what holds the string literally');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.lookup(%L, '''', 10)', s), '22023') FROM evil;
SELECT pg_temp.expect_ok(format('SELECT * FROM polka.partner_duplicates(%L, %L, %L, %L, %L, NULL)',
                                s, s, s, s, s)) FROM evil;
-- Saved as text by those who may save (undone right away), refused to the others.
SELECT pg_temp.expect_ok(format($q$
    DO $do$ DECLARE pid bigint; BEGIN
        pid := polka.partner_save(jsonb_build_object('kind', 'client', 'name', %L,
                                                     'legal_name', %L, 'phone', %L));
        IF (SELECT name FROM polka.partners WHERE id = pid) IS DISTINCT FROM %L THEN
            RAISE EXCEPTION 'injection string not stored as it was';
        END IF;
    END $do$ $q$, s, s, left(s, 40), s), false)
  FROM evil WHERE (polka.has_role('manager') OR polka.has_role('admin'))
              AND position(E'\n' IN s) = 0 AND length(s) <= 300;
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
                                   jsonb_build_object('kind', 'client', 'name', s, 'legal_name', s)), '42501')
  FROM evil WHERE NOT (polka.has_role('manager') OR polka.has_role('admin'));

-- 7. Business actions beyond rights (issue 13). A manager's own client's price type pointed at
-- the base recalculates that type alone: no other type's price is set by her; nobody
-- recalculates before the business day or sets a price before it without being the head and
-- saying why.
CREATE TEMP VIEW my_type AS
SELECT t.id FROM polka.price_types t
 WHERE t.kind = 'individual' AND NOT polka.has_role('head') AND NOT polka.has_role('admin')
   AND t.client_id IN (SELECT id FROM polka.partners WHERE manager_id = polka.my_person_id())
 ORDER BY t.id LIMIT 1;
SELECT pg_temp.expect_true(EXISTS (SELECT FROM my_type), 'the demo manager has a client''s own type to try')
 WHERE session_user = 'vera';
SELECT pg_temp.expect_ok(format($q$
    DO $do$ DECLARE n bigint; BEGIN
        n := (SELECT count(*) FROM polka.prices WHERE set_by = session_user AND price_type_id <> %s);
        PERFORM polka.price_type_save(polka.price_type_get(%s) || jsonb_build_object('source_id',
                    (SELECT min(id) FROM polka.price_types WHERE kind = 'base')));
        IF (SELECT count(*) FROM polka.prices WHERE set_by = session_user AND price_type_id <> %s) <> n THEN
            RAISE EXCEPTION 'prices of another type rewritten';
        END IF;
    END $do$ $q$, id, id, id), false) FROM my_type;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   polka.price_type_get(id) || '{"recalc_on": "2000-01-01"}'), '22023') FROM my_type;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', id, '2001-01-01',
                                   jsonb_build_object((SELECT min(id) FROM polka.products), 0.01)), '42501') FROM my_type;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', t.id, '2001-01-01',
                                   jsonb_build_object((SELECT min(id) FROM polka.products), 0.01)),
                            CASE WHEN polka.has_role('head') THEN '22023' ELSE '42501' END)
  FROM polka.price_types t WHERE t.kind = 'base' ORDER BY t.id LIMIT 1;

ROLLBACK;
