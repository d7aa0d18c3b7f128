-- allocation.sql: the allocation run (issue 14): the planner confirms a warehouse's orders of a
-- shipping day from free stock by batch and from planned receipts, by priority or by fair
-- share, and explains every line it cannot fill.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- The run, preview (p_commit false: nothing written, nothing locked) and commit run the same
-- code. Demand: the lines of the day's open orders (new, confirmed, partly confirmed) at the
-- warehouse, but not lines the planner locked (they keep what they hold). Supply: per product,
-- the batches free on the day (what this run's own lines hold counts as free again) whose
-- expiry leaves the client the residual shelf life its agreement asks (min_shelf_percent of
-- the product's shelf life, counted from the shipping day), and the planned receipts due
-- by the day's cut-off day, the working day before it (fresh: they meet any requirement). First expired, first out; at the same
-- expiry, stock on hand before a receipt.
--
-- Service: client priority (1 first), then the time the order was taken. A product is
-- scarce when its demand exceeds its supply; with p_fair each of its lines first gets the same
-- fraction of what it asked, rounded down to whole packs; then, and always without p_fair,
-- lines are topped up in service order with what is left. Quantities are whole packs.
--
-- A line short of what it asked says why: no_stock (nothing free), shelf_life (stock was left
-- that is too old for this client), fair_share (a share of a scarce product), scarce (served
-- after others), manual (the planner's locked quantity); with the product's supply and demand
-- in the run (the screen's sentence: "ordered 120, confirmed 96: 1,500 available for 1,875
-- ordered, fair share 80 %").
--
-- Committing: one run per warehouse and day at a time (a second planner gets a sentence);
-- the day's orders are locked first, so an order saved meanwhile is in the run whole or not at
-- all, and an edit waits for the run. Only the differences from what the orders held are
-- written (reservation and release movements in the ledger), the lines' confirmation, the
-- orders' status (confirmed when every line is, else partly confirmed; the version moves, so
-- an operator's open copy is reloaded), a run record and a confirmation per order (the order
-- response of EDI intake).
CREATE OR REPLACE FUNCTION polka.allocation_run(p_warehouse bigint, p_day date, p_fair boolean DEFAULT false,
                                                p_commit boolean DEFAULT false)
RETURNS TABLE (order_id bigint, number text, client text, priority smallint, product_id bigint,
               product_code text, product_name text, ordered numeric, confirmed numeric, held numeric,
               short_reason text, available numeric, demand numeric, share_percent numeric)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_orders bigint[];
    -- demand, one element a line, in service order within each product (quantities in
    -- thousandths as bigint: fixed-width arrays, element access in constant time)
    d_line bigint[]; d_order bigint[]; d_product bigint[]; d_qty bigint[]; d_pack bigint[];
    d_min int[]; d_conf bigint[]; d_reason text[]; d_avail bigint[]; d_demand bigint[]; d_share int[];
    -- supply, one element a batch or planned receipt, FEFO within each product
    s_product bigint[]; s_batch bigint[]; s_receipt bigint[]; s_exp int[]; s_free bigint[];
    -- what the run gives: line index, batch or receipt, quantity
    a_line int[] := '{}'; a_batch bigint[] := '{}'; a_receipt bigint[] := '{}'; a_qty bigint[] := '{}';
    nd int; ns int; i int; j int; k int; e int; sp int; se int;
    tot_s bigint; tot_d bigint; want bigint; got bigint; take bigint; elig bigint; left_over bigint;
    fair boolean;
    v_run bigint;
BEGIN
    PERFORM polka.stock_rights_check();
    IF NOT EXISTS (SELECT FROM polka.warehouses w WHERE w.id = p_warehouse) THEN
        PERFORM polka.not_found('warehouse', p_warehouse);
    END IF;
    IF p_day IS NULL OR p_day < polka.business_day() THEN
        RAISE EXCEPTION 'shipping day % is in the past: allocate today or later', p_day
            USING ERRCODE = 'check_violation', CONSTRAINT = 'allocation_day_valid';
    END IF;
    IF p_commit THEN
        IF NOT pg_try_advisory_xact_lock(14, hashtext(p_warehouse || '/' || p_day)) THEN
            RAISE EXCEPTION 'another allocation of this warehouse for % is running; look at its result when it ends',
                p_day USING ERRCODE = 'lock_not_available', CONSTRAINT = 'allocation_running';
        END IF;
        SELECT array_agg(x.id ORDER BY x.id) INTO v_orders FROM (
            SELECT o.id FROM polka.orders o
             WHERE o.warehouse_id = p_warehouse AND o.ship_on = p_day
               AND o.status IN ('new', 'confirmed', 'partly_confirmed')
             ORDER BY o.id FOR NO KEY UPDATE) x;
    ELSE
        SELECT array_agg(o.id ORDER BY o.id) INTO v_orders FROM polka.orders o
         WHERE o.warehouse_id = p_warehouse AND o.ship_on = p_day
           AND o.status IN ('new', 'confirmed', 'partly_confirmed');
    END IF;
    v_orders := coalesce(v_orders, '{}');

    -- Demand (a new statement: every edit of these orders has committed or waits).
    SELECT array_agg(x.id ORDER BY x.k), array_agg(x.order_id ORDER BY x.k), array_agg(x.product_id ORDER BY x.k),
           array_agg(x.q ORDER BY x.k), array_agg(x.pack ORDER BY x.k), array_agg(x.min_exp ORDER BY x.k)
      INTO d_line, d_order, d_product, d_qty, d_pack, d_min
      FROM (SELECT l.id, l.order_id, l.product_id, (l.qty * 1000)::bigint AS q,
                   greatest((p.pack_qty * 1000)::bigint, 1) AS pack,
                   polka.min_expiry(p_day, p.shelf_life_days, a.min_shelf_percent) - date '2000-01-01' AS min_exp,
                   row_number() OVER (ORDER BY l.product_id, c.priority, o.created_at, o.id) AS k
              FROM polka.order_lines l
              JOIN polka.orders o ON o.id = l.order_id
              JOIN polka.partners c ON c.id = o.client_id
              JOIN polka.agreements a ON a.id = o.agreement_id
              JOIN polka.products p ON p.id = l.product_id
             WHERE l.order_id = ANY (v_orders) AND NOT l.locked) x;
    nd := coalesce(cardinality(d_line), 0);

    -- Supply: free on the day, plus what the run's own unlocked lines hold (it is theirs to
    -- redistribute). Committing, the batches are locked first, in id order.
    IF p_commit THEN
        PERFORM 1 FROM polka.stock_batches b
         WHERE b.warehouse_id = p_warehouse AND b.product_id = ANY (d_product) AND b.expires_on >= p_day
         ORDER BY b.id FOR NO KEY UPDATE;
    END IF;
    WITH held AS (
        SELECT r.batch_id, r.receipt_id, sum(r.qty) AS qty
          FROM polka.reservations r
          JOIN polka.order_lines l ON l.order_id = r.order_id AND l.product_id = r.product_id AND NOT l.locked
         WHERE r.order_id = ANY (v_orders)
         GROUP BY r.batch_id, r.receipt_id),
    s AS (
        SELECT b.product_id, b.id AS batch_id, 0::bigint AS receipt_id, b.expires_on - date '2000-01-01' AS exp,
               ((b.on_hand - b.reserved + coalesce(h.qty, 0)) * 1000)::bigint AS free
          FROM polka.stock_batches b
          LEFT JOIN held h ON h.batch_id = b.id
         WHERE b.warehouse_id = p_warehouse AND b.product_id = ANY (d_product) AND b.expires_on >= p_day
        UNION ALL
        SELECT pr.product_id, 0, pr.id, pr.due_on + p.shelf_life_days - date '2000-01-01',
               ((pr.qty - pr.reserved + coalesce(h.qty, 0)) * 1000)::bigint
          FROM polka.planned_receipts pr
          JOIN polka.products p ON p.id = pr.product_id
          LEFT JOIN held h ON h.receipt_id = pr.id
         WHERE pr.warehouse_id = p_warehouse AND pr.product_id = ANY (d_product) AND pr.due_on <= polka.cutoff_day(p_day))
    SELECT array_agg(s.product_id ORDER BY s.product_id, s.exp, s.receipt_id, s.batch_id),
           array_agg(s.batch_id ORDER BY s.product_id, s.exp, s.receipt_id, s.batch_id),
           array_agg(s.receipt_id ORDER BY s.product_id, s.exp, s.receipt_id, s.batch_id),
           array_agg(s.exp ORDER BY s.product_id, s.exp, s.receipt_id, s.batch_id),
           array_agg(s.free ORDER BY s.product_id, s.exp, s.receipt_id, s.batch_id)
      INTO s_product, s_batch, s_receipt, s_exp, s_free
      FROM s WHERE s.free > 0;
    ns := coalesce(cardinality(s_product), 0);
    -- Nothing free at all for the day's orders (a warehouse without stock, or the wrong one):
    -- a commit would only mark every order short. The preview shows it; a commit is refused.
    IF p_commit AND ns = 0 AND nd > 0 THEN
        RAISE EXCEPTION 'warehouse % has nothing free for the orders of % (no stock, no receipt due): nothing to confirm',
            (SELECT w.code FROM polka.warehouses w WHERE w.id = p_warehouse), to_char(p_day, 'DD.MM.YYYY')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'allocation_no_stock';
    END IF;

    d_conf := array_fill(0::bigint, ARRAY[greatest(nd, 1)]);
    d_reason := array_fill(NULL::text, ARRAY[greatest(nd, 1)]);
    d_avail := array_fill(0::bigint, ARRAY[greatest(nd, 1)]);
    d_demand := array_fill(0::bigint, ARRAY[greatest(nd, 1)]);
    d_share := array_fill(NULL::int, ARRAY[greatest(nd, 1)]);

    -- Product by product: lines i..e-1, supply sp..se-1.
    i := 1; sp := 1;
    WHILE i <= nd LOOP
        e := i;
        tot_d := 0;
        WHILE e <= nd AND d_product[e] = d_product[i] LOOP
            tot_d := tot_d + d_qty[e];
            e := e + 1;
        END LOOP;
        WHILE sp <= ns AND s_product[sp] < d_product[i] LOOP
            sp := sp + 1;
        END LOOP;
        se := sp;
        tot_s := 0;
        WHILE se <= ns AND s_product[se] = d_product[i] LOOP
            tot_s := tot_s + s_free[se];
            se := se + 1;
        END LOOP;
        fair := p_fair AND tot_d > tot_s AND tot_s > 0;
        -- Two passes: the fair shares (when fair), then the top-up in service order.
        FOR pass IN (CASE WHEN fair THEN 1 ELSE 2 END) .. 2 LOOP
            FOR k IN i .. e - 1 LOOP
                IF pass = 1 THEN
                    want := floor(d_qty[k]::numeric * tot_s / tot_d / d_pack[k])::bigint * d_pack[k];
                ELSE
                    want := d_qty[k] - d_conf[k];
                END IF;
                -- What the eligible batches still have, in whole packs.
                elig := 0;
                FOR j IN sp .. se - 1 LOOP
                    IF s_exp[j] >= d_min[k] THEN
                        elig := elig + s_free[j];
                    END IF;
                END LOOP;
                got := least(want, elig / d_pack[k] * d_pack[k]);
                IF got <= 0 THEN
                    CONTINUE;
                END IF;
                d_conf[k] := d_conf[k] + got;
                FOR j IN sp .. se - 1 LOOP
                    EXIT WHEN got = 0;
                    IF s_exp[j] >= d_min[k] AND s_free[j] > 0 THEN
                        take := least(got, s_free[j]);
                        s_free[j] := s_free[j] - take;
                        got := got - take;
                        a_line := a_line || k;
                        a_batch := a_batch || s_batch[j];
                        a_receipt := a_receipt || s_receipt[j];
                        a_qty := a_qty || take;
                    END IF;
                END LOOP;
            END LOOP;
        END LOOP;
        -- Why each short line is short.
        left_over := 0;
        FOR j IN sp .. se - 1 LOOP
            left_over := left_over + s_free[j];
        END LOOP;
        FOR k IN i .. e - 1 LOOP
            d_avail[k] := tot_s;
            d_demand[k] := tot_d;
            IF fair THEN
                d_share[k] := (tot_s * 100 / tot_d)::int;
            END IF;
            IF d_conf[k] < d_qty[k] THEN
                d_reason[k] := CASE WHEN tot_s = 0 THEN 'no_stock'
                                    WHEN left_over >= d_pack[k] THEN 'shelf_life'
                                    WHEN fair THEN 'fair_share'
                                    ELSE 'scarce' END;
            END IF;
        END LOOP;
        i := e;
    END LOOP;

    IF p_commit THEN
        -- The reservations as they should be, against what the unlocked lines hold: only the
        -- differences become movements.
        CREATE TEMP TABLE IF NOT EXISTS alloc_new (order_id bigint, product_id bigint, batch_id bigint,
                                                   receipt_id bigint, qty numeric) ON COMMIT DROP;
        TRUNCATE alloc_new;
        INSERT INTO alloc_new
        SELECT d_order[x.l], d_product[x.l], nullif(x.b, 0), nullif(x.r, 0), sum(x.q) / 1000.0
          FROM unnest(a_line, a_batch, a_receipt, a_qty) AS x(l, b, r, q)
         GROUP BY 1, 2, 3, 4;
        CREATE TEMP TABLE IF NOT EXISTS alloc_diff (order_id bigint, product_id bigint, batch_id bigint,
                                                    receipt_id bigint, old numeric, new numeric) ON COMMIT DROP;
        TRUNCATE alloc_diff;
        INSERT INTO alloc_diff
        SELECT coalesce(n.order_id, o.order_id), coalesce(n.product_id, o.product_id),
               coalesce(n.batch_id, o.batch_id), coalesce(n.receipt_id, o.receipt_id),
               coalesce(o.qty, 0), coalesce(n.qty, 0)
          FROM alloc_new n
          FULL JOIN (SELECT r.order_id, r.product_id, r.batch_id, r.receipt_id, r.qty
                       FROM polka.reservations r
                       JOIN polka.order_lines l ON l.order_id = r.order_id AND l.product_id = r.product_id
                                               AND NOT l.locked
                      WHERE r.order_id = ANY (v_orders)) o
            ON o.order_id = n.order_id AND o.product_id = n.product_id
           AND o.batch_id IS NOT DISTINCT FROM n.batch_id AND o.receipt_id IS NOT DISTINCT FROM n.receipt_id
         WHERE coalesce(o.qty, 0) <> coalesce(n.qty, 0);
        INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id)
        SELECT CASE WHEN x.new > x.old THEN 'reservation' ELSE 'release' END, x.batch_id, x.new - x.old, x.order_id
          FROM alloc_diff x WHERE x.batch_id IS NOT NULL ORDER BY x.batch_id, x.order_id;
        UPDATE polka.planned_receipts p SET reserved = p.reserved + x.qty
          FROM (SELECT y.receipt_id, sum(y.new - y.old) AS qty FROM alloc_diff y WHERE y.receipt_id IS NOT NULL
                 GROUP BY y.receipt_id) x
         WHERE p.id = x.receipt_id;
        DELETE FROM polka.reservations r USING alloc_diff x
         WHERE r.order_id = x.order_id AND r.product_id = x.product_id
           AND r.batch_id IS NOT DISTINCT FROM x.batch_id AND r.receipt_id IS NOT DISTINCT FROM x.receipt_id;
        INSERT INTO polka.reservations (order_id, product_id, batch_id, receipt_id, qty)
        SELECT x.order_id, x.product_id, x.batch_id, x.receipt_id, x.new FROM alloc_diff x WHERE x.new > 0;

        UPDATE polka.order_lines l
           SET confirmed = x.conf / 1000.0, short_reason = x.reason, short_available = x.avail / 1000.0,
               short_demand = x.dem / 1000.0
          FROM unnest(d_line, d_conf, d_reason, d_avail, d_demand) AS x(id, conf, reason, avail, dem)
         WHERE l.id = x.id AND x.id IS NOT NULL;
        PERFORM polka.allocation_status(v_orders);
        -- Confirmed orders become shipping orders on the day's trips (functions/shipping.sql).
        PERFORM polka.shipping_place(p_warehouse, p_day);
        INSERT INTO polka.allocation_runs (warehouse_id, ship_on, fair_share, orders, lines, short_lines)
        VALUES (p_warehouse, p_day, p_fair, cardinality(v_orders), nd,
                (SELECT count(*) FROM unnest(d_conf, d_qty) AS x(c, q) WHERE x.c < x.q))
        RETURNING id INTO v_run;
        INSERT INTO polka.order_confirmations (order_id, run_id, status, lines)
        SELECT o.id, v_run, o.status,
               (SELECT jsonb_agg(jsonb_build_object('product_id', l.product_id, 'qty', l.qty,
                                                    'confirmed', l.confirmed, 'short_reason', l.short_reason)
                                 ORDER BY l.n)
                  FROM polka.order_lines l WHERE l.order_id = o.id)
          FROM polka.orders o WHERE o.id = ANY (v_orders);
    END IF;

    -- The answer per line, in service order per product; locked lines as they are.
    RETURN QUERY
    SELECT o.id, o.number, c.name, c.priority, p.id, p.code, p.name, l.qty,
           CASE WHEN x.id IS NULL THEN l.confirmed ELSE (x.conf / 1000.0)::numeric(14, 3) END,
           coalesce(h.qty, 0),
           CASE WHEN x.id IS NULL THEN CASE WHEN l.confirmed < l.qty THEN 'manual' END ELSE x.reason END,
           (x.avail / 1000.0)::numeric(14, 3), (x.dem / 1000.0)::numeric(14, 3), x.share::numeric
      FROM polka.order_lines l
      JOIN polka.orders o ON o.id = l.order_id
      JOIN polka.partners c ON c.id = o.client_id
      JOIN polka.products p ON p.id = l.product_id
      LEFT JOIN unnest(d_line, d_conf, d_reason, d_avail, d_demand, d_share)
                    AS x(id, conf, reason, avail, dem, share) ON x.id = l.id
      LEFT JOIN (SELECT r.order_id, r.product_id, sum(r.qty) AS qty FROM polka.reservations r
                  WHERE r.order_id = ANY (v_orders) GROUP BY r.order_id, r.product_id) h
             ON h.order_id = l.order_id AND h.product_id = l.product_id
     WHERE l.order_id = ANY (v_orders)
     ORDER BY p.code, c.priority, o.created_at, o.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.allocation_run(bigint,date,boolean,boolean) TO polka_user;

-- Recomputes orders' status from their lines after allocation changed them: confirmed when
-- every line is, partly confirmed when every line is allocated and some short, new while a
-- line is not allocated yet (a line the planner fixed before any run); the version moves (an
-- open copy is reloaded).
CREATE OR REPLACE FUNCTION polka.allocation_status(p_orders bigint[]) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    UPDATE polka.orders o
       SET status = CASE WHEN x.unallocated THEN 'new'
                         WHEN x.all_confirmed THEN 'confirmed' ELSE 'partly_confirmed' END,
           version = o.version + 1, updated_at = now()
      FROM (SELECT l.order_id, bool_or(l.confirmed IS NULL) AS unallocated,
                   bool_and(l.confirmed IS NOT DISTINCT FROM l.qty) AS all_confirmed
              FROM polka.order_lines l WHERE l.order_id = ANY (p_orders) GROUP BY l.order_id) x
     WHERE o.id = x.order_id
$$;

-- One business action: the planner fixes what a line of an open order gets and locks it
-- (allocation runs leave it as it is), or unlocks it (p_qty NULL: the next run decides).
-- The reservations follow: less releases the latest-expiring first; more reserves free
-- batches first-expired-first-out that leave the client's residual shelf life, and is refused
-- with what there is when that is not enough. Whole packs, from 0 to what was ordered.
CREATE OR REPLACE FUNCTION polka.allocation_fix(p_order bigint, p_product bigint, p_qty numeric)
RETURNS numeric
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.orders;
    l polka.order_lines;
    p polka.products;
    v_held numeric;
    v_min date;
    v_free numeric;
    d numeric;
    r record;
    take numeric;
BEGIN
    PERFORM polka.stock_rights_check();
    SELECT * INTO o FROM polka.orders WHERE id = p_order FOR NO KEY UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('order', p_order); END IF;
    IF o.status NOT IN ('new', 'confirmed', 'partly_confirmed') THEN
        RAISE EXCEPTION 'order % is %: its allocation is final', o.number, o.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'allocation_order_open';
    END IF;
    SELECT * INTO l FROM polka.order_lines x WHERE x.order_id = o.id AND x.product_id = p_product;
    IF NOT FOUND THEN PERFORM polka.not_found('order line', p_product); END IF;
    SELECT * INTO p FROM polka.products WHERE id = p_product;
    IF p_qty IS NULL THEN
        UPDATE polka.order_lines SET locked = false WHERE id = l.id;
        RETURN l.confirmed;
    END IF;
    IF p_qty < 0 OR p_qty > l.qty OR p_qty % p.pack_qty <> 0 THEN
        RAISE EXCEPTION 'a confirmed quantity is whole packs of % from 0 to the % ordered, not %',
            p.pack_qty, l.qty, p_qty
            USING ERRCODE = 'check_violation', CONSTRAINT = 'allocation_fix_qty_valid';
    END IF;
    SELECT coalesce(sum(x.qty), 0) INTO v_held FROM polka.reservations x
     WHERE x.order_id = o.id AND x.product_id = p_product;
    d := p_qty - v_held;
    IF d < 0 THEN
        FOR r IN SELECT x.id, x.batch_id, x.receipt_id, x.qty,
                        coalesce(b.expires_on, pr.due_on + p.shelf_life_days) AS exp
                   FROM polka.reservations x
                   LEFT JOIN polka.stock_batches b ON b.id = x.batch_id
                   LEFT JOIN polka.planned_receipts pr ON pr.id = x.receipt_id
                  WHERE x.order_id = o.id AND x.product_id = p_product
                  ORDER BY exp DESC, x.id DESC LOOP
            EXIT WHEN d = 0;
            take := least(-d, r.qty);
            IF r.batch_id IS NOT NULL THEN
                INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id, note)
                VALUES ('release', r.batch_id, -take, o.id, 'fixed by the planner');
            ELSE
                UPDATE polka.planned_receipts SET reserved = reserved - take WHERE id = r.receipt_id;
            END IF;
            IF take = r.qty THEN
                DELETE FROM polka.reservations WHERE id = r.id;
            ELSE
                UPDATE polka.reservations SET qty = qty - take WHERE id = r.id;
            END IF;
            d := d + take;
        END LOOP;
    ELSIF d > 0 THEN
        v_min := polka.min_expiry(o.ship_on, p.shelf_life_days,
                                  (SELECT a.min_shelf_percent FROM polka.agreements a WHERE a.id = o.agreement_id));
        PERFORM 1 FROM polka.stock_batches b
         WHERE b.warehouse_id = o.warehouse_id AND b.product_id = p_product ORDER BY b.id FOR NO KEY UPDATE;
        SELECT coalesce(sum(b.on_hand - b.reserved), 0) INTO v_free FROM polka.stock_batches b
         WHERE b.warehouse_id = o.warehouse_id AND b.product_id = p_product AND b.expires_on >= v_min;
        IF v_free < d THEN
            RAISE EXCEPTION 'only % free for this line (its client''s shelf life counted): % more were asked',
                v_free, d;
        END IF;
        FOR r IN SELECT b.id, b.on_hand - b.reserved AS free FROM polka.stock_batches b
                  WHERE b.warehouse_id = o.warehouse_id AND b.product_id = p_product AND b.expires_on >= v_min
                    AND b.on_hand > b.reserved
                  ORDER BY b.expires_on, b.id LOOP
            EXIT WHEN d = 0;
            take := least(d, r.free);
            INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id, note)
            VALUES ('reservation', r.id, take, o.id, 'fixed by the planner');
            INSERT INTO polka.reservations (order_id, product_id, batch_id, qty)
            VALUES (o.id, p_product, r.id, take)
            ON CONFLICT (order_id, product_id, batch_id, receipt_id)
            DO UPDATE SET qty = polka.reservations.qty + EXCLUDED.qty;
            d := d - take;
        END LOOP;
    END IF;
    UPDATE polka.order_lines
       SET confirmed = p_qty, locked = true,
           short_reason = CASE WHEN p_qty < l.qty THEN 'manual' END, short_available = NULL, short_demand = NULL
     WHERE id = l.id;
    PERFORM polka.allocation_status(ARRAY[o.id]);
    PERFORM polka.shipping_place(o.warehouse_id, o.ship_on);
    RETURN p_qty;
END
$$;
GRANT EXECUTE ON FUNCTION polka.allocation_fix(bigint,bigint,numeric) TO polka_user;

-- The planner's screen opens on the first shipping day from today with open orders at the
-- warehouse (today when there is none).
CREATE OR REPLACE FUNCTION polka.allocation_next_day(p_warehouse bigint) RETURNS date
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(min(o.ship_on), polka.business_day())
      FROM polka.orders o
     WHERE o.warehouse_id = p_warehouse AND o.ship_on >= polka.business_day()
       AND o.status IN ('new', 'confirmed', 'partly_confirmed')
$$;
GRANT EXECUTE ON FUNCTION polka.allocation_next_day(bigint) TO polka_user;
