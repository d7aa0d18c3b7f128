-- Price types: dependent prices are their rule applied to the source (category rules
-- inherited down the tree, deeper ones and product rules overriding), rounding is exact,
-- chains recalculate transitively in the same transaction, cycles are refused, the preview is
-- what the commit then does, and only those allowed change prices.
\ir ../lib.sql

BEGIN;
-- The business day before the dates priced below (a day before it is the head's, with a
-- reason: price_guard.sql).
SET LOCAL polka.today = '2026-10-01';

SELECT id AS top_dairy FROM polka.categories WHERE name = 'Молочная продукция' \gset
SELECT id AS milk FROM polka.categories WHERE name = 'Молоко' \gset
INSERT INTO polka.price_types (code, name, kind) VALUES ('TPR-BASE', 'Базовая (проверка)', 'base');
SELECT id AS base FROM polka.price_types WHERE code = 'TPR-BASE' \gset
INSERT INTO polka.price_types (code, name, kind, source_id, rounding)
VALUES ('TPR-OPT', 'Опт (проверка)', 'dependent', :base, '0.10');
SELECT id AS opt FROM polka.price_types WHERE code = 'TPR-OPT' \gset
INSERT INTO polka.price_types (code, name, kind, source_id, rounding)
VALUES ('TPR-OPT2', 'Крупный опт (проверка)', 'dependent', :opt, '0.90');
SELECT id AS opt2 FROM polka.price_types WHERE code = 'TPR-OPT2' \gset
INSERT INTO polka.price_types (code, name, kind, source_id, rounding)
VALUES ('TPR-OPT3', 'Сеть (проверка)', 'dependent', :opt2, '1.00');
SELECT id AS opt3 FROM polka.price_types WHERE code = 'TPR-OPT3' \gset
SELECT min(id) AS special FROM polka.products WHERE category_id = :milk \gset
-- OPT: -10% overall, -20% for dairy (top category), -25% for milk (deeper), +5% for one product.
INSERT INTO polka.price_rules (price_type_id, category_id, product_id, percent) VALUES
    (:opt, NULL, NULL, -10), (:opt, :top_dairy, NULL, -20), (:opt, :milk, NULL, -25), (:opt, NULL, :special, 5),
    (:opt2, NULL, NULL, -5), (:opt3, NULL, NULL, 3);

-- Rounding rules, exactly.
SELECT pg_temp.expect_eq(polka.price_round(p, r), want, format('price_round(%s, %s)', p, r))
  FROM (VALUES (12.345, '0.01', 12.35), (12.344, '0.01', 12.34), (12.35, '0.10', 12.4), (12.34, '0.10', 12.3),
               (12.5, '1.00', 13), (12.49, '1.00', 12), (12.34, '0.90', 11.90), (12.41, '0.90', 12.90),
               (12.90, '0.90', 12.90), (0.10, '0.90', 0.90), (99.95, '0.90', 99.90)) AS v(p, r, want);

-- Only the head and admins set the price lists (managers: their clients' individual prices,
-- pricing_actions.sql); an operator and a manager are refused here.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2026-11-01', '{"1": 10}'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2026-11-01', '{"1": 10}'), '42501');
RESET SESSION AUTHORIZATION;

-- Base prices for every product: 100 + id, from 2026-11-01, and the chain recalculated.
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:base, '2026-11-01', (SELECT jsonb_object_agg(id, 100 + id) FROM polka.products)) AS changed \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(:changed::bigint, 3 * (SELECT count(*) FROM polka.products), 'every computed price of three types');

