-- Sales representatives (issue 18, part 3): routes made by the head (not by a representative,
-- only for a person with the role sales_rep, only clients' active points); a representative
-- sees his routes, visits and his routes' clients only (their individual prices too) and
-- takes orders for them, not for another's; the day in route order; a visit started (twice:
-- refused; a second one while one is open: refused; another's route, a route not running
-- today: refused); task results (bad words refused); the order at a visit saved by order_save
-- with source rep and linked in the same transaction (another client's, a second one:
-- refused, nothing saved); the visit finished (tasks without a result, closed without why:
-- refused; after it nothing changes); the report of visits and orders.
--
-- Own data only: representatives trep_a and trep_b, clients TREP-* with their outlets, a price
-- type and agreements, on business day 2047-03-04 (all in this transaction).
\ir ../lib.sql

BEGIN;
SET polka.today = '2047-03-04';
SELECT extract(isodow FROM date '2047-03-04')::text AS dow,
       (extract(isodow FROM date '2047-03-04')::int % 7 + 1)::text AS other_dow \gset
CREATE ROLE trep_a LOGIN;
CREATE ROLE trep_b LOGIN;
GRANT sales_rep TO trep_a, trep_b;
INSERT INTO polka.people (login, full_name) VALUES ('trep_a', 'Представитель Проверочный'), ('trep_b', 'Представитель Другой');
SELECT id AS rep_a FROM polka.people WHERE login = 'trep_a' \gset
SELECT id AS rep_b FROM polka.people WHERE login = 'trep_b' \gset
SELECT id AS anna FROM polka.people WHERE login = 'anna' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, segment)
VALUES ('TREP-A1', 'client', 'Представители: первый', 'ООО «Первый»', 'shop'),
       ('TREP-A2', 'client', 'Представители: второй', 'ООО «Второй»', 'shop'),
       ('TREP-B1', 'client', 'Представители: чужой', 'ООО «Чужой»', 'shop'),
       ('TREP-S1', 'supplier', 'Представители: поставщик', 'ООО «Поставщик»', NULL);
INSERT INTO polka.delivery_points (partner_id, name, address)
SELECT id, 'Магазин ' || code, 'г. Тверь, ул. Проверочная, д. ' || right(code, 1) FROM polka.partners WHERE code LIKE 'TREP-%';
SELECT d.id AS pa1 FROM polka.delivery_points d JOIN polka.partners p ON p.id = d.partner_id WHERE p.code = 'TREP-A1' \gset
SELECT d.id AS pa2 FROM polka.delivery_points d JOIN polka.partners p ON p.id = d.partner_id WHERE p.code = 'TREP-A2' \gset
SELECT d.id AS pb1 FROM polka.delivery_points d JOIN polka.partners p ON p.id = d.partner_id WHERE p.code = 'TREP-B1' \gset
SELECT d.id AS ps1 FROM polka.delivery_points d JOIN polka.partners p ON p.id = d.partner_id WHERE p.code = 'TREP-S1' \gset
SELECT id AS ca1 FROM polka.partners WHERE code = 'TREP-A1' \gset
SELECT id AS ca2 FROM polka.partners WHERE code = 'TREP-A2' \gset
SELECT id AS cb1 FROM polka.partners WHERE code = 'TREP-B1' \gset
-- An individual price type and an agreement each for the clients: prices of products 1001-1010.
INSERT INTO polka.price_types (code, name, kind, client_id) VALUES ('TREP-A1', 'Представители: цены', 'individual', :ca1);
INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
SELECT t.id, p.id, '2047-01-01', (p.code::int - 1000) * 10 + 0.50
  FROM polka.price_types t, polka.products p WHERE t.code = 'TREP-A1' AND p.code BETWEEN '1001' AND '1010';
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, valid_to, status)
SELECT p.code, 'Представители', 'individual', p.id, t.id, 'prepayment', '2047-01-01', '2047-12-31', 'active'
  FROM polka.partners p, polka.price_types t WHERE p.code IN ('TREP-A1', 'TREP-A2', 'TREP-B1') AND t.code = 'TREP-A1';
