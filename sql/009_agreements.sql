-- 009: agreements (соглашения) and the one price function, price_for (issue 4, second part).
--
-- An agreement fixes the terms of sale: price type, payment (prepayment, credit of N days,
-- stages), delivery lead time, credit limit, a discount (negative: a markup), validity, whether
-- contracts are used, and a status (draft, on approval, active, closed). A typical agreement
-- applies to a segment; an individual one to one client, usually made from a typical one.
--
-- price_for(agreement, products, date) is the only way anything prices an order line: the
-- price of the agreement's price type on the date, the agreement's discount applied, and where
-- it came from. (Promotions will join it here.)

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.agreements (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code             text NOT NULL CONSTRAINT agreements_code_key UNIQUE
                     CONSTRAINT agreements_code_valid CHECK (code ~ '^[0-9A-Za-z_/-]{1,30}$'),
    name             text NOT NULL CONSTRAINT agreements_name_valid CHECK (polka.text_ok(name, 200)),
    kind             text NOT NULL CONSTRAINT agreements_kind_valid CHECK (kind IN ('typical', 'individual')),
    segment          text REFERENCES polka.segments,
    client_id        bigint REFERENCES polka.partners,
    parent_id        bigint REFERENCES polka.agreements,
    price_type_id    bigint NOT NULL REFERENCES polka.price_types,
    payment          text NOT NULL DEFAULT 'credit'
                     CONSTRAINT agreements_payment_valid CHECK (payment IN ('prepayment', 'credit', 'stages')),
    credit_days      integer CONSTRAINT agreements_credit_days_valid CHECK (credit_days BETWEEN 0 AND 365),
    lead_days        integer NOT NULL DEFAULT 1
                     CONSTRAINT agreements_lead_days_valid CHECK (lead_days BETWEEN 0 AND 60),
    credit_limit     numeric(14, 2) CONSTRAINT agreements_credit_limit_valid CHECK (credit_limit >= 0),
    discount_percent numeric(5, 2) NOT NULL DEFAULT 0
                     CONSTRAINT agreements_discount_valid CHECK (discount_percent > -100 AND discount_percent < 100),
    valid_from       date NOT NULL,
    valid_to         date,
    uses_contracts   boolean NOT NULL DEFAULT false,
    status           text NOT NULL DEFAULT 'draft'
                     CONSTRAINT agreements_status_valid CHECK (status IN ('draft', 'on_approval', 'active', 'closed')),
    version          integer NOT NULL DEFAULT 1,
    CONSTRAINT agreements_target_by_kind CHECK (
        CASE kind WHEN 'typical' THEN segment IS NOT NULL AND client_id IS NULL
                  ELSE client_id IS NOT NULL END),
    CONSTRAINT agreements_credit_needs_days CHECK (payment <> 'credit' OR credit_days IS NOT NULL),
    CONSTRAINT agreements_dates_valid CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX agreements_client_idx ON polka.agreements (client_id);

ALTER TABLE polka.agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE polka.agreements FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON polka.agreements TO polka_owner USING (true) WITH CHECK (true);
-- Typical agreements are everyone's; an individual one is visible with its client.
CREATE POLICY read_visible ON polka.agreements FOR SELECT TO polka_user
    USING (client_id IS NULL OR EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));
GRANT SELECT ON polka.agreements TO polka_user;
SELECT polka.audit_attach('agreements');

-- Prices of products under an agreement on a date, with their origin. Products without a
-- price in the agreement's price type come back with price NULL and origin 'no price'. An
-- agreement that is not active on that date (first and last day inclusive) is refused.
CREATE FUNCTION polka.price_for(p_agreement bigint, p_products bigint[], p_on date)
RETURNS TABLE (product_id bigint, price numeric, price_type_code text, base_price numeric,
               discount_percent numeric, origin text)
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
    SELECT u.pid,
           round(pr.price * (1 - a.discount_percent / 100), 2),
           t.code, pr.price, a.discount_percent,
           CASE WHEN pr.price IS NULL THEN 'no price'
                WHEN a.discount_percent = 0 THEN format('%s from %s', t.code, pr.valid_from)
                ELSE format('%s from %s, agreement %s %s%%', t.code, pr.valid_from, a.code,
                            -a.discount_percent) END
      FROM unnest(p_products) WITH ORDINALITY AS u(pid, n)
      LEFT JOIN LATERAL (SELECT p.price, p.valid_from FROM polka.prices p
                          WHERE p.price_type_id = a.price_type_id AND p.product_id = u.pid
                            AND p.valid_from <= p_on
                          ORDER BY p.valid_from DESC LIMIT 1) pr ON true
     ORDER BY u.n;
END
$$;

GRANT EXECUTE ON FUNCTION polka.price_for(bigint, bigint[], date) TO polka_user;
