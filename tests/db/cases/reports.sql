-- Reports (016): exact figures of every report on data made here (revenue, the previous period
-- and last year with their changes, weights, shares, fulfilment by status, stock with reserved
-- and free, the price list through price_for, ABC on a known distribution with its threshold
-- boundaries, XYZ on known monthly series), a manager seeing only his own clients' rows, every
-- bad parameter refused with its SQLSTATE (and constraint), a period without sales.
--
-- Sales are shipments: orders shipped or closed (these have no sales documents: shipped before
-- Polka made documents); new, confirmed and partly confirmed orders are not sales yet (the
-- documents' side: db case sales_shipped).
--
-- Own data only (codes TRP-..., products 99996...). Shipping days in 2032-2033 (the business
-- day pinned to 2033-06-20): the demo's history is a year before the real today, and the screen
-- cases, which commit, pin their days in 2030 and ship within days of them, so nothing else
-- falls in these periods or in their previous periods and last years.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2033-06-20';

SELECT id AS vera_pid FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.people (full_name, is_manager) VALUES ('TRP Другой Менеджер', true);
SELECT id AS other_pid FROM polka.people WHERE full_name = 'TRP Другой Менеджер' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, segment, manager_id) VALUES
    ('TRP-C1', 'client', 'TRP Клиент 1', 'ООО TRP 1', 'shop', :vera_pid),
    ('TRP-C2', 'client', 'TRP Клиент 2', 'ООО TRP 2', 'shop', :other_pid),
    ('TRP-C3', 'client', 'TRP Клиент 3', 'ООО TRP 3', 'shop', :vera_pid),
    ('TRP-C4', 'client', 'TRP Клиент 4', 'ООО TRP 4', 'shop', NULL),
    ('TRP-C5', 'client', 'TRP Клиент 5', 'ООО TRP 5', 'shop', :other_pid);
SELECT id AS c1 FROM polka.partners WHERE code = 'TRP-C1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TRP-C2' \gset
SELECT id AS c4 FROM polka.partners WHERE code = 'TRP-C4' \gset
INSERT INTO polka.categories (parent_id, name) VALUES (NULL, 'TRP Корень'), (NULL, 'TRP Другая');
SELECT id AS root FROM polka.categories WHERE name = 'TRP Корень' \gset
SELECT id AS r2 FROM polka.categories WHERE name = 'TRP Другая' \gset
INSERT INTO polka.categories (parent_id, name) VALUES (:root, 'TRP Ветка');
SELECT id AS ch FROM polka.categories WHERE name = 'TRP Ветка' \gset
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days, vat_code) VALUES
    ('9999600001', 'TRP молоко', :ch, 'шт', 1, 0.5, 10, 'reduced'),
    ('9999600002', 'TRP сыр', :ch, 'шт', 1, 2, 60, 'standard'),
    ('9999600003', 'TRP хлеб', :r2, 'шт', 1, 1, 5, 'reduced'),
    ('9999600004', 'TRP без цены', :ch, 'шт', 1, 1, 10, 'reduced');
SELECT id AS p1 FROM polka.products WHERE code = '9999600001' \gset
SELECT id AS p2 FROM polka.products WHERE code = '9999600002' \gset
INSERT INTO polka.price_types (code, name, kind) VALUES ('TRP-PT', 'TRP цены', 'base');
SELECT id AS pt FROM polka.price_types WHERE code = 'TRP-PT' \gset
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT :pt, p.id, v.d::date, v.price
  FROM (VALUES ('9999600001', '2000-01-01', 100.00), ('9999600001', '2033-06-10', 110.00),
               ('9999600002', '2000-01-01', 200.00), ('9999600003', '2000-01-01', 50.00)) AS v(code, d, price)
  JOIN polka.products p ON p.code = v.code;
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, discount_percent,
                              valid_from, status) VALUES
    ('TRP-A1', 'TRP 1', 'individual', :c1, :pt, 'prepayment', 10, '2030-01-01', 'active'),
    ('TRP-A2', 'TRP 2', 'individual', :c2, :pt, 'prepayment', 0, '2030-01-01', 'active');
SELECT id AS a1 FROM polka.agreements WHERE code = 'TRP-A1' \gset
SELECT id AS a2 FROM polka.agreements WHERE code = 'TRP-A2' \gset

