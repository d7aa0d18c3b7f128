-- shipping.sql: the shipping schedule (issue 14, schema 019): vehicles and routes (cards),
-- the order cut-off, trips, and shipping orders placed on trips by route, weekday and
-- capacity; the planner's moves, closing a trip, starting its picking; the trips board.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Master data and trips: planners, the head, administrators (the same as stock).
CREATE OR REPLACE FUNCTION polka.shipping_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('planner') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only planners, the head and administrators change the shipping schedule'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- Cut-off -----------------------------------------------------------------------------------

-- The business's wall clock: now in its time zone; on a test cluster with a pinned day
-- (settings.sql), that day at polka.time (default 12:00), so cut-off cases do not depend on
-- when they run.
CREATE OR REPLACE FUNCTION polka.business_now() RETURNS timestamp
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN coalesce(current_setting('polka.today', true), '') <> ''
                 AND EXISTS (SELECT FROM polka.settings WHERE key = 'test_clock' AND value = 'on')
            THEN current_setting('polka.today', true)::date
                 + coalesce(nullif(current_setting('polka.time', true), ''), '12:00')::time
            ELSE (now() AT TIME ZONE coalesce((SELECT value FROM polka.settings WHERE key = 'business_tz'),
                                              'Europe/Moscow')) END;
GRANT EXECUTE ON FUNCTION polka.business_now() TO polka_user;

-- The day whose cut-off closes orders for shipping on p_day: the last working day before it.
CREATE OR REPLACE FUNCTION polka.cutoff_day(p_day date) RETURNS date
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d date := p_day - 1;
BEGIN
    WHILE NOT polka.is_working_day(d) AND d > p_day - 31 LOOP
        d := d - 1;
    END LOOP;
    RETURN d;
END
$$;
GRANT EXECUTE ON FUNCTION polka.cutoff_day(date) TO polka_user;

-- The first day an order taken now can ship from the warehouse (NULL: the main one) with a
-- lead time of p_lead working days: taken after the cut-off, it counts as taken on the next
-- working day. (Same-day shipping, p_lead 0, is not bound by a cut-off.)
CREATE OR REPLACE FUNCTION polka.first_shipping_day(p_warehouse bigint, p_lead int) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_now timestamp := polka.business_now();
    v_cut time;
    d date := v_now::date;
BEGIN
    SELECT w.order_cutoff INTO v_cut FROM polka.warehouses w
     WHERE w.id = p_warehouse OR (p_warehouse IS NULL AND w.main)
     ORDER BY w.main DESC, w.id LIMIT 1;
    IF coalesce(p_lead, 1) > 0 AND v_now::time >= coalesce(v_cut, '24:00') THEN
        d := polka.shipping_day(d + 1, 0);
    END IF;
    RETURN polka.shipping_day(d, coalesce(p_lead, 1));
END
$$;
GRANT EXECUTE ON FUNCTION polka.first_shipping_day(bigint,integer) TO polka_user;

-- Warehouses: their cut-off ---------------------------------------------------------------

CREATE OR REPLACE FUNCTION polka.warehouse_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', w.id, 'code', w.code, 'name', w.name, 'address', w.address, 'main', w.main,
           'order_cutoff', to_char(w.order_cutoff, 'HH24:MI'))
      FROM polka.warehouses w WHERE w.id = p_id),
    'warehouse', p_id);
GRANT EXECUTE ON FUNCTION polka.warehouse_get(bigint) TO polka_user;

-- One business action: a warehouse saved (new without id): code, name, address, the order
-- cut-off; the main one (the one that ships when a point names none) is one at most: making
-- this one main makes the other not.
CREATE OR REPLACE FUNCTION polka.warehouse_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    wid bigint := (doc ->> 'id')::bigint;
    v_main boolean := coalesce((doc ->> 'main')::boolean, false);
    v_cut time;
BEGIN
    PERFORM polka.shipping_rights_check();
    BEGIN
        v_cut := coalesce(polka.doc_text(doc, 'order_cutoff'), '16:00')::time;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        RAISE EXCEPTION 'the order cut-off is a time of day such as 16:00, not %', doc ->> 'order_cutoff'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'warehouses_cutoff_valid';
    END;
    IF v_main THEN
        UPDATE polka.warehouses SET main = false WHERE main AND id IS DISTINCT FROM wid;
    END IF;
    IF wid IS NULL THEN
        INSERT INTO polka.warehouses (code, name, address, main, order_cutoff)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'), polka.doc_text(doc, 'address'), v_main, v_cut)
        RETURNING id INTO wid;
    ELSE
        UPDATE polka.warehouses
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'),
               address = polka.doc_text(doc, 'address'), main = v_main, order_cutoff = v_cut
         WHERE id = wid;
        IF NOT FOUND THEN PERFORM polka.not_found('warehouse', wid); END IF;
    END IF;
    RETURN wid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.warehouse_save(jsonb) TO polka_user;

