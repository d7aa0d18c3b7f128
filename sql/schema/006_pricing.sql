-- 006: price types and prices with history; dependent price types computed by rules, and
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
CREATE TRIGGER no_cycle BEFORE INSERT OR UPDATE OF source_id ON polka.price_types
    FOR EACH ROW EXECUTE FUNCTION polka.price_types_no_cycle();

-- The tables join the rest: RLS, audit, reads for everyone.
SELECT polka.rls_protect(t), polka.rls_read_all(t)
  FROM unnest(ARRAY['price_types', 'price_rules', 'prices']) AS t;
SELECT polka.audit_attach('price_types'), polka.audit_attach('price_rules');
-- Prices are history themselves (rows are never overwritten except a computed row of the
-- same day), and recalculations write thousands of them: their trail is the table.

COMMENT ON TABLE polka.prices IS 'audit: exempt (a price change is a new row: the table is its own history)';