-- An order as it would be after its life so far: client, shipping day, status, lines
-- 'code:qty:amount,...' (amounts given, prices whatever they come to).
CREATE FUNCTION pg_temp.ord(p_client text, p_ship date, p_status text, p_lines text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO polka.orders (request_key, client_id, agreement_id, ship_on, status, cancel_reason, comment,
                              warehouse_id)
    VALUES (gen_random_uuid(), (SELECT id FROM polka.partners WHERE code = p_client),
            (SELECT id FROM polka.agreements WHERE code = 'TRP-A1'), p_ship, p_status,
            CASE WHEN p_status = 'cancelled' THEN 'TRP' END, 'TRP',
            (SELECT id FROM polka.warehouses ORDER BY main DESC, id LIMIT 1))
    RETURNING id INTO v_id;
    INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount, price_origin)
    SELECT v_id, x.n, p.id, split_part(x.l, ':', 2)::numeric,
           round(split_part(x.l, ':', 3)::numeric / split_part(x.l, ':', 2)::numeric, 2), 10,
           split_part(x.l, ':', 3)::numeric, 0, 'TRP'
      FROM unnest(string_to_array(p_lines, ',')) WITH ORDINALITY AS x(l, n)
      JOIN polka.products p ON p.code = split_part(x.l, ':', 1);
    -- What allocation confirmed on the lines of a confirmed order (all) or a partly
    -- confirmed one (two thirds, rounded down).
    UPDATE polka.order_lines SET confirmed = CASE p_status WHEN 'confirmed' THEN qty ELSE floor(qty * 2 / 3) END
     WHERE order_id = v_id AND p_status IN ('confirmed', 'partly_confirmed');
    -- The totals order_save keeps on the order (reports without products read them).
    UPDATE polka.orders o SET lines = s.n, amount = s.amount, weight_kg = s.weight
      FROM (SELECT count(*) AS n, sum(l.amount) AS amount, sum(l.qty * p.weight_kg) AS weight
              FROM polka.order_lines l JOIN polka.products p ON p.id = l.product_id
             WHERE l.order_id = v_id) s
     WHERE o.id = v_id;
    RETURN v_id;
END
$$;

-- The period of the default reports: 2033-06-01 .. 2033-06-20 (20 days); the previous period
-- 2033-05-12 .. 2033-05-31; last year 2032-06-01 .. 2032-06-20.
SELECT pg_temp.ord('TRP-C1', '2033-06-05', 'closed', '9999600001:10:1000.00,9999600002:5:500.00'); -- O1
SELECT pg_temp.ord('TRP-C1', '2033-06-10', 'shipped', '9999600001:4:400.00');                      -- O2
SELECT pg_temp.ord('TRP-C2', '2033-06-12', 'confirmed', '9999600003:20:2000.00');                  -- O3
SELECT pg_temp.ord('TRP-C3', '2033-06-15', 'new', '9999600002:1:150.00');                          -- O4
SELECT pg_temp.ord('TRP-C1', '2033-06-16', 'cancelled', '9999600001:100:9999.00');                 -- O5: no sale
SELECT pg_temp.ord('TRP-C4', '2033-06-18', 'partly_confirmed', '9999600003:3:300.00');             -- O6
SELECT pg_temp.ord('TRP-C4', '2033-06-19', 'shipped', '9999600003:2:200.00');                      -- O7
SELECT pg_temp.ord('TRP-C1', '2033-06-25', 'new', '9999600001:1:50.00');                           -- after the period
SELECT pg_temp.ord('TRP-C1', '2033-05-20', 'closed', '9999600001:10:1200.00');                     -- prev
SELECT pg_temp.ord('TRP-C2', '2033-05-12', 'closed', '9999600003:10:1000.00');                     -- prev, first day
SELECT pg_temp.ord('TRP-C2', '2033-05-11', 'closed', '9999600003:1:999.00');                       -- before prev
SELECT pg_temp.ord('TRP-C1', '2032-06-20', 'closed', '9999600002:10:750.00');                      -- ly, last day
SELECT pg_temp.ord('TRP-C3', '2032-06-21', 'closed', '9999600002:1:77.00');                        -- after ly
SELECT pg_temp.ord('TRP-C5', '2032-06-01', 'closed', '9999600003:5:500.00');                       -- ly, first day
-- For ABC/XYZ, 2033-01 .. 2033-03, one client per product: C1/P1 5000 (1600, 1700, 1700),
-- C2/P2 3000 (all in January), C3/P3 1500 (400, 500, 600), C4/P4 500 (250, -, 250).
SELECT pg_temp.ord(v.c, v.d::date, 'closed', v.l)
  FROM (VALUES ('TRP-C1', '2033-01-15', '9999600001:16:1600.00'), ('TRP-C1', '2033-02-15', '9999600001:17:1700.00'),
               ('TRP-C1', '2033-03-15', '9999600001:17:1700.00'), ('TRP-C2', '2033-01-15', '9999600002:30:3000.00'),
               ('TRP-C3', '2033-01-15', '9999600003:4:400.00'), ('TRP-C3', '2033-02-15', '9999600003:5:500.00'),
               ('TRP-C3', '2033-03-15', '9999600003:6:600.00'), ('TRP-C4', '2033-01-15', '9999600004:1:250.00'),
               ('TRP-C4', '2033-03-15', '9999600004:1:250.00')) AS v(c, d, l);

