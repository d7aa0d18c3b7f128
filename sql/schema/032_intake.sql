-- 032: order intake from every channel but the phone (issue 18): the EDI providers' folders,
-- the files exchanged through them, the orders that came in (EDI, the client's Excel file)
-- with their lines and problems, and the chains' codes mapped to ours once and remembered.
--
-- An incoming order is received, checked against the database (who the buyer is by its GLN,
-- which delivery point, which products by GTIN, our code or the buyer's article, prices under
-- the client's agreement on the requested day, the assortment, whole packs, the point's
-- delivery days) and becomes an order through the phone's own save (polka.order_save) when
-- nothing needs a person; else it waits in the intake queue "needing attention" with its
-- problems, until an operator fixes them (a code mapped once is remembered for the next
-- message) and accepts it, or refuses it with a reason. The functions in functions/intake.sql.

SET LOCAL ROLE polka_owner;

-- The EDI providers (Kontur.EDI, E-COM, СБИС ...): each has a folder it puts the chains'
-- messages into and one it takes ours from (`polka edi poll` reads and writes them).
CREATE TABLE polka.edi_providers (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text NOT NULL CONSTRAINT edi_providers_code_key UNIQUE
            CONSTRAINT edi_providers_code_valid CHECK (code ~ '^[a-z0-9_-]{1,20}$'),
    name    text NOT NULL CONSTRAINT edi_providers_name_valid CHECK (polka.text_ok(name, 200) AND btrim(name) <> ''),
    in_dir  text NOT NULL CONSTRAINT edi_providers_in_dir_valid CHECK (polka.text_ok(in_dir, 1000) AND in_dir ~ '^/'),
    out_dir text NOT NULL CONSTRAINT edi_providers_out_dir_valid CHECK (polka.text_ok(out_dir, 1000) AND out_dir ~ '^/'),
    active  boolean NOT NULL DEFAULT true,
    CONSTRAINT edi_providers_dirs_differ CHECK (in_dir <> out_dir)
);
SELECT polka.rls_protect('edi_providers'), polka.rls_read_all('edi_providers');
SELECT polka.audit_attach('edi_providers');

-- Every file that came through a provider's folder or went out to it: what it was, what
-- became of it and why. A file that came twice (the same bytes) is recorded once.
CREATE TABLE polka.edi_files (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id bigint NOT NULL REFERENCES polka.edi_providers,
    direction   text NOT NULL CONSTRAINT edi_files_direction_valid CHECK (direction IN ('in', 'out')),
    name        text NOT NULL CONSTRAINT edi_files_name_valid CHECK (polka.text_ok(name, 255) AND name !~ '/'),
    sha256      text NOT NULL CONSTRAINT edi_files_sha256_valid CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    bytes       bigint NOT NULL CONSTRAINT edi_files_bytes_valid CHECK (bytes >= 0),
    -- ORDERS, RECADV (in); ORDRSP, DESADV, APERAK, CONTRL (out); NULL when it could not be read
    kind        text CONSTRAINT edi_files_kind_valid CHECK (kind ~ '^[A-Z]{6}$'),
    messages    integer NOT NULL DEFAULT 0 CONSTRAINT edi_files_messages_valid CHECK (messages >= 0),
    state       text NOT NULL CONSTRAINT edi_files_state_valid CHECK (state IN ('done', 'partly', 'failed')),
    error       text CONSTRAINT edi_files_error_valid CHECK (polka.text_ok(error, 2000)),
    at          timestamptz NOT NULL DEFAULT now(),
    by_user     text NOT NULL DEFAULT session_user,
    CONSTRAINT edi_files_error_given CHECK ((state = 'done') = (error IS NULL)),
    CONSTRAINT edi_files_sha256_key UNIQUE (provider_id, direction, sha256)
);
CREATE INDEX edi_files_at_idx ON polka.edi_files (at);
SELECT polka.rls_protect('edi_files'), polka.rls_read_all('edi_files');
COMMENT ON TABLE polka.edi_files IS 'audit: exempt: a log, written once per file; each row says who and when';

-- A chain's codes mapped to ours, chosen once by an operator and used for every later message:
-- a buyer's GLN means a client; a delivery point's GLN (when the point's own is not set or
-- differs) a point of that client; a product's code in the client's messages (a GTIN that is
-- not ours, a case's GTIN, the buyer's article number) one of our products.
CREATE TABLE polka.intake_codes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text NOT NULL CONSTRAINT intake_codes_kind_valid CHECK (kind IN ('buyer', 'point', 'product')),
    -- buyer: the client the GLN means; point, product: the client whose code it is
    client_id  bigint NOT NULL REFERENCES polka.partners,
    code       text NOT NULL CONSTRAINT intake_codes_code_valid CHECK (polka.text_ok(code, 35) AND btrim(code) <> ''),
    point_id   bigint REFERENCES polka.delivery_points,
    product_id bigint REFERENCES polka.products,
    made_by    text NOT NULL DEFAULT session_user,
    made_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT intake_codes_target_given CHECK (
        (kind = 'point') = (point_id IS NOT NULL) AND (kind = 'product') = (product_id IS NOT NULL)),
    CONSTRAINT intake_codes_buyer_gln CHECK (kind <> 'buyer' OR polka.gs1_valid(code) AND length(code) = 13),
    CONSTRAINT intake_codes_key UNIQUE (kind, client_id, code)
);
-- A GLN means one buyer.
CREATE UNIQUE INDEX intake_codes_buyer_key ON polka.intake_codes (code) WHERE kind = 'buyer';
SELECT polka.rls_protect('intake_codes');
CREATE POLICY read_with_partner ON polka.intake_codes FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.intake_codes TO polka_user;
SELECT polka.audit_attach('intake_codes');

