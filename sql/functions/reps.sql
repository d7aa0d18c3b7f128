-- reps.sql: sales representatives (issue 18, part 3; schema 033): routes of outlets by
-- weekday with each outlet's tasks (the head, admins and managers make them: a list and a
-- card), the representative's day (today's outlets in route order, their tasks and what is
-- done), a visit started and finished, a task's result, the order taken at a visit (saved by
-- polka.order_save with source 'rep', which names the visit: orders.sql), and the report of
-- visits and orders per representative.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Who makes representatives' routes: the head, admins and managers.
CREATE OR REPLACE FUNCTION polka.rep_routes_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('head') OR polka.has_role('admin') OR polka.has_role('manager')) THEN
        RAISE EXCEPTION 'only the head, administrators and managers make representatives'' routes'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_routes_check() TO polka_user;

-- Is client p_client on an active route of the logged-in representative? (order_rights_check
-- lets him take its orders.)
CREATE OR REPLACE FUNCTION polka.rep_serves(p_client bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
RETURN polka.has_role('sales_rep') AND EXISTS (
    SELECT FROM polka.rep_route_points rp JOIN polka.rep_routes r ON r.id = rp.route_id
     WHERE rp.client_id = p_client AND r.active AND r.rep_id = polka.my_person_id());
GRANT EXECUTE ON FUNCTION polka.rep_serves(bigint) TO polka_user;

-- Routes (the card and the list) -----------------------------------------------------------

CREATE OR REPLACE FUNCTION polka.rep_route_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', r.id, 'version', r.version, 'code', r.code, 'name', r.name,
           'rep_id', r.rep_id, 'rep_id.label', pe.full_name || coalesce(' (' || pe.login || ')', ''),
           'weekdays', r.weekdays, 'active', r.active,
           'points', coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'id', rp.id, 'stop', rp.stop, 'point_id', rp.point_id,
                         'point_id.label', c.name || ': ' || p.name, 'address', p.address,
                         'task_order', rp.task_order, 'task_shelf', rp.task_shelf,
                         'task_payment', rp.task_payment, 'task_photo', rp.task_photo,
                         'task_note', rp.task_note)
                         ORDER BY rp.stop, rp.id)
                  FROM polka.rep_route_points rp
                  JOIN polka.delivery_points p ON p.id = rp.point_id
                  JOIN polka.partners c ON c.id = rp.client_id
                 WHERE rp.route_id = r.id), '[]'))
      FROM polka.rep_routes r
      JOIN polka.people pe ON pe.id = r.rep_id
     WHERE r.id = p_id),
    'representative route', p_id);
GRANT EXECUTE ON FUNCTION polka.rep_route_get(bigint) TO polka_user;

-- One business action: a representative's route with its outlets and their tasks saved.
-- Outlets without a number follow the last; a task not ticked is not there (an outlet
-- without any is refused); the representative is a person with the role sales_rep; an outlet
-- is an active point of a client.
CREATE OR REPLACE FUNCTION polka.rep_route_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rid bigint := (doc ->> 'id')::bigint;
    v_rep bigint := (doc ->> 'rep_id')::bigint;
    v_days text := polka.doc_text(doc, 'weekdays');
    bad text;
    nrows bigint;
