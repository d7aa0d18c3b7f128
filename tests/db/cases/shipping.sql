-- The shipping schedule (issue 14): a committed allocation makes the day's trips from the
-- routes and puts the confirmed orders on them by route and capacity (over capacity refused
-- or marked, as set); the planner moves shipping orders, closes a trip, starts its picking;
-- then the orders cannot be changed or moved, and runs leave them; an operator's change of an
-- order on a planned trip takes it off; master data refusals; the cut-off.
--
-- Own data only (codes TSH-..., products 99996...), shipping day Wednesday 2031-03-05.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-03-03';

INSERT INTO polka.warehouses (code, name) VALUES ('TSH-W', 'TSH склад');
SELECT id AS w FROM polka.warehouses WHERE code = 'TSH-W' \gset
SELECT min(id) AS cat FROM polka.categories WHERE parent_id IS NOT NULL \gset
-- 10 kg a unit, 20 units a pallet.
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days, vat_code, pallet_qty)
VALUES ('9999600001', 'TSH сыр', :cat, 'шт', 1, 10, 60, 'reduced', 20);
SELECT id AS p FROM polka.products WHERE code = '9999600001' \gset
INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on)
VALUES (:w, :p, 'TSH-1', '2031-03-01', '2031-04-30');
INSERT INTO polka.stock_moves (kind, batch_id, qty) SELECT 'receipt', id, 1000 FROM polka.stock_batches WHERE batch = 'TSH-1';
INSERT INTO polka.price_types (code, name, kind) VALUES ('TSH-PT', 'TSH цены', 'base');
SELECT id AS pt FROM polka.price_types WHERE code = 'TSH-PT' \gset
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price) VALUES (:pt, :p, '2000-01-01', 500);
-- Four clients with a point each on this warehouse; TSH-4's point is on no route.
INSERT INTO polka.partners (code, kind, name, legal_name, segment, priority) VALUES
    ('TSH-1', 'client', 'TSH Один', 'ООО TSH 1', 'shop', 1),
    ('TSH-2', 'client', 'TSH Два', 'ООО TSH 2', 'shop', 2),
    ('TSH-3', 'client', 'TSH Три', 'ООО TSH 3', 'shop', 3),
    ('TSH-4', 'client', 'TSH Четыре', 'ООО TSH 4', 'shop', 4),
    ('TSH-C', 'carrier', 'TSH Перевозчик', 'ООО TSH C', NULL, 5);
SELECT id AS carrier FROM polka.partners WHERE code = 'TSH-C' \gset
INSERT INTO polka.delivery_points (partner_id, name, address, warehouse_id)
SELECT p.id, 'TSH точка ' || right(p.code, 1), 'г. Тула', :w FROM polka.partners p WHERE p.code LIKE 'TSH-_' AND p.kind = 'client';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, status)
SELECT 'TSH-A' || right(p.code, 1), 'TSH', 'individual', p.id, :pt, 'prepayment', '2031-01-01', 'active'
  FROM polka.partners p WHERE p.code LIKE 'TSH-_' AND p.kind = 'client';
CREATE FUNCTION pg_temp.ord(p_client text, p_qty numeric) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    INSERT INTO polka.orders (request_key, client_id, point_id, agreement_id, ship_on, comment, warehouse_id)
    SELECT gen_random_uuid(), c.id, d.id, a.id, '2031-03-05', 'TSH', d.warehouse_id
      FROM polka.partners c JOIN polka.delivery_points d ON d.partner_id = c.id
      JOIN polka.agreements a ON a.client_id = c.id
     WHERE c.code = p_client
    RETURNING id INTO v_id;
    INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount, price_origin)
    SELECT v_id, 1, p.id, p_qty, 500, 10, 500 * p_qty, 0, 'TSH' FROM polka.products p WHERE p.code = '9999600001';
    RETURN v_id;
