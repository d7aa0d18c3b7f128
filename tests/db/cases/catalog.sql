-- Catalog checks that must return no rows: the security model holds for every object of
-- schema polka, including objects later migrations add.
\ir ../lib.sql

-- The application's roles: the group roles, the right all_clients, polka_user and every
-- login that is a member of one of them.
CREATE TEMP VIEW app_roles AS
SELECT r.oid, r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb
  FROM pg_roles r
 WHERE r.rolname IN ('polka_user', 'operator', 'waybill_clerk', 'manager', 'quality', 'planner',
                     'head', 'admin', 'all_clients')
    OR pg_has_role(r.oid, 'polka_user', 'MEMBER') AND NOT r.rolsuper AND r.rolname <> 'polka_owner';

SELECT pg_temp.expect_true((SELECT count(*) FROM app_roles) >= 16, 'app roles found (groups and demo logins)');

-- No app role is superuser, bypasses RLS, creates roles or databases.
SELECT pg_temp.expect_eq((SELECT string_agg(rolname, ', ') FROM app_roles
                           WHERE rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb),
                         NULL, 'app roles with superuser, BYPASSRLS, CREATEROLE or CREATEDB');
-- No app role owns anything in schema polka (tables, functions, types, the schema itself).
SELECT pg_temp.expect_eq((SELECT string_agg(c.relname, ', ') FROM pg_class c
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'polka' AND c.relowner IN (SELECT oid FROM app_roles)),
                         NULL, 'relations owned by app roles');
SELECT pg_temp.expect_eq((SELECT string_agg(p.proname, ', ') FROM pg_proc p
                           JOIN pg_namespace n ON n.oid = p.pronamespace
                          WHERE n.nspname = 'polka' AND p.proowner IN (SELECT oid FROM app_roles)),
                         NULL, 'functions owned by app roles');
SELECT pg_temp.expect_eq((SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'polka'),
                         'polka_owner', 'schema owner');
-- polka_owner cannot log in.
SELECT pg_temp.expect_eq((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'polka_owner'), false,
                         'polka_owner is NOLOGIN');
-- Every table: RLS enabled and forced.
SELECT pg_temp.expect_eq((SELECT string_agg(c.relname, ', ') FROM pg_class c
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE n.nspname = 'polka' AND c.relkind IN ('r', 'p')
                            AND NOT (c.relrowsecurity AND c.relforcerowsecurity)),
                         NULL, 'tables without enabled and forced row-level security');
-- Every SECURITY DEFINER function sets search_path.
SELECT pg_temp.expect_eq((SELECT string_agg(p.proname, ', ') FROM pg_proc p
                           JOIN pg_namespace n ON n.oid = p.pronamespace
                          WHERE n.nspname = 'polka' AND p.prosecdef
                            AND NOT EXISTS (SELECT FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')),
                         NULL, 'SECURITY DEFINER functions without search_path');
-- No function of schema polka is executable by PUBLIC.
SELECT pg_temp.expect_eq((SELECT string_agg(p.proname, ', ') FROM pg_proc p
                           JOIN pg_namespace n ON n.oid = p.pronamespace
                          WHERE n.nspname = 'polka'
                            AND has_function_privilege('public', p.oid, 'EXECUTE')),
                         NULL, 'functions executable by PUBLIC');
-- The demo loader (it creates roles) is for superusers only.
SELECT pg_temp.expect_eq((SELECT string_agg(r.rolname, ', ') FROM app_roles r
                          WHERE has_function_privilege(r.oid, 'polka_demo.demo_load(numeric, date)', 'EXECUTE')
                             OR has_function_privilege(r.oid, 'polka_demo.demo_pricing(numeric, date)', 'EXECUTE')),
                         NULL, 'app roles that may run demo_load or demo_pricing');
SELECT pg_temp.expect_eq((SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname) FROM app_roles r
                          WHERE has_schema_privilege(r.oid, 'polka_demo', 'USAGE')),
                         NULL, 'app roles that may use schema polka_demo');
-- No app role may create objects in schema polka or in public.
SELECT pg_temp.expect_eq((SELECT string_agg(r.rolname, ', ') FROM app_roles r
                          WHERE has_schema_privilege(r.oid, 'polka', 'CREATE')
                             OR has_schema_privilege(r.oid, 'public', 'CREATE')),
                         NULL, 'app roles that may create objects in polka or public');
