-- polka.lookup(kind, q, lim): (code, label) pairs for the choice fields, run as an operator.
-- Each kind answers; q matches the label (a fragment, any case, wildcards literal) or the
-- code exactly (the fixed code sets: the code only, their label being the code); lim is
-- clamped to 1..1000 (default 50); an unknown kind raises 22023.
\ir ../lib.sql

BEGIN;

INSERT INTO polka.people (login, full_name, is_manager, blocked) VALUES
    (NULL, 'Проверочный Менеджер Активный', true, false),
    (NULL, 'Проверочный Менеджер Уволенный', true, true),
    (NULL, 'Проверочный Не Менеджер', false, false);
INSERT INTO polka.partners (code, kind, name, legal_name, inn, kpp) VALUES
    ('TLKP-1', 'client', 'Лукап 100% «Проверка»', 'ООО «Лукап»', '7707083893', '773601001'),
    ('TLKP-2', 'client', 'Лукап 100_ «Проверка»', 'ООО «Лукап 2»', NULL, NULL);

-- code=label pairs of a look-up.
CREATE FUNCTION pg_temp.lk(kind text, q text, lim int DEFAULT 1000) RETURNS text[]
LANGUAGE sql AS $$
    SELECT coalesce(array_agg(l.code || '=' || l.label), '{}') FROM polka.lookup(kind, q, lim) AS l
$$;

SET SESSION AUTHORIZATION anna;

-- Every kind answers with all its rows for an empty q.
SELECT pg_temp.expect_eq(cardinality(pg_temp.lk(k, NULL)), n, 'all of ' || k)
  FROM (VALUES ('segment', (SELECT count(*)::int FROM polka.segments)),
               ('partner_kind', (SELECT count(*)::int FROM polka.partner_kinds)),
               ('contact_role', (SELECT count(*)::int FROM polka.contact_roles)),
               ('relation_kind', (SELECT count(*)::int FROM polka.relation_kinds)),
               ('manager', (SELECT count(*)::int FROM polka.people WHERE is_manager AND NOT blocked)),
               ('partner', least(1000, (SELECT count(*)::int FROM polka.partners)))) AS v(k, n);
SELECT pg_temp.expect_true(cardinality(pg_temp.lk(k, '')) > 0, k || ' returns rows')
  FROM unnest(ARRAY['segment', 'partner_kind', 'contact_role', 'relation_kind', 'manager', 'partner']) AS k;

-- The fixed code sets answer codes, not words (the words are the client's, in the user's
-- language: src/core/codes.c), and are found by the exact code.
SELECT pg_temp.expect_eq(pg_temp.lk('segment', 'shop'), '{shop=shop}', 'segment by code: the code');
SELECT pg_temp.expect_eq(pg_temp.lk('segment', 'Магазин'), '{}', 'no Russian word to match');
SELECT pg_temp.expect_eq(pg_temp.lk('segment', 'sho'), '{}', 'no code prefix');
SELECT pg_temp.expect_eq(pg_temp.lk('partner_kind', 'carrier'), '{carrier=carrier}', 'partner kind by code');
SELECT pg_temp.expect_eq(pg_temp.lk('contact_role', 'quality'), '{quality=quality}', 'contact role by code');
SELECT pg_temp.expect_eq(pg_temp.lk('relation_kind', 'buys_through'), '{buys_through=buys_through}', 'relation kind by code');
SELECT pg_temp.expect_eq(pg_temp.lk('payment', NULL), '{prepayment=prepayment,credit=credit,stages=stages}', 'payment codes');
SELECT pg_temp.expect_eq(pg_temp.lk('rounding', '0.90'), '{0.90=0.90}', 'rounding by code');
SELECT pg_temp.expect_eq((SELECT count(*) FROM unnest(ARRAY['segment', 'partner_kind', 'contact_role', 'relation_kind',
                                                           'price_kind', 'rounding', 'payment']) k,
                                 polka.lookup(k, NULL, 1000) l WHERE l.label <> l.code OR l.label ~ '[А-Яа-яЁё]'),
                         0::bigint, 'no code set answers a word');
-- In code order.
SELECT pg_temp.expect_eq(pg_temp.lk('partner_kind', NULL),
                         (SELECT array_agg(code || '=' || code ORDER BY code) FROM polka.partner_kinds),
                         'partner kinds by code');

-- Managers: only active people who are managers; by name or id.
SELECT pg_temp.expect_eq(pg_temp.lk('manager', 'проверочный'),
                         ARRAY[(SELECT id FROM polka.people WHERE full_name = 'Проверочный Менеджер Активный')
                               || '=Проверочный Менеджер Активный'],
                         'managers: not blocked ones, not non-managers');
