-- needs schema 001
-- audit.sql: the audit trail: the statement triggers that write polka.audit_log, audit_attach
-- (every table with an id calls it in its schema file) and a card's history (F6).
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Fields that change on every save and say nothing themselves.
CREATE OR REPLACE FUNCTION polka.audit_noise() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{version,updated_at}'::text[];
GRANT EXECUTE ON FUNCTION polka.audit_noise() TO polka_user;

-- (No JIT: the transition tables have no statistics, so a statement of many rows looks costly
-- enough to compile, which took half a second for 10,000 rows and saved nothing.)
CREATE OR REPLACE FUNCTION polka.audit_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET jit = off AS $$
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
        -- Each row's jsonb made once (materialized: flattened, the old and new rows were
        -- converted again for every key compared), old and new joined by their id column.
        WITH a AS MATERIALIZED (SELECT r.id, to_jsonb(r) AS o FROM old_rows r),
             b AS MATERIALIZED (SELECT r.id, to_jsonb(r) AS n FROM new_rows r)
        INSERT INTO polka.audit_log (tab, row_id, card_id, op, old, new)
        SELECT TG_TABLE_NAME, b.id, coalesce((b.n ->> 'partner_id')::bigint, b.id), 'U', d.old, d.new
          FROM a JOIN b ON b.id = a.id
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

-- A change no table row shows (a person's roles, a password set): written to the trail by the
-- people functions (polka_people_admin), never by app roles, so nobody forges a trail row.
CREATE OR REPLACE FUNCTION polka.audit_note(p_tab text, p_row bigint, p_old jsonb, p_new jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO polka.audit_log (tab, row_id, card_id, op, old, new) VALUES (p_tab, p_row, p_row, 'U', p_old, p_new);
END
$$;
REVOKE ALL ON FUNCTION polka.audit_note(text,bigint,jsonb,jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION polka.audit_note(text,bigint,jsonb,jsonb) TO polka_people_admin;

CREATE OR REPLACE FUNCTION polka.audit_refuse() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Every table with an id column, now; a later schema file adding a table attaches it with
-- SELECT polka.audit_attach('table') (and a test checks none is forgotten).
CREATE OR REPLACE FUNCTION polka.audit_attach(t text) RETURNS void
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

-- A card's history (F6) for the kinds partner, agreement, promotion and price_type. The rows
-- of a promotion or a price type are saved by delete and insert, so each trail row holds the
-- whole row with the card's id (promotion_id, price_type_id).
CREATE OR REPLACE FUNCTION polka.card_history(kind text, p_id bigint, lim int DEFAULT 500)
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
                           coalesce(l.new, l.old) ->> 'kind',
                           coalesce(l.new, l.old) ->> 'percent' || '%',
                           coalesce(l.new, l.old) ->> 'fixed_price',
                           (SELECT a.code FROM polka.agreements a
                             WHERE a.id = (coalesce(l.new, l.old) ->> 'agreement_id')::bigint),
                           '#' || l.row_id)
           END
      FROM polka.audit_log l
     WHERE CASE kind
           WHEN 'partner' THEN l.tab IN ('partners', 'contacts', 'delivery_points', 'partner_relations')
                               AND l.card_id = p_id
           WHEN 'agreement' THEN l.tab = 'agreements' AND l.card_id = p_id
           WHEN 'promotion' THEN l.tab = 'promotions' AND l.card_id = p_id
                                 OR l.tab IN ('promotion_agreements', 'promotion_rules')
                                    AND (coalesce(l.new, l.old) ->> 'promotion_id')::bigint = p_id
           WHEN 'price_type' THEN l.tab = 'price_types' AND l.card_id = p_id
                                  OR l.tab = 'price_rules'
                                     AND (coalesce(l.new, l.old) ->> 'price_type_id')::bigint = p_id
           ELSE false END
     ORDER BY l.id DESC
     LIMIT least(greatest(coalesce(lim, 500), 1), 10000)
$$;
GRANT EXECUTE ON FUNCTION polka.card_history(text,bigint,integer) TO polka_user;

