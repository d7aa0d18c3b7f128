-- Allocation (issue 14): preview writes nothing; priority service (client priority, then the
-- time taken); fair share of a scarce product in whole packs with the remainder by priority;
-- first-expired-first-out; expired stock never free; a client's residual shelf life; planned
-- receipts due before the day; the reasons and figures of a short line; a re-run writes only
-- differences; the planner's fixed and locked lines; an operator's edit and a cancellation
-- release what an order held; refusals; the ledger's invariants at the end.
--
-- Own data only (codes TAL-..., products 99995...), shipping day 2031-03-10.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-03-03';

INSERT INTO polka.warehouses (code, name) VALUES ('TAL-W', 'TAL склад');
SELECT id AS w FROM polka.warehouses WHERE code = 'TAL-W' \gset
SELECT min(id) AS cat FROM polka.categories WHERE parent_id IS NOT NULL \gset
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days, vat_code) VALUES
    ('9999500001', 'TAL кефир', :cat, 'шт', 6, 1, 10, 'reduced'),
    ('9999500002', 'TAL масло', :cat, 'шт', 1, 1, 10, 'reduced'),
    ('9999500003', 'TAL творог', :cat, 'шт', 6, 1, 10, 'reduced');
SELECT id AS pa FROM polka.products WHERE code = '9999500001' \gset
SELECT id AS pb FROM polka.products WHERE code = '9999500002' \gset
SELECT id AS pc FROM polka.products WHERE code = '9999500003' \gset
INSERT INTO polka.price_types (code, name, kind) VALUES ('TAL-PT', 'TAL цены', 'base');
SELECT id AS pt FROM polka.price_types WHERE code = 'TAL-PT' \gset
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
VALUES (:pt, :pa, '2000-01-01', 50), (:pt, :pb, '2000-01-01', 200), (:pt, :pc, '2000-01-01', 90);
-- Three clients: TAL-1 first in line (priority 1); TAL-2, a chain wanting 70 % of the shelf
-- life left, and TAL-3, both priority 5, TAL-2's order taken earlier.
INSERT INTO polka.partners (code, kind, name, legal_name, segment, priority) VALUES
    ('TAL-1', 'client', 'TAL Первый', 'ООО TAL 1', 'shop', 1),
    ('TAL-2', 'client', 'TAL Сеть', 'ООО TAL 2', 'chain', 5),
    ('TAL-3', 'client', 'TAL Третий', 'ООО TAL 3', 'shop', 5);
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, status, min_shelf_percent)
SELECT 'TAL-A' || right(p.code, 1), 'TAL', 'individual', p.id, :pt, 'prepayment', '2031-01-01', 'active',
       CASE WHEN p.code = 'TAL-2' THEN 70 END
  FROM polka.partners p WHERE p.code LIKE 'TAL-_';
CREATE FUNCTION pg_temp.ord(p_client text, p_at timestamptz, p_lines jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO polka.orders (request_key, client_id, agreement_id, ship_on, comment, warehouse_id, created_at)
    VALUES (gen_random_uuid(), (SELECT id FROM polka.partners WHERE code = p_client),
            (SELECT id FROM polka.agreements WHERE code = 'TAL-A' || right(p_client, 1)), '2031-03-10', 'TAL',
            (SELECT id FROM polka.warehouses WHERE code = 'TAL-W'), p_at)
    RETURNING id INTO v_id;
    INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount, price_origin)
    SELECT v_id, row_number() OVER (), p.id, (e.value)::numeric, 50, 10, 50 * (e.value)::numeric, 0, 'TAL'
      FROM jsonb_each_text(p_lines) e JOIN polka.products p ON p.code = e.key;
    RETURN v_id;
END
$$;
SELECT pg_temp.ord('TAL-3', '2031-03-03 12:00', '{"9999500001": 24}') AS o3 \gset
SELECT pg_temp.ord('TAL-2', '2031-03-03 10:00', '{"9999500001": 36, "9999500003": 12}') AS o2 \gset
SELECT pg_temp.ord('TAL-1', '2031-03-03 11:00', '{"9999500001": 48, "9999500002": 5}') AS o1 \gset
-- An order of another day and one of another warehouse are not in the run.
INSERT INTO polka.orders (request_key, client_id, agreement_id, ship_on, comment, warehouse_id)
SELECT gen_random_uuid(), client_id, agreement_id, '2031-03-11', 'TAL', warehouse_id FROM polka.orders WHERE id = :o1;