-- Rows of a report as text, in the report's order.
CREATE FUNCTION pg_temp.rows(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r text;
BEGIN
    EXECUTE format('SELECT string_agg(t, '' ; '' ORDER BY n) FROM (%s) AS x(t, n)', q) INTO r;
    RETURN r;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.rows(text) TO PUBLIC;

-- Sales by client -------------------------------------------------------------------------------
-- C1: 1000 + 500 + 400 = 1900, 17 kg (10 x 0.5 + 5 x 2 + 4 x 0.5), prev 1200 (+58.3 %), ly 750
-- (+153.3 %); C4 200 (O7 shipped; O6 only partly confirmed); C2 nothing shipped (O3 only
-- confirmed), prev 1000 (the first day; not 999 the day before); C5 only last year; C3's new
-- order is no sale.
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s', code, manager, orders, weight_kg, revenue, revenue_prev,
                  change_prev, revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_client() WITH ORDINALITY WHERE code LIKE 'TRP-%'$$),
    'TRP-C1|Вера Морозова|2|17.000|1900.00|1200.00|58.3|750.00|153.3 ; '
    'TRP-C4||1|2.000|200.00|0.00||0.00| ; '
    'TRP-C2|TRP Другой Менеджер|0|0.000|0.00|1000.00|-100.0|0.00| ; '
    'TRP-C5|TRP Другой Менеджер|0|0.000|0.00|0.00||500.00|-100.0',
    'sales by client, default period');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', code, revenue), ordinality FROM polka.report_sales_by_client(
        date_from => '2033-06-01', date_to => '2033-06-20', manager_id => (SELECT id FROM polka.people WHERE login = 'vera'))
        WITH ORDINALITY WHERE code LIKE 'TRP-%'$$),
    'TRP-C1|1900.00', 'sales by client of a manager (C3 ordered, nothing shipped)');
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s|%%s|%%s', code, revenue, revenue_prev, revenue_ly), ordinality
      FROM polka.report_sales_by_client(category_id => %s) WITH ORDINALITY WHERE code LIKE 'TRP-%%'$$, :root)),
    'TRP-C1|1900.00|1200.00|750.00', 'sales by client of a category and those under it');
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s', code, revenue), ordinality
      FROM polka.report_sales_by_client(category_id => %s) WITH ORDINALITY WHERE code LIKE 'TRP-%%'$$, :r2)),
    'TRP-C4|200.00 ; TRP-C2|0.00 ; TRP-C5|0.00', 'sales by client of another category');

-- Sales by product ------------------------------------------------------------------------------
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', code, category, unit, qty, weight_kg, revenue, revenue_prev,
                  change_prev, revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_product() WITH ORDINALITY WHERE code LIKE '99996%'$$),
    '9999600001|TRP Корень / TRP Ветка|шт|14.000|7.000|1400.00|1200.00|16.7|0.00| ; '
    '9999600002|TRP Корень / TRP Ветка|шт|5.000|10.000|500.00|0.00||750.00|-33.3 ; '
    '9999600003|TRP Другая|шт|2.000|2.000|200.00|1000.00|-80.0|500.00|-60.0',
    'sales by product, default period');
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s|%%s|%%s', code, revenue, revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_product(client_id => %s, category_id => %s) WITH ORDINALITY$$, :c1, :root)),
    '9999600001|1400.00|0.00| ; 9999600002|500.00|750.00|-33.3', 'sales by product to a client, of a category');

