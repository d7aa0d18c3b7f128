-- 019: the shipping schedule (issue 14): carriers' vehicles, routes of delivery points by
-- weekday, trips per day, and shipping orders (распоряжения на отгрузку) placed on trips.
--
-- A route serves its delivery points from one warehouse on some weekdays, by default with a
-- vehicle and at a departure time; a trip is one vehicle's run on one day (made from its
-- route when an allocation confirms that day's orders, or by the planner). A confirmed order
-- becomes one shipping order (its point is the order's), placed on a trip of its point's
-- route by capacity. Trip statuses go forward: planned -> picking -> picked -> documents ->
-- printed -> left -> returned (the planner starts picking; the waybill desk moves the rest).
-- When a trip starts picking its orders become 'picking': an operator can no longer change
-- them and allocation leaves them as they are. Functions: functions/shipping.sql.

SET LOCAL ROLE polka_owner;

-- Orders taken after a warehouse's cut-off on the working day before a shipping day miss
-- that day: the order screen proposes the next one, and planned receipts count for a day
-- when they are due by its cut-off day.
ALTER TABLE polka.warehouses ADD COLUMN order_cutoff time NOT NULL DEFAULT '16:00';

ALTER TABLE polka.orders DROP CONSTRAINT orders_status_valid;
ALTER TABLE polka.orders ADD CONSTRAINT orders_status_valid
    CHECK (status IN ('new', 'confirmed', 'partly_confirmed', 'picking', 'shipped', 'closed', 'cancelled'));

-- A carrier's vehicle (our own fleet is a carrier partner too).
CREATE TABLE polka.vehicles (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plate            text NOT NULL CONSTRAINT vehicles_plate_valid
                     CHECK (polka.text_ok(plate, 20) AND plate = btrim(plate) AND plate <> '')
                     CONSTRAINT vehicles_plate_key UNIQUE,
    carrier_id       bigint NOT NULL REFERENCES polka.partners,
    model            text CONSTRAINT vehicles_model_valid CHECK (polka.text_ok(model, 100)),
    capacity_kg      numeric(10, 1) NOT NULL
                     CONSTRAINT vehicles_capacity_kg_valid CHECK (capacity_kg > 0 AND capacity_kg <= 60000),
    capacity_pallets smallint NOT NULL
                     CONSTRAINT vehicles_capacity_pallets_valid CHECK (capacity_pallets BETWEEN 1 AND 66),
    refrigerated     boolean NOT NULL DEFAULT true,
    driver           text CONSTRAINT vehicles_driver_valid CHECK (polka.text_ok(driver, 200)),
    driver_phone     text CONSTRAINT vehicles_driver_phone_valid CHECK (polka.text_ok(driver_phone, 40)),
    active           boolean NOT NULL DEFAULT true,
    version          integer NOT NULL DEFAULT 1
);
CREATE INDEX vehicles_carrier_idx ON polka.vehicles (carrier_id);

CREATE TABLE polka.routes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         text NOT NULL CONSTRAINT routes_code_valid CHECK (polka.text_ok(code, 20) AND code <> '')
                 CONSTRAINT routes_code_key UNIQUE,
    name         text NOT NULL CONSTRAINT routes_name_valid CHECK (polka.text_ok(name, 200)),
    warehouse_id bigint NOT NULL REFERENCES polka.warehouses,
    -- ISO weekdays it runs on, in order: '135' is Monday, Wednesday and Friday.
    weekdays     text NOT NULL CONSTRAINT routes_weekdays_valid
                 CHECK (weekdays ~ '^1?2?3?4?5?6?7?$' AND weekdays <> ''),
    departure    time NOT NULL DEFAULT '08:00',
    vehicle_id   bigint REFERENCES polka.vehicles, -- the trips' vehicle unless the planner says
    active       boolean NOT NULL DEFAULT true,
    version      integer NOT NULL DEFAULT 1
);

