# truck-world.sh: the world of the truck benchmarks (truck-docs, print-set), sourced: a picked
# trip of $norders shipping orders of $nlines lines each on one route with a 20-tonne truck,
# allocated as the planner dina, its picking facts (every line as tasked, a pallet per
# shipping order) imported by the clerk boris, so no line differs. Needs lib.sh, $norders,
# $nlines, $tmp, psql_q, as_dina and as_boris; sets day, trip, placed and facts.
# shellcheck shell=bash disable=SC2154

truck_world() {
  bench_demo_db 0.02
  day=$(psql_q -c "SELECT polka.business_day() + 3")
  # The world: a warehouse, 10 products per line of an order (each order's lines different
  # products, each product in several orders), two batches of each with room for all (FEFO
  # takes the older), a client per order with a delivery point on one route of one truck.
  psql_q -v norders="$norders" -v nlines="$nlines" -v day="$day" <<'SQL'
SET client_min_messages = warning;
INSERT INTO polka.warehouses (code, name) VALUES ('TD-W', 'Склад замера документов');
INSERT INTO polka.products (code, name, category_id, unit, pack_qty, weight_kg, shelf_life_days, vat_code)
SELECT (4000000 + g)::text, 'Документ замер ' || g, (SELECT min(id) FROM polka.categories WHERE parent_id IS NOT NULL),
       'шт', 6, 0.2, 30, CASE WHEN g % 3 = 0 THEN 'standard' ELSE 'reduced' END
  FROM generate_series(1, 10 * :nlines) g;
INSERT INTO polka.price_types (code, name, kind) VALUES ('TD-PT', 'Замер документов', 'base');
INSERT INTO polka.partners (code, kind, name, legal_name, segment, priority)
SELECT 'TD-' || g, 'client', 'Замер документов ' || g, 'ООО «Замер документов ' || g || '»', 'shop', 1 + g % 9
  FROM generate_series(1, :norders) g;
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, credit_days, valid_from, status)
SELECT p.code, 'Замер', 'individual', p.id, t.id, CASE WHEN p.id % 2 = 0 THEN 'prepayment' ELSE 'credit' END,
       CASE WHEN p.id % 2 = 0 THEN NULL ELSE 14 END, '2000-01-01', 'active'
  FROM polka.partners p, polka.price_types t WHERE p.code LIKE 'TD-%' AND p.kind = 'client' AND t.code = 'TD-PT';
INSERT INTO polka.delivery_points (partner_id, name, address, warehouse_id)
SELECT p.id, 'Точка ' || p.code, 'г. Замер, ул. Документная, д. ' || p.id, w.id
  FROM polka.partners p, polka.warehouses w WHERE p.code LIKE 'TD-%' AND p.kind = 'client' AND w.code = 'TD-W';
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES ('TDC-1', 'carrier', 'Замер документов: перевозчик', 'ООО Замер ДТ');
INSERT INTO polka.vehicles (plate, carrier_id, capacity_kg, capacity_pallets)
SELECT 'Д001ТД 99', p.id, 20000, 66 FROM polka.partners p WHERE p.code = 'TDC-1';
INSERT INTO polka.routes (code, name, warehouse_id, weekdays, vehicle_id)
SELECT 'TD-R', 'Замер документов', w.id, '1234567', v.id
  FROM polka.warehouses w, polka.vehicles v WHERE w.code = 'TD-W' AND v.plate = 'Д001ТД 99';
INSERT INTO polka.route_points (route_id, point_id, stop)
SELECT r.id, d.id, row_number() OVER (ORDER BY d.id DESC)
  FROM polka.routes r, polka.delivery_points d JOIN polka.partners p ON p.id = d.partner_id
 WHERE r.code = 'TD-R' AND p.code LIKE 'TD-%' AND p.kind = 'client';
-- The orders: order o's line k the product 1 + (o * lines + k) mod (10 * lines).
INSERT INTO polka.orders (request_key, client_id, point_id, agreement_id, ship_on, comment, warehouse_id)
SELECT gen_random_uuid(), c.id, d.id, a.id, :'day', 'TD', w.id
  FROM polka.partners c
  JOIN polka.delivery_points d ON d.partner_id = c.id
  JOIN polka.agreements a ON a.client_id = c.id
  CROSS JOIN polka.warehouses w
 WHERE c.code LIKE 'TD-%' AND c.kind = 'client' AND w.code = 'TD-W'
 ORDER BY c.id;
INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount, price_origin)
SELECT o.id, k, p.id, x.qty, x.price, x.rate, x.qty * x.price, round(x.qty * x.price * x.rate / (100 + x.rate), 2), 'TD'
  FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS o FROM polka.orders WHERE comment = 'TD') o
  CROSS JOIN generate_series(1, :nlines) k
  JOIN polka.products p ON p.code = (4000000 + 1 + (o.o * :nlines + k - 1) % (10 * :nlines))::text
  CROSS JOIN LATERAL (SELECT 6 * (1 + (o.o + k) % 8) AS qty,
                             round((40 + (p.id * 7919) % 46000 / 100.0)::numeric, 2) AS price,
                             CASE p.vat_code WHEN 'standard' THEN 20 ELSE 10 END AS rate) x;
INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on)
SELECT w.id, p.id, 'TD-' || p.code || '-' || b, current_date - (b * 3)::int, current_date - (b * 3)::int + 30
  FROM polka.warehouses w, polka.products p, generate_series(1, 2) b
 WHERE w.code = 'TD-W' AND p.code LIKE '4%' AND length(p.code) = 7;
INSERT INTO polka.stock_moves (kind, batch_id, qty, note)
SELECT 'receipt', b.id, 600, 'замер' FROM polka.stock_batches b WHERE b.batch LIKE 'TD-%';
CREATE SCHEMA bench;
-- The floor's table: document_lines' columns, identity, checks and indexes; logged.
CREATE TABLE bench.td_copy (LIKE polka.document_lines INCLUDING ALL);
VACUUM ANALYZE;
SQL
  wh=$(psql_q -c "SELECT id FROM polka.warehouses WHERE code = 'TD-W'")
  # Allocation as the planner: the orders confirmed, held, made shipping orders on the route's trip.
  as_dina -c "SELECT count(*) FROM polka.allocation_run($wh, '$day', false, true)" >/dev/null
  trip=$(psql_q -c "SELECT t.id FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
                     WHERE r.code = 'TD-R' AND t.day = '$day'")
  placed=$(psql_q -c "SELECT count(*) FROM polka.shipping_orders WHERE trip_id = $trip")
  [[ $placed == "$norders" ]] || { echo "$bench: $placed of $norders shipping orders on the trip" >&2; exit 1; }
  as_dina -c "SELECT polka.trip_start_picking($trip)" >/dev/null
  # The WMS's facts file: every line as tasked, batch by batch as held, a pallet (an SSCC with
  # the demo's GS1 prefix) per shipping order; imported by the clerk.
  psql_q -v trip="$trip" >"$tmp/facts.tsv" <<'SQL'
WITH p AS (
    SELECT s.number AS so, l.n, b.batch, trim_scale(r.qty) AS qty, b.expires_on,
           '0460000' || lpad((s.id % 10000000000)::text, 10, '0') AS sscc
      FROM polka.shipping_orders s
      JOIN polka.order_lines l ON l.order_id = s.order_id AND l.confirmed > 0
      JOIN polka.reservations r ON r.order_id = s.order_id AND r.product_id = l.product_id
      JOIN polka.stock_batches b ON b.id = r.batch_id
     WHERE s.trip_id = :trip)
SELECT concat_ws(E'\n', E'POLKA-WMS\tFACTS\t1', E'TRIP\t' || (SELECT number FROM polka.trips WHERE id = :trip),
                 string_agg(format(E'PICK\t%s\t%s\t%s\t%s\t%s', p.so, p.n, p.batch, p.qty,
                                   p.sscc || polka.gs1_check_digit(p.sscc)), E'\n' ORDER BY p.so, p.n, p.expires_on, p.batch),
                 E'END\t' || count(*))
  FROM p;
SQL
  as_boris -v file="$(cat "$tmp/facts.tsv")" <<'SQL' >/dev/null
SELECT picks FROM polka.wms_import('trip.facts.tsv', :'file');
SQL
  state=$(psql_q -c "SELECT status || ' ' || (SELECT count(*) FROM polka.picking_facts WHERE trip_id = $trip)
                            || ' ' || (SELECT count(*) FROM polka.waybill_lines($trip) WHERE difference IS NOT NULL)
                       FROM polka.trips WHERE id = $trip")
  read -r status facts diffs <<<"$state"
  [[ $status == picked && $diffs == 0 ]] ||
    { echo "$bench: trip $trip is $status with $facts facts and $diffs differences" >&2; exit 1; }
}
