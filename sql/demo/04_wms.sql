-- 04_wms.sql: a WMS simulator for the demo and tests (`polka demo wms DIR [DAY]`): the picking
-- facts a warehouse would report for a trip being picked, with the deviations real picking
-- has, decided by a hash of each line (the same trip gives the same file):
--   about 6 lines in 10 picked as tasked (the reserved batches), 1 in 10 short (80 % of it,
--   whole packs), 1 in 10 from another batch of the same product at the warehouse (when there
--   is one), 1 in 10 over-picked by a pack (within twice what was ordered), 1 in 10 not picked;
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
        IF r.dice = 6 THEN -- short: 80 %, whole packs
            q := floor(r.confirmed * 0.8 / r.pack_qty) * r.pack_qty;
            IF q > 0 THEN
                body := body || format(E'PICK\t%s\t%s\t%s\t%s\t%s', r.so, r.n, r.hints[1], trim_scale(q), sscc);
            END IF;
        ELSIF r.dice = 7 THEN -- another batch of the product, when the warehouse has one
            SELECT b.batch INTO alt FROM polka.stock_batches b
             WHERE b.warehouse_id = t.warehouse_id AND b.product_id = r.product_id AND b.batch <> ALL (r.hints)
               AND b.on_hand > 0
             ORDER BY b.expires_on DESC, b.batch LIMIT 1;
            body := body || format(E'PICK\t%s\t%s\t%s\t%s\t%s', r.so, r.n, coalesce(alt, r.hints[1]),
                                   trim_scale(r.confirmed), sscc);
        ELSIF r.dice = 8 THEN -- a pack more, within the tolerance
            body := body || format(E'PICK\t%s\t%s\t%s\t%s\t%s', r.so, r.n, r.hints[1],
                                   trim_scale(least(r.confirmed + r.pack_qty, 2 * r.confirmed)), sscc);
        ELSE -- as tasked, batch by batch
            FOR k IN 1 .. cardinality(r.hints) LOOP
                body := body || format(E'PICK\t%s\t%s\t%s\t%s\t%s', r.so, r.n, r.hints[k], trim_scale(r.hint_qty[k]), sscc);
            END LOOP;
        END IF;
    END LOOP;
    RETURN concat_ws(E'\n', E'POLKA-WMS\tFACTS\t1', E'TRIP\t' || t.number,
                     nullif(array_to_string(body, E'\n'), ''), E'END\t' || cardinality(body)) || E'\n';
END
$$;