-- Sales by category -----------------------------------------------------------------------------
-- 2100 shipped in all: TRP Ветка 1900 (90.5 %), TRP Другая 200 (9.5 %).
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s', name, weight_kg, revenue, share, revenue_prev, change_prev,
                  revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_category() WITH ORDINALITY WHERE name LIKE 'TRP %'$$),
    'TRP Корень / TRP Ветка|17.000|1900.00|90.5|1200.00|58.3|750.00|153.3 ; '
    'TRP Другая|2.000|200.00|9.5|1000.00|-80.0|500.00|-60.0',
    'sales by category, default period');
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s|%%s|%%s', category_id = %s, name, revenue, share), ordinality
      FROM polka.report_sales_by_category(client_id => %s) WITH ORDINALITY$$, :r2, :c4)),
    't|TRP Другая|200.00|100.0', 'sales by category to one client');

-- Sales by manager ------------------------------------------------------------------------------
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s', name, clients, orders, revenue, revenue_prev, change_prev,
                  revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_manager() WITH ORDINALITY$$),
    'Вера Морозова|1|2|1900.00|1200.00|58.3|750.00|153.3 ; '
    'без менеджера|1|1|200.00|0.00||0.00| ; '
    'TRP Другой Менеджер|0|0|0.00|1000.00|-100.0|500.00|-100.0',
    'sales by manager, default period');
SELECT pg_temp.expect_eq((SELECT manager_id FROM polka.report_sales_by_manager() WHERE name = 'без менеджера'),
                         NULL, 'clients without a manager: manager_id NULL');

-- Sales by month --------------------------------------------------------------------------------
-- April from the 15th: nothing; May: 1200 + 1000 + 999 (16 kg); June to the 20th: 2100 shipped
-- (19 kg) against 750 + 500 on the same days a year before (+68 %).
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s', month, orders, weight_kg, revenue, revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_month(date_from => '2033-04-15', date_to => '2033-06-20') WITH ORDINALITY$$),
    '2033-04-01|0|0.000|0.00|0.00| ; 2033-05-01|3|16.000|3199.00|0.00| ; 2033-06-01|3|19.000|2100.00|1250.00|68.0',
    'sales by month, zero months included');
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s|%%s|%%s', month, orders, revenue, revenue_ly), ordinality
      FROM polka.report_sales_by_month(client_id => %s) WITH ORDINALITY WHERE month >= '2033-05-01'$$, :c1)),
    '2033-05-01|1|1200.00|0.00 ; 2033-06-01|2|1900.00|750.00', 'sales by month of a client');
SELECT pg_temp.expect_eq((SELECT count(*) || '|' || min(month) || '|' || max(month) FROM polka.report_sales_by_month()),
                         '12|2032-07-01|2033-06-01', 'sales by month: by default the twelve months to the business day');
-- A period over a year long: a day's sales count in its month and, a year later, as last year's.
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s|%%s', month, revenue, revenue_ly), ordinality
      FROM polka.report_sales_by_month(date_from => '2032-06-01', date_to => '2033-06-20', client_id => %s)
           WITH ORDINALITY WHERE month IN ('2032-06-01', '2033-06-01')$$, :c1)),
    '2032-06-01|750.00|0.00 ; 2033-06-01|1900.00|750.00', 'sales by month over a year: both');

-- Fulfilment ------------------------------------------------------------------------------------
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s', client_code, ship_on, status, ordered, confirmed, shipped, accepted,
                  fulfilled), ordinality
      FROM polka.report_fulfilment() WITH ORDINALITY WHERE client_code LIKE 'TRP-%'$$),
    'TRP-C1|2033-06-05|closed|1500.00|1500.00|1500.00|1500.00|100.0 ; '
    'TRP-C1|2033-06-10|shipped|400.00|400.00|400.00|0|100.0 ; '
    'TRP-C2|2033-06-12|confirmed|2000.00|2000.00|0|0|0.0 ; '
    'TRP-C3|2033-06-15|new|150.00|0|0|0|0.0 ; '
    'TRP-C1|2033-06-16|cancelled|9999.00|0|0|0|0.0 ; '
    'TRP-C4|2033-06-18|partly_confirmed|300.00|200.00|0|0|0.0 ; '
    'TRP-C4|2033-06-19|shipped|200.00|200.00|200.00|0|100.0',
    'fulfilment by status, cancelled included');
