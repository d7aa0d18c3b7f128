-- 013: who made a promotion (issue 13, point 16): a promotion other managers' clients'
-- agreements are on is changed only by the head, an administrator or its author. The author
-- of a promotion made before this file is the one its first trail row names.

SET LOCAL ROLE polka_owner;

ALTER TABLE polka.promotions ADD COLUMN created_by text;
UPDATE polka.promotions m
   SET created_by = (SELECT a.who FROM polka.audit_log a
                      WHERE a.tab = 'promotions' AND a.row_id = m.id AND a.op = 'I'
                      ORDER BY a.id LIMIT 1);
ALTER TABLE polka.promotions ALTER COLUMN created_by SET DEFAULT session_user;