END
$$;
-- 400 kg (2 pallets), 300 kg (2 pallets: 1.5 rounded up), 300 kg, 100 kg.
SELECT pg_temp.ord('TSH-1', 40) AS o1 \gset
SELECT pg_temp.ord('TSH-2', 30) AS o2 \gset
SELECT pg_temp.ord('TSH-3', 30) AS o3 \gset
SELECT pg_temp.ord('TSH-4', 10) AS o4 \gset

SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-03-03';
-- Over capacity refused (the setting's default; a screen case switches it meanwhile).
SELECT polka.trip_over_capacity_set('refuse');

-- Master data through their functions: a van of 800 kg / 4 pallets, a spare of 1000 kg.
SELECT polka.vehicle_save(jsonb_build_object('plate', 'т001сш 71', 'carrier_id', :carrier, 'capacity_kg', 800,
                                             'capacity_pallets', 4, 'driver', 'Петров Пётр')) AS van \gset
SELECT polka.vehicle_save(jsonb_build_object('plate', 'Т002СШ 71', 'carrier_id', :carrier, 'capacity_kg', 1000,
                                             'capacity_pallets', 10)) AS spare \gset
SELECT pg_temp.expect_eq((SELECT plate FROM polka.vehicles WHERE id = :van), 'Т001СШ 71', 'plates in capitals');
SELECT pg_temp.expect_error(format('SELECT polka.vehicle_save(%L)',
                                   jsonb_build_object('plate', 'Т003СШ 71', 'carrier_id', (SELECT id FROM polka.partners WHERE code = 'TSH-1'),
                                                      'capacity_kg', 800, 'capacity_pallets', 4)),
                            '23514', 'vehicles_carrier_kind');
-- The route runs Monday, Wednesday, Friday (typed in any order); stops without numbers follow.
SELECT polka.route_save(jsonb_build_object('code', 'TSH-R', 'name', 'TSH маршрут', 'warehouse_id', :w,
                                           'weekdays', '531', 'departure', '07:15', 'vehicle_id', :van,
                                           'points', (SELECT jsonb_agg(jsonb_build_object('point_id', d.id) ORDER BY d.name)
                                                        FROM polka.delivery_points d
                                                       WHERE d.name IN ('TSH точка 1', 'TSH точка 2', 'TSH точка 3')))) AS route \gset
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', weekdays, departure,
                                        (SELECT string_agg(stop::text, ',' ORDER BY stop) FROM polka.route_points WHERE route_id = r.id))
                            FROM polka.routes r WHERE r.id = :route), '135 07:15:00 1,2,3', 'the route saved');
-- A point on another route on one of the same days is refused; on other days it is fine.
SELECT pg_temp.expect_error(format('SELECT polka.route_save(%L)',
                                   jsonb_build_object('code', 'TSH-R2', 'name', 'TSH 2', 'warehouse_id', :w, 'weekdays', '12',
                                                      'points', jsonb_build_array(jsonb_build_object('point_id',
                                                          (SELECT id FROM polka.delivery_points WHERE name = 'TSH точка 1'))))),
                            '23505', 'route_points_one_route_a_day');
SELECT pg_temp.expect_true(polka.route_save(jsonb_build_object('code', 'TSH-R3', 'name', 'TSH 3', 'warehouse_id', :w,
                                                                'weekdays', '24', 'vehicle_id', :spare,
                                                                'points', jsonb_build_array(jsonb_build_object('point_id',
                                                                    (SELECT id FROM polka.delivery_points WHERE name = 'TSH точка 1')))))
                           IS NOT NULL, 'the same point on a route of other days');

-- The run: a trip for the route (Wednesday; the Tuesday/Thursday route makes none); by
-- priority TSH-1 (400 kg, 2 pallets) and TSH-2 (300 kg, 2 pallets) fill the van; TSH-3 does
-- not fit (refused: unplaced, over capacity); TSH-4's point is on no route.
SELECT count(*) FROM polka.allocation_run(:w, '2031-03-05', false, true);
CREATE TEMP VIEW so AS
SELECT c.code AS client, coalesce(t.number, s.unplaced) AS place, o.status
  FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id LEFT JOIN polka.trips t ON t.id = s.trip_id
 WHERE o.comment = 'TSH';