SELECT pg_temp.expect_eq((SELECT string_agg(f.number, ',' ORDER BY f.ship_on) = string_agg(o.number, ',' ORDER BY o.ship_on)
                            FROM polka.report_fulfilment(client_id => :c1, date_from => '2033-06-01', date_to => '2033-06-30') f
                            JOIN polka.orders o ON o.id = f.order_id),
                         true, 'fulfilment: order ids and numbers');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_fulfilment(client_id => :c1, date_to => '2033-06-30')),
                         4::bigint, 'fulfilment of a client (the order after the 20th in with a later end)');

-- Stock -----------------------------------------------------------------------------------------
INSERT INTO polka.warehouses (code, name) VALUES ('TRP-W', 'TRP склад');
SELECT id AS w FROM polka.warehouses WHERE code = 'TRP-W' \gset
-- Batches start empty; their stock comes as receipts in the ledger, and a reservation of an
-- order holds part of one.
CREATE TEMP TABLE trp_stock AS
SELECT * FROM (VALUES ('9999600001', NULL, 'B1', '2033-06-25', 10), ('9999600001', NULL, 'B2', '2033-06-18', 5),
                      ('9999600001', NULL, 'B0', '2033-06-01', 0), ('9999600001', 'ЦС', 'B3', '2033-07-01', 7),
                      ('9999600003', NULL, 'B4', '2033-08-19', 3)) AS v(code, wh, batch, exp, qty);
INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on)
SELECT coalesce(w.id, :w), p.id, v.batch, '2033-01-01', v.exp::date
  FROM trp_stock v
  JOIN polka.products p ON p.code = v.code
  LEFT JOIN polka.warehouses w ON w.code = v.wh;
INSERT INTO polka.stock_moves (kind, batch_id, qty)
SELECT 'receipt', b.id, v.qty FROM trp_stock v JOIN polka.stock_batches b ON b.batch = v.batch AND b.expires_on = v.exp::date
 WHERE v.qty > 0;
INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id)
SELECT 'reservation', b.id, 4, (SELECT max(id) FROM polka.orders WHERE comment = 'TRP')
  FROM polka.stock_batches b WHERE b.batch = 'B1' AND b.warehouse_id = :w;
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s', code, category, on_hand, reserved, free, nearest_expiry, days_left, unit),
           ordinality
      FROM polka.report_stock(warehouse => 'TRP-W') WITH ORDINALITY$$),
    '9999600001|TRP Корень / TRP Ветка|15.000|4.000|6.000|2033-06-18|-2|шт ; '
    '9999600003|TRP Другая|3.000|0.000|3.000|2033-08-19|60|шт',
    'stock at a warehouse: an empty batch left out, expired stock with days below 0 and never free, '
    'reserved stock not free');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s', code, on_hand, free), ordinality
      FROM polka.report_stock() WITH ORDINALITY WHERE code LIKE '99996%'$$),
    '9999600001|22.000|13.000 ; 9999600003|3.000|3.000', 'stock at every warehouse');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_stock(warehouse => 'TRP-W', category_id => :r2)),
                         1::bigint, 'stock of a category');
-- The order screen's free stock is that of the warehouse the order ships from: the main one
-- without a point (or for a point of none), the point's own where it has one.
SELECT pg_temp.expect_eq(
    (SELECT string_agg(s.code || ':' || trim_scale(o.free) || ':' || (s.free = o.free), ',' ORDER BY s.code)
       FROM polka.report_stock(warehouse => 'ЦС') s JOIN polka.order_products(:a1, '2033-06-20') o ON o.product_id = s.product_id
      WHERE s.code LIKE '99996%'),
    '9999600001:7:true', 'free stock as the order screen shows it: the main warehouse''s, not every warehouse''s');
INSERT INTO polka.delivery_points (partner_id, name, address, warehouse_id)
SELECT client_id, 'TRP точка склада', 'г. Тест, ул. Складская, д. 1', :w FROM polka.agreements WHERE id = :a1;
SELECT d.id AS trp_point FROM polka.delivery_points d WHERE d.name = 'TRP точка склада' \gset
SELECT pg_temp.expect_eq(
    (SELECT string_agg(s.code || ':' || trim_scale(o.free) || ':' || (s.free = o.free), ',' ORDER BY s.code)
       FROM polka.report_stock(warehouse => 'TRP-W') s
       JOIN polka.order_products(:a1, '2033-06-20', p_point => :trp_point) o ON o.product_id = s.product_id
      WHERE s.code LIKE '99996%'),
    '9999600001:6:true,9999600003:3:true', 'for a point shipping from TRP-W: that warehouse''s');
