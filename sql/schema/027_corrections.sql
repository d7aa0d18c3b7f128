-- 027: corrections (issue 16, вычерки): the goods a client refused on delivery struck off a
-- shipped sales document. One transaction makes the correction document (shaped as the
-- Russian УКД, numbered per year without gaps like the УПД), the warehouse's return receipt
-- (the refused goods back on hand by batch, or back and written off where the reason says
-- so: stock movements that name the correction) and the receivable lowered (payments already
-- allocated beyond what is now owed are released back to their payments). The head reverses
-- a correction with a reason. The functions in functions/corrections.sql.

SET LOCAL ROLE polka_owner;

ALTER TABLE polka.doc_counters DROP CONSTRAINT doc_counters_kind_valid,
    ADD CONSTRAINT doc_counters_kind_valid CHECK (kind IN ('upd', 'tn', 'ukd'));

-- A correction of a sales document: its totals before and after (prices include VAT, as on the
-- document); the lines changed below. code: K2026000001 (kind, year, number in six digits or
-- more). source: who gave the quantities (the desk; later an EDI RECADV, a claim). released:
-- what of the payments allocated to the receivable went back to them.
CREATE TABLE polka.corrections (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year           smallint NOT NULL,
    seq            integer NOT NULL CONSTRAINT corrections_seq_valid CHECK (seq > 0),
    code           text NOT NULL GENERATED ALWAYS AS
                       ('K' || year::text || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END) STORED,
    doc_date       date NOT NULL,
    document_id    bigint NOT NULL REFERENCES polka.documents,
    client_id      bigint NOT NULL REFERENCES polka.partners,
    source         text NOT NULL DEFAULT 'desk' CONSTRAINT corrections_source_valid
                   CHECK (source IN ('desk', 'recadv', 'claim')),
    lines          integer NOT NULL CONSTRAINT corrections_lines_valid CHECK (lines > 0),
    amount_before  numeric(14, 2) NOT NULL,
    amount_after   numeric(14, 2) NOT NULL,
    vat_before     numeric(14, 2) NOT NULL,
    vat_after      numeric(14, 2) NOT NULL,
    released       numeric(14, 2) NOT NULL DEFAULT 0 CONSTRAINT corrections_released_valid CHECK (released >= 0),
    made_by        text NOT NULL DEFAULT session_user,
    made_at        timestamptz NOT NULL DEFAULT now(),
    reversed_at    timestamptz,
    reversed_by    text,
    reverse_reason text CONSTRAINT corrections_reverse_reason_valid
                   CHECK (polka.text_ok(reverse_reason, 500) AND btrim(reverse_reason) <> ''),
    CONSTRAINT corrections_number_key UNIQUE (year, seq),
    CONSTRAINT corrections_year_valid CHECK (year = extract(year FROM doc_date)),
    -- A correction lowers: what is refused is struck off, nothing is added.
    CONSTRAINT corrections_amounts_valid CHECK (amount_after >= 0 AND amount_after <= amount_before
                                                AND vat_after >= 0 AND vat_after <= amount_after
                                                AND vat_before <= amount_before AND released <= amount_before - amount_after),
    CONSTRAINT corrections_reverse_given CHECK ((reversed_at IS NULL) = (reversed_by IS NULL)
                                                AND (reversed_at IS NULL) = (reverse_reason IS NULL))
);
CREATE UNIQUE INDEX corrections_code_key ON polka.corrections (code);
-- One live correction per document (a second is refused: the head reverses the first).
CREATE UNIQUE INDEX corrections_live_key ON polka.corrections (document_id) WHERE reversed_at IS NULL;
CREATE INDEX corrections_client_idx ON polka.corrections (client_id, doc_date);
CREATE INDEX corrections_date_idx ON polka.corrections (doc_date);

