-- needs schema 005
-- people.sql: managing people (polka.user_*), owned by polka_people_admin (see schema 005): only
-- admins may call them; they touch only Polka people and grant only Polka roles.
-- Default privileges of polka_owner do not cover this owner: PUBLIC is revoked by hand, and
-- the owner may create in schema polka only while this file runs.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

GRANT CREATE ON SCHEMA polka TO polka_people_admin;
SET LOCAL ROLE polka_people_admin;

-- The roles a person may be given.
CREATE OR REPLACE FUNCTION polka.grantable_roles() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{operator,waybill_clerk,manager,quality,planner,head,admin,sales_rep,all_clients,promo_approver}'::text[];
REVOKE ALL ON FUNCTION polka.grantable_roles() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.grantable_roles() TO polka_user;

-- Refuses unless the caller is an admin (or a superuser).
CREATE OR REPLACE FUNCTION polka.admin_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT polka.has_role('admin') THEN
        RAISE EXCEPTION 'only administrators manage people' USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION polka.admin_check() FROM PUBLIC;

-- Runs a role statement that carries a password (CREATE ROLE, ALTER ROLE ... PASSWORD): when
-- the server refuses it, the error says what went wrong and for which login, and never
-- carries the statement (its text, password included, would reach the client and the log).
CREATE OR REPLACE FUNCTION polka.role_statement(p_sql text, p_login text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    state text;
BEGIN
    EXECUTE p_sql;
EXCEPTION WHEN OTHERS THEN
    state := SQLSTATE;
    RAISE EXCEPTION 'the server refused the login "%" (SQLSTATE %)', p_login, state USING ERRCODE = state;
END
$$;
REVOKE ALL ON FUNCTION polka.role_statement(text,text) FROM PUBLIC;

-- The limits every person's sessions run under, so that a shared server stays responsive
-- whatever one session does: a statement runs at most 10 minutes (the longest export), waits
-- at most 10 s for a lock (the person reads a refusal and tries again), and a transaction
-- left open ends after 30 minutes (longer than a pause over the report viewer). Set on the
-- login role: PostgreSQL does not pass role settings down from group roles.
CREATE OR REPLACE FUNCTION polka.person_limits(p_login text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_login, '10min');
    EXECUTE format('ALTER ROLE %I SET lock_timeout = %L', p_login, '10s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_login, '30min');
END
$$;
REVOKE ALL ON FUNCTION polka.person_limits(text) FROM PUBLIC;

-- A person's roles now, for the trail.
CREATE OR REPLACE FUNCTION polka.person_roles(p_login text) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN (SELECT coalesce(jsonb_agg(g ORDER BY g), '[]') FROM unnest(polka.grantable_roles()) g
         WHERE pg_has_role(p_login, g, 'MEMBER'));
REVOKE ALL ON FUNCTION polka.person_roles(text) FROM PUBLIC;

-- The person behind login; refuses roles that are not plain Polka people: superusers, roles
-- with CREATEROLE, CREATEDB, BYPASSRLS or REPLICATION, Polka's own roles, and roles that are
-- members of anything besides Polka's grantable roles (a DBA with a people row stays out of
-- reach of the admins).
CREATE OR REPLACE FUNCTION polka.person_check(p_login text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint;
BEGIN
    SELECT p.id INTO pid FROM polka.people p
      JOIN pg_roles r ON r.rolname = p.login
     WHERE p.login = p_login
       AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls OR r.rolreplication)
       AND r.rolname NOT IN ('polka_owner', 'polka_user', 'polka_people_admin')
       AND NOT r.rolname = ANY (polka.grantable_roles())
       -- a role that holds anything besides Polka's roles is not ours to manage
       AND NOT EXISTS (SELECT FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                        WHERE m.member = r.oid AND NOT g.rolname = ANY (polka.grantable_roles()));
    IF pid IS NULL THEN
        RAISE EXCEPTION 'no person with the login "%"', p_login USING ERRCODE = 'no_data_found';
    END IF;
    RETURN pid;
END
$$;
REVOKE ALL ON FUNCTION polka.person_check(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION polka.role_check(p_role text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_role IS NULL OR NOT p_role = ANY (polka.grantable_roles()) THEN
        RAISE EXCEPTION 'unknown role "%"; roles: %', p_role, array_to_string(polka.grantable_roles(), ', ')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION polka.role_check(text) FROM PUBLIC;

CREATE OR REPLACE FUNCTION polka.password_check(p_password text) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_password IS NULL OR length(p_password) < 8 OR length(p_password) > 200
       OR p_password ~ '[\x01-\x1f\x7f]' THEN
        RAISE EXCEPTION 'a password has 8 to 200 characters and no control characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
REVOKE ALL ON FUNCTION polka.password_check(text) FROM PUBLIC;

-- A new person: login role with password, group roles, a row in polka.people.
CREATE OR REPLACE FUNCTION polka.user_add(p_login text, p_full_name text, p_password text, p_roles text[],
                               p_is_manager boolean DEFAULT false)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r text;
    pid bigint;
BEGIN
    PERFORM polka.admin_check();
    IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'a login is a lower-case Latin letter or _, then letters, digits or _ (at most 63)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Names the server reserves are refused here, before any statement carries the password.
    IF p_login ~ '^pg_' OR p_login IN ('public', 'none', 'current_user', 'current_role', 'session_user', 'user') THEN
        RAISE EXCEPTION 'the login "%" is reserved by the server', p_login USING ERRCODE = 'reserved_name';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = p_login) THEN
        RAISE EXCEPTION 'the login "%" is taken', p_login USING ERRCODE = 'duplicate_object';
    END IF;
    PERFORM polka.password_check(p_password);
    IF cardinality(p_roles) IS NULL OR cardinality(p_roles) = 0 THEN
        RAISE EXCEPTION 'a person needs at least one role' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH r IN ARRAY p_roles LOOP
        PERFORM polka.role_check(r);
    END LOOP;
    PERFORM polka.role_statement(format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE',
                                        p_login, p_password), p_login);
    FOREACH r IN ARRAY p_roles LOOP
        EXECUTE format('GRANT %I TO %I', r, p_login);
    END LOOP;
    PERFORM polka.person_limits(p_login);
    INSERT INTO polka.people (login, full_name, is_manager)
    VALUES (p_login, btrim(p_full_name), coalesce(p_is_manager, false) OR 'manager' = ANY (p_roles))
    RETURNING id INTO pid;
    PERFORM polka.audit_note('people', pid, NULL, jsonb_build_object('roles', polka.person_roles(p_login)));
    RETURN pid;
END
$$;
REVOKE ALL ON FUNCTION polka.user_add(text,text,text,text[],boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_add(text,text,text,text[],boolean) TO polka_user;

-- Blocking takes effect at once: no new logins, and the person's sessions end (whatever
-- they committed stays; an open transaction is rolled back, as on any lost connection).
CREATE OR REPLACE FUNCTION polka.user_block(p_login text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    PERFORM polka.admin_check();
    PERFORM polka.person_check(p_login);
    IF p_login = session_user THEN
        RAISE EXCEPTION 'you cannot block yourself' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
    UPDATE polka.people SET blocked = true WHERE login = p_login;
    SELECT count(pg_terminate_backend(a.pid)) INTO n
      FROM pg_stat_activity a WHERE a.usename = p_login AND a.pid <> pg_backend_pid();
    RETURN n; -- sessions ended
END
$$;
REVOKE ALL ON FUNCTION polka.user_block(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_block(text) TO polka_user;

CREATE OR REPLACE FUNCTION polka.user_unblock(p_login text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.admin_check();
    PERFORM polka.person_check(p_login);
    EXECUTE format('ALTER ROLE %I LOGIN', p_login);
    UPDATE polka.people SET blocked = false WHERE login = p_login;
END
$$;
REVOKE ALL ON FUNCTION polka.user_unblock(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_unblock(text) TO polka_user;

CREATE OR REPLACE FUNCTION polka.user_grant(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint;
    before jsonb;
BEGIN
    PERFORM polka.admin_check();
    pid := polka.person_check(p_login);
    PERFORM polka.role_check(p_role);
    before := polka.person_roles(p_login);
    EXECUTE format('GRANT %I TO %I', p_role, p_login);
    PERFORM polka.audit_note('people', pid, jsonb_build_object('roles', before),
                             jsonb_build_object('roles', polka.person_roles(p_login)));
    IF p_role = 'manager' THEN
        UPDATE polka.people SET is_manager = true WHERE login = p_login;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION polka.user_grant(text,text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_grant(text,text) TO polka_user;

-- A revoked right is gone at the person's next statement (roles are checked per statement).
CREATE OR REPLACE FUNCTION polka.user_revoke(p_login text, p_role text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint;
    before jsonb;
BEGIN
    PERFORM polka.admin_check();
    pid := polka.person_check(p_login);
    PERFORM polka.role_check(p_role);
    IF p_role = 'admin' AND p_login = session_user THEN
        RAISE EXCEPTION 'you cannot take the admin role from yourself' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    before := polka.person_roles(p_login);
    EXECUTE format('REVOKE %I FROM %I', p_role, p_login);
    PERFORM polka.audit_note('people', pid, jsonb_build_object('roles', before),
                             jsonb_build_object('roles', polka.person_roles(p_login)));
END
$$;
REVOKE ALL ON FUNCTION polka.user_revoke(text,text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_revoke(text,text) TO polka_user;

CREATE OR REPLACE FUNCTION polka.user_passwd(p_login text, p_password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint;
BEGIN
    PERFORM polka.admin_check();
    pid := polka.person_check(p_login);
    PERFORM polka.password_check(p_password);
    PERFORM polka.role_statement(format('ALTER ROLE %I PASSWORD %L', p_login, p_password), p_login);
    -- (that it was set and by whom; never the password)
    PERFORM polka.audit_note('people', pid, NULL, '{"password": "set"}');
END
$$;
REVOKE ALL ON FUNCTION polka.user_passwd(text,text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_passwd(text,text) TO polka_user;

-- People with their roles, for the admin screen and `polka user list`.
CREATE OR REPLACE FUNCTION polka.user_list()
RETURNS TABLE (login text, full_name text, roles text, blocked boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.login, p.full_name,
           (SELECT string_agg(g, ',' ORDER BY g) FROM unnest(polka.grantable_roles()) g
             WHERE pg_has_role(p.login, g, 'MEMBER')),
           p.blocked
      FROM polka.people p
     WHERE p.login IS NOT NULL AND EXISTS (SELECT FROM pg_roles r WHERE r.rolname = p.login)
       AND polka.has_role('admin') -- who holds which rights is the admins' business
     ORDER BY p.login
$$;
REVOKE ALL ON FUNCTION polka.user_list() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.user_list() TO polka_user;

RESET ROLE;
REVOKE CREATE ON SCHEMA polka FROM polka_people_admin;