SELECT pg_temp.expect_eq(polka.order_warehouse(:trp_point), :w::bigint, 'the order''s warehouse: the point''s');
SELECT pg_temp.expect_eq(polka.order_warehouse(NULL), (SELECT id FROM polka.warehouses WHERE main), 'else the main one');

-- Price list ------------------------------------------------------------------------------------
-- Under TRP-A1 (10 % off): on 2033-06-05 the milk's first price, from 2033-06-10 its second.
SELECT pg_temp.expect_eq(pg_temp.rows(format($$
    SELECT format('%%s|%%s|%%s|%%s|%%s|%%s|%%s|%%s|%%s', code, category, pack_qty, vat_rate, price, base_price,
                  discount_percent, promotion_code, origin), ordinality
      FROM polka.report_price_list(agreement_id => %s, on_date => '2033-06-05', category_id => %s) WITH ORDINALITY$$,
    :a1, :root)),
    '9999600001|TRP Корень / TRP Ветка|1.000|10.00|90.00|100.00|10.00||TRP-PT from 2000-01-01, agreement TRP-A1 -10.00% ; '
    '9999600002|TRP Корень / TRP Ветка|1.000|22.00|180.00|200.00|10.00||TRP-PT from 2000-01-01, agreement TRP-A1 -10.00% ; '
    '9999600004|TRP Корень / TRP Ветка|1.000|10.00|||10.00||no price',
    'price list of a category on a day, a product without a price included');
SELECT pg_temp.expect_eq(
    (SELECT bool_and(r.price IS NOT DISTINCT FROM f.price AND r.origin = f.origin) AND count(*) = 3
       FROM polka.report_price_list(agreement_id => :a1, category_id => :root) r
       JOIN polka.price_for(:a1, ARRAY[:p1, :p2, (SELECT id FROM polka.products WHERE code = '9999600004')]::bigint[],
                            '2033-06-20') f ON f.product_id = r.product_id),
    true, 'price list = price_for on the business day');
SELECT pg_temp.expect_eq((SELECT price FROM polka.report_price_list(agreement_id => :a1) WHERE product_id = :p1),
                         99.00, 'the price on the business day by default');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_price_list(agreement_id => :a1)),
                         (SELECT count(*) FROM polka.products WHERE active), 'every active product listed');

-- Manager performance ---------------------------------------------------------------------------
-- Vera: 2 orders shipped, 1900 (avg 950) against 1 order of 1200; the other: nothing shipped
-- against 1000.
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', name, orders, revenue, clients, avg_order, orders_prev,
                  revenue_prev, clients_prev, avg_order_prev, change_revenue, change_avg_order), ordinality
      FROM polka.report_manager_performance() WITH ORDINALITY$$),
    'Вера Морозова|2|1900.00|1|950.00|1|1200.00|1|1200.00|58.3|-20.8 ; '
    'TRP Другой Менеджер|0|0.00|0||1|1000.00|1|1000.00|-100.0|-100.0',
    'manager performance: managers only, against the previous period');

-- ABC/XYZ ---------------------------------------------------------------------------------------
-- 10000 in all: 50, 30, 15, 5 %: cumulative 50, 80 (= A's 80: A), 95 (= B's 95: B), 100.
-- Monthly series: (1600, 1700, 1700) cv 2.8; (3000, 0, 0) 141.4; (400, 500, 600) 16.3;
-- (250, 0, 250) 70.7.
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s|%s|%s', code, revenue, share, cumulative_share, abc, cv, xyz, class), ordinality
      FROM polka.report_abc_xyz_clients(date_from => '2033-01-01', date_to => '2033-03-31') WITH ORDINALITY$$),
    'TRP-C1|5000.00|50.0|50.0|A|2.8|X|AX ; TRP-C2|3000.00|30.0|80.0|A|141.4|Z|AZ ; '
    'TRP-C3|1500.00|15.0|95.0|B|16.3|Y|BY ; TRP-C4|500.00|5.0|100.0|C|70.7|Z|CZ',
    'ABC/XYZ of clients');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s', code, class, cv), ordinality
      FROM polka.report_abc_xyz_products(date_from => '2033-01-01', date_to => '2033-03-31') WITH ORDINALITY$$),
    '9999600001|AX|2.8 ; 9999600002|AZ|141.4 ; 9999600003|BY|16.3 ; 9999600004|CZ|70.7', 'ABC/XYZ of products');
