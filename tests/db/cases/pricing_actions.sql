-- Pricing as business actions (011): who may change which prices (the head and admins the
-- price lists, a manager his own clients' individual prices, assortment and agreements), the
-- trail of who set each price, hand-typed individual prices kept by recalculations, price
-- types saved and previewed in one call (the preview is what the save does and leaves nothing
-- behind), bad input refused with nothing half-applied, agreements and promotions with their
-- approval, the look-ups and the lists the screens read.
--
-- Own data only (codes TPA-..., products 999988...), dated 2030 so that "today" never matters.
\ir ../lib.sql

BEGIN;

-- Test data ------------------------------------------------------------------------------------

SELECT id AS vera_pid FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.people (full_name, is_manager) VALUES ('TPA Другой Менеджер', true);
SELECT id AS other_pid FROM polka.people WHERE full_name = 'TPA Другой Менеджер' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, segment, manager_id) VALUES
    ('TPA-C1', 'client', 'TPA Клиент Веры', 'ООО TPA Клиент Веры', 'shop', :vera_pid),
    ('TPA-C2', 'client', 'TPA Клиент другого', 'ООО TPA Клиент другого', 'shop', :other_pid);
SELECT id AS c1 FROM polka.partners WHERE code = 'TPA-C1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TPA-C2' \gset
INSERT INTO polka.categories (name) VALUES ('TPA Корень');
SELECT id AS root FROM polka.categories WHERE name = 'TPA Корень' \gset
INSERT INTO polka.categories (parent_id, name) VALUES (:root, 'TPA Ветвь');
SELECT id AS branch FROM polka.categories WHERE name = 'TPA Ветвь' \gset
INSERT INTO polka.categories (parent_id, name) VALUES (:branch, 'TPA Лист');
SELECT id AS leaf FROM polka.categories WHERE name = 'TPA Лист' \gset
INSERT INTO polka.products (code, name, category_id, unit, weight_kg, shelf_life_days) VALUES
    ('9999880001', 'TPA товар в листе', :leaf, 'шт', 1, 10),
    ('9999880002', 'TPA товар в ветви', :branch, 'шт', 1, 10),
    ('9999880003', 'TPA товар в корне', :root, 'шт', 1, 10);
SELECT id AS p1 FROM polka.products WHERE code = '9999880001' \gset
SELECT id AS p2 FROM polka.products WHERE code = '9999880002' \gset
SELECT id AS p3 FROM polka.products WHERE code = '9999880003' \gset

-- Everything of this case, as one text: "the data is unchanged" compares two of these.
-- The price rows of this case's types (TPA-...): other cases running beside it add prices of
-- their own, so the whole table's count is not this case's to compare.
CREATE FUNCTION pg_temp.tpa_prices() RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM polka.prices p JOIN polka.price_types t ON t.id = p.price_type_id
     WHERE t.code LIKE 'TPA-%'
$$;
CREATE FUNCTION pg_temp.tpa_state() RETURNS text LANGUAGE sql AS $$
    SELECT concat_ws(E'\n',
        (SELECT string_agg(concat_ws('|', id, code, name, kind, source_id, client_id, rounding, version), ';' ORDER BY id)
           FROM polka.price_types WHERE code LIKE 'TPA-%'),
        (SELECT string_agg(concat_ws('|', r.price_type_id, r.category_id, r.product_id, r.percent), ';'
                           ORDER BY r.price_type_id, r.category_id NULLS FIRST, r.product_id NULLS FIRST)
           FROM polka.price_rules r JOIN polka.price_types t ON t.id = r.price_type_id WHERE t.code LIKE 'TPA-%'),
        (SELECT md5(string_agg(concat_ws('|', p.price_type_id, p.product_id, p.valid_from, p.price, p.computed, p.set_by),
                               ';' ORDER BY p.price_type_id, p.product_id, p.valid_from))
           FROM polka.prices p JOIN polka.price_types t ON t.id = p.price_type_id WHERE t.code LIKE 'TPA-%'),
        (SELECT string_agg(concat_ws('|', a.*), ';' ORDER BY a.id) FROM polka.agreements a WHERE a.code LIKE 'TPA-%'),
        (SELECT string_agg(concat_ws('|', m.*), ';' ORDER BY m.id) FROM polka.promotions m WHERE m.code LIKE 'TPA-%'),
        (SELECT string_agg(concat_ws('|', pa.promotion_id, pa.agreement_id), ';' ORDER BY pa.promotion_id, pa.agreement_id)
           FROM polka.promotion_agreements pa JOIN polka.promotions m ON m.id = pa.promotion_id WHERE m.code LIKE 'TPA-%'),
        (SELECT string_agg(concat_ws('|', r.promotion_id, r.category_id, r.product_id, r.percent, r.fixed_price), ';'
                           ORDER BY r.promotion_id, r.id)
           FROM polka.promotion_rules r JOIN polka.promotions m ON m.id = r.promotion_id WHERE m.code LIKE 'TPA-%'),
        (SELECT string_agg(concat_ws('|', client_id, product_id), ';' ORDER BY client_id, product_id)
           FROM polka.assortment WHERE client_id IN (SELECT id FROM polka.partners WHERE code LIKE 'TPA-%')))
$$;

-- Rights on the price lists: base and dependent types are the head's and admins' ------------

SELECT jsonb_build_object('code', 'TPA-BASE', 'name', 'TPA Базовая', 'kind', 'base') AS base_doc \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'base_doc'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'base_doc'), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types WHERE code = 'TPA-BASE'), 0::bigint,
                         'a refused save made no type');
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(:'base_doc') AS base \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT kind || ' ' || rounding || ' v' || version FROM polka.price_types WHERE id = :base),
                         'base 0.01 v1', 'the head saves a base type');
-- An admin too.
SET SESSION AUTHORIZATION zoya;
SELECT polka.price_type_save(jsonb_build_object('code', 'TPA-ZBASE', 'name', 'TPA Базовая админа', 'kind', 'base',
                                                'rounding', '1.00')) AS zbase \gset
SELECT polka.price_set(:zbase, '2030-03-01', jsonb_build_object(:p1, 10));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:zbase, '2030-03-01') WHERE product_id = :p1), 10::numeric,
                         'an admin sets base prices');

-- Prices of the base: the operator and the manager are refused, the head sets them (100 + id
-- for every product from 2030-03-01) and the trail says so.
SELECT (SELECT jsonb_object_agg(id, 100 + id) FROM polka.products) AS base_prices \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2030-03-01', :'base_prices'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2030-03-01', :'base_prices'), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE price_type_id = :base), 0::bigint,
                         'refused price_set left nothing');
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:base, '2030-03-01', :'base_prices');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE price_type_id = :base), (SELECT count(*) FROM polka.products),
                         'every base price set');
