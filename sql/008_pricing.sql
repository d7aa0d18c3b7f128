-- 008: price types and prices with history; dependent price types computed by rules, and
-- their recalculation (issue 4, first part).
--
-- A price type is a named set of prices per product. Kinds: base (typed by hand), dependent
-- (computed from a source type by rules), individual (one client's: typed by hand, or computed
-- like a dependent one when it has a source). Prices are never overwritten: a change is a row
-- effective from a date; the price on a date is the latest row not after it.
--
-- Rules of a computed type: a percent on (positive) or off (negative) the source price for the
-- whole type, per category (inherited down the category tree, overridable deeper) and per
-- product; the most specific wins: product, then the nearest category up the tree, then the
-- type's default, else 0. Then the type's rounding: to 0.01, 0.10, 1.00, or to the nearest
-- price ending in .90.

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.price_types (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      text NOT NULL CONSTRAINT price_types_code_key UNIQUE
              CONSTRAINT price_types_code_valid CHECK (code ~ '^[0-9A-Za-z_-]{1,30}$'),
    name      text NOT NULL CONSTRAINT price_types_name_valid CHECK (polka.text_ok(name, 200)),
    kind      text NOT NULL CONSTRAINT price_types_kind_valid
              CHECK (kind IN ('base', 'dependent', 'individual')),
    source_id bigint REFERENCES polka.price_types,
    client_id bigint REFERENCES polka.partners,
    rounding  text NOT NULL DEFAULT '0.01'
              CONSTRAINT price_types_rounding_valid CHECK (rounding IN ('0.01', '0.10', '1.00', '0.90')),
    version   integer NOT NULL DEFAULT 1,
    CONSTRAINT price_types_source_by_kind CHECK (
        CASE kind WHEN 'base' THEN source_id IS NULL
                  WHEN 'dependent' THEN source_id IS NOT NULL
                  ELSE true END),
    CONSTRAINT price_types_client_by_kind CHECK ((kind = 'individual') = (client_id IS NOT NULL))
    -- (depending on itself, directly or not: the trigger no_cycle below)
);
CREATE INDEX price_types_source_idx ON polka.price_types (source_id);

CREATE TABLE polka.price_rules (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    price_type_id bigint NOT NULL REFERENCES polka.price_types ON DELETE CASCADE,
    category_id   bigint REFERENCES polka.categories,
    product_id    bigint REFERENCES polka.products,
    percent       numeric(7, 3) NOT NULL
                  CONSTRAINT price_rules_percent_valid CHECK (percent > -100 AND percent <= 1000),
    CONSTRAINT price_rules_one_target CHECK (category_id IS NULL OR product_id IS NULL),
    CONSTRAINT price_rules_key UNIQUE NULLS NOT DISTINCT (price_type_id, category_id, product_id)
);

CREATE TABLE polka.prices (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    price_type_id bigint NOT NULL REFERENCES polka.price_types ON DELETE CASCADE,
    product_id    bigint NOT NULL REFERENCES polka.products,
    valid_from    date NOT NULL,
    price         numeric(14, 2) NOT NULL CONSTRAINT prices_price_positive CHECK (price > 0),
    computed      boolean NOT NULL DEFAULT false, -- by the rules, not typed
    CONSTRAINT prices_key UNIQUE (price_type_id, product_id, valid_from)
);
CREATE INDEX prices_product_idx ON polka.prices (product_id, price_type_id, valid_from);

-- A source chain never comes back to where it started.
CREATE FUNCTION polka.price_types_no_cycle() RETURNS trigger
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
CREATE TRIGGER no_cycle BEFORE INSERT OR UPDATE OF source_id ON polka.price_types
    FOR EACH ROW EXECUTE FUNCTION polka.price_types_no_cycle();