-- Property: every dependent price = its rule applied to its source price on the date, rounded.
CREATE TEMP VIEW expected_pct AS
SELECT t.id AS type_id, pr.id AS product_id,
       coalesce((SELECT percent FROM polka.price_rules r WHERE r.price_type_id = t.id AND r.product_id = pr.id),
                CASE WHEN t.id = :opt AND pr.category_id = :milk THEN -25
                     WHEN t.id = :opt AND pr.category_id IN (SELECT id FROM polka.categories WHERE parent_id = :top_dairy) THEN -20
                     WHEN t.id = :opt THEN -10 WHEN t.id = :opt2 THEN -5 WHEN t.id = :opt3 THEN 3 END) AS pct
  FROM polka.price_types t CROSS JOIN polka.products pr WHERE t.id IN (:opt, :opt2, :opt3);
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM expected_pct e
       JOIN polka.price_types t ON t.id = e.type_id
       JOIN polka.prices_on(t.source_id, '2026-11-01') src ON src.product_id = e.product_id
       JOIN polka.prices_on(t.id, '2026-11-01') dst ON dst.product_id = e.product_id
      WHERE dst.price <> polka.price_round(src.price * (1 + e.pct / 100), t.rounding)), 0::bigint,
    'dependent = rule applied to the source');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:opt, '2026-11-01') WHERE product_id = :special),
                         polka.price_round((100 + :special) * 1.05, '0.10'), 'a product rule beats the categories');
-- Before the first date there is no price; history is kept.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices_on(:opt3, '2026-10-31')), 0::bigint, 'nothing before');

-- The preview of a change equals what the commit then does.
SELECT jsonb_object_agg(id, 200 + id) AS change FROM polka.products WHERE category_id = :milk \gset
CREATE TEMP TABLE planned AS SELECT * FROM polka.price_recalc_plan(:base, '2026-12-01', :'change');
SELECT pg_temp.expect_true((SELECT count(*) FROM planned) > 0, 'the change changes computed prices');
SELECT pg_temp.expect_eq((SELECT sum(changes) FROM (SELECT DISTINCT price_type_code, changes
                            FROM polka.price_set_preview(:base, '2026-12-01', :'change')) s),
                         (SELECT count(*) FROM planned)::numeric, 'preview counts = plan');
SET SESSION AUTHORIZATION egor;
SELECT polka.price_set(:base, '2026-12-01', :'change') AS changed2 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(:changed2::bigint, (SELECT count(*) FROM planned), 'commit changed as many as planned');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM planned pl
      WHERE pl.new_price IS DISTINCT FROM (SELECT price FROM polka.prices_on(pl.price_type_id, '2026-12-01') x
                                            WHERE x.product_id = pl.product_id)), 0::bigint,
    'every planned price is the committed one');
-- The November prices are still there (history, not overwritten).
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:base, '2026-11-15') WHERE product_id = :special),
                         (100 + :special)::numeric, 'old base price kept');
SELECT pg_temp.expect_eq((SELECT price FROM polka.prices_on(:base, '2026-12-15') WHERE product_id = :special),
                         (200 + :special)::numeric, 'new base price from its date');

-- Bad input: nothing half-applied.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2027-01-01', '{"1": 10.001}'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2027-01-01', '{"1": "10"}'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2027-01-01',
                                   jsonb_build_object(:special, 10, -1, 5)), '23503');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :base, '2027-01-01',
                                   jsonb_build_object(:special, 0)), '23514', 'prices_price_positive');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, %L, %L)', :opt, '2027-01-01', '{"1": 10}'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(%s, NULL, %L)', :base, '{"1": 10}'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.price_set(-1, %L, %L)', '2027-01-01', '{"1": 10}'), 'P0002');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.prices WHERE valid_from = '2027-01-01'), 0::bigint,
                         'refused changes left no price behind');
-- price_for: the agreement's price type on the date, its discount, the origin; product order
-- kept; a product without a price says so; an agreement out of force is refused.
INSERT INTO polka.agreements (code, name, kind, segment, price_type_id, credit_days, discount_percent,
                              valid_from, valid_to, status)
VALUES ('TPR-AGR', 'Проверка цен', 'typical', 'shop', :opt, 14, 2.5, '2026-11-01', '2026-12-31', 'active');
SELECT id AS agr FROM polka.agreements WHERE code = 'TPR-AGR' \gset
INSERT INTO polka.products (code, name, category_id, unit, weight_kg, shelf_life_days)
VALUES ('9999901', 'Без цены (проверка)', :milk, 'шт', 1, 10);
SELECT id AS no_price FROM polka.products WHERE code = '9999901' \gset
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq(
    (SELECT array_agg(product_id ORDER BY ord) FROM polka.price_for(:agr, ARRAY[:special, :no_price, 1]::bigint[], '2026-11-15')
       WITH ORDINALITY AS f(product_id, price, price_type_code, base_price, discount_percent, promotion_code, origin, ord)),
    ARRAY[:special, :no_price, 1]::bigint[], 'lines in the order asked');
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15')),
                         round((SELECT price FROM polka.prices_on(:opt, '2026-11-15') WHERE product_id = :special) * 0.975, 2),
                         'price = price type on the date less the discount');