SELECT pg_temp.expect_eq((SELECT array_agg(DISTINCT set_by) FROM polka.prices WHERE price_type_id = :base), ARRAY['egor'],
                         'set_by: who typed the prices');
SELECT pg_temp.expect_eq((SELECT bool_or(computed) FROM polka.prices WHERE price_type_id = :base), false,
                         'typed prices are not computed');

-- A dependent type saved with its rules, previewed first -------------------------------------
-- Rules: -10% overall, +10% for the TPA root category (inherited by the branch), +5% for the
-- leaf (deeper wins), +20% for product p1 (beats its category); rounding to 0.10.
SELECT jsonb_build_object('code', 'TPA-DEP', 'name', 'TPA Зависимая', 'kind', 'dependent', 'source_id', :base,
                          'rounding', '0.10', 'recalc_on', '2030-03-01',
                          'rules', jsonb_build_array(jsonb_build_object('percent', -10),
                                                     jsonb_build_object('category_id', :root, 'percent', 10),
                                                     jsonb_build_object('category_id', :leaf, 'percent', 5),
                                                     jsonb_build_object('product_id', :p1, 'percent', 20))) AS dep_doc \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT * FROM polka.price_type_preview(%L)', :'dep_doc'), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'dep_doc'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'dep_doc'), '42501');
RESET SESSION AUTHORIZATION;

CREATE TEMP TABLE preview (run int, price_type_code text, changes bigint, product_code text, old_price numeric,
                           new_price numeric, change_percent numeric);
GRANT ALL ON pg_temp.preview TO PUBLIC;
SELECT pg_temp.tpa_state() AS state \gset
SELECT pg_temp.tpa_prices() AS all_prices \gset
SET SESSION AUTHORIZATION egor;
INSERT INTO pg_temp.preview SELECT 1, * FROM polka.price_type_preview(:'dep_doc', 1000);
INSERT INTO pg_temp.preview SELECT 2, * FROM polka.price_type_preview(:'dep_doc');
RESET SESSION AUTHORIZATION;
-- The preview leaves nothing behind.
SELECT pg_temp.expect_eq(pg_temp.tpa_state(), :'state', 'the preview changed nothing');
SELECT pg_temp.expect_eq(pg_temp.tpa_prices(), :all_prices::bigint, 'the preview left no price row');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types WHERE code = 'TPA-DEP'), 0::bigint,
                         'the preview left no type');
SELECT pg_temp.expect_eq((SELECT array_agg(DISTINCT price_type_code) FROM pg_temp.preview), ARRAY['TPA-DEP'],
                         'the preview names the new type');
SELECT pg_temp.expect_eq((SELECT array_agg(DISTINCT changes) FROM pg_temp.preview), ARRAY[(SELECT count(*) FROM polka.products)],
                         'the preview: every product gets a price');
SELECT pg_temp.expect_eq((SELECT count(*) FROM pg_temp.preview WHERE run = 2), 10::bigint, 'the default top is 10 changes');
SELECT pg_temp.expect_true((SELECT bool_and(old_price IS NULL) FROM pg_temp.preview), 'no old prices for a new type');

SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(:'dep_doc') AS dep \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_rules WHERE price_type_id = :dep), 4::bigint, 'rules saved');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE price_type_id = :dep AND valid_from = '2030-03-01'),
                         (SELECT DISTINCT changes FROM pg_temp.preview WHERE run = 1), 'the save made as many prices as previewed');
-- Exactly the previewed changes (the top of 1000 is every change here).
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM (
        (SELECT product_code, old_price, new_price FROM pg_temp.preview WHERE run = 1
         EXCEPT
         SELECT pd.code, NULL::numeric, p.price FROM polka.prices p JOIN polka.products pd ON pd.id = p.product_id
          WHERE p.price_type_id = :dep)
        UNION ALL
        (SELECT pd.code, NULL::numeric, p.price FROM polka.prices p JOIN polka.products pd ON pd.id = p.product_id
          WHERE p.price_type_id = :dep
         EXCEPT
         SELECT product_code, old_price, new_price FROM pg_temp.preview WHERE run = 1)) d), 0::bigint,
    'the preview''s changes are the saved prices');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM pg_temp.preview v
      WHERE v.run = 2 AND v.new_price IS DISTINCT FROM
            (SELECT p.price FROM polka.prices p JOIN polka.products pd ON pd.id = p.product_id
              WHERE p.price_type_id = :dep AND pd.code = v.product_code)), 0::bigint,
    'the top 10 are saved prices');
-- Property: every price is the rule applied to the source, rounded.
CREATE TEMP VIEW dep_expected AS
SELECT pr.id AS product_id,
       CASE WHEN pr.id = :p1 THEN 20 WHEN pr.category_id = :leaf THEN 5
            WHEN pr.category_id IN (:root, :branch) THEN 10 ELSE -10 END AS pct_march,
       CASE WHEN pr.category_id = :leaf THEN 5 WHEN pr.category_id IN (:root, :branch) THEN 10 ELSE -12 END AS pct_mid
  FROM polka.products pr;
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM dep_expected e
       JOIN polka.prices_on(:base, '2030-03-01') s ON s.product_id = e.product_id
       LEFT JOIN polka.prices_on(:dep, '2030-03-01') d ON d.product_id = e.product_id
      WHERE d.price IS DISTINCT FROM polka.price_round(s.price * (1 + e.pct_march / 100.0), '0.10')), 0::bigint,
    'dependent = price_round(source * (1 + pct/100), rounding) for every product');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:dep, '2030-03-01') WHERE product_id = :p1),
                         polka.price_round((100 + :p1) * 1.20, '0.10'), 'product rule');
SELECT pg_temp.expect_eq((SELECT array_agg(DISTINCT set_by) FROM polka.prices WHERE price_type_id = :dep), ARRAY['egor'],
                         'computed rows: set_by is who triggered the recalculation');
SELECT pg_temp.expect_true((SELECT bool_and(computed) FROM polka.prices WHERE price_type_id = :dep), 'computed rows');
-- Nor are its prices the manager's or the operator's to touch (the rights come first).
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :dep, '2030-03-01', jsonb_build_object(:p1, 5)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :dep, '2030-03-01', jsonb_build_object(:p1, 5)), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', polka.price_type_get(:dep) || '{"name": "Операторская"}'),
                            '42501');
RESET SESSION AUTHORIZATION;