SELECT pg_temp.expect_eq(pg_temp.lk('manager', (SELECT id::text FROM polka.people WHERE login = 'vera')),
                         ARRAY[(SELECT id FROM polka.people WHERE login = 'vera') || '=Вера Морозова'],
                         'manager by id');
SELECT pg_temp.expect_eq(pg_temp.lk('manager', 'вера'),
                         ARRAY[(SELECT id FROM polka.people WHERE login = 'vera') || '=Вера Морозова'],
                         'manager by name');

-- Partners: by name fragment, exact code (first) or exact INN; label "name (code)".
SELECT pg_temp.expect_eq(pg_temp.lk('partner', 'лукап 100%'),
                         ARRAY[(SELECT id FROM polka.partners WHERE code = 'TLKP-1') || '=Лукап 100% «Проверка» (TLKP-1)'],
                         'partner by name, % literal');
SELECT pg_temp.expect_eq(pg_temp.lk('partner', 'лукап 100_'),
                         ARRAY[(SELECT id FROM polka.partners WHERE code = 'TLKP-2') || '=Лукап 100_ «Проверка» (TLKP-2)'],
                         'partner by name, _ literal');
SELECT pg_temp.expect_eq(pg_temp.lk('partner', 'TLKP-2'),
                         ARRAY[(SELECT id FROM polka.partners WHERE code = 'TLKP-2') || '=Лукап 100_ «Проверка» (TLKP-2)'],
                         'partner by code');
SELECT pg_temp.expect_eq(pg_temp.lk('partner', '7707083893'),
                         ARRAY[(SELECT id FROM polka.partners WHERE code = 'TLKP-1') || '=Лукап 100% «Проверка» (TLKP-1)'],
                         'partner by INN');
SELECT pg_temp.expect_eq(pg_temp.lk('partner', '770708389'), '{}', 'no INN prefix');
SELECT pg_temp.expect_eq((pg_temp.lk('partner', '000001'))[1],
                         (SELECT id || '=' || name || ' (000001)' FROM polka.partners WHERE code = '000001'),
                         'demo partner by code');

-- The limit: default 50, clamped to 1..1000.
SELECT pg_temp.expect_eq(cardinality(pg_temp.lk('partner', NULL, NULL)), least(50, (SELECT count(*)::int FROM polka.partners)),
                         'default limit 50');
SELECT pg_temp.expect_eq(cardinality(pg_temp.lk('partner', NULL, 3)), 3, 'limit 3');
SELECT pg_temp.expect_eq(cardinality(pg_temp.lk('segment', NULL, 0)), 1, 'limit 0 gives 1');
SELECT pg_temp.expect_eq(cardinality(pg_temp.lk('segment', NULL, -1)), 1, 'negative limit gives 1');

-- An unknown kind is an error.
SELECT pg_temp.expect_error($$SELECT * FROM polka.lookup('planet', NULL, 10)$$, '22023');
SELECT pg_temp.expect_error($$SELECT * FROM polka.lookup('', 'x', 10)$$, '22023');
SELECT pg_temp.expect_error($$SELECT * FROM polka.lookup(NULL, NULL, 10)$$, '22023');
SELECT pg_temp.expect_error($$SELECT * FROM polka.lookup('Segment', NULL, 10)$$, '22023');

-- A client's delivery points in the order people expect: №2 before №10 (collation polka.names).
RESET SESSION AUTHORIZATION;
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT p.id, 'Лукап магазин №' || n, 'г. Тула, ул. Лукапа, ' || n FROM polka.partners p, unnest(ARRAY[10, 2, 1, 11]) n
 WHERE p.code = 'TLKP-1';
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq((SELECT array_agg(split_part(l.label, ' — ', 1))
                            FROM polka.lookup('point', '', 50, (SELECT id FROM polka.partners WHERE code = 'TLKP-1')::text) l),
                         ARRAY['Лукап магазин №1', 'Лукап магазин №2', 'Лукап магазин №10', 'Лукап магазин №11'],
                         'a client''s points: №2 before №10');
SELECT pg_temp.expect_eq((SELECT array_agg(x ->> 'name' ORDER BY o)
                            FROM jsonb_array_elements(polka.order_context((SELECT id FROM polka.partners WHERE code = 'TLKP-1'))
                                                      -> 'points') WITH ORDINALITY AS t(x, o)),
                         ARRAY['Лукап магазин №1', 'Лукап магазин №2', 'Лукап магазин №10', 'Лукап магазин №11'],
                         'the order screen''s points: №2 before №10');

RESET SESSION AUTHORIZATION;
ROLLBACK;