SELECT id AS trip, number AS trip_no FROM polka.trips WHERE route_id = :route AND day = '2031-03-05' \gset
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.trips WHERE warehouse_id = :w), 1::bigint, 'one trip: the route of the day');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', departure, driver, status) FROM polka.trips WHERE id = :trip),
                         '07:15:00 Петров Пётр planned', 'the trip from the route and its vehicle');
SELECT pg_temp.expect_eq((SELECT string_agg(client || ' ' || place, ', ' ORDER BY client) FROM so),
                         format('TSH-1 %s, TSH-2 %s, TSH-3 over_capacity, TSH-4 no_route', :'trip_no', :'trip_no'),
                         'placed by route and capacity');
SELECT pg_temp.expect_eq((SELECT format('%s %s/%s %s/%s %s', orders, kg, capacity_kg, pallets, capacity_pallets, over)
                            FROM polka.trip_board(:w, '2031-03-05')), '2 700.0/800.0 4/4 f', 'the board''s load');
-- The trip loading report: a row for what no trip carries, then the trip with its load.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s/%s %s%% %s/%s %s%%', coalesce(trip, '-'), orders, kg,
                                                   coalesce(capacity_kg::text, '-'), coalesce(kg_percent::text, '-'),
                                                   pallets, coalesce(capacity_pallets::text, '-'),
                                                   coalesce(pallet_percent::text, '-')), '; ')
                            FROM polka.report_trip_loading('2031-03-05', '2031-03-05', 'TSH-W')),
                         format('- 2 400.0/- -%% 3/- -%%; %s 2 700.0/800.0 87.5%% 4/4 100.0%%', :'trip_no'),
                         'the trip loading report');
-- A run again changes no placement.
SELECT count(*) FROM polka.allocation_run(:w, '2031-03-05', false, true);
SELECT pg_temp.expect_eq((SELECT string_agg(client || ' ' || place, ', ' ORDER BY client) FROM so),
                         format('TSH-1 %s, TSH-2 %s, TSH-3 over_capacity, TSH-4 no_route', :'trip_no', :'trip_no'),
                         'a second run keeps the placements');

-- The planner adds a trip with the spare and places again; moves refused over capacity.
SELECT polka.trip_save(jsonb_build_object('warehouse_id', :w, 'day', '2031-03-05', 'route_id', :route,
                                          'vehicle_id', :spare, 'departure', '09:00')) AS trip2 \gset
SELECT number AS trip2_no FROM polka.trips WHERE id = :trip2 \gset
SELECT polka.shipping_place_day(:w, '2031-03-05');
SELECT pg_temp.expect_eq((SELECT place FROM so WHERE client = 'TSH-3'), :'trip2_no', 'placed on the new trip');
SELECT id AS s3 FROM polka.shipping_orders WHERE order_id = :o3 \gset
SELECT id AS s4 FROM polka.shipping_orders WHERE order_id = :o4 \gset
SELECT pg_temp.expect_error(format('SELECT polka.shipping_move(%s, %s)', :s3, :trip), '23514', 'trips_capacity');
-- The planner marks instead of refusing: the move is made, the trip shows over.
SELECT polka.trip_over_capacity_set('mark');
SELECT polka.shipping_move(:s3, :trip);
SELECT pg_temp.expect_eq((SELECT format('%s %s', kg, over) FROM polka.trip_board(:w, '2031-03-05') WHERE id = :trip),
                         '1000.0 t', 'over capacity, marked');