-- A change of the rules, previewed then saved: -12% overall, the product rule gone, from
-- 2030-03-10. The preview is the save, and leaves nothing (rules, version, prices) behind.
SELECT polka.price_type_get(:dep) AS dep_get \gset
SELECT pg_temp.expect_eq((:'dep_get'::jsonb ->> 'version')::int, 1, 'a new type is version 1');
SELECT pg_temp.expect_eq(jsonb_array_length(:'dep_get'::jsonb -> 'rules'), 4, 'price_type_get: the rules');
SELECT :'dep_get'::jsonb - 'rules'
       || jsonb_build_object('recalc_on', '2030-03-10',
                             'rules', jsonb_build_array(jsonb_build_object('percent', -12),
                                                        jsonb_build_object('category_id', :root, 'percent', 10),
                                                        jsonb_build_object('category_id', :leaf, 'percent', 5))) AS dep_doc2 \gset
SELECT pg_temp.tpa_state() AS state \gset
SELECT pg_temp.tpa_prices() AS all_prices \gset
SET SESSION AUTHORIZATION egor;
INSERT INTO pg_temp.preview SELECT 3, * FROM polka.price_type_preview(:'dep_doc2', 1000);
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.tpa_state(), :'state', 'the preview of a change changed nothing');
SELECT pg_temp.expect_eq(pg_temp.tpa_prices(), :all_prices::bigint, 'no price row left');
SELECT pg_temp.expect_eq((SELECT version FROM polka.price_types WHERE id = :dep), 1, 'version unchanged by the preview');
SELECT pg_temp.expect_true((SELECT DISTINCT changes FROM pg_temp.preview WHERE run = 3) > 0, 'the change changes prices');
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(:'dep_doc2');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT version FROM polka.price_types WHERE id = :dep), 2, 'a save bumps the version');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_rules WHERE price_type_id = :dep AND product_id IS NOT NULL),
                         0::bigint, 'rules replaced whole');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE price_type_id = :dep AND valid_from = '2030-03-10'),
                         (SELECT DISTINCT changes FROM pg_temp.preview WHERE run = 3), 'as many new rows as previewed');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM (
        (SELECT product_code, old_price, new_price FROM pg_temp.preview WHERE run = 3
         EXCEPT
         SELECT pd.code, o.price, p.price FROM polka.prices p JOIN polka.products pd ON pd.id = p.product_id
           JOIN polka.prices o ON o.price_type_id = p.price_type_id AND o.product_id = p.product_id
                              AND o.valid_from = '2030-03-01'
          WHERE p.price_type_id = :dep AND p.valid_from = '2030-03-10')
        UNION ALL
        (SELECT pd.code, o.price, p.price FROM polka.prices p JOIN polka.products pd ON pd.id = p.product_id
           JOIN polka.prices o ON o.price_type_id = p.price_type_id AND o.product_id = p.product_id
                              AND o.valid_from = '2030-03-01'
          WHERE p.price_type_id = :dep AND p.valid_from = '2030-03-10'
         EXCEPT
         SELECT product_code, old_price, new_price FROM pg_temp.preview WHERE run = 3)) d), 0::bigint,
    'the preview of a change: exactly the old and new prices the save wrote');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM dep_expected e
       JOIN polka.prices_on(:base, '2030-03-10') s ON s.product_id = e.product_id
       LEFT JOIN polka.prices_on(:dep, '2030-03-10') d ON d.product_id = e.product_id
      WHERE d.price IS DISTINCT FROM polka.price_round(s.price * (1 + e.pct_mid / 100.0), '0.10')), 0::bigint,
    'the new rules from their date');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM dep_expected e
       JOIN polka.prices_on(:base, '2030-03-01') s ON s.product_id = e.product_id
       LEFT JOIN polka.prices_on(:dep, '2030-03-09') d ON d.product_id = e.product_id
      WHERE d.price IS DISTINCT FROM polka.price_round(s.price * (1 + e.pct_march / 100.0), '0.10')), 0::bigint,
    'the old prices kept before that date');

-- A client's individual price type: the manager's own clients only ---------------------------
-- TPA-IND1: vera's client, computed from the base (-5%), hand-typed prices on top.
SELECT jsonb_build_object('code', 'TPA-IND1', 'name', 'TPA Индивидуальная', 'kind', 'individual', 'client_id', :c1,
                          'source_id', :base, 'recalc_on', '2030-03-01',
                          'rules', jsonb_build_array(jsonb_build_object('percent', -5))) AS ind1_doc \gset
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'ind1_doc'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'ind1_doc'::jsonb || jsonb_build_object('code', 'TPA-INDX', 'client_id', :c2)), '42501');
SELECT polka.price_type_save(:'ind1_doc') AS ind1 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types WHERE code = 'TPA-INDX'), 0::bigint,
                         'no type for another manager''s client');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM polka.prices_on(:base, '2030-03-01') s
       LEFT JOIN polka.prices_on(:ind1, '2030-03-01') d ON d.product_id = s.product_id
      WHERE d.price IS DISTINCT FROM polka.price_round(s.price * 0.95, '0.01')), 0::bigint,
    'an individual type with a source is computed like a dependent one');
SELECT pg_temp.expect_eq((SELECT array_agg(DISTINCT set_by) FROM polka.prices WHERE price_type_id = :ind1), ARRAY['vera'],
                         'computed rows: the manager who saved the type');
-- TPA-IND2: another manager's client's, made by the head.
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(jsonb_build_object('code', 'TPA-IND2', 'name', 'TPA Индивидуальная чужая',
                                                'kind', 'individual', 'client_id', :c2)) AS ind2 \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :ind2, '2030-03-01', jsonb_build_object(:p1, 50)), '42501');
-- (she does not see it: a client's individual type is seen by whoever sees the client)
SELECT pg_temp.expect_error(format('SELECT polka.price_type_get(%s)', :ind2), 'P0002');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE price_type_id = :ind2), 0::bigint,
                         'nor its prices');
RESET SESSION AUTHORIZATION;
-- A forged document of it (made here, as she could guess one) is refused all the same.
SELECT polka.price_type_get(:ind2) || '{"name": "Чужая, переименована"}' AS ind2_doc \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'ind2_doc'), '42501');
-- Nor may she hand her own type to another manager's client.
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   polka.price_type_get(:ind1) || jsonb_build_object('client_id', :c2)), '42501');
-- Her own client's prices by hand: p1 from 2030-03-01 (the same day as its computed row),
-- p2 from 2030-03-15.
SELECT polka.price_set(:ind1, '2030-03-01', jsonb_build_object(:p1, 77));
SELECT polka.price_set(:ind1, '2030-03-15', jsonb_build_object(:p2, 88));
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :ind1, '2030-03-01', jsonb_build_object(:p1, 50)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:ind2, '2030-03-01', jsonb_build_object(:p1, 55));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price || ' ' || computed || ' ' || set_by FROM polka.prices
                           WHERE price_type_id = :ind1 AND product_id = :p1 AND valid_from = '2030-03-01'),
                         '77.00 false vera', 'a hand-typed price replaces the computed one of that day');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind2, '2030-03-01') WHERE product_id = :p1), 55::numeric,
                         'the head sets any client''s prices');