BEGIN
    PERFORM polka.rep_routes_check();
    IF jsonb_typeof(doc -> 'points') NOT IN ('array', 'null') THEN
        RAISE EXCEPTION 'points must be an array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_rep IS NULL THEN
        RAISE EXCEPTION 'a route needs its representative' USING ERRCODE = 'not_null_violation', COLUMN = 'rep_id';
    END IF;
    IF NOT EXISTS (SELECT FROM polka.people pe JOIN pg_roles ro ON ro.rolname = pe.login
                    WHERE pe.id = v_rep AND pg_has_role(ro.oid, 'sales_rep', 'MEMBER')) THEN
        RAISE EXCEPTION 'person % is not a sales representative (the role sales_rep)', v_rep
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_routes_rep_is_rep';
    END IF;
    -- Weekdays typed in any order ("531") are kept in order ("135").
    v_days := (SELECT string_agg(DISTINCT d, '' ORDER BY d) FROM regexp_split_to_table(v_days, '') d);
    SELECT string_agg(coalesce(x ->> 'point_id', '?'), ', ') INTO bad
      FROM polka.doc_rows(doc, 'points') x
     WHERE NOT EXISTS (SELECT FROM polka.delivery_points p JOIN polka.partners c ON c.id = p.partner_id
                        WHERE p.id::text = x ->> 'point_id' AND p.active AND c.kind = 'client');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'not an active delivery point of a client: %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_route_points_point_of_client';
    END IF;
    IF rid IS NULL THEN
        INSERT INTO polka.rep_routes (code, name, rep_id, weekdays, active)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'), v_rep, v_days,
                coalesce((doc ->> 'active')::boolean, true))
        RETURNING id INTO rid;
    ELSE
        UPDATE polka.rep_routes
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'), rep_id = v_rep,
               weekdays = v_days, active = coalesce((doc ->> 'active')::boolean, true), version = version + 1
         WHERE id = rid AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.rep_routes WHERE id = rid) THEN
                RAISE EXCEPTION 'route % was changed by someone else', rid USING ERRCODE = 'PLK01';
            END IF;
            PERFORM polka.not_found('representative route', rid);
        END IF;
    END IF;

    DELETE FROM polka.rep_route_points rp
     WHERE rp.route_id = rid
       AND rp.id NOT IN (SELECT (x ->> 'id')::bigint FROM polka.doc_rows(doc, 'points') x
                          WHERE x ->> 'id' IS NOT NULL);
    UPDATE polka.rep_route_points rp
       SET point_id = (x ->> 'point_id')::bigint,
           client_id = (SELECT p.partner_id FROM polka.delivery_points p WHERE p.id = (x ->> 'point_id')::bigint),
           stop = coalesce((x ->> 'stop')::smallint, rp.stop),
           task_order = coalesce((x ->> 'task_order')::boolean, false),
           task_shelf = coalesce((x ->> 'task_shelf')::boolean, false),
           task_payment = coalesce((x ->> 'task_payment')::boolean, false),
           task_photo = coalesce((x ->> 'task_photo')::boolean, false),
           task_note = polka.doc_text(x, 'task_note')
      FROM polka.doc_rows(doc, 'points') x
     WHERE rp.id = (x ->> 'id')::bigint AND rp.route_id = rid;
    GET DIAGNOSTICS nrows = ROW_COUNT;
    IF nrows <> (SELECT count(*) FROM polka.doc_rows(doc, 'points') x WHERE x ->> 'id' IS NOT NULL) THEN
        RAISE EXCEPTION 'an outlet of the route was deleted by someone else meanwhile' USING ERRCODE = 'PLK01';
    END IF;
    INSERT INTO polka.rep_route_points (route_id, point_id, client_id, stop, task_order, task_shelf,
                                        task_payment, task_photo, task_note)
    SELECT rid, p.id, p.partner_id,
           coalesce((x ->> 'stop')::smallint,
                    (SELECT coalesce(max(rp.stop), 0) FROM polka.rep_route_points rp WHERE rp.route_id = rid) + n::smallint),
           coalesce((x ->> 'task_order')::boolean, false), coalesce((x ->> 'task_shelf')::boolean, false),
           coalesce((x ->> 'task_payment')::boolean, false), coalesce((x ->> 'task_photo')::boolean, false),
           polka.doc_text(x, 'task_note')
      FROM polka.doc_rows(doc, 'points') WITH ORDINALITY AS a(x, n)
      JOIN polka.delivery_points p ON p.id = (x ->> 'point_id')::bigint
     WHERE x ->> 'id' IS NULL
     ORDER BY n;
    RETURN rid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_route_save(jsonb) TO polka_user;