SELECT id AS price_type FROM polka.price_types WHERE code = 'TREP-A1' \gset

-- An order document for client c (its agreement, read now: a representative sees no other
-- client's), product 1001 x q, at visit v (NULL: none).
CREATE TEMP TABLE trep_agreements AS SELECT client_id, id FROM polka.agreements WHERE code LIKE 'TREP-%';
GRANT SELECT ON trep_agreements TO PUBLIC;
CREATE FUNCTION pg_temp.order_doc(c bigint, q int, v bigint) RETURNS jsonb LANGUAGE sql AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
               'key', gen_random_uuid(), 'source', 'rep', 'client_id', c, 'agreement_id', a.id,
               'ship_on', '2047-03-05', 'visit_id', v,
               'lines', jsonb_build_array(jsonb_build_object('product_id', (SELECT id FROM polka.products WHERE code = '1001'), 'qty', q))))
      FROM pg_temp.trep_agreements a WHERE a.client_id = c
$$;
GRANT EXECUTE ON FUNCTION pg_temp.order_doc(bigint, int, bigint) TO PUBLIC;

-- Routes: the head makes them; not a representative, not for a person without the role.
SET SESSION AUTHORIZATION egor;
SELECT polka.rep_route_save(jsonb_build_object(
           'code', 'TREP-A', 'name', 'Проверка: среда', 'rep_id', :rep_a, 'weekdays', '7' || :'dow',
           'points', jsonb_build_array(
               jsonb_build_object('point_id', :pa2, 'stop', 2, 'task_order', true, 'task_shelf', true, 'task_photo', true),
               jsonb_build_object('point_id', :pa1, 'stop', 1, 'task_order', true, 'task_payment', true,
                                  'task_note', 'Проверить ценники')))) AS route_a \gset
SELECT polka.rep_route_save(jsonb_build_object(
           'code', 'TREP-A-OFF', 'name', 'Проверка: другой день', 'rep_id', :rep_a, 'weekdays', :'other_dow',
           'points', jsonb_build_array(jsonb_build_object('point_id', :pa2, 'task_order', true)))) AS route_off \gset
SELECT polka.rep_route_save(jsonb_build_object(
           'code', 'TREP-B', 'name', 'Проверка: чужой', 'rep_id', :rep_b, 'weekdays', :'dow',
           'points', jsonb_build_array(jsonb_build_object('point_id', :pb1, 'task_order', true)))) AS route_b \gset
SELECT pg_temp.expect_eq((SELECT weekdays FROM polka.rep_routes WHERE id = :route_a), least(:'dow', '7') || greatest(:'dow', '7'),
                         'weekdays kept in order');
SELECT pg_temp.expect_eq((SELECT string_agg(rp.stop || ':' || p.code || ':' || polka.rep_stop_kinds(rp)::text, ' ' ORDER BY rp.stop)
                            FROM polka.rep_route_points rp JOIN polka.partners p ON p.id = rp.client_id
                           WHERE rp.route_id = :route_a),
                         '1:TREP-A1:{order,payment,note} 2:TREP-A2:{order,shelf,photo}', 'outlets, their clients and tasks');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', jsonb_build_object(
           'code', 'TREP-X', 'name', 'Проверка', 'rep_id', :anna, 'weekdays', '1')), '23514', 'rep_routes_rep_is_rep');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', jsonb_build_object(
           'code', 'TREP-X', 'name', 'Проверка', 'rep_id', :rep_a, 'weekdays', '8')), '23514', 'rep_routes_weekdays_valid');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', jsonb_build_object(
           'code', 'TREP-X', 'name', 'Проверка', 'weekdays', '1')), '23502');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', jsonb_build_object(
           'code', 'TREP-X', 'name', 'Проверка', 'rep_id', :rep_a, 'weekdays', '1',
           'points', jsonb_build_array(jsonb_build_object('point_id', :ps1, 'task_order', true)))), '23514',
           'rep_route_points_point_of_client');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', jsonb_build_object(
           'code', 'TREP-X', 'name', 'Проверка', 'rep_id', :rep_a, 'weekdays', '1',
           'points', jsonb_build_array(jsonb_build_object('point_id', :pa1)))),
           '23514', 'rep_route_points_some_task');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', jsonb_build_object(
           'code', 'TREP-A', 'name', 'Проверка', 'rep_id', :rep_a, 'weekdays', '1')), '23505', 'rep_routes_code_key');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', polka.rep_route_get(:route_a) || '{"version": 99}'),
                            'PLK01');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.rep_route_search('TREP-A')), 2::bigint, 'the list finds them');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION trep_a;
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_save(%L)', polka.rep_route_get(:route_a)), '42501');

