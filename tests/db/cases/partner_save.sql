-- polka.partner_save / partner_get as the application's users: a manager creates a card with
-- contacts, delivery points and relations, reads it back, updates it (version check,
-- removed rows deleted), and failed saves leave nothing behind; an operator may not write.
--
-- The functions check session_user (SET ROLE cannot change it): SET SESSION AUTHORIZATION,
-- allowed to the superuser the tests connect as, does change it (checked below).
\ir ../lib.sql

BEGIN;

SELECT id AS vera_id FROM polka.people WHERE login = 'vera' \gset
-- Two of vera's demo partners to relate to (she can open only hers; the screen tests do not
-- edit these).
SELECT id AS rel1 FROM polka.partners WHERE manager_id = :vera_id ORDER BY id LIMIT 1 \gset
SELECT id AS rel2 FROM polka.partners WHERE manager_id = :vera_id ORDER BY id OFFSET 1 LIMIT 1 \gset

SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq(session_user::text, 'vera', 'session_user after SET SESSION AUTHORIZATION');
SELECT pg_temp.expect_eq((SELECT login FROM polka.me()), 'vera', 'me().login');
SELECT pg_temp.expect_eq((SELECT full_name FROM polka.me()), 'Вера Морозова', 'me().full_name');
SELECT pg_temp.expect_eq(ARRAY(SELECT polka.my_roles()), ARRAY['manager'], 'my_roles() of vera');

-- Create ------------------------------------------------------------------------------------
SELECT polka.partner_save(jsonb_build_object(
    'kind', 'client', 'name', '  Проверка сохранения  ', 'legal_name', 'ООО «Проверка сохранения»',
    'inn', '7707083893', 'kpp', '7736ab001', 'legal_address', 'г. Москва, ул. Проверочная, д. 3',
    'segment', 'shop', 'priority', 3, 'manager_id', :vera_id, 'phone', '+7 (495) 111-22-33',
    'email', '', 'version', 77,
    'contacts', jsonb_build_array(
        jsonb_build_object('full_name', 'Петров Пётр Петрович', 'role', 'director',
                           'phone', '+7 900 111-22-33'),
        jsonb_build_object('full_name', 'Сидорова Анна Львовна', 'role', 'buyer',
                           'email', 'sidorova@example.ru')),
    'points', jsonb_build_array(
        jsonb_build_object('name', 'Склад на Проверочной', 'address', 'г. Москва, ул. Проверочная, д. 4',
                           'gln', '4000000000006'),
        jsonb_build_object('name', 'Магазин без GLN', 'address', 'г. Москва, ул. Проверочная, д. 5')),
    'relations', jsonb_build_array(jsonb_build_object('kind', 'buys_through', 'related_id', :rel1))
)) AS pid \gset
SELECT polka.partner_get(:pid) AS doc \gset

