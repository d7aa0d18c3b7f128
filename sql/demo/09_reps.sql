-- 08_reps.sql: sales representatives for the demo (issue 18, part 3), after
-- polka_demo.demo_orders: roman and sveta (demo logins, role sales_rep) with a route a weekday
-- (Monday to Saturday; the Saturday one on Sundays too, so that whoever tries the demo on a
-- Sunday has a day to work) over shops' and HoReCa clients' outlets: a client whose orders came by a
-- representative is on the route of the weekday it mostly ordered on, the rest fill the routes;
-- tasks at each outlet (always an order; the shelf, a payment, a photo, a task in words at some);
-- and the visits of the three weeks before today: most done with their tasks' results, the
-- demo's representative orders of that client and day taken at them, some outlets found closed,
-- some missed. Today is left for the representative to work.

CREATE OR REPLACE FUNCTION polka_demo.demo_reps(p_scale numeric, p_today date DEFAULT polka.business_day())
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_per_route int := greatest(least(round(60 * p_scale), 10), 4);
    tz text := polka.business_tz();
BEGIN
    IF EXISTS (SELECT FROM polka.rep_routes) THEN
        RETURN false;
    END IF;
    -- The clients: shops and HoReCa with an outlet; the weekday their representative orders
    -- mostly came on (else spread over the week), and their rank within it.
    CREATE TEMP TABLE demo_rep_clients ON COMMIT DROP AS
    WITH c AS (
        SELECT p.id AS client_id, (SELECT min(d.id) FROM polka.delivery_points d WHERE d.partner_id = p.id AND d.active) AS point_id,
               (SELECT mode() WITHIN GROUP (ORDER BY extract(isodow FROM o.taken_on)::int)
                  FROM polka.orders o WHERE o.client_id = p.id AND o.source = 'rep'
                   AND o.taken_on >= p_today - 60 AND extract(isodow FROM o.taken_on) <= 6) AS dow
          FROM polka.partners p
         WHERE p.kind = 'client' AND p.segment IN ('shop', 'horeca')),
    w AS (
        SELECT c.client_id, c.point_id, coalesce(c.dow, 1 + (c.client_id % 6)::int) AS dow, c.dow IS NOT NULL AS ordering
          FROM c WHERE c.point_id IS NOT NULL)
    SELECT w.*, row_number() OVER (PARTITION BY w.dow ORDER BY NOT w.ordering, w.client_id) AS rk
      FROM w;
    DELETE FROM demo_rep_clients WHERE rk > 2 * v_per_route;

    -- A route a weekday for each representative: the weekday's clients shared between them.
    INSERT INTO polka.rep_routes (code, name, rep_id, weekdays)
    SELECT 'ТП-' || upper(left(pe.login, 1)) || d, pe.full_name || ': ' ||
           (ARRAY['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота и воскресенье'])[d], pe.id,
           CASE d WHEN 6 THEN '67' ELSE d::text END
      FROM polka.people pe, generate_series(1, 6) d
     WHERE pe.login IN ('roman', 'sveta')
     ORDER BY pe.login, d;
    INSERT INTO polka.rep_route_points (route_id, point_id, client_id, stop, task_order, task_shelf,
                                        task_payment, task_photo, task_note)
    SELECT r.id, c.point_id, c.client_id, ((c.rk + 1) / 2)::smallint, true, c.client_id % 2 = 0,
           c.client_id % 3 = 0, c.client_id % 4 = 1,
           CASE WHEN c.client_id % 5 = 2 THEN 'Проверить ценники на акционный товар' END
      FROM demo_rep_clients c
      JOIN polka.rep_routes r ON left(r.weekdays, 1) = c.dow::text
      JOIN polka.people pe ON pe.id = r.rep_id AND pe.login = CASE WHEN c.rk % 2 = 1 THEN 'roman' ELSE 'sveta' END;

    -- The visits of the three weeks before today: about one in nine outlets missed, one in
    -- thirteen found closed; the rest done, the stops 40 minutes apart from 09:00.
    CREATE TEMP TABLE demo_rep_visits ON COMMIT DROP AS
    SELECT r.rep_id, d::date AS day, rp.id AS route_point_id, rp.point_id, rp.client_id, rp.stop,
           (rp.client_id * 7 + (d::date - date '2000-01-01')) % 13 = 0 AS closed,
           ((d::date + time '09:00' + (rp.stop - 1) * interval '40 minutes') AT TIME ZONE tz) AS at,
           (SELECT o.id FROM polka.orders o
             WHERE o.client_id = rp.client_id AND o.taken_on = d::date AND o.source = 'rep'
             ORDER BY o.id LIMIT 1) AS order_id
      FROM generate_series(p_today - 21, p_today - 1, interval '1 day') d
      JOIN polka.rep_routes r ON strpos(r.weekdays, extract(isodow FROM d)::text) > 0
      JOIN polka.rep_route_points rp ON rp.route_id = r.id
     WHERE (rp.client_id * 5 + (d::date - date '2000-01-01')) % 9 <> 0;
    UPDATE demo_rep_visits SET order_id = NULL WHERE closed;
    INSERT INTO polka.rep_visits (rep_id, day, route_point_id, point_id, client_id, started_at, finished_at,
                                  result, comment, order_id)
    SELECT v.rep_id, v.day, v.route_point_id, v.point_id, v.client_id, v.at, v.at + interval '25 minutes',
           CASE WHEN v.closed THEN 'closed' ELSE 'done' END,
           CASE WHEN v.closed THEN 'Точка закрыта: санитарный день' END, v.order_id
      FROM demo_rep_visits v
     ORDER BY v.day, v.rep_id, v.stop;
    -- The orders taken at visits are the representatives'.
    UPDATE polka.orders o SET taken_by = pe.login
      FROM polka.rep_visits v JOIN polka.people pe ON pe.id = v.rep_id
     WHERE v.order_id = o.id AND o.taken_by IS DISTINCT FROM pe.login;

    -- The tasks' results: the order taken or why not; the shelf mostly in order; payments
    -- collected; photos taken; the task in words done. A closed outlet's tasks not done.
    INSERT INTO polka.rep_task_results (visit_id, kind, done, reason, amount, by_user, at)
    SELECT v.id, k.kind,
           NOT (v.result = 'closed' OR (k.kind = 'order' AND v.order_id IS NULL)
                OR (k.kind = 'shelf' AND v.client_id % 7 = 0)),
           CASE WHEN v.result = 'closed' THEN v.comment
                WHEN k.kind = 'order' AND v.order_id IS NULL THEN 'Запас на неделю есть, заказ не нужен'
                WHEN k.kind = 'shelf' AND v.client_id % 7 = 0 THEN 'Нет места на полке: конкурент' END,
           CASE WHEN k.kind = 'payment' AND v.result = 'done' THEN 1000 + (v.client_id % 20) * 250 END,
           pe.login, v.started_at + interval '20 minutes'
      FROM polka.rep_visits v
      JOIN polka.people pe ON pe.id = v.rep_id
      JOIN polka.rep_route_points rp ON rp.id = v.route_point_id
     CROSS JOIN LATERAL unnest(polka.rep_stop_kinds(rp)) AS k(kind);
    RETURN true;
END
$$;
