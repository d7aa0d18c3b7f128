-- 023: printing a trip's documents (issue 15): what was printed, in which form, how many
-- copies and pages, on which printer, the print server's job, by whom and when; a document
-- printed or not; the company's details the forms carry as seller and shipper; a product's
-- declaration of conformity for the quality certificates' reference. The functions in
-- functions/printing.sql.

SET LOCAL ROLE polka_owner;

-- The desk's list of a trip's documents gains a column (printed): functions/trip_documents.sql
-- makes it again.
DROP FUNCTION IF EXISTS polka.trip_documents(bigint);

-- Set when the print server took a job with the document (the first time; a reprint keeps it).
ALTER TABLE polka.documents ADD COLUMN printed_at timestamptz;

-- A product's declaration of conformity (декларация о соответствии ЕАЭС) or certificate.
ALTER TABLE polka.products ADD COLUMN certificate text
    CONSTRAINT products_certificate_valid CHECK (polka.text_ok(certificate, 200));

-- One row per document and form a print server accepted.
CREATE TABLE polka.print_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES polka.documents,
    form        text NOT NULL CONSTRAINT print_log_form_valid
                CHECK (form IN ('upd', 'tn', 'packing_list', 'quality_cert')),
    copies      smallint NOT NULL CONSTRAINT print_log_copies_valid CHECK (copies BETWEEN 1 AND 9),
    pages       integer NOT NULL CONSTRAINT print_log_pages_valid CHECK (pages > 0),
    printer     text NOT NULL CONSTRAINT print_log_printer_valid CHECK (polka.text_ok(printer, 200) AND printer <> ''),
    job         text CONSTRAINT print_log_job_valid CHECK (polka.text_ok(job, 100)),
    reprint     boolean NOT NULL DEFAULT false,
    by_user     text NOT NULL DEFAULT session_user,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX print_log_document_idx ON polka.print_log (document_id);

-- Seen with its document (a manager: his clients' documents' prints).
SELECT polka.rls_protect('print_log');
CREATE POLICY read_with_document ON polka.print_log FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR document_id IN (SELECT d.id FROM polka.documents d));
GRANT SELECT ON polka.print_log TO polka_user;
COMMENT ON TABLE polka.print_log IS 'audit: exempt: it is the trail of printing, written once and never changed';

-- Sales are shipments (functions/reports.sql): an order's live sales document found by its order.
CREATE INDEX documents_order_idx ON polka.documents (order_id) WHERE kind = 'upd' AND cancelled_at IS NULL;