-- The item crossing a threshold belongs to the next class; a cv equal to a threshold is in.
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT class, ordinality
      FROM polka.report_abc_xyz_clients(date_from => '2033-01-01', date_to => '2033-03-31', a_share => 79.9,
                                        b_share => 94.9, x_cv => 2.7, y_cv => 16.3) WITH ORDINALITY$$),
    'AY ; BZ ; CY ; CZ', 'ABC/XYZ thresholds: crossing items and cv boundaries');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT class, ordinality
      FROM polka.report_abc_xyz_clients(date_from => '2033-01-01', date_to => '2033-03-31', x_cv => 2.8, y_cv => 16.2)
           WITH ORDINALITY$$),
    'AX ; AZ ; BZ ; CZ', 'XYZ: a cv just above Y''s threshold is Z');
-- Every month the period touches counts, also partly covered ones.
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', code, cv), ordinality
      FROM polka.report_abc_xyz_clients(date_from => '2033-01-10', date_to => '2033-04-05') WITH ORDINALITY$$),
    'TRP-C1|57.8 ; TRP-C2|173.2 ; TRP-C3|60.7 ; TRP-C4|100.0', 'XYZ over four touched months');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_abc_xyz_clients() WHERE code LIKE 'TRP-%'), 5::bigint,
                         'ABC/XYZ: by default twelve months back from the business day''s month');

-- Bad parameters ---------------------------------------------------------------------------------
SELECT pg_temp.expect_error(format('SELECT * FROM polka.%s(date_from => %L, date_to => %L)', f, '2033-06-20', '2033-06-19'),
                            '23514', 'report_period_valid'),
       pg_temp.expect_error(format('SELECT * FROM polka.%s(date_from => %L, date_to => %L)', f, '2030-01-01', '2033-01-06'),
                            '23514', 'report_period_valid'),
       pg_temp.expect_ok(format('SELECT * FROM polka.%s(date_from => %L, date_to => %L)', f, '2030-01-01', '2033-01-05'))
  FROM unnest(ARRAY['report_sales_by_client', 'report_sales_by_product', 'report_sales_by_category',
                    'report_sales_by_manager', 'report_sales_by_month', 'report_fulfilment',
                    'report_manager_performance', 'report_abc_xyz_clients', 'report_abc_xyz_products',
                    'report_return_receipts']) AS f;
SELECT pg_temp.expect_error(format('SELECT * FROM polka.%s(client_id => %s)', f, id), 'P0002')
  FROM unnest(ARRAY['report_sales_by_product', 'report_sales_by_category', 'report_sales_by_month',
                    'report_fulfilment']) AS f,
       unnest(ARRAY[-1, (SELECT min(id) FROM polka.partners WHERE kind <> 'client')]) AS id;
SELECT pg_temp.expect_error('SELECT * FROM polka.report_sales_by_client(manager_id => -1)', 'P0002');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.%s(category_id => -1)', f), 'P0002')
  FROM unnest(ARRAY['report_sales_by_client', 'report_sales_by_product', 'report_stock']) AS f;
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_price_list(agreement_id => %s, category_id => -1)', :a1), 'P0002');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.%s(warehouse => ''TRP-NONE'')', f), 'P0002')
  FROM unnest(ARRAY['report_stock', 'report_return_receipts']) AS f;
SELECT pg_temp.expect_error('SELECT * FROM polka.report_price_list(agreement_id => -1)', 'P0002');
SELECT pg_temp.expect_error('SELECT * FROM polka.report_price_list()', '23502');
SELECT pg_temp.expect_error('SELECT * FROM polka.report_price_list(agreement_id => NULL, on_date => ''2033-06-01'')', '23502');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.%s(a_share => %s, b_share => %s, x_cv => %s, y_cv => %s)',
                                   f, t.a, t.b, t.x, t.y), '23514', 'report_thresholds_valid')
  FROM unnest(ARRAY['report_abc_xyz_clients', 'report_abc_xyz_products']) AS f,
       (VALUES (0, 95, 10, 25), (-5, 95, 10, 25), (95, 95, 10, 25), (96, 95, 10, 25), (80, 100.1, 10, 25),
               (80, 95, 0, 25), (80, 95, 25, 25), (80, 95, 30, 25)) AS t(a, b, x, y);