-- What a representative sees: his routes and their clients (with the individual prices), no
-- one else's.
SELECT pg_temp.expect_eq((SELECT string_agg(code, ' ' ORDER BY code) FROM polka.partners), 'TREP-A1 TREP-A2',
                         'the partners a representative sees: his routes'' clients');
SELECT pg_temp.expect_eq((SELECT string_agg(code, ' ' ORDER BY code) FROM polka.rep_routes), 'TREP-A TREP-A-OFF',
                         'his routes only');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.delivery_points), 2::bigint, 'his clients'' outlets');
SELECT pg_temp.expect_true((SELECT count(*) = 10 FROM polka.prices WHERE price_type_id = :price_type),
                           'his client''s individual prices');
SELECT pg_temp.expect_error(format('SELECT polka.rep_route_get(%s)', :route_b), 'P0002');

-- The day: today's outlets in route order, planned.
SELECT pg_temp.expect_eq((SELECT string_agg(n || ':' || client_code || ':' || state || ':' || tasks, ' ' ORDER BY n)
                            FROM polka.rep_day()),
                         '1:TREP-A1:planned:0/3 2:TREP-A2:planned:0/3', 'the day in route order');
SELECT rp.id AS rp_a1 FROM polka.rep_route_points rp WHERE rp.route_id = :route_a AND rp.point_id = :pa1 \gset
SELECT rp.id AS rp_a2 FROM polka.rep_route_points rp WHERE rp.route_id = :route_a AND rp.point_id = :pa2 \gset
SELECT rp.id AS rp_off FROM polka.rep_route_points rp WHERE rp.route_id = :route_off \gset
RESET SESSION AUTHORIZATION;
SELECT rp.id AS rp_b1 FROM polka.rep_route_points rp WHERE rp.route_id = :route_b \gset

-- Visits: started once; not another's, not a route of another day, not a second one open.
SET SESSION AUTHORIZATION trep_a;
SELECT polka.rep_visit_start(:rp_a1) AS visit \gset
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_start(%s)', :rp_a1), '23505', 'rep_visits_once');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_start(%s)', :rp_a2), '23514', 'rep_visits_one_open');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_start(%s)', :rp_b1), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_start(%s)', :rp_off), '23514', 'rep_visits_route_today');
SELECT pg_temp.expect_eq((SELECT state FROM polka.rep_day() WHERE client_code = 'TREP-A1'), 'started', 'the visit is under way');

-- Task results, bad words refused.
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true)', :visit, 'shelf'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true)', :visit, 'dance'), '22023');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, false)', :visit, 'note'), '23514',
                            'rep_task_results_reason_given');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, false, %L)', :visit, 'note', E'\x01'), '23514',
                            'rep_task_results_reason_valid');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true)', :visit, 'payment'), '23514',
                            'rep_task_results_amount_given');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true, NULL, -5)', :visit, 'payment'), '23514',
                            'rep_task_results_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true, NULL, %L)', :visit, 'payment', 'много'),
                            '22P02');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true)', :visit, 'order'), '23514',
                            'rep_task_results_order_taken');
