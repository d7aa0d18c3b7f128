-- 031: a claim satisfied by a discount (issue 17): the discount document, per sales document
-- the claim concerns, lowers what the client still owes on it (never below what is paid: money
-- paid back is the accountants' refund, not a discount), numbered per year without gaps like
-- the УПД and the УКД (S2026000001), and goes to accounting with the finance export. The
-- function in functions/claim_analysis.sql (polka.claim_discount).

SET LOCAL ROLE polka_owner;

ALTER TABLE polka.doc_counters DROP CONSTRAINT doc_counters_kind_valid,
    ADD CONSTRAINT doc_counters_kind_valid CHECK (kind IN ('upd', 'tn', 'ukd', 'discount'));

CREATE TABLE polka.discounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year        smallint NOT NULL,
    seq         integer NOT NULL CONSTRAINT discounts_seq_valid CHECK (seq > 0),
    code        text NOT NULL GENERATED ALWAYS AS
                    ('S' || year::text || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END) STORED,
    doc_date    date NOT NULL,
    claim_id    bigint NOT NULL REFERENCES polka.claims,
    document_id bigint NOT NULL REFERENCES polka.documents,
    client_id   bigint NOT NULL REFERENCES polka.partners,
    amount      numeric(14, 2) NOT NULL CONSTRAINT discounts_amount_valid CHECK (amount > 0),
    made_by     text NOT NULL DEFAULT session_user,
    made_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT discounts_number_key UNIQUE (year, seq),
    CONSTRAINT discounts_year_valid CHECK (year = extract(year FROM doc_date)),
    -- A claim's discount on a document, once.
    CONSTRAINT discounts_document_key UNIQUE (claim_id, document_id)
);
CREATE UNIQUE INDEX discounts_code_key ON polka.discounts (code);
CREATE INDEX discounts_client_idx ON polka.discounts (client_id, doc_date);
CREATE INDEX discounts_document_idx ON polka.discounts (document_id);
SELECT polka.rls_protect('discounts');
CREATE POLICY read_with_partner ON polka.discounts FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.discounts TO polka_user;
SELECT polka.audit_attach('discounts');

-- The finance export's queue carries discounts made.
ALTER TABLE polka.finance_changes ADD COLUMN discount_id bigint REFERENCES polka.discounts;
ALTER TABLE polka.finance_changes DROP CONSTRAINT finance_changes_kind_valid,
    DROP CONSTRAINT finance_changes_refs_valid, DROP CONSTRAINT finance_changes_once;
ALTER TABLE polka.finance_changes
    ADD CONSTRAINT finance_changes_kind_valid
        CHECK (kind IN ('document_made', 'document_cancelled', 'payment_received', 'payment_allocated',
                        'correction_made', 'correction_reversed', 'discount_made')),
    ADD CONSTRAINT finance_changes_refs_valid CHECK ((kind LIKE 'document%') = (document_id IS NOT NULL)
                                                     AND (kind LIKE 'payment%') = (payment_id IS NOT NULL)
                                                     AND (kind = 'payment_allocated') = (allocation_id IS NOT NULL)
                                                     AND (kind LIKE 'correction%') = (correction_id IS NOT NULL)
                                                     AND (kind = 'discount_made') = (discount_id IS NOT NULL)
                                                     AND (client_id IS NULL OR kind = 'payment_received')),
    ADD CONSTRAINT finance_changes_once
        UNIQUE NULLS NOT DISTINCT (kind, document_id, payment_id, allocation_id, correction_id, discount_id);
CREATE INDEX finance_changes_discount_idx ON polka.finance_changes (discount_id) WHERE discount_id IS NOT NULL;
CREATE TRIGGER discounts_finance_made AFTER INSERT ON polka.discounts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.finance_changes_queue();
