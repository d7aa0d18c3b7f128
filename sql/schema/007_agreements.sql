-- 007: agreements (соглашения) (issue 4, second part).
--
-- An agreement fixes the terms of sale: price type, payment (prepayment, credit of N days,
-- stages), delivery lead time, credit limit, a discount (negative: a markup), validity, whether
-- contracts are used, and a status (draft, on approval, active, closed). A typical agreement
-- applies to a segment; an individual one to one client, usually made from a typical one.
--
-- The one price function under an agreement, price_for, comes with promotions (010).

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

SELECT polka.rls_protect('agreements');
-- Typical agreements are everyone's; an individual one is visible with its client.
CREATE POLICY read_visible ON polka.agreements FOR SELECT TO polka_user
    USING (client_id IS NULL OR EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));
GRANT SELECT ON polka.agreements TO polka_user;
SELECT polka.audit_attach('agreements');
