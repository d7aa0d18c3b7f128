-- 004: the audit trail. Every insert, update and delete on a business table (every table of
-- schema polka with an id) is recorded, append-only: who (session_user: the person, whatever
-- role he SET), when, which table and row, the card it belongs to (a partner's contacts,
-- points and relations belong to the partner's card), and the values: the whole row for an
-- insert or delete, the changed fields only (old and new) for an update.
--
-- Statement-level triggers with transition tables write one INSERT ... SELECT per
-- statement, so bulk loads (the demo data) stay set-based. App roles may read the trail of
-- the cards they can see and can neither change nor delete it; a trigger refuses that even
-- to the owner.

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    who     text NOT NULL DEFAULT session_user,
    tab     text NOT NULL,
    row_id  bigint NOT NULL,
    card_id bigint NOT NULL,
    op      char(1) NOT NULL CONSTRAINT audit_log_op_valid CHECK (op IN ('I', 'U', 'D')),
    old     jsonb,
    new     jsonb
);
CREATE INDEX audit_log_card_idx ON polka.audit_log (tab, card_id, id);
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON polka.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_refuse();

SELECT polka.audit_attach(c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'polka' AND c.relkind = 'r' AND c.relname <> 'audit_log'
   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id')
 ORDER BY c.relname;

-- Who may read which part of the trail: the head and admins all of it; everybody else the
-- trail of the partner cards he can see (the sub-query is under the partners' RLS).
SELECT polka.rls_protect('audit_log');
CREATE POLICY read_cards ON polka.audit_log FOR SELECT TO polka_user
    USING ((SELECT polka.has_role('head') OR polka.has_role('admin'))
           OR tab IN ('partners', 'contacts', 'delivery_points', 'partner_relations')
              AND EXISTS (SELECT FROM polka.partners p WHERE p.id = card_id));
GRANT SELECT ON polka.audit_log TO polka_user;
