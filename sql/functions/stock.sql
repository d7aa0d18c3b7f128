-- stock.sql: stock from the ledger (schema 018): free stock, the one computation the order
-- screen, the stock report and allocation share; receipts and corrections, one function each.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Stock by product on a day (at one warehouse, or all): on hand, reserved, what has expired by
-- then and is not reserved, and free = on hand - reserved of the batches still valid that day
-- (expiry on or after it). Expired stock is never free.
CREATE OR REPLACE FUNCTION polka.stock_free(p_on date, p_warehouse bigint DEFAULT NULL)
RETURNS TABLE (product_id bigint, on_hand numeric, reserved numeric, expired numeric, free numeric,
               nearest_expiry date)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT b.product_id, sum(b.on_hand), sum(b.reserved),
           coalesce(sum(b.on_hand - b.reserved) FILTER (WHERE b.expires_on < p_on), 0),
           coalesce(sum(b.on_hand - b.reserved) FILTER (WHERE b.expires_on >= p_on), 0),
           min(b.expires_on)
      FROM polka.stock_batches b
     WHERE b.on_hand > 0 AND (p_warehouse IS NULL OR b.warehouse_id = p_warehouse)
     GROUP BY b.product_id
$$;
GRANT EXECUTE ON FUNCTION polka.stock_free(date,bigint) TO polka_user;

-- Who keeps the stock records and allocates stock: the planner (logistics), the head and
-- admins. (The warehouse's own system sends receipts later through the same functions.)
CREATE OR REPLACE FUNCTION polka.stock_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('planner') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only planners, the head and administrators record and allocate stock'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- One business action: goods received into a batch (made if new; the dates must match an
-- existing one). Returns the batch's id.
CREATE OR REPLACE FUNCTION polka.stock_receive(p_warehouse text, p_product text, p_batch text,
                                               p_produced date, p_expires date, p_qty numeric,
                                               p_note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_wh bigint;
    v_product bigint;
    b polka.stock_batches;
BEGIN
    PERFORM polka.stock_rights_check();
    SELECT w.id INTO v_wh FROM polka.warehouses w WHERE w.code = p_warehouse;
    IF NOT FOUND THEN PERFORM polka.not_found('warehouse', p_warehouse); END IF;
    SELECT p.id INTO v_product FROM polka.products p WHERE p.code = p_product;
    IF NOT FOUND THEN PERFORM polka.not_found('product', p_product); END IF;
    IF p_qty IS NULL OR p_qty <= 0 THEN
        RAISE EXCEPTION 'a receipt''s quantity must be above zero, not %', coalesce(p_qty::text, 'empty')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_moves_sign_valid';
    END IF;
    INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on)
    VALUES (v_wh, v_product, p_batch, p_produced, p_expires)
    ON CONFLICT ON CONSTRAINT stock_batches_key DO NOTHING
    RETURNING * INTO b;
    IF b.id IS NULL THEN
        SELECT * INTO b FROM polka.stock_batches s
         WHERE s.warehouse_id = v_wh AND s.product_id = v_product AND s.batch = p_batch;
        IF b.produced_on <> p_produced OR b.expires_on <> p_expires THEN
            RAISE EXCEPTION 'batch % was made on % and expires on %, not % and %', p_batch,
                b.produced_on, b.expires_on, p_produced, p_expires
                USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_batches_dates_valid';
        END IF;
    END IF;
    INSERT INTO polka.stock_moves (kind, batch_id, qty, note) VALUES ('receipt', b.id, p_qty, p_note);
    RETURN b.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.stock_receive(text,text,text,date,date,numeric,text) TO polka_user;