-- The rounding rules. '0.90': the nearest price ending in .90 (at least 0.90).
CREATE FUNCTION polka.price_round(p numeric, rule text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE rule
    WHEN '0.01' THEN round(p, 2)
    WHEN '0.10' THEN round(p, 1)
    WHEN '1.00' THEN round(p, 0)
    WHEN '0.90' THEN greatest(round(p + 0.10, 0) - 0.10, 0.90)
END::numeric(14, 2);

-- The price of every product of a type on a date (the latest row not after it).
CREATE FUNCTION polka.prices_on(p_type bigint, p_on date)
RETURNS TABLE (product_id bigint, price numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT DISTINCT ON (p.product_id) p.product_id, p.price
      FROM polka.prices p
     WHERE p.price_type_id = p_type AND p.valid_from <= p_on
     ORDER BY p.product_id, p.valid_from DESC
$$;

-- What a recalculation of everything computed from p_type (transitively) would make the
-- prices on p_on: one row per computed type and product whose price changes, with the price
-- it has now (NULL: none yet) and the new one. p_changes optionally overrides prices of
-- p_type itself (product_id -> price) as if they were already saved: the preview of an edit.
-- Both the preview and the commit use this function, so the preview is what the commit does.
CREATE FUNCTION polka.price_recalc_plan(p_type bigint, p_on date, p_changes jsonb DEFAULT '{}')
RETURNS TABLE (price_type_id bigint, product_id bigint, old_price numeric, new_price numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
-- Big by nature (types x products): JIT compiling costs more than it saves here, and sorts
-- should stay in memory.
SET jit = off SET work_mem = '64MB' AS $$
    WITH RECURSIVE
    -- Computed types below p_type, with their depth under it.
    below(id, depth) AS (
        SELECT t.id, 1 FROM polka.price_types t WHERE t.source_id = p_type
        UNION ALL
        SELECT t.id, b.depth + 1 FROM below b JOIN polka.price_types t ON t.source_id = b.id
         WHERE b.depth < 100
    ),
    -- Each category with every ancestor (itself included) and how far up it is.
    anc(category_id, ancestor_id, up) AS (
        SELECT c.id, c.id, 0 FROM polka.categories c
        UNION ALL
        SELECT a.category_id, c.parent_id, a.up + 1 FROM anc a JOIN polka.categories c ON c.id = a.ancestor_id
         WHERE c.parent_id IS NOT NULL
    ),
    -- Per computed type and category: the rule of the nearest category up the tree (small:
    -- types x categories), so that the per-product work below is plain hash joins.
    cat_pct(type_id, category_id, percent) AS (
        SELECT DISTINCT ON (r.price_type_id, a.category_id) r.price_type_id, a.category_id, r.percent
          FROM polka.price_rules r
          JOIN below b ON b.id = r.price_type_id
          JOIN anc a ON a.ancestor_id = r.category_id
         ORDER BY r.price_type_id, a.category_id, a.up
    ),
    -- The changed type's prices, edits applied.
    start(product_id, price) AS (
        SELECT coalesce(s.product_id, (c.key)::bigint),
               coalesce((c.value #>> '{}')::numeric, s.price)
          FROM polka.prices_on(p_type, p_on) s
          FULL JOIN jsonb_each(coalesce(p_changes, '{}')) c ON (c.key)::bigint = s.product_id
    ),
    -- Down the tree, one level per step: each computed type from its source's new prices;
    -- the percent is the product's rule, else its category's, else the type's, else 0.
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
    -- The computed types' prices now (the latest row not after p_on).
    cur(type_id, product_id, price) AS (
        SELECT DISTINCT ON (p.price_type_id, p.product_id) p.price_type_id, p.product_id, p.price
          FROM polka.prices p
         WHERE p.price_type_id IN (SELECT id FROM below) AND p.valid_from <= p_on
         ORDER BY p.price_type_id, p.product_id, p.valid_from DESC
    )
    SELECT c.type_id, c.product_id, o.price, c.price
      FROM calc c
      LEFT JOIN cur o ON o.type_id = c.type_id AND o.product_id = c.product_id
     WHERE c.type_id <> p_type AND o.price IS DISTINCT FROM c.price
$$;

-- Applies the plan: new computed price rows effective p_on; a computed row of that very day
-- is updated instead. Returns how many prices changed. (The plan is materialised once, then
-- updated and inserted with plain statements: ON CONFLICT's speculative insertion costs more
-- per row.)
CREATE FUNCTION polka.price_recalc_apply(p_type bigint, p_on date)
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off SET work_mem = '64MB' AS $$
DECLARE
    n bigint;
    m bigint;
BEGIN
    DROP TABLE IF EXISTS pg_temp.price_plan;
    CREATE TEMP TABLE price_plan ON COMMIT DROP AS
        SELECT * FROM polka.price_recalc_plan(p_type, p_on);
    UPDATE polka.prices p SET price = pl.new_price, computed = true
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

-- Who may change prices: managers and admins (operators and clerks may not).
CREATE FUNCTION polka.price_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('manager') OR polka.has_role('admin') OR polka.has_role('head')) THEN
        RAISE EXCEPTION 'only managers, the head and administrators change prices'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- One business action: set prices of a base or individual type from a date (a jsonb object
-- product_id -> price) and recalculate everything computed from it, all in one transaction.
-- Returns how many computed prices changed.
CREATE FUNCTION polka.price_set(p_type bigint, p_on date, p_prices jsonb)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k text;
BEGIN
    PERFORM polka.price_rights_check();
    IF p_on IS NULL THEN
        RAISE EXCEPTION 'a price needs the date it is valid from' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT kind INTO k FROM polka.price_types WHERE id = p_type FOR UPDATE; -- one editor at a time
    IF k IS NULL THEN
        RAISE EXCEPTION 'price type % not found', p_type USING ERRCODE = 'no_data_found';
    END IF;
    IF k = 'dependent' THEN
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
    ON CONFLICT (price_type_id, product_id, valid_from) DO UPDATE SET price = EXCLUDED.price, computed = false;
    UPDATE polka.price_types SET version = version + 1 WHERE id = p_type;
    RETURN polka.price_recalc_apply(p_type, p_on);
END
$$;

-- The preview of such a change: how many prices change in which type, and the largest changes.
CREATE FUNCTION polka.price_set_preview(p_type bigint, p_on date, p_prices jsonb, p_top int DEFAULT 10)
RETURNS TABLE (price_type_code text, changes bigint, product_code text, old_price numeric,
               new_price numeric, change_percent numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH plan AS (SELECT * FROM polka.price_recalc_plan(p_type, p_on, p_prices)),
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

-- The tables join the rest: RLS, audit, reads for everyone.
SELECT polka.rls_protect(t), polka.rls_read_all(t)
  FROM unnest(ARRAY['price_types', 'price_rules', 'prices']) AS t;
SELECT polka.audit_attach('price_types'), polka.audit_attach('price_rules');
-- Prices are history themselves (rows are never overwritten except a computed row of the
-- same day), and recalculations write thousands of them: their trail is the table.

GRANT EXECUTE ON FUNCTION polka.price_round(numeric, text), polka.prices_on(bigint, date),
    polka.price_recalc_plan(bigint, date, jsonb), polka.price_set(bigint, date, jsonb),
    polka.price_set_preview(bigint, date, jsonb, int) TO polka_user;
COMMENT ON TABLE polka.prices IS 'audit: exempt (a price change is a new row: the table is its own history)';
