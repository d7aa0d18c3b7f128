-- 010: promotions (акции) and the one price function, price_for (issue 4, third part).
--
-- A promotion has a period (first and last day inclusive, in the business's calendar: dates,
-- not timestamps), a list of agreements and rules: a percent off per product, per category
-- (with its sub-categories) or for everything, or a fixed price for a product. Statuses: draft
-- -> on approval -> approved (or back to draft) -> ended early. "Active" and "ended" are not
-- stored: an approved promotion is active on the days of its period. Only approved promotions
-- change prices. Approving and ending early are the head's right, grantable as the role
-- promo_approver.
--
-- Overlap: when several promotions (or none) apply to a line, the lowest price for the client
-- wins: price_for takes the minimum of the agreement's price and every promotion price.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'promo_approver') THEN
        CREATE ROLE promo_approver NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;
COMMENT ON ROLE promo_approver IS 'Polka right: approve promotions and end them early (like the head)';

-- The right can be granted to people like the other roles.
GRANT CREATE ON SCHEMA polka TO polka_people_admin;
SET LOCAL ROLE polka_people_admin;
CREATE OR REPLACE FUNCTION polka.grantable_roles() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{operator,waybill_clerk,manager,quality,planner,head,admin,all_clients,promo_approver}'::text[];
RESET ROLE;
REVOKE CREATE ON SCHEMA polka FROM polka_people_admin;

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.promotions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL CONSTRAINT promotions_code_key UNIQUE
                CONSTRAINT promotions_code_valid CHECK (code ~ '^[0-9A-Za-z_/-]{1,30}$'),
    name        text NOT NULL CONSTRAINT promotions_name_valid CHECK (polka.text_ok(name, 200)),
    valid_from  date NOT NULL,
    valid_to    date NOT NULL,
    status      text NOT NULL DEFAULT 'draft'
                CONSTRAINT promotions_status_valid
                CHECK (status IN ('draft', 'on_approval', 'approved', 'ended_early')),
    ended_on    date, -- ended early: the promotion no longer applies from this day on
    approved_by text,
    version     integer NOT NULL DEFAULT 1,
    CONSTRAINT promotions_dates_valid CHECK (valid_to >= valid_from),
    CONSTRAINT promotions_ended_valid CHECK ((status = 'ended_early') = (ended_on IS NOT NULL)
                                             AND (ended_on IS NULL OR ended_on BETWEEN valid_from AND valid_to))
);

CREATE TABLE polka.promotion_agreements (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    promotion_id bigint NOT NULL REFERENCES polka.promotions ON DELETE CASCADE,
    agreement_id bigint NOT NULL REFERENCES polka.agreements,
    CONSTRAINT promotion_agreements_key UNIQUE (promotion_id, agreement_id)
);
CREATE INDEX promotion_agreements_agreement_idx ON polka.promotion_agreements (agreement_id);

CREATE TABLE polka.promotion_rules (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    promotion_id bigint NOT NULL REFERENCES polka.promotions ON DELETE CASCADE,
    category_id  bigint REFERENCES polka.categories,
    product_id   bigint REFERENCES polka.products,
    percent      numeric(5, 2) CONSTRAINT promotion_rules_percent_valid CHECK (percent > 0 AND percent < 100),
    fixed_price  numeric(14, 2) CONSTRAINT promotion_rules_fixed_valid CHECK (fixed_price > 0),
    CONSTRAINT promotion_rules_one_target CHECK (category_id IS NULL OR product_id IS NULL),
    CONSTRAINT promotion_rules_one_value CHECK ((percent IS NULL) <> (fixed_price IS NULL)),
    CONSTRAINT promotion_rules_fixed_for_product CHECK (fixed_price IS NULL OR product_id IS NOT NULL)
);
CREATE INDEX promotion_rules_promotion_idx ON polka.promotion_rules (promotion_id);

SELECT polka.rls_protect(t), polka.rls_read_all(t), polka.audit_attach(t)
  FROM unnest(ARRAY['promotions', 'promotion_agreements', 'promotion_rules']) AS t;

-- Status changes, one function: who may do which is decided here.
--   draft -> on_approval        managers, the head, admins
--   on_approval -> approved     the head or promo_approver (not on a closed agreement)
--   on_approval -> draft        the head or promo_approver (sent back)
--   approved -> ended_early     the head or promo_approver, from p_on (within the period)
CREATE FUNCTION polka.promotion_set_status(p_id bigint, p_status text, p_on date DEFAULT current_date)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pr polka.promotions;
    approver boolean := polka.has_role('head') OR polka.has_role('promo_approver');
BEGIN
    SELECT * INTO pr FROM polka.promotions WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'promotion % not found', p_id USING ERRCODE = 'no_data_found';
    END IF;
    IF (pr.status, p_status) = ('draft', 'on_approval') THEN
        IF NOT (polka.has_role('manager') OR polka.has_role('head') OR polka.has_role('admin')) THEN
            RAISE EXCEPTION 'only managers send promotions for approval' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT EXISTS (SELECT FROM polka.promotion_rules WHERE promotion_id = p_id)
           OR NOT EXISTS (SELECT FROM polka.promotion_agreements WHERE promotion_id = p_id) THEN
            RAISE EXCEPTION 'promotion % needs rules and agreements first', pr.code
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions SET status = p_status, version = version + 1 WHERE id = p_id;
    ELSIF (pr.status, p_status) IN (('on_approval', 'approved'), ('on_approval', 'draft')) THEN
        IF NOT approver THEN
            RAISE EXCEPTION 'only the head approves promotions' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_status = 'approved' AND EXISTS (
            SELECT FROM polka.promotion_agreements pa JOIN polka.agreements a ON a.id = pa.agreement_id
             WHERE pa.promotion_id = p_id AND (a.status = 'closed' OR a.valid_to < pr.valid_from)) THEN
            RAISE EXCEPTION 'promotion % names an agreement that is closed or over', pr.code
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions
           SET status = p_status, approved_by = CASE WHEN p_status = 'approved' THEN session_user END,
               version = version + 1
         WHERE id = p_id;
    ELSIF (pr.status, p_status) = ('approved', 'ended_early') THEN
        IF NOT approver THEN
            RAISE EXCEPTION 'only the head ends promotions early' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_on IS NULL OR p_on < pr.valid_from OR p_on > pr.valid_to THEN
            RAISE EXCEPTION 'a promotion ends early within its period (% to %)', pr.valid_from, pr.valid_to
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions SET status = p_status, ended_on = p_on, version = version + 1 WHERE id = p_id;
    ELSE
        RAISE EXCEPTION 'a promotion cannot go from % to %', pr.status, p_status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

-- price_for(agreement, products, date) is the only way anything prices an order line: the
-- price of the agreement's price type on the date less the agreement's discount, or a
-- promotion's price when lower, with where it came from. Products without a price come back
-- with price NULL and origin 'no price'; an agreement not in force on that date (first and
-- last day inclusive) is refused.
CREATE FUNCTION polka.price_for(p_agreement bigint, p_products bigint[], p_on date)
RETURNS TABLE (product_id bigint, price numeric, price_type_code text, base_price numeric,
               discount_percent numeric, promotion_code text, origin text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a polka.agreements;
    t polka.price_types;
BEGIN
    SELECT * INTO a FROM polka.agreements WHERE id = p_agreement;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'agreement % not found', p_agreement USING ERRCODE = 'no_data_found';
    END IF;
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

GRANT EXECUTE ON FUNCTION polka.price_for(bigint, bigint[], date),
    polka.promotion_set_status(bigint, text, date) TO polka_user;