-- Stock of 9999500001 (shelf life 10 days): an old batch (2 days left on the 10th), a fresh
-- one (7 days, as fresh as the receipt below), an expired one; a receipt due on the cut-off
-- day, the Friday before the Monday (counts), one due on the Sunday and one on the day (too
-- late: after the cut-off). Butter is plenty; curd has only old stock.
INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on) VALUES
    (:w, :pa, 'TAL-OLD', '2031-03-02', '2031-03-12'),
    (:w, :pa, 'TAL-FRESH', '2031-03-07', '2031-03-17'),
    (:w, :pa, 'TAL-GONE', '2031-02-27', '2031-03-09'),
    (:w, :pb, 'TAL-B', '2031-03-05', '2031-03-15'),
    (:w, :pc, 'TAL-C', '2031-03-02', '2031-03-12');
INSERT INTO polka.stock_moves (kind, batch_id, qty)
SELECT 'receipt', b.id, CASE b.batch WHEN 'TAL-GONE' THEN 50 WHEN 'TAL-B' THEN 100 WHEN 'TAL-C' THEN 60 ELSE 30 END
  FROM polka.stock_batches b WHERE b.batch LIKE 'TAL-%' ORDER BY b.id;
INSERT INTO polka.planned_receipts (warehouse_id, product_id, due_on, qty)
VALUES (:w, :pa, '2031-03-07', 12), (:w, :pa, '2031-03-09', 40), (:w, :pa, '2031-03-10', 100);

CREATE TEMP VIEW lines AS
SELECT c.code AS client, p.code AS product, l.qty, l.confirmed, l.short_reason, l.locked, o.status,
       (SELECT coalesce(sum(r.qty), 0) FROM polka.reservations r
         WHERE r.order_id = l.order_id AND r.product_id = l.product_id) AS held
  FROM polka.order_lines l JOIN polka.orders o ON o.id = l.order_id
  JOIN polka.partners c ON c.id = o.client_id JOIN polka.products p ON p.id = l.product_id
 WHERE o.comment = 'TAL' AND o.ship_on = '2031-03-10';
GRANT SELECT ON lines TO PUBLIC;
CREATE FUNCTION pg_temp.run(p_fair boolean, p_commit boolean) RETURNS text
LANGUAGE sql AS $$
    SELECT string_agg(format('%s %s %s/%s %s', split_part(r.client, ' ', 2), right(r.product_code, 1), r.ordered::int,
                             r.confirmed::int, coalesce(r.short_reason, '-')), '; '
                      ORDER BY r.product_code, r.priority, r.client)
      FROM polka.allocation_run((SELECT id FROM polka.warehouses WHERE code = 'TAL-W'), '2031-03-10', p_fair, p_commit) r
$$;
-- (Its own warehouse's movements: other cases commit theirs meanwhile.)
SELECT count(*) AS moves0 FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id WHERE b.warehouse_id = :w \gset

SET SESSION AUTHORIZATION dina; -- the planner
SET LOCAL polka.today = '2031-03-03';

-- Preview, by priority: TAL-1 first takes 48 (the old batch, then fresh); the chain gets what
-- is fresh enough (fresh + the receipt); TAL-3 nothing. Curd: old stock only, too old for
-- the chain. Nothing written.
SELECT pg_temp.expect_eq(pg_temp.run(false, false),
    'Первый 1 48/48 -; Сеть 1 36/24 scarce; Третий 1 24/0 scarce; Первый 2 5/5 -; Сеть 3 12/0 shelf_life',
    'preview by priority');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id
                           WHERE b.warehouse_id = :w), :moves0::bigint, 'preview wrote no movement');
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT status, ',') FROM lines), 'new', 'preview changed no order');
SELECT pg_temp.expect_eq((SELECT count(*) FROM lines WHERE confirmed IS NOT NULL), 0::bigint, 'preview confirmed nothing');

-- The sentence's figures: the product's supply (30 + 30 + 12; the expired batch and the late
-- receipt not) and demand.
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', available, demand, coalesce(share_percent::text, '-'))
                            FROM polka.allocation_run(:w, '2031-03-10') WHERE client = 'TAL Третий'),
                         '72.000 108.000 -', 'a short line''s available and demand');

-- Commit: the same answer, written.
SELECT pg_temp.expect_eq(pg_temp.run(false, true),
    'Первый 1 48/48 -; Сеть 1 36/24 scarce; Третий 1 24/0 scarce; Первый 2 5/5 -; Сеть 3 12/0 shelf_life',
    'commit by priority');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', right(client, 1), right(product, 1), held::int, status), '; '
                                            ORDER BY product, client) FROM lines),
    '1 1 48 confirmed; 2 1 24 partly_confirmed; 3 1 0 partly_confirmed; 1 2 5 confirmed; 2 3 0 partly_confirmed',
    'reservations and statuses after the commit');
