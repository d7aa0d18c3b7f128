-- 021: a trip's documents (issue 15): a sales document per shipping order in the shape of the
-- Russian УПД (status 1: invoice and waybill) with its lines by batch, and a consignment note
-- (транспортная накладная) per trip; numbers per kind and year without gaps; a receivable per
-- sales document; the storno of a shipment in the ledger. The functions in
-- functions/trip_documents.sql.

SET LOCAL ROLE polka_owner;

-- The desk's trips gain a column (their live documents): functions/wms.sql makes it again.
DROP FUNCTION IF EXISTS polka.waybill_trips(bigint, date);

-- Storno: a shipment taken back while the truck has not left (the head's cancellation of a
-- document). The goods are on the truck's pallets still: back on hand, held for the order.
ALTER TABLE polka.stock_moves DROP CONSTRAINT stock_moves_kind_valid,
    DROP CONSTRAINT stock_moves_sign_valid, DROP CONSTRAINT stock_moves_order_given;
ALTER TABLE polka.stock_moves
    ADD CONSTRAINT stock_moves_kind_valid
        CHECK (kind IN ('receipt', 'reservation', 'release', 'shipment', 'storno', 'return', 'write_off', 'count')),
    ADD CONSTRAINT stock_moves_sign_valid CHECK (CASE kind WHEN 'receipt' THEN qty > 0
                                                           WHEN 'reservation' THEN qty > 0
                                                           WHEN 'release' THEN qty < 0
                                                           WHEN 'shipment' THEN qty < 0
                                                           WHEN 'storno' THEN qty > 0
                                                           WHEN 'return' THEN qty > 0
                                                           WHEN 'write_off' THEN qty < 0
                                                           ELSE qty <> 0 END),
    ADD CONSTRAINT stock_moves_order_given
        CHECK ((kind IN ('reservation', 'release', 'shipment', 'storno')) = (order_id IS NOT NULL));

-- A trip's number past Р99999 keeps all its digits (lpad alone would cut Р100000 to Р10000).
ALTER TABLE polka.trips ALTER COLUMN number
    SET DEFAULT 'Р' || regexp_replace(lpad(nextval('polka.trip_number_seq')::text, 20, '0'), '^0{0,15}', '');

-- The last number given per kind of document and year: a row locked by the transaction that
-- takes numbers, so a number is used when that transaction commits and never otherwise (a
-- sequence would leave gaps on every rollback).
CREATE TABLE polka.doc_counters (
    kind text NOT NULL CONSTRAINT doc_counters_kind_valid CHECK (kind IN ('upd', 'tn')),
    year smallint NOT NULL CONSTRAINT doc_counters_year_valid CHECK (year BETWEEN 2000 AND 2999),
    last integer NOT NULL CONSTRAINT doc_counters_last_valid CHECK (last >= 0),
    CONSTRAINT doc_counters_pkey PRIMARY KEY (kind, year)
);
SELECT polka.rls_protect('doc_counters');
COMMENT ON TABLE polka.doc_counters IS
    'audit: exempt: each number it gives is a document, which is its trail';

