-- 008: promotions (акции) and the one price function, price_for (issue 4, third part).
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

-- The right promo_approver is a role made in 001 (grantable_roles lists it).

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