SELECT polka.rep_task_record(:visit, 'note', false, 'Не успел');
SELECT polka.rep_task_record(:visit, 'note', true, NULL, NULL, 'Ценники в порядке');
SELECT polka.rep_task_record(:visit, 'payment', true, NULL, 1500.50);
SELECT pg_temp.expect_eq((SELECT string_agg(kind || ':' || coalesce(result, '-') || ':' || coalesce(amount::text, '') || ':'
                                            || coalesce(note, ''), ' ' ORDER BY kind)
                            FROM polka.rep_stop_tasks(:rp_a1)),
                         'note:done::Ценники в порядке order:-:: payment:done:1500.50:', 'results recorded, the second replacing');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION trep_b;
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true, NULL, 1)', :visit, 'payment'), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_finish(%s, %L)', :visit, 'done'), '42501');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.rep_visits), 0::bigint, 'another''s visits unseen');
SELECT pg_temp.expect_error(format('SELECT polka.rep_photo_attach(%s, %L, %L, %L::bytea)', :visit, 'a.jpg', 'image/jpeg', '\xffd8ff'),
                            '42501');
RESET SESSION AUTHORIZATION;

-- The order at the visit: order_save with source rep, the visit naming it in the same
-- transaction; another client's or a second one refused with nothing saved; the other
-- representative's client refused.
SET SESSION AUTHORIZATION trep_a;
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)', pg_temp.order_doc(:cb1, 12, NULL)), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)', pg_temp.order_doc(:ca2, 12, :visit)), '23514',
                            'rep_visits_order_of_client');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.orders WHERE client_id = :ca2), 0::bigint, 'nothing saved');
SELECT (polka.order_save(pg_temp.order_doc(:ca1, 12, :visit)) ->> 'id')::bigint AS order_a \gset
SELECT pg_temp.expect_eq((SELECT order_id FROM polka.rep_visits WHERE id = :visit), :order_a, 'the visit names the order');
SELECT pg_temp.expect_eq((SELECT source || ':' || taken_by FROM polka.orders WHERE id = :order_a), 'rep:trep_a',
                         'a representative''s order');
SELECT pg_temp.expect_eq((SELECT result FROM polka.rep_stop_tasks(:rp_a1) WHERE kind = 'order'), 'done', 'the order task done');
SELECT pg_temp.expect_error(format('SELECT polka.order_save(%L)', pg_temp.order_doc(:ca1, 24, :visit)), '23505',
                            'rep_visits_one_order');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.orders WHERE client_id = :ca1), 1::bigint, 'one order');
SELECT pg_temp.expect_eq((SELECT order_number || ':' || amount FROM polka.rep_day() WHERE client_code = 'TREP-A1'),
                         (SELECT number || ':' || amount FROM polka.orders WHERE id = :order_a), 'the day shows the order');
-- An operator takes any client's order, a representative's order without a visit is his too.
SELECT pg_temp.expect_ok(format('SELECT polka.order_save(%L)', pg_temp.order_doc(:ca2, 12, NULL)), false);

-- The visit finished: a result for every task first; closed needs why; a bad result refused.
SELECT polka.rep_task_record(:visit, 'note', false, 'Ценники не завезли');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_finish(%s, %L)', :visit, 'gone'), '23514', 'rep_visits_result_valid');
SELECT polka.rep_visit_finish(:visit, 'done', 'Всё сделано');
SELECT pg_temp.expect_error(format('SELECT polka.rep_task_record(%s, %L, true, NULL, 1)', :visit, 'payment'), '23514',
                            'rep_visits_open');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_finish(%s, %L)', :visit, 'done'), '23514', 'rep_visits_open');
-- The next outlet: finished done without results, closed without why: refused; closed with
-- why, its tasks not done for that reason.
SELECT polka.rep_visit_start(:rp_a2) AS visit2 \gset
-- A photo there: the file with the visit and the task done in one call; to a finished visit,
-- with a bad name, to another's visit: refused, nothing stored.
SELECT pg_temp.expect_error(format('SELECT polka.rep_photo_attach(%s, %L, %L, %L::bytea)', :visit, 'a.jpg', 'image/jpeg', '\xffd8ff'),
                            '23514', 'rep_visits_open');
SELECT pg_temp.expect_error(format('SELECT polka.rep_photo_attach(%s, %L, %L, %L::bytea)', :visit2, 'a/b.jpg', 'image/jpeg', '\xffd8ff'),
                            '23514', 'attachments_name_valid');