-- The assortment: the same rights.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq(polka.assortment_set(:c1, ARRAY[:p1, :p3, :p1]::bigint[]), 2::bigint, 'assortment of her client');
SELECT pg_temp.expect_error(format('SELECT polka.assortment_set(%s, ARRAY[%s]::bigint[])', :c2, :p1), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.assortment_change(%s, ARRAY[%s]::bigint[], NULL)', :c2, :p1), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.assortment_set(%s, ARRAY[%s]::bigint[])', :c1, :p2), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(polka.assortment_set(:c2, ARRAY[:p2]::bigint[]), 1::bigint, 'the head: any client');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT array_agg(product_id ORDER BY product_id) FROM polka.assortment WHERE client_id = :c1),
                         ARRAY[:p1, :p3]::bigint[], 'refused assortment changes left it as it was');
SELECT pg_temp.expect_eq((SELECT array_agg(product_id) FROM polka.assortment WHERE client_id = :c2),
                         ARRAY[:p2]::bigint[], 'the other client''s assortment');

-- Hand-typed prices survive a recalculation of the source ----------------------------------
-- The head changes base prices of p1, p2, p3 from 2030-03-15: p1's hand-typed price is from an
-- earlier day, p2's from the same day; p3's is computed and follows.
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:base, '2030-03-15', jsonb_build_object(:p1, 501, :p2, 502, :p3, 503));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind1, '2030-03-15') WHERE product_id = :p1), 77::numeric,
                         'hand-typed from an earlier day: kept');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind1, '2030-03-15') WHERE product_id = :p2), 88::numeric,
                         'hand-typed on the same day: kept');
SELECT pg_temp.expect_eq((SELECT computed FROM polka.prices WHERE price_type_id = :ind1 AND product_id = :p2
                             AND valid_from = '2030-03-15'), false, 'still marked typed');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind1, '2030-03-15') WHERE product_id = :p3),
                         polka.price_round(503 * 0.95, '0.01'), 'computed: follows the source');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind1, '2030-03-14') WHERE product_id = :p3),
                         polka.price_round((100 + :p3) * 0.95, '0.01'), 'and the day before as it was');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:dep, '2030-03-15') WHERE product_id = :p3),
                         polka.price_round(503 * 1.10, '0.10'), 'the dependent type follows too');
SELECT pg_temp.expect_eq((SELECT set_by FROM polka.prices WHERE price_type_id = :ind1 AND product_id = :p3
                             AND valid_from = '2030-03-15'), 'egor', 'computed by egor''s change');
-- The same day again, by an admin: the computed rows of that day are rewritten, and the trail
-- names her (not the one who computed them first).
SET SESSION AUTHORIZATION zoya;
SELECT polka.price_set(:base, '2030-03-15', jsonb_build_object(:p3, 603));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price || ' ' || set_by FROM polka.prices WHERE price_type_id = :ind1 AND product_id = :p3
                             AND valid_from = '2030-03-15'),
                         polka.price_round(603 * 0.95, '0.01') || ' zoya', 'a recomputed row of the same day: who recomputed it');
SELECT pg_temp.expect_eq((SELECT price || ' ' || set_by FROM polka.prices WHERE price_type_id = :dep AND product_id = :p3
                             AND valid_from = '2030-03-15'),
                         polka.price_round(603 * 1.10, '0.10') || ' zoya', 'the same in the dependent type');
SELECT pg_temp.expect_eq((SELECT set_by FROM polka.prices WHERE price_type_id = :base AND product_id = :p3
                             AND valid_from = '2030-03-15'), 'zoya', 'a retyped price: who retyped it');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:ind1, '2030-03-15') WHERE product_id = :p2), 88::numeric,
                         'hand-typed still kept');

-- Bad input: refused, nothing half-applied -------------------------------------------------
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(jsonb_build_object('code', 'TPA-A', 'name', 'TPA A', 'kind', 'dependent', 'source_id', :base,
                                                'recalc_on', '2030-03-01')) AS ta \gset
SELECT polka.price_type_save(jsonb_build_object('code', 'TPA-B', 'name', 'TPA B', 'kind', 'dependent', 'source_id', :ta,
                                                'recalc_on', '2030-03-01')) AS tb \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices_on(:tb, '2030-03-01')), (SELECT count(*) FROM polka.products),
                         'a chain of two computed by their saves');
SELECT pg_temp.tpa_state() AS state \gset
SELECT polka.price_type_get(:dep) AS dep_get \gset
SET SESSION AUTHORIZATION egor;
-- A cycle: A from B while B is from A.
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   polka.price_type_get(:ta) || jsonb_build_object('source_id', :tb)),
                            '23514', 'price_types_no_cycle');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.price_type_preview(%L)',
                                   polka.price_type_get(:ta) || jsonb_build_object('source_id', :tb)),
                            '23514', 'price_types_no_cycle');
-- Percents out of range, and not a number.
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'dep_get'::jsonb || '{"rules": [{"percent": -5}, {"percent": -100}]}'),
                            '23514', 'price_rules_percent_valid');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'dep_get'::jsonb || '{"rules": [{"percent": 1001}]}'),
                            '23514', 'price_rules_percent_valid');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)', :'dep_get'::jsonb || '{"rules": [{"percent": "много"}]}'),
                            '22P02');
-- An individual type is nobody's source; rules need a source; the kind stays.
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   jsonb_build_object('code', 'TPA-FROM-IND', 'name', 'TPA от индивидуальной',
                                                      'kind', 'dependent', 'source_id', :ind1)), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'dep_get'::jsonb || jsonb_build_object('source_id', :ind1)), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'base_doc'::jsonb || jsonb_build_object('code', 'TPA-BASE2', 'rules',
                                                                            jsonb_build_array(jsonb_build_object('percent', 5)))),
                            '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   polka.price_type_get(:base) || '{"rules": [{"percent": 5}]}'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'dep_get'::jsonb || '{"kind": "base", "source_id": null, "rules": []}'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'dep_get'::jsonb || jsonb_build_object('kind', 'individual', 'client_id', :c1)), '22023');
-- Prices of a dependent type are not typed.
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :dep, '2030-04-01', jsonb_build_object(:p1, 5)), '22023');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.tpa_state(), :'state', 'refused saves changed nothing');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types WHERE code IN ('TPA-FROM-IND', 'TPA-BASE2')), 0::bigint,
                         'no type left by a refused save');

