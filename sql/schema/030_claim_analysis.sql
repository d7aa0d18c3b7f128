-- 030: claims, the rest of issue 17: what a claim concerns (the shipped documents, their lines
-- and batches, quantities and amounts), its files and photos (stored here with their checksum,
-- size and type), the quality analysis (causes as a tree, corrective actions), the decision
-- (satisfied in full or in part, rejected: when and by whom), the corrections a claim makes
-- (schema 027's, source 'claim') and the knowledge base (articles by kind and cause, searched in
-- Russian full text with ё and е alike). The functions in functions/claims.sql and
-- functions/kb.sql.

SET LOCAL ROLE polka_owner;

-- Causes, as a tree: a group (a department's usual faults) and its causes. department: the one
-- usually at fault, proposed when the cause is chosen.
CREATE TABLE polka.claim_causes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id  bigint REFERENCES polka.claim_causes,
    code       text NOT NULL CONSTRAINT claim_causes_code_valid CHECK (code ~ '^[a-z0-9_]{1,40}$')
               CONSTRAINT claim_causes_code_key UNIQUE,
    name       text NOT NULL CONSTRAINT claim_causes_name_valid CHECK (polka.text_ok(name, 200)),
    department text REFERENCES polka.departments (code),
    CONSTRAINT claim_causes_not_own_parent CHECK (parent_id <> id)
);
INSERT INTO polka.claim_causes (code, name, department) VALUES
    ('product', 'Продукция', 'production'), ('warehouse', 'Склад', 'warehouse'),
    ('logistics', 'Доставка', 'logistics'), ('commerce', 'Цены и документы', 'sales'),
    ('service', 'Обслуживание', 'service');
INSERT INTO polka.claim_causes (parent_id, code, name, department)
SELECT p.id, c.code, c.name, p.department
  FROM (VALUES ('product', 'taste', 'Вкус, запах, консистенция'), ('product', 'foreign_matter', 'Посторонние включения'),
               ('product', 'packaging', 'Нарушена упаковка'), ('product', 'labelling', 'Ошибка маркировки'),
               ('product', 'shelf_life', 'Истёк или мал остаточный срок годности'),
               ('warehouse', 'picking', 'Ошибка комплектации (пересорт, недовложение)'),
               ('warehouse', 'storage_damage', 'Повреждение при хранении'),
               ('logistics', 'late', 'Опоздание доставки'), ('logistics', 'transit_damage', 'Повреждение в пути'),
               ('logistics', 'temperature', 'Нарушен температурный режим'),
               ('commerce', 'price_error', 'Ошибка в цене'), ('commerce', 'document_error', 'Ошибка в документах'),
               ('service', 'manner', 'Грубость, неисполненное обещание'),
               ('service', 'order_error', 'Заказ принят с ошибкой')) c (parent, code, name)
  JOIN polka.claim_causes p ON p.code = c.parent;
CREATE INDEX claim_causes_parent_idx ON polka.claim_causes (parent_id);
SELECT polka.rls_protect('claim_causes'), polka.rls_read_all('claim_causes');
SELECT polka.audit_attach('claim_causes');

-- A claim's cause and its decision: satisfied in full, in part, or rejected (when, by whom; the
-- reason in claims.decision). Rejected claims are closed at once.
ALTER TABLE polka.claims
    ADD COLUMN cause_id bigint REFERENCES polka.claim_causes,
    ADD COLUMN resolution text CONSTRAINT claims_resolution_valid CHECK (resolution IN ('full', 'partial', 'rejected')),
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN decided_by text,
    ADD CONSTRAINT claims_decided_given CHECK ((resolution IS NULL) = (decided_at IS NULL)
                                               AND (resolution IS NULL) = (decided_by IS NULL)),
    ADD CONSTRAINT claims_resolution_status CHECK (CASE status WHEN 'approved' THEN coalesce(resolution IN ('full', 'partial'), false)
                                                              WHEN 'rejected' THEN coalesce(resolution = 'rejected', false)
                                                              WHEN 'open' THEN resolution IS NULL
                                                              ELSE true END);
CREATE INDEX claims_cause_idx ON polka.claims (cause_id);