SELECT pg_temp.expect_ok('SELECT * FROM polka.report_abc_xyz_clients(a_share => 99.9, b_share => 100, x_cv => 0.1, y_cv => 1000)');
-- The period is checked before anything else (and before any data is read).
SELECT pg_temp.expect_error('SELECT * FROM polka.report_sales_by_product(date_from => ''2033-06-20'', date_to => ''2033-06-01'', client_id => -1)',
                            '23514', 'report_period_valid');

-- A period with no sales (nor in its previous period or last year): no rows; zero months.
SELECT pg_temp.expect_eq(
    (SELECT (SELECT count(*) FROM polka.report_sales_by_client(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_sales_by_product(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_sales_by_category(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_sales_by_manager(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_fulfilment(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_manager_performance(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_abc_xyz_clients(date_from => '2035-01-01', date_to => '2035-01-31'))
          + (SELECT count(*) FROM polka.report_abc_xyz_products(date_from => '2035-01-01', date_to => '2035-01-31'))),
    0::bigint, 'no sales: no rows');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s|%s|%s', month, orders, weight_kg, revenue, revenue_ly, change_ly), ordinality
      FROM polka.report_sales_by_month(date_from => '2035-01-01', date_to => '2035-02-28') WITH ORDINALITY$$),
    '2035-01-01|0|0.000|0.00|0.00| ; 2035-02-01|0|0.000|0.00|0.00|', 'no sales: zero months');

-- A manager sees his own clients' rows only -------------------------------------------------------
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', code, revenue), ordinality FROM polka.report_sales_by_client() WITH ORDINALITY
     WHERE code LIKE 'TRP-%'$$),
    'TRP-C1|1900.00', 'a manager: sales of his own clients (not C4''s 200: no manager)');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', name, revenue), ordinality FROM polka.report_sales_by_manager() WITH ORDINALITY$$),
    'Вера Морозова|1900.00', 'a manager: his own row');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', code, revenue), ordinality FROM polka.report_sales_by_product() WITH ORDINALITY
     WHERE code LIKE '99996%'$$),
    '9999600001|1400.00 ; 9999600002|500.00', 'a manager: products sold to his clients');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', name, share), ordinality FROM polka.report_sales_by_category() WITH ORDINALITY$$),
    'TRP Корень / TRP Ветка|100.0', 'a manager: categories of his clients'' sales');
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT client_code, ',') FROM polka.report_fulfilment()),
                         'TRP-C1,TRP-C3', 'a manager: his clients'' orders');
SELECT pg_temp.expect_eq((SELECT revenue FROM polka.report_sales_by_month() WHERE month = '2033-06-01'),
                         1900.00, 'a manager: his months');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s', name, revenue), ordinality FROM polka.report_manager_performance() WITH ORDINALITY$$),
    'Вера Морозова|1900.00', 'a manager: his performance');
SELECT pg_temp.expect_eq(pg_temp.rows($$
    SELECT format('%s|%s|%s|%s', code, share, cumulative_share, abc), ordinality
      FROM polka.report_abc_xyz_clients(date_from => '2033-01-01', date_to => '2033-03-31') WITH ORDINALITY$$),
    'TRP-C1|76.9|76.9|A ; TRP-C3|23.1|100.0|C', 'a manager: ABC among his clients');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_sales_by_product(client_id => %s)', :c2), 'P0002');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_fulfilment(client_id => %s)', :c2), 'P0002');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_price_list(agreement_id => %s)', :a2), 'P0002');
SELECT pg_temp.expect_eq((SELECT count(*) || '/' || count(price) FROM polka.report_price_list(agreement_id => :a1)
                           WHERE code LIKE '99996%'),
                         '4/3', 'a manager: the price list of his client''s agreement');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_stock(warehouse => 'TRP-W')), 2::bigint,
                         'stock: everyone''s');
RESET SESSION AUTHORIZATION;

-- Every report is executable by the application's roles, and by nobody else.
SELECT pg_temp.expect_eq((SELECT string_agg(p.proname, ', ' ORDER BY p.proname) FROM pg_proc p
                           WHERE p.pronamespace = 'polka'::regnamespace AND p.proname LIKE 'report\_%'
                             AND NOT has_function_privilege('polka_user', p.oid, 'EXECUTE')),
                         NULL, 'reports polka_user may not run');
SELECT pg_temp.expect_eq((SELECT string_agg(p.proname, ', ' ORDER BY p.proname) FROM pg_proc p
                           WHERE p.pronamespace = 'polka'::regnamespace AND p.proname LIKE 'report\_%'
                             AND p.prosecdef),
                         NULL, 'reports running as their owner');

ROLLBACK;
