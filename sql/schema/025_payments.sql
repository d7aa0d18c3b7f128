-- 025: customers' payments from bank statements (issue 16): each statement imported once (by
-- the SHA-256 of its period and payments), each payment once however many statements list it, matched to the
-- receivables of the client whose INN paid, by the document numbers the purpose names; what is
-- not matched waits in a queue for a person to allocate or set aside. The functions in
-- functions/payments.sql.

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.bank_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name   text NOT NULL CONSTRAINT bank_imports_file_name_valid CHECK (polka.text_ok(file_name, 255) AND file_name <> ''),
    sha256      text NOT NULL CONSTRAINT bank_imports_sha256_valid CHECK (sha256 ~ '^[0-9a-f]{64}$')
                CONSTRAINT bank_imports_sha256_key UNIQUE,
    date_from   date,
    date_to     date,
    payments    integer NOT NULL CONSTRAINT bank_imports_payments_valid CHECK (payments >= 0),
    imported_by text NOT NULL DEFAULT session_user,
    imported_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bank_imports_period_valid CHECK (date_to >= date_from)
);
SELECT polka.rls_protect('bank_imports');
CREATE POLICY read_all ON polka.bank_imports FOR SELECT TO polka_user USING ((SELECT polka.sees_all_partners()));
GRANT SELECT ON polka.bank_imports TO polka_user;
COMMENT ON TABLE polka.bank_imports IS 'audit: exempt: written once per file and never changed; it is the trail of imports';

-- A payment received: as the bank listed it, the client its payer's INN (and KPP) names, what
-- of it is allocated to receivables, or why it was set aside (an advance, a refund, not a
-- customer's). Listed by two statements (overlapping periods), it is one payment (the key).
CREATE TABLE polka.payments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id     bigint NOT NULL REFERENCES polka.bank_imports,
    number        text NOT NULL CONSTRAINT payments_number_valid CHECK (polka.text_ok(number, 64) AND number <> ''),
    pay_date      date NOT NULL,
    credited_on   date,
    amount        numeric(14, 2) NOT NULL CONSTRAINT payments_amount_valid CHECK (amount > 0),
    payer_name    text NOT NULL DEFAULT '' CONSTRAINT payments_payer_name_valid CHECK (payer_name = '' OR polka.text_ok(payer_name, 500)),
    payer_inn     text CONSTRAINT payments_payer_inn_valid CHECK (polka.inn_valid(payer_inn)),
    payer_kpp     text CONSTRAINT payments_payer_kpp_valid CHECK (payer_kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
    payer_account text NOT NULL DEFAULT '' CONSTRAINT payments_payer_account_valid CHECK (payer_account ~ '^([0-9]{20})?$'),
    purpose       text NOT NULL DEFAULT '' CONSTRAINT payments_purpose_valid CHECK (purpose = '' OR polka.text_ok(purpose, 210)),
    bank_doc_id   text NOT NULL DEFAULT '' CONSTRAINT payments_bank_doc_id_valid CHECK (bank_doc_id = '' OR polka.text_ok(bank_doc_id, 64)),
    doc_refs      text[] NOT NULL DEFAULT '{}',  -- the document numbers the purpose names
    client_id     bigint REFERENCES polka.partners,
    allocated     numeric(14, 2) NOT NULL DEFAULT 0
                  CONSTRAINT payments_allocated_valid CHECK (allocated >= 0 AND allocated <= amount),
    set_aside     text CONSTRAINT payments_set_aside_valid CHECK (polka.text_ok(set_aside, 500) AND btrim(set_aside) <> ''),
    status        text NOT NULL GENERATED ALWAYS AS
                      (CASE WHEN set_aside IS NOT NULL THEN 'set_aside' WHEN allocated = amount THEN 'matched'
                            WHEN allocated > 0 THEN 'partly' ELSE 'unmatched' END) STORED,
    CONSTRAINT payments_key UNIQUE NULLS NOT DISTINCT (pay_date, number, payer_inn, payer_account, amount, bank_doc_id),
    CONSTRAINT payments_aside_unallocated CHECK (set_aside IS NULL OR allocated < amount)
);
CREATE INDEX payments_queue_idx ON polka.payments (pay_date) WHERE set_aside IS NULL AND allocated < amount;
CREATE INDEX payments_client_idx ON polka.payments (client_id);
CREATE INDEX payments_import_idx ON polka.payments (import_id);
-- Seen with its client; one no client is known for, by who sees every client.
SELECT polka.rls_protect('payments');
CREATE POLICY read_with_partner ON polka.payments FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.payments TO polka_user;
SELECT polka.audit_attach('payments');

-- What of a payment went to which receivable, automatically (by the documents its purpose
-- names) or by hand. The payments' allocated and the receivables' paid are their sums
-- (functions/payments.sql keeps them, in the same statement).
CREATE TABLE polka.payment_allocations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id    bigint NOT NULL REFERENCES polka.payments,
    receivable_id bigint NOT NULL REFERENCES polka.receivables,
    amount        numeric(14, 2) NOT NULL CONSTRAINT payment_allocations_amount_valid CHECK (amount > 0),
    how           text NOT NULL CONSTRAINT payment_allocations_how_valid CHECK (how IN ('auto', 'manual')),
    by_user       text NOT NULL DEFAULT session_user,
    at            timestamptz NOT NULL DEFAULT now()
);
-- (A payment may go to a receivable in several rows: a part by hand now, more later.)
CREATE INDEX payment_allocations_payment_idx ON polka.payment_allocations (payment_id);
CREATE INDEX payment_allocations_receivable_idx ON polka.payment_allocations (receivable_id);
SELECT polka.rls_protect('payment_allocations');
CREATE POLICY read_with_payment ON polka.payment_allocations FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR payment_id IN (SELECT p.id FROM polka.payments p));
GRANT SELECT ON polka.payment_allocations TO polka_user;
COMMENT ON TABLE polka.payment_allocations IS
    'audit: exempt: written once and never changed; each row names who allocated and when';
-- The receivables' paid and the payments' allocated kept with their allocations; the
-- allocations append-only (the functions: functions/ledger.sql).
CREATE TRIGGER payment_allocations_apply AFTER INSERT ON polka.payment_allocations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.payment_allocations_apply();
CREATE TRIGGER payment_allocations_frozen BEFORE UPDATE OR DELETE ON polka.payment_allocations
    FOR EACH ROW EXECUTE FUNCTION polka.payment_allocations_frozen();