-- An order that came in by EDI (an ORDERS message) or in the client's Excel file. Once per
-- sender and document number: the same message received again is this one, not another.
CREATE TABLE polka.intake_orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel     text NOT NULL CONSTRAINT intake_orders_channel_valid CHECK (channel IN ('edi', 'excel')),
    file_id     bigint REFERENCES polka.edi_files,
    file_name   text CONSTRAINT intake_orders_file_name_valid CHECK (polka.text_ok(file_name, 255)),
    -- edi: the interchange's sender (a GLN); excel: the client's code
    sender      text NOT NULL CONSTRAINT intake_orders_sender_valid CHECK (polka.text_ok(sender, 35) AND btrim(sender) <> ''),
    number      text NOT NULL CONSTRAINT intake_orders_number_valid CHECK (polka.text_ok(number, 35) AND btrim(number) <> ''),
    doc_date    date,
    message_ref text CONSTRAINT intake_orders_message_ref_valid CHECK (polka.text_ok(message_ref, 35)),
    -- the message's directory (D96A, D01B)
    directory   text CONSTRAINT intake_orders_directory_valid CHECK (polka.text_ok(directory, 10)),
    -- what the message said: the GLNs of the buyer, the delivery point, the supplier
    buyer_gln    text CONSTRAINT intake_orders_buyer_gln_valid CHECK (polka.text_ok(buyer_gln, 35)),
    point_gln    text CONSTRAINT intake_orders_point_gln_valid CHECK (polka.text_ok(point_gln, 35)),
    supplier_gln text CONSTRAINT intake_orders_supplier_gln_valid CHECK (polka.text_ok(supplier_gln, 35)),
    requested_on date,
    promo       boolean NOT NULL DEFAULT false,
    -- what it means to us (resolved, or chosen by the operator)
    client_id   bigint REFERENCES polka.partners,
    point_id    bigint REFERENCES polka.delivery_points,
    ship_on     date,
    state       text NOT NULL DEFAULT 'received'
                CONSTRAINT intake_orders_state_valid CHECK (state IN ('received', 'accepted', 'attention', 'refused')),
    -- what needs a person, as codes the screens word (code set intake_problem): the header's
    -- (buyer, point, date, agreement) and its lines' (intake_lines.problem)
    problems    text[] NOT NULL DEFAULT '{}',
    refusal     text CONSTRAINT intake_orders_refusal_valid CHECK (polka.text_ok(refusal, 1000)),
    order_id    bigint REFERENCES polka.orders CONSTRAINT intake_orders_order_key UNIQUE,
    received_at timestamptz NOT NULL DEFAULT now(),
    received_by text NOT NULL DEFAULT session_user,
    decided_at  timestamptz,
    decided_by  text,
    lines       integer NOT NULL DEFAULT 0 CONSTRAINT intake_orders_lines_valid CHECK (lines >= 0),
    version     integer NOT NULL DEFAULT 1,
    CONSTRAINT intake_orders_doc_key UNIQUE (channel, sender, number),
    CONSTRAINT intake_orders_refusal_given CHECK ((state = 'refused') = (refusal IS NOT NULL)),
    CONSTRAINT intake_orders_order_given CHECK ((state = 'accepted') = (order_id IS NOT NULL)),
    CONSTRAINT intake_orders_decided_given CHECK ((decided_at IS NULL) = (decided_by IS NULL))
);
CREATE INDEX intake_orders_state_idx ON polka.intake_orders (state, received_at);
CREATE INDEX intake_orders_client_idx ON polka.intake_orders (client_id);
CREATE INDEX intake_orders_file_idx ON polka.intake_orders (file_id);
SELECT polka.rls_protect('intake_orders');
-- Whoever sees every client sees the queue, the buyer unknown too; a manager his clients'.
CREATE POLICY read_with_partner ON polka.intake_orders FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.intake_orders TO polka_user;
SELECT polka.audit_attach('intake_orders');