CREATE OR REPLACE FUNCTION polka.rep_route_search(q text, lim int DEFAULT 500)
RETURNS TABLE (id bigint, code text, name text, rep text, weekdays text, outlets bigint, active boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT r.id, r.code, r.name, pe.full_name, r.weekdays,
           (SELECT count(*) FROM polka.rep_route_points rp WHERE rp.route_id = r.id), r.active
      FROM polka.rep_routes r
      JOIN polka.people pe ON pe.id = r.rep_id
     WHERE coalesce(q, '') = ''
        OR strpos(lower(r.code || ' ' || r.name || ' ' || pe.full_name || ' ' || coalesce(pe.login, '')),
                  lower(left(q, 100))) > 0
     ORDER BY NOT r.active, r.code
     LIMIT greatest(coalesce(lim, 500), 0)
$$;
GRANT EXECUTE ON FUNCTION polka.rep_route_search(text,integer) TO polka_user;

-- The day ---------------------------------------------------------------------------------

-- The tasks an outlet of a route has each time, in their order (note: the task in words).
CREATE OR REPLACE FUNCTION polka.rep_stop_kinds(rp polka.rep_route_points) RETURNS text[]
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN array_remove(ARRAY[CASE WHEN rp.task_order THEN 'order' END, CASE WHEN rp.task_shelf THEN 'shelf' END,
                          CASE WHEN rp.task_payment THEN 'payment' END, CASE WHEN rp.task_photo THEN 'photo' END,
                          CASE WHEN rp.task_note IS NOT NULL THEN 'note' END], NULL);
GRANT EXECUTE ON FUNCTION polka.rep_stop_kinds(polka.rep_route_points) TO polka_user;

-- A representative's outlets of a day (the logged-in one's, today's by default): the outlets
-- of his active routes running that weekday in route order, each with its visit and what is
-- done (tasks with a result done, of the tasks), the visit's state (planned, started, done,
-- closed) and the order taken there.
CREATE OR REPLACE FUNCTION polka.rep_day(p_day date DEFAULT NULL, p_rep bigint DEFAULT NULL)
RETURNS TABLE (route_point_id bigint, n bigint, route text, client_id bigint, client_code text, client text,
               point_id bigint, point text, address text, tasks text, state text, visit_id bigint,
               started_at text, order_id bigint, order_number text, amount numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_day date := coalesce(p_day, polka.business_day());
    v_rep bigint := coalesce(p_rep, polka.my_person_id());
    tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT rp.id, row_number() OVER (ORDER BY r.code, rp.stop, rp.id), r.code, c.id, c.code, c.name,
           p.id, p.name, p.address,
           (SELECT count(*) FILTER (WHERE t.done) FROM polka.rep_task_results t
             WHERE t.visit_id = v.id AND t.kind = ANY (polka.rep_stop_kinds(rp)))
           || '/' || cardinality(polka.rep_stop_kinds(rp)),
           CASE WHEN v.id IS NULL THEN 'planned' WHEN v.finished_at IS NULL THEN 'started' ELSE v.result END,
           v.id, to_char(v.started_at AT TIME ZONE tz, 'HH24:MI'), o.id, o.number, o.amount
      FROM polka.rep_routes r
      JOIN polka.rep_route_points rp ON rp.route_id = r.id
      JOIN polka.partners c ON c.id = rp.client_id
      JOIN polka.delivery_points p ON p.id = rp.point_id
      LEFT JOIN polka.rep_visits v ON v.rep_id = r.rep_id AND v.point_id = rp.point_id AND v.day = v_day
      LEFT JOIN polka.orders o ON o.id = v.order_id
     WHERE r.rep_id = v_rep AND r.active AND strpos(r.weekdays, extract(isodow FROM v_day)::text) > 0
     ORDER BY r.code, rp.stop, rp.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_day(date,bigint) TO polka_user;

-- An outlet's tasks on a day (the route's outlet p_route_point, the logged-in representative's
-- visit there that day): each kind with the task in words for a note, and its result.
CREATE OR REPLACE FUNCTION polka.rep_stop_tasks(p_route_point bigint, p_day date DEFAULT NULL)
RETURNS TABLE (kind text, task text, result text, reason text, amount numeric, note text, at text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_day date := coalesce(p_day, polka.business_day());
    tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT k.kind, CASE WHEN k.kind = 'note' THEN rp.task_note END,
           CASE WHEN t.done THEN 'done' WHEN NOT t.done THEN 'not_done' END,
           t.reason, t.amount, t.note, to_char(t.at AT TIME ZONE tz, 'HH24:MI')
      FROM polka.rep_route_points rp
      JOIN polka.rep_routes r ON r.id = rp.route_id
     CROSS JOIN LATERAL unnest(polka.rep_stop_kinds(rp)) WITH ORDINALITY AS k(kind, i)
      LEFT JOIN polka.rep_visits v ON v.rep_id = r.rep_id AND v.point_id = rp.point_id AND v.day = v_day
      LEFT JOIN polka.rep_task_results t ON t.visit_id = v.id AND t.kind = k.kind
     WHERE rp.id = p_route_point
     ORDER BY k.i;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_stop_tasks(bigint,date) TO polka_user;

-- The logged-in representative's visit p_visit, locked; refused when it is not his, or (open)
-- when it is finished.
CREATE OR REPLACE FUNCTION polka.rep_visit_mine(p_visit bigint, p_open boolean DEFAULT true)
RETURNS polka.rep_visits
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v polka.rep_visits;
BEGIN
    SELECT * INTO v FROM polka.rep_visits WHERE id = p_visit FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM polka.not_found('visit', p_visit);
    END IF;
    IF v.rep_id IS DISTINCT FROM polka.my_person_id() THEN
        RAISE EXCEPTION 'visit % is another representative''s', p_visit USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_open AND v.finished_at IS NOT NULL THEN
        RAISE EXCEPTION 'the visit is finished: it no longer changes'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_open';
    END IF;
    RETURN v;
END
$$;

-- One business action: the logged-in representative starts his visit to an outlet of his
-- route running today. Refused: not his route, not today's, a visit there today already
-- (started twice), another visit of today still open.
CREATE OR REPLACE FUNCTION polka.rep_visit_start(p_route_point bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_day date := polka.business_day();
    me bigint := polka.my_person_id();
    rp polka.rep_route_points;
    r polka.rep_routes;
    other record;
    vid bigint;
BEGIN
    IF NOT polka.has_role('sales_rep') THEN
        RAISE EXCEPTION 'only sales representatives visit outlets' USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO rp FROM polka.rep_route_points WHERE id = p_route_point;
    IF NOT FOUND THEN
        PERFORM polka.not_found('outlet of a route', p_route_point);
    END IF;
    SELECT * INTO r FROM polka.rep_routes WHERE id = rp.route_id;
    IF r.rep_id IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'route % is another representative''s', r.code USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT r.active OR strpos(r.weekdays, extract(isodow FROM v_day)::text) = 0 THEN
        RAISE EXCEPTION 'route % does not run today (its weekdays: %)', r.code, r.weekdays
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_route_today';
    END IF;
    -- The representative's visits are started one at a time (his own row locked).
    PERFORM FROM polka.people WHERE id = me FOR UPDATE;
    SELECT to_char(v.started_at AT TIME ZONE polka.business_tz(), 'HH24:MI') AS at INTO other
      FROM polka.rep_visits v WHERE v.rep_id = me AND v.point_id = rp.point_id AND v.day = v_day;
    IF FOUND THEN
        RAISE EXCEPTION 'the visit to this outlet was started today at %', other.at
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'rep_visits_once';
    END IF;
    SELECT c.name AS client, p.name AS point INTO other
      FROM polka.rep_visits v JOIN polka.partners c ON c.id = v.client_id JOIN polka.delivery_points p ON p.id = v.point_id
     WHERE v.rep_id = me AND v.day = v_day AND v.finished_at IS NULL;
    IF FOUND THEN
        RAISE EXCEPTION 'finish the visit to % (%) first', other.client, other.point
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_one_open';
    END IF;
    INSERT INTO polka.rep_visits (rep_id, day, route_point_id, point_id, client_id)
    VALUES (me, v_day, rp.id, rp.point_id, rp.client_id)
    RETURNING id INTO vid;
    RETURN vid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_visit_start(bigint) TO polka_user;

-- One business action: a task's result at the logged-in representative's open visit: done,
-- or not done and why; a payment collected with its amount; a note. Recorded again, it
-- replaces the earlier result.
CREATE OR REPLACE FUNCTION polka.rep_task_record(p_visit bigint, p_kind text, p_done boolean,
                                                 p_reason text DEFAULT NULL, p_amount numeric DEFAULT NULL,
                                                 p_note text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v polka.rep_visits := polka.rep_visit_mine(p_visit);
    kinds text[];
BEGIN
    kinds := coalesce((SELECT polka.rep_stop_kinds(rp) FROM polka.rep_route_points rp WHERE rp.id = v.route_point_id),
                      '{}');
    IF p_kind IS NULL OR NOT p_kind = ANY (kinds) THEN
        RAISE EXCEPTION 'the outlet has no task "%"; its tasks: %', p_kind, array_to_string(kinds, ', ')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_done IS NULL THEN
        RAISE EXCEPTION 'a task is done or not done' USING ERRCODE = 'not_null_violation', COLUMN = 'done';
    END IF;
    IF p_kind = 'payment' AND p_done AND p_amount IS NULL THEN
        RAISE EXCEPTION 'a payment collected needs its amount'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_task_results_amount_given';
    END IF;
    IF p_kind = 'order' AND p_done AND v.order_id IS NULL THEN
        RAISE EXCEPTION 'the order task is done by taking the order at the visit'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_task_results_order_taken';
    END IF;
    INSERT INTO polka.rep_task_results (visit_id, kind, done, reason, amount, note)
    VALUES (v.id, p_kind, p_done, CASE WHEN NOT p_done THEN nullif(btrim(p_reason), '') END,
            CASE WHEN p_done THEN p_amount END, nullif(btrim(p_note), ''))
    ON CONFLICT ON CONSTRAINT rep_task_results_once DO UPDATE
       SET done = excluded.done, reason = excluded.reason, amount = excluded.amount, note = excluded.note,
           by_user = session_user, at = now();
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_task_record(bigint,text,boolean,text,numeric,text) TO polka_user;

-- One business action: a photo taken at the logged-in representative's open visit stored with
-- it (a file of 1 byte to 10 MB: its name, type, size and SHA-256, as a claim's), the photo
-- task done with the file's name as its note. Returns the file's id.
CREATE OR REPLACE FUNCTION polka.rep_photo_attach(p_visit bigint, p_name text, p_mime text, p_body bytea)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v polka.rep_visits := polka.rep_visit_mine(p_visit);
    -- A photo is a picture, known by its first bytes whatever its name or the type the client
    -- guessed (p_mime): JPEG, PNG, GIF, WebP, HEIC (a phone's).
    v_mime text := CASE
        WHEN substring(p_body FROM 1 FOR 3) = '\xffd8ff'::bytea THEN 'image/jpeg'
        WHEN substring(p_body FROM 1 FOR 8) = '\x89504e470d0a1a0a'::bytea THEN 'image/png'
        WHEN substring(p_body FROM 1 FOR 4) = '\x47494638'::bytea THEN 'image/gif'
        WHEN substring(p_body FROM 1 FOR 4) = '\x52494646'::bytea
             AND substring(p_body FROM 9 FOR 4) = '\x57454250'::bytea THEN 'image/webp'
        WHEN substring(p_body FROM 5 FOR 8) IN ('\x6674797068656963'::bytea, '\x667479706d696631'::bytea)
             THEN 'image/heic'
    END;
    fid bigint;
BEGIN
    IF v_mime IS NULL THEN
        RAISE EXCEPTION 'a photo is a JPEG, PNG, GIF, WebP or HEIC picture; % is not', p_name
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_photo_picture';
    END IF;
    INSERT INTO polka.attachments (visit_id, name, mime, size, sha256, body)
    VALUES (v.id, p_name, v_mime, octet_length(p_body), sha256(p_body), p_body)
    RETURNING id INTO fid;
    PERFORM polka.rep_task_record(v.id, 'photo', true, NULL, NULL, p_name);
    RETURN fid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_photo_attach(bigint,text,text,bytea) TO polka_user;

-- The order p_order taken at visit p_visit (called by order_save in its transaction when the
-- order names the visit): the visit's client's, from a representative, the visit open and
-- without an order yet; the order task done.
CREATE OR REPLACE FUNCTION polka.rep_visit_order(p_visit bigint, p_order bigint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v polka.rep_visits := polka.rep_visit_mine(p_visit);
    o polka.orders;
BEGIN
    SELECT * INTO o FROM polka.orders WHERE id = p_order;
    IF NOT FOUND THEN
        PERFORM polka.not_found('order', p_order);
    END IF;
    IF o.client_id <> v.client_id OR o.source <> 'rep' THEN
        RAISE EXCEPTION 'order % is not a representative''s order of the visit''s client', o.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_order_of_client';
    END IF;
    IF v.order_id IS NOT NULL AND v.order_id <> o.id THEN
        RAISE EXCEPTION 'an order was taken at this visit already: %',
            (SELECT x.number FROM polka.orders x WHERE x.id = v.order_id)
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'rep_visits_one_order';
    END IF;
    UPDATE polka.rep_visits SET order_id = o.id WHERE id = v.id;
    IF EXISTS (SELECT FROM polka.rep_route_points rp WHERE rp.id = v.route_point_id AND rp.task_order) THEN
        INSERT INTO polka.rep_task_results (visit_id, kind, done) VALUES (v.id, 'order', true)
        ON CONFLICT ON CONSTRAINT rep_task_results_once DO UPDATE
           SET done = true, reason = NULL, by_user = session_user, at = now();
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_visit_order(bigint,bigint) TO polka_user;

-- One business action: the logged-in representative's visit finished: 'done' (the outlet
-- worked) once every task has its result; 'closed' (the outlet found closed) with why, which
-- the tasks left without a result get as their reason.
CREATE OR REPLACE FUNCTION polka.rep_visit_finish(p_visit bigint, p_result text, p_comment text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v polka.rep_visits := polka.rep_visit_mine(p_visit);
    kinds text[];
    missing int;
BEGIN
    IF p_result IS NULL OR p_result NOT IN ('done', 'closed') THEN
        RAISE EXCEPTION 'a visit ends done or closed, not %', coalesce(p_result, 'nothing')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_result_valid';
    END IF;
    kinds := coalesce((SELECT polka.rep_stop_kinds(rp) FROM polka.rep_route_points rp WHERE rp.id = v.route_point_id),
                      '{}');
    missing := (SELECT count(*) FROM unnest(kinds) k
                 WHERE NOT EXISTS (SELECT FROM polka.rep_task_results t WHERE t.visit_id = v.id AND t.kind = k));
    IF p_result = 'closed' THEN
        IF btrim(coalesce(p_comment, '')) = '' THEN
            RAISE EXCEPTION 'say why the outlet was closed'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_closed_why';
        END IF;
        INSERT INTO polka.rep_task_results (visit_id, kind, done, reason)
        SELECT v.id, k, false, left(btrim(p_comment), 500) FROM unnest(kinds) k
         WHERE NOT EXISTS (SELECT FROM polka.rep_task_results t WHERE t.visit_id = v.id AND t.kind = k);
    ELSIF missing > 0 THEN
        RAISE EXCEPTION '% tasks of the visit have no result: record each as done or not done', missing
            USING ERRCODE = 'check_violation', CONSTRAINT = 'rep_visits_tasks_recorded';
    END IF;
    UPDATE polka.rep_visits SET finished_at = greatest(now(), started_at), result = p_result,
                                comment = nullif(btrim(p_comment), '')
     WHERE id = v.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.rep_visit_finish(bigint,text,text) TO polka_user;

-- The report --------------------------------------------------------------------------------

-- Visits and orders per representative over a period (the caller's rights: a representative
-- his own, the head, admins and managers every one): the outlets planned by the routes as
-- they are now (each day of the period, by weekday), visits done, found closed, missed (planned
-- before today, no visit), the orders taken at visits and their amount (not cancelled), tasks
-- done and not done, payments collected.
CREATE OR REPLACE FUNCTION polka.report_rep_visits(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (rep_id bigint, login text, rep text, planned bigint, visited bigint, closed bigint, missed bigint,
               orders bigint, amount numeric, tasks_done bigint, tasks_not_done bigint, collected numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_from date := coalesce(report_rep_visits.date_from, polka.report_month_start());
    v_to date := coalesce(report_rep_visits.date_to, polka.business_day());
    v_today date := polka.business_day();
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    WITH plan AS (
        SELECT DISTINCT r.rep_id, d::date AS day, rp.point_id
          FROM generate_series(v_from, v_to, interval '1 day') d
          JOIN polka.rep_routes r ON r.active AND strpos(r.weekdays, extract(isodow FROM d)::text) > 0
          JOIN polka.rep_route_points rp ON rp.route_id = r.id),
    vis AS (
        SELECT v.*, o.amount AS order_amount, o.status AS order_status
          FROM polka.rep_visits v LEFT JOIN polka.orders o ON o.id = v.order_id
         WHERE v.day BETWEEN v_from AND v_to),
    per AS (
        SELECT coalesce(p.rep_id, v.rep_id) AS rep_id,
               count(*) FILTER (WHERE p.point_id IS NOT NULL) AS n_planned,
               count(*) FILTER (WHERE v.result = 'done') AS n_visited,
               count(*) FILTER (WHERE v.result = 'closed') AS n_closed,
               count(*) FILTER (WHERE p.point_id IS NOT NULL AND v.id IS NULL AND p.day < v_today) AS n_missed,
               count(v.order_id) FILTER (WHERE v.order_status <> 'cancelled') AS n_orders,
               coalesce(sum(v.order_amount) FILTER (WHERE v.order_status <> 'cancelled'), 0) AS s_amount
          FROM plan p FULL JOIN vis v ON v.rep_id = p.rep_id AND v.point_id = p.point_id AND v.day = p.day
         GROUP BY 1),
    tasks AS (
        SELECT v.rep_id, count(*) FILTER (WHERE t.done) AS n_done, count(*) FILTER (WHERE NOT t.done) AS n_not,
               coalesce(sum(t.amount), 0) AS s_collected
          FROM vis v JOIN polka.rep_task_results t ON t.visit_id = v.id
         GROUP BY 1)
    SELECT per.rep_id, pe.login, pe.full_name, per.n_planned, per.n_visited, per.n_closed, per.n_missed,
           per.n_orders, per.s_amount, coalesce(tasks.n_done, 0), coalesce(tasks.n_not, 0),
           coalesce(tasks.s_collected, 0)
      FROM per
      JOIN polka.people pe ON pe.id = per.rep_id
      LEFT JOIN tasks ON tasks.rep_id = per.rep_id
     ORDER BY pe.full_name, per.rep_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_rep_visits(date,date) TO polka_user;
