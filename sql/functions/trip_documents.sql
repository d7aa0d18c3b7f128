-- trip_documents.sql: a trip's documents (issue 15, schema 021): one key makes them all in
-- one transaction (a sales document, УПД, per shipping order from the picking facts, the
-- trip's consignment note, the shipment in the ledger, the orders shipped, a receivable per
-- document); the head's storno of one while the truck has not left; the lists the desk and
-- the scripts read.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- A sales document line's amount at a quantity and the VAT in it (prices include VAT), as the
-- documents and their corrections compute them.
CREATE OR REPLACE FUNCTION polka.line_amount(p_qty numeric, p_price numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN round(p_qty * p_price, 2);
CREATE OR REPLACE FUNCTION polka.line_vat(p_amount numeric, p_rate numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN round(p_amount * p_rate / (100 + p_rate), 2);

-- p_count numbers of a kind of document in a year, without gaps: the first of them. The
-- counter's row stays locked until the caller's transaction ends (a second clerk numbering
-- the same kind waits for it, and a rollback gives the numbers back). Not granted.
CREATE OR REPLACE FUNCTION polka.doc_numbers(p_kind text, p_year int, p_count int) RETURNS int
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO polka.doc_counters AS c (kind, year, last) VALUES (p_kind, p_year, p_count)
    ON CONFLICT (kind, year) DO UPDATE SET last = c.last + EXCLUDED.last
    RETURNING c.last - p_count + 1
$$;

-- A trip by its number as people type it: Р00042, P00042 (a Latin P), 00042, 42; "not
-- found" when there is none.
CREATE OR REPLACE FUNCTION polka.trip_find(p_number text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n text := ltrim(substring(p_number FROM '[0-9]+'), '0');
    v_id bigint;
BEGIN
    IF p_number ~ '^\s*[РрPp]?[0-9]{1,9}\s*$' THEN
        SELECT t.id INTO v_id FROM polka.trips t WHERE t.number = 'Р' || lpad(n, greatest(5, length(n)), '0');
    END IF;
    IF v_id IS NULL THEN PERFORM polka.not_found('trip', p_number); END IF;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_find(text) TO polka_user;

-- A document by its id or by its code (U2026000123, any case, У and Т typed on a Russian
-- keyboard too); "not found" when there is none (or row security hides it).
CREATE OR REPLACE FUNCTION polka.document_find(p text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT d.id INTO v_id FROM polka.documents d
     WHERE d.code = translate(upper(btrim(p)), 'УТ', 'UT') OR (btrim(p) ~ '^[0-9]{1,18}$' AND d.id = btrim(p)::bigint);
    IF v_id IS NULL THEN PERFORM polka.not_found('document', p); END IF;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.document_find(text) TO polka_user;

-- Who makes documents: waybill clerks, the head, administrators.
CREATE OR REPLACE FUNCTION polka.documents_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('waybill_clerk') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only waybill clerks, the head and administrators make documents'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.documents_rights_check() TO polka_user;

-- When a document's receivable is due: on its date for prepayment, after the agreement's
-- credit days for credit (and for stages, their first part).
CREATE OR REPLACE FUNCTION polka.document_due(p_date date, p_agreement bigint) RETURNS date
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p_date + CASE a.payment WHEN 'prepayment' THEN 0 ELSE coalesce(a.credit_days, 0) END
      FROM polka.agreements a WHERE a.id = p_agreement
$$;
GRANT EXECUTE ON FUNCTION polka.document_due(date,bigint) TO polka_user;

-- The live consignment note of a trip summed from the trip's live sales documents (after
-- documents are made or one is cancelled); cancelled with p_reason when none is left, keeping
-- the figures it had (what was cancelled, not an empty note).
CREATE OR REPLACE FUNCTION polka.trip_note_sum(p_trip bigint, p_reason text) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    UPDATE polka.documents n
       SET lines = s.docs, amount = s.amount, vat_amount = s.vat, weight_kg = s.kg, pallets = s.pallets
      FROM (SELECT count(*) AS docs, sum(d.amount) AS amount, sum(d.vat_amount) AS vat,
                   sum(d.weight_kg) AS kg, sum(d.pallets) AS pallets
              FROM polka.documents d
             WHERE d.trip_id = p_trip AND d.kind = 'upd' AND d.cancelled_at IS NULL) s
     WHERE n.trip_id = p_trip AND n.kind = 'tn' AND n.cancelled_at IS NULL AND s.docs > 0;
    UPDATE polka.documents n SET cancelled_at = now(), cancelled_by = session_user, cancel_reason = p_reason
     WHERE n.trip_id = p_trip AND n.kind = 'tn' AND n.cancelled_at IS NULL
       AND NOT EXISTS (SELECT FROM polka.documents d
                        WHERE d.trip_id = p_trip AND d.kind = 'upd' AND d.cancelled_at IS NULL);
$$;

-- One business action, one key at the waybill desk: the documents of a picked trip whose
-- differences are all accepted. Per shipping order with anything picked, a sales document
-- (numbered in the trip's stop order) whose lines are its picking facts by order line and
-- batch, priced from the order line; a consignment note for the trip; the ledger's shipment
-- (what was held for the order and not picked released, what was picked of another batch
-- held first, then all of it shipped); the orders shipped (an order nothing was picked for is
-- cancelled, saying so); a receivable per document due by the agreement's terms; the trip's
-- status documents. A trip with its documents already made: nothing changes (again = true);
-- after a storno only what is missing is made.
-- {trip, status, made, documents, cancelled, again}: made counts the new documents, documents
-- the trip's live ones, cancelled the orders with nothing picked.
CREATE OR REPLACE FUNCTION polka.trip_documents_make(p_trip bigint) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_trip polka.trips;
    v_year int;
    v_count int;
    v_first int;
    v_orders bigint[];
    v_empty bigint[];
    v_made int := 0;
    v_bad text;
    v_batch text;
    v_need numeric;
    v_free numeric;
BEGIN
    PERFORM polka.documents_rights_check();
    SELECT * INTO v_trip FROM polka.trips WHERE id = p_trip FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('trip', p_trip); END IF;
    IF v_trip.status IN ('planned', 'picking') THEN
        RAISE EXCEPTION 'trip % is %: its documents are made once its picking facts are in', v_trip.number, v_trip.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_trip_picked';
    END IF;
    IF v_trip.status <> 'picked' THEN
        RETURN jsonb_build_object('trip', v_trip.number, 'status', v_trip.status, 'made', 0, 'cancelled', 0,
                                  'again', true, 'documents',
                                  (SELECT count(*) FROM polka.documents d WHERE d.trip_id = p_trip AND d.cancelled_at IS NULL));
    END IF;
    SELECT count(*), string_agg(format('%s %s', s.number, p.code), ', ' ORDER BY s.number, p.code)
      INTO v_count, v_bad
      FROM polka.trip_line_differences(p_trip) w
      JOIN polka.order_lines l ON l.id = w.order_line_id
      JOIN polka.shipping_orders s ON s.order_id = l.order_id
      JOIN polka.products p ON p.id = l.product_id
     WHERE w.difference IS NOT NULL AND w.accepted IS NULL;
    IF v_count > 0 THEN
        RAISE EXCEPTION '% line(s) of trip % differ from their task and are not accepted: %', v_count, v_trip.number,
            CASE WHEN length(v_bad) > 200 THEN left(v_bad, 200) || '…' ELSE v_bad END
            USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_differences_accepted';
    END IF;

    -- The trip's orders without a live document: with facts (documented) and without (empty).
    -- (The orders with facts found in one pass over the trip's facts: asked per order, twice,
    -- each a scan of the trip's facts, it was 9 ms of a 2,000-line trip.)
    WITH p AS MATERIALIZED (
        SELECT DISTINCT l.order_id FROM polka.picking_facts f JOIN polka.order_lines l ON l.id = f.order_line_id
         WHERE f.trip_id = p_trip)
    SELECT array_agg(s.order_id) FILTER (WHERE p.order_id IS NOT NULL),
           array_agg(s.order_id) FILTER (WHERE p.order_id IS NULL)
      INTO v_orders, v_empty
      FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
      LEFT JOIN p ON p.order_id = s.order_id
     WHERE s.trip_id = p_trip AND o.status = 'picking'
       AND NOT EXISTS (SELECT FROM polka.documents d WHERE d.shipping_order_id = s.id AND d.kind = 'upd' AND d.cancelled_at IS NULL);
    v_orders := coalesce(v_orders, '{}');
    v_empty := coalesce(v_empty, '{}');
    -- Nothing picked for any order still to document: no documents to make (the orders stay
    -- as they are: the planner takes them off the trip or the warehouse picks).
    IF cardinality(v_orders) = 0 AND cardinality(v_empty) > 0
       AND NOT EXISTS (SELECT FROM polka.documents d WHERE d.trip_id = p_trip AND d.kind = 'upd' AND d.cancelled_at IS NULL) THEN
        RAISE EXCEPTION 'nothing was picked for trip %: there is nothing to make documents of', v_trip.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_something_picked';
    END IF;
    -- The batches the facts took, locked in id order as the ledger locks them: the stock checked
    -- below is the stock the shipment will find (a planner's run waits, no deadlock).
    PERFORM 1 FROM polka.stock_batches b
     WHERE b.id IN (SELECT f.batch_id FROM polka.picking_facts f WHERE f.trip_id = p_trip)
     ORDER BY b.id FOR NO KEY UPDATE;
    v_year := extract(year FROM v_trip.day);

    -- What is picked of another batch beyond its free stock cannot ship: say which (the first).
    SELECT p.code, b.batch, trim_scale(x.need), trim_scale(b.on_hand - b.reserved)
      INTO v_bad, v_batch, v_need, v_free
      FROM (SELECT f.batch_id, sum(f.qty) - coalesce((SELECT sum(r.qty) FROM polka.reservations r
                                                       WHERE r.batch_id = f.batch_id AND r.order_id = ANY (v_orders)), 0) AS need
              FROM polka.picking_facts f JOIN polka.order_lines l ON l.id = f.order_line_id
             WHERE f.trip_id = p_trip AND l.order_id = ANY (v_orders)
             GROUP BY f.batch_id) x
      JOIN polka.stock_batches b ON b.id = x.batch_id
      JOIN polka.products p ON p.id = b.product_id
     WHERE x.need > b.on_hand - b.reserved
     ORDER BY p.code, b.batch LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'trip %: % of batch % picked % beyond what its orders hold, % free: the batch is held for other orders (the planner releases it, or the warehouse picks again)',
            v_trip.number, v_bad, v_batch, v_need, v_free
            USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_stock_enough';
    END IF;

    v_count := cardinality(v_orders);
    IF v_count > 0 THEN
        v_first := polka.doc_numbers('upd', v_year, v_count);
        WITH so AS (
            SELECT s.id, s.order_id, o.client_id, o.point_id, s.number,
                   row_number() OVER (ORDER BY rp.stop NULLS LAST, s.number) AS k
              FROM polka.shipping_orders s
              JOIN polka.orders o ON o.id = s.order_id
              LEFT JOIN polka.route_points rp ON rp.route_id = v_trip.route_id AND rp.point_id = o.point_id
             WHERE s.trip_id = p_trip AND s.order_id = ANY (v_orders)),
        fl AS (
            SELECT so.id AS so_id, l.id AS line_id, l.n AS line_n, f.batch_id, l.product_id, sum(f.qty) AS qty,
                   l.price, l.vat_rate, p.weight_kg, b.expires_on, b.batch
              FROM polka.picking_facts f
              JOIN polka.order_lines l ON l.id = f.order_line_id
              JOIN so ON so.order_id = l.order_id
              JOIN polka.products p ON p.id = l.product_id
              JOIN polka.stock_batches b ON b.id = f.batch_id
             WHERE f.trip_id = p_trip
             GROUP BY so.id, l.id, f.batch_id, p.weight_kg, b.expires_on, b.batch),
        lp AS (
            SELECT fl.*, a.amount, polka.line_vat(a.amount, fl.vat_rate) AS vat,
                   row_number() OVER (PARTITION BY fl.so_id ORDER BY fl.line_n, fl.expires_on, fl.batch) AS n
              FROM fl CROSS JOIN LATERAL (SELECT polka.line_amount(fl.qty, fl.price) AS amount) a),
        -- The totals and the pallets (SSCCs) per shipping order, each computed once (joined
        -- below, the pallets as a subquery per total ran again for every shipping order).
        tot AS MATERIALIZED (
            SELECT lp.so_id, count(*) AS lines, sum(lp.amount) AS amount, sum(lp.vat) AS vat,
                   sum(lp.qty * lp.weight_kg) AS kg
              FROM lp GROUP BY lp.so_id),
        pal AS MATERIALIZED (
            SELECT so.id AS so_id, count(DISTINCT f.sscc) AS pallets
              FROM polka.picking_facts f
              JOIN polka.order_lines l ON l.id = f.order_line_id
              JOIN so ON so.order_id = l.order_id
             WHERE f.trip_id = p_trip
             GROUP BY so.id),
        docs AS (
            INSERT INTO polka.documents (kind, year, seq, doc_date, trip_id, shipping_order_id, order_id, client_id,
                                         point_id, lines, amount, vat_amount, weight_kg, pallets)
            SELECT 'upd', v_year, v_first + so.k - 1, v_trip.day, p_trip, so.id, so.order_id, so.client_id, so.point_id,
                   tot.lines, tot.amount, tot.vat, tot.kg, coalesce(pal.pallets, 0)
              FROM so JOIN tot ON tot.so_id = so.id LEFT JOIN pal ON pal.so_id = so.id
             ORDER BY so.k
            RETURNING id, shipping_order_id, order_id, client_id, doc_date, seq, amount),
        recv AS (
            INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount, document_id)
            SELECT docs.client_id, 'УПД ' || docs.seq, docs.doc_date,
                   polka.document_due(docs.doc_date, (SELECT o.agreement_id FROM polka.orders o WHERE o.id = docs.order_id)),
                   docs.amount, docs.id
              FROM docs WHERE docs.amount > 0)
        INSERT INTO polka.document_lines (document_id, n, order_line_id, product_id, batch_id, qty, price, vat_rate,
                                          amount, vat_amount)
        SELECT docs.id, lp.n, lp.line_id, lp.product_id, lp.batch_id, lp.qty, lp.price, lp.vat_rate, lp.amount, lp.vat
          FROM lp JOIN docs ON docs.shipping_order_id = lp.so_id;
        v_made := v_count;
    END IF;

    -- The ledger: per order and batch, what was held and not picked released, what was picked
    -- beyond what was held reserved, all that was picked shipped; promises on planned
    -- receipts taken back. The empty orders only release.
    WITH r AS (
        DELETE FROM polka.reservations r WHERE r.order_id = ANY (v_orders || v_empty)
        RETURNING r.order_id, r.batch_id, r.receipt_id, r.qty),
    pr AS (
        UPDATE polka.planned_receipts p SET reserved = p.reserved - x.qty
          FROM (SELECT r.receipt_id, sum(r.qty) AS qty FROM r WHERE r.receipt_id IS NOT NULL GROUP BY r.receipt_id) x
         WHERE p.id = x.receipt_id),
    held AS (
        SELECT r.order_id, r.batch_id, sum(r.qty) AS qty FROM r WHERE r.batch_id IS NOT NULL GROUP BY r.order_id, r.batch_id),
    picked AS (
        SELECT l.order_id, f.batch_id, sum(f.qty) AS qty
          FROM polka.picking_facts f JOIN polka.order_lines l ON l.id = f.order_line_id
         WHERE f.trip_id = p_trip AND l.order_id = ANY (v_orders)
         GROUP BY l.order_id, f.batch_id),
    hp AS (
        SELECT coalesce(h.order_id, p.order_id) AS order_id, coalesce(h.batch_id, p.batch_id) AS batch_id,
               coalesce(h.qty, 0) AS held, coalesce(p.qty, 0) AS picked
          FROM held h FULL JOIN picked p ON p.order_id = h.order_id AND p.batch_id = h.batch_id)
    INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id, note)
    SELECT m.kind, hp.batch_id, m.qty, hp.order_id, 'trip ' || v_trip.number
      FROM hp CROSS JOIN LATERAL (VALUES ('release', least(hp.picked - hp.held, 0)),
                                         ('reservation', greatest(hp.picked - hp.held, 0)),
                                         ('shipment', -hp.picked)) m(kind, qty)
     WHERE m.qty <> 0
     ORDER BY hp.batch_id;

    UPDATE polka.orders o SET status = 'shipped', version = o.version + 1, updated_at = now()
     WHERE o.id = ANY (v_orders);
    UPDATE polka.orders o
       SET status = 'cancelled', cancel_reason = format('nothing picked for trip %s', v_trip.number),
           version = o.version + 1, updated_at = now()
     WHERE o.id = ANY (v_empty);

    -- The consignment note: made when the trip has none live, summed again either way.
    IF NOT EXISTS (SELECT FROM polka.documents d WHERE d.trip_id = p_trip AND d.kind = 'tn' AND d.cancelled_at IS NULL)
       AND EXISTS (SELECT FROM polka.documents d WHERE d.trip_id = p_trip AND d.kind = 'upd' AND d.cancelled_at IS NULL) THEN
        INSERT INTO polka.documents (kind, year, seq, doc_date, trip_id)
        VALUES ('tn', v_year, polka.doc_numbers('tn', v_year, 1), v_trip.day, p_trip);
        v_made := v_made + 1;
    END IF;
    PERFORM polka.trip_note_sum(p_trip, NULL);

    UPDATE polka.trips SET status = 'documents', status_at = now(), version = version + 1 WHERE id = p_trip;
    RETURN jsonb_build_object('trip', v_trip.number, 'status', 'documents', 'made', v_made,
                              'cancelled', cardinality(v_empty), 'again', false, 'documents',
                              (SELECT count(*) FROM polka.documents d WHERE d.trip_id = p_trip AND d.cancelled_at IS NULL));
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_documents_make(bigint) TO polka_user;

-- One business action: the head cancels (storno) a document with a reason while its truck
-- has not left. A sales document: its shipment taken back in the ledger (the goods are on
-- the truck's pallets: on hand again and held for the order, as picked), its receivable gone
-- (refused when anything is paid), its order being picked again, the trip's consignment note
-- summed again (cancelled with it when it was the last). A consignment note: cancelled alone.
-- Either way the trip is picked again: making its documents makes what is missing.
CREATE OR REPLACE FUNCTION polka.document_storno(p_document bigint, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_trip polka.trips;
    d polka.documents;
    v_reason text := nullif(btrim(p_reason), '');
BEGIN
    IF NOT polka.has_role('head') THEN
        RAISE EXCEPTION 'only the head cancels documents' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT t.* INTO v_trip FROM polka.documents x JOIN polka.trips t ON t.id = x.trip_id
     WHERE x.id = p_document FOR UPDATE OF t;
    IF NOT FOUND THEN PERFORM polka.not_found('document', p_document); END IF;
    SELECT * INTO d FROM polka.documents WHERE id = p_document FOR UPDATE;
    IF d.cancelled_at IS NOT NULL THEN
        RAISE EXCEPTION 'document % is cancelled already', d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_cancel_once';
    END IF;
    IF v_trip.status IN ('left', 'returned') THEN
        RAISE EXCEPTION 'trip % has left: its documents are corrected, not cancelled', v_trip.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_storno_before_leaving';
    END IF;
    UPDATE polka.documents SET cancelled_at = now(), cancelled_by = session_user, cancel_reason = v_reason
     WHERE id = d.id;
    IF d.kind = 'upd' THEN
        IF EXISTS (SELECT FROM polka.receivables r WHERE r.document_id = d.id AND r.paid > 0) THEN
            RAISE EXCEPTION 'document % is partly paid: it is corrected, not cancelled', d.code
                USING ERRCODE = 'check_violation', CONSTRAINT = 'documents_storno_unpaid';
        END IF;
        DELETE FROM polka.receivables r WHERE r.document_id = d.id;
        WITH x AS (
            SELECT l.product_id, l.batch_id, sum(l.qty) AS qty
              FROM polka.document_lines l WHERE l.document_id = d.id GROUP BY l.product_id, l.batch_id),
        m AS (
            INSERT INTO polka.stock_moves (kind, batch_id, qty, order_id, note)
            SELECT 'storno', x.batch_id, x.qty, d.order_id, 'document ' || d.code FROM x ORDER BY x.batch_id)
        INSERT INTO polka.reservations AS r (order_id, product_id, batch_id, qty)
        SELECT d.order_id, x.product_id, x.batch_id, x.qty FROM x
        ON CONFLICT (order_id, product_id, batch_id, receipt_id) DO UPDATE SET qty = r.qty + EXCLUDED.qty;
        UPDATE polka.orders SET status = 'picking', version = version + 1, updated_at = now() WHERE id = d.order_id;
        PERFORM polka.trip_note_sum(v_trip.id, v_reason);
    END IF;
    UPDATE polka.trips SET status = 'picked', status_at = now(), version = version + 1 WHERE id = v_trip.id;
    RETURN d.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.document_storno(bigint,text) TO polka_user;

-- A trip's documents for the desk and for scripts: the consignment note first, then the
-- sales documents in stop order; cancelled ones last; printed or not.
CREATE OR REPLACE FUNCTION polka.trip_documents(p_trip bigint)
RETURNS TABLE (id bigint, kind text, code text, number integer, doc_date date, stop smallint, client text,
               point text, lines integer, amount numeric, vat_amount numeric, weight_kg numeric, pallets integer,
               printed boolean, cancelled text, returned boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT d.id, d.kind, d.code, d.seq, d.doc_date, rp.stop, c.name, dp.name, d.lines, d.amount, d.vat_amount,
           trim_scale(d.weight_kg), d.pallets, d.printed_at IS NOT NULL, d.cancel_reason, d.returned_at IS NOT NULL
      FROM polka.documents d
      JOIN polka.trips t ON t.id = d.trip_id
      LEFT JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.delivery_points dp ON dp.id = d.point_id
      LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = d.point_id
     WHERE d.trip_id = p_trip
     ORDER BY d.cancelled_at IS NOT NULL, d.kind = 'upd', rp.stop NULLS LAST, d.seq
$$;
GRANT EXECUTE ON FUNCTION polka.trip_documents(bigint) TO polka_user;

-- One business action: the truck left with its documents. A printed trip (every live document
-- printed) becomes left: from then on its documents are corrected, not cancelled. A trip
-- that left already: nothing changes. Returns the trip's status.
CREATE OR REPLACE FUNCTION polka.trip_depart(p_trip bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.trips;
BEGIN
    PERFORM polka.documents_rights_check();
    SELECT * INTO t FROM polka.trips WHERE id = p_trip FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('trip', p_trip); END IF;
    IF t.status IN ('left', 'returned') THEN
        RETURN t.status;
    END IF;
    IF t.status <> 'printed' THEN
        RAISE EXCEPTION 'trip % is %: a truck leaves once its documents are made and printed', t.number, t.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'trips_depart_printed';
    END IF;
    UPDATE polka.trips SET status = 'left', status_at = now(), version = version + 1 WHERE id = p_trip;
    -- The event: the clients who want one get a notice of what left (functions/notices.sql).
    PERFORM polka.notices_queue_trip(p_trip);
    RETURN 'left';
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_depart(bigint) TO polka_user;
