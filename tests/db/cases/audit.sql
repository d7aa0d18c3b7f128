-- The audit trail: every change of a business table is recorded with who, when, which row
-- and the changed fields; app roles read only the trail of cards they can see and nobody
-- changes or deletes it; every table with an id has the audit triggers.
\ir ../lib.sql

-- TRUNCATE is refused by a trigger that fires only once the table's exclusive lock is held: in
-- a transaction of its own that holds nothing else, so that waiting for the other tests'
-- writes to the trail can never close a circle with them (it once ended in a deadlock).
BEGIN;
SELECT pg_temp.expect_error('TRUNCATE polka.audit_log', '42501');
ROLLBACK;

BEGIN;

SELECT id AS vera_id FROM polka.people WHERE login = 'vera' \gset
SELECT min(id) AS own_id FROM polka.partners WHERE manager_id = :vera_id \gset
SELECT min(id) AS other_id FROM polka.partners WHERE manager_id <> :vera_id \gset
SELECT max(id) AS last_log FROM polka.audit_log \gset

-- Every table of schema polka with an id column has the three statement triggers.
SELECT pg_temp.expect_eq((SELECT string_agg(c.relname, ', ') FROM pg_class c
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'polka' AND c.relkind = 'r' AND c.relname <> 'audit_log'
                            AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id')
                            AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE 'audit: exempt%'
                            AND (SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid
                                   AND t.tgname IN ('audit_insert', 'audit_update', 'audit_delete')) <> 3),
                         NULL, 'tables with an id but without the audit triggers');
-- The demo load is in the trail too (set-based, one row per inserted row).
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.audit_log WHERE tab = 'partners' AND op = 'I'),
                         (SELECT count(*) FROM polka.partners), 'every demo partner''s insert recorded');

-- A manager's save: one update row with only what changed, by him; an added contact.
SET SESSION AUTHORIZATION vera;
SELECT polka.partner_save(jsonb_set(jsonb_set(polka.partner_get(:own_id), '{phone}', '"+7 (495) 000-00-01"'),
                          '{contacts}', (polka.partner_get(:own_id) -> 'contacts')
                                        || '[{"full_name": "Аудитов Аудит", "role": "buyer"}]'::jsonb));
RESET SESSION AUTHORIZATION;
-- (Only the partner's tables: rows of other tables whose own id happens to equal the partner's
-- have that card_id too, and screen tests running meanwhile insert agreements and rules.)
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.audit_log WHERE id > :last_log AND card_id = :own_id
                             AND tab IN ('partners', 'contacts', 'delivery_points', 'partner_relations')), 2::bigint,
                         'one row for the card, one for the new contact (unchanged contacts: none)');
SELECT pg_temp.expect_eq((SELECT who FROM polka.audit_log WHERE id > :last_log AND card_id = :own_id AND tab = 'partners'), 'vera', 'who');
SELECT pg_temp.expect_eq((SELECT array_agg(k ORDER BY k) FROM polka.audit_log, jsonb_object_keys(new) k
                           WHERE id > :last_log AND card_id = :own_id AND tab = 'partners'),
                         ARRAY['phone'], 'only the changed field (version and updated_at are noise)');
SELECT pg_temp.expect_eq((SELECT new ->> 'phone' FROM polka.audit_log WHERE id > :last_log AND card_id = :own_id AND tab = 'partners'),
                         '+7 (495) 000-00-01', 'new value');
SELECT pg_temp.expect_true((SELECT old ->> 'phone' FROM polka.audit_log WHERE id > :last_log AND card_id = :own_id AND tab = 'partners')
                           IS DISTINCT FROM '+7 (495) 000-00-01', 'old value');
SELECT pg_temp.expect_eq((SELECT card_id FROM polka.audit_log WHERE id > :last_log AND card_id = :own_id AND tab = 'contacts'),
                         :own_id::bigint, 'a contact belongs to its partner''s card');
-- Deleting the contact again is recorded with the row.
SET SESSION AUTHORIZATION vera;
SELECT polka.partner_save(polka.partner_get(:own_id) #- '{contacts,-1}');
SELECT pg_temp.expect_eq((SELECT change FROM polka.card_history('partner', :own_id) LIMIT 1), 'Аудитов Аудит',
                         'history: the deleted contact, newest first');
SELECT pg_temp.expect_eq((SELECT op FROM polka.card_history('partner', :own_id) LIMIT 1), 'D', 'history: deleted');
SELECT pg_temp.expect_true((SELECT change FROM polka.card_history('partner', :own_id) OFFSET 2 LIMIT 1)
                           LIKE 'phone: % → +7 (495) 000-00-01', 'history: the change in words');
-- The trail of a card he cannot open is not his to read.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.card_history('partner', :other_id)), 0::bigint,
                         'no history of another manager''s card');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.audit_log WHERE card_id = :other_id AND tab = 'partners'),
                         0::bigint, 'no audit rows of another manager''s card');
-- Nobody changes or deletes it.
SELECT pg_temp.expect_error('DELETE FROM polka.audit_log', '42501');
SELECT pg_temp.expect_error('UPDATE polka.audit_log SET who = ''x''', '42501');
SELECT pg_temp.expect_error('INSERT INTO polka.audit_log (tab, row_id, card_id, op) VALUES (''partners'', 1, 1, ''I'')', '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_error('DELETE FROM polka.audit_log', '42501');
RESET SESSION AUTHORIZATION;
-- Not even the owner (a SECURITY DEFINER function gone wrong) or a superuser by mistake.
SELECT pg_temp.expect_error('DELETE FROM polka.audit_log WHERE id = 1', '42501');
-- The head reads the whole trail.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.card_history('partner', :other_id)) > 0,
                           'the head reads any card''s history');
RESET SESSION AUTHORIZATION;

ROLLBACK;
