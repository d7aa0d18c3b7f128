-- 028: the finance export (issue 16, part 5): shipped documents, payments and corrections
-- written for the accounting system as an XML file in the shape of 1C's EnterpriseData
-- (src/formats/polka-finance-1.xsd; README "The finance export"), incrementally.
-- The functions in functions/finance.sql.
--
-- Why a change queue and not a watermark of ids or times: an id or a timestamp is given before
-- its transaction commits, so a transaction committing after a later one's would sit below a
-- watermark already passed and never be exported. Here a trigger writes a change row in the
-- same transaction as the change itself (a document made or cancelled, a payment received or
-- allocated), and an export claims every change row it can see unclaimed (export_id). A row
-- of a transaction still running is not visible and so not claimed: it stays for the next
-- export, whenever its transaction commits. An export's file is written in the transaction
-- that claims, which commits only after the file is renamed into place: a failed write claims
-- nothing. Exports lock finance_exports one at a time, so their ids follow their commits, and what an
-- export says of an object is what the exports up to it claimed (re-writable exactly).

SET LOCAL ROLE polka_owner;

-- An export written: its number (the file's MessageNo, without gaps: a rolled-back export gives
-- its number back), the day a re-export started from (NULL: only what was new), the file.
CREATE TABLE polka.finance_exports (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number    integer NOT NULL CONSTRAINT finance_exports_number_valid CHECK (number > 0)
              CONSTRAINT finance_exports_number_key UNIQUE,
    since     date,
    file_name text NOT NULL CONSTRAINT finance_exports_file_name_valid CHECK (polka.text_ok(file_name, 1000)),
    made_by   text NOT NULL DEFAULT session_user,
    made_at   timestamptz NOT NULL DEFAULT now()
);
SELECT polka.rls_protect('finance_exports');
CREATE POLICY read_finance ON polka.finance_exports FOR SELECT TO polka_user USING ((SELECT polka.finance_may_export()));
GRANT SELECT ON polka.finance_exports TO polka_user;
COMMENT ON TABLE polka.finance_exports IS
    'audit: exempt: written once per export and never changed; it is the trail of exports';

-- What changed for the accounting system, written by the triggers below in the changing
-- transaction; export_id: the export that claimed it (NULL: not exported yet). client_id: a
-- payment's client when it was received (a payment of an unknown payer gets its client when a
-- person allocates it: that allocation is a change of its own).
CREATE TABLE polka.finance_changes (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL CONSTRAINT finance_changes_kind_valid
                  CHECK (kind IN ('document_made', 'document_cancelled', 'payment_received', 'payment_allocated',
                                  'correction_made', 'correction_reversed')),
    document_id   bigint REFERENCES polka.documents,
    payment_id    bigint REFERENCES polka.payments,
    allocation_id bigint REFERENCES polka.payment_allocations,
    correction_id bigint REFERENCES polka.corrections,
    client_id     bigint REFERENCES polka.partners,
    at            timestamptz NOT NULL DEFAULT now(),
    export_id     bigint REFERENCES polka.finance_exports,
    CONSTRAINT finance_changes_refs_valid CHECK ((kind LIKE 'document%') = (document_id IS NOT NULL)
                                                 AND (kind LIKE 'payment%') = (payment_id IS NOT NULL)
                                                 AND (kind = 'payment_allocated') = (allocation_id IS NOT NULL)
                                                 AND (kind LIKE 'correction%') = (correction_id IS NOT NULL)
                                                 AND (client_id IS NULL OR kind = 'payment_received')),
    -- Each event happens once.
    CONSTRAINT finance_changes_once UNIQUE NULLS NOT DISTINCT (kind, document_id, payment_id, allocation_id, correction_id)
);
CREATE INDEX finance_changes_unclaimed_idx ON polka.finance_changes (id) WHERE export_id IS NULL;
CREATE INDEX finance_changes_export_idx ON polka.finance_changes (export_id);
CREATE INDEX finance_changes_document_idx ON polka.finance_changes (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX finance_changes_payment_idx ON polka.finance_changes (payment_id) WHERE payment_id IS NOT NULL;
SELECT polka.rls_protect('finance_changes');
CREATE POLICY read_finance ON polka.finance_changes FOR SELECT TO polka_user USING ((SELECT polka.finance_may_export()));
GRANT SELECT ON polka.finance_changes TO polka_user;
COMMENT ON TABLE polka.finance_changes IS
    'audit: exempt: a queue written by triggers beside the change it records; the export that claims a row is its trail';

-- The changes, in the changing transaction (the trigger function in functions/finance.sql).
CREATE TRIGGER documents_finance_made AFTER INSERT ON polka.documents
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.finance_changes_queue();
CREATE TRIGGER documents_finance_cancelled AFTER UPDATE OF cancelled_at ON polka.documents
    FOR EACH ROW WHEN (OLD.cancelled_at IS NULL AND NEW.cancelled_at IS NOT NULL AND NEW.kind = 'upd')
    EXECUTE FUNCTION polka.finance_changes_queue();
CREATE TRIGGER payments_finance_received AFTER INSERT ON polka.payments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.finance_changes_queue();
CREATE TRIGGER payment_allocations_finance AFTER INSERT ON polka.payment_allocations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.finance_changes_queue();
CREATE TRIGGER corrections_finance_made AFTER INSERT ON polka.corrections
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.finance_changes_queue();
CREATE TRIGGER corrections_finance_reversed AFTER UPDATE OF reversed_at ON polka.corrections
    FOR EACH ROW WHEN (OLD.reversed_at IS NULL AND NEW.reversed_at IS NOT NULL)
    EXECUTE FUNCTION polka.finance_changes_queue();
CREATE INDEX finance_changes_correction_idx ON polka.finance_changes (correction_id) WHERE correction_id IS NOT NULL;

-- What a database has already: every sales document, cancellation, payment, allocation,
-- correction and reversal is a change the first export takes (a payment's client as it is now).
INSERT INTO polka.finance_changes (kind, document_id, at)
SELECT 'document_made', d.id, d.made_at FROM polka.documents d WHERE d.kind = 'upd' ORDER BY d.id;
INSERT INTO polka.finance_changes (kind, document_id, at)
SELECT 'document_cancelled', d.id, d.cancelled_at FROM polka.documents d
 WHERE d.kind = 'upd' AND d.cancelled_at IS NOT NULL ORDER BY d.id;
INSERT INTO polka.finance_changes (kind, payment_id, client_id, at)
SELECT 'payment_received', p.id, p.client_id, i.imported_at
  FROM polka.payments p JOIN polka.bank_imports i ON i.id = p.import_id ORDER BY p.id;
INSERT INTO polka.finance_changes (kind, payment_id, allocation_id, at)
SELECT 'payment_allocated', a.payment_id, a.id, a.at FROM polka.payment_allocations a ORDER BY a.id;
INSERT INTO polka.finance_changes (kind, correction_id, at)
SELECT 'correction_made', k.id, k.made_at FROM polka.corrections k ORDER BY k.id;
INSERT INTO polka.finance_changes (kind, correction_id, at)
SELECT 'correction_reversed', k.id, k.reversed_at FROM polka.corrections k WHERE k.reversed_at IS NOT NULL ORDER BY k.id;