SELECT pg_temp.expect_error('SELECT polka.trip_over_capacity_set(''ignore'')', '23514', 'settings_trip_over_capacity');
SELECT polka.trip_over_capacity_set('refuse');
-- TSH-4 (no route) by hand onto the spare's trip; off again; on again.
SELECT polka.shipping_move(:s4, :trip2);
SELECT polka.shipping_move(:s4, NULL);
SELECT pg_temp.expect_eq((SELECT place FROM so WHERE client = 'TSH-4'), 'no_trip', 'taken off: unplaced');
SELECT polka.shipping_move(:s4, :trip2);
-- A closed trip takes nothing; open again it does.
SELECT polka.trip_close(:trip2, true);
SELECT pg_temp.expect_error(format('SELECT polka.shipping_move(%s, %s)', :s3, :trip2), '23514', 'trips_closed');
SELECT polka.trip_close(:trip2, false);

-- An operator changes TSH-2's order while its trip is planned: off the trip, new again.
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SET LOCAL polka.today = '2031-03-03';
SELECT polka.order_save(jsonb_set(polka.order_get(:o2), '{key}', to_jsonb(gen_random_uuid()::text)));
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-03-03';
SELECT pg_temp.expect_eq((SELECT count(*) FROM so WHERE client = 'TSH-2'), 0::bigint, 'a changed order leaves its trip');

-- Picking starts: the trip's orders are picking; the trip is closed and planned no more.
SELECT polka.trip_start_picking(:trip);
SELECT pg_temp.expect_eq((SELECT string_agg(client || ' ' || status, ', ' ORDER BY client) FROM so WHERE place = :'trip_no'),
                         'TSH-1 picking, TSH-3 picking', 'its orders are picking');
SELECT pg_temp.expect_error(format('SELECT polka.trip_start_picking(%s)', :trip), '23514', 'trips_planned');
SELECT pg_temp.expect_error(format('SELECT polka.shipping_move(%s, %s)', :s3, :trip2), '23514', 'trips_planned');
SELECT pg_temp.expect_error(format('SELECT polka.shipping_move(%s, %s)', :s4, :trip), '23514', 'trips_planned');
SELECT pg_temp.expect_error(format('SELECT polka.trip_save(%L)', polka.trip_get(:trip)), '23514', 'trips_planned');
SELECT pg_temp.expect_error(format('SELECT polka.allocation_fix(%s, %s, 10)', :o1, :p), '23514', 'allocation_order_open');
-- A run leaves them: TSH-2 (new again) is confirmed and placed; the picking orders keep theirs.
SELECT pg_temp.expect_eq((SELECT string_agg(client, ',' ORDER BY client) FROM polka.allocation_run(:w, '2031-03-05', false, true)),
                         'TSH Два,TSH Четыре', 'the run: only orders not being picked');
SELECT pg_temp.expect_eq((SELECT string_agg(client || ' ' || place, ', ' ORDER BY client) FROM so),
                         format('TSH-1 %s, TSH-2 %s, TSH-3 %s, TSH-4 %s', :'trip_no', :'trip2_no', :'trip_no', :'trip2_no'),
                         'TSH-2 placed on the open trip');
SELECT pg_temp.expect_error(format('SELECT polka.trip_start_picking(%s)',
                                   polka.trip_save(jsonb_build_object('warehouse_id', :w, 'day', '2031-03-05',
                                                                      'vehicle_id', :spare))),
                            '23514', 'trips_empty');
SELECT pg_temp.expect_error(format('SELECT polka.trip_save(%L)',
                                   jsonb_build_object('warehouse_id', :w, 'day', '2031-03-02', 'vehicle_id', :spare)),
                            '23514', 'trips_day_valid');

-- The operator can neither change nor cancel a picking order: a sentence with the trip.
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SET LOCAL polka.today = '2031-03-03';
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)',
                                   jsonb_set(polka.order_get(:o1), '{key}', to_jsonb(gen_random_uuid()::text))),
                            '23514', 'orders_picking');