-- upd: a shipping order's sales document (УПД), its lines below; tn: the trip's consignment
-- note, whose content is the trip's live sales documents. code: the identity printed as a
-- barcode (U2026000123: kind, year, number in six digits or more), scanned at the return desk.
CREATE TABLE polka.documents (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind              text NOT NULL CONSTRAINT documents_kind_valid CHECK (kind IN ('upd', 'tn')),
    year              smallint NOT NULL,
    seq               integer NOT NULL CONSTRAINT documents_seq_valid CHECK (seq > 0),
    code              text NOT NULL GENERATED ALWAYS AS
                          (CASE kind WHEN 'upd' THEN 'U' ELSE 'T' END || year::text
                           || CASE WHEN seq < 1000000 THEN lpad(seq::text, 6, '0') ELSE seq::text END) STORED,
    doc_date          date NOT NULL,
    trip_id           bigint NOT NULL REFERENCES polka.trips,
    shipping_order_id bigint REFERENCES polka.shipping_orders,
    order_id          bigint REFERENCES polka.orders,
    client_id         bigint REFERENCES polka.partners,
    point_id          bigint REFERENCES polka.delivery_points,
    lines             integer NOT NULL DEFAULT 0 CONSTRAINT documents_lines_valid CHECK (lines >= 0),
    amount            numeric(14, 2) NOT NULL DEFAULT 0 CONSTRAINT documents_amount_valid CHECK (amount >= 0),
    vat_amount        numeric(14, 2) NOT NULL DEFAULT 0
                      CONSTRAINT documents_vat_amount_valid CHECK (vat_amount >= 0 AND vat_amount <= amount),
    weight_kg         numeric(14, 3) NOT NULL DEFAULT 0 CONSTRAINT documents_weight_valid CHECK (weight_kg >= 0),
    pallets           integer NOT NULL DEFAULT 0 CONSTRAINT documents_pallets_valid CHECK (pallets >= 0),
    made_by           text NOT NULL DEFAULT session_user,
    made_at           timestamptz NOT NULL DEFAULT now(),
    cancelled_at      timestamptz,
    cancelled_by      text,
    cancel_reason     text CONSTRAINT documents_cancel_reason_valid CHECK (polka.text_ok(cancel_reason, 500)),
    CONSTRAINT documents_number_key UNIQUE (kind, year, seq),
    CONSTRAINT documents_year_valid CHECK (year = extract(year FROM doc_date)),
    CONSTRAINT documents_upd_of_order CHECK ((kind = 'upd') = (shipping_order_id IS NOT NULL)
                                             AND (kind = 'upd') = (order_id IS NOT NULL)
                                             AND (kind = 'upd') = (client_id IS NOT NULL)),
    CONSTRAINT documents_cancel_given CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL)
                                             AND (cancelled_at IS NULL) = (cancelled_by IS NULL))
);
CREATE UNIQUE INDEX documents_code_key ON polka.documents (code);
-- One live sales document per shipping order, one live consignment note per trip.
CREATE UNIQUE INDEX documents_live_upd_key ON polka.documents (shipping_order_id)
    WHERE kind = 'upd' AND cancelled_at IS NULL;
CREATE UNIQUE INDEX documents_live_tn_key ON polka.documents (trip_id) WHERE kind = 'tn' AND cancelled_at IS NULL;
CREATE INDEX documents_trip_idx ON polka.documents (trip_id);
CREATE INDEX documents_client_idx ON polka.documents (client_id, doc_date);
CREATE INDEX documents_date_idx ON polka.documents (doc_date);

-- A sales document's lines: per order line and batch picked, the quantity from the picking
-- facts, the price and VAT rate from the order line (prices include VAT, as on the order).
CREATE TABLE polka.document_lines (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id   bigint NOT NULL REFERENCES polka.documents,
    n             integer NOT NULL CONSTRAINT document_lines_n_valid CHECK (n > 0),
    order_line_id bigint NOT NULL REFERENCES polka.order_lines,
    product_id    bigint NOT NULL REFERENCES polka.products,
    batch_id      bigint NOT NULL REFERENCES polka.stock_batches,
    qty           numeric(14, 3) NOT NULL CONSTRAINT document_lines_qty_valid CHECK (qty > 0),
    price         numeric(14, 2) NOT NULL CONSTRAINT document_lines_price_valid CHECK (price > 0),
    vat_rate      numeric(5, 2) NOT NULL CONSTRAINT document_lines_vat_rate_valid CHECK (vat_rate >= 0),
    amount        numeric(14, 2) NOT NULL,
    vat_amount    numeric(14, 2) NOT NULL,
    CONSTRAINT document_lines_n_key UNIQUE (document_id, n),
    CONSTRAINT document_lines_batch_key UNIQUE (document_id, order_line_id, batch_id)
);
CREATE INDEX document_lines_product_idx ON polka.document_lines (product_id);
CREATE INDEX document_lines_batch_idx ON polka.document_lines (batch_id);
CREATE INDEX document_lines_order_line_idx ON polka.document_lines (order_line_id);

-- The receivable a sales document makes (the demo's older receivables have none).
ALTER TABLE polka.receivables ADD COLUMN document_id bigint REFERENCES polka.documents
    CONSTRAINT receivables_document_key UNIQUE;

-- A document is visible with its client, a consignment note with one of its trip's orders;
-- its lines with it. As schema 017's order policies: sub-selects the planner hashes once per
-- statement (and none for who sees every client), not a probe per row.
SELECT polka.rls_protect('documents'), polka.rls_protect('document_lines');
CREATE POLICY read_with_partner ON polka.documents FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p)
           OR client_id IS NULL AND trip_id IN (SELECT s.trip_id FROM polka.shipping_orders s
                                                  JOIN polka.orders o ON o.id = s.order_id));
CREATE POLICY read_with_document ON polka.document_lines FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR document_id IN (SELECT d.id FROM polka.documents d));
GRANT SELECT ON polka.documents, polka.document_lines TO polka_user;
SELECT polka.audit_attach('documents');
COMMENT ON TABLE polka.document_lines IS
    'audit: exempt: written once with their document (whose trail says who made it) and never changed';
