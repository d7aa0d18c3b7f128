-- 033: sales representatives (issue 18, part 3): a representative (торговый представитель)
-- works routes of outlets by weekday; at each outlet of the day he has tasks (take an order,
-- check the shelf, collect a payment, take a photo, a task in words); a visit is started and
-- finished there, each task's result recorded (done, or not done and why; the amount
-- collected), and the order taken at the visit is saved by polka.order_save with source 'rep'
-- and named by the visit. The functions in functions/reps.sql.
--
-- Who sees what: a representative his own routes and visits and the clients on his routes
-- (with their points, agreements, prices and orders, through their policies); the head,
-- admins and managers every route and visit (they make the routes); the rest none.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sales_rep') THEN
        CREATE ROLE sales_rep NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;
GRANT polka_user TO sales_rep;

SET LOCAL ROLE polka_owner;

-- A representative's route: its outlets in visiting order on its ISO weekdays ('135':
-- Monday, Wednesday and Friday), as a shipping route's.
CREATE TABLE polka.rep_routes (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code     text NOT NULL CONSTRAINT rep_routes_code_valid CHECK (polka.text_ok(code, 20) AND btrim(code) <> '')
             CONSTRAINT rep_routes_code_key UNIQUE,
    name     text NOT NULL CONSTRAINT rep_routes_name_valid CHECK (polka.text_ok(name, 200) AND btrim(name) <> ''),
    rep_id   bigint NOT NULL REFERENCES polka.people,
    weekdays text NOT NULL CONSTRAINT rep_routes_weekdays_valid CHECK (weekdays ~ '^1?2?3?4?5?6?7?$' AND weekdays <> ''),
    active   boolean NOT NULL DEFAULT true,
    version  integer NOT NULL DEFAULT 1
);
CREATE INDEX rep_routes_rep_idx ON polka.rep_routes (rep_id);

-- An outlet of a route (a client's delivery point; the client kept beside it, which row-level
-- security on partners reads without going through the points) and the tasks there each time:
-- an order, the shelf, a payment, a photo, and one in words.
CREATE TABLE polka.rep_route_points (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    route_id     bigint NOT NULL REFERENCES polka.rep_routes ON DELETE CASCADE,
    point_id     bigint NOT NULL REFERENCES polka.delivery_points,
    client_id    bigint NOT NULL REFERENCES polka.partners,
    stop         smallint NOT NULL CONSTRAINT rep_route_points_stop_valid CHECK (stop BETWEEN 1 AND 999),
    task_order   boolean NOT NULL DEFAULT true,
    task_shelf   boolean NOT NULL DEFAULT false,
    task_payment boolean NOT NULL DEFAULT false,
    task_photo   boolean NOT NULL DEFAULT false,
    task_note    text CONSTRAINT rep_route_points_task_note_valid CHECK (polka.text_ok(task_note, 200) AND btrim(task_note) <> ''),
    CONSTRAINT rep_route_points_key UNIQUE (route_id, point_id),
    CONSTRAINT rep_route_points_some_task
        CHECK (task_order OR task_shelf OR task_payment OR task_photo OR task_note IS NOT NULL)
);
CREATE INDEX rep_route_points_client_idx ON polka.rep_route_points (client_id);
CREATE INDEX rep_route_points_point_idx ON polka.rep_route_points (point_id);

-- A visit of a representative to an outlet on a day: started, finished with its result (the
-- outlet worked, or found closed) and a comment; the order taken there. Once a day an outlet.
CREATE TABLE polka.rep_visits (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rep_id         bigint NOT NULL REFERENCES polka.people,
    day            date NOT NULL,
    route_point_id bigint REFERENCES polka.rep_route_points ON DELETE SET NULL,
    point_id       bigint NOT NULL REFERENCES polka.delivery_points,
    client_id      bigint NOT NULL REFERENCES polka.partners,
    started_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    result         text CONSTRAINT rep_visits_result_valid CHECK (result IN ('done', 'closed')),
    comment        text CONSTRAINT rep_visits_comment_valid CHECK (polka.text_ok(comment, 1000)),
    order_id       bigint REFERENCES polka.orders CONSTRAINT rep_visits_order_key UNIQUE,
    CONSTRAINT rep_visits_once UNIQUE (rep_id, point_id, day),
    CONSTRAINT rep_visits_finished_given CHECK ((finished_at IS NULL) = (result IS NULL) AND finished_at >= started_at)
);
CREATE INDEX rep_visits_day_idx ON polka.rep_visits (day, rep_id);

