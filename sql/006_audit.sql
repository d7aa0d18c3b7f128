-- 006: the audit trail. Every insert, update and delete on a business table (every table of
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

-- Fields that change on every save and say nothing themselves.
CREATE FUNCTION polka.audit_noise() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{version,updated_at}'::text[];

CREATE FUNCTION polka.audit_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO polka.audit_log (tab, row_id, card_id, op, new)
        SELECT TG_TABLE_NAME, (j ->> 'id')::bigint,
               coalesce((j ->> 'partner_id')::bigint, (j ->> 'id')::bigint), 'I', j
          FROM (SELECT to_jsonb(r) AS j FROM new_rows r) s;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO polka.audit_log (tab, row_id, card_id, op, old)
        SELECT TG_TABLE_NAME, (j ->> 'id')::bigint,
               coalesce((j ->> 'partner_id')::bigint, (j ->> 'id')::bigint), 'D', j
          FROM (SELECT to_jsonb(r) AS j FROM old_rows r) s;
    ELSE
        INSERT INTO polka.audit_log (tab, row_id, card_id, op, old, new)
        SELECT TG_TABLE_NAME, (n ->> 'id')::bigint,
               coalesce((n ->> 'partner_id')::bigint, (n ->> 'id')::bigint), 'U', d.old, d.new
          FROM (SELECT to_jsonb(r) AS o FROM old_rows r) a
          JOIN (SELECT to_jsonb(r) AS n FROM new_rows r) b ON b.n -> 'id' = a.o -> 'id'
          CROSS JOIN LATERAL (
              SELECT jsonb_object_agg(e.key, e.value) AS old,
                     jsonb_object_agg(e.key, b.n -> e.key) AS new
                FROM jsonb_each(a.o) e
               WHERE e.value IS DISTINCT FROM b.n -> e.key
                 AND e.key <> ALL (polka.audit_noise())) d
         WHERE d.old IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION polka.audit_refuse() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON polka.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_refuse();

-- Every table with an id column, now; a later migration adding a table attaches it with
-- SELECT polka.audit_attach('table') (and a test checks none is forgotten).
CREATE FUNCTION polka.audit_attach(t text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON polka.%I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_rows()', t);
    EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON polka.%I REFERENCING OLD TABLE AS old_rows '
                   'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_rows()', t);
    EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON polka.%I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_rows()', t);
END
$$;

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

-- The history of a card for the TUI, newest first: when, who, what (table), and the change
-- in words: "field: old → new" for an update, the row's name for an insert or delete.
CREATE FUNCTION polka.card_history(kind text, p_id bigint, lim int DEFAULT 500)
RETURNS TABLE (at text, who text, what text, op text, change text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT to_char(l.at, 'YYYY-MM-DD HH24:MI:SS'), l.who, l.tab, l.op,
           CASE l.op
             WHEN 'U' THEN (SELECT string_agg(format('%s: %s → %s', e.key,
                                                     coalesce(e.value #>> '{}', '∅'),
                                                     coalesce(l.new -> e.key #>> '{}', '∅')), '; '
                                              ORDER BY e.key)
                              FROM jsonb_each(l.old) e)
             ELSE coalesce(coalesce(l.new, l.old) ->> 'name', coalesce(l.new, l.old) ->> 'full_name',
                           coalesce(l.new, l.old) ->> 'kind', '#' || l.row_id)
           END
      FROM polka.audit_log l
     WHERE kind = 'partner'
       AND l.tab IN ('partners', 'contacts', 'delivery_points', 'partner_relations')
       AND l.card_id = p_id
     ORDER BY l.id DESC
     LIMIT least(greatest(coalesce(lim, 500), 1), 10000)
$$;

GRANT EXECUTE ON FUNCTION polka.card_history(text, bigint, int), polka.audit_noise() TO polka_user;
