-- 011: pricing as business actions (issue 4, fourth part): who may change which prices, a
-- trail of who set each price, hand-typed prices of individual types kept by recalculations,
-- price types with their rules saved (and previewed) in one call, the client's assortment,
-- agreements with approval, promotions edited as drafts, and the look-ups and lists the
-- screens read.
--
-- Rights:
--   base and dependent price types, typical agreements      the head, admins
--   a client's individual price type, assortment, agreement  + the client's manager (or one
--                                                            with all_clients)
--   promotions (drafts, sending for approval)               managers, the head, admins
--   approving agreements and promotions                     the head (promotions also
--                                                            promo_approver, 010)

SET LOCAL ROLE polka_owner;

-- Who set a price (a recalculation: who changed what it was computed from).
ALTER TABLE polka.prices ADD COLUMN set_by text NOT NULL DEFAULT session_user;

-- The client's assortment matrix: the products a client (typically a retail chain) orders.
CREATE TABLE polka.assortment (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id  bigint NOT NULL REFERENCES polka.partners,
    product_id bigint NOT NULL REFERENCES polka.products,
    CONSTRAINT assortment_key UNIQUE (client_id, product_id)
);
SELECT polka.rls_protect('assortment'), polka.audit_attach('assortment');
CREATE POLICY read_with_partner ON polka.assortment FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));
GRANT SELECT ON polka.assortment TO polka_user;

ALTER TABLE polka.agreements
    ADD COLUMN assortment_only boolean NOT NULL DEFAULT false, -- orders outside it are refused
    ADD COLUMN approved_by text;

-- Rights ---------------------------------------------------------------------------------------

-- May the logged-in person change what belongs to client p_client (its individual prices,
-- assortment, agreement)? The head and admins: any; managers: their own clients (all of them
-- with all_clients). Run by SECURITY DEFINER functions, so it reads every partner.
CREATE FUNCTION polka.client_rights_check(p_client bigint) RETURNS void
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