CREATE OR REPLACE FUNCTION polka.warehouse_search(q text, lim int DEFAULT 500)
RETURNS TABLE (id bigint, code text, name text, address text, main boolean, order_cutoff text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT w.id, w.code, w.name, w.address, w.main, to_char(w.order_cutoff, 'HH24:MI')
      FROM polka.warehouses w
     WHERE coalesce(q, '') = '' OR strpos(lower(w.code || ' ' || w.name || ' ' || coalesce(w.address, '')),
                                          lower(left(q, 100))) > 0
     ORDER BY NOT w.main, w.code
     LIMIT greatest(coalesce(lim, 500), 0)
$$;
GRANT EXECUTE ON FUNCTION polka.warehouse_search(text,integer) TO polka_user;

-- Vehicles -----------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION polka.vehicle_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', v.id, 'version', v.version, 'plate', v.plate,
           'carrier_id', v.carrier_id, 'carrier_id.label', c.name, 'model', v.model,
           'capacity_kg', v.capacity_kg, 'capacity_pallets', v.capacity_pallets,
           'refrigerated', v.refrigerated, 'driver', v.driver, 'driver_phone', v.driver_phone,
           'active', v.active)
      FROM polka.vehicles v JOIN polka.partners c ON c.id = v.carrier_id WHERE v.id = p_id),
    'vehicle', p_id);
GRANT EXECUTE ON FUNCTION polka.vehicle_get(bigint) TO polka_user;

-- One business action: a vehicle saved (new without id). Its carrier must be a carrier.
CREATE OR REPLACE FUNCTION polka.vehicle_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    vid bigint := (doc ->> 'id')::bigint;
    v_carrier bigint := (doc ->> 'carrier_id')::bigint;
BEGIN
    PERFORM polka.shipping_rights_check();
    IF NOT EXISTS (SELECT FROM polka.partners p WHERE p.id = v_carrier AND p.kind = 'carrier') THEN
        RAISE EXCEPTION 'a vehicle''s owner must be a carrier (a partner of kind carrier)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'vehicles_carrier_kind';
    END IF;
    IF vid IS NULL THEN
        INSERT INTO polka.vehicles (plate, carrier_id, model, capacity_kg, capacity_pallets, refrigerated,
                                    driver, driver_phone, active)
        VALUES (upper(polka.doc_text(doc, 'plate')), v_carrier, polka.doc_text(doc, 'model'),
                (doc ->> 'capacity_kg')::numeric, (doc ->> 'capacity_pallets')::smallint,
                coalesce((doc ->> 'refrigerated')::boolean, true), polka.doc_text(doc, 'driver'),
                polka.doc_text(doc, 'driver_phone'), coalesce((doc ->> 'active')::boolean, true))
        RETURNING id INTO vid;
    ELSE
        UPDATE polka.vehicles
           SET plate = upper(polka.doc_text(doc, 'plate')), carrier_id = v_carrier,
               model = polka.doc_text(doc, 'model'), capacity_kg = (doc ->> 'capacity_kg')::numeric,
               capacity_pallets = (doc ->> 'capacity_pallets')::smallint,
               refrigerated = coalesce((doc ->> 'refrigerated')::boolean, true),
               driver = polka.doc_text(doc, 'driver'), driver_phone = polka.doc_text(doc, 'driver_phone'),
               active = coalesce((doc ->> 'active')::boolean, true), version = version + 1
         WHERE id = vid AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.vehicles WHERE id = vid) THEN
                RAISE EXCEPTION 'vehicle % was changed by someone else', vid USING ERRCODE = 'PLK01';
            END IF;
            PERFORM polka.not_found('vehicle', vid);
        END IF;
    END IF;
    RETURN vid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.vehicle_save(jsonb) TO polka_user;

-- The vehicle list: by plate, carrier, driver or model.
CREATE OR REPLACE FUNCTION polka.vehicle_search(q text, lim int DEFAULT 500)
RETURNS TABLE (id bigint, plate text, carrier text, model text, capacity_kg bigint,
               capacity_pallets smallint, driver text, active boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT v.id, v.plate, c.name, v.model, round(v.capacity_kg)::bigint, v.capacity_pallets, v.driver, v.active
      FROM polka.vehicles v JOIN polka.partners c ON c.id = v.carrier_id
     WHERE coalesce(q, '') = ''
        OR strpos(lower(v.plate || ' ' || c.name || ' ' || coalesce(v.driver, '') || ' '
                        || coalesce(v.model, '')), lower(left(q, 100))) > 0
     ORDER BY NOT v.active, v.plate
     LIMIT greatest(coalesce(lim, 500), 0)
$$;
GRANT EXECUTE ON FUNCTION polka.vehicle_search(text,integer) TO polka_user;

-- Routes -------------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION polka.route_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', r.id, 'version', r.version, 'code', r.code, 'name', r.name,
           'warehouse_id', r.warehouse_id, 'warehouse_id.label', w.code || ' ' || w.name,
           'weekdays', r.weekdays, 'departure', to_char(r.departure, 'HH24:MI'),
           'vehicle_id', r.vehicle_id, 'vehicle_id.label', v.plate || ' ' || coalesce(v.model, ''),
           'active', r.active,
           'points', coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'id', rp.id, 'stop', rp.stop, 'point_id', rp.point_id,
                         'point_id.label', c.name || ': ' || p.name, 'address', p.address)
                         ORDER BY rp.stop, rp.id)
                  FROM polka.route_points rp
                  JOIN polka.delivery_points p ON p.id = rp.point_id
                  JOIN polka.partners c ON c.id = p.partner_id
                 WHERE rp.route_id = r.id), '[]'))
      FROM polka.routes r
      JOIN polka.warehouses w ON w.id = r.warehouse_id
      LEFT JOIN polka.vehicles v ON v.id = r.vehicle_id
     WHERE r.id = p_id),
    'route', p_id);
