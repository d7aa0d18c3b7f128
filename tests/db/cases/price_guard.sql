-- Prices keep their past and their branches (issue 13, points 14 and 15): a manager saving her
-- client's individual type recalculates that type only, never the types beside it under the
-- same source; nobody recalculates before the business day; a price for a day before the
-- business day is the head's alone, with a reason kept on the row; a price replaced on its
-- own day is in the audit trail.
--
-- Own data only (codes TPG-..., products 999977...), the business day pinned to 2031-05-01.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-05-01';

SELECT id AS vera_pid FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, segment, manager_id) VALUES
    ('TPG-C1', 'client', 'TPG Клиент Веры', 'ООО TPG Клиент Веры', 'shop', :vera_pid);
SELECT id AS c1 FROM polka.partners WHERE code = 'TPG-C1' \gset
SELECT min(id) AS cat FROM polka.categories \gset
INSERT INTO polka.products (code, name, category_id, unit, weight_kg, shelf_life_days) VALUES
    ('9999770001', 'TPG товар один', :cat, 'шт', 1, 10),
    ('9999770002', 'TPG товар два', :cat, 'шт', 1, 10);
SELECT id AS p1 FROM polka.products WHERE code = '9999770001' \gset
SELECT id AS p2 FROM polka.products WHERE code = '9999770002' \gset

-- The head's tree: TPG-BASE, and TPG-D1 and TPG-D2 computed from it.
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save('{"code": "TPG-BASE", "name": "TPG База", "kind": "base"}') AS base \gset
SELECT polka.price_type_save(jsonb_build_object('code', 'TPG-D1', 'name', 'TPG Опт', 'kind', 'dependent',
                                                'source_id', :base, 'rules', '[{"percent": -10}]'::jsonb)) AS d1 \gset
SELECT polka.price_type_save(jsonb_build_object('code', 'TPG-D2', 'name', 'TPG Сеть', 'kind', 'dependent',
                                                'source_id', :base, 'rules', '[{"percent": -20}]'::jsonb)) AS d2 \gset
SELECT polka.price_set(:base, '2031-05-01', jsonb_build_object(:p1, 100, :p2, 200));
-- A base price set ahead, for a day the recalculations below also cover.
SELECT polka.price_set(:base, '2031-06-01', jsonb_build_object(:p1, 110));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE price_type_id IN (:d1, :d2)), 6::bigint,
                         'the head''s base prices computed into both dependent types');
-- D2's p2 as an older rule left it: a recalculation of D2 would change it, one of D1 must not.
UPDATE polka.prices SET price = 123 WHERE price_type_id = :d2 AND product_id = :p2 AND valid_from = '2031-05-01';
-- The head's own rule change on D1 recalculates D1, not D2: D2's rows are as they were.
SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) AS d2_rows FROM polka.prices p WHERE price_type_id = :d2 \gset
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(polka.price_type_get(:d1) || '{"rules": [{"percent": -15}]}');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:d1, '2031-05-01') WHERE product_id = :p1), 85.00::numeric,
                         'D1 recalculated with its new rule');
SELECT pg_temp.expect_eq((SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM polka.prices p WHERE price_type_id = :d2),
                         :'d2_rows', 'D2, beside it under the same source, untouched');

-- Vera's client's individual type: pointing it at TPG-BASE recalculates hers alone.
SET SESSION AUTHORIZATION vera;
SELECT polka.price_type_save(jsonb_build_object('code', 'TPG-IND', 'name', 'TPG Индивидуальная', 'kind', 'individual',
                                                'client_id', :c1)) AS ind \gset
SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) AS others FROM polka.prices p WHERE price_type_id IN (:d1, :d2) \gset
SELECT polka.price_type_save(polka.price_type_get(:ind) || jsonb_build_object('source_id', :base));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM polka.prices p WHERE price_type_id IN (:d1, :d2)),
                         :'others', 'a manager''s save leaves the head''s types under the same source as they were');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE set_by = 'vera' AND price_type_id IN (:base, :d1, :d2)), 0::bigint,
                         'no price of another type set by her');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind, '2031-06-01') WHERE product_id = :p1), 110.00::numeric,
                         'hers computed from the source, the later day included');
-- Nobody recalculates the past: recalc_on before the business day is refused, nothing written.
SELECT count(*) AS rows_before FROM polka.prices \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   polka.price_type_get(:ind) || '{"recalc_on": "2000-01-01"}'), '22023');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   polka.price_type_get(:d1) || '{"recalc_on": "2031-04-30"}'), '22023');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.price_type_preview(%L)',
                                   polka.price_type_get(:d1) || '{"recalc_on": "2031-04-30"}'), '22023');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices), :rows_before::bigint, 'refused saves wrote no price');

-- A price for a day before the business day: refused to a manager on her own type, to the
-- head without a reason; the head's with a reason is kept with the reason.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :ind, '2031-04-30', jsonb_build_object(:p1, 1)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L, NULL, %L)', :base, '2031-04-30',
                                   jsonb_build_object(:p1, 1), 'admin'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2031-04-30', jsonb_build_object(:p1, 1)), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L, NULL, %L)', :base, '2031-04-30',
                                   jsonb_build_object(:p1, 1), '  '), '22023');
SELECT polka.price_set(:base, '2031-04-30', jsonb_build_object(:p1, 99), NULL, 'Ошибка в прайсе поставщика');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price || ' ' || set_by || ' ' || reason FROM polka.prices
                           WHERE price_type_id = :base AND product_id = :p1 AND valid_from = '2031-04-30'),
                         '99.00 egor Ошибка в прайсе поставщика', 'the head''s past price, with who and why');

-- A price replaced on its own day: the old value is in the trail, with who replaced it.
SELECT coalesce(max(id), 0) AS last_log FROM polka.audit_log \gset
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:base, '2031-05-01', jsonb_build_object(:p2, 250));
-- The same price again changes nothing and writes no trail.
SELECT polka.price_set(:base, '2031-05-01', jsonb_build_object(:p2, 250));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s->%s', who, op, old ->> 'price', new ->> 'price'), '; ')
                            FROM polka.audit_log
                           WHERE id > :last_log AND tab = 'prices'
                             AND row_id = (SELECT id FROM polka.prices WHERE price_type_id = :base
                                              AND product_id = :p2 AND valid_from = '2031-05-01')),
                         'egor U 200.00->250.00', 'the replaced price in the trail, once');
SELECT pg_temp.expect_true((SELECT count(*) > 0 FROM polka.audit_log
                             WHERE id > :last_log AND tab = 'prices' AND op = 'U'
                               AND row_id IN (SELECT id FROM polka.prices WHERE price_type_id IN (:d1, :d2))),
                           'the recalculated rows of that day in the trail too');

ROLLBACK;