-- What a claim concerns: a shipped document (of the claim's client; any for a claim against a
-- supplier or carrier: a trigger, functions/claims.sql), and on it a line (its product and
-- batch) with the quantity claimed and the amount; disposition: what becomes of goods coming
-- back (stock: back on hand in their batch; write_off: written off, on site or on return).
CREATE TABLE polka.claim_lines (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id         bigint NOT NULL REFERENCES polka.claims,
    n                smallint NOT NULL CONSTRAINT claim_lines_n_valid CHECK (n BETWEEN 1 AND 500),
    document_id      bigint NOT NULL REFERENCES polka.documents,
    document_line_id bigint REFERENCES polka.document_lines,
    product_id       bigint REFERENCES polka.products,
    batch_id         bigint REFERENCES polka.stock_batches,
    qty              numeric(14, 3) CONSTRAINT claim_lines_qty_valid CHECK (qty > 0),
    amount           numeric(14, 2) CONSTRAINT claim_lines_amount_valid CHECK (amount >= 0),
    disposition      text NOT NULL DEFAULT 'stock'
                     CONSTRAINT claim_lines_disposition_valid CHECK (disposition IN ('stock', 'write_off')),
    CONSTRAINT claim_lines_n_key UNIQUE (claim_id, n),
    CONSTRAINT claim_lines_line_key UNIQUE (claim_id, document_line_id),
    -- A line of a document names its product and batch and is claimed in a quantity; a
    -- document as a whole (late, wrong papers) has neither.
    CONSTRAINT claim_lines_line_given CHECK ((document_line_id IS NULL) = (product_id IS NULL)
                                             AND (document_line_id IS NULL) = (batch_id IS NULL)
                                             AND (document_line_id IS NOT NULL OR qty IS NULL))
);
CREATE INDEX claim_lines_claim_idx ON polka.claim_lines (claim_id);
CREATE INDEX claim_lines_batch_idx ON polka.claim_lines (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX claim_lines_document_idx ON polka.claim_lines (document_id);
SELECT polka.rls_protect('claim_lines');
CREATE POLICY read_with_claim ON polka.claim_lines FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR claim_id IN (SELECT c.id FROM polka.claims c));
GRANT SELECT ON polka.claim_lines TO polka_user;
SELECT polka.audit_attach('claim_lines');
CREATE TRIGGER claim_lines_same_client BEFORE INSERT OR UPDATE OF claim_id, document_id, document_line_id
    ON polka.claim_lines FOR EACH ROW EXECUTE FUNCTION polka.claim_line_check();

-- Corrective actions: what is to be done so that the cause does not come again, by whom
-- (a department, a person), by when; done when and by whom.
CREATE TABLE polka.corrective_actions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id   bigint NOT NULL REFERENCES polka.claims,
    n          smallint NOT NULL CONSTRAINT corrective_actions_n_valid CHECK (n BETWEEN 1 AND 100),
    action     text NOT NULL CONSTRAINT corrective_actions_action_valid CHECK (polka.text_ok(action, 1000)),
    department text REFERENCES polka.departments (code),
    owner_id   bigint REFERENCES polka.people,
    due_on     date,
    done_at    timestamptz,
    done_by    text,
    CONSTRAINT corrective_actions_n_key UNIQUE (claim_id, n),
    CONSTRAINT corrective_actions_done_given CHECK ((done_at IS NULL) = (done_by IS NULL))
);
CREATE INDEX corrective_actions_claim_idx ON polka.corrective_actions (claim_id);
SELECT polka.rls_protect('corrective_actions');
CREATE POLICY read_with_claim ON polka.corrective_actions FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR claim_id IN (SELECT c.id FROM polka.claims c));
GRANT SELECT ON polka.corrective_actions TO polka_user;
SELECT polka.audit_attach('corrective_actions');