GRANT EXECUTE ON FUNCTION polka.route_get(bigint) TO polka_user;

-- One business action: a route with its stops saved. Stops without a number follow the
-- last; a point on another active route that runs on one of the same weekdays is refused
-- (a shipping order could not know its trip).
CREATE OR REPLACE FUNCTION polka.route_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rid bigint := (doc ->> 'id')::bigint;
    v_days text := polka.doc_text(doc, 'weekdays');
    v_wh bigint := (doc ->> 'warehouse_id')::bigint;
    clash record;
    nrows bigint;
BEGIN
    PERFORM polka.shipping_rights_check();
    IF jsonb_typeof(doc -> 'points') NOT IN ('array', 'null') THEN
        RAISE EXCEPTION 'points must be an array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Weekdays typed in any order ("531") are kept in order ("135").
    v_days := (SELECT string_agg(DISTINCT d, '' ORDER BY d) FROM regexp_split_to_table(v_days, '') d);
    IF v_wh IS NULL THEN
        SELECT w.id INTO v_wh FROM polka.warehouses w ORDER BY w.main DESC, w.id LIMIT 1;
    END IF;
    IF rid IS NULL THEN
        INSERT INTO polka.routes (code, name, warehouse_id, weekdays, departure, vehicle_id, active)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'), v_wh, v_days,
                coalesce((doc ->> 'departure')::time, '08:00'), (doc ->> 'vehicle_id')::bigint,
                coalesce((doc ->> 'active')::boolean, true))
        RETURNING id INTO rid;
    ELSE
        UPDATE polka.routes
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'), warehouse_id = v_wh,
               weekdays = v_days, departure = coalesce((doc ->> 'departure')::time, '08:00'),
               vehicle_id = (doc ->> 'vehicle_id')::bigint, active = coalesce((doc ->> 'active')::boolean, true),
               version = version + 1
         WHERE id = rid AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.routes WHERE id = rid) THEN
                RAISE EXCEPTION 'route % was changed by someone else', rid USING ERRCODE = 'PLK01';
            END IF;
            PERFORM polka.not_found('route', rid);
        END IF;
    END IF;

    DELETE FROM polka.route_points rp
     WHERE rp.route_id = rid
       AND rp.id NOT IN (SELECT (x ->> 'id')::bigint FROM polka.doc_rows(doc, 'points') x
                          WHERE x ->> 'id' IS NOT NULL);
    UPDATE polka.route_points rp
       SET point_id = (x ->> 'point_id')::bigint, stop = coalesce((x ->> 'stop')::smallint, rp.stop)
      FROM polka.doc_rows(doc, 'points') x
     WHERE rp.id = (x ->> 'id')::bigint AND rp.route_id = rid;
    GET DIAGNOSTICS nrows = ROW_COUNT;
    IF nrows <> (SELECT count(*) FROM polka.doc_rows(doc, 'points') x WHERE x ->> 'id' IS NOT NULL) THEN
        RAISE EXCEPTION 'a stop of the route was deleted by someone else meanwhile' USING ERRCODE = 'PLK01';
    END IF;
    INSERT INTO polka.route_points (route_id, point_id, stop)
    SELECT rid, (x ->> 'point_id')::bigint,
           coalesce((x ->> 'stop')::smallint,
                    (SELECT coalesce(max(rp.stop), 0) FROM polka.route_points rp WHERE rp.route_id = rid) + n::smallint)
      FROM polka.doc_rows(doc, 'points') WITH ORDINALITY AS a(x, n)
     WHERE x ->> 'id' IS NULL
     ORDER BY n;

    SELECT p.name AS point, o.code AS route, o.weekdays INTO clash
      FROM polka.route_points rp
      JOIN polka.route_points op ON op.point_id = rp.point_id AND op.route_id <> rp.route_id
      JOIN polka.routes o ON o.id = op.route_id AND o.active
      JOIN polka.delivery_points p ON p.id = rp.point_id
     WHERE rp.route_id = rid AND v_days ~ ('[' || o.weekdays || ']')
       AND coalesce((doc ->> 'active')::boolean, true)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'delivery point "%" is already on route % on some of the same weekdays (%)',
            clash.point, clash.route, clash.weekdays
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'route_points_one_route_a_day';
    END IF;
    RETURN rid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.route_save(jsonb) TO polka_user;

