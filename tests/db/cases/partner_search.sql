-- polka.partner_search(q, lim): the partner list's search, run as an operator. q matches the
-- name or legal name (a fragment, any case), the code (prefix), the INN (prefix of at least 3
-- digits) or the phone (its digits anywhere); LIKE wildcards in q are plain characters.
\ir ../lib.sql

BEGIN;

INSERT INTO polka.partners (code, kind, name, legal_name, inn, kpp, phone) VALUES
    ('TSRCH-1', 'client', 'Пекарня «Жаворонок»', 'ООО «Пекарня и хлебозавод»', '7707083893', '773601001',
     '+7 (999) 555-12-34'),
    ('TSRCH-2', 'client', 'Альфа%Омега', 'ООО «Проверка поиска 2»', NULL, NULL, NULL),
    ('TSRCH-3', 'client', 'Альфа_Омега', 'ООО «Проверка поиска 3»', NULL, NULL, NULL),
    ('TSRCH-4', 'client', 'АльфаXОмега', 'ООО «Проверка поиска 4»', NULL, NULL, NULL),
    ('TSRCH-5', 'client', 'Ёлочка у дома', 'ИП Слэш\Тестов', '500100732259', NULL, NULL),
    ('X-TSRCH', 'client', 'Код не с начала', 'ООО «Проверка поиска 6»', NULL, NULL, NULL);

-- Codes of our partners that q finds (sorted), and all codes it finds in the list order.
CREATE FUNCTION pg_temp.ours(q text) RETURNS text[]
LANGUAGE sql AS $$
    SELECT coalesce(array_agg(code ORDER BY code), '{}') FROM polka.partner_search(q, 10000)
     WHERE code LIKE '%TSRCH%'
$$;
CREATE FUNCTION pg_temp.found(q text, lim int DEFAULT 10000) RETURNS text[]
LANGUAGE sql AS $$
    SELECT coalesce(array_agg(code), '{}') FROM polka.partner_search(q, lim)
$$;

SET SESSION AUTHORIZATION anna;

-- Name fragment, any case (Cyrillic, ё included), also in the legal name.
SELECT pg_temp.expect_eq(pg_temp.ours(q), '{TSRCH-1}', 'name fragment ' || q)
  FROM unnest(ARRAY['жаворонок', 'ЖАВОРОНОК', 'ВоРоН', '  жаворонок ', 'Пекарня «Жав']) AS q;
SELECT pg_temp.expect_eq(pg_temp.ours(q), '{TSRCH-5}', 'name fragment ' || q)
  FROM unnest(ARRAY['ёлочка', 'ЁЛОЧКА', 'у дома']) AS q;
SELECT pg_temp.expect_eq(pg_temp.ours('ХЛЕБОЗАВОД'), '{TSRCH-1}', 'legal name fragment');
-- The demo data: a chain found by a word of its name.
SELECT pg_temp.expect_true(
           (SELECT bool_and(lower(name) LIKE '%колосок%' OR lower(legal_name) LIKE '%колосок%')
              FROM polka.partners WHERE code = ANY (pg_temp.found('КОЛОСОК'))),
           'every partner found by КОЛОСОК has it in a name');
SELECT pg_temp.expect_true('000001' = ANY (pg_temp.found('колосок')), 'Сеть «Колосок» found');

-- Code prefix (any case), not a code's middle; the exact code comes first.
SELECT pg_temp.expect_eq(pg_temp.ours('tsrch'), '{TSRCH-1,TSRCH-2,TSRCH-3,TSRCH-4,TSRCH-5}', 'code prefix');
SELECT pg_temp.expect_eq(pg_temp.ours('TSRCH-'), '{TSRCH-1,TSRCH-2,TSRCH-3,TSRCH-4,TSRCH-5}', 'code prefix with -');
SELECT pg_temp.expect_eq((pg_temp.found('TSRCH-3'))[1], 'TSRCH-3', 'exact code first');
SELECT pg_temp.expect_true(pg_temp.found('00012') @> '{000120,000121,000125,000129}', 'demo code prefix 00012');
SELECT pg_temp.expect_eq((pg_temp.found('000120'))[1], '000120', 'exact demo code first');

-- INN prefix of 3 digits or more; not its middle, not 2 digits.
SELECT pg_temp.expect_eq(pg_temp.ours(q), '{TSRCH-1}', 'INN prefix ' || q)
  FROM unnest(ARRAY['770', '77070', '7707083893']) AS q;
