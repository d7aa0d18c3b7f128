-- needs schema 002
-- pricing.sql: price types, rules, prices and the recalculation; assortment; price_for, the one
-- price function; VAT rates by date. The pricing schema (006) uses price_types_no_cycle.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

CREATE OR REPLACE FUNCTION polka.vat_rate(p_code text, p_on date) RETURNS numeric
LANGUAGE sql STABLE STRICT PARALLEL SAFE
RETURN (SELECT rate FROM polka.vat_rates
         WHERE code = p_code AND valid_from <= p_on ORDER BY valid_from DESC LIMIT 1);
GRANT EXECUTE ON FUNCTION polka.vat_rate(text,date) TO polka_user;

-- A source chain never comes back to where it started.
CREATE OR REPLACE FUNCTION polka.price_types_no_cycle() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.source_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up(id, n) AS (
            SELECT NEW.source_id, 1
            UNION ALL
            SELECT t.source_id, up.n + 1 FROM up JOIN polka.price_types t ON t.id = up.id
             WHERE t.source_id IS NOT NULL AND up.n < 1000
        )
        SELECT FROM up WHERE id = NEW.id) THEN
        RAISE EXCEPTION 'price type % would depend on itself', NEW.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'price_types_no_cycle',
                  TABLE = 'price_types', SCHEMA = 'polka';
    END IF;
    RETURN NEW;
END
$$;