-- Its lines as the message said them, with what they mean to us (the product, our price on
-- the day) and the line's problem (intake_problem's codes).
CREATE TABLE polka.intake_lines (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    intake_id   bigint NOT NULL REFERENCES polka.intake_orders ON DELETE CASCADE,
    n           integer NOT NULL CONSTRAINT intake_lines_n_valid CHECK (n > 0),
    gtin        text CONSTRAINT intake_lines_gtin_valid CHECK (polka.text_ok(gtin, 35)),
    code        text CONSTRAINT intake_lines_code_valid CHECK (polka.text_ok(code, 35)),
    article     text CONSTRAINT intake_lines_article_valid CHECK (polka.text_ok(article, 35)),
    name        text CONSTRAINT intake_lines_name_valid CHECK (polka.text_ok(name, 300)),
    qty         numeric(14, 3) NOT NULL,
    unit        text CONSTRAINT intake_lines_unit_valid CHECK (polka.text_ok(unit, 10)),
    buyer_price numeric(14, 2) CONSTRAINT intake_lines_buyer_price_valid CHECK (buyer_price >= 0),
    promo       boolean NOT NULL DEFAULT false,
    segment     integer CONSTRAINT intake_lines_segment_valid CHECK (segment > 0),
    product_id  bigint REFERENCES polka.products,
    order_qty   numeric(14, 3),
    price       numeric(14, 2),
    problem     text CONSTRAINT intake_lines_problem_valid
                CHECK (problem IN ('product', 'inactive', 'twice', 'qty', 'pack', 'no_price', 'assortment', 'price')),
    CONSTRAINT intake_lines_n_key UNIQUE (intake_id, n),
    CONSTRAINT intake_lines_code_given CHECK (num_nonnulls(gtin, code, article) > 0)
);
SELECT polka.rls_protect('intake_lines');
CREATE POLICY read_with_intake ON polka.intake_lines FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR intake_id IN (SELECT o.id FROM polka.intake_orders o));
GRANT SELECT ON polka.intake_lines TO polka_user;
COMMENT ON TABLE polka.intake_lines IS 'audit: exempt: what the message said, written once; what they mean to us follows the audited mappings (intake_codes)';
