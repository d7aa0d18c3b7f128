-- returns.sql: returned documents (issue 16, schema 024). Drivers bring back the signed copies
-- of a trip's documents; at the return desk the clerk scans each one's barcode (or types its
-- number), which marks it returned; the desk shows what a trip or a driver still owes; a
-- report lists the documents out with the days they have been.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- A trip's or a driver's live documents not back yet, of trips that left (a trip not left has
-- nothing out; a returned one nothing missing). Neither given: every trip's. Oldest first.
CREATE OR REPLACE FUNCTION polka.documents_missing(p_trip bigint DEFAULT NULL, p_driver text DEFAULT NULL)
RETURNS TABLE (id bigint, code text, kind text, number integer, trip_id bigint, trip text, day date,
               driver text, stop smallint, client text, amount numeric, days integer)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT d.id, d.code, d.kind, d.seq, t.id, t.number, t.day, t.driver, rp.stop, c.name, d.amount,
           greatest((SELECT polka.business_day()) - t.day, 0)
      FROM polka.trips t
      JOIN polka.documents d ON d.trip_id = t.id AND d.returned_at IS NULL AND d.cancelled_at IS NULL
      LEFT JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = d.point_id
     WHERE t.status = 'left'
       AND (p_trip IS NULL OR t.id = p_trip)
       AND (p_driver IS NULL OR t.driver = p_driver)
     ORDER BY t.day, t.number, d.kind = 'upd', rp.stop NULLS LAST, d.code
$$;
GRANT EXECUTE ON FUNCTION polka.documents_missing(bigint,text) TO polka_user;

-- The driver a name typed at the return desk means: the one of the trips that left whose name
-- is it (any case), else the only one whose name contains it; NULL when none or several do.
CREATE OR REPLACE FUNCTION polka.driver_find(p_name text) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH d AS (SELECT DISTINCT t.driver FROM polka.trips t
                WHERE t.status IN ('left', 'returned') AND t.driver IS NOT NULL
                  AND strpos(lower(t.driver), lower(btrim(p_name))) > 0 AND btrim(p_name) <> '')
    SELECT coalesce((SELECT d.driver FROM d WHERE lower(d.driver) = lower(btrim(p_name)) LIMIT 1),
                    (SELECT min(d.driver) FROM d HAVING count(*) = 1))
$$;
GRANT EXECUTE ON FUNCTION polka.driver_find(text) TO polka_user;