-- The rounding rules. '0.90': the nearest price ending in .90 (at least 0.90).
CREATE OR REPLACE FUNCTION polka.price_round(p numeric, rule text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE rule
    WHEN '0.01' THEN round(p, 2)
    WHEN '0.10' THEN round(p, 1)
    WHEN '1.00' THEN round(p, 0)
    WHEN '0.90' THEN greatest(round(p + 0.10, 0) - 0.10, 0.90)
END::numeric(14, 2);
GRANT EXECUTE ON FUNCTION polka.price_round(numeric,text) TO polka_user;

-- The price of every product of a type on a date (the latest row not after it).
CREATE OR REPLACE FUNCTION polka.prices_on(p_type bigint, p_on date)
RETURNS TABLE (product_id bigint, price numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT DISTINCT ON (p.product_id) p.product_id, p.price
      FROM polka.prices p
     WHERE p.price_type_id = p_type AND p.valid_from <= p_on
     ORDER BY p.product_id, p.valid_from DESC
$$;
GRANT EXECUTE ON FUNCTION polka.prices_on(bigint,date) TO polka_user;

-- The recalculation plan: every type computed from p_type, transitively, with its new prices;
-- a price typed by hand in an individual type (the latest row in force is not computed) is
-- the client's and stays; only computed prices follow the source. With p_only (a type whose
-- source is p_type), only that type and the types computed from it: saving one type's rules
-- recalculates that type's branch, never its siblings.
CREATE OR REPLACE FUNCTION polka.price_recalc_plan(p_type bigint, p_on date, p_changes jsonb DEFAULT '{}',
                                                   p_only bigint DEFAULT NULL)
RETURNS TABLE (price_type_id bigint, product_id bigint, old_price numeric, new_price numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
SET jit = off SET work_mem = '64MB' AS $$
    WITH RECURSIVE
    below(id, depth) AS (
        SELECT t.id, 1 FROM polka.price_types t
         WHERE t.source_id = p_type AND (p_only IS NULL OR t.id = p_only)
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
          JOIN below bt ON bt.id = t.id
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
GRANT EXECUTE ON FUNCTION polka.price_recalc_plan(bigint,date,jsonb,bigint) TO polka_user;

-- Applying the plan with the trail: a computed row of that very day that is rewritten names
-- who triggered this recalculation, as a new row does (set_by's default); p_only as in the
-- plan.
CREATE OR REPLACE FUNCTION polka.price_recalc_apply(p_type bigint, p_on date, p_only bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '64MB' AS $$
DECLARE
    n bigint;
    m bigint;
BEGIN
    DROP TABLE IF EXISTS pg_temp.price_plan;
    CREATE TEMP TABLE price_plan ON COMMIT DROP AS
        SELECT * FROM polka.price_recalc_plan(p_type, p_on, '{}', p_only);
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

-- The preview of such a change: how many prices change in which type, and the largest changes.
CREATE OR REPLACE FUNCTION polka.price_set_preview(p_type bigint, p_on date, p_prices jsonb, p_top int DEFAULT 10,
                                                   p_only bigint DEFAULT NULL)
RETURNS TABLE (price_type_code text, changes bigint, product_code text, old_price numeric,
               new_price numeric, change_percent numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH plan AS (SELECT * FROM polka.price_recalc_plan(p_type, p_on, p_prices, p_only)),
    per_type AS (SELECT price_type_id, count(*) AS n FROM plan GROUP BY 1),
    top AS (SELECT * FROM plan ORDER BY abs(new_price - coalesce(old_price, 0)) DESC, price_type_id, product_id
            LIMIT greatest(p_top, 0))
    SELECT t.code, pt.n, pr.code, tp.old_price, tp.new_price,
           round((tp.new_price / nullif(tp.old_price, 0) - 1) * 100, 1)
      FROM per_type pt
      JOIN polka.price_types t ON t.id = pt.price_type_id
      LEFT JOIN top tp ON tp.price_type_id = pt.price_type_id
      LEFT JOIN polka.products pr ON pr.id = tp.product_id
     ORDER BY t.code, abs(tp.new_price - coalesce(tp.old_price, 0)) DESC NULLS LAST
$$;
GRANT EXECUTE ON FUNCTION polka.price_set_preview(bigint,date,jsonb,integer,bigint) TO polka_user;

-- price_for(agreement, products, date) is the only way anything prices an order line: the
-- price of the agreement's price type on the date less the agreement's discount, or a
-- promotion's price when lower, with where it came from. Products without a price come back
-- with price NULL and origin 'no price'; an agreement not in force on that date (first and
-- last day inclusive) is refused.
CREATE OR REPLACE FUNCTION polka.price_for(p_agreement bigint, p_products bigint[], p_on date)
RETURNS TABLE (product_id bigint, price numeric, price_type_code text, base_price numeric,
               discount_percent numeric, promotion_code text, origin text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a polka.agreements;
    t polka.price_types;
BEGIN
    SELECT * INTO a FROM polka.agreements WHERE id = p_agreement;
    IF NOT FOUND THEN PERFORM polka.not_found('agreement', p_agreement); END IF;
    IF a.status <> 'active' OR p_on < a.valid_from OR p_on > coalesce(a.valid_to, p_on) THEN
        RAISE EXCEPTION 'agreement % is not in force on %', a.code, p_on
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO t FROM polka.price_types WHERE id = a.price_type_id;
    RETURN QUERY
    WITH RECURSIVE lines AS (
        SELECT u.pid, u.n, pr.price AS base, pr.valid_from AS since, pd.category_id,
               round(pr.price * (1 - a.discount_percent / 100), 2) AS regular
          FROM unnest(p_products) WITH ORDINALITY AS u(pid, n)
          LEFT JOIN polka.products pd ON pd.id = u.pid
          LEFT JOIN LATERAL (SELECT p.price, p.valid_from FROM polka.prices p
                              WHERE p.price_type_id = a.price_type_id AND p.product_id = u.pid
                                AND p.valid_from <= p_on
                              ORDER BY p.valid_from DESC LIMIT 1) pr ON true
    ),
    -- Each priced line's category and the categories above it, with how far up.
    up(n, category_id, d) AS (
        SELECT l.n, l.category_id, 0 FROM lines l WHERE l.regular IS NOT NULL AND l.category_id IS NOT NULL
        UNION ALL
        SELECT up.n, c.parent_id, up.d + 1 FROM up JOIN polka.categories c ON c.id = up.category_id
         WHERE c.parent_id IS NOT NULL
    ),
    -- Promotions in force for this agreement on p_on.
    promos AS (
        SELECT m.id, m.code FROM polka.promotions m
          JOIN polka.promotion_agreements pa ON pa.promotion_id = m.id AND pa.agreement_id = a.id
         WHERE m.status IN ('approved', 'ended_early') AND p_on BETWEEN m.valid_from AND m.valid_to
           AND (m.ended_on IS NULL OR p_on < m.ended_on)
    ),
    -- The rules of those promotions that match a line: by product (rank 0), by a category up
    -- the tree (rank 1, nearest first), promotion-wide (rank 2).
    matches AS (
        SELECT l.n, m.id AS promo, m.code, r.percent, r.fixed_price, 0 AS rank, 0 AS d
          FROM lines l JOIN polka.promotion_rules r ON r.product_id = l.pid
          JOIN promos m ON m.id = r.promotion_id
         WHERE l.regular IS NOT NULL
        UNION ALL
        SELECT up.n, m.id, m.code, r.percent, r.fixed_price, 1, up.d
          FROM up JOIN polka.promotion_rules r ON r.category_id = up.category_id AND r.product_id IS NULL
          JOIN promos m ON m.id = r.promotion_id
        UNION ALL
        SELECT l.n, m.id, m.code, r.percent, r.fixed_price, 2, 0
          FROM lines l CROSS JOIN promos m
          JOIN polka.promotion_rules r ON r.promotion_id = m.id AND r.category_id IS NULL AND r.product_id IS NULL
         WHERE l.regular IS NOT NULL
    ),
    -- Each promotion's price for each line: its most specific rule.
    offers AS (
        SELECT DISTINCT ON (x.n, x.promo) x.n, x.code,
               coalesce(x.fixed_price, round(l.regular * (1 - x.percent / 100), 2)) AS price
          FROM matches x JOIN lines l ON l.n = x.n
         ORDER BY x.n, x.promo, x.rank, x.d
    ),
    best AS (
        SELECT DISTINCT ON (o.n) o.n, o.code, o.price FROM offers o ORDER BY o.n, o.price, o.code
    )
    SELECT l.pid,
           CASE WHEN b.price < l.regular THEN b.price ELSE l.regular END,
           t.code, l.base, a.discount_percent,
           CASE WHEN b.price < l.regular THEN b.code END,
           CASE WHEN l.base IS NULL THEN 'no price'
                ELSE format('%s from %s', t.code, l.since)
                     || CASE WHEN a.discount_percent <> 0
                             THEN format(', agreement %s %s%%', a.code, -a.discount_percent) ELSE '' END
                     || CASE WHEN b.price < l.regular THEN format(', promotion %s', b.code) ELSE '' END
           END
      FROM lines l
      LEFT JOIN best b ON b.n = l.n
     ORDER BY l.n;
END
$$;
GRANT EXECUTE ON FUNCTION polka.price_for(bigint,bigint[],date) TO polka_user;

-- May the logged-in person change prices of a type of this kind (and client)?
CREATE OR REPLACE FUNCTION polka.price_type_rights_check(p_kind text, p_client bigint) RETURNS void
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

-- One business action: prices of a type from a day, and every type computed from it
-- recalculated. A day before the business day is the head's alone, with a reason kept on the
-- rows; a price already set for that very day is replaced (the old row goes to the audit
-- trail). Returns how many computed prices changed.
CREATE OR REPLACE FUNCTION polka.price_set(p_type bigint, p_on date, p_prices jsonb, p_version int DEFAULT NULL,
                                           p_reason text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.price_types;
BEGIN
    SELECT * INTO t FROM polka.price_types WHERE id = p_type FOR UPDATE; -- one editor at a time
    IF NOT FOUND THEN PERFORM polka.not_found('price type', p_type); END IF;
    PERFORM polka.price_type_rights_check(t.kind, t.client_id);
    IF p_version IS NOT NULL AND p_version <> t.version THEN
        RAISE EXCEPTION 'price type % was changed by someone else; reload it', t.code USING ERRCODE = 'PLK01';
    END IF;
    IF p_on IS NULL THEN
        RAISE EXCEPTION 'a price needs the date it is valid from' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_on < polka.business_day() AND NOT polka.has_role('head') THEN
        RAISE EXCEPTION 'prices before the business day (%) are changed only by the head', polka.business_day()
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_on < polka.business_day() AND coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'a price before the business day needs the reason it is changed'
            USING ERRCODE = 'invalid_parameter_value';
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
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, reason)
    SELECT p_type, (e.key)::bigint, p_on, (e.value #>> '{}')::numeric, nullif(btrim(p_reason), '')
      FROM jsonb_each(p_prices) e
    ON CONFLICT (price_type_id, product_id, valid_from)
    DO UPDATE SET price = EXCLUDED.price, computed = false, set_by = EXCLUDED.set_by, reason = EXCLUDED.reason
    WHERE (prices.price, prices.computed) IS DISTINCT FROM (EXCLUDED.price, false);
    UPDATE polka.price_types SET version = version + 1 WHERE id = p_type;
    RETURN polka.price_recalc_apply(p_type, p_on);
END
$$;
GRANT EXECUTE ON FUNCTION polka.price_set(bigint,date,jsonb,integer,text) TO polka_user;

-- A price type as a document: the head and its rules (with labels for the screens).
CREATE OR REPLACE FUNCTION polka.price_type_get(p_id bigint) RETURNS jsonb
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
GRANT EXECUTE ON FUNCTION polka.price_type_get(bigint) TO polka_user;

-- Writes a price type document (no recalculation): the common part of price_type_save and
-- price_type_preview. Returns the id.
CREATE OR REPLACE FUNCTION polka.price_type_write(doc jsonb) RETURNS bigint
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
        IF NOT FOUND THEN PERFORM polka.not_found('price type', tid); END IF;
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

-- The day a type's save recalculates from: the document's 'recalc_on', by default the business
-- day, never before it (the past is not rewritten).
CREATE OR REPLACE FUNCTION polka.price_recalc_day(doc jsonb) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d date := coalesce((polka.doc_text(doc, 'recalc_on'))::date, polka.business_day());
BEGIN
    IF d < polka.business_day() THEN
        RAISE EXCEPTION 'prices are recalculated from the business day (%) on, not from %', polka.business_day(), d
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN d;
END
$$;

-- One business action: save a price type with its rules and recalculate, from the document's
-- 'recalc_on' date (default today), the type and every type computed from it; and again on every
-- later day the source already has prices from (a change scheduled ahead), so that those are
-- computed with the new rules too. Returns the id.
CREATE OR REPLACE FUNCTION polka.price_type_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tid bigint;
    src bigint;
    from_day date := polka.price_recalc_day(doc);
    later date;
BEGIN
    tid := polka.price_type_write(doc);
    SELECT source_id INTO src FROM polka.price_types WHERE id = tid;
    IF src IS NOT NULL THEN
        PERFORM polka.price_recalc_apply(src, from_day, tid);
        FOR later IN SELECT DISTINCT p.valid_from FROM polka.prices p
                      WHERE p.price_type_id = src AND p.valid_from > from_day ORDER BY 1 LOOP
            PERFORM polka.price_recalc_apply(src, later, tid);
        END LOOP;
    END IF;
    RETURN tid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.price_type_save(jsonb) TO polka_user;

-- What saving this document would recalculate (the shape of price_set_preview): the same
-- write, then the same plan, then everything undone. The preview is what the save does.
CREATE OR REPLACE FUNCTION polka.price_type_preview(doc jsonb, p_top int DEFAULT 10)
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
              FROM polka.price_set_preview(src, polka.price_recalc_day(doc), '{}', p_top, tid) x;
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
GRANT EXECUTE ON FUNCTION polka.price_type_preview(jsonb,integer) TO polka_user;

-- The price types, with their source, client and sizes.
CREATE OR REPLACE FUNCTION polka.price_type_list()
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
GRANT EXECUTE ON FUNCTION polka.price_type_list() TO polka_user;

-- The price editor's rows: products matching q (code prefix or name words) with the price on
-- p_on, since when, whether computed, who set it, and the next change after p_on if any.
CREATE OR REPLACE FUNCTION polka.price_list(p_type bigint, p_on date, q text, lim int)
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
GRANT EXECUTE ON FUNCTION polka.price_list(bigint,date,text,integer) TO polka_user;

-- A product's price history in a type, newest first.
CREATE OR REPLACE FUNCTION polka.price_history(p_type bigint, p_product bigint)
RETURNS TABLE (valid_from date, price numeric, computed boolean, set_by text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT p.valid_from, p.price, p.computed, p.set_by FROM polka.prices p
     WHERE p.price_type_id = p_type AND p.product_id = p_product
     ORDER BY p.valid_from DESC
$$;
GRANT EXECUTE ON FUNCTION polka.price_history(bigint,bigint) TO polka_user;

-- The rule editor's tree: every category in tree order with its depth, the type's own rule
-- on it, and the percent that applies there (its own, else the nearest one up, else the
-- type's default, else 0) with where that comes from.
CREATE OR REPLACE FUNCTION polka.price_rule_tree(p_type bigint)
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
GRANT EXECUTE ON FUNCTION polka.price_rule_tree(bigint) TO polka_user;

-- The client's assortment is replaced by this list of products. Returns its size.
CREATE OR REPLACE FUNCTION polka.assortment_set(p_client bigint, p_products bigint[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.client_rights_check(p_client);
    PERFORM FROM polka.partners WHERE id = p_client FOR NO KEY UPDATE; -- (not FOR UPDATE: rows referring to it stay insertable)
    IF NOT FOUND THEN PERFORM polka.not_found('client', p_client); END IF;
    DELETE FROM polka.assortment WHERE client_id = p_client AND product_id <> ALL (coalesce(p_products, '{}'));
    INSERT INTO polka.assortment (client_id, product_id)
    SELECT DISTINCT p_client, u FROM unnest(p_products) u WHERE u IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN (SELECT count(*) FROM polka.assortment WHERE client_id = p_client);
END
$$;
GRANT EXECUTE ON FUNCTION polka.assortment_set(bigint,bigint[]) TO polka_user;

-- Products added to and removed from the client's assortment. Returns its size.
CREATE OR REPLACE FUNCTION polka.assortment_change(p_client bigint, p_add bigint[], p_remove bigint[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.client_rights_check(p_client);
    PERFORM FROM polka.partners WHERE id = p_client FOR NO KEY UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('client', p_client); END IF;
    DELETE FROM polka.assortment WHERE client_id = p_client AND product_id = ANY (coalesce(p_remove, '{}'));
    INSERT INTO polka.assortment (client_id, product_id)
    SELECT DISTINCT p_client, u FROM unnest(p_add) u WHERE u IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN (SELECT count(*) FROM polka.assortment WHERE client_id = p_client);
END
$$;
GRANT EXECUTE ON FUNCTION polka.assortment_change(bigint,bigint[],bigint[]) TO polka_user;

