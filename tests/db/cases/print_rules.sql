-- Print rules (issue 15): per form the most specific set naming it decides (delivery point,
-- client, segment, default); 0 copies keeps a form from being printed; a form left out of a
-- set falls through to the next. Sets saved by the card's function (a clerk may, an operator
-- may not; a form twice, two scopes at once, a second default or a stale version refused);
-- the list, the default first.
--
-- Own data only: a chain client TPR-1 with two points, a shop TPR-2 with one.
\ir ../lib.sql

BEGIN;
INSERT INTO polka.partners (code, kind, name, legal_name, segment)
VALUES ('TPR-1', 'client', 'Печать: сеть', 'ООО «Сеть»', 'chain'),
       ('TPR-2', 'client', 'Печать: магазин', 'ИП Магазин', 'shop');
SELECT id AS c1 FROM polka.partners WHERE code = 'TPR-1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TPR-2' \gset
INSERT INTO polka.delivery_points (partner_id, name, address)
VALUES (:c1, 'Печать: РЦ', 'г. Печать, ул. Первая, 1'), (:c1, 'Печать: магазин сети', 'г. Печать, ул. Вторая, 2'),
       (:c2, 'Печать: лавка', 'г. Печать, ул. Третья, 3');
SELECT id AS p1 FROM polka.delivery_points WHERE name = 'Печать: РЦ' \gset
SELECT id AS p2 FROM polka.delivery_points WHERE name = 'Печать: магазин сети' \gset
SELECT id AS p3 FROM polka.delivery_points WHERE name = 'Печать: лавка' \gset

CREATE FUNCTION pg_temp.plan(p bigint) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(format('%s %s %s', form, copies, source), ', ' ORDER BY form) FROM polka.print_plan(p)
$$;

-- Nothing but the default (the migration's: the sales document twice, the note three times).
SELECT pg_temp.expect_eq(pg_temp.plan(:p1), 'packing_list 0 default, quality_cert 0 default, tn 3 default, upd 2 default',
                         'the default for everyone');

SET SESSION AUTHORIZATION boris;
-- Chains: a packing list and the quality certificates, the sales document three times.
SELECT polka.print_rules_save(jsonb_build_object('segment', 'chain', 'rules', jsonb_build_array(
    jsonb_build_object('form', 'upd', 'copies', 3), jsonb_build_object('form', 'packing_list', 'copies', 1),
    jsonb_build_object('form', 'quality_cert', 'copies', 1)))) AS seg \gset
-- The chain itself: no quality certificates after all.
SELECT polka.print_rules_save(jsonb_build_object('client_id', :c1, 'note', 'по договору', 'rules', jsonb_build_array(
    jsonb_build_object('form', 'quality_cert', 'copies', 0)))) AS cli \gset
-- Its distribution centre: the sales document four times.
SELECT polka.print_rules_save(jsonb_build_object('point_id', :p1, 'rules', jsonb_build_array(
    jsonb_build_object('form', 'upd', 'copies', 4)))) AS pnt \gset
RESET SESSION AUTHORIZATION;

SELECT pg_temp.expect_eq(pg_temp.plan(:p1), 'packing_list 1 segment, quality_cert 0 client, tn 3 default, upd 4 point',
                         'the centre: each form from the most specific set naming it');
SELECT pg_temp.expect_eq(pg_temp.plan(:p2), 'packing_list 1 segment, quality_cert 0 client, tn 3 default, upd 3 segment',
                         'the chain''s shop: the client''s and the segment''s');
SELECT pg_temp.expect_eq(pg_temp.plan(:p3), 'packing_list 0 default, quality_cert 0 default, tn 3 default, upd 2 default',
                         'a shop client: the default');

-- The card reads what was saved; a save with the read version changes it, a stale one is refused.
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', j ->> 'client_id.label', j ->> 'note', j -> 'rules')
                            FROM polka.print_rules_get(:cli) j),
                         'Печать: сеть (TPR-1) по договору [{"id": ' || (SELECT id FROM polka.print_rules WHERE set_id = :cli)
                         || ', "form": "quality_cert", "copies": 0}]', 'the card');
SET SESSION AUTHORIZATION egor;
SELECT polka.print_rules_save(polka.print_rules_get(:cli) || jsonb_build_object('rules', jsonb_build_array(
    jsonb_build_object('form', 'tn', 'copies', 1))));
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)',
                                   jsonb_build_object('id', :cli, 'version', 1, 'client_id', :c1)), 'PLK01');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.plan(:p2), 'packing_list 1 segment, quality_cert 1 segment, tn 1 client, upd 3 segment',
                         'the form left out falls through to the segment; the note from the client');

-- Refused: an operator; a form twice; two scopes at once; a second set for the same scope.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)', jsonb_build_object('client_id', :c2)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)', jsonb_build_object('client_id', :c2, 'rules',
    jsonb_build_array(jsonb_build_object('form', 'upd', 'copies', 1), jsonb_build_object('form', 'upd', 'copies', 2)))),
    '23505', 'print_rules_form_key');
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)', jsonb_build_object('client_id', :c2, 'segment', 'shop')),
    '23514', 'print_rule_sets_one_scope');
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)', jsonb_build_object('segment', 'chain')),
    '23505', 'print_rule_sets_scope_key');
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)', jsonb_build_object('client_id', :c2, 'rules',
    jsonb_build_array(jsonb_build_object('form', 'upd', 'copies', 12)))), '23514', 'print_rules_copies_valid');
SELECT pg_temp.expect_error(format('SELECT polka.print_rules_save(%L)',
    polka.print_rules_get((SELECT id FROM polka.print_rule_sets WHERE point_id IS NULL AND client_id IS NULL AND segment IS NULL))
    || jsonb_build_object('segment', 'shop')), '23514', 'print_rule_sets_default_kept');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.print_rule_sets WHERE client_id = :c2), 0::bigint, 'nothing half-saved');

-- The list: the default first, then segments, clients, points; copies per form, empty where
-- the set leaves the form to another.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s/%s/%s/%s', scope, whom, upd, tn, packing_list, quality_cert), '; ')
                            FROM polka.print_rules_search('печать')),
                         'client Печать: сеть (TPR-1) /1//; point Печать: сеть: Печать: РЦ 4///',
                         'found by the client''s name');
SELECT pg_temp.expect_eq((SELECT format('%s %s/%s', scope, upd, tn) FROM polka.print_rules_search('') LIMIT 1),
                         'default 2/3', 'the default first');
RESET SESSION AUTHORIZATION;
ROLLBACK;