SELECT pg_temp.expect_eq((:'doc'::jsonb ->> 'id')::bigint, :pid::bigint, 'id read back');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'version', '1', 'a new card has version 1 (the document''s is ignored)');
SELECT pg_temp.expect_true(:'doc'::jsonb ->> 'code' ~ '^[0-9]{6}$', 'code from the sequence');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'name', 'Проверка сохранения', 'name trimmed');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'kpp', '7736AB001', 'KPP upper-cased');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'inn', '7707083893', 'INN');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'segment', 'shop', 'segment');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'priority', '3', 'priority');
SELECT pg_temp.expect_eq(:'doc'::jsonb ->> 'manager', 'Вера Морозова', 'manager name');
SELECT pg_temp.expect_eq(:'doc'::jsonb -> 'email', 'null'::jsonb, 'blank e-mail stored as null');
SELECT pg_temp.expect_eq(jsonb_array_length(:'doc'::jsonb -> 'contacts'), 2, 'contacts saved');
SELECT pg_temp.expect_eq(:'doc'::jsonb #>> '{contacts,0,full_name}', 'Петров Пётр Петрович', 'contacts in document order');
SELECT pg_temp.expect_eq(:'doc'::jsonb #>> '{contacts,1,email}', 'sidorova@example.ru', 'contact e-mail');
SELECT pg_temp.expect_eq(jsonb_array_length(:'doc'::jsonb -> 'points'), 2, 'points saved');
SELECT pg_temp.expect_eq(:'doc'::jsonb #>> '{points,0,gln}', '4000000000006', 'point GLN (points in document order)');
SELECT pg_temp.expect_eq(jsonb_array_length(:'doc'::jsonb -> 'relations'), 1, 'relations saved');
SELECT pg_temp.expect_eq((:'doc'::jsonb #>> '{relations,0,related_id}')::bigint, :rel1::bigint, 'related partner');
SELECT pg_temp.expect_eq(:'doc'::jsonb #>> '{relations,0,related_name}',
                         (SELECT name || ' (' || code || ')' FROM polka.partners WHERE id = :rel1),
                         'related partner''s name');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.contacts WHERE partner_id = :pid), 2::bigint,
                         'contacts rows');

-- Update with the right version: head changed, first contact removed, second changed, one
-- added; a point removed; the relation replaced.
SELECT (:'doc'::jsonb #>> '{contacts,0,id}')::bigint AS c1, (:'doc'::jsonb #>> '{contacts,1,id}')::bigint AS c2,
       (:'doc'::jsonb #>> '{relations,0,id}')::bigint AS r1 \gset
SELECT pg_temp.expect_eq(polka.partner_save(
    jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc'::jsonb, '{name}', '"Проверка сохранения 2"'),
        '{contacts}', jsonb_build_array(
            jsonb_set(:'doc'::jsonb #> '{contacts,1}', '{phone}', '"+7 900 999-88-77"'),
            jsonb_build_object('full_name', 'Кузнецов Олег', 'role', 'logistics'))),
        '{points}', jsonb_build_array(:'doc'::jsonb #> '{points,0}')),
        '{relations}', jsonb_build_array(jsonb_build_object('kind', 'holding', 'related_id', :rel2)))),
    :pid::bigint, 'update returns the id');
SELECT polka.partner_get(:pid) AS doc2 \gset
SELECT pg_temp.expect_eq(:'doc2'::jsonb ->> 'version', '2', 'version incremented');
SELECT pg_temp.expect_eq(:'doc2'::jsonb ->> 'name', 'Проверка сохранения 2', 'name updated');
SELECT pg_temp.expect_eq(:'doc2'::jsonb ->> 'code', :'doc'::jsonb ->> 'code', 'code kept');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.contacts WHERE id = :c1), 0::bigint,
                         'removed contact deleted');
SELECT pg_temp.expect_eq((:'doc2'::jsonb #>> '{contacts,0,id}')::bigint, :c2::bigint, 'kept contact keeps its id');
SELECT pg_temp.expect_eq(:'doc2'::jsonb #>> '{contacts,0,phone}', '+7 900 999-88-77', 'kept contact updated');
SELECT pg_temp.expect_eq(:'doc2'::jsonb #>> '{contacts,1,full_name}', 'Кузнецов Олег', 'contact added');
SELECT pg_temp.expect_eq(jsonb_array_length(:'doc2'::jsonb -> 'contacts'), 2, 'two contacts now');
SELECT pg_temp.expect_eq(jsonb_array_length(:'doc2'::jsonb -> 'points'), 1, 'point removed');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partner_relations WHERE id = :r1), 0::bigint,
                         'removed relation deleted');
SELECT pg_temp.expect_eq((:'doc2'::jsonb #>> '{relations,0,related_id}')::bigint, :rel2::bigint, 'relation added');

-- A stale version (someone saved in between) → PLK01, nothing changed.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
                                   jsonb_set(:'doc'::jsonb, '{name}', '"Устаревшая правка"')), 'PLK01');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', :'doc2'::jsonb - 'version'), 'PLK01');
SELECT pg_temp.expect_eq(polka.partner_get(:pid) ->> 'version', '2', 'stale save changed nothing');
SELECT pg_temp.expect_eq(polka.partner_get(:pid) ->> 'name', 'Проверка сохранения 2', 'stale save: name kept');
-- An unknown id → no_data_found.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_set(:'doc2'::jsonb, '{id}', '-1')), 'P0002');
SELECT pg_temp.expect_error('SELECT polka.partner_get(-1)', 'P0002');

-- Constraint errors come through with their names, and a failed save is all undone ----------
-- Invalid INN in a new card with contacts: neither the partner nor its contacts are there.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_build_object(
    'kind', 'client', 'name', 'Проверка несохранения', 'legal_name', 'ООО «Проверка несохранения»',
    'inn', '7707083894',
    'contacts', jsonb_build_array(jsonb_build_object('full_name', 'Несохранённый Контакт', 'role', 'buyer')))),
    '23514', 'partners_inn_valid');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.contacts WHERE full_name = 'Несохранённый Контакт'),
                         0::bigint, 'no contact of the failed save');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners WHERE name = 'Проверка несохранения'),
                         0::bigint, 'no partner of the failed save');
-- A bad contact after a good head: the head is not saved either.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_build_object(
    'kind', 'client', 'name', 'Проверка несохранения', 'legal_name', 'ООО «Проверка несохранения»',
    'contacts', jsonb_build_array(
        jsonb_build_object('full_name', 'Несохранённый Контакт', 'role', 'buyer'),
        jsonb_build_object('full_name', 'Второй Контакт', 'role', 'buyer', 'email', 'bad@')))),
    '23514', 'contacts_email_valid');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners WHERE name = 'Проверка несохранения'),
                         0::bigint, 'no partner of a save failing on a contact');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.contacts WHERE full_name = 'Несохранённый Контакт'),
                         0::bigint, 'no contact of a save failing on a later contact');