-- May the logged-in person change prices of a type of this kind (and client)?
CREATE FUNCTION polka.price_type_rights_check(p_kind text, p_client bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_kind = 'individual' THEN
        PERFORM polka.client_rights_check(p_client);
    ELSIF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only the head and administrators change the price lists; managers change their clients'' individual prices'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- The business's calendar: a price's "from", a promotion's first and last day, "today" are
-- days in the business's time zone (settings.business_tz), whatever the session's.
CREATE TABLE polka.settings (
    key   text PRIMARY KEY CONSTRAINT settings_key_valid CHECK (key ~ '^[a-z_]{1,40}$'),
    value text NOT NULL CONSTRAINT settings_value_valid CHECK (polka.text_ok(value, 200))
);
INSERT INTO polka.settings VALUES ('business_tz', 'Europe/Moscow');
SELECT polka.rls_protect('settings'), polka.rls_read_all('settings');

-- The business day of an instant (default: now).
CREATE FUNCTION polka.business_day(ts timestamptz DEFAULT now()) RETURNS date
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN (ts AT TIME ZONE coalesce((SELECT value FROM polka.settings WHERE key = 'business_tz'),
                                 'Europe/Moscow'))::date;

-- Recalculation: 008's plan, but a price typed by hand in an individual type (the latest row
-- in force is not computed) is the client's and stays; only computed prices follow the source.
-- (The whole function is restated: SQL functions are replaced whole.)
CREATE OR REPLACE FUNCTION polka.price_recalc_plan(p_type bigint, p_on date, p_changes jsonb DEFAULT '{}')
RETURNS TABLE (price_type_id bigint, product_id bigint, old_price numeric, new_price numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
SET jit = off SET work_mem = '64MB' AS $$
    WITH RECURSIVE
    below(id, depth) AS (
        SELECT t.id, 1 FROM polka.price_types t WHERE t.source_id = p_type
        UNION ALL
        SELECT t.id, b.depth + 1 FROM below b JOIN polka.price_types t ON t.source_id = b.id
         WHERE b.depth < 100
    ),
    anc(category_id, ancestor_id, up) AS (
        SELECT c.id, c.id, 0 FROM polka.categories c
        UNION ALL
        SELECT a.category_id, c.parent_id, a.up + 1 FROM anc a JOIN polka.categories c ON c.id = a.ancestor_id
         WHERE c.parent_id IS NOT NULL
    ),
    cat_pct(type_id, category_id, percent) AS (
        SELECT DISTINCT ON (r.price_type_id, a.category_id) r.price_type_id, a.category_id, r.percent
          FROM polka.price_rules r
          JOIN below b ON b.id = r.price_type_id
          JOIN anc a ON a.ancestor_id = r.category_id
         ORDER BY r.price_type_id, a.category_id, a.up
    ),
    start(product_id, price) AS (
        SELECT coalesce(s.product_id, (c.key)::bigint),
               coalesce((c.value #>> '{}')::numeric, s.price)
          FROM polka.prices_on(p_type, p_on) s
          FULL JOIN jsonb_each(coalesce(p_changes, '{}')) c ON (c.key)::bigint = s.product_id
    ),
    calc(type_id, product_id, price) AS (
        SELECT p_type, s.product_id, s.price FROM start s
        UNION ALL
        SELECT t.id, c.product_id,
               polka.price_round(c.price * (1 + coalesce(rp.percent, cp.percent, rd.percent, 0) / 100),
                                 t.rounding)
          FROM calc c
          JOIN polka.price_types t ON t.source_id = c.type_id
          JOIN polka.products pr ON pr.id = c.product_id
          LEFT JOIN polka.price_rules rp ON rp.price_type_id = t.id AND rp.product_id = c.product_id
          LEFT JOIN cat_pct cp ON cp.type_id = t.id AND cp.category_id = pr.category_id
          LEFT JOIN polka.price_rules rd ON rd.price_type_id = t.id AND rd.category_id IS NULL
                                        AND rd.product_id IS NULL
    ),
    cur(type_id, product_id, price, computed) AS (
        SELECT DISTINCT ON (p.price_type_id, p.product_id) p.price_type_id, p.product_id, p.price, p.computed
          FROM polka.prices p
         WHERE p.price_type_id IN (SELECT id FROM below) AND p.valid_from <= p_on
         ORDER BY p.price_type_id, p.product_id, p.valid_from DESC
    )
    SELECT c.type_id, c.product_id, o.price, c.price
      FROM calc c
      LEFT JOIN cur o ON o.type_id = c.type_id AND o.product_id = c.product_id
     WHERE c.type_id <> p_type AND o.price IS DISTINCT FROM c.price
       AND o.computed IS DISTINCT FROM false -- typed by hand: kept
$$;

-- Applying the plan (008) with the trail: a computed row of that very day that is rewritten
-- names who triggered this recalculation, as a new row does (set_by's default). (Restated
-- whole, as in 008 otherwise.)
CREATE OR REPLACE FUNCTION polka.price_recalc_apply(p_type bigint, p_on date)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '64MB' AS $$
DECLARE
    n bigint;
    m bigint;
BEGIN
    DROP TABLE IF EXISTS pg_temp.price_plan;
    CREATE TEMP TABLE price_plan ON COMMIT DROP AS
        SELECT * FROM polka.price_recalc_plan(p_type, p_on);
    UPDATE polka.prices p SET price = pl.new_price, computed = true, set_by = session_user
      FROM pg_temp.price_plan pl
     WHERE p.price_type_id = pl.price_type_id AND p.product_id = pl.product_id AND p.valid_from = p_on;
    GET DIAGNOSTICS n = ROW_COUNT;
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, computed)
    SELECT pl.price_type_id, pl.product_id, p_on, pl.new_price, true
      FROM pg_temp.price_plan pl
     WHERE NOT EXISTS (SELECT FROM polka.prices p
                        WHERE p.price_type_id = pl.price_type_id AND p.product_id = pl.product_id
                          AND p.valid_from = p_on);
    GET DIAGNOSTICS m = ROW_COUNT;
    DROP TABLE pg_temp.price_plan;
    RETURN n + m;
END
$$;

-- price_set (008) with the rights per type, the trail, and an optional version: the one the
-- editor read; someone else's change of the type meanwhile raises PLK01.
DROP FUNCTION polka.price_set(bigint, date, jsonb);
CREATE FUNCTION polka.price_set(p_type bigint, p_on date, p_prices jsonb, p_version int DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.price_types;
BEGIN
    SELECT * INTO t FROM polka.price_types WHERE id = p_type FOR UPDATE; -- one editor at a time
    IF NOT FOUND THEN
        RAISE EXCEPTION 'price type % not found', p_type USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM polka.price_type_rights_check(t.kind, t.client_id);
    IF p_version IS NOT NULL AND p_version <> t.version THEN
        RAISE EXCEPTION 'price type % was changed by someone else; reload it', t.code USING ERRCODE = 'PLK01';
    END IF;
    IF p_on IS NULL THEN
        RAISE EXCEPTION 'a price needs the date it is valid from' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF t.kind = 'dependent' THEN
        RAISE EXCEPTION 'prices of a dependent type are computed, not typed' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(p_prices) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'prices must be an object product id -> price' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM jsonb_each(p_prices) e
                WHERE jsonb_typeof(e.value) <> 'number' OR (e.value #>> '{}')::numeric <> round((e.value #>> '{}')::numeric, 2)) THEN
        RAISE EXCEPTION 'a price is a number with at most two decimals' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price)
    SELECT p_type, (e.key)::bigint, p_on, (e.value #>> '{}')::numeric
      FROM jsonb_each(p_prices) e
    ON CONFLICT (price_type_id, product_id, valid_from)
    DO UPDATE SET price = EXCLUDED.price, computed = false, set_by = EXCLUDED.set_by;
    UPDATE polka.price_types SET version = version + 1 WHERE id = p_type;
    RETURN polka.price_recalc_apply(p_type, p_on);
END
$$;

-- The old catch-all check (anyone with manager/head/admin): unused now.
DROP FUNCTION polka.price_rights_check();

-- Documents ------------------------------------------------------------------------------------

-- A *_get function's document, or "not found" (also when row security hides the row).
CREATE FUNCTION polka.doc_found(j jsonb, what text, p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF j IS NULL THEN
        RAISE EXCEPTION '% % not found', what, p_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN j;
END
$$;

-- Price types ----------------------------------------------------------------------------------

-- A price type as a document: the head and its rules (with labels for the screens).
CREATE FUNCTION polka.price_type_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT polka.doc_found((
    SELECT jsonb_build_object(
               'id', t.id, 'version', t.version, 'code', t.code, 'name', t.name, 'kind', t.kind,
               'source_id', t.source_id, 'source_id.label', s.code || ' ' || s.name,
               'client_id', t.client_id, 'client_id.label', c.name || ' (' || c.code || ')',
               'rounding', t.rounding,
               'rules', coalesce((SELECT jsonb_agg(jsonb_build_object(
                            'id', r.id, 'category_id', r.category_id, 'product_id', r.product_id,
                            'target', coalesce(pd.code || ' ' || pd.name, cat.name, '*'),
                            'percent', r.percent)
                            ORDER BY r.product_id IS NOT NULL, r.category_id IS NOT NULL, cat.name, pd.code)
                          FROM polka.price_rules r
                          LEFT JOIN polka.categories cat ON cat.id = r.category_id
                          LEFT JOIN polka.products pd ON pd.id = r.product_id
                         WHERE r.price_type_id = t.id), '[]'))
      FROM polka.price_types t
      LEFT JOIN polka.price_types s ON s.id = t.source_id
      LEFT JOIN polka.partners c ON c.id = t.client_id
     WHERE t.id = p_id), 'price type', p_id)
$$;

-- Writes a price type document (no recalculation): the common part of price_type_save and
-- price_type_preview. Returns the id.
CREATE FUNCTION polka.price_type_write(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tid bigint := (doc ->> 'id')::bigint;
    old polka.price_types;
    v_kind text := polka.doc_text(doc, 'kind');
    v_source bigint := (polka.doc_text(doc, 'source_id'))::bigint;
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
BEGIN
    PERFORM polka.price_type_rights_check(v_kind, v_client);
    IF tid IS NOT NULL THEN
        SELECT * INTO old FROM polka.price_types WHERE id = tid FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'price type % not found', tid USING ERRCODE = 'no_data_found';
        END IF;
        PERFORM polka.price_type_rights_check(old.kind, old.client_id);
        IF old.version IS DISTINCT FROM (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'price type % was changed by someone else; reload it', old.code USING ERRCODE = 'PLK01';
        END IF;
        IF old.kind IS DISTINCT FROM v_kind THEN
            RAISE EXCEPTION 'the kind of a price type does not change; make a new type' USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    IF EXISTS (SELECT FROM polka.price_types WHERE id = v_source AND kind = 'individual') THEN
        RAISE EXCEPTION 'a client''s individual price type is not a source of others' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF v_source IS NULL AND EXISTS (SELECT FROM polka.doc_rows(doc, 'rules')) THEN
        RAISE EXCEPTION 'rules apply to a price type computed from a source' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF tid IS NULL THEN
        INSERT INTO polka.price_types (code, name, kind, source_id, client_id, rounding)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'), v_kind, v_source, v_client,
                coalesce(polka.doc_text(doc, 'rounding'), '0.01'))
        RETURNING id INTO tid;
    ELSE
        UPDATE polka.price_types
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'), source_id = v_source,
               client_id = v_client, rounding = coalesce(polka.doc_text(doc, 'rounding'), '0.01'),
               version = version + 1
         WHERE id = tid;
    END IF;
    IF doc ? 'rules' THEN
        DELETE FROM polka.price_rules WHERE price_type_id = tid;
        INSERT INTO polka.price_rules (price_type_id, category_id, product_id, percent)
        SELECT tid, (polka.doc_text(x, 'category_id'))::bigint, (polka.doc_text(x, 'product_id'))::bigint,
               (polka.doc_text(x, 'percent'))::numeric
          FROM polka.doc_rows(doc, 'rules') x;
    END IF;
    RETURN tid;
END
$$;

-- One business action: save a price type with its rules and recalculate, from the document's
-- 'recalc_on' date (default today), everything computed from its source; and again on every
-- later day the source already has prices from (a change scheduled ahead), so that those are
-- computed with the new rules too. Returns the id.
CREATE FUNCTION polka.price_type_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tid bigint := polka.price_type_write(doc);
    src bigint;
    from_day date := coalesce((polka.doc_text(doc, 'recalc_on'))::date, polka.business_day());
    later date;
BEGIN
    SELECT source_id INTO src FROM polka.price_types WHERE id = tid;
    IF src IS NOT NULL THEN
        PERFORM polka.price_recalc_apply(src, from_day);
        FOR later IN SELECT DISTINCT p.valid_from FROM polka.prices p
                      WHERE p.price_type_id = src AND p.valid_from > from_day ORDER BY 1 LOOP
            PERFORM polka.price_recalc_apply(src, later);
        END LOOP;
    END IF;
    RETURN tid;
END
$$;

-- What saving this document would recalculate (the shape of price_set_preview): the same
-- write, then the same plan, then everything undone. The preview is what the save does.
CREATE FUNCTION polka.price_type_preview(doc jsonb, p_top int DEFAULT 10)
RETURNS TABLE (price_type_code text, changes bigint, product_code text, old_price numeric,
               new_price numeric, change_percent numeric)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    result jsonb := '[]';
    tid bigint;
    src bigint;
BEGIN
    BEGIN
        tid := polka.price_type_write(doc);
        SELECT source_id INTO src FROM polka.price_types WHERE id = tid;
        IF src IS NOT NULL THEN
            SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]') INTO result
              FROM polka.price_set_preview(src, coalesce((polka.doc_text(doc, 'recalc_on'))::date, polka.business_day()),
                                           '{}', p_top) x;
        END IF;
        RAISE EXCEPTION 'preview only' USING ERRCODE = 'PLK99';
    EXCEPTION WHEN SQLSTATE 'PLK99' THEN
        NULL; -- undone
    END;
    RETURN QUERY SELECT * FROM jsonb_to_recordset(result)
        AS x(price_type_code text, changes bigint, product_code text, old_price numeric,
             new_price numeric, change_percent numeric);
END
$$;

-- The price types, with their source, client and sizes.
CREATE FUNCTION polka.price_type_list()
RETURNS TABLE (id bigint, code text, name text, kind text, source text, client text,
               rounding text, rules bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT t.id, t.code, t.name, t.kind, s.code, c.name, t.rounding,
           (SELECT count(*) FROM polka.price_rules r WHERE r.price_type_id = t.id)
      FROM polka.price_types t
      LEFT JOIN polka.price_types s ON s.id = t.source_id
      LEFT JOIN polka.partners c ON c.id = t.client_id
     ORDER BY t.kind = 'individual', t.code
$$;

-- The price editor's rows: products matching q (code prefix or name words) with the price on
-- p_on, since when, whether computed, who set it, and the next change after p_on if any.
CREATE FUNCTION polka.price_list(p_type bigint, p_on date, q text, lim int)
RETURNS TABLE (product_id bigint, code text, name text, unit text, price numeric,
               since date, computed boolean, set_by text, next_price numeric, next_from date,
               in_assortment boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT pd.id, pd.code, pd.name, pd.unit, cur.price, cur.valid_from, cur.computed, cur.set_by,
           nxt.price, nxt.valid_from,
           -- in the client's assortment (individual types; NULL for the others)
           CASE WHEN t.client_id IS NOT NULL
                THEN EXISTS (SELECT FROM polka.assortment a WHERE a.client_id = t.client_id AND a.product_id = pd.id) END
      FROM polka.products pd
      LEFT JOIN polka.price_types t ON t.id = p_type
      LEFT JOIN LATERAL (SELECT p.price, p.valid_from, p.computed, p.set_by FROM polka.prices p
                          WHERE p.price_type_id = p_type AND p.product_id = pd.id AND p.valid_from <= p_on
                          ORDER BY p.valid_from DESC LIMIT 1) cur ON true
      LEFT JOIN LATERAL (SELECT p.price, p.valid_from FROM polka.prices p
                          WHERE p.price_type_id = p_type AND p.product_id = pd.id AND p.valid_from > p_on
                          ORDER BY p.valid_from LIMIT 1) nxt ON true
     WHERE coalesce(btrim(q), '') = ''
        OR pd.code LIKE substr(polka.like_contains(btrim(q)), 2) -- a prefix, wildcards literal
        OR lower(pd.name) LIKE polka.like_contains(btrim(q))
     ORDER BY pd.code
     LIMIT least(greatest(coalesce(lim, 100), 1), 5000)
$$;

-- A product's price history in a type, newest first.
CREATE FUNCTION polka.price_history(p_type bigint, p_product bigint)
RETURNS TABLE (valid_from date, price numeric, computed boolean, set_by text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.valid_from, p.price, p.computed, p.set_by FROM polka.prices p
     WHERE p.price_type_id = p_type AND p.product_id = p_product
     ORDER BY p.valid_from DESC
$$;

-- The rule editor's tree: every category in tree order with its depth, the type's own rule
-- on it, and the percent that applies there (its own, else the nearest one up, else the
-- type's default, else 0) with where that comes from.
CREATE FUNCTION polka.price_rule_tree(p_type bigint)
RETURNS TABLE (category_id bigint, depth int, name text, own_percent numeric,
               percent numeric, from_name text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH RECURSIVE tree(id, depth, path, name, pct, from_name) AS (
        SELECT c.id, 0, ARRAY[c.name], c.name, r.percent, CASE WHEN r.percent IS NOT NULL THEN c.name END
          FROM polka.categories c
          LEFT JOIN polka.price_rules r ON r.price_type_id = p_type AND r.category_id = c.id
         WHERE c.parent_id IS NULL
        UNION ALL
        SELECT c.id, t.depth + 1, t.path || c.name, c.name, coalesce(r.percent, t.pct),
               CASE WHEN r.percent IS NOT NULL THEN c.name ELSE t.from_name END
          FROM tree t JOIN polka.categories c ON c.parent_id = t.id
          LEFT JOIN polka.price_rules r ON r.price_type_id = p_type AND r.category_id = c.id
         WHERE t.depth < 20
    )
    SELECT t.id, t.depth, t.name,
           (SELECT r.percent FROM polka.price_rules r WHERE r.price_type_id = p_type AND r.category_id = t.id),
           coalesce(t.pct, d.percent, 0),
           coalesce(t.from_name, CASE WHEN d.percent IS NOT NULL THEN '*' END)
      FROM tree t
      LEFT JOIN polka.price_rules d ON d.price_type_id = p_type AND d.category_id IS NULL AND d.product_id IS NULL
     ORDER BY t.path
$$;

-- The client's assortment is replaced by this list of products. Returns its size.
CREATE FUNCTION polka.assortment_set(p_client bigint, p_products bigint[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.client_rights_check(p_client);
    PERFORM FROM polka.partners WHERE id = p_client FOR NO KEY UPDATE; -- (not FOR UPDATE: rows referring to it stay insertable)
    IF NOT FOUND THEN
        RAISE EXCEPTION 'client % not found', p_client USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM polka.assortment WHERE client_id = p_client AND product_id <> ALL (coalesce(p_products, '{}'));
    INSERT INTO polka.assortment (client_id, product_id)
    SELECT DISTINCT p_client, u FROM unnest(p_products) u WHERE u IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN (SELECT count(*) FROM polka.assortment WHERE client_id = p_client);
END
$$;

-- Products added to and removed from the client's assortment. Returns its size.
CREATE FUNCTION polka.assortment_change(p_client bigint, p_add bigint[], p_remove bigint[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.client_rights_check(p_client);
    PERFORM FROM polka.partners WHERE id = p_client FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'client % not found', p_client USING ERRCODE = 'no_data_found';
    END IF;
    DELETE FROM polka.assortment WHERE client_id = p_client AND product_id = ANY (coalesce(p_remove, '{}'));
    INSERT INTO polka.assortment (client_id, product_id)
    SELECT DISTINCT p_client, u FROM unnest(p_add) u WHERE u IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN (SELECT count(*) FROM polka.assortment WHERE client_id = p_client);
END
$$;

-- Agreements ----------------------------------------------------------------------------------

CREATE FUNCTION polka.agreement_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT polka.doc_found((
    SELECT to_jsonb(a) || jsonb_build_object(
               'price_type_id.label', t.code || ' ' || t.name,
               'client_id.label', c.name || ' (' || c.code || ')',
               'parent_id.label', pa.code || ' ' || pa.name)
      FROM polka.agreements a
      JOIN polka.price_types t ON t.id = a.price_type_id
      LEFT JOIN polka.partners c ON c.id = a.client_id
      LEFT JOIN polka.agreements pa ON pa.id = a.parent_id
     WHERE a.id = p_id), 'agreement', p_id)
$$;

-- Agreements matching q (code, name, client name or code), typical ones first.
CREATE FUNCTION polka.agreement_list(q text, lim int)
RETURNS TABLE (id bigint, code text, name text, kind text, client text, price_type text,
               status text, valid_from date, valid_to date)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.id, a.code, a.name, a.kind, coalesce(c.name, s.name), t.code, a.status, a.valid_from, a.valid_to
      FROM polka.agreements a
      JOIN polka.price_types t ON t.id = a.price_type_id
      LEFT JOIN polka.partners c ON c.id = a.client_id
      LEFT JOIN polka.segments s ON s.code = a.segment
     WHERE coalesce(btrim(q), '') = ''
        OR lower(a.code) LIKE polka.like_contains(btrim(q)) OR lower(a.name) LIKE polka.like_contains(btrim(q))
        OR lower(c.name) LIKE polka.like_contains(btrim(q)) OR c.code = btrim(q)
     ORDER BY a.kind = 'individual', a.code
     LIMIT least(greatest(coalesce(lim, 100), 1), 5000)
$$;

-- Who may change this agreement: typical ones the head and admins; a client's one also its
-- manager.
CREATE FUNCTION polka.agreement_rights_check(p_kind text, p_client bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_kind = 'individual' THEN
        PERFORM polka.client_rights_check(p_client);
    ELSIF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only the head and administrators change typical agreements'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- One business action: save an agreement (new: a draft). A manager changes drafts only; the
-- head and admins any agreement that is not closed. Returns the id.
CREATE FUNCTION polka.agreement_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    aid bigint := (doc ->> 'id')::bigint;
    old polka.agreements;
    v_kind text := polka.doc_text(doc, 'kind');
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
BEGIN
    PERFORM polka.agreement_rights_check(v_kind, v_client);
    IF aid IS NOT NULL THEN
        SELECT * INTO old FROM polka.agreements WHERE id = aid FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'agreement % not found', aid USING ERRCODE = 'no_data_found';
        END IF;
        PERFORM polka.agreement_rights_check(old.kind, old.client_id);
        IF old.version IS DISTINCT FROM (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'agreement % was changed by someone else; reload it', old.code USING ERRCODE = 'PLK01';
        END IF;
        IF old.status = 'closed' OR (old.status <> 'draft' AND NOT (polka.has_role('head') OR polka.has_role('admin'))) THEN
            RAISE EXCEPTION 'agreement % is %: only a draft is changed', old.code, old.status
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF old.kind IS DISTINCT FROM v_kind THEN
            RAISE EXCEPTION 'the kind of an agreement does not change; make a new one' USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    IF EXISTS (SELECT FROM polka.price_types t WHERE t.id = (polka.doc_text(doc, 'price_type_id'))::bigint
                  AND t.kind = 'individual' AND t.client_id IS DISTINCT FROM v_client) THEN
        RAISE EXCEPTION 'an individual price type is for its own client''s agreements only'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF aid IS NULL THEN
        INSERT INTO polka.agreements (code, name, kind, segment, client_id, parent_id, price_type_id, payment,
                                      credit_days, lead_days, credit_limit, discount_percent, valid_from,
                                      valid_to, uses_contracts, assortment_only)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'), v_kind, polka.doc_text(doc, 'segment'),
                v_client, (polka.doc_text(doc, 'parent_id'))::bigint, (polka.doc_text(doc, 'price_type_id'))::bigint,
                coalesce(polka.doc_text(doc, 'payment'), 'credit'), (polka.doc_text(doc, 'credit_days'))::int,
                coalesce((polka.doc_text(doc, 'lead_days'))::int, 1), (polka.doc_text(doc, 'credit_limit'))::numeric,
                coalesce((polka.doc_text(doc, 'discount_percent'))::numeric, 0),
                coalesce((polka.doc_text(doc, 'valid_from'))::date, polka.business_day()), (polka.doc_text(doc, 'valid_to'))::date,
                coalesce((polka.doc_text(doc, 'uses_contracts'))::boolean, false),
                coalesce((polka.doc_text(doc, 'assortment_only'))::boolean, false))
        RETURNING id INTO aid;
    ELSE
        UPDATE polka.agreements
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'), kind = v_kind,
               segment = polka.doc_text(doc, 'segment'), client_id = v_client,
               parent_id = (polka.doc_text(doc, 'parent_id'))::bigint,
               price_type_id = (polka.doc_text(doc, 'price_type_id'))::bigint,
               payment = coalesce(polka.doc_text(doc, 'payment'), 'credit'),
               credit_days = (polka.doc_text(doc, 'credit_days'))::int,
               lead_days = coalesce((polka.doc_text(doc, 'lead_days'))::int, 1),
               credit_limit = (polka.doc_text(doc, 'credit_limit'))::numeric,
               discount_percent = coalesce((polka.doc_text(doc, 'discount_percent'))::numeric, 0),
               valid_from = coalesce((polka.doc_text(doc, 'valid_from'))::date, polka.business_day()),
               valid_to = (polka.doc_text(doc, 'valid_to'))::date,
               uses_contracts = coalesce((polka.doc_text(doc, 'uses_contracts'))::boolean, false),
               assortment_only = coalesce((polka.doc_text(doc, 'assortment_only'))::boolean, false),
               version = version + 1
         WHERE id = aid;
        IF old.status = 'active' THEN -- changed while in force: still alone in its period
            PERFORM polka.agreement_overlap_check(a) FROM polka.agreements a WHERE a.id = aid;
        END IF;
    END IF;
    RETURN aid;
END
$$;

-- One business action: a client's individual agreement made from a typical one (a draft with
-- its terms). Returns the new id.
CREATE FUNCTION polka.agreement_from_typical(p_typical bigint, p_client bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.agreements;
    c polka.partners;
    aid bigint;
BEGIN
    PERFORM polka.client_rights_check(p_client);
    SELECT * INTO t FROM polka.agreements WHERE id = p_typical AND kind = 'typical';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'typical agreement % not found', p_typical USING ERRCODE = 'no_data_found';
    END IF;
    IF t.status = 'closed' THEN
        RAISE EXCEPTION 'agreement % is closed', t.code USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO c FROM polka.partners WHERE id = p_client;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'client % not found', p_client USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO polka.agreements (code, name, kind, client_id, parent_id, price_type_id, payment, credit_days,
                                  lead_days, credit_limit, discount_percent, valid_from, valid_to,
                                  uses_contracts, assortment_only)
    VALUES (left(t.code, 30 - 4 - length(c.code)) || '/' || c.code
            -- a second one of the same client from the same typical one: /2, /3...
            || coalesce('/' || nullif((SELECT count(*) FROM polka.agreements o
                                        WHERE o.parent_id = t.id AND o.client_id = c.id), 0) + 1, ''),
            left(t.name || ': ' || c.name, 200),
            'individual', c.id, t.id, t.price_type_id, t.payment, t.credit_days, t.lead_days, t.credit_limit,
            t.discount_percent, greatest(polka.business_day(), t.valid_from), t.valid_to, t.uses_contracts,
            t.assortment_only)
    RETURNING id INTO aid;
    RETURN aid;
END
$$;

-- An active agreement must not overlap another active one of the same client (or, typical,
-- of the same segment) in its validity. Activations and changes of active agreements are
-- serialised per client or segment first, so two of them cannot both pass.
CREATE FUNCTION polka.agreement_overlap_check(a polka.agreements) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('polka.agreement:' || coalesce(a.client_id::text, a.segment)));
    IF EXISTS (
        SELECT FROM polka.agreements o
         WHERE o.id <> a.id AND o.status = 'active' AND o.kind = a.kind
           -- an individual one's segment (if any) does not matter: its client does
           AND CASE a.kind WHEN 'typical' THEN o.segment = a.segment ELSE o.client_id = a.client_id END
           AND daterange(o.valid_from, o.valid_to, '[]') && daterange(a.valid_from, a.valid_to, '[]')) THEN
        RAISE EXCEPTION 'agreement % overlaps another active agreement of the same % in its validity',
            a.code, CASE a.kind WHEN 'typical' THEN 'segment' ELSE 'client' END
            USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'agreements_no_overlap';
    END IF;
END
$$;

-- Status changes of an agreement:
--   draft -> on_approval           who may change it (agreement_rights_check)
--   on_approval -> active | draft  the head (approved, or sent back)
--   active -> closed               the head, admins
-- An agreement becomes active only when no other active agreement of the same client (or,
-- typical, of the same segment) overlaps its validity.
CREATE FUNCTION polka.agreement_set_status(p_id bigint, p_status text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a polka.agreements;
BEGIN
    SELECT * INTO a FROM polka.agreements WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agreement % not found', p_id USING ERRCODE = 'no_data_found';
    END IF;
    IF (a.status, p_status) = ('draft', 'on_approval') THEN
        PERFORM polka.agreement_rights_check(a.kind, a.client_id);
    ELSIF (a.status, p_status) IN (('on_approval', 'active'), ('on_approval', 'draft')) THEN
        IF NOT polka.has_role('head') THEN
            RAISE EXCEPTION 'only the head approves agreements' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_status = 'active' THEN
            PERFORM polka.agreement_overlap_check(a);
        END IF;
    ELSIF (a.status, p_status) = ('active', 'closed') THEN
        IF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
            RAISE EXCEPTION 'only the head and administrators close agreements' USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSE
        RAISE EXCEPTION 'an agreement cannot go from % to %', a.status, p_status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE polka.agreements
       SET status = p_status, version = version + 1,
           approved_by = CASE WHEN p_status = 'active' THEN session_user::text ELSE approved_by END
     WHERE id = p_id;
END
$$;

-- Promotions ----------------------------------------------------------------------------------

CREATE FUNCTION polka.promotion_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT polka.doc_found((
    SELECT to_jsonb(m) || jsonb_build_object(
               'agreements', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                 'id', pa.id, 'agreement_id', pa.agreement_id,
                                 'agreement_id.label', a.code || ' ' || a.name, 'status', a.status)
                                 ORDER BY a.code)
                               FROM polka.promotion_agreements pa JOIN polka.agreements a ON a.id = pa.agreement_id
                              WHERE pa.promotion_id = m.id), '[]'),
               'rules', coalesce((SELECT jsonb_agg(jsonb_build_object(
                            'id', r.id, 'category_id', r.category_id, 'category_id.label', c.name,
                            'product_id', r.product_id, 'product_id.label', pd.code || ' ' || pd.name,
                            'percent', r.percent, 'fixed_price', r.fixed_price) ORDER BY r.id)
                          FROM polka.promotion_rules r
                          LEFT JOIN polka.categories c ON c.id = r.category_id
                          LEFT JOIN polka.products pd ON pd.id = r.product_id
                         WHERE r.promotion_id = m.id), '[]'))
      FROM polka.promotions m
     WHERE m.id = p_id), 'promotion', p_id)
$$;

-- Promotions matching q, with the status they have on p_on: draft, on_approval, approved
-- (not started yet), active, ended, ended_early.
CREATE FUNCTION polka.promotion_list(q text, p_on date, lim int)
RETURNS TABLE (id bigint, code text, name text, valid_from date, valid_to date, status text,
               state text, agreements bigint, rules bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT m.id, m.code, m.name, m.valid_from, m.valid_to, m.status,
           CASE WHEN m.status <> 'approved' THEN m.status
                WHEN p_on < m.valid_from THEN 'approved'
                WHEN p_on > m.valid_to THEN 'ended'
                ELSE 'active' END,
           (SELECT count(*) FROM polka.promotion_agreements pa WHERE pa.promotion_id = m.id),
           (SELECT count(*) FROM polka.promotion_rules r WHERE r.promotion_id = m.id)
      FROM polka.promotions m
     WHERE coalesce(btrim(q), '') = ''
        OR lower(m.code) LIKE polka.like_contains(btrim(q)) OR lower(m.name) LIKE polka.like_contains(btrim(q))
     ORDER BY m.valid_from DESC, m.code
     LIMIT least(greatest(coalesce(lim, 100), 1), 5000)
$$;

-- One business action: save a promotion draft with its agreements and rules (replaced whole).
-- Managers, the head and admins; only drafts change. An agreement that is closed or over
-- before the promotion starts is refused. Returns the id.
CREATE FUNCTION polka.promotion_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    mid bigint := (doc ->> 'id')::bigint;
    old polka.promotions;
    bad text;
BEGIN
    IF NOT (polka.has_role('manager') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only managers, the head and administrators change promotions'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF mid IS NOT NULL THEN
        SELECT * INTO old FROM polka.promotions WHERE id = mid FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'promotion % not found', mid USING ERRCODE = 'no_data_found';
        END IF;
        IF old.version IS DISTINCT FROM (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'promotion % was changed by someone else; reload it', old.code USING ERRCODE = 'PLK01';
        END IF;
        IF old.status <> 'draft' THEN
            RAISE EXCEPTION 'promotion % is %: only a draft is changed', old.code, old.status
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'),
               valid_from = (polka.doc_text(doc, 'valid_from'))::date, valid_to = (polka.doc_text(doc, 'valid_to'))::date,
               version = version + 1
         WHERE id = mid;
    ELSE
        INSERT INTO polka.promotions (code, name, valid_from, valid_to)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'),
                (polka.doc_text(doc, 'valid_from'))::date, (polka.doc_text(doc, 'valid_to'))::date)
        RETURNING id INTO mid;
    END IF;
    -- A manager attaches his own clients' agreements (and typical ones); client_rights_check
    -- says which one is not.
    PERFORM polka.client_rights_check(a.client_id)
       FROM polka.doc_rows(doc, 'agreements') x
       JOIN polka.agreements a ON a.id = (polka.doc_text(x, 'agreement_id'))::bigint
      WHERE a.client_id IS NOT NULL AND NOT (polka.has_role('head') OR polka.has_role('admin'));
    SELECT a.code INTO bad FROM polka.doc_rows(doc, 'agreements') x
      JOIN polka.agreements a ON a.id = (polka.doc_text(x, 'agreement_id'))::bigint
     WHERE a.status = 'closed' OR a.valid_to < (polka.doc_text(doc, 'valid_from'))::date
     LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'agreement % is closed or over before the promotion starts', bad
            USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'promotion_agreements_open';
    END IF;
    DELETE FROM polka.promotion_agreements WHERE promotion_id = mid;
    INSERT INTO polka.promotion_agreements (promotion_id, agreement_id)
    SELECT mid, (polka.doc_text(x, 'agreement_id'))::bigint FROM polka.doc_rows(doc, 'agreements') x;
    DELETE FROM polka.promotion_rules WHERE promotion_id = mid;
    INSERT INTO polka.promotion_rules (promotion_id, category_id, product_id, percent, fixed_price)
    SELECT mid, (polka.doc_text(x, 'category_id'))::bigint, (polka.doc_text(x, 'product_id'))::bigint,
           (polka.doc_text(x, 'percent'))::numeric, (polka.doc_text(x, 'fixed_price'))::numeric
      FROM polka.doc_rows(doc, 'rules') x;
    RETURN mid;
END
$$;

-- Look-ups for the pricing screens: 010's and 003's kinds, and price types, sources (types
-- that may be a source), clients, active agreements, typical agreements, categories,
-- products, and the fixed choices (price kind, rounding, payment). (The whole function is
-- restated: SQL functions are replaced whole.)
CREATE OR REPLACE FUNCTION polka.lookup(kind text, q text, lim int)
RETURNS TABLE (code text, label text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pat text := polka.like_contains(coalesce(q, ''));
BEGIN
    lim := least(greatest(coalesce(lim, 50), 1), 1000);
    CASE kind
    WHEN 'segment' THEN
        RETURN QUERY SELECT s.code, s.name FROM polka.segments s
                      WHERE lower(s.name) LIKE pat OR s.code = q ORDER BY s.name LIMIT lim;
    WHEN 'partner_kind' THEN
        RETURN QUERY SELECT k.code, k.name FROM polka.partner_kinds k
                      WHERE lower(k.name) LIKE pat OR k.code = q ORDER BY k.name LIMIT lim;
    WHEN 'contact_role' THEN
        RETURN QUERY SELECT r.code, r.name FROM polka.contact_roles r
                      WHERE lower(r.name) LIKE pat OR r.code = q ORDER BY r.name LIMIT lim;
    WHEN 'relation_kind' THEN
        RETURN QUERY SELECT r.code, r.name FROM polka.relation_kinds r
                      WHERE lower(r.name) LIKE pat OR r.code = q ORDER BY r.name LIMIT lim;
    WHEN 'manager' THEN
        RETURN QUERY SELECT p.id::text, p.full_name FROM polka.people p
                      WHERE p.is_manager AND NOT p.blocked
                        AND (lower(p.full_name) LIKE pat OR p.id::text = q)
                      ORDER BY p.full_name LIMIT lim;
    WHEN 'partner', 'client' THEN
        RETURN QUERY SELECT p.id::text, p.name || ' (' || p.code || ')' FROM polka.partners p
                      WHERE (lookup.kind = 'partner' OR p.kind = 'client')
                        AND (lower(p.name) LIKE pat OR p.code = q OR p.inn = q)
                      ORDER BY p.code = q DESC, p.name, p.id LIMIT lim;
    WHEN 'price_type', 'price_source' THEN
        RETURN QUERY SELECT t.id::text, t.code || ' ' || t.name FROM polka.price_types t
                      WHERE (lookup.kind = 'price_type' OR t.kind <> 'individual')
                        AND (lower(t.code) LIKE pat OR lower(t.name) LIKE pat OR t.id::text = q)
                      ORDER BY t.code LIMIT lim;
    WHEN 'agreement', 'typical_agreement' THEN
        RETURN QUERY SELECT a.id::text, a.code || ' ' || a.name FROM polka.agreements a
                      WHERE a.status <> 'closed' AND (lookup.kind = 'agreement' OR a.kind = 'typical')
                        AND (lower(a.code) LIKE pat OR lower(a.name) LIKE pat OR a.id::text = q)
                      ORDER BY a.kind = 'individual', a.code LIMIT lim;
    WHEN 'category' THEN
        RETURN QUERY SELECT c.id::text, coalesce(p.name || ' / ', '') || c.name FROM polka.categories c
                      LEFT JOIN polka.categories p ON p.id = c.parent_id
                      WHERE lower(c.name) LIKE pat OR c.id::text = q
                      ORDER BY 2 LIMIT lim;
    WHEN 'product' THEN
        RETURN QUERY SELECT p.id::text, p.code || ' ' || p.name FROM polka.products p
                      WHERE p.code LIKE substr(pat, 2) OR lower(p.name) LIKE pat OR p.id::text = q
                      ORDER BY p.code = q DESC, p.code LIMIT lim;
    WHEN 'price_kind', 'rounding', 'payment' THEN
        RETURN QUERY SELECT v.c, v.l FROM (VALUES
                          ('price_kind', 'base', 'Базовый'), ('price_kind', 'dependent', 'Зависимый'),
                          ('price_kind', 'individual', 'Индивидуальный'),
                          ('rounding', '0.01', 'до копейки'), ('rounding', '0.10', 'до 10 копеек'),
                          ('rounding', '1.00', 'до рубля'), ('rounding', '0.90', 'на ,90'),
                          ('payment', 'prepayment', 'Предоплата'), ('payment', 'credit', 'Отсрочка'),
                          ('payment', 'stages', 'Поэтапно')) AS v(k, c, l)
                      WHERE v.k = lookup.kind AND (lower(v.l) LIKE pat OR v.c = q) LIMIT lim;
    ELSE
        RAISE EXCEPTION 'unknown look-up "%"', kind USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$$;

-- History of the pricing cards ----------------------------------------------------------------

-- The trail of agreements, promotions and price types is readable like the cards: promotions
-- and price types by everyone, an agreement with its client.
CREATE POLICY read_pricing_cards ON polka.audit_log FOR SELECT TO polka_user
    USING (tab IN ('promotions', 'promotion_agreements', 'promotion_rules', 'price_types', 'price_rules')
           OR tab = 'agreements' AND EXISTS (SELECT FROM polka.agreements a WHERE a.id = card_id));

-- card_history (006) for the kinds partner, agreement, promotion and price_type. The rows of a
-- promotion or a price type are saved by delete and insert, so each trail row holds the whole
-- row with the card's id (promotion_id, price_type_id). (The whole function is restated: SQL
-- functions are replaced whole.)
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

GRANT EXECUTE ON FUNCTION polka.doc_found(jsonb, text, bigint), polka.business_day(timestamptz),
    polka.price_set(bigint, date, jsonb, int), polka.price_type_get(bigint),
    polka.price_type_save(jsonb), polka.price_type_preview(jsonb, int), polka.price_type_list(),
    polka.price_list(bigint, date, text, int), polka.price_history(bigint, bigint),
    polka.price_rule_tree(bigint), polka.assortment_set(bigint, bigint[]),
    polka.assortment_change(bigint, bigint[], bigint[]),
    polka.agreement_get(bigint), polka.agreement_list(text, int), polka.agreement_save(jsonb),
    polka.agreement_from_typical(bigint, bigint), polka.agreement_set_status(bigint, text),
    polka.promotion_get(bigint), polka.promotion_list(text, date, int), polka.promotion_save(jsonb)
    TO polka_user;