-- One business action: a correction of a batch: written off (-), returned (+), or counted
-- (the quantity counted; the difference is recorded). A reason is required. Reserved stock
-- cannot be written off or counted away (the batch's check says so): release it first.
CREATE OR REPLACE FUNCTION polka.stock_correct(p_batch bigint, p_kind text, p_qty numeric, p_note text)
RETURNS numeric
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    b polka.stock_batches;
    d numeric;
BEGIN
    PERFORM polka.stock_rights_check();
    IF p_kind IS NULL OR p_kind NOT IN ('write_off', 'return', 'count') THEN
        RAISE EXCEPTION 'a correction is a write-off, a return or a count, not %', coalesce(p_kind, 'nothing')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_moves_kind_valid';
    END IF;
    IF coalesce(btrim(p_note), '') = '' THEN
        RAISE EXCEPTION 'a stock correction needs a reason'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_moves_note_valid';
    END IF;
    SELECT * INTO b FROM polka.stock_batches s WHERE s.id = p_batch FOR NO KEY UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('batch', p_batch); END IF;
    IF p_qty IS NULL OR p_qty < 0 OR (p_qty = 0 AND p_kind <> 'count') THEN
        RAISE EXCEPTION 'a correction''s quantity must be above zero (a count: zero or more), not %',
            coalesce(p_qty::text, 'empty')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_moves_sign_valid';
    END IF;
    d := CASE p_kind WHEN 'write_off' THEN -p_qty WHEN 'return' THEN p_qty ELSE p_qty - b.on_hand END;
    IF d <> 0 THEN
        INSERT INTO polka.stock_moves (kind, batch_id, qty, note) VALUES (p_kind, b.id, d, p_note);
    END IF;
    RETURN d;
END
$$;
GRANT EXECUTE ON FUNCTION polka.stock_correct(bigint,text,numeric,text) TO polka_user;

-- The stock screen's rows: batches of a warehouse (code; all when empty) found by product code,
-- name or batch, with on hand, reserved, free (0 when expired) and the days left; expired
-- and empty batches last, expired ones marked.
CREATE OR REPLACE FUNCTION polka.stock_batch_search(warehouse text, q text, lim int DEFAULT 500)
RETURNS TABLE (id bigint, warehouse_code text, product_code text, product_name text, batch text,
               produced_on date, expires_on date, on_hand numeric, reserved numeric, free numeric,
               days_left int, _mark text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT b.id, w.code, p.code, p.name, b.batch, b.produced_on, b.expires_on, trim_scale(b.on_hand),
           trim_scale(b.reserved),
           CASE WHEN b.expires_on < polka.business_day() THEN 0 ELSE trim_scale(b.on_hand - b.reserved) END,
           b.expires_on - polka.business_day(),
           CASE WHEN b.expires_on < polka.business_day() AND b.on_hand > 0 THEN 'expired' END
      FROM polka.stock_batches b
      JOIN polka.warehouses w ON w.id = b.warehouse_id
      JOIN polka.products p ON p.id = b.product_id
     WHERE (coalesce(warehouse, '') = '' OR w.code = warehouse)
       AND (coalesce(q, '') = '' OR p.code LIKE left(q, 40) || '%'
            OR strpos(lower(p.name || ' ' || b.batch), lower(left(q, 100))) > 0)
     ORDER BY b.on_hand = 0, b.expires_on < polka.business_day(), p.code, b.expires_on, b.batch
     LIMIT greatest(coalesce(lim, 500), 0)
$$;
GRANT EXECUTE ON FUNCTION polka.stock_batch_search(text,text,integer) TO polka_user;

-- A receipt card: a batch with its balances (qty and note empty: what the next receipt adds).
CREATE OR REPLACE FUNCTION polka.stock_receipt_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', b.id, 'warehouse_id', b.warehouse_id, 'warehouse_id.label', w.code || ' ' || w.name,
           'product_id', b.product_id, 'product_id.label', p.code || ' ' || p.name, 'batch', b.batch,
           'produced_on', b.produced_on, 'expires_on', b.expires_on, 'on_hand', b.on_hand,
           'reserved', b.reserved)
      FROM polka.stock_batches b
      JOIN polka.warehouses w ON w.id = b.warehouse_id
      JOIN polka.products p ON p.id = b.product_id
     WHERE b.id = p_id),
    'batch', p_id);
