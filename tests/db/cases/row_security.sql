-- Row-level security on partners and their rows, and the rights partner_save checks:
-- a manager sees and edits his own partners (all of them with the right all_clients), an
-- operator reads all and edits none, an admin edits all; a partner's contacts, points and
-- relations are visible with it. Run as the demo people (SET SESSION AUTHORIZATION changes
-- session_user, which the policies key on).
\ir ../lib.sql

-- One snapshot for the whole case: its counts are compared with counts taken later, and other
-- cases commit partners of their own meanwhile.
BEGIN ISOLATION LEVEL REPEATABLE READ;

SELECT id AS vera_id FROM polka.people WHERE login = 'vera' \gset
SELECT count(*) AS all_partners FROM polka.partners \gset
SELECT count(*) AS veras FROM polka.partners WHERE manager_id = :vera_id \gset
SELECT min(id) AS other_id FROM polka.partners WHERE manager_id <> :vera_id \gset
SELECT min(id) AS own_id FROM polka.partners WHERE manager_id = :vera_id \gset
SELECT min(id) AS other_manager FROM polka.people WHERE is_manager AND id <> :vera_id \gset
SELECT pg_temp.expect_true(:veras > 0 AND :veras < :all_partners, 'the demo gives vera some partners, not all');

-- An operator reads every partner and every partner's rows, and may not save.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners), :all_partners::bigint, 'operator sees all partners');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partner_search('', 10000)), :all_partners::bigint,
                         'operator''s search covers all partners');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(polka.partner_get(%s))', :own_id), '42501');
RESET SESSION AUTHORIZATION;

-- A manager: his own partners only, in tables, search, cards and rows.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners), :veras::bigint, 'manager sees his partners only');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partner_search('', 10000)), :veras::bigint,
                         'manager''s search: his partners only');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners WHERE manager_id IS DISTINCT FROM :vera_id), 0::bigint,
                         'no partner of somebody else');
SELECT pg_temp.expect_error(format('SELECT polka.partner_get(%s)', :other_id), 'P0002');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.contacts WHERE partner_id = :other_id), 0::bigint,
                         'contacts of another manager''s partner hidden');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.delivery_points WHERE partner_id = :other_id), 0::bigint,
                         'points of another manager''s partner hidden');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.contacts WHERE partner_id = :own_id) > 0,
                           'contacts of his own partner visible');
-- Saving his own card works; somebody else's is refused even with a forged document.
SELECT pg_temp.expect_ok(format('SELECT polka.partner_save(polka.partner_get(%s))', :own_id));
RESET SESSION AUTHORIZATION;
SELECT polka.partner_get(:other_id) AS other_doc \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', :'other_doc'), '42501');
-- He cannot hand his partner to another manager.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
    jsonb_set(polka.partner_get(:own_id), '{manager_id}', to_jsonb(:other_manager))), '42501');
-- A new partner without a manager becomes his.
SELECT polka.partner_save('{"kind": "client", "name": "Новый клиент Веры", "legal_name": "ООО «Новый клиент Веры»"}') AS new_id \gset
SELECT pg_temp.expect_eq((SELECT manager_id FROM polka.partners WHERE id = :new_id), :vera_id::bigint,
                         'a manager''s new partner is his');
-- Duplicates are found among all partners, also those he cannot open.
RESET SESSION AUTHORIZATION;
SELECT inn AS other_inn FROM polka.partners WHERE id = :other_id \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT array_agg(id) FROM polka.partner_duplicates(NULL, NULL, :'other_inn', NULL, NULL, NULL)),
                         ARRAY[:other_id::bigint], 'duplicate check sees another manager''s partner');
RESET SESSION AUTHORIZATION;

-- The right all_clients: the manager sees and edits every partner.
GRANT all_clients TO vera;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners), (:all_partners + 1)::bigint,
                         'with all_clients a manager sees all partners');
SELECT pg_temp.expect_ok(format('SELECT polka.partner_save(%L)', :'other_doc'));
RESET SESSION AUTHORIZATION;
REVOKE all_clients FROM vera;

-- An admin edits any partner.
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_ok(format('SELECT polka.partner_save(polka.partner_get(%s))', :other_id));
RESET SESSION AUTHORIZATION;

-- A manager who is no person in polka.people owns no partner: every save refused (the rights
-- check used to let him through, comparing with a NULL person id).
CREATE ROLE trs_nobody LOGIN PASSWORD 'nobody-secret-1' IN ROLE manager;
SET SESSION AUTHORIZATION trs_nobody;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners), 0::bigint, 'sees no partner');
RESET SESSION AUTHORIZATION;
SELECT polka.partner_get(:other_id) AS forged \gset
SET SESSION AUTHORIZATION trs_nobody;
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', :'forged'), '42501');
SELECT pg_temp.expect_error($$SELECT polka.partner_save('{"kind": "client", "name": "Ничей", "legal_name": "Ничей"}')$$, '42501');
RESET SESSION AUTHORIZATION;

-- The head reads everything and writes nothing.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners), (:all_partners + 1)::bigint, 'head sees all partners');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(polka.partner_get(%s))', :other_id), '42501');
RESET SESSION AUTHORIZATION;

ROLLBACK;