SELECT pg_temp.expect_eq((SELECT origin FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15')),
                         'TPR-OPT from 2026-11-01, agreement TPR-AGR -2.50%', 'origin');
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-12-31')),
                         round((SELECT price FROM polka.prices_on(:opt, '2026-12-31') WHERE product_id = :special) * 0.975, 2),
                         'the last day is inclusive, and the December price applies');
SELECT pg_temp.expect_eq((SELECT origin FROM polka.price_for(:agr, ARRAY[:no_price]::bigint[], '2026-11-15')),
                         'no price', 'a product without a price');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.price_for(%s, ARRAY[1]::bigint[], %L)', :agr, '2027-01-01'), '22023');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.price_for(%s, ARRAY[1]::bigint[], %L)', :agr, '2026-10-31'), '22023');
SELECT pg_temp.expect_error('SELECT * FROM polka.price_for(-1, ARRAY[1]::bigint[], ''2026-11-15'')', 'P0002');
RESET SESSION AUTHORIZATION;

-- Promotions: only approved ones change prices, first and last day inclusive, ended early
-- means "no longer from that day", the lowest price for the client wins.
INSERT INTO polka.promotions (code, name, valid_from, valid_to)
VALUES ('TPR-P10', 'Минус 10% на молоко', '2026-11-10', '2026-11-20'),
       ('TPR-P15', 'Минус 15% на это молоко', '2026-11-15', '2026-11-25'),
       ('TPR-FIX', 'Фиксированная цена', '2026-11-10', '2026-11-20');
SELECT id AS p10 FROM polka.promotions WHERE code = 'TPR-P10' \gset
SELECT id AS p15 FROM polka.promotions WHERE code = 'TPR-P15' \gset
SELECT id AS pfix FROM polka.promotions WHERE code = 'TPR-FIX' \gset
INSERT INTO polka.promotion_agreements (promotion_id, agreement_id) VALUES (:p10, :agr), (:p15, :agr), (:pfix, :agr);
INSERT INTO polka.promotion_rules (promotion_id, category_id, product_id, percent, fixed_price) VALUES
    (:p10, :top_dairy, NULL, 10, NULL),   -- the top category: inherited by milk
    (:p15, NULL, :special, 15, NULL),
    (:pfix, NULL, :special, NULL, 99999); -- a fixed price above the regular one never wins
SELECT round((SELECT price FROM polka.prices_on(:opt, '2026-11-15') WHERE product_id = :special) * 0.975, 2) AS regular \gset
-- Drafts and promotions on approval change nothing.
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15')),
                         :regular::numeric, 'a draft changes no price');
-- Transitions and who may make them.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.promotion_set_status(%s, %L)', :p10, 'on_approval'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.promotion_set_status(%s, %L)', :p10, 'approved'), '22023');
SELECT polka.promotion_set_status(id, 'on_approval') FROM polka.promotions WHERE code LIKE 'TPR-%';
SELECT pg_temp.expect_error(format('SELECT polka.promotion_set_status(%s, %L)', :p10, 'approved'), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15')),
                         :regular::numeric, 'on approval changes no price');
SET SESSION AUTHORIZATION egor;
SELECT polka.promotion_set_status(id, 'approved') FROM polka.promotions WHERE code LIKE 'TPR-%';
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT approved_by FROM polka.promotions WHERE id = :p10), 'egor', 'approved by');
-- The right promo_approver does what the head does.
SELECT pg_temp.expect_true('promo_approver' = ANY (polka.grantable_roles()), 'promo_approver is grantable');
-- Prices on the days around the periods.
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-09')),
                         NULL, 'the day before: no promotion');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-10')),
                         'TPR-P10', 'the first day is inclusive');
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-10')),
                         round(:regular * 0.90, 2), '10% off the agreement price');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15')),
                         'TPR-P15', 'overlap: the lowest price wins');