-- A document as the return desk is given it: a scanned code (U2026000123; a scanner typing on a
-- Russian keyboard layout sends Г for U and Е for T, a person may type У and Т), or a number
-- as printed on the paper (123, УПД 123, № 123: a sales document; Т 123, ТН 123: a consignment
-- note), the latest of that number in the context (a trip, a driver's trips) or among trips
-- that left. NULL when nothing answers.
CREATE OR REPLACE FUNCTION polka.document_given(p_code text, p_trip bigint, p_driver text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v text := upper(btrim(coalesce(p_code, '')));
    m text[];
    v_id bigint;
BEGIN
    IF length(v) > 40 THEN
        RETURN NULL;
    END IF;
    IF translate(v, 'УТГЕ', 'UTUT') ~ '^[UT][0-9]{10,}$' THEN
        SELECT d.id INTO v_id FROM polka.documents d WHERE d.code = translate(v, 'УТГЕ', 'UTUT');
        RETURN v_id;
    END IF;
    m := regexp_match(v, '^(УПД|UPD|У|U|ТН|TN|Т|T)?\s*(?:N|№)?\s*0*([0-9]{1,9})$');
    IF m IS NULL OR m[2] = '' THEN
        RETURN NULL;
    END IF;
    SELECT d.id INTO v_id
      FROM polka.documents d JOIN polka.trips t ON t.id = d.trip_id
     WHERE d.kind = CASE WHEN left(coalesce(m[1], ''), 1) IN ('Т', 'T') THEN 'tn' ELSE 'upd' END
       AND d.seq = m[2]::int
       AND (p_trip IS NULL OR t.id = p_trip)
       AND (p_driver IS NULL OR t.driver = p_driver)
       AND (p_trip IS NOT NULL OR t.status IN ('left', 'returned'))
     ORDER BY d.cancelled_at IS NULL DESC, d.doc_date DESC, d.id DESC
     LIMIT 1;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.document_given(text,bigint,text) TO polka_user;

-- One business action: a document handed back, signed, to the return desk. The context is the
-- trip (p_trip) or the driver (p_driver) whose papers the clerk is taking in, or neither. The
-- outcome, a row always (a scan is never an error; the desk signals each kind apart):
--   returned    marked now (who, when); the trip becomes returned with its last document;
--   again       it was back already (returned_at, returned_by say when and by whom);
--   unknown     no document has this code or number (garbage, a partial read);
--   cancelled   a cancelled document (nothing is expected back);
--   other       another trip's or driver's document than the context's (not marked: it
--               belongs to another pile; trip and driver say whose);
--   not_left    its trip has not left yet (F7 at the waybill desk first).
-- missing: what the context (without one: the document's trip) still owes after this scan.
-- The trip's row is locked first, so that two clerks returning its last two documents at once
-- cannot both miss that the trip is complete.
CREATE OR REPLACE FUNCTION polka.document_return(p_code text, p_trip bigint DEFAULT NULL, p_driver text DEFAULT NULL)
RETURNS TABLE (outcome text, document_id bigint, code text, kind text, trip_id bigint, trip text,
               driver text, client text, returned_at timestamptz, returned_by text, missing bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_id bigint;
    d polka.documents;
    t polka.trips;
    v_out text;
    v_driver text := nullif(btrim(p_driver), '');
BEGIN
    PERFORM polka.documents_rights_check();
    v_id := polka.document_given(p_code, p_trip, v_driver);
    IF v_id IS NULL THEN
        RETURN QUERY SELECT 'unknown', NULL::bigint, NULL::text, NULL::text, p_trip, NULL::text, v_driver,
                            NULL::text, NULL::timestamptz, NULL::text,
                            (SELECT count(*) FROM polka.trips y
                               JOIN polka.documents x ON x.trip_id = y.id AND x.returned_at IS NULL
                                                     AND x.cancelled_at IS NULL
                              WHERE y.status = 'left' AND (p_trip IS NULL OR y.id = p_trip)
                                AND (v_driver IS NULL OR y.driver = v_driver))
                      WHERE p_trip IS NOT NULL OR v_driver IS NOT NULL
                     UNION ALL
                     SELECT 'unknown', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                      WHERE p_trip IS NULL AND v_driver IS NULL;
        RETURN;
    END IF;
    SELECT x.* INTO t FROM polka.trips x WHERE x.id = (SELECT dd.trip_id FROM polka.documents dd WHERE dd.id = v_id)
       FOR UPDATE;
    SELECT x.* INTO d FROM polka.documents x WHERE x.id = v_id FOR UPDATE;
    v_out := CASE WHEN d.cancelled_at IS NOT NULL THEN 'cancelled'
                  WHEN p_trip IS NOT NULL AND t.id <> p_trip THEN 'other'
                  WHEN v_driver IS NOT NULL AND t.driver IS DISTINCT FROM v_driver THEN 'other'
                  WHEN t.status NOT IN ('left', 'returned') THEN 'not_left'
                  WHEN d.returned_at IS NOT NULL THEN 'again'
                  ELSE 'returned' END;
    IF v_out = 'returned' THEN
        UPDATE polka.documents x SET returned_at = now(), returned_by = session_user
         WHERE x.id = v_id RETURNING x.* INTO d;
        IF NOT EXISTS (SELECT FROM polka.documents x
                        WHERE x.trip_id = t.id AND x.returned_at IS NULL AND x.cancelled_at IS NULL) THEN
            UPDATE polka.trips x SET status = 'returned', status_at = now(), version = x.version + 1
             WHERE x.id = t.id;
        END IF;
    END IF;
    RETURN QUERY
    SELECT v_out, d.id, d.code, d.kind, t.id, t.number, t.driver,
           (SELECT c.name FROM polka.partners c WHERE c.id = d.client_id), d.returned_at, d.returned_by,
           (SELECT count(*) FROM polka.trips y
              JOIN polka.documents x ON x.trip_id = y.id AND x.returned_at IS NULL AND x.cancelled_at IS NULL
             WHERE y.status = 'left'
               AND CASE WHEN p_trip IS NULL AND v_driver IS NULL THEN y.id = t.id
                        ELSE (p_trip IS NULL OR y.id = p_trip) AND (v_driver IS NULL OR y.driver = v_driver) END);
END
$$;
GRANT EXECUTE ON FUNCTION polka.document_return(text,bigint,text) TO polka_user;

-- Report "returned documents control": the live documents of the period's trips that left, at
-- a warehouse or all, of a driver or all (a part of the name will do): back or not, when and
-- by whom, and the days each was (or is still) out, from the trip's day to its return or to
-- today (a trip that left the evening before its day: 0). The period: a month back to a week
-- ahead by default. Not back first, then by day and trip.
CREATE OR REPLACE FUNCTION polka.report_returned_documents(
    date_from date DEFAULT polka.business_day() - 30,
    date_to date DEFAULT polka.business_day() + 7,
    warehouse text DEFAULT NULL,
    driver text DEFAULT NULL)
RETURNS TABLE (day date, warehouse_code text, trip text, trip_driver text, code text, kind text, stop smallint,
               client text, amount numeric, returned boolean, returned_at timestamp, returned_by text,
               days integer)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_from date := coalesce(report_returned_documents.date_from, polka.business_day() - 30);
    v_to date := coalesce(report_returned_documents.date_to, polka.business_day() + 7);
    v_wh bigint := polka.report_warehouse(report_returned_documents.warehouse);
    v_driver text := nullif(btrim(report_returned_documents.driver), '');
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    SELECT t.day, w.code, t.number, t.driver, d.code, d.kind, rp.stop, c.name, d.amount,
           d.returned_at IS NOT NULL, date_trunc('second', d.returned_at)::timestamp, d.returned_by,
           greatest(coalesce(polka.business_day(d.returned_at), polka.business_day()) - t.day, 0)
      FROM polka.documents d
      JOIN polka.trips t ON t.id = d.trip_id
      JOIN polka.warehouses w ON w.id = t.warehouse_id
      LEFT JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = d.point_id
     WHERE d.cancelled_at IS NULL AND t.status IN ('left', 'returned')
       AND t.day BETWEEN v_from AND v_to AND (v_wh IS NULL OR t.warehouse_id = v_wh)
       AND (v_driver IS NULL OR strpos(lower(t.driver), lower(v_driver)) > 0)
     ORDER BY d.returned_at IS NOT NULL, t.day, t.number, d.kind = 'upd', rp.stop NULLS LAST, d.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_returned_documents(date,date,text,text) TO polka_user;