-- Two people edit the same type: both read version 2, the first saves, the second is told.
SELECT polka.price_type_get(:dep) AS dep_egor \gset
SELECT polka.price_type_get(:dep) AS dep_zoya \gset
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(:'dep_egor'::jsonb || '{"name": "TPA Зависимая (Егор)", "recalc_on": "2030-03-10"}');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.tpa_state() AS state \gset
SET SESSION AUTHORIZATION zoya;
SELECT pg_temp.expect_error(format('SELECT polka.price_type_save(%L)',
                                   :'dep_zoya'::jsonb || '{"name": "TPA Зависимая (Зоя)", "recalc_on": "2030-03-10"}'),
                            'PLK01');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.tpa_state(), :'state', 'the stale save changed nothing');
SELECT pg_temp.expect_eq((SELECT name || ' v' || version FROM polka.price_types WHERE id = :dep), 'TPA Зависимая (Егор) v3',
                         'the first save stays');
-- price_set with the version read: a stale one is refused, the current one passes.
SELECT version AS base_version FROM polka.price_types WHERE id = :base \gset
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L, %s)', :base, '2030-04-01',
                                   jsonb_build_object(:p1, 700), :base_version - 1), 'PLK01');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE valid_from = '2030-04-01'), 0::bigint,
                         'the stale price_set left no price');
SELECT pg_temp.expect_eq((SELECT version FROM polka.price_types WHERE id = :base), :base_version, 'nor a version');
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:base, '2030-04-01', jsonb_build_object(:p1, 700), :base_version);
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT version FROM polka.price_types WHERE id = :base), :base_version + 1, 'price_set bumps the version');

-- Agreements -----------------------------------------------------------------------------------
-- A typical one by the head; the manager is refused it, and another manager's client.
SELECT jsonb_build_object('code', 'TPA-TYP', 'name', 'TPA Типовое', 'kind', 'typical', 'segment', 'shop',
                          'price_type_id', :dep, 'payment', 'credit', 'credit_days', 21, 'lead_days', 2,
                          'discount_percent', 3.5, 'valid_from', '2030-01-01', 'valid_to', '2031-12-31') AS typ_doc \gset
SELECT jsonb_build_object('code', 'TPA-AG1', 'name', 'TPA Индивидуальное', 'kind', 'individual', 'client_id', :c1,
                          'segment', 'shop', 'price_type_id', :ind1, 'payment', 'prepayment', 'discount_percent', 2,
                          'valid_from', '2030-03-01', 'valid_to', '2030-12-31') AS ag1_doc \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)', :'typ_doc'), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)',
                                   :'ag1_doc'::jsonb || jsonb_build_object('code', 'TPA-AGX', 'client_id', :c2,
                                                                           'price_type_id', :dep)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)', :'ag1_doc'), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.agreements WHERE code LIKE 'TPA-%'), 0::bigint,
                         'refused agreements were not made');
SET SESSION AUTHORIZATION egor;
SELECT polka.agreement_save(:'typ_doc') AS typ \gset
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT polka.agreement_save(:'ag1_doc') AS ag1 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT status || ' v' || version FROM polka.agreements WHERE id = :typ), 'draft v1', 'a new typical one: a draft');
SELECT pg_temp.expect_eq((SELECT status || ' ' || kind || ' ' || client_id FROM polka.agreements WHERE id = :ag1),
                         'draft individual ' || :c1, 'a new individual one: a draft of the client');
-- An individual price type of another client is refused, whoever asks.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)',
                                   :'ag1_doc'::jsonb || jsonb_build_object('code', 'TPA-AGY', 'price_type_id', :ind2)), '22023');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)',
                                   :'ag1_doc'::jsonb || jsonb_build_object('code', 'TPA-AGY', 'price_type_id', :ind2)), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)',
                                   :'typ_doc'::jsonb || jsonb_build_object('code', 'TPA-AGY', 'price_type_id', :ind1)), '22023');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.agreements WHERE code = 'TPA-AGY'), 0::bigint, 'not made');

-- From a typical one: its terms, for the client, a draft.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_from_typical(%s, %s)', :typ, :c2), '42501');
SELECT polka.agreement_from_typical(:typ, :c1) AS ft \gset
SELECT polka.agreement_from_typical(:typ, :c1) AS ft2 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(
    (SELECT row(a.kind, a.status, a.client_id, a.parent_id, a.price_type_id, a.payment, a.credit_days, a.lead_days,
                a.discount_percent, a.valid_from, a.valid_to, a.code)::text FROM polka.agreements a WHERE a.id = :ft),
    row('individual', 'draft', :c1::bigint, :typ::bigint, :dep::bigint, 'credit', 21, 2, 3.50::numeric(5, 2),
        '2030-01-01'::date, '2031-12-31'::date, 'TPA-TYP/TPA-C1')::text,
    'from typical: its terms, parent, individual, draft');
SELECT pg_temp.expect_eq((SELECT code FROM polka.agreements WHERE id = :ft2), 'TPA-TYP/TPA-C1/2', 'a second one: /2');

-- Status changes.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_set_status(%s, %L)', :ft, 'active'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.agreement_set_status(%s, %L)', :typ, 'on_approval'), '42501');
SELECT polka.agreement_set_status(:ag1, 'on_approval');
SELECT pg_temp.expect_error(format('SELECT polka.agreement_set_status(%s, %L)', :ag1, 'active'), '42501');
-- On approval, the manager changes nothing.
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)', polka.agreement_get(:ag1) || '{"name": "TPA Поменяла"}'),
                            '22023');
-- Nor hands her draft to another manager's client.
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)',
                                   polka.agreement_get(:ft) || jsonb_build_object('client_id', :c2)), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_set_status(%s, %L)', :ft, 'on_approval'), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT status FROM polka.agreements WHERE id = :ag1), 'on_approval', 'still on approval');
SELECT pg_temp.expect_eq((SELECT status FROM polka.agreements WHERE id = :ft), 'draft', 'still a draft');
SET SESSION AUTHORIZATION egor;
SELECT polka.agreement_set_status(:ag1, 'draft');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT status FROM polka.agreements WHERE id = :ag1), 'draft', 'sent back by the head');
SET SESSION AUTHORIZATION vera;
SELECT polka.agreement_set_status(:ag1, 'on_approval');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT polka.agreement_set_status(:ag1, 'active');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT status || ' ' || approved_by FROM polka.agreements WHERE id = :ag1), 'active egor',
                         'approved by the head');
-- Active: the manager changes nothing, the head may.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)', polka.agreement_get(:ag1) || '{"name": "TPA Поменяла"}'),
                            '22023');