GRANT EXECUTE ON FUNCTION polka.stock_receipt_get(bigint) TO polka_user;

-- One business action: goods received (the receipt card's document): into the batch of the
-- document's id, or a batch named by warehouse, product, batch and dates (polka.stock_receive).
-- Returns the batch's id.
CREATE OR REPLACE FUNCTION polka.stock_receipt_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    b polka.stock_batches;
BEGIN
    PERFORM polka.stock_rights_check();
    IF doc ->> 'id' IS NOT NULL THEN
        SELECT * INTO b FROM polka.stock_batches WHERE id = (doc ->> 'id')::bigint;
        IF NOT FOUND THEN PERFORM polka.not_found('batch', doc ->> 'id'); END IF;
        IF (b.warehouse_id, b.product_id, b.batch, b.produced_on, b.expires_on)
           IS DISTINCT FROM ((doc ->> 'warehouse_id')::bigint, (doc ->> 'product_id')::bigint,
                             polka.doc_text(doc, 'batch'), (doc ->> 'produced_on')::date, (doc ->> 'expires_on')::date) THEN
            RAISE EXCEPTION 'this card receives into batch % as it is; another batch is a new receipt', b.batch
                USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_receipt_batch_fixed';
        END IF;
    ELSE
        b.warehouse_id := (doc ->> 'warehouse_id')::bigint;
        b.product_id := (doc ->> 'product_id')::bigint;
        b.batch := polka.doc_text(doc, 'batch');
        b.produced_on := (doc ->> 'produced_on')::date;
        b.expires_on := (doc ->> 'expires_on')::date;
    END IF;
    RETURN polka.stock_receive((SELECT w.code FROM polka.warehouses w WHERE w.id = b.warehouse_id),
                               (SELECT p.code FROM polka.products p WHERE p.id = b.product_id),
                               b.batch, b.produced_on, b.expires_on, (doc ->> 'qty')::numeric,
                               polka.doc_text(doc, 'note'));
END
$$;
GRANT EXECUTE ON FUNCTION polka.stock_receipt_save(jsonb) TO polka_user;

-- Releases all that orders hold: the reservations gone, the ledger's release movements, the
-- planned receipts' promises taken back, and the orders' shipping orders off their (planned)
-- trips. For order_save (a changed order) and order_cancel; not granted.
CREATE OR REPLACE FUNCTION polka.order_release(p_orders bigint[]) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    DELETE FROM polka.shipping_orders s WHERE s.order_id = ANY (p_orders);
    WITH d AS (
        DELETE FROM polka.reservations r WHERE r.order_id = ANY (p_orders)
        RETURNING r.batch_id, r.receipt_id, r.order_id, r.qty),
    m AS (
        INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id)
        SELECT 'release', d.batch_id, -d.qty, d.order_id FROM d WHERE d.batch_id IS NOT NULL)
    UPDATE polka.planned_receipts p SET reserved = p.reserved - x.qty
      FROM (SELECT d.receipt_id, sum(d.qty) AS qty FROM d WHERE d.receipt_id IS NOT NULL GROUP BY d.receipt_id) x
     WHERE p.id = x.receipt_id
$$;

-- The earliest expiry a batch may have to ship on p_ship to a client who wants p_percent of
-- the product's shelf life left on delivery (NULL: anything not expired): allocation_run,
-- allocation_fix and the waybill desk's check of what was picked. No SET search_path: a
-- function with one (any SET) is never inlined, and called per line it cost the desk's check
-- 10 µs a line; its SQL-standard body is bound to pg_catalog's operators when it is created,
-- so no search_path of a caller can change what it means (and it is not SECURITY DEFINER).
CREATE OR REPLACE FUNCTION polka.min_expiry(p_ship date, p_shelf_life int, p_percent smallint) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN p_ship + coalesce(ceil(p_shelf_life * p_percent / 100.0)::int, 0);
GRANT EXECUTE ON FUNCTION polka.min_expiry(date,integer,smallint) TO polka_user;