-- The knowledge base: articles by claim kind and cause (either may be empty: for every kind,
-- every cause), written from scratch or from a closed claim; tsv: the title (weight A) and the
-- body (B) in the russian text search configuration, ё read as е.
CREATE TABLE polka.kb_articles (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text NOT NULL CONSTRAINT kb_articles_title_valid CHECK (polka.text_ok(title, 200)),
    body       text NOT NULL CONSTRAINT kb_articles_body_valid
               CHECK (length(body) BETWEEN 1 AND 20000 AND body !~ '[\x01-\x09\x0b-\x1f\x7f-\x9f]' AND btrim(body) <> ''),
    kind       text CONSTRAINT kb_articles_kind_valid CHECK (kind IN ('quality', 'shortfall', 'price', 'delivery', 'service')),
    cause_id   bigint REFERENCES polka.claim_causes,
    claim_id   bigint REFERENCES polka.claims,
    written_by text NOT NULL DEFAULT session_user,
    written_at timestamptz NOT NULL DEFAULT now(),
    version    integer NOT NULL DEFAULT 1,
    tsv        tsvector NOT NULL GENERATED ALWAYS AS
                   (setweight(to_tsvector('pg_catalog.russian'::regconfig, translate(title, 'Ёё', 'Ее')), 'A')
                    || setweight(to_tsvector('pg_catalog.russian'::regconfig, translate(body, 'Ёё', 'Ее')), 'B')) STORED
);
CREATE INDEX kb_articles_tsv_idx ON polka.kb_articles USING gin (tsv);
CREATE INDEX kb_articles_kind_idx ON polka.kb_articles (kind, cause_id);
CREATE UNIQUE INDEX kb_articles_claim_key ON polka.kb_articles (claim_id) WHERE claim_id IS NOT NULL;
SELECT polka.rls_protect('kb_articles'), polka.rls_read_all('kb_articles');
SELECT polka.audit_attach('kb_articles');

-- Files and photos of a claim (at a stage) or of an article: the name it had (no folder, no
-- control characters), its type, its size (not empty, at most 10 MiB) and SHA-256 checksum,
-- checked against the bytes. Visible with their claim (a manager: his clients' claims' files).
CREATE TABLE polka.attachments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id   bigint REFERENCES polka.claims,
    article_id bigint REFERENCES polka.kb_articles ON DELETE CASCADE,
    stage_n    smallint,
    name       text NOT NULL CONSTRAINT attachments_name_valid
               CHECK (polka.text_ok(name, 200) AND name !~ '[/\\]' AND name NOT IN ('.', '..') AND name = btrim(name)),
    mime       text NOT NULL CONSTRAINT attachments_mime_valid CHECK (mime ~ '^[a-z]+/[a-z0-9][a-z0-9.+-]{0,80}$'),
    size       integer NOT NULL CONSTRAINT attachments_size_valid CHECK (size BETWEEN 1 AND 10485760),
    sha256     bytea NOT NULL,
    body       bytea NOT NULL,
    added_by   text NOT NULL DEFAULT session_user,
    added_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attachments_owner_given CHECK ((claim_id IS NULL) <> (article_id IS NULL)),
    CONSTRAINT attachments_body_valid CHECK (octet_length(body) = size AND sha256 = pg_catalog.sha256(body))
);
-- Photos and PDFs are compressed already: stored as they are, out of line.
ALTER TABLE polka.attachments ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE INDEX attachments_claim_idx ON polka.attachments (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX attachments_article_idx ON polka.attachments (article_id) WHERE article_id IS NOT NULL;
SELECT polka.rls_protect('attachments');
CREATE POLICY read_with_owner ON polka.attachments FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR article_id IS NOT NULL
           OR claim_id IN (SELECT c.id FROM polka.claims c));
GRANT SELECT ON polka.attachments TO polka_user;
COMMENT ON TABLE polka.attachments IS 'audit: exempt: written once, never changed; each row says who and when';

-- The corrections a claim makes (source 'claim') name it.
ALTER TABLE polka.corrections ADD COLUMN claim_id bigint REFERENCES polka.claims,
    ADD CONSTRAINT corrections_claim_given CHECK ((source = 'claim') = (claim_id IS NOT NULL));
CREATE INDEX corrections_claim_idx ON polka.corrections (claim_id) WHERE claim_id IS NOT NULL;

-- A rejected claim's notice to the client by e-mail (functions/notices.sql sends the outbox).
ALTER TABLE polka.outbox DROP CONSTRAINT outbox_kind_valid,
    ADD CONSTRAINT outbox_kind_valid CHECK (kind IN ('shipment_notice', 'claim_overdue', 'claim_rejected'));