RESET SESSION AUTHORIZATION;
SELECT polka.agreement_get(:ag1) AS ag1_get \gset
SET SESSION AUTHORIZATION egor;
SELECT polka.agreement_save(:'ag1_get'::jsonb || '{"lead_days": 3}');
-- Someone else's change meanwhile: the old version is refused.
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)', :'ag1_get'::jsonb || '{"lead_days": 4}'), 'PLK01');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT lead_days || ' ' || status || ' v' || version FROM polka.agreements WHERE id = :ag1),
                         '3 active v' || ((:'ag1_get'::jsonb ->> 'version')::int + 1), 'the head changed an active one, once');

-- Overlap: a second agreement of the client over the same days never becomes active; one
-- after it does.
SET SESSION AUTHORIZATION vera;
SELECT polka.agreement_save(:'ag1_doc'::jsonb || '{"code": "TPA-AG2", "valid_from": "2030-06-01", "valid_to": "2031-03-31"}') AS ag2 \gset
SELECT polka.agreement_save(:'ag1_doc'::jsonb || '{"code": "TPA-AG3", "valid_from": "2031-01-01", "valid_to": null}') AS ag3 \gset
SELECT polka.agreement_set_status(:ag2, 'on_approval');
SELECT polka.agreement_set_status(:ag3, 'on_approval');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.agreement_set_status(%s, %L)', :ag2, 'active'), '22023', 'agreements_no_overlap');
SELECT polka.agreement_set_status(:ag3, 'active');
-- The head extending the active one into the next one's days is refused too.
SELECT pg_temp.expect_error(format('SELECT polka.agreement_save(%L)', polka.agreement_get(:ag1) || '{"valid_to": "2031-06-30"}'),
                            '22023', 'agreements_no_overlap');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(status, ',' ORDER BY code) FROM polka.agreements WHERE id IN (:ag1, :ag2, :ag3)),
                         'active,on_approval,active', 'one active agreement at a time');
SELECT pg_temp.expect_eq((SELECT valid_to FROM polka.agreements WHERE id = :ag1), '2030-12-31'::date, 'not extended');
-- Another client's agreement over the same days (same segment) is no overlap.
SET SESSION AUTHORIZATION egor;
SELECT polka.agreement_save(:'ag1_doc'::jsonb || jsonb_build_object('code', 'TPA-AGC2', 'client_id', :c2,
                                                                    'price_type_id', :ind2)) AS agc2 \gset
SELECT polka.agreement_set_status(:agc2, 'on_approval');
SELECT polka.agreement_set_status(:agc2, 'active');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT status FROM polka.agreements WHERE id = :agc2), 'active', 'another client: no overlap');
-- The manager sees and changes only her clients' agreements.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.agreement_list('TPA-', 100) WHERE id = :agc2), 0::bigint,
                         'another manager''s client''s agreement is not listed for her');
SELECT pg_temp.expect_error(format('SELECT polka.agreement_get(%s)', :agc2), 'P0002');
RESET SESSION AUTHORIZATION;

-- Lists: agreements (typical ones first), price types.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', code, kind, client, price_type, status, valid_from, valid_to), E'\n' ORDER BY ord)
       FROM polka.agreement_list('tpa-', 100) WITH ORDINALITY AS l(id, code, name, kind, client, price_type, status,
                                                                    valid_from, valid_to, ord)),
    concat_ws(E'\n', 'TPA-TYP|typical|Магазин|TPA-DEP|draft|2030-01-01|2031-12-31',
              'TPA-AG1|individual|TPA Клиент Веры|TPA-IND1|active|2030-03-01|2030-12-31',
              'TPA-AG2|individual|TPA Клиент Веры|TPA-IND1|on_approval|2030-06-01|2031-03-31',
              'TPA-AG3|individual|TPA Клиент Веры|TPA-IND1|active|2031-01-01',
              'TPA-AGC2|individual|TPA Клиент другого|TPA-IND2|active|2030-03-01|2030-12-31',
              'TPA-TYP/TPA-C1|individual|TPA Клиент Веры|TPA-DEP|draft|2030-01-01|2031-12-31',
              'TPA-TYP/TPA-C1/2|individual|TPA Клиент Веры|TPA-DEP|draft|2030-01-01|2031-12-31'),
    'agreement_list');
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY code) FROM polka.agreement_list('TPA-C2', 100)), ARRAY['TPA-AGC2'],
                         'agreement_list by the client''s code');
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', code, kind, source, client, rounding, rules), E'\n' ORDER BY ord)
       FROM polka.price_type_list() WITH ORDINALITY AS l(id, code, name, kind, source, client, rounding, rules, ord)
      WHERE code LIKE 'TPA-%'),
    concat_ws(E'\n', 'TPA-A|dependent|TPA-BASE|0.01|0', 'TPA-B|dependent|TPA-A|0.01|0', 'TPA-BASE|base|0.01|0',
              'TPA-DEP|dependent|TPA-BASE|0.10|3', 'TPA-ZBASE|base|1.00|0',
              'TPA-IND1|individual|TPA-BASE|TPA Клиент Веры|0.01|1', 'TPA-IND2|individual|TPA Клиент другого|0.01|0'),
    'price_type_list: individual types last');
RESET SESSION AUTHORIZATION;

-- Promotions -----------------------------------------------------------------------------------
SELECT jsonb_build_object('code', 'TPA-PR1', 'name', 'TPA Акция', 'valid_from', '2030-03-10', 'valid_to', '2030-03-20',
                          'agreements', jsonb_build_array(jsonb_build_object('agreement_id', :ag1)),
                          'rules', jsonb_build_array(jsonb_build_object('category_id', :root, 'percent', 10))) AS pr_doc \gset
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)', :'pr_doc'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
-- Not with another manager's client's agreement.
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)',
                                   :'pr_doc'::jsonb || jsonb_build_object('agreements', jsonb_build_array(
                                       jsonb_build_object('agreement_id', :agc2)))), '42501');
SELECT polka.promotion_save(:'pr_doc') AS pr1 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT status || ' v' || version FROM polka.promotions WHERE id = :pr1), 'draft v1', 'a new promotion: a draft');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.promotions WHERE code LIKE 'TPA-%'), 1::bigint, 'refused ones not made');
-- Rules (and agreements) replaced whole.
SET SESSION AUTHORIZATION vera;
SELECT polka.promotion_save(polka.promotion_get(:pr1) || jsonb_build_object('rules', jsonb_build_array(
           jsonb_build_object('product_id', :p1, 'percent', 15), jsonb_build_object('product_id', :p2, 'fixed_price', 1))));
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(concat_ws('|', category_id, product_id, percent, fixed_price), ',' ORDER BY id)
                            FROM polka.promotion_rules WHERE promotion_id = :pr1),
                         concat_ws(',', :p1 || '|15.00', :p2 || '|1.00'), 'the rules are the saved ones only');