-- A task's result at a visit: done, or not done and why; a payment's amount collected; a note.
-- Recorded again, it replaces the earlier one (the trail keeps both).
CREATE TABLE polka.rep_task_results (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id bigint NOT NULL REFERENCES polka.rep_visits,
    kind     text NOT NULL CONSTRAINT rep_task_results_kind_valid CHECK (kind IN ('order', 'shelf', 'payment', 'photo', 'note')),
    done     boolean NOT NULL,
    reason   text CONSTRAINT rep_task_results_reason_valid CHECK (polka.text_ok(reason, 500)),
    amount   numeric(14, 2) CONSTRAINT rep_task_results_amount_valid CHECK (amount > 0),
    note     text CONSTRAINT rep_task_results_note_valid CHECK (polka.text_ok(note, 1000)),
    by_user  text NOT NULL DEFAULT session_user,
    at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT rep_task_results_once UNIQUE (visit_id, kind),
    CONSTRAINT rep_task_results_reason_given CHECK (done OR btrim(coalesce(reason, '')) <> ''),
    CONSTRAINT rep_task_results_amount_given CHECK (amount IS NULL OR (kind = 'payment' AND done))
);

SELECT polka.rls_protect('rep_routes'), polka.rls_protect('rep_route_points'),
       polka.rls_protect('rep_visits'), polka.rls_protect('rep_task_results');
-- The head, admins and managers see every route and visit; a representative his own.
CREATE POLICY read_own ON polka.rep_routes FOR SELECT TO polka_user
    USING ((SELECT polka.has_role('head') OR polka.has_role('admin') OR polka.has_role('manager'))
           OR rep_id = (SELECT polka.my_person_id()));
CREATE POLICY read_with_route ON polka.rep_route_points FOR SELECT TO polka_user
    USING (route_id IN (SELECT r.id FROM polka.rep_routes r));
CREATE POLICY read_own ON polka.rep_visits FOR SELECT TO polka_user
    USING ((SELECT polka.has_role('head') OR polka.has_role('admin') OR polka.has_role('manager'))
           OR rep_id = (SELECT polka.my_person_id()));
CREATE POLICY read_with_visit ON polka.rep_task_results FOR SELECT TO polka_user
    USING (visit_id IN (SELECT v.id FROM polka.rep_visits v));
GRANT SELECT ON polka.rep_routes, polka.rep_route_points, polka.rep_visits, polka.rep_task_results TO polka_user;
SELECT polka.audit_attach('rep_routes'), polka.audit_attach('rep_route_points'),
       polka.audit_attach('rep_visits'), polka.audit_attach('rep_task_results');

-- A photo taken at a visit is a file of it (schema 030's files: one owner each).
ALTER TABLE polka.attachments ADD COLUMN visit_id bigint REFERENCES polka.rep_visits,
    DROP CONSTRAINT attachments_owner_given,
    ADD CONSTRAINT attachments_owner_given CHECK (num_nonnulls(claim_id, article_id, visit_id) = 1);
CREATE INDEX attachments_visit_idx ON polka.attachments (visit_id) WHERE visit_id IS NOT NULL;
DROP POLICY read_with_owner ON polka.attachments;
CREATE POLICY read_with_owner ON polka.attachments FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR article_id IS NOT NULL
           OR claim_id IN (SELECT c.id FROM polka.claims c) OR visit_id IN (SELECT v.id FROM polka.rep_visits v));

-- A representative sees the clients on his active routes (their points, agreements, orders
-- follow through their own policies); only representatives pay for this policy.
CREATE POLICY read_on_my_routes ON polka.partners FOR SELECT TO sales_rep
    USING (id IN (SELECT rp.client_id FROM polka.rep_route_points rp JOIN polka.rep_routes r ON r.id = rp.route_id
                   WHERE r.active AND r.rep_id = (SELECT polka.my_person_id())));