-- First-expired-first-out: TAL-1's 48 are the old batch's 30 and 18 fresh.
SELECT pg_temp.expect_eq((SELECT string_agg(b.batch || ' ' || r.qty::int, ', ' ORDER BY b.expires_on)
                            FROM polka.reservations r JOIN polka.stock_batches b ON b.id = r.batch_id
                           WHERE r.order_id = :o1 AND r.product_id = :pa),
                         'TAL-OLD 30, TAL-FRESH 18', 'first expired, first out');
SELECT pg_temp.expect_eq((SELECT reserved::int FROM polka.planned_receipts WHERE warehouse_id = :w AND due_on = '2031-03-07'),
                         12, 'the receipt due on the cut-off day promised to the chain');
SELECT pg_temp.expect_eq((SELECT string_agg(reserved::int::text, ' ' ORDER BY due_on) FROM polka.planned_receipts
                           WHERE warehouse_id = :w AND due_on > '2031-03-07' AND product_id = :pa),
                         '0 0', 'receipts due after the cut-off (Sunday, the day) promised to nobody');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.allocation_runs WHERE warehouse_id = :w), 1::bigint, 'the run recorded');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.order_confirmations c JOIN polka.orders o ON o.id = c.order_id
                           WHERE o.comment = 'TAL'), 3::bigint, 'a confirmation per order');
SELECT pg_temp.expect_eq((SELECT status FROM polka.orders WHERE comment = 'TAL' AND ship_on = '2031-03-11'), 'new',
                         'another day''s order untouched');

-- The same run again writes nothing.
SELECT count(*) AS moves1 FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id WHERE b.warehouse_id = :w \gset
SELECT pg_temp.run(false, true);
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id WHERE b.warehouse_id = :w), :moves1::bigint, 'a re-run with nothing changed moves nothing');

-- Fair share: 72 of 108, each line two thirds rounded down to packs of 6 (30, 24, 12), the
-- 6 left to the first in line: 36.
SELECT pg_temp.expect_eq(pg_temp.run(true, true),
    'Первый 1 48/36 fair_share; Сеть 1 36/24 fair_share; Третий 1 24/12 fair_share; Первый 2 5/5 -; Сеть 3 12/0 shelf_life',
    'fair share');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', available, demand, share_percent)
                            FROM polka.allocation_run(:w, '2031-03-10', true) WHERE client = 'TAL Первый' AND product_code = '9999500001'),
                         '72.000 108.000 66', 'the fair share''s figures');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id WHERE b.warehouse_id = :w) > :moves1, 'the change of shares moved stock');

-- The planner fixes lines: more than is free is refused with what there is; less releases
-- the latest-expiring stock; a locked line is left as it is by the next run.
SELECT pg_temp.expect_error(format('SELECT polka.allocation_fix(%s, %s, 24)', :o3, :pa), 'P0001');
SELECT pg_temp.expect_error(format('SELECT polka.allocation_fix(%s, %s, 5)', :o3, :pa), '23514', 'allocation_fix_qty_valid');
SELECT pg_temp.expect_error(format('SELECT polka.allocation_fix(%s, %s, -6)', :o3, :pa), '23514', 'allocation_fix_qty_valid');
SELECT pg_temp.expect_error(format('SELECT polka.allocation_fix(%s, %s, 30)', :o3, :pa), '23514', 'allocation_fix_qty_valid');
SELECT pg_temp.expect_eq(polka.allocation_fix(:o1, :pa, 24), 24::numeric, 'TAL-1 fixed at 24');
-- TAL-1 gave back 12: the receipt's 6 (latest expiry first), then 6 of the old batch, which
-- TAL-3 takes (18 of 24).
SELECT pg_temp.expect_eq((SELECT string_agg(b.batch || ' ' || r.qty::int, ', ' ORDER BY b.expires_on)
                            FROM polka.reservations r JOIN polka.stock_batches b ON b.id = r.batch_id
                           WHERE r.order_id = :o1 AND r.product_id = :pa), 'TAL-OLD 24', 'the latest expiry released first');