SELECT pg_temp.expect_error(format('SELECT polka.order_cancel(%s, %L)', :o1, 'передумали'), '23514', 'orders_picking');
-- Nor the schedule.
SELECT pg_temp.expect_error(format('SELECT polka.shipping_move(%s, NULL)', :s4), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.trip_close(%s, true)', :trip2), '42501');
SELECT pg_temp.expect_error('SELECT polka.trip_over_capacity_set(''mark'')', '42501');

-- A warehouse without stock: the preview says nothing is free; a commit is refused, nothing
-- written.
RESET SESSION AUTHORIZATION;
INSERT INTO polka.warehouses (code, name) VALUES ('TSH-E', 'TSH пустой склад');
UPDATE polka.delivery_points SET warehouse_id = (SELECT id FROM polka.warehouses WHERE code = 'TSH-E')
 WHERE name = 'TSH точка 4';
SELECT pg_temp.ord('TSH-4', 10) AS o5 \gset
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-03-03';
SELECT pg_temp.expect_eq((SELECT string_agg(short_reason || ' ' || confirmed::int, ',')
                            FROM polka.allocation_run((SELECT id FROM polka.warehouses WHERE code = 'TSH-E'), '2031-03-05')),
                         'no_stock 0', 'the preview: nothing free');
SELECT pg_temp.expect_error(format('SELECT count(*) FROM polka.allocation_run(%s, %L, false, true)',
                                   (SELECT id FROM polka.warehouses WHERE code = 'TSH-E'), '2031-03-05'),
                            '23514', 'allocation_no_stock');
SELECT pg_temp.expect_eq((SELECT format('%s %s', status, (SELECT count(*) FROM polka.order_lines l
                                                           WHERE l.order_id = o.id AND l.confirmed IS NOT NULL))
                            FROM polka.orders o WHERE o.id = :o5), 'new 0', 'nothing written');

-- The cut-off (16:00 by default): before it, an order taken on Monday ships on Tuesday
-- (lead 1); after it, on Wednesday; on Friday after the cut-off, on Tuesday.
SET LOCAL polka.time = '15:59';
SELECT pg_temp.expect_eq(polka.first_shipping_day(:w, 1), '2031-03-04'::date, 'before the cut-off: tomorrow');
SET LOCAL polka.time = '16:00';
SELECT pg_temp.expect_eq(polka.first_shipping_day(:w, 1), '2031-03-05'::date, 'after the cut-off: a day later');
SELECT pg_temp.expect_eq(polka.first_shipping_day(:w, 0), '2031-03-03'::date, 'same-day shipping knows no cut-off');
SET LOCAL polka.today = '2031-03-07';
SELECT pg_temp.expect_eq(polka.first_shipping_day(:w, 1), '2031-03-11'::date, 'Friday evening: Tuesday');
SELECT pg_temp.expect_eq(polka.cutoff_day('2031-03-10'), '2031-03-07'::date, 'Monday''s cut-off is on Friday');
-- The order screen's first day: the cut-off of the warehouse the client's point ships from
-- (14:00 here), not the main warehouse's (16:00); with points on two warehouses, the main one's.
RESET SESSION AUTHORIZATION;
UPDATE polka.warehouses SET order_cutoff = '14:00' WHERE id = :w;
SET LOCAL polka.today = '2031-03-03';
SET LOCAL polka.time = '15:00';
SELECT pg_temp.expect_eq(polka.order_context((SELECT id FROM polka.partners WHERE code = 'TSH-1')) ->> 'ship_on',
                         '2031-03-05', 'the point''s warehouse closed at 14:00: a day later');
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'TSH точка 1 на главном', 'г. Тула, ул. Вторая, 2' FROM polka.partners WHERE code = 'TSH-1';
SELECT pg_temp.expect_eq(polka.order_context((SELECT id FROM polka.partners WHERE code = 'TSH-1')) ->> 'ship_on',
                         '2031-03-04', 'points on two warehouses: the main one''s cut-off');

ROLLBACK;
