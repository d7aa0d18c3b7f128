-- 04_wms.sql: a WMS simulator for the demo and tests (`polka demo wms DIR [DAY]`): the picking
-- facts a warehouse would report for a trip being picked, with the deviations real picking
-- has, decided by a hash of each line (the same trip gives the same file):
--   about 6 lines in 10 picked as tasked (the reserved batches), 1 in 10 short (80 % of it,
--   whole packs), 1 in 10 from another batch of the same product at the warehouse (when one
--   has enough that no order holds), 1 in 10 over-picked by a pack (within twice what was ordered, when the batch has it free), 1 in 10 not picked;
-- each shipping order on a pallet of its own (an SSCC with the demo's GS1 company prefix).

-- The facts file of a trip being picked (the format: README, "The WMS exchange").
CREATE OR REPLACE FUNCTION polka_demo.wms_simulate(p_trip bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    t polka.trips;
    r record;
    body text[] := '{}';
    k int;
    q numeric;
    sscc text;
    alt text;
    alt_id bigint;
    pb text[]; -- a line's picks: batches and quantities
    pq numeric[];
    taken jsonb := '{}'; -- what this file took of other batches so far, by batch id
BEGIN
    SELECT * INTO t FROM polka.trips WHERE id = p_trip;
    IF NOT FOUND OR t.status NOT IN ('picking', 'picked') THEN
        RAISE EXCEPTION 'trip % is not being picked', p_trip USING ERRCODE = 'check_violation';
    END IF;
    FOR r IN SELECT s.id AS so_id, s.number AS so, l.n, l.product_id, l.confirmed, p.pack_qty,
                    abs(hashtext(s.number || '/' || l.n)) % 10 AS dice,
                    (SELECT array_agg(b.batch ORDER BY b.expires_on, b.batch) FROM polka.reservations x
                       JOIN polka.stock_batches b ON b.id = x.batch_id
                      WHERE x.order_id = s.order_id AND x.product_id = l.product_id) AS hints,
                    (SELECT array_agg(x.qty ORDER BY b.expires_on, b.batch) FROM polka.reservations x
                       JOIN polka.stock_batches b ON b.id = x.batch_id
                      WHERE x.order_id = s.order_id AND x.product_id = l.product_id) AS hint_qty
               FROM polka.shipping_orders s
               JOIN polka.order_lines l ON l.order_id = s.order_id AND l.confirmed > 0
               JOIN polka.products p ON p.id = l.product_id
              WHERE s.trip_id = p_trip
              ORDER BY s.number, l.n LOOP
        CONTINUE WHEN r.dice = 9 OR r.hints IS NULL; -- not picked at all
        sscc := '0460000' || lpad(((p_trip * 1000 + r.so_id % 1000) % 10000000000)::text, 10, '0');
        sscc := sscc || polka.gs1_check_digit(sscc);
        pb := r.hints; -- as tasked, batch by batch
        pq := r.hint_qty;
        IF r.dice = 6 THEN -- short: 80 %, whole packs, from the reserved batches in order
            q := floor(r.confirmed * 0.8 / r.pack_qty) * r.pack_qty;
            FOR k IN 1 .. cardinality(pq) LOOP
                pq[k] := least(pq[k], q);
                q := q - pq[k];
            END LOOP;
        ELSIF r.dice = 7 THEN -- another batch of the product, when the warehouse has one free
            -- (what no order holds: a batch held for others is not the WMS's to give away)
            SELECT b.batch, b.id INTO alt, alt_id FROM polka.stock_batches b
             WHERE b.warehouse_id = t.warehouse_id AND b.product_id = r.product_id AND b.batch <> ALL (r.hints)
               AND b.on_hand - b.reserved - coalesce((taken ->> b.id::text)::numeric, 0) >= r.confirmed
             ORDER BY b.expires_on DESC, b.batch LIMIT 1;
            IF alt IS NOT NULL THEN
                taken := taken || jsonb_build_object(alt_id::text, coalesce((taken ->> alt_id::text)::numeric, 0) + r.confirmed);
                pb := ARRAY[alt];
                pq := ARRAY[r.confirmed];
            END IF;
        ELSIF r.dice = 8 THEN -- a pack more of the last batch, within the tolerance, when it has it free
            k := cardinality(pb);
            q := least(r.confirmed + r.pack_qty, 2 * r.confirmed) - r.confirmed;
            SELECT b.id INTO alt_id FROM polka.stock_batches b
             WHERE b.warehouse_id = t.warehouse_id AND b.product_id = r.product_id AND b.batch = pb[k]
               AND b.on_hand - b.reserved - coalesce((taken ->> b.id::text)::numeric, 0) >= q;
            IF FOUND THEN
                taken := taken || jsonb_build_object(alt_id::text, coalesce((taken ->> alt_id::text)::numeric, 0) + q);
                pq[k] := pq[k] + q;
            END IF;
        END IF;
        FOR k IN 1 .. cardinality(pb) LOOP
            CONTINUE WHEN pq[k] <= 0;
            body := body || format(E'PICK\t%s\t%s\t%s\t%s\t%s', r.so, r.n, pb[k], trim_scale(pq[k]), sscc);
        END LOOP;
    END LOOP;
    RETURN concat_ws(E'\n', E'POLKA-WMS\tFACTS\t1', E'TRIP\t' || t.number,
                     nullif(array_to_string(body, E'\n'), ''), E'END\t' || cardinality(body)) || E'\n';
END
$$;
