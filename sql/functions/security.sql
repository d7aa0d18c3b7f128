-- needs schema 002
-- security.sql: who is logged in and what he may see: the session, roles, the RLS helpers
-- (rls_protect, rls_read_all: every schema file that adds a table calls them) and the rights
-- checks the policies and the save functions share.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Who is logged in: the person behind session_user (SET ROLE cannot change it).
CREATE OR REPLACE FUNCTION polka.me() RETURNS TABLE (id bigint, login text, full_name text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.id, session_user::text, coalesce(p.full_name, session_user::text)
      FROM (SELECT 1) AS one
      LEFT JOIN polka.people AS p ON p.login = session_user::text
$$;
GRANT EXECUTE ON FUNCTION polka.me() TO polka_user;

-- The application's group roles the logged-in person belongs to (directly or not).
CREATE OR REPLACE FUNCTION polka.my_roles() RETURNS SETOF text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT r FROM unnest(ARRAY['operator', 'waybill_clerk', 'manager', 'quality', 'planner',
                               'head', 'admin', 'sales_rep']) AS r
     WHERE pg_has_role(session_user, r, 'MEMBER')
$$;
GRANT EXECUTE ON FUNCTION polka.my_roles() TO polka_user;

-- Is the logged-in person a member (directly or not) of role r?
-- (No SET: a SQL function with a body (RETURN) has its names bound when it is made, and
-- without a SET it is inlined where it is called, policies included.)
CREATE OR REPLACE FUNCTION polka.has_role(r text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN pg_has_role(session_user, r, 'MEMBER');
GRANT EXECUTE ON FUNCTION polka.has_role(text) TO polka_user;
GRANT EXECUTE ON FUNCTION polka.has_role(text) TO polka_people_admin;

-- The logged-in person's id in polka.people (NULL when there is none).
CREATE OR REPLACE FUNCTION polka.my_person_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN (SELECT id FROM polka.people WHERE login = session_user::text);
GRANT EXECUTE ON FUNCTION polka.my_person_id() TO polka_user;

-- May the logged-in person see every partner?
CREATE OR REPLACE FUNCTION polka.sees_all_partners() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN polka.has_role('operator') OR polka.has_role('waybill_clerk') OR polka.has_role('quality')
    OR polka.has_role('planner') OR polka.has_role('head') OR polka.has_role('admin')
    OR polka.has_role('all_clients');
GRANT EXECUTE ON FUNCTION polka.sees_all_partners() TO polka_user;

-- Row-level security for a table of schema polka: on and forced; the owner's functions pass.
-- Every schema file that adds a table calls it (the catalog test finds a table without).
CREATE OR REPLACE FUNCTION polka.rls_protect(t text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER TABLE polka.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE polka.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY owner_all ON polka.%I TO polka_owner USING (true) WITH CHECK (true)', t);
END
$$;

-- Everyone in Polka reads every row of the table.
CREATE OR REPLACE FUNCTION polka.rls_read_all(t text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE POLICY read_all ON polka.%I FOR SELECT TO polka_user USING (true)', t);
    EXECUTE format('GRANT SELECT ON polka.%I TO polka_user', t);
END
$$;

-- May the logged-in person change what belongs to client p_client (its individual prices,
-- assortment, agreement)? The head and admins: any; managers: their own clients (all of them
-- with all_clients). Run by SECURITY DEFINER functions, so it reads every partner.
-- The individual price types of clients the caller does not see (the partners policy's own
-- test: sees_all_partners, else his own clients); none for those who see every client. The
-- price and rule policies ask it once per statement.
CREATE OR REPLACE FUNCTION polka.hidden_price_types() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN polka.sees_all_partners() THEN '{}'::bigint[]
                ELSE ARRAY(SELECT t.id FROM polka.price_types t JOIN polka.partners p ON p.id = t.client_id
                            WHERE p.manager_id IS DISTINCT FROM polka.my_person_id()
                              -- a representative sees his routes' clients (schema 033)
                              AND NOT (polka.has_role('sales_rep') AND EXISTS (
                                  SELECT FROM polka.rep_route_points rp JOIN polka.rep_routes r ON r.id = rp.route_id
                                   WHERE rp.client_id = p.id AND r.active AND r.rep_id = polka.my_person_id()))) END
$$;
GRANT EXECUTE ON FUNCTION polka.hidden_price_types() TO polka_user;

-- Whether client_rights_check(p_client) would pass; a typical agreement's NULL client too.
CREATE OR REPLACE FUNCTION polka.client_changeable(p_client bigint) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN p_client IS NULL OR polka.has_role('head') OR polka.has_role('admin')
    OR (polka.has_role('manager')
        AND (polka.has_role('all_clients')
             OR EXISTS (SELECT FROM polka.partners WHERE id = p_client AND manager_id = polka.my_person_id())));

CREATE OR REPLACE FUNCTION polka.client_rights_check(p_client bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF polka.has_role('head') OR polka.has_role('admin') THEN
        RETURN;
    END IF;
    IF NOT polka.has_role('manager') THEN
        RAISE EXCEPTION 'only managers, the head and administrators change client terms'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF polka.has_role('all_clients') THEN
        RETURN;
    END IF;
    IF polka.my_person_id() IS NULL OR NOT EXISTS (
        SELECT FROM polka.partners WHERE id = p_client AND manager_id = polka.my_person_id()) THEN
        RAISE EXCEPTION 'client % is not one of yours', p_client USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