-- Not a picture, whatever its name and the type the client says: refused.
SELECT pg_temp.expect_error(format('SELECT polka.rep_photo_attach(%s, %L, %L, %L::bytea)', :visit2, 'отчёт.jpg', 'image/jpeg',
                                   convert_to('Отчёт о визите', 'UTF8')), '23514', 'rep_photo_picture');
SELECT pg_temp.expect_error(format('SELECT polka.rep_photo_attach(%s, %L, %L, %L::bytea)', :visit2, 'a.pdf', 'application/pdf',
                                   '\x255044462d312e34'), '23514', 'rep_photo_picture');
SELECT pg_temp.expect_eq((SELECT result FROM polka.rep_stop_tasks(:rp_a2) WHERE kind = 'photo'), NULL::text,
                         'nothing recorded for a file that is no picture');
SELECT polka.rep_photo_attach(:visit2, 'полка.jpg', 'application/octet-stream', '\xffd8ffe0');
SELECT pg_temp.expect_eq((SELECT string_agg(name || ':' || size || ':' || mime, ' ') FROM polka.attachments WHERE visit_id IN (:visit, :visit2)),
                         'полка.jpg:4:image/jpeg', 'the photo stored with its visit, alone, as the picture it is');
SELECT pg_temp.expect_eq((SELECT result || ':' || note FROM polka.rep_stop_tasks(:rp_a2) WHERE kind = 'photo'), 'done:полка.jpg',
                         'the photo task done');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_finish(%s, %L)', :visit2, 'done'), '23514',
                            'rep_visits_tasks_recorded');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_finish(%s, %L, %L)', :visit2, 'closed', ' '), '23514',
                            'rep_visits_closed_why');
SELECT polka.rep_visit_finish(:visit2, 'closed', 'Санитарный день');
SELECT pg_temp.expect_eq((SELECT string_agg(concat_ws(':', kind, result, reason), ' ' ORDER BY kind)
                            FROM polka.rep_stop_tasks(:rp_a2)),
                         'order:not_done:Санитарный день photo:done shelf:not_done:Санитарный день',
                         'a closed outlet''s tasks left: not done, why');
SELECT pg_temp.expect_eq((SELECT string_agg(n || ':' || state || ':' || tasks, ' ' ORDER BY n) FROM polka.rep_day()),
                         '1:done:2/3 2:closed:1/3', 'the day at its end');
RESET SESSION AUTHORIZATION;

-- The report: 2047-03-01 (Friday) to 2047-03-04 (Monday): route TREP-A runs Sunday and Monday
-- with two outlets (four planned, Sunday's two missed), TREP-B Monday with one (today: not
-- missed yet). A representative sees his own line only.
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT string_agg(concat_ws(':', login, planned, visited, closed, missed, orders, amount,
                                                      tasks_done, tasks_not_done, collected), ' ' ORDER BY login)
                            FROM polka.report_rep_visits('2047-03-01', '2047-03-04') WHERE login IN ('trep_a', 'trep_b')),
                         (SELECT format('trep_a:4:1:1:2:1:%s:3:3:1500.50 trep_b:1:0:0:0:0:0:0:0:0', amount)
                            FROM polka.orders WHERE id = :order_a),
                         'visits and orders per representative');
SELECT pg_temp.expect_error($$SELECT * FROM polka.report_rep_visits('2047-03-04', '2047-03-01')$$, '23514',
                            'report_period_valid');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION trep_a;
SELECT pg_temp.expect_eq((SELECT string_agg(login, ' ') FROM polka.report_rep_visits('2047-03-01', '2047-03-04')),
                         'trep_a', 'a representative''s own line');
RESET SESSION AUTHORIZATION;
-- Others: an operator sees no route nor visit; the people admin grants the role.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.rep_visits) + (SELECT count(*) FROM polka.rep_routes), 0::bigint,
                         'an operator sees no routes or visits');
SELECT pg_temp.expect_error(format('SELECT polka.rep_visit_start(%s)', :rp_a1), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_true('sales_rep' = ANY (polka.grantable_roles()), 'sales_rep is a role people get');

ROLLBACK;
