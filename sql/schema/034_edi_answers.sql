-- 034: what Polka answers a chain by EDI (issue 18): the order response (ORDRSP) once an
-- incoming order is confirmed (order_confirmations.sent_at, schema 018) or refused
-- (intake_orders.answered_at), the despatch advice (DESADV) once a sales document's truck left
-- (documents.desadv_at), with a pallet's SSCC of our own when the warehouse gave none; and the
-- receiving advice (RECADV) a chain sends back, once per sender and number. The functions in
-- functions/edi_out.sql; the files go out through the provider's outbound folder (`polka edi
-- poll`), recorded in edi_files.

SET LOCAL ROLE polka_owner;

ALTER TABLE polka.intake_orders ADD COLUMN answered_at timestamptz;
ALTER TABLE polka.documents ADD COLUMN desadv_at timestamptz;
-- Our pallets' serial numbers (SSCC: extension 0, our GS1 company prefix, this serial).
CREATE SEQUENCE polka.sscc_seq;
GRANT USAGE ON SEQUENCE polka.sscc_seq TO polka_user;

-- A RECADV received: which document it corrected (or why not).
CREATE TABLE polka.edi_receipts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_id     bigint REFERENCES polka.edi_files,
    sender      text NOT NULL CONSTRAINT edi_receipts_sender_valid CHECK (polka.text_ok(sender, 35) AND btrim(sender) <> ''),
    number      text NOT NULL CONSTRAINT edi_receipts_number_valid CHECK (polka.text_ok(number, 35) AND btrim(number) <> ''),
    document_id bigint REFERENCES polka.documents,
    correction_id bigint REFERENCES polka.corrections,
    outcome     text NOT NULL CONSTRAINT edi_receipts_outcome_valid CHECK (outcome IN ('corrected', 'as_shipped', 'refused')),
    error       text CONSTRAINT edi_receipts_error_valid CHECK (polka.text_ok(error, 2000)),
    at          timestamptz NOT NULL DEFAULT now(),
    by_user     text NOT NULL DEFAULT session_user,
    CONSTRAINT edi_receipts_key UNIQUE (sender, number),
    CONSTRAINT edi_receipts_error_given CHECK ((outcome = 'refused') = (error IS NOT NULL)),
    CONSTRAINT edi_receipts_correction_given CHECK ((outcome = 'corrected') = (correction_id IS NOT NULL))
);
SELECT polka.rls_protect('edi_receipts');
CREATE POLICY read_with_document ON polka.edi_receipts FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR document_id IN (SELECT d.id FROM polka.documents d));
GRANT SELECT ON polka.edi_receipts TO polka_user;
COMMENT ON TABLE polka.edi_receipts IS 'audit: exempt: a log, written once per message; each row says who and when';
