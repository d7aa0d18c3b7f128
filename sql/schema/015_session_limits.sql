-- 015: every person's sessions get the limits polka.person_limits sets (issue 13, point 21):
-- statement, lock and idle-in-transaction timeouts on each login role of polka.people (new
-- people get them from polka.user_add; demo people from the demo loader).

SELECT polka.person_limits(p.login)
  FROM polka.people p JOIN pg_roles r ON r.rolname = p.login;