SELECT pg_temp.expect_eq((SELECT price FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15')),
                         round(:regular * 0.85, 2), 'overlap: 15% beats 10%');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-25')),
                         'TPR-P15', 'the last day is inclusive');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-26')),
                         NULL, 'the day after: no promotion');
SELECT pg_temp.expect_true((SELECT origin FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-15'))
                           LIKE '%, promotion TPR-P15', 'the origin names the promotion');
-- The business's day, not the session's: 21:30 UTC on the 9th is already the 10th in Moscow
-- (settings.business_tz), the promotion's first day, whatever the session's time zone.
SET TIME ZONE 'UTC';
SELECT pg_temp.expect_eq(polka.business_day('2026-11-09 21:30:00+00'), '2026-11-10'::date, 'business day in Moscow');
SELECT pg_temp.expect_eq(polka.business_day('2026-11-09 20:59:59+00'), '2026-11-09'::date, 'the day before until 23:59:59 Moscow');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[],
                                                                     polka.business_day('2026-11-09 21:30:00+00'))),
                         'TPR-P10', 'a promotion starts at midnight in the business''s time zone');
UPDATE polka.settings SET value = 'Asia/Vladivostok' WHERE key = 'business_tz';
SELECT pg_temp.expect_eq(polka.business_day('2026-11-09 14:30:00+00'), '2026-11-10'::date, 'another business time zone');
UPDATE polka.settings SET value = 'Europe/Moscow' WHERE key = 'business_tz';
RESET TIME ZONE;
-- Ended early: from that day on it no longer applies.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.promotion_set_status(%s, %L, %L)', :p15, 'ended_early', '2026-12-01'), '22023');
SELECT polka.promotion_set_status(:p15, 'ended_early', '2026-11-18');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-17')),
                         'TPR-P15', 'still on the day before it ended');
SELECT pg_temp.expect_eq((SELECT promotion_code FROM polka.price_for(:agr, ARRAY[:special]::bigint[], '2026-11-18')),
                         'TPR-P10', 'ended early: gone from that day, the other one applies');
SELECT pg_temp.expect_error(format('SELECT polka.promotion_set_status(%s, %L)', :p15, 'approved'), '22023');
-- A promotion naming a closed agreement is not approved.
INSERT INTO polka.promotions (code, name, valid_from, valid_to) VALUES ('TPR-CL', 'На закрытое', '2026-11-10', '2026-11-20');
SELECT id AS pcl FROM polka.promotions WHERE code = 'TPR-CL' \gset
INSERT INTO polka.agreements (code, name, kind, segment, price_type_id, credit_days, valid_from, status)
VALUES ('TPR-CLOSED', 'Закрытое', 'typical', 'shop', :opt, 14, '2026-01-01', 'closed');
INSERT INTO polka.promotion_agreements (promotion_id, agreement_id)
SELECT :pcl, id FROM polka.agreements WHERE code = 'TPR-CLOSED';
INSERT INTO polka.promotion_rules (promotion_id, percent) VALUES (:pcl, 5);
SET SESSION AUTHORIZATION vera;
SELECT polka.promotion_set_status(:pcl, 'on_approval');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.promotion_set_status(%s, %L)', :pcl, 'approved'), '22023');
RESET SESSION AUTHORIZATION;

UPDATE polka.agreements SET status = 'closed' WHERE id = :agr;
SELECT pg_temp.expect_error(format('SELECT * FROM polka.price_for(%s, ARRAY[1]::bigint[], %L)', :agr, '2026-11-15'), '22023');

-- A cycle through three types is refused.
SELECT pg_temp.expect_error(format('UPDATE polka.price_types SET kind = %L, client_id = %s, source_id = %s WHERE id = %s',
                                   'individual', (SELECT min(id) FROM polka.partners), :opt3, :base),
                            '23514', 'price_types_no_cycle');

ROLLBACK;
