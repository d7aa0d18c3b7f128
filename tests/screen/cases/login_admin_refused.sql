-- Fixture of login_admin_refused.keys: a database administrator's own login (it bypasses
-- row-level security), made once per cluster.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tscr_dba') THEN
        CREATE ROLE tscr_dba LOGIN BYPASSRLS PASSWORD 'dba-secret-1';
    END IF;
END
$$;
