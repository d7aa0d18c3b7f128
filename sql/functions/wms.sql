-- wms.sql: the WMS exchange (issue 15, schema 020): the picking tasks of a trip as a file for
-- the warehouse management system, and its picking facts read back, all or nothing per file,
-- each file once. The formats are documented in the README ("The WMS exchange").
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- The exchange: waybill clerks, planners, the head, administrators.
CREATE OR REPLACE FUNCTION polka.wms_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('waybill_clerk') OR polka.has_role('planner') OR polka.has_role('head')
            OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only waybill clerks, planners, the head and administrators exchange files with the WMS'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.wms_rights_check() TO polka_user;

-- The trips whose picking tasks go to the WMS: being picked, on p_day (NULL: today and later).
-- file: the name of the trip's files without the kind ("trip-2026-12-07-00042").
CREATE OR REPLACE FUNCTION polka.wms_trips(p_day date DEFAULT NULL)
RETURNS TABLE (id bigint, number text, day date, file text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.id, t.number, t.day, 'trip-' || to_char(t.day, 'YYYY-MM-DD') || '-' || regexp_replace(t.number, '\D', '', 'g')
      FROM polka.trips t
     WHERE t.status = 'picking' AND (t.day = p_day OR p_day IS NULL AND t.day >= polka.business_day())
     ORDER BY t.day, t.departure, t.number
$$;
GRANT EXECUTE ON FUNCTION polka.wms_trips(date) TO polka_user;

-- A field of the exchange: no tab, no line break (a name that had one gets a space).
CREATE OR REPLACE FUNCTION polka.wms_field(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(regexp_replace(t, '[\t\r\n]+', ' ', 'g'), '');

-- The picking tasks of a trip (being picked), the file's whole text: a header, the trip, per
-- shipping order in stop order its ORDER record and its lines' LINE records (what allocation
-- confirmed, the reserved batches as hints), and END with the count of records between.
CREATE OR REPLACE FUNCTION polka.wms_tasks(p_trip bigint) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
    body text;
    n int;
BEGIN
    PERFORM polka.wms_rights_check();
    SELECT tr.number, tr.day, tr.status, w.code AS wh, v.plate, to_char(tr.departure, 'HH24:MI') AS dep INTO t
      FROM polka.trips tr JOIN polka.warehouses w ON w.id = tr.warehouse_id JOIN polka.vehicles v ON v.id = tr.vehicle_id
     WHERE tr.id = p_trip;
    IF NOT FOUND THEN PERFORM polka.not_found('trip', p_trip); END IF;
    IF t.status <> 'picking' THEN
        RAISE EXCEPTION 'trip % is not being picked: its tasks go to the warehouse when its picking starts', t.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'wms_trip_picking';
    END IF;
    WITH so AS (
        SELECT s.id, s.number, o.id AS order_id, o.number AS order_number, c.code AS client_code,
               c.name AS client_name, p.name AS point_name, rp.stop
          FROM polka.shipping_orders s
          JOIN polka.orders o ON o.id = s.order_id
          JOIN polka.partners c ON c.id = o.client_id
          LEFT JOIN polka.delivery_points p ON p.id = o.point_id
          JOIN polka.trips tr ON tr.id = s.trip_id
          LEFT JOIN polka.route_points rp ON rp.route_id = tr.route_id AND rp.point_id = o.point_id
         WHERE s.trip_id = p_trip),
    rec AS (
        SELECT so.stop, so.number AS so_number, 0 AS n,
               concat_ws(E'\t', 'ORDER', so.number, so.order_number, polka.wms_field(so.client_code),
                         polka.wms_field(so.client_name), polka.wms_field(so.point_name),
                         coalesce(so.stop::text, '')) AS line
          FROM so
        UNION ALL
        SELECT so.stop, so.number, l.n,
               concat_ws(E'\t', 'LINE', so.number, l.n, pr.code, coalesce(pr.gtin, ''), polka.wms_field(pr.name),
                         trim_scale(l.confirmed)::text, pr.unit,
                         coalesce((SELECT string_agg(b.batch || '=' || trim_scale(r.qty), ';' ORDER BY b.expires_on, b.batch)
                                     FROM polka.reservations r JOIN polka.stock_batches b ON b.id = r.batch_id
                                    WHERE r.order_id = so.order_id AND r.product_id = l.product_id), ''))
          FROM so
          JOIN polka.order_lines l ON l.order_id = so.order_id AND l.confirmed > 0
          JOIN polka.products pr ON pr.id = l.product_id)
    SELECT string_agg(rec.line, E'\n' ORDER BY rec.stop NULLS LAST, rec.so_number, rec.n), count(*)
      INTO body, n FROM rec;
    RETURN concat_ws(E'\n', E'POLKA-WMS\tTASKS\t1',
                     concat_ws(E'\t', 'TRIP', t.number, t.day::text, t.wh, t.plate, t.dep),
                     body, E'END\t' || n) || E'\n';
END
$$;
GRANT EXECUTE ON FUNCTION polka.wms_tasks(bigint) TO polka_user;

-- One business action: a picking facts file imported, all or nothing. The same file again
-- (by its SHA-256) changes nothing and says so (again = true); another file for the trip
-- replaces its facts while the trip's documents are not made. A fault names the line.
-- The trip becomes picked.
CREATE OR REPLACE FUNCTION polka.wms_import(p_file text, p_content text)
RETURNS TABLE (import_id bigint, trip text, picks int, again boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_sha text := encode(sha256(convert_to(coalesce(p_content, ''), 'UTF8')), 'hex');
    lines text[];
    f text[];
    i int;
    nlines int;
    t polka.trips;
    v_import bigint;
    v_so polka.shipping_orders;
    v_line polka.order_lines;
    v_batch bigint;
    v_qty numeric;
    v_unit_scale int;
    v_picks int := 0;
    v_end boolean := false;
    v_prev polka.wms_imports;
BEGIN
    PERFORM polka.wms_rights_check();
    SELECT * INTO v_prev FROM polka.wms_imports w WHERE w.sha256 = v_sha;
    IF FOUND THEN
        RETURN QUERY SELECT v_prev.id, (SELECT x.number FROM polka.trips x WHERE x.id = v_prev.trip_id), v_prev.picks, true;
        RETURN;
    END IF;
    IF p_content IS NULL OR p_content = '' THEN
        RAISE EXCEPTION 'the file is empty' USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
    END IF;
    IF length(p_content) > 8000000 THEN
        RAISE EXCEPTION 'the file is larger than 8 MB' USING ERRCODE = 'invalid_parameter_value',
            CONSTRAINT = 'wms_file_valid';
    END IF;
    lines := string_to_array(rtrim(p_content, E'\n'), E'\n');
    nlines := cardinality(lines);
    FOR i IN 1 .. nlines LOOP
        lines[i] := rtrim(lines[i], E'\r'); -- a Windows line end is accepted
        IF lines[i] ~ '[\x01-\x08\x0b-\x1f\x7f]' THEN
            RAISE EXCEPTION 'line %: a control character', i USING ERRCODE = 'invalid_parameter_value',
                CONSTRAINT = 'wms_file_valid';
        END IF;
    END LOOP;
    IF lines[1] IS DISTINCT FROM E'POLKA-WMS\tFACTS\t1' THEN
        RAISE EXCEPTION 'line 1: not a picking facts file of version 1 (POLKA-WMS, FACTS, 1 expected)'
            USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
    END IF;
    f := string_to_array(lines[2], E'\t');
    IF nlines < 2 OR f[1] IS DISTINCT FROM 'TRIP' OR cardinality(f) <> 2 THEN
        RAISE EXCEPTION 'line 2: TRIP and the trip''s number expected' USING ERRCODE = 'invalid_parameter_value',
            CONSTRAINT = 'wms_file_valid';
    END IF;
    SELECT * INTO t FROM polka.trips x WHERE x.number = f[2] FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'line 2: no trip %', f[2] USING ERRCODE = 'invalid_parameter_value',
            CONSTRAINT = 'wms_file_valid';
    END IF;
    IF t.status NOT IN ('picking', 'picked') THEN
        RAISE EXCEPTION 'trip % is %: picking facts are taken while it is being picked or picked', t.number, t.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'wms_trip_picking';
    END IF;
    -- A document made from the facts stands on them (picked again after a storno of some).
    IF EXISTS (SELECT FROM polka.documents d WHERE d.trip_id = t.id AND d.kind = 'upd' AND d.cancelled_at IS NULL) THEN
        RAISE EXCEPTION 'trip % has documents made from its picking facts: the head cancels them before new facts are taken',
            t.number USING ERRCODE = 'check_violation', CONSTRAINT = 'wms_trip_no_documents';
    END IF;
    INSERT INTO polka.wms_imports (trip_id, file_name, sha256, picks)
    VALUES (t.id, left(coalesce(nullif(btrim(p_file), ''), '-'), 255), v_sha, 0)
    RETURNING id INTO v_import;
    DELETE FROM polka.picking_facts p WHERE p.trip_id = t.id;
    DELETE FROM polka.pick_acceptances a WHERE a.trip_id = t.id; -- they were for the facts replaced

    FOR i IN 3 .. nlines LOOP
        IF v_end THEN
            RAISE EXCEPTION 'line %: something after END', i USING ERRCODE = 'invalid_parameter_value',
                CONSTRAINT = 'wms_file_valid';
        END IF;
        f := string_to_array(lines[i], E'\t');
        IF f[1] = 'END' THEN
            IF cardinality(f) <> 2 OR f[2] !~ '^[0-9]{1,9}$' OR f[2]::int <> v_picks THEN
                RAISE EXCEPTION 'line %: END counts % records, the file has %', i, coalesce(f[2], '-'), v_picks
                    USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
            END IF;
            v_end := true;
            CONTINUE;
        END IF;
        IF f[1] IS DISTINCT FROM 'PICK' OR cardinality(f) NOT IN (5, 6) THEN
            RAISE EXCEPTION 'line %: PICK with shipping order, line, batch, quantity and pallet SSCC expected', i
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        SELECT * INTO v_so FROM polka.shipping_orders s WHERE s.number = f[2] AND s.trip_id = t.id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'line %: shipping order % is not on trip %', i, f[2], t.number
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        IF f[3] !~ '^[0-9]{1,6}$' THEN
            RAISE EXCEPTION 'line %: the line number % is not a number', i, f[3]
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        SELECT * INTO v_line FROM polka.order_lines l WHERE l.order_id = v_so.order_id AND l.n = f[3]::int;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'line %: shipping order % has no line %', i, f[2], f[3]
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        SELECT b.id INTO v_batch FROM polka.stock_batches b
         WHERE b.warehouse_id = t.warehouse_id AND b.product_id = v_line.product_id AND b.batch = f[4];
        IF NOT FOUND THEN
            RAISE EXCEPTION 'line %: no batch % of this product at the trip''s warehouse', i, f[4]
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        SELECT u.scale INTO v_unit_scale FROM polka.products p JOIN polka.units u ON u.code = p.unit
         WHERE p.id = v_line.product_id;
        IF f[5] !~ '^[0-9]{1,9}([.,][0-9]{1,3})?$' THEN
            RAISE EXCEPTION 'line %: the quantity % is not a number above zero', i, f[5]
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        v_qty := replace(f[5], ',', '.')::numeric;
        -- Absurd: zero, more decimals than the unit has, or over twice what was ordered.
        IF v_qty <= 0 OR v_qty <> round(v_qty, v_unit_scale) OR v_qty > 2 * v_line.qty THEN
            RAISE EXCEPTION 'line %: % picked of line % (% ordered) cannot be', i, f[5], f[3], trim_scale(v_line.qty)
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        IF coalesce(f[6], '') <> '' AND NOT (f[6] ~ '^[0-9]{18}$'
                                              AND polka.gs1_check_digit(left(f[6], -1)) = right(f[6], 1)) THEN
            RAISE EXCEPTION 'line %: % is not an SSCC (18 digits with a check digit)', i, f[6]
                USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'wms_file_valid';
        END IF;
        INSERT INTO polka.picking_facts (import_id, trip_id, order_line_id, batch_id, qty, sscc)
        VALUES (v_import, t.id, v_line.id, v_batch, v_qty, nullif(f[6], ''));
        v_picks := v_picks + 1;
    END LOOP;
    IF NOT v_end THEN
        RAISE EXCEPTION 'the file ends before its END line (truncated?)' USING ERRCODE = 'invalid_parameter_value',
            CONSTRAINT = 'wms_file_valid';
    END IF;
    UPDATE polka.wms_imports w SET picks = v_picks WHERE w.id = v_import;
    UPDATE polka.trips SET status = 'picked', status_at = now(), version = version + 1
     WHERE id = t.id AND status = 'picking';
    RETURN QUERY SELECT v_import, t.number, v_picks, false;
END
$$;
GRANT EXECUTE ON FUNCTION polka.wms_import(text,text) TO polka_user;

-- The waybill desk --------------------------------------------------------------------------

-- A trip's order lines against the picking facts: per line its task (what allocation
-- confirmed), what was picked, and the difference: not_picked, short, over, batch (a batch not
-- reserved for it), shelf_life (a batch expiring before the residual shelf life the client's
-- agreement asks); NULL when the facts match. Before any facts every line is not_picked.
-- accepted_as: the difference the clerk accepted; accepted: his reason when that is the
-- difference. Once the order's document is made (its reservations gone: its task batches are
-- no longer known) a line has the difference that was accepted, if any. The checks read it
-- (making documents, accepting a line, the trips' counts); waybill_lines puts it in words.
CREATE OR REPLACE FUNCTION polka.trip_line_differences(p_trip bigint)
RETURNS TABLE (order_line_id bigint, task numeric, picked numeric, difference text, accepted_as text,
               accepted text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH l AS (
        SELECT l.id, l.confirmed AS task, o.id AS order_id, l.product_id, o.status IN ('shipped', 'cancelled') AS done,
               polka.min_expiry(o.ship_on, p.shelf_life_days, a.min_shelf_percent) AS min_exp
          FROM polka.shipping_orders s
          JOIN polka.orders o ON o.id = s.order_id
          LEFT JOIN polka.agreements a ON a.id = o.agreement_id
          JOIN polka.order_lines l ON l.order_id = o.id AND l.confirmed > 0
          JOIN polka.products p ON p.id = l.product_id
         WHERE s.trip_id = p_trip),
    -- Each line's facts read once, in one pass grouped by line: picked in all, any batch not
    -- held for it, any too old. (Not a lookup per line, 10 µs each; and not the lines joined to
    -- their facts already grouped: with the new lines' statistics stale the planner took one
    -- line for the trip and grouped all the facts again for every line, 2 s.)
    x AS MATERIALIZED (
        SELECT l.id, l.task, l.done, coalesce(sum(f.qty), 0) AS picked,
               coalesce(bool_or(b.expires_on < l.min_exp), false) AS too_old,
               coalesce(bool_or(NOT EXISTS (SELECT FROM polka.reservations r
                                             WHERE r.order_id = l.order_id AND r.product_id = l.product_id
                                               AND r.batch_id = f.batch_id))
                          FILTER (WHERE f.id IS NOT NULL), false) AS other_batch
          FROM l
          LEFT JOIN (polka.picking_facts f JOIN polka.stock_batches b ON b.id = f.batch_id) ON f.order_line_id = l.id
         GROUP BY l.id, l.task, l.done),
    y AS (
        SELECT x.id, x.task, x.picked,
               CASE WHEN x.done THEN a.difference
                    WHEN x.picked = 0 THEN 'not_picked' WHEN x.too_old THEN 'shelf_life'
                    WHEN x.picked < x.task THEN 'short' WHEN x.picked > x.task THEN 'over'
                    WHEN x.other_batch THEN 'batch' END AS diff, a.difference AS a_diff, a.reason AS a_reason
          FROM x LEFT JOIN polka.pick_acceptances a ON a.order_line_id = x.id)
    SELECT y.id, y.task, y.picked, y.diff, y.a_diff, CASE WHEN y.a_diff = y.diff THEN y.a_reason END FROM y
$$;
GRANT EXECUTE ON FUNCTION polka.trip_line_differences(bigint) TO polka_user;

-- The desk's lines: trip_line_differences with the stop, shipping order, order, client and
-- product, the batches reserved (the task) and picked; differences not accepted first, then
-- accepted ones.
CREATE OR REPLACE FUNCTION polka.waybill_lines(p_trip bigint)
RETURNS TABLE (order_line_id bigint, stop smallint, shipping_order text, order_number text,
               client text, product_code text, product_name text, task numeric, task_batches text,
               picked numeric, picked_batches text, difference text, accepted text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT d.order_line_id, rp.stop, s.number, o.number, c.name, p.code, p.name, trim_scale(d.task),
           (SELECT string_agg(b.batch || ' ' || trim_scale(r.qty), ', ' ORDER BY b.expires_on, b.batch)
              FROM polka.reservations r JOIN polka.stock_batches b ON b.id = r.batch_id
             WHERE r.order_id = o.id AND r.product_id = l.product_id),
           trim_scale(d.picked),
           (SELECT string_agg(b.batch || ' ' || trim_scale(f.qty), ', ' ORDER BY b.expires_on, b.batch)
              FROM polka.picking_facts f JOIN polka.stock_batches b ON b.id = f.batch_id
             WHERE f.order_line_id = d.order_line_id),
           d.difference, d.accepted
      FROM polka.trip_line_differences(p_trip) d
      JOIN polka.order_lines l ON l.id = d.order_line_id
      JOIN polka.orders o ON o.id = l.order_id
      JOIN polka.shipping_orders s ON s.order_id = o.id
      JOIN polka.trips t ON t.id = s.trip_id
      JOIN polka.partners c ON c.id = o.client_id
      JOIN polka.products p ON p.id = l.product_id
      LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = o.point_id
     ORDER BY d.difference IS NULL, d.accepted_as IS NOT DISTINCT FROM d.difference, rp.stop NULLS LAST, s.number, p.code
$$;
GRANT EXECUTE ON FUNCTION polka.waybill_lines(bigint) TO polka_user;

-- The day's trips of a warehouse for the waybill clerk: status, shipping orders, lines to
-- pick, lines with facts, lines whose facts differ from the task (short, over, not picked,
-- another batch, too old for the client) and are not accepted, and live documents.
CREATE OR REPLACE FUNCTION polka.waybill_trips(p_warehouse bigint, p_day date)
RETURNS TABLE (id bigint, number text, route text, vehicle text, departure text, status text,
               orders bigint, lines bigint, picked bigint, differences bigint, documents bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.id, t.number, r.code, v.plate, to_char(t.departure, 'HH24:MI'), t.status,
           (SELECT count(*) FROM polka.shipping_orders s WHERE s.trip_id = t.id), w.lines, w.picked,
           w.differences,
           (SELECT count(*) FROM polka.documents d WHERE d.trip_id = t.id AND d.cancelled_at IS NULL)
      FROM polka.trips t
      JOIN polka.vehicles v ON v.id = t.vehicle_id
      LEFT JOIN polka.routes r ON r.id = t.route_id
      -- each trip's lines read once
      CROSS JOIN LATERAL (SELECT count(*) AS lines, count(*) FILTER (WHERE l.picked > 0) AS picked,
                                 count(*) FILTER (WHERE l.difference IS NOT NULL AND l.accepted IS NULL)
                                     AS differences
                            FROM polka.trip_line_differences(t.id) l) w
     WHERE t.warehouse_id = p_warehouse AND t.day = p_day
     ORDER BY t.departure, t.number
$$;
GRANT EXECUTE ON FUNCTION polka.waybill_trips(bigint,date) TO polka_user;

-- One business action: the waybill clerk accepts a line's difference between task and facts,
-- with a reason (the documents will take the facts). The trip must be picked (its facts in).
CREATE OR REPLACE FUNCTION polka.waybill_accept(p_order_line bigint, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_trip polka.trips;
    v_diff text;
BEGIN
    IF NOT (polka.has_role('waybill_clerk') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only waybill clerks, the head and administrators accept picking differences'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT t.* INTO v_trip FROM polka.order_lines l
      JOIN polka.shipping_orders s ON s.order_id = l.order_id
      JOIN polka.trips t ON t.id = s.trip_id
     WHERE l.id = p_order_line FOR UPDATE OF t;
    IF NOT FOUND THEN PERFORM polka.not_found('order line', p_order_line); END IF;
    IF v_trip.status <> 'picked' THEN
        RAISE EXCEPTION 'trip % is %: differences are accepted once its picking facts are in', v_trip.number, v_trip.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'pick_acceptances_trip_picked';
    END IF;
    SELECT w.difference INTO v_diff FROM polka.trip_line_differences(v_trip.id) w WHERE w.order_line_id = p_order_line;
    IF v_diff IS NULL THEN
        RAISE EXCEPTION 'the line was picked as tasked: there is nothing to accept'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'pick_acceptances_difference_valid';
    END IF;
    INSERT INTO polka.pick_acceptances (trip_id, order_line_id, difference, reason)
    VALUES (v_trip.id, p_order_line, v_diff, nullif(btrim(p_reason), ''))
    ON CONFLICT ON CONSTRAINT pick_acceptances_line_key
    DO UPDATE SET difference = EXCLUDED.difference, reason = EXCLUDED.reason, by_user = session_user, at = now();
    RETURN v_diff;
END
$$;
GRANT EXECUTE ON FUNCTION polka.waybill_accept(bigint,text) TO polka_user;

