-- 005: managing people: polka.user_add, user_block, user_unblock, user_grant, user_revoke,
-- user_passwd. Each person is a login role; these functions are the only way the
-- application changes roles, and only admins may call them.
--
-- They run as polka_people_admin: NOLOGIN, CREATEROLE (to create and alter login roles and
-- grant the group roles) and a member of pg_signal_backend (to end a blocked person's
-- sessions). CREATEROLE is strong, so every function touches only roles that are Polka
-- people (a row in polka.people, not a superuser, not one of Polka's own roles) and grants
-- only the group roles and the right all_clients.

-- The role itself is made in 001; the functions are sql/functions/people.sql.

GRANT USAGE ON SCHEMA polka TO polka_people_admin;
GRANT SELECT, INSERT, UPDATE ON polka.people TO polka_people_admin;

SET LOCAL ROLE polka_owner;
CREATE POLICY people_admin ON polka.people TO polka_people_admin USING (true) WITH CHECK (true);