CREATE OR REPLACE FUNCTION polka.route_search(q text, lim int DEFAULT 500)
RETURNS TABLE (id bigint, code text, name text, warehouse text, weekdays text, departure text,
               vehicle text, points bigint, active boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.id, r.code, r.name, w.code, r.weekdays, to_char(r.departure, 'HH24:MI'), v.plate,
           (SELECT count(*) FROM polka.route_points rp WHERE rp.route_id = r.id), r.active
      FROM polka.routes r
      JOIN polka.warehouses w ON w.id = r.warehouse_id
      LEFT JOIN polka.vehicles v ON v.id = r.vehicle_id
     WHERE coalesce(q, '') = '' OR strpos(lower(r.code || ' ' || r.name), lower(left(q, 100))) > 0
     ORDER BY NOT r.active, r.code
     LIMIT greatest(coalesce(lim, 500), 0)
$$;
GRANT EXECUTE ON FUNCTION polka.route_search(text,integer) TO polka_user;

-- Loads ----------------------------------------------------------------------------------

-- What orders' confirmed quantities weigh and how many pallets they take: per product
-- confirmed / pallet quantity (a product without one fills a pallet by weight, 600 kg),
-- summed per order and rounded up (a client's goods go on the client's own pallets). An order
-- without lines has no row.
CREATE OR REPLACE FUNCTION polka.order_loads(p_orders bigint[])
RETURNS TABLE (order_id bigint, kg numeric, pallets int)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.order_id, coalesce(sum(coalesce(l.confirmed, 0) * p.weight_kg), 0)::numeric(12, 1),
           ceil(coalesce(sum(CASE WHEN p.pallet_qty IS NOT NULL THEN coalesce(l.confirmed, 0) / p.pallet_qty
                                  ELSE coalesce(l.confirmed, 0) * p.weight_kg / 600 END), 0))::int
      FROM polka.order_lines l JOIN polka.products p ON p.id = l.product_id
     WHERE l.order_id = ANY (p_orders)
     GROUP BY l.order_id
$$;
GRANT EXECUTE ON FUNCTION polka.order_loads(bigint[]) TO polka_user;

-- One order's load (0 and 0 without lines).
CREATE OR REPLACE FUNCTION polka.order_load(p_order bigint, OUT kg numeric, OUT pallets int)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(max(x.kg), 0), coalesce(max(x.pallets), 0) FROM polka.order_loads(ARRAY[p_order]) x
$$;
GRANT EXECUTE ON FUNCTION polka.order_load(bigint) TO polka_user;

-- Placement ------------------------------------------------------------------------------

-- A trip per route running on the day (its weekday) with a vehicle, where there is none yet.
CREATE OR REPLACE FUNCTION polka.trips_make(p_warehouse bigint, p_day date) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO polka.trips (warehouse_id, day, route_id, vehicle_id, driver, departure)
    SELECT r.warehouse_id, p_day, r.id, r.vehicle_id, v.driver, r.departure
      FROM polka.routes r JOIN polka.vehicles v ON v.id = r.vehicle_id AND v.active
     WHERE r.warehouse_id = p_warehouse AND r.active
       AND strpos(r.weekdays, extract(isodow FROM p_day)::text) > 0
       AND NOT EXISTS (SELECT FROM polka.trips t WHERE t.route_id = r.id AND t.day = p_day)
     ORDER BY r.code
$$;

-- The trips' load from their shipping orders, and whether the setting refuses over capacity.
CREATE OR REPLACE FUNCTION polka.trip_over_capacity_refused() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN coalesce((SELECT s.value FROM polka.settings s WHERE s.key = 'trip_over_capacity'), 'refuse') = 'refuse';
GRANT EXECUTE ON FUNCTION polka.trip_over_capacity_refused() TO polka_user;

-- Makes the day's shipping orders match its confirmed orders and places the ones not on a
-- trip: each on the first open trip (planned, not closed; by departure) of the route that
-- serves its point on that weekday and still has room in kg and pallets; when none has room,
-- on the first of them marked over capacity, or left unplaced, as the setting says. Orders
-- already on a trip stay there (the planner's moves stand). Called by the allocation run
-- that confirms them and the planner's fix, in their transaction.
CREATE OR REPLACE FUNCTION polka.shipping_place(p_warehouse bigint, p_day date) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    refuse boolean := polka.trip_over_capacity_refused();
    -- the open trips (planned, not closed) by departure, with their load so far
    t_id bigint[]; t_route bigint[]; t_kg numeric[]; t_pal int[]; t_cap_kg numeric[]; t_cap_pal int[];
    -- the decisions, one element a shipping order not on a trip
    d_id bigint[] := '{}'; d_trip bigint[] := '{}'; d_why text[] := '{}';
    n_order bigint[] := '{}'; n_trip bigint[] := '{}'; n_why text[] := '{}';
    n int := 0;
    m int := 0;
    v_why text;
    so record;
    i int;
    v_trip int;
    v_first int;
BEGIN
    PERFORM polka.trips_make(p_warehouse, p_day);
    -- Orders with nothing confirmed, or no longer confirmed, leave their planned trip.
    DELETE FROM polka.shipping_orders s USING polka.orders o
     WHERE o.id = s.order_id AND o.warehouse_id = p_warehouse AND o.ship_on = p_day
       AND (o.status NOT IN ('confirmed', 'partly_confirmed')
            OR NOT EXISTS (SELECT FROM polka.order_lines l WHERE l.order_id = o.id AND l.confirmed > 0))
       AND NOT EXISTS (SELECT FROM polka.trips x WHERE x.id = s.trip_id AND x.status <> 'planned');

    SELECT array_agg(x.id ORDER BY x.departure, x.id), array_agg(x.route_id ORDER BY x.departure, x.id),
           array_agg(x.kg ORDER BY x.departure, x.id), array_agg(x.pallets ORDER BY x.departure, x.id),
           array_agg(x.capacity_kg ORDER BY x.departure, x.id), array_agg(x.capacity_pallets ORDER BY x.departure, x.id)
      INTO t_id, t_route, t_kg, t_pal, t_cap_kg, t_cap_pal
      FROM (SELECT t.id, t.route_id, t.departure, v.capacity_kg, v.capacity_pallets::int,
                   coalesce(sum(ld.kg), 0) AS kg, coalesce(sum(ld.pallets), 0)::int AS pallets
              FROM polka.trips t
              JOIN polka.vehicles v ON v.id = t.vehicle_id
              LEFT JOIN polka.shipping_orders s ON s.trip_id = t.id
              LEFT JOIN polka.order_loads(ARRAY(SELECT s2.order_id FROM polka.shipping_orders s2
                                                  JOIN polka.trips t2 ON t2.id = s2.trip_id
                                                 WHERE t2.warehouse_id = p_warehouse AND t2.day = p_day)) ld
                     ON ld.order_id = s.order_id
             WHERE t.warehouse_id = p_warehouse AND t.day = p_day AND t.status = 'planned' AND NOT t.closed
             GROUP BY t.id, v.capacity_kg, v.capacity_pallets) x;

    -- The shipping orders not on a trip and the confirmed orders without one yet (id NULL), in
    -- service order, with their load (all in one pass) and the route serving their point that
    -- weekday (the first by code); each on the first of its route's trips with room.
    FOR so IN WITH u AS (
                  SELECT s.id, o.id AS order_id, s.unplaced, o.point_id, c.priority, o.created_at
                    FROM polka.orders o
                    JOIN polka.partners c ON c.id = o.client_id
                    LEFT JOIN polka.shipping_orders s ON s.order_id = o.id
                   WHERE o.warehouse_id = p_warehouse AND o.ship_on = p_day
                     AND (s.id IS NOT NULL AND s.trip_id IS NULL
                          OR s.id IS NULL AND o.status IN ('confirmed', 'partly_confirmed')
                             AND EXISTS (SELECT FROM polka.order_lines l WHERE l.order_id = o.id AND l.confirmed > 0))),
              ld AS (SELECT * FROM polka.order_loads(ARRAY(SELECT u.order_id FROM u))),
              rt AS (
                  SELECT DISTINCT ON (rp.point_id) rp.point_id, rp.route_id
                    FROM polka.route_points rp JOIN polka.routes r ON r.id = rp.route_id
                   WHERE rp.point_id IN (SELECT u.point_id FROM u) AND r.active AND r.warehouse_id = p_warehouse
                     AND strpos(r.weekdays, extract(isodow FROM p_day)::text) > 0
                   ORDER BY rp.point_id, r.code)
              SELECT u.id, u.order_id, u.unplaced, ld.kg, ld.pallets, rt.route_id
                FROM u JOIN ld ON ld.order_id = u.order_id LEFT JOIN rt ON rt.point_id = u.point_id
               ORDER BY u.priority, u.created_at, u.order_id LOOP
        v_trip := NULL;
        v_first := NULL;
        FOR i IN 1 .. coalesce(cardinality(t_id), 0) LOOP
            CONTINUE WHEN t_route[i] IS DISTINCT FROM so.route_id OR so.route_id IS NULL;
            v_first := coalesce(v_first, i);
            IF t_kg[i] + so.kg <= t_cap_kg[i] AND t_pal[i] + so.pallets <= t_cap_pal[i] THEN
                v_trip := i;
                EXIT;
            END IF;
        END LOOP;
        IF v_trip IS NULL AND NOT refuse THEN
            v_trip := v_first;
        END IF;
        IF v_trip IS NOT NULL THEN
            t_kg[v_trip] := t_kg[v_trip] + so.kg;
            t_pal[v_trip] := t_pal[v_trip] + so.pallets;
        END IF;
        v_why := CASE WHEN v_trip IS NOT NULL THEN NULL WHEN so.route_id IS NULL THEN 'no_route'
                      WHEN v_first IS NULL THEN 'no_trip' ELSE 'over_capacity' END;
        -- (elements assigned by index: an expanded array grows in place, || would copy)
        IF so.id IS NULL THEN
            m := m + 1;
            n_order[m] := so.order_id;
            n_trip[m] := t_id[v_trip];
            n_why[m] := v_why;
        ELSIF v_trip IS NOT NULL OR v_why IS DISTINCT FROM so.unplaced THEN
            n := n + 1;
            d_id[n] := so.id;
            d_trip[n] := t_id[v_trip];
            d_why[n] := v_why;
        END IF;
    END LOOP;

    -- The new ones inserted as placed (a trip closed or started meanwhile: unplaced instead).
    INSERT INTO polka.shipping_orders (order_id, trip_id, unplaced)
    SELECT x.order_id, CASE WHEN t.id IS NOT NULL THEN x.trip END,
           CASE WHEN x.trip IS NULL THEN x.why WHEN t.id IS NULL THEN 'no_trip' END
      FROM unnest(n_order, n_trip, n_why) AS x(order_id, trip, why)
      LEFT JOIN polka.trips t ON t.id = x.trip AND t.status = 'planned' AND NOT t.closed
     ORDER BY x.order_id;

    -- One statement writes the decisions about the others. It rechecks trip_id IS NULL (a planner's move
    -- committed meanwhile stands) and the trip (one closed or started meanwhile takes
    -- nothing). Trips are not locked: a move locks its shipping order before its trips, and
    -- this run holds the day's orders.
    UPDATE polka.shipping_orders s SET trip_id = d.trip, unplaced = d.why
      FROM unnest(d_id, d_trip, d_why) AS d(id, trip, why)
     WHERE s.id = d.id AND s.trip_id IS NULL
       AND (d.trip IS NULL OR EXISTS (SELECT FROM polka.trips t WHERE t.id = d.trip AND t.status = 'planned'
                                                                  AND NOT t.closed));
END
$$;

-- The planner places the day's unplaced shipping orders again (after adding a trip or a
-- route): one business action.
CREATE OR REPLACE FUNCTION polka.shipping_place_day(p_warehouse bigint, p_day date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.shipping_rights_check();
    PERFORM 1 FROM polka.orders o WHERE o.warehouse_id = p_warehouse AND o.ship_on = p_day
       AND o.status IN ('confirmed', 'partly_confirmed') ORDER BY o.id FOR NO KEY UPDATE;
    PERFORM polka.shipping_place(p_warehouse, p_day);
END
$$;
GRANT EXECUTE ON FUNCTION polka.shipping_place_day(bigint,date) TO polka_user;

-- Trips ------------------------------------------------------------------------------------

-- A trip being changed: it must be planned; locked.
CREATE OR REPLACE FUNCTION polka.trip_planned(p_trip bigint) RETURNS polka.trips
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.trips;
BEGIN
    SELECT * INTO t FROM polka.trips WHERE id = p_trip FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('trip', p_trip); END IF;
    IF t.status <> 'planned' THEN
        RAISE EXCEPTION 'trip % is being picked or has gone further (since %): it can no longer be changed',
            t.number, to_char(t.status_at, 'DD.MM HH24:MI')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'trips_planned';
    END IF;
    RETURN t;
END
$$;

-- A trip's load after adding p_kg and p_pallets; refused over capacity when the setting says
-- so (p_trip locked by the caller).
CREATE OR REPLACE FUNCTION polka.trip_capacity_check(p_trip bigint, p_kg numeric, p_pallets int) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t record;
BEGIN
    IF NOT polka.trip_over_capacity_refused() THEN
        RETURN;
    END IF;
    SELECT tr.number, v.capacity_kg, v.capacity_pallets,
           coalesce(sum(x.kg), 0) + p_kg AS kg, coalesce(sum(x.pallets), 0) + p_pallets AS pallets
      INTO t
      FROM polka.trips tr
      JOIN polka.vehicles v ON v.id = tr.vehicle_id
      LEFT JOIN polka.shipping_orders s ON s.trip_id = tr.id
      LEFT JOIN LATERAL polka.order_load(s.order_id) x ON true
     WHERE tr.id = p_trip
     GROUP BY tr.number, v.capacity_kg, v.capacity_pallets;
    IF t.kg > t.capacity_kg OR t.pallets > t.capacity_pallets THEN
        RAISE EXCEPTION 'trip % would carry % kg of % and % pallets of %: over capacity',
            t.number, round(t.kg), round(t.capacity_kg), t.pallets, t.capacity_pallets
            USING ERRCODE = 'check_violation', CONSTRAINT = 'trips_capacity';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION polka.trip_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', t.id, 'version', t.version, 'number', t.number, 'warehouse_id', t.warehouse_id,
           'day', t.day, 'route_id', t.route_id, 'route_id.label', r.code || ' ' || r.name,
           'vehicle_id', t.vehicle_id, 'vehicle_id.label', v.plate || ' ' || coalesce(v.model, ''),
           'driver', t.driver, 'departure', to_char(t.departure, 'HH24:MI'), 'status', t.status,
           'closed', t.closed)
      FROM polka.trips t
      JOIN polka.vehicles v ON v.id = t.vehicle_id
      LEFT JOIN polka.routes r ON r.id = t.route_id
     WHERE t.id = p_id),
    'trip', p_id);