SELECT pg_temp.expect_eq((SELECT array_agg(agreement_id) FROM polka.promotion_agreements WHERE promotion_id = :pr1),
                         ARRAY[:ag1]::bigint[], 'the agreements once');
SELECT pg_temp.expect_eq((SELECT version FROM polka.promotions WHERE id = :pr1), 2, 'version bumped');
-- A closed agreement (or one over before the start) is refused.
SET SESSION AUTHORIZATION zoya;
SELECT polka.agreement_set_status(:ag3, 'closed');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT polka.agreement_set_status(:agc2, 'closed');
SELECT pg_temp.expect_error(format('SELECT polka.agreement_set_status(%s, %L)', :agc2, 'active'), '22023');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(status, ',' ORDER BY code) FROM polka.agreements WHERE id IN (:ag3, :agc2)),
                         'closed,closed', 'closed by an admin and by the head');
SELECT pg_temp.tpa_state() AS state \gset
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)',
                                   :'pr_doc'::jsonb || jsonb_build_object('code', 'TPA-PR2', 'agreements', jsonb_build_array(
                                       jsonb_build_object('agreement_id', :ag1), jsonb_build_object('agreement_id', :ag3)))),
                            '22023', 'promotion_agreements_open');
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)',
                                   polka.promotion_get(:pr1) || jsonb_build_object('agreements', jsonb_build_array(
                                       jsonb_build_object('agreement_id', :ag3)), 'rules', '[]'::jsonb)),
                            '22023', 'promotion_agreements_open');
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)',
                                   :'pr_doc'::jsonb || '{"code": "TPA-PR2", "valid_from": "2031-01-01", "valid_to": "2031-01-10"}'),
                            '22023', 'promotion_agreements_open');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.tpa_state(), :'state', 'refused promotion saves changed nothing');
-- On approval it no longer changes; approved, it prices the client's lines.
SET SESSION AUTHORIZATION vera;
SELECT polka.promotion_set_status(:pr1, 'on_approval');
SELECT pg_temp.expect_error(format('SELECT polka.promotion_save(%L)', polka.promotion_get(:pr1) || '{"name": "TPA Другая"}'),
                            '22023');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT polka.promotion_set_status(:pr1, 'approved');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', product_id, price, price_type_code, base_price, promotion_code), ',' ORDER BY ord)
       FROM polka.price_for(:ag1, ARRAY[:p1, :p2, :p3]::bigint[], '2030-03-16')
            WITH ORDINALITY AS f(product_id, price, price_type_code, base_price, discount_percent, promotion_code, origin, ord)),
    concat_ws(',', concat_ws('|', :p1, round(round(77 * 0.98, 2) * 0.85, 2), 'TPA-IND1', 77.00, 'TPA-PR1'),
                   concat_ws('|', :p2, 1.00, 'TPA-IND1', 88.00, 'TPA-PR1'),
                   concat_ws('|', :p3, round(polka.price_round(603 * 0.95, '0.01') * 0.98, 2), 'TPA-IND1',
                             polka.price_round(603 * 0.95, '0.01'))),
    'price_for: the promotion''s price within its period');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:ag1, ARRAY[:p1]::bigint[], '2030-03-21')), NULL,
                         'after the period: no promotion');
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:ag1, ARRAY[:p1]::bigint[], '2030-03-21')), round(77 * 0.98, 2),
                         'after the period: the agreement''s price');
RESET SESSION AUTHORIZATION;
-- A draft for the list.
SET SESSION AUTHORIZATION vera;
SELECT polka.promotion_save(:'pr_doc'::jsonb || '{"code": "TPA-PR3", "name": "TPA Черновик", "valid_from": "2030-04-01", "valid_to": "2030-04-10"}');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', code, status, state, agreements, rules), ',' ORDER BY code)
       FROM polka.promotion_list('tpa-', d, 100)),
    want, format('promotion_list on %s', d))
  FROM (VALUES ('2030-03-05'::date, 'TPA-PR1|approved|approved|1|2,TPA-PR3|draft|draft|1|1'),
               ('2030-03-10', 'TPA-PR1|approved|active|1|2,TPA-PR3|draft|draft|1|1'),
               ('2030-03-20', 'TPA-PR1|approved|active|1|2,TPA-PR3|draft|draft|1|1'),
               ('2030-03-21', 'TPA-PR1|approved|ended|1|2,TPA-PR3|draft|draft|1|1')) AS v(d, want);
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY ord) FROM polka.promotion_list('TPA Акция', '2030-03-05', 100)
                            WITH ORDINALITY AS l(id, code, name, valid_from, valid_to, status, state, agreements, rules, ord)),
                         ARRAY['TPA-PR1'], 'promotion_list by name');
RESET SESSION AUTHORIZATION;

-- Look-ups ---------------------------------------------------------------------------------------
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.lookup(k, '', 1000)) > 0, format('look-up %s answers', k))
  FROM unnest(ARRAY['client', 'price_type', 'price_source', 'agreement', 'typical_agreement', 'category', 'product',
                    'price_kind', 'rounding', 'payment']) AS k;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('price_source', '', 1000) l
                            JOIN polka.price_types t ON t.id = l.code::bigint WHERE t.kind = 'individual'), 0::bigint,
                         'price_source never lists an individual type');
SELECT pg_temp.expect_eq((SELECT array_agg(label ORDER BY label) FROM polka.lookup('price_source', 'tpa-', 1000)),
                         ARRAY['TPA-A TPA A', 'TPA-B TPA B', 'TPA-BASE TPA Базовая', 'TPA-DEP TPA Зависимая (Егор)',
                               'TPA-ZBASE TPA Базовая админа'], 'price_source: the TPA sources');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('price_type', 'tpa-ind', 1000)), 2::bigint,
                         'price_type lists individual ones');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('typical_agreement', '', 1000) l
                            JOIN polka.agreements a ON a.id = l.code::bigint
                           WHERE a.kind <> 'typical' OR a.status = 'closed'), 0::bigint,
                         'typical_agreement: typical, not closed ones only');
SELECT pg_temp.expect_eq((SELECT array_agg(code) FROM polka.lookup('typical_agreement', 'tpa-', 1000)), ARRAY[:'typ'],
                         'typical_agreement finds the TPA one');