SELECT pg_temp.expect_eq(pg_temp.ours('77'), '{}', 'two digits are no INN prefix');
SELECT pg_temp.expect_eq(pg_temp.ours('0708389'), '{}', 'the middle of an INN is no prefix');
SELECT pg_temp.expect_eq(pg_temp.ours('500100732259'), '{TSRCH-5}', 'a 12-digit INN');
SELECT pg_temp.expect_eq((pg_temp.found('7707083893'))[1], 'TSRCH-1', 'exact INN first');

-- Phone: its digits anywhere, whatever the punctuation of q.
SELECT pg_temp.expect_eq(pg_temp.ours(q), '{TSRCH-1}', 'phone ' || q)
  FROM unnest(ARRAY['555-12-34', '5551234', '(999) 555', '+7 999 555 12 34', '79995551234']) AS q;
SELECT pg_temp.expect_eq(pg_temp.ours('55'), '{}', 'two digits are no phone search');

-- LIKE wildcards in q are plain characters.
SELECT pg_temp.expect_eq(pg_temp.ours('альфа%омега'), '{TSRCH-2}', '% is literal');
SELECT pg_temp.expect_eq(pg_temp.ours('альфа_омега'), '{TSRCH-3}', '_ is literal');
SELECT pg_temp.expect_eq(pg_temp.ours('%'), '{TSRCH-2}', 'a lone %');
SELECT pg_temp.expect_eq(pg_temp.ours('_'), '{TSRCH-3}', 'a lone _');
SELECT pg_temp.expect_eq(pg_temp.found('%%'), '{}', '%% matches nothing');
SELECT pg_temp.expect_eq(pg_temp.ours('слэш\т'), '{TSRCH-5}', 'backslash is literal');
SELECT pg_temp.expect_eq(pg_temp.ours('слэш\\т'), '{}', 'a double backslash is two backslashes');

-- Empty q lists everyone; the limit is respected and clamped to 1..10000.
SELECT pg_temp.expect_eq(cardinality(pg_temp.found('', 10000)), (SELECT count(*)::int FROM polka.partners),
                         'empty q: all partners');
SELECT pg_temp.expect_eq(cardinality(pg_temp.found(NULL, 10000)), (SELECT count(*)::int FROM polka.partners),
                         'null q: all partners');
SELECT pg_temp.expect_eq(cardinality(pg_temp.found('', 5)), 5, 'limit 5');
SELECT pg_temp.expect_eq(cardinality(pg_temp.found('tsrch', 2)), 2, 'limit 2 on a search');
SELECT pg_temp.expect_eq(cardinality(pg_temp.found('', 0)), 1, 'limit 0 gives 1');
SELECT pg_temp.expect_eq(cardinality(pg_temp.found('', -5)), 1, 'negative limit gives 1');
SELECT pg_temp.expect_eq(cardinality(pg_temp.found('', NULL)), least(500, (SELECT count(*)::int FROM polka.partners)),
                         'null limit: 500');
-- Without an exact match, the list is by name.
SELECT pg_temp.expect_eq(pg_temp.found('колосок'),
                         (SELECT array_agg(code ORDER BY name, id) FROM polka.partners
                           WHERE code = ANY (pg_temp.found('колосок'))),
                         'list ordered by name');

-- Regression: the sort key (p.code = q OR p.inn = q) DESC was NULL
-- for a partner without an INN that is no exact match, and NULLs sort first in DESC order:
-- such partners came before the exact match and before everyone else.
RESET SESSION AUTHORIZATION;
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES
    ('TSRCH-10', 'client', 'Аааа без ИНН', 'ООО «Проверка поиска 10»');
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq((pg_temp.found('TSRCH-1'))[1], 'TSRCH-1', 'exact code first, before one without INN');
SELECT pg_temp.expect_eq(pg_temp.found('tsrch'),
                         (SELECT array_agg(code ORDER BY name, id) FROM polka.partners WHERE code LIKE 'TSRCH%'),
                         'list ordered by name, with or without INN');

-- The result row: the segment's code (the list shows it in the user's words), the manager by
-- name.
RESET SESSION AUTHORIZATION;
UPDATE polka.partners SET segment = 'shop', manager_id = (SELECT id FROM polka.people WHERE login = 'vera')
 WHERE code = 'TSRCH-1';
SELECT pg_temp.expect_eq((SELECT row(s.segment, s.manager, s.inn, s.phone, s.kind)::text
                            FROM polka.partner_search('TSRCH-1', 1) s),
                         row('shop', 'Вера Морозова', '7707083893', '+7 (999) 555-12-34', 'client')::text,
                         'result columns');

ROLLBACK;