GRANT EXECUTE ON FUNCTION polka.trip_get(bigint) TO polka_user;

-- One business action: a trip made or changed while planned (vehicle, driver, departure,
-- route). A new trip is for today or later; the driver defaults to the vehicle's. A smaller
-- vehicle is refused when what the trip carries would not fit and the setting refuses.
CREATE OR REPLACE FUNCTION polka.trip_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tid bigint := (doc ->> 'id')::bigint;
    v polka.vehicles;
    v_day date := (doc ->> 'day')::date;
    v_route bigint := (doc ->> 'route_id')::bigint;
    v_wh bigint := (doc ->> 'warehouse_id')::bigint;
    t polka.trips;
BEGIN
    PERFORM polka.shipping_rights_check();
    SELECT * INTO v FROM polka.vehicles WHERE id = (doc ->> 'vehicle_id')::bigint;
    IF NOT FOUND OR NOT v.active THEN
        RAISE EXCEPTION 'a trip needs an active vehicle' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'trips_vehicle_active';
    END IF;
    IF tid IS NULL THEN
        IF v_day IS NULL OR v_day < polka.business_day() THEN
            RAISE EXCEPTION 'trip day % is in the past: plan trips for today or later', v_day
                USING ERRCODE = 'check_violation', CONSTRAINT = 'trips_day_valid';
        END IF;
        IF v_wh IS NULL THEN
            SELECT r.warehouse_id INTO v_wh FROM polka.routes r WHERE r.id = v_route;
        END IF;
        INSERT INTO polka.trips (warehouse_id, day, route_id, vehicle_id, driver, departure)
        VALUES (v_wh, v_day, v_route, v.id, coalesce(polka.doc_text(doc, 'driver'), v.driver),
                coalesce((doc ->> 'departure')::time,
                         (SELECT r.departure FROM polka.routes r WHERE r.id = v_route), '08:00'))
        RETURNING id INTO tid;
    ELSE
        t := polka.trip_planned(tid);
        IF t.version <> (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'trip % was changed by someone else', t.number USING ERRCODE = 'PLK01';
        END IF;
        UPDATE polka.trips
           SET route_id = v_route, vehicle_id = v.id, driver = polka.doc_text(doc, 'driver'),
               departure = coalesce((doc ->> 'departure')::time, departure), version = version + 1
         WHERE id = tid;
        PERFORM polka.trip_capacity_check(tid, 0, 0);
    END IF;
    RETURN tid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_save(jsonb) TO polka_user;

-- One business action: a shipping order moved to another trip of its day and warehouse
-- (p_trip NULL: off its trip, unplaced). Both trips must still be planned; the target open
-- and, when the setting refuses, with room.
CREATE OR REPLACE FUNCTION polka.shipping_move(p_shipping_order bigint, p_trip bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s polka.shipping_orders;
    o polka.orders;
    t polka.trips;
    x record;
BEGIN
    PERFORM polka.shipping_rights_check();
    SELECT * INTO s FROM polka.shipping_orders WHERE id = p_shipping_order FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('shipping order', p_shipping_order); END IF;
    SELECT * INTO o FROM polka.orders WHERE id = s.order_id;
    -- Trips locked in id order: two moves between the same trips cannot deadlock.
    PERFORM 1 FROM polka.trips tr WHERE tr.id IN (s.trip_id, p_trip) ORDER BY tr.id FOR UPDATE;
    IF s.trip_id IS NOT NULL THEN
        PERFORM polka.trip_planned(s.trip_id);
    END IF;
    IF p_trip IS NULL THEN
        UPDATE polka.shipping_orders SET trip_id = NULL, unplaced = 'no_trip', moved_by = session_user
         WHERE id = s.id;
        RETURN;
    END IF;
    t := polka.trip_planned(p_trip);
    IF t.warehouse_id <> o.warehouse_id OR t.day <> o.ship_on THEN
        RAISE EXCEPTION 'trip % leaves on % from another warehouse or day than order % (%)',
            t.number, to_char(t.day, 'DD.MM.YYYY'), o.number, to_char(o.ship_on, 'DD.MM.YYYY')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'shipping_orders_trip_day';
    END IF;
    IF t.closed THEN
        RAISE EXCEPTION 'trip % is closed: open it first to add shipping orders', t.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'trips_closed';
    END IF;
    IF s.trip_id IS NOT DISTINCT FROM p_trip THEN
        RETURN;
    END IF;
    SELECT * INTO x FROM polka.order_load(o.id);
    PERFORM polka.trip_capacity_check(p_trip, x.kg, x.pallets);
    UPDATE polka.shipping_orders SET trip_id = p_trip, unplaced = NULL, moved_by = session_user
     WHERE id = s.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.shipping_move(bigint,bigint) TO polka_user;

-- One business action: a planned trip closed (it takes no more shipping orders) or opened.
CREATE OR REPLACE FUNCTION polka.trip_close(p_trip bigint, p_closed boolean) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.shipping_rights_check();
    PERFORM polka.trip_planned(p_trip);
    UPDATE polka.trips SET closed = p_closed, version = version + 1 WHERE id = p_trip;
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_close(bigint,boolean) TO polka_user;

-- One business action: the warehouse starts picking a planned trip. Its orders become
-- 'picking': operators can no longer change them and allocation runs leave them. A trip
-- with nothing on it has nothing to pick.
CREATE OR REPLACE FUNCTION polka.trip_start_picking(p_trip bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.trips;
BEGIN
    PERFORM polka.shipping_rights_check();
    -- The orders first, then the trip (a run locks the day's orders and never a trip).
    PERFORM 1 FROM polka.orders o JOIN polka.shipping_orders s ON s.order_id = o.id
     WHERE s.trip_id = p_trip ORDER BY o.id FOR NO KEY UPDATE OF o;
    t := polka.trip_planned(p_trip);
    IF NOT EXISTS (SELECT FROM polka.shipping_orders s WHERE s.trip_id = t.id) THEN
        RAISE EXCEPTION 'trip % carries no shipping orders: nothing to pick', t.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'trips_empty';
    END IF;
    UPDATE polka.orders o SET status = 'picking', version = o.version + 1, updated_at = now()
      FROM polka.shipping_orders s
     WHERE s.order_id = o.id AND s.trip_id = t.id;
    UPDATE polka.trips SET status = 'picking', status_at = now(), closed = true, version = version + 1
     WHERE id = t.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_start_picking(bigint) TO polka_user;

-- Refuses changing an order its trip's warehouse is picking, with the trip and since when.
CREATE OR REPLACE FUNCTION polka.order_picking_check(o polka.orders) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.trips;
BEGIN
    IF o.status <> 'picking' THEN
        RETURN;
    END IF;
    SELECT tr.* INTO t FROM polka.trips tr JOIN polka.shipping_orders s ON s.trip_id = tr.id
     WHERE s.order_id = o.id;
    RAISE EXCEPTION 'order % is on trip % of %, picked since %: it can no longer be changed or cancelled; ask the planner',
        o.number, t.number, to_char(t.day, 'DD.MM.YYYY'), to_char(t.status_at, 'DD.MM HH24:MI')
        USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_picking';
END
$$;
GRANT EXECUTE ON FUNCTION polka.order_picking_check(polka.orders) TO polka_user;

-- The planner's choice for trips over capacity: 'refuse' or 'mark'.
CREATE OR REPLACE FUNCTION polka.trip_over_capacity_set(p_mode text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.shipping_rights_check();
    IF p_mode IS NULL OR p_mode NOT IN ('refuse', 'mark') THEN
        RAISE EXCEPTION 'over capacity is either refused or marked, not %', p_mode
            USING ERRCODE = 'check_violation', CONSTRAINT = 'settings_trip_over_capacity';
    END IF;
    INSERT INTO polka.settings (key, value) VALUES ('trip_over_capacity', p_mode)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
END
$$;
GRANT EXECUTE ON FUNCTION polka.trip_over_capacity_set(text) TO polka_user;

-- The board --------------------------------------------------------------------------------

-- The day's trips of a warehouse with their load against capacity (over: true when above).
CREATE OR REPLACE FUNCTION polka.trip_board(p_warehouse bigint, p_day date)
RETURNS TABLE (id bigint, number text, route text, vehicle text, carrier text, driver text,
               departure text, status text, closed boolean, orders bigint, kg numeric,
               capacity_kg numeric, pallets bigint, capacity_pallets smallint, over boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.id, t.number, r.code, v.plate, c.name, t.driver, to_char(t.departure, 'HH24:MI'), t.status,
           t.closed, count(s.id), coalesce(sum(x.kg), 0), v.capacity_kg, coalesce(sum(x.pallets), 0),
           v.capacity_pallets,
           coalesce(sum(x.kg), 0) > v.capacity_kg OR coalesce(sum(x.pallets), 0) > v.capacity_pallets
      FROM polka.trips t
      JOIN polka.vehicles v ON v.id = t.vehicle_id
      JOIN polka.partners c ON c.id = v.carrier_id
      LEFT JOIN polka.routes r ON r.id = t.route_id
      LEFT JOIN polka.shipping_orders s ON s.trip_id = t.id
      LEFT JOIN LATERAL polka.order_load(s.order_id) x ON true
     WHERE t.warehouse_id = p_warehouse AND t.day = p_day
     GROUP BY t.id, r.code, v.plate, c.name, v.capacity_kg, v.capacity_pallets
     ORDER BY t.departure, r.code, t.number
$$;
GRANT EXECUTE ON FUNCTION polka.trip_board(bigint,date) TO polka_user;

-- The day's shipping orders of a warehouse (trip NULL: unplaced, with why), in stop order.
CREATE OR REPLACE FUNCTION polka.shipping_order_list(p_warehouse bigint, p_day date)
RETURNS TABLE (id bigint, number text, trip_id bigint, order_id bigint, order_number text, client text,
               point text, stop smallint, status text, kg numeric, pallets int, unplaced text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.id, s.number, s.trip_id, o.id, o.number, c.name, p.name, rp.stop, o.status, x.kg, x.pallets,
           s.unplaced
      FROM polka.shipping_orders s
      JOIN polka.orders o ON o.id = s.order_id
      JOIN polka.partners c ON c.id = o.client_id
      LEFT JOIN polka.delivery_points p ON p.id = o.point_id
      LEFT JOIN polka.trips t ON t.id = s.trip_id
      LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = o.point_id,
           polka.order_load(o.id) x
     WHERE o.warehouse_id = p_warehouse AND o.ship_on = p_day
     ORDER BY s.trip_id NULLS FIRST, rp.stop NULLS LAST, c.name, o.number
$$;
GRANT EXECUTE ON FUNCTION polka.shipping_order_list(bigint,date) TO polka_user;
