-- The return desk's scan world (tests/pty scan_burst, tests/bench/scan-burst): :n trips of
-- driver :'driver' that left on a day of year :year, at the main warehouse in its first
-- vehicle, each with its consignment note printed (T<year>000001 ...; a year no other test
-- numbers documents in), none returned. Codes to scan: the notes' codes, written by the caller.
-- As the cluster's superuser (the trips and notes as the waybill desk would have left them).
SET client_min_messages = warning;
WITH w AS (SELECT (SELECT id FROM polka.warehouses ORDER BY id LIMIT 1) AS wh,
                  (SELECT id FROM polka.vehicles ORDER BY id LIMIT 1) AS vehicle),
t AS (
    INSERT INTO polka.trips (warehouse_id, day, vehicle_id, driver, departure, status, closed)
    SELECT w.wh, make_date(:year, 1, 10) + g / 50, w.vehicle, :'driver', time '06:00' + g % 50 * interval '1 minute',
           'left', true
      FROM w, generate_series(0, :n - 1) g
    RETURNING id, day)
INSERT INTO polka.documents (kind, year, seq, doc_date, trip_id, lines, amount, printed_at)
SELECT 'tn', :year, row_number() OVER (ORDER BY t.id), t.day, t.id, 1, 1000, now() FROM t;
INSERT INTO polka.doc_counters (kind, year, last) VALUES ('tn', :year, :n);
-- As autovacuum keeps them (a thousand rows just inserted would leave the planner guessing one).
ANALYZE polka.trips, polka.documents;