-- A line struck: a document line's quantity before and what the client accepted, with the
-- reason, and where the refused goods went (back to stock, or back and written off).
CREATE TABLE polka.correction_lines (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    correction_id    bigint NOT NULL REFERENCES polka.corrections,
    n                integer NOT NULL CONSTRAINT correction_lines_n_valid CHECK (n > 0),
    document_line_id bigint NOT NULL REFERENCES polka.document_lines,
    product_id       bigint NOT NULL REFERENCES polka.products,
    batch_id         bigint NOT NULL REFERENCES polka.stock_batches,
    qty_before       numeric(14, 3) NOT NULL,
    qty_after        numeric(14, 3) NOT NULL,
    price            numeric(14, 2) NOT NULL CONSTRAINT correction_lines_price_valid CHECK (price > 0),
    vat_rate         numeric(5, 2) NOT NULL CONSTRAINT correction_lines_vat_rate_valid CHECK (vat_rate >= 0),
    amount_before    numeric(14, 2) NOT NULL,
    amount_after     numeric(14, 2) NOT NULL,
    vat_before       numeric(14, 2) NOT NULL,
    vat_after        numeric(14, 2) NOT NULL,
    reason           text NOT NULL CONSTRAINT correction_lines_reason_valid
                     CHECK (reason IN ('damaged', 'expired', 'not_ordered', 'price', 'surplus')),
    disposition      text NOT NULL CONSTRAINT correction_lines_disposition_valid CHECK (disposition IN ('stock', 'write_off')),
    CONSTRAINT correction_lines_n_key UNIQUE (correction_id, n),
    CONSTRAINT correction_lines_line_key UNIQUE (correction_id, document_line_id),
    CONSTRAINT correction_lines_qty_valid CHECK (qty_after >= 0 AND qty_after < qty_before),
    CONSTRAINT correction_lines_amounts_valid CHECK (amount_after >= 0 AND amount_after <= amount_before
                                                     AND vat_after >= 0 AND vat_after <= vat_before)
);
CREATE INDEX correction_lines_batch_idx ON polka.correction_lines (batch_id);
CREATE INDEX correction_lines_document_line_idx ON polka.correction_lines (document_line_id);

SELECT polka.rls_protect('corrections'), polka.rls_protect('correction_lines');
CREATE POLICY read_with_partner ON polka.corrections FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p));
CREATE POLICY read_with_correction ON polka.correction_lines FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR correction_id IN (SELECT c.id FROM polka.corrections c));
GRANT SELECT ON polka.corrections, polka.correction_lines TO polka_user;
SELECT polka.audit_attach('corrections');
COMMENT ON TABLE polka.correction_lines IS
    'audit: exempt: written once with their correction (whose trail says who made it) and never changed';

-- The return receipt in the ledger: a correction's goods back (return), written off (write_off)
-- and, when the head reverses it, the same taken back (reversal: the mirror of each, either
-- sign); each names its correction.
ALTER TABLE polka.stock_moves ADD COLUMN correction_id bigint REFERENCES polka.corrections;
ALTER TABLE polka.stock_moves DROP CONSTRAINT stock_moves_kind_valid, DROP CONSTRAINT stock_moves_sign_valid;
ALTER TABLE polka.stock_moves
    ADD CONSTRAINT stock_moves_kind_valid
        CHECK (kind IN ('receipt', 'reservation', 'release', 'shipment', 'storno', 'return', 'write_off', 'count',
                        'reversal')),
    ADD CONSTRAINT stock_moves_sign_valid CHECK (CASE kind WHEN 'receipt' THEN qty > 0
                                                           WHEN 'reservation' THEN qty > 0
                                                           WHEN 'release' THEN qty < 0
                                                           WHEN 'shipment' THEN qty < 0
                                                           WHEN 'storno' THEN qty > 0
                                                           WHEN 'return' THEN qty > 0
                                                           WHEN 'write_off' THEN qty < 0
                                                           ELSE qty <> 0 END),
    ADD CONSTRAINT stock_moves_reversal_of_correction CHECK (kind <> 'reversal' OR correction_id IS NOT NULL);
CREATE INDEX stock_moves_correction_idx ON polka.stock_moves (correction_id) WHERE correction_id IS NOT NULL;

-- A receivable lowered to nothing (the client refused everything) stays, owing 0.
ALTER TABLE polka.receivables DROP CONSTRAINT receivables_amount_valid,
    ADD CONSTRAINT receivables_amount_valid CHECK (amount >= 0);

-- What a correction releases of a payment's allocation to the receivable it lowered: a row
-- with a negative amount, naming the correction (the payment has that much to allocate again).
ALTER TABLE polka.payment_allocations ADD COLUMN correction_id bigint REFERENCES polka.corrections;
ALTER TABLE polka.payment_allocations DROP CONSTRAINT payment_allocations_amount_valid,
    DROP CONSTRAINT payment_allocations_how_valid;
ALTER TABLE polka.payment_allocations
    ADD CONSTRAINT payment_allocations_how_valid CHECK (how IN ('auto', 'manual', 'correction')),
    ADD CONSTRAINT payment_allocations_amount_valid
        CHECK (CASE how WHEN 'correction' THEN amount < 0 ELSE amount > 0 END),
    ADD CONSTRAINT payment_allocations_correction_given CHECK ((how = 'correction') = (correction_id IS NOT NULL));