SELECT pg_temp.expect_eq((SELECT array_agg(code::bigint ORDER BY code::bigint) FROM polka.lookup('agreement', 'tpa-ag', 1000)),
                         ARRAY[:ag1, :ag2]::bigint[], 'agreement: not closed ones');
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY code) FROM polka.lookup('product', '999988', 1000)),
                         ARRAY[:'p1', :'p2', :'p3'], 'product by code prefix');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.lookup('product', '99988', 1000) WHERE label LIKE '999988%'),
                         0::bigint, 'a code prefix, not a substring');
SELECT pg_temp.expect_eq((SELECT array_agg(label) FROM polka.lookup('category', 'tpa лист', 1000)),
                         ARRAY['TPA Ветвь / TPA Лист'], 'category with its parent');
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY code) FROM polka.lookup('client', 'TPA Клиент', 1000)),
                         ARRAY[:'c1', :'c2'], 'client');
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY code) FROM polka.lookup('price_kind', '', 1000)),
                         ARRAY['base', 'dependent', 'individual'], 'price_kind');
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY code) FROM polka.lookup('rounding', '', 1000)),
                         ARRAY['0.01', '0.10', '0.90', '1.00'], 'rounding');
SELECT pg_temp.expect_eq((SELECT array_agg(code ORDER BY code) FROM polka.lookup('payment', '', 1000)),
                         ARRAY['credit', 'prepayment', 'stages'], 'payment');
RESET SESSION AUTHORIZATION;
-- The manager's client look-up: her clients only.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT array_agg(code) FROM polka.lookup('client', 'TPA Клиент', 1000)), ARRAY[:'c1'],
                         'client look-up: her own');
RESET SESSION AUTHORIZATION;

-- The price editor's lists -----------------------------------------------------------------
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', code, price, since, computed, set_by, next_price, next_from, in_assortment), ','
                       ORDER BY code)
       FROM polka.price_list(:ind1, '2030-03-05', '999988', 10)),
    concat_ws(',', '9999880001|77.00|2030-03-01|f|vera|t',
                   concat_ws('|', '9999880002', polka.price_round((100 + :p2) * 0.95, '0.01'), '2030-03-01', 't', 'vera',
                             '88.00', '2030-03-15', 'f'),
                   concat_ws('|', '9999880003', polka.price_round((100 + :p3) * 0.95, '0.01'), '2030-03-01', 't', 'vera',
                             polka.price_round(603 * 0.95, '0.01'), '2030-03-15', 't')),
    'price_list of an individual type: price, since, trail, next change, assortment');
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', code, price, since, set_by, next_price, next_from, in_assortment), ',' ORDER BY code)
       FROM polka.price_list(:base, '2030-03-20', '99998800', 10)),
    concat_ws(',', '9999880001|501.00|2030-03-15|egor|700.00|2030-04-01', '9999880002|502.00|2030-03-15|egor',
              '9999880003|603.00|2030-03-15|zoya'),
    'price_list of the base: next change in the future, no assortment');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_list(:base, '2030-03-20', 'TPA товар', 3)), 3::bigint,
                         'price_list by name');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_list(:base, '2030-03-20', 'TPA товар', 2)), 2::bigint,
                         'price_list: the limit');
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', valid_from, price, computed, set_by), ',' ORDER BY ord)
       FROM polka.price_history(:ind1, :p3) WITH ORDINALITY AS h(valid_from, price, computed, set_by, ord)),
    concat_ws(',', concat_ws('|', '2030-03-15', polka.price_round(603 * 0.95, '0.01'), 't', 'zoya'),
                   concat_ws('|', '2030-03-01', polka.price_round((100 + :p3) * 0.95, '0.01'), 't', 'vera')),
    'price_history: newest first, with the trail');
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', valid_from, price, computed, set_by), ',' ORDER BY ord)
       FROM polka.price_history(:ind1, :p1) WITH ORDINALITY AS h(valid_from, price, computed, set_by, ord)),
    '2030-03-01|77.00|f|vera', 'price_history: the hand-typed price replaced the computed one of its day');
-- The rule tree: own rule, inherited one and where from; the default elsewhere.
SELECT pg_temp.expect_eq(
    (SELECT string_agg(concat_ws('|', depth, name, coalesce(own_percent::text, '-'), percent, from_name), ',' ORDER BY ord)
       FROM polka.price_rule_tree(:dep) WITH ORDINALITY AS r(category_id, depth, name, own_percent, percent, from_name, ord)
      WHERE category_id IN (:root, :branch, :leaf)),
    '0|TPA Корень|10.000|10.000|TPA Корень,1|TPA Ветвь|-|10.000|TPA Корень,2|TPA Лист|5.000|5.000|TPA Лист',
    'rule tree: own and inherited, in tree order');
SELECT pg_temp.expect_eq(
    (SELECT array_agg(DISTINCT concat_ws('|', coalesce(own_percent::text, '-'), percent, from_name))
       FROM polka.price_rule_tree(:dep) WHERE category_id NOT IN (:root, :branch, :leaf)),
    ARRAY['-|-12.000|*'], 'rule tree: elsewhere the default');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_rule_tree(:dep)), (SELECT count(*) FROM polka.categories),
                         'rule tree: every category');
SELECT pg_temp.expect_eq(
    (SELECT array_agg(DISTINCT concat_ws('|', percent, coalesce(from_name, '-'))) FROM polka.price_rule_tree(:ta)),
    ARRAY['0|-'], 'rule tree without rules: 0 from nowhere');
RESET SESSION AUTHORIZATION;


-- A change scheduled ahead: a new dependent type saved from a day before the base's next
-- change gets its computed prices on that later day too (computed from the later base price).
SET SESSION AUTHORIZATION egor;
SELECT polka.price_type_save(jsonb_build_object('code', 'TPA-SHED', 'name', 'TPA Со сдвигом', 'kind', 'base')) AS shed \gset
SELECT polka.price_set(:shed, '2031-01-01', jsonb_build_object(:p1, 100)) \g /dev/null
SELECT polka.price_set(:shed, '2031-02-01', jsonb_build_object(:p1, 200)) \g /dev/null
SELECT polka.price_type_save(jsonb_build_object('code', 'TPA-SHED-D', 'name', 'TPA Со сдвигом, зависимый',
                                                'kind', 'dependent', 'source_id', :shed, 'rounding', '0.01',
                                                'recalc_on', '2031-01-15',
                                                'rules', jsonb_build_array(jsonb_build_object('percent', -10)))) AS shed_d \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:shed_d, '2031-01-20') WHERE product_id = :p1),
                         90.00::numeric, 'computed from the recalculation day');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:shed_d, '2031-02-05') WHERE product_id = :p1),
                         180.00::numeric, 'and from the base''s later change on');

ROLLBACK;
