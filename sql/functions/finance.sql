-- needs schema 026
-- finance.sql: the finance export (issue 16, part 5; schema 028): the change queue's triggers,
-- who exports, an export recorded (finance_export_begin), and what an export writes, as
-- rows the client turns into XML (finance_export_header, finance_export_rows; the format in
-- src/formats/polka-finance-1.xsd and the README, "The finance export").
--
-- Code, not schema: applied again by polka db migrate whenever this file changes. (Applied
-- before schema 028, whose policies and triggers name these functions: plpgsql and SQL bodies
-- are resolved when they run.)

SET LOCAL ROLE polka_owner;

-- Who exports to the accounting system: the head and administrators (there is no accountant
-- role; one would be added here).
CREATE OR REPLACE FUNCTION polka.finance_may_export() RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.has_role('head') OR polka.has_role('admin');
GRANT EXECUTE ON FUNCTION polka.finance_may_export() TO polka_user;

CREATE OR REPLACE FUNCTION polka.finance_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT polka.finance_may_export() THEN
        RAISE EXCEPTION 'only the head and administrators export to the accounting system'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.finance_rights_check() TO polka_user;

-- The change queue's trigger (schema 028): a change row beside each change, in its
-- transaction: sales documents made (a consignment note is no accounting document) and
-- cancelled (a row trigger, on the cancellation only), payments received, allocations made
-- (a correction's release of a payment too), corrections made and reversed (a row trigger),
-- a claim's discounts made (schema 031).
CREATE OR REPLACE FUNCTION polka.finance_changes_queue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_LEVEL = 'ROW' AND TG_TABLE_NAME = 'corrections' THEN
        INSERT INTO polka.finance_changes (kind, correction_id) VALUES ('correction_reversed', NEW.id);
    ELSIF TG_LEVEL = 'ROW' THEN
        INSERT INTO polka.finance_changes (kind, document_id) VALUES ('document_cancelled', NEW.id);
    ELSIF TG_TABLE_NAME = 'corrections' THEN
        INSERT INTO polka.finance_changes (kind, correction_id)
        SELECT 'correction_made', n.id FROM new_rows n ORDER BY n.id;
    ELSIF TG_TABLE_NAME = 'discounts' THEN
        INSERT INTO polka.finance_changes (kind, discount_id)
        SELECT 'discount_made', n.id FROM new_rows n ORDER BY n.id;
    ELSIF TG_TABLE_NAME = 'documents' THEN
        INSERT INTO polka.finance_changes (kind, document_id)
        SELECT 'document_made', n.id FROM new_rows n WHERE n.kind = 'upd' ORDER BY n.id;
    ELSIF TG_TABLE_NAME = 'payments' THEN
        INSERT INTO polka.finance_changes (kind, payment_id, client_id)
        SELECT 'payment_received', n.id, n.client_id FROM new_rows n ORDER BY n.id;
    ELSE
        INSERT INTO polka.finance_changes (kind, payment_id, allocation_id)
        SELECT 'payment_allocated', n.payment_id, n.id FROM new_rows n ORDER BY n.id;
    END IF;
    RETURN NULL;
END
$$;

-- One business action: an export recorded. It waits for an export running (one at a time, by
-- a lock on finance_exports: their ids follow their commits), takes the next number, and claims every change committed
-- and not claimed yet (a change whose transaction has not committed is not seen, so not
-- claimed: the next export takes it). p_since: a re-export of everything dated from that day
-- besides what is new. The caller writes the file in this transaction and commits once it is
-- renamed into place, so a failed write claims nothing. Returns the export's number.
CREATE OR REPLACE FUNCTION polka.finance_export_begin(p_file text, p_since date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint;
    v_no integer;
BEGIN
    PERFORM polka.finance_rights_check();
    -- Each statement here sees what committed before it: after the lock, the last export's
    -- number and claims (a repeatable read snapshot would predate them).
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'a finance export runs at the read committed isolation level'
            USING ERRCODE = 'invalid_transaction_state';
    END IF;
    -- One export at a time: a table lock only the owner takes (app roles may take ACCESS
    -- SHARE, which does not conflict; an advisory lock anyone could hold to stop exports).
    LOCK TABLE polka.finance_exports IN SHARE ROW EXCLUSIVE MODE;
    INSERT INTO polka.finance_exports (number, since, file_name)
    VALUES (coalesce((SELECT max(x.number) FROM polka.finance_exports x), 0) + 1, p_since, p_file)
    RETURNING id, number INTO v_id, v_no;
    UPDATE polka.finance_changes SET export_id = v_id WHERE export_id IS NULL;
    RETURN v_no;
END
$$;
GRANT EXECUTE ON FUNCTION polka.finance_export_begin(text, date) TO polka_user;

-- The export of number p_number (the head and admins; none: not found).
CREATE OR REPLACE FUNCTION polka.finance_export_id(p_number integer) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v bigint;
BEGIN
    PERFORM polka.finance_rights_check();
    SELECT x.id INTO v FROM polka.finance_exports x WHERE x.number = p_number;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'there is no finance export number %', p_number USING ERRCODE = 'no_data_found';
    END IF;
    RETURN v;
END
$$;

-- The objects export p_export writes: those its claimed changes name and, for a re-export
-- from a day, those dated from it that an export up to it had claimed. Not granted.
CREATE OR REPLACE FUNCTION polka.finance_export_scope(p_export bigint)
RETURNS TABLE (kind text, id bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH e AS (SELECT x.id, x.since FROM polka.finance_exports x WHERE x.id = p_export)
    SELECT CASE WHEN c.document_id IS NOT NULL THEN 'document' WHEN c.payment_id IS NOT NULL THEN 'payment'
                WHEN c.discount_id IS NOT NULL THEN 'discount' ELSE 'correction' END,
           coalesce(c.document_id, c.payment_id, c.correction_id, c.discount_id)
      FROM polka.finance_changes c JOIN e ON c.export_id = e.id
    UNION
    SELECT 'discount', x.id
      FROM e JOIN polka.discounts x ON x.doc_date >= e.since
      JOIN polka.finance_changes c ON c.discount_id = x.id AND c.kind = 'discount_made' AND c.export_id <= e.id
    UNION
    SELECT 'correction', k.id
      FROM e JOIN polka.corrections k ON k.doc_date >= e.since
      JOIN polka.finance_changes c ON c.correction_id = k.id AND c.kind = 'correction_made' AND c.export_id <= e.id
    UNION
    SELECT 'document', d.id
      FROM e JOIN polka.documents d ON d.doc_date >= e.since AND d.kind = 'upd'
      JOIN polka.finance_changes c ON c.document_id = d.id AND c.kind = 'document_made' AND c.export_id <= e.id
    UNION
    SELECT 'payment', p.id
      FROM e JOIN polka.payments p ON p.pay_date >= e.since
      JOIN polka.finance_changes c ON c.payment_id = p.id AND c.kind = 'payment_received' AND c.export_id <= e.id
$$;

-- Whether document p_document's cancellation was claimed by export p_export or one before
-- (so export p_export says it is cancelled). (No SET: inlined.)
CREATE OR REPLACE FUNCTION polka.finance_cancelled(p_document bigint, p_export bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT FROM polka.finance_changes c
                    WHERE c.document_id = p_document AND c.kind = 'document_cancelled' AND c.export_id <= p_export)
$$;

-- Whether correction p_correction's reversal was claimed by export p_export or one before.
CREATE OR REPLACE FUNCTION polka.finance_reversed(p_correction bigint, p_export bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT FROM polka.finance_changes c
                    WHERE c.correction_id = p_correction AND c.kind = 'correction_reversed' AND c.export_id <= p_export)
$$;

-- A VAT rate as EnterpriseData spells it.
CREATE OR REPLACE FUNCTION polka.finance_vat_rate(r numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN r = 0 THEN 'НДС0' ELSE 'НДС' || trim_scale(r) END;

-- A timestamp as the file writes it: UTC, to the second (the same whatever the session's zone).
CREATE OR REPLACE FUNCTION polka.finance_time(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
-- A day as the file writes it (whatever the session's DateStyle).
CREATE OR REPLACE FUNCTION polka.finance_day(d date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN to_char(d, 'YYYY-MM-DD');

-- What export p_number says, object by object, as it was known then: a document is cancelled
-- when an export up to it claimed its cancellation; a payment has the allocations exports up
-- to it claimed, and the client it had when received or else its first such allocation's. So
-- writing an export again gives the same objects, whatever happened since (the counterparties'
-- and products' names are today's). Rows in the file's order, a row per element with its
-- children's values (rec: party, product, sale, sale_line, payment, payment_line, correction,
-- correction_line: a correction is reversed when an export up to it claimed its reversal;
-- discount: a claim's, reason its claim's number);
-- numbers and dates as text in the
-- file's form. The head and admins (none else: they are every client's figures).
CREATE OR REPLACE FUNCTION polka.finance_export_rows(p_number integer)
RETURNS TABLE (rec text, ref text, n integer, doc_date text, no text, name text, full_name text, inn text, kpp text,
               person text, unit text, vat_kind text, gtin text, deleted boolean, cancelled_at text,
               cancel_reason text, party text, amount numeric, vat numeric, product text, batch text, qty numeric,
               price numeric, vat_rate text, payer_name text, payer_inn text, payer_kpp text, payer_account text,
               credited_on text, purpose text, unallocated numeric, doc text, amount_after numeric,
               vat_after numeric, qty_after numeric, reason text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_export bigint := polka.finance_export_id(p_number);
BEGIN
    RETURN QUERY
    WITH s AS MATERIALIZED (SELECT * FROM polka.finance_export_scope(v_export)),
    kors AS MATERIALIZED (
        SELECT k.*, polka.finance_reversed(k.id, v_export) AS gone
          FROM polka.corrections k WHERE k.id IN (SELECT s.id FROM s WHERE s.kind = 'correction')),
    discs AS MATERIALIZED (
        SELECT x.* FROM polka.discounts x WHERE x.id IN (SELECT s.id FROM s WHERE s.kind = 'discount')),
    docs AS MATERIALIZED (
        SELECT d.*, polka.finance_cancelled(d.id, v_export) AS gone
          FROM polka.documents d WHERE d.id IN (SELECT s.id FROM s WHERE s.kind = 'document')),
    allocs AS MATERIALIZED (
        SELECT a.*, r.client_id, r.doc_date AS r_date, coalesce(rd.code, r.doc) AS r_doc,
               row_number() OVER (PARTITION BY a.payment_id ORDER BY a.id) AS k
          FROM polka.finance_changes c
          JOIN polka.payment_allocations a ON a.id = c.allocation_id
          JOIN polka.receivables r ON r.id = a.receivable_id
          LEFT JOIN polka.documents rd ON rd.id = r.document_id
         WHERE c.kind = 'payment_allocated' AND c.export_id <= v_export
           AND c.payment_id IN (SELECT s.id FROM s WHERE s.kind = 'payment')),
    pays AS MATERIALIZED (
        SELECT p.*, coalesce(c.client_id, (SELECT a.client_id FROM allocs a WHERE a.payment_id = p.id AND a.k = 1))
                        AS as_client,
               p.amount - coalesce((SELECT sum(a.amount) FROM allocs a WHERE a.payment_id = p.id), 0) AS rest
          FROM polka.payments p
          JOIN polka.finance_changes c ON c.payment_id = p.id AND c.kind = 'payment_received'
         WHERE p.id IN (SELECT s.id FROM s WHERE s.kind = 'payment')),
    out AS (
        SELECT 1 AS section, c.code AS ref, 0 AS n, NULL AS doc_date, NULL AS no, c.name, c.legal_name AS full_name,
               c.inn, c.kpp, CASE WHEN length(c.inn) = 12 THEN 'ФизическоеЛицо' ELSE 'ЮридическоеЛицо' END AS person,
               NULL AS unit, NULL AS vat_kind, NULL AS gtin, NULL::boolean AS deleted, NULL AS cancelled_at,
               NULL AS cancel_reason, NULL AS party, NULL::numeric AS amount, NULL::numeric AS vat, NULL AS product,
               NULL AS batch, NULL::numeric AS qty, NULL::numeric AS price, NULL AS vat_rate, NULL AS payer_name,
               NULL AS payer_inn, NULL AS payer_kpp, NULL AS payer_account, NULL AS credited_on,
               NULL AS purpose, NULL::numeric AS unallocated, NULL AS doc, NULL::numeric AS amount_after,
               NULL::numeric AS vat_after, NULL::numeric AS qty_after, NULL AS reason, 'party' AS rec
          FROM polka.partners c
         WHERE c.id IN (SELECT d.client_id FROM docs d UNION SELECT p.as_client FROM pays p
                        UNION SELECT k.client_id FROM kors k UNION SELECT x.client_id FROM discs x)
        UNION ALL
        SELECT 2, p.code, 0, NULL, NULL, p.name, NULL, NULL, NULL, NULL, p.unit,
               CASE p.vat_code WHEN 'standard' THEN 'Общая' WHEN 'reduced' THEN 'Пониженная' ELSE 'Нулевая' END,
               p.gtin, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'product'
          FROM polka.products p
         WHERE p.id IN (SELECT l.product_id FROM polka.document_lines l WHERE l.document_id IN (SELECT d.id FROM docs d))
        UNION ALL
        SELECT 3, d.code, 0, polka.finance_day(d.doc_date), d.seq::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, d.gone,
               CASE WHEN d.gone THEN polka.finance_time(d.cancelled_at) END, CASE WHEN d.gone THEN d.cancel_reason END,
               c.code, d.amount, d.vat_amount, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, 'sale'
          FROM docs d JOIN polka.partners c ON c.id = d.client_id
        UNION ALL
        SELECT 3, d.code, l.n, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               l.amount, l.vat_amount, p.code, b.batch, l.qty, l.price, polka.finance_vat_rate(l.vat_rate),
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'sale_line'
          FROM docs d
          JOIN polka.document_lines l ON l.document_id = d.id
          JOIN polka.products p ON p.id = l.product_id
          JOIN polka.stock_batches b ON b.id = l.batch_id
        UNION ALL
        SELECT 4, 'PAY-' || p.id, 0, polka.finance_day(p.pay_date), p.number, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, c.code, p.amount, NULL, NULL, NULL, NULL, NULL, NULL, nullif(p.payer_name, ''), p.payer_inn,
               p.payer_kpp, nullif(p.payer_account, ''), polka.finance_day(p.credited_on), nullif(p.purpose, ''), p.rest, NULL,
               NULL, NULL, NULL, NULL, 'payment'
          FROM pays p LEFT JOIN polka.partners c ON c.id = p.as_client
        UNION ALL
        SELECT 4, 'PAY-' || a.payment_id, a.k::integer, polka.finance_day(a.r_date), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, a.amount, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, a.r_doc, NULL, NULL, NULL, NULL, 'payment_line'
          FROM allocs a
        UNION ALL
        SELECT 5, k.code, 0, polka.finance_day(k.doc_date), k.seq::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               k.gone, CASE WHEN k.gone THEN polka.finance_time(k.reversed_at) END,
               CASE WHEN k.gone THEN k.reverse_reason END, c.code, k.amount_before, k.vat_before, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, d.code, k.amount_after, k.vat_after, NULL, NULL,
               'correction'
          FROM kors k JOIN polka.partners c ON c.id = k.client_id JOIN polka.documents d ON d.id = k.document_id
        UNION ALL
        SELECT 5, k.code, l.n, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               l.amount_before, l.vat_before, p.code, b.batch, l.qty_before, l.price, polka.finance_vat_rate(l.vat_rate),
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, l.amount_after, l.vat_after, l.qty_after,
               polka.correction_reason_words(l.reason, l.disposition),
               'correction_line'
          FROM kors k
          JOIN polka.correction_lines l ON l.correction_id = k.id
          JOIN polka.products p ON p.id = l.product_id
          JOIN polka.stock_batches b ON b.id = l.batch_id
        UNION ALL
        SELECT 6, x.code, 0, polka.finance_day(x.doc_date), x.seq::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, c.code, x.amount, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, d.code, NULL, NULL, NULL, k.number, 'discount'
          FROM discs x JOIN polka.partners c ON c.id = x.client_id JOIN polka.documents d ON d.id = x.document_id
          JOIN polka.claims k ON k.id = x.claim_id)
    SELECT o.rec, o.ref, o.n, o.doc_date, o.no, o.name, o.full_name, o.inn, o.kpp, o.person, o.unit, o.vat_kind,
           o.gtin, o.deleted, o.cancelled_at, o.cancel_reason, o.party, o.amount, o.vat, o.product, o.batch, o.qty,
           o.price, o.vat_rate, o.payer_name, o.payer_inn, o.payer_kpp, o.payer_account, o.credited_on, o.purpose,
           o.unallocated, o.doc, o.amount_after, o.vat_after, o.qty_after, o.reason
      FROM out o
     ORDER BY o.section, o.ref COLLATE "C", o.n;
END
$$;
GRANT EXECUTE ON FUNCTION polka.finance_export_rows(integer) TO polka_user;

-- The header of export p_number (rec 'header'): its number, the one before, the day a
-- re-export started from, when and by whom, the changes it claimed, the company (settings), and per kind of
-- object the count and sums the body's objects add up to (cancelled documents and reversed
-- corrections included, and counted apart; a correction's sums are its decrease). The head
-- and admins.
CREATE OR REPLACE FUNCTION polka.finance_export_header(p_number integer)
RETURNS TABLE (rec text, number integer, previous integer, since text, made_at text, made_by text, file_name text,
               changes bigint, company text, company_inn text, company_kpp text, sales bigint, sales_cancelled bigint,
               sales_amount numeric, sales_vat numeric, payments bigint, payments_amount numeric,
               corrections bigint, corrections_reversed bigint, corrections_amount numeric, corrections_vat numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_export bigint := polka.finance_export_id(p_number);
BEGIN
    RETURN QUERY
    WITH s AS MATERIALIZED (SELECT * FROM polka.finance_export_scope(v_export))
    SELECT 'header', x.number, (SELECT max(y.number) FROM polka.finance_exports y WHERE y.number < x.number),
           polka.finance_day(x.since),
           polka.finance_time(x.made_at), x.made_by, x.file_name,
           (SELECT count(*) FROM polka.finance_changes c WHERE c.export_id = x.id),
           (SELECT t.value FROM polka.settings t WHERE t.key = 'company_name'),
           (SELECT t.value FROM polka.settings t WHERE t.key = 'company_inn'),
           (SELECT t.value FROM polka.settings t WHERE t.key = 'company_kpp'),
           d.n, d.gone, coalesce(d.amount, 0.00), coalesce(d.vat, 0.00), p.n, coalesce(p.amount, 0.00),
           k.n, k.gone, coalesce(k.amount, 0.00), coalesce(k.vat, 0.00)
      FROM polka.finance_exports x,
           LATERAL (SELECT count(*) AS n, sum(dd.amount) AS amount, sum(dd.vat_amount) AS vat,
                           count(*) FILTER (WHERE polka.finance_cancelled(dd.id, x.id)) AS gone
                      FROM polka.documents dd WHERE dd.id IN (SELECT s.id FROM s WHERE s.kind = 'document')) d,
           LATERAL (SELECT count(*) AS n, sum(pp.amount) AS amount
                      FROM polka.payments pp WHERE pp.id IN (SELECT s.id FROM s WHERE s.kind = 'payment')) p,
           LATERAL (SELECT count(*) AS n, sum(kk.amount_before - kk.amount_after) AS amount,
                           sum(kk.vat_before - kk.vat_after) AS vat,
                           count(*) FILTER (WHERE polka.finance_reversed(kk.id, x.id)) AS gone
                      FROM polka.corrections kk WHERE kk.id IN (SELECT s.id FROM s WHERE s.kind = 'correction')) k
     WHERE x.id = v_export;
END
$$;
GRANT EXECUTE ON FUNCTION polka.finance_export_header(integer) TO polka_user;

-- The exports for the screen (newest first): number, when, by whom, from which day, the
-- changes claimed, the file. The head and admins (row security: nobody else sees any).
CREATE OR REPLACE FUNCTION polka.finance_export_list(lim integer DEFAULT 200)
RETURNS TABLE (number integer, made_at timestamptz, made_by text, since date, changes bigint, file_name text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT x.number, x.made_at, x.made_by, x.since, (SELECT count(*) FROM polka.finance_changes c WHERE c.export_id = x.id),
           x.file_name
      FROM polka.finance_exports x
     ORDER BY x.number DESC
     LIMIT least(coalesce(lim, 200), 1000)
$$;
GRANT EXECUTE ON FUNCTION polka.finance_export_list(integer) TO polka_user;

-- The exports screen's list (the head and admins; newest first): found by number or by a part of
-- the file's name (q empty: all).
CREATE OR REPLACE FUNCTION polka.finance_export_search(q text DEFAULT NULL, lim integer DEFAULT 200)
RETURNS TABLE (number integer, made_at text, made_by text, since date, changes bigint, file_name text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT x.number, to_char(x.made_at, 'YYYY-MM-DD HH24:MI:SS'), x.made_by, x.since,
           (SELECT count(*) FROM polka.finance_changes c WHERE c.export_id = x.id), x.file_name
      FROM polka.finance_exports x
     WHERE coalesce(btrim(q), '') = '' OR lower(x.file_name) LIKE polka.like_contains(btrim(q))
        OR btrim(q) ~ '^[0-9]{1,9}$' AND x.number = btrim(q)::integer
     ORDER BY x.number DESC
     LIMIT least(coalesce(lim, 200), 1000);
END
$$;
GRANT EXECUTE ON FUNCTION polka.finance_export_search(text,integer) TO polka_user;