-- The route's stops in driving order. A point is on at most one route a weekday
-- (functions/shipping.sql, route_save, checks it: a table cannot see other routes' days).
CREATE TABLE polka.route_points (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    route_id bigint NOT NULL REFERENCES polka.routes ON DELETE CASCADE,
    point_id bigint NOT NULL REFERENCES polka.delivery_points,
    stop     smallint NOT NULL CONSTRAINT route_points_stop_valid CHECK (stop BETWEEN 1 AND 999),
    CONSTRAINT route_points_key UNIQUE (route_id, point_id)
);
CREATE INDEX route_points_point_idx ON polka.route_points (point_id);

CREATE SEQUENCE polka.trip_number_seq;

CREATE TABLE polka.trips (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Р (рейс) and five digits: Р00042, unlike an order's or a partner's number.
    number       text NOT NULL DEFAULT 'Р' || lpad(nextval('polka.trip_number_seq')::text, 5, '0')
                 CONSTRAINT trips_number_key UNIQUE,
    warehouse_id bigint NOT NULL REFERENCES polka.warehouses,
    day          date NOT NULL,
    route_id     bigint REFERENCES polka.routes, -- NULL: an extra trip the planner made
    vehicle_id   bigint NOT NULL REFERENCES polka.vehicles,
    driver       text CONSTRAINT trips_driver_valid CHECK (polka.text_ok(driver, 200)),
    departure    time NOT NULL,
    status       text NOT NULL DEFAULT 'planned' CONSTRAINT trips_status_valid
                 CHECK (status IN ('planned', 'picking', 'picked', 'documents', 'printed', 'left', 'returned')),
    status_at    timestamptz NOT NULL DEFAULT now(),
    -- Closed: takes no more shipping orders (the planner's "this truck is full / settled").
    closed       boolean NOT NULL DEFAULT false,
    version      integer NOT NULL DEFAULT 1
);
CREATE INDEX trips_day_idx ON polka.trips (warehouse_id, day);
CREATE INDEX trips_route_idx ON polka.trips (route_id, day);

CREATE SEQUENCE polka.shipping_order_number_seq;

-- One per confirmed order (and so per delivery point); trip_id NULL: not placed yet, and
-- unplaced says why (no route serves the point that day, the route has no open trip, every
-- trip of the route is full).
CREATE TABLE polka.shipping_orders (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number    text NOT NULL DEFAULT lpad(nextval('polka.shipping_order_number_seq')::text, 7, '0')
              CONSTRAINT shipping_orders_number_key UNIQUE,
    order_id  bigint NOT NULL REFERENCES polka.orders CONSTRAINT shipping_orders_order_key UNIQUE,
    trip_id   bigint REFERENCES polka.trips,
    unplaced  text CONSTRAINT shipping_orders_unplaced_valid
              CHECK (unplaced IN ('no_route', 'no_trip', 'over_capacity')),
    moved_by  text, -- the planner who put it on its trip by hand (NULL: placed by the run)
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT shipping_orders_placed_or_why CHECK ((trip_id IS NULL) = (unplaced IS NOT NULL))
);
CREATE INDEX shipping_orders_trip_idx ON polka.shipping_orders (trip_id);

-- The planner's choice for a trip over capacity: refuse the placement or the move, or allow
-- it and mark the trip: settings row trip_over_capacity, refuse (also when absent) or mark.

SELECT polka.rls_protect('vehicles'), polka.rls_read_all('vehicles'),
       polka.rls_protect('routes'), polka.rls_read_all('routes'),
       polka.rls_protect('route_points'), polka.rls_read_all('route_points'),
       polka.rls_protect('trips'), polka.rls_read_all('trips'),
       polka.rls_protect('shipping_orders');
-- A shipping order is visible with its order.
CREATE POLICY read_with_order ON polka.shipping_orders FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR order_id IN (SELECT o.id FROM polka.orders o));
GRANT SELECT ON polka.shipping_orders TO polka_user;
SELECT polka.audit_attach('vehicles'), polka.audit_attach('routes'), polka.audit_attach('route_points'),
       polka.audit_attach('trips'), polka.audit_attach('shipping_orders');
-- Allocation runs make the shipping orders, tens of thousands on a busy day: their trail is the
-- run's record (polka.allocation_runs) and the order's; moves and removals are in the trail.
DROP TRIGGER audit_insert ON polka.shipping_orders;
COMMENT ON TABLE polka.shipping_orders IS
    'audit: exempt from inserts: made by allocation runs (polka.allocation_runs records each run)';
