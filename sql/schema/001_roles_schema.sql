-- 001: roles and the schema.
--
-- polka_owner owns every object and cannot log in. People log in as their own roles and
-- get rights through the group roles below (issue 3 adds row-level security on top).
-- Roles are cluster-wide: a second database in the same cluster finds them already there.
-- Schema files run as a superuser, each in one transaction (polka db migrate).

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['polka_owner', 'polka_user', 'operator', 'waybill_clerk', 'manager',
                             'quality', 'planner', 'head', 'admin', 'all_clients']
    LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', r);
        END IF;
    END LOOP;
    -- Every group role is a polka_user: that role holds what all of them may do.
    FOREACH r IN ARRAY ARRAY['operator', 'waybill_clerk', 'manager', 'quality', 'planner', 'head',
                             'admin']
    LOOP
        EXECUTE format('GRANT polka_user TO %I', r);
    END LOOP;
    -- Owner of the people functions (sql/functions/people.sql): creates and alters login
    -- roles, grants the group roles, ends a blocked person's sessions.
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'polka_people_admin') THEN
        CREATE ROLE polka_people_admin NOLOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS NOCREATEDB;
    END IF;
    -- A right like all_clients: approve promotions and end them early (like the head).
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'promo_approver') THEN
        CREATE ROLE promo_approver NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;
GRANT pg_signal_backend TO polka_people_admin;

CREATE SCHEMA polka AUTHORIZATION polka_owner;
REVOKE ALL ON SCHEMA polka FROM PUBLIC;
GRANT USAGE ON SCHEMA polka TO polka_user;

-- all_clients is a right, not a job: a manager holding it sees and edits every partner.
COMMENT ON ROLE all_clients IS 'Polka right: a manager sees and edits all partners, not only his own';
COMMENT ON ROLE promo_approver IS 'Polka right: approve promotions and end them early (like the head)';
COMMENT ON SCHEMA polka IS 'Polka: client service of a food manufacturer';

-- Functions are granted one by one, never to PUBLIC.
ALTER DEFAULT PRIVILEGES FOR ROLE polka_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
