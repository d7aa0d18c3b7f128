-- 010: orders (issue 5): the business calendar, the client's debts, orders with their lines,
-- and the functions the phone operator's screen calls.
--
-- An order is saved whole by one function in one transaction, idempotently: the client makes
-- a key (a UUID) for each save it sends; the same key sent again (the answer was lost with the
-- connection) returns the order that key saved and never makes a second one. Prices, VAT and
-- amounts are the database's (price_for on the shipping day), never what the client sent.
-- Prices include VAT; a line's VAT is the part of its amount: amount * rate / (100 + rate).
--
-- Statuses: new -> confirmed / partly_confirmed (allocation, a later issue) -> shipped ->
-- closed, or cancelled with a reason while not shipped. An order is edited while it is new.
--
-- Who takes orders: operators, the head and admins for any client; a manager for his own
-- clients (all of them with all_clients).

SET LOCAL ROLE polka_owner;

-- The business calendar: Saturdays and Sundays are days off, other days working, unless a row
-- here says otherwise (holidays, a working Saturday).
CREATE TABLE polka.calendar (
    day     date PRIMARY KEY,
    working boolean NOT NULL,
    note    text CONSTRAINT calendar_note_valid CHECK (polka.text_ok(note, 200))
);
-- (No audit trail: it keys on an id; a day's row says what it is, and only the head and
-- admins change it through calendar_set.)
SELECT polka.rls_protect('calendar'), polka.rls_read_all('calendar');

-- The least an order under an agreement should come to (a warning, not a refusal).
ALTER TABLE polka.agreements
    ADD COLUMN min_order numeric(14, 2) CONSTRAINT agreements_min_order_valid CHECK (min_order >= 0);

-- What a client owes: one row per sales document, with the day payment is due. (The finance
-- system fills it later; the demo fills it from the order history.)
CREATE TABLE polka.receivables (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id bigint NOT NULL REFERENCES polka.partners,
    doc       text NOT NULL CONSTRAINT receivables_doc_valid CHECK (polka.text_ok(doc, 40)),
    doc_date  date NOT NULL,
    due_on    date NOT NULL,
    amount    numeric(14, 2) NOT NULL CONSTRAINT receivables_amount_valid CHECK (amount > 0),
    paid      numeric(14, 2) NOT NULL DEFAULT 0
              CONSTRAINT receivables_paid_valid CHECK (paid >= 0 AND paid <= amount),
    CONSTRAINT receivables_dates_valid CHECK (due_on >= doc_date)
);
CREATE INDEX receivables_client_idx ON polka.receivables (client_id) WHERE paid < amount;
SELECT polka.rls_protect('receivables');
CREATE POLICY read_with_partner ON polka.receivables FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));
GRANT SELECT ON polka.receivables TO polka_user;
SELECT polka.audit_attach('receivables');

-- Orders -----------------------------------------------------------------------------------

CREATE SEQUENCE polka.order_number_seq;

CREATE TABLE polka.orders (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number        text NOT NULL DEFAULT lpad(nextval('polka.order_number_seq')::text, 7, '0')
                  CONSTRAINT orders_number_key UNIQUE,
    request_key   uuid NOT NULL CONSTRAINT orders_request_key UNIQUE, -- the last save's key
    client_id     bigint NOT NULL REFERENCES polka.partners,
    point_id      bigint REFERENCES polka.delivery_points,
    agreement_id  bigint NOT NULL REFERENCES polka.agreements,
    ship_on       date NOT NULL,
    source        text NOT NULL DEFAULT 'phone'
                  CONSTRAINT orders_source_valid CHECK (source IN ('phone', 'edi', 'excel', 'rep')),
    taken_by      text NOT NULL DEFAULT session_user,
    taken_on      date NOT NULL DEFAULT polka.business_day(),
    comment       text CONSTRAINT orders_comment_valid CHECK (polka.text_ok(comment, 1000)),
    status        text NOT NULL DEFAULT 'new'
                  CONSTRAINT orders_status_valid CHECK (status IN ('new', 'confirmed', 'partly_confirmed',
                                                                   'shipped', 'closed', 'cancelled')),
    cancel_reason text CONSTRAINT orders_cancel_reason_valid CHECK (polka.text_ok(cancel_reason, 500)),
    lines         integer NOT NULL DEFAULT 0,
    amount        numeric(14, 2) NOT NULL DEFAULT 0,
    vat_amount    numeric(14, 2) NOT NULL DEFAULT 0,
    weight_kg     numeric(14, 3) NOT NULL DEFAULT 0,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_cancel_reason_given CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX orders_client_idx ON polka.orders (client_id, taken_on);
CREATE INDEX orders_taken_on_idx ON polka.orders (taken_on);

CREATE TABLE polka.order_lines (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id       bigint NOT NULL REFERENCES polka.orders ON DELETE CASCADE,
    n              integer NOT NULL,
    product_id     bigint NOT NULL REFERENCES polka.products,
    qty            numeric(14, 3) NOT NULL CONSTRAINT order_lines_qty_valid CHECK (qty > 0 AND qty < 1000000),
    price          numeric(14, 2) NOT NULL CONSTRAINT order_lines_price_valid CHECK (price > 0),
    vat_rate       numeric(5, 2) NOT NULL,
    amount         numeric(14, 2) NOT NULL,
    vat_amount     numeric(14, 2) NOT NULL,
    promotion_code text,
    price_origin   text NOT NULL,
    CONSTRAINT order_lines_product_key UNIQUE (order_id, product_id),
    CONSTRAINT order_lines_n_key UNIQUE (order_id, n)
);
CREATE INDEX order_lines_product_idx ON polka.order_lines (product_id);
CREATE TRIGGER order_lines_qty_scale BEFORE INSERT OR UPDATE OF qty, product_id
    ON polka.order_lines FOR EACH ROW EXECUTE FUNCTION polka.check_qty_scale();

SELECT polka.rls_protect('orders'), polka.rls_protect('order_lines');
-- An order is visible with its client; its lines with the order.
CREATE POLICY read_with_partner ON polka.orders FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));
CREATE POLICY read_with_order ON polka.order_lines FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.orders o WHERE o.id = order_id));
GRANT SELECT ON polka.orders, polka.order_lines TO polka_user;
-- The trail: the header (status, cancellation, edits) and the lines (an edit replaces them
-- whole: the deleted and the inserted rows say what changed).
SELECT polka.audit_attach('orders'), polka.audit_attach('order_lines');