-- An update failing on a point: head and rows as before.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
    jsonb_set(jsonb_set(jsonb_set(:'doc2'::jsonb, '{name}', '"Не сохранится"'), '{contacts}', '[]'),
              '{points}', jsonb_build_array(jsonb_build_object('name', 'Точка', 'address', 'г. Тула',
                                                               'gln', '4000000000007')))),
    '23514', 'delivery_points_gln_valid');
SELECT pg_temp.expect_eq(polka.partner_get(:pid), :'doc2'::jsonb, 'failed update left the card as it was');
-- Other refusals by the schema, through the document.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
    jsonb_set(:'doc2'::jsonb, '{relations}', jsonb_build_array(jsonb_build_object('kind', 'holding', 'related_id', :pid)))),
    '23514', 'partner_relations_not_self');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
    jsonb_set(:'doc2'::jsonb, '{relations}', (:'doc2'::jsonb -> 'relations') || jsonb_build_object('kind', 'holding', 'related_id', :rel2))),
    '23505', 'partner_relations_key');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_set(:'doc2'::jsonb, '{priority}', '0')),
    '23514', 'partners_priority_valid');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_set(:'doc2'::jsonb, '{name}', '"   "')),
    '23502');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_set(:'doc2'::jsonb, '{inn}', '"500100732259"')),
    '23514', 'partners_kpp_needs_org_inn');
-- Not a partner document.
SELECT pg_temp.expect_error($$SELECT polka.partner_save('[1, 2]')$$, '22023');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_set(:'doc2'::jsonb, '{contacts}', '{"a": 1}')), '22023');
-- A row id that is not this partner's (another card's contact, or one deleted meanwhile):
-- refused as a conflicting change, never silently dropped.
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)',
    jsonb_set(:'doc2'::jsonb, '{contacts}', jsonb_build_array(jsonb_build_object(
        'id', (SELECT min(id) FROM polka.contacts WHERE partner_id <> :pid),
        'full_name', 'Чужой Контакт', 'role', 'buyer')))), 'PLK01');
SELECT pg_temp.expect_eq(polka.partner_get(:pid), :'doc2'::jsonb, 'refused saves left the card as it was');

-- Regression: "contacts": null (also points, relations) means no rows; it used to fail in
-- jsonb_array_elements with 22023 "cannot extract elements from a scalar".
SELECT pg_temp.expect_ok(format('SELECT polka.partner_save(%L)',
    jsonb_build_object('kind', 'client', 'name', 'Без строк', 'legal_name', 'ООО «Без строк»',
                       'contacts', NULL::jsonb, 'points', 'null'::jsonb, 'relations', 'null'::jsonb)), false);

-- Writes go through partner_save only, even for a manager.
SELECT pg_temp.expect_error($$INSERT INTO polka.partners (kind, name, legal_name) VALUES ('client', 'Напрямую', 'Напрямую')$$,
                            '42501');
SELECT pg_temp.expect_error(format('UPDATE polka.contacts SET full_name = %L WHERE id = %s', 'Напрямую', :c2), '42501');

-- An operator reads but may not save ---------------------------------------------------------
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq(session_user::text, 'anna', 'session_user anna');
SELECT pg_temp.expect_eq(ARRAY(SELECT polka.my_roles()), ARRAY['operator'], 'my_roles() of anna');
SELECT pg_temp.expect_eq(polka.partner_get(:pid), :'doc2'::jsonb, 'an operator reads the card');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', jsonb_set(:'doc2'::jsonb, '{name}', '"Правка оператора"')),
                            '42501');
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', :'doc'::jsonb - 'id'), '42501');
SELECT pg_temp.expect_error($$INSERT INTO polka.partners (kind, name, legal_name) VALUES ('client', 'Напрямую', 'Напрямую')$$,
                            '42501');
SELECT pg_temp.expect_error(format('DELETE FROM polka.partners WHERE id = %s', :pid), '42501');
-- The head of department is no manager either.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.partner_save(%L)', :'doc2'::jsonb), '42501');
-- An administrator may save.
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_eq(polka.partner_save(jsonb_set(:'doc2'::jsonb, '{priority}', '2')), :pid::bigint,
                         'an administrator saves');
SELECT pg_temp.expect_eq(polka.partner_get(:pid) ->> 'version', '3', 'version after the admin''s save');
SELECT pg_temp.expect_eq(polka.partner_get(:pid) ->> 'priority', '2', 'priority after the admin''s save');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(session_user::text, 'postgres', 'back to the test''s own user');

ROLLBACK;