SELECT pg_temp.expect_eq(polka.allocation_fix(:o3, :pa, 18), 18::numeric, 'TAL-3 fixed at 18');
-- A run: the chain alone is the run's for kefir, and gets the fresh stock and the receipt.
SELECT pg_temp.expect_eq(pg_temp.run(false, true),
    'Первый 1 48/24 manual; Сеть 1 36/30 scarce; Третий 1 24/18 manual; Первый 2 5/5 -; Сеть 3 12/0 shelf_life',
    'a run keeps the locked lines');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', right(client, 1), locked::text), ', ' ORDER BY client) FROM lines
                           WHERE product = '9999500001'),
                         '1 true, 2 false, 3 true', 'locked lines');
SELECT pg_temp.expect_eq(polka.allocation_fix(:o1, :pa, NULL), 24::numeric, 'TAL-1 unlocked');
SELECT pg_temp.expect_eq(pg_temp.run(false, true),
    'Первый 1 48/48 -; Сеть 1 36/6 scarce; Третий 1 24/18 manual; Первый 2 5/5 -; Сеть 3 12/0 shelf_life',
    'unlocked, the line is the run''s again, first in line');

-- The reports say it: the deficit lists the short lines with why; fulfilment's confirmed is
-- the lines' confirmed quantities at their prices.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s/%s %s %s %s', right(client_code, 1), right(product_code, 1),
                                                   ordered::int, confirmed::int, short::int, reason,
                                                   coalesce(available::int::text, '-')), '; ')
                            FROM polka.report_deficit('2031-03-10', '2031-03-10', 'TAL-W')),
                         '2 1 36/6 30 scarce 54; 3 1 24/18 6 manual -; 2 3 12/0 12 shelf_life 60',
                         'the deficit report');
SELECT pg_temp.expect_eq((SELECT confirmed FROM polka.report_fulfilment('2031-03-10', '2031-03-10')
                           WHERE order_id = :o2), 300.00, 'fulfilment: what was confirmed, in money');
SELECT pg_temp.expect_error('SELECT * FROM polka.report_deficit(warehouse => ''TAL-NONE'')', 'P0002');

-- A line fixed before any run of its order: the order stays new (its other line is not
-- allocated), holding what the fixed line got.
RESET SESSION AUTHORIZATION;
SELECT pg_temp.ord('TAL-1', '2031-03-03 13:00', '{"9999500001": 6, "9999500002": 1}') AS o4 \gset
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-03-03';
SELECT pg_temp.expect_eq(polka.allocation_fix(:o4, :pb, 1), 1::numeric, 'a line of a new order fixed');
SELECT pg_temp.expect_eq((SELECT status FROM polka.orders WHERE id = :o4), 'new', 'the order stays new');
SELECT pg_temp.expect_eq((SELECT sum(qty)::int FROM polka.reservations WHERE order_id = :o4), 1, 'holding the fixed line');

-- Refusals: a day in the past, an unknown warehouse, an operator.
SELECT pg_temp.expect_error(format('SELECT * FROM polka.allocation_run(%s, %L)', :w, '2031-03-02'), '23514', 'allocation_day_valid');
SELECT pg_temp.expect_error('SELECT * FROM polka.allocation_run(-1, ''2031-03-10'')', 'P0002');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SET LOCAL polka.today = '2031-03-03';
SELECT pg_temp.expect_error(format('SELECT * FROM polka.allocation_run(%s, %L)', :w, '2031-03-10'), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.allocation_fix(%s, %s, 6)', :o1, :pa), '42501');

-- An operator changes a confirmed order: what it held is released, it is new again.
SELECT polka.order_save(jsonb_set(jsonb_set(polka.order_get(:o2), '{key}', to_jsonb(gen_random_uuid()::text)),
                                  '{comment}', '"TAL"'));
SELECT pg_temp.expect_eq((SELECT format('%s %s', status, (SELECT count(*) FROM polka.reservations WHERE order_id = :o2))
                            FROM polka.orders WHERE id = :o2), 'new 0', 'an edited order is new and holds nothing');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.stock_moves WHERE order_id = :o2 AND kind = 'release') > 0,
                           'its release in the ledger');
-- A cancelled order releases too.
SELECT polka.order_cancel(:o3, 'TAL отмена');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.reservations WHERE order_id = :o3), 0::bigint,
                         'a cancelled order holds nothing');
RESET SESSION AUTHORIZATION;

-- The invariants: balances are the ledger's sums; reserved is what reservations hold.
SELECT pg_temp.expect_eq(polka.stock_ledger_mismatches(), 0::bigint, 'balances = ledger = reservations');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.planned_receipts p
                          WHERE p.reserved <> (SELECT coalesce(sum(r.qty), 0) FROM polka.reservations r WHERE r.receipt_id = p.id)),
                         0::bigint, 'planned receipts'' promises = reservations');
ROLLBACK;
