-- corrections.sql: corrections of shipped sales documents (issue 16, schema 027; вычерки): what
-- the client accepted per line, with the reason for the rest, made into a correction document
-- (УКД) with its return receipt in the ledger and the receivable lowered, in one transaction;
-- the head's reversal; the card and the list the desk reads, the return receipts' report.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Where refused goods go: damaged and expired ones are written off (they come back only to be
-- destroyed); the rest go back on hand in their batch.
CREATE OR REPLACE FUNCTION polka.correction_disposition(p_reason text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN p_reason IN ('damaged', 'expired') THEN 'write_off' ELSE 'stock' END;
GRANT EXECUTE ON FUNCTION polka.correction_disposition(text) TO polka_user;

-- What the printed forms and the finance export say of a struck line: the reason and where
-- the goods went, in Russian (the documents' language whatever the user's).
CREATE OR REPLACE FUNCTION polka.correction_reason_words(p_reason text, p_disposition text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE p_reason WHEN 'damaged' THEN 'брак' WHEN 'expired' THEN 'просрочка' WHEN 'not_ordered' THEN 'не заказывали'
                     WHEN 'price' THEN 'цена' ELSE 'излишек' END
       || CASE p_disposition WHEN 'write_off' THEN ', списан' ELSE ', на склад' END;
GRANT EXECUTE ON FUNCTION polka.correction_reason_words(text,text) TO polka_user;

-- The lines a correction is given (see correction_make), each with its document line (none:
-- not a line of it), the accepted quantity as a number (none: not one of 0 or more with at most
-- 3 decimals; a decimal comma is taken) and the reason given. Not granted: correction_make's.
CREATE OR REPLACE FUNCTION polka.correction_input(p_document bigint, p_lines jsonb)
RETURNS TABLE (k bigint, line_id bigint, n integer, product text, unit_scale smallint, qty numeric,
               accepted_text text, accepted numeric, reason text, price numeric, vat_rate numeric,
               batch_id bigint, product_id bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT x.k, l.id, l.n, p.code, u.scale, l.qty, btrim(x.j ->> 'accepted'),
           CASE WHEN btrim(replace(x.j ->> 'accepted', ',', '.')) ~ '^[0-9]{1,11}(\.[0-9]{1,3})?$'
                THEN btrim(replace(x.j ->> 'accepted', ',', '.'))::numeric END,
           nullif(btrim(x.j ->> 'reason'), ''), l.price, l.vat_rate, l.batch_id, l.product_id
      FROM jsonb_array_elements(p_lines) WITH ORDINALITY x(j, k)
      LEFT JOIN polka.document_lines l
        ON l.document_id = p_document
       AND CASE WHEN x.j ? 'id' THEN l.id::text = x.j ->> 'id' ELSE l.n::text = x.j ->> 'n' END
      LEFT JOIN polka.products p ON p.id = l.product_id
      LEFT JOIN polka.units u ON u.code = p.unit
$$;
REVOKE EXECUTE ON FUNCTION polka.correction_input(bigint,jsonb) FROM PUBLIC;

-- The business action behind every way quantities come in (the desk, an EDI RECADV, a claim):
-- sales document p_document corrected to what the client accepted. p_lines: an array of
-- {"id": document line id | "n": its number, "accepted": quantity, "reason": damaged,
-- expired, not_ordered, price or surplus}; lines not given, or given as shipped, are accepted
-- whole. Refused with a sentence: a document that is not a live sales document of a trip that
-- left, one corrected already (reversed first), a line not on it or given twice, a quantity that is
-- not a number, negative, above what was shipped, or finer than its unit; a refused line
-- without a reason; nothing refused at all. Made at once: the correction (numbered), its lines,
-- the goods back by batch (written off too where the reason says so), the receivable lowered
-- (what was paid beyond what is now owed released to its payments, latest first). Not granted:
-- document_correct is the desk's, the intake's and the claims' callers check their rights.
-- (p_claim: the claim a correction of source 'claim' is made for.)
DROP FUNCTION IF EXISTS polka.correction_make(bigint, jsonb, text);
CREATE OR REPLACE FUNCTION polka.correction_make(p_document bigint, p_lines jsonb, p_source text,
                                                 p_claim bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d polka.documents;
    v_trip polka.trips;
    c polka.corrections;
    v_bad text;
    bad record;
    v_year int;
    v_date date;
    v_rcv polka.receivables;
    v_cut numeric;
    v_excess numeric;
    v_released numeric := 0;
BEGIN
    SELECT * INTO d FROM polka.documents WHERE id = p_document FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('document', p_document); END IF;
    SELECT * INTO v_trip FROM polka.trips WHERE id = d.trip_id;
    IF d.kind <> 'upd' THEN
        RAISE EXCEPTION 'document % is a consignment note: sales documents are corrected', d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_of_sales';
    END IF;
    IF d.cancelled_at IS NOT NULL THEN
        RAISE EXCEPTION 'document % is cancelled: there is nothing to correct', d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_of_live';
    END IF;
    IF v_trip.status NOT IN ('left', 'returned') THEN
        RAISE EXCEPTION 'the truck of document % has not left (trip %): before it leaves a document is cancelled, not corrected',
            d.code, v_trip.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_after_leaving';
    END IF;
    SELECT x.code INTO v_bad FROM polka.corrections x WHERE x.document_id = d.id AND x.reversed_at IS NULL;
    IF FOUND THEN
        RAISE EXCEPTION 'document % is corrected already (%): the head reverses that correction first', d.code, v_bad
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'corrections_live_key';
    END IF;
    IF jsonb_typeof(p_lines) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'the lines of a correction are an array' USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- The lines given (correction_input), each checked in words before anything is written.
    SELECT i.k INTO v_bad FROM polka.correction_input(d.id, p_lines) i WHERE i.line_id IS NULL ORDER BY i.k LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % of the correction is not a line of document %', v_bad, d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'correction_lines_of_document';
    END IF;
    SELECT i.n INTO v_bad FROM polka.correction_input(d.id, p_lines) i GROUP BY i.n HAVING count(*) > 1 ORDER BY i.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % of document % is given twice', v_bad, d.code
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'correction_lines_line_key';
    END IF;
    SELECT i.* INTO bad FROM polka.correction_input(d.id, p_lines) i WHERE i.accepted IS NULL ORDER BY i.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % (%): the accepted quantity "%" is not a number of 0 or more with at most 3 decimals',
            bad.n, bad.product, left(coalesce(bad.accepted_text, ''), 20)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'correction_lines_qty_valid';
    END IF;
    SELECT i.* INTO bad FROM polka.correction_input(d.id, p_lines) i WHERE i.accepted > i.qty ORDER BY i.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % (%): % accepted of % shipped: a correction only strikes off',
            bad.n, bad.product, trim_scale(bad.accepted), trim_scale(bad.qty)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'correction_lines_qty_valid';
    END IF;
    SELECT i.* INTO bad FROM polka.correction_input(d.id, p_lines) i
     WHERE i.accepted <> round(i.accepted, i.unit_scale) ORDER BY i.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % (%): % has more decimals than its unit allows (%)',
            bad.n, bad.product, trim_scale(bad.accepted), bad.unit_scale
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quantity_scale';
    END IF;
    -- (From here on, the lines accepted as shipped are left out.)
    SELECT i.* INTO bad FROM polka.correction_input(d.id, p_lines) i
     WHERE i.accepted < i.qty AND i.reason IS NULL ORDER BY i.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % (%): a refused quantity needs its reason (damaged, expired, not ordered, price, surplus)',
            bad.n, bad.product
            USING ERRCODE = 'check_violation', CONSTRAINT = 'correction_lines_reason_valid';
    END IF;
    SELECT i.* INTO bad FROM polka.correction_input(d.id, p_lines) i
     WHERE i.accepted < i.qty AND i.reason NOT IN ('damaged', 'expired', 'not_ordered', 'price', 'surplus')
     ORDER BY i.n LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'line % (%): "%" is not a reason: damaged, expired, not_ordered, price or surplus',
            bad.n, bad.product, left(bad.reason, 20)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'correction_lines_reason_valid';
    END IF;
    IF NOT EXISTS (SELECT FROM polka.correction_input(d.id, p_lines) i WHERE i.accepted < i.qty) THEN
        RAISE EXCEPTION 'nothing to correct: every line of document % is accepted as shipped', d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_lines_valid';
    END IF;

    -- The document and its lines.
    -- Dated the business day, and never before the document (a truck may leave the evening
    -- before its day; what the client refused is known on delivery).
    v_date := greatest(polka.business_day(), d.doc_date);
    v_year := extract(year FROM v_date);
    INSERT INTO polka.corrections (year, seq, doc_date, document_id, client_id, source, claim_id, lines,
                                   amount_before, amount_after, vat_before, vat_after)
    SELECT v_year, polka.doc_numbers('ukd', v_year, 1), v_date, d.id, d.client_id, p_source, p_claim, count(*),
           d.amount, d.amount - sum(a.before - a.after), d.vat_amount,
           d.vat_amount - sum(polka.line_vat(a.before, i.vat_rate) - polka.line_vat(a.after, i.vat_rate))
      FROM polka.correction_input(d.id, p_lines) i
     CROSS JOIN LATERAL (SELECT polka.line_amount(i.qty, i.price) AS before,
                                polka.line_amount(i.accepted, i.price) AS after) a
     WHERE i.accepted < i.qty
    RETURNING * INTO c;
    INSERT INTO polka.correction_lines (correction_id, n, document_line_id, product_id, batch_id, qty_before, qty_after,
                                        price, vat_rate, amount_before, amount_after, vat_before, vat_after, reason,
                                        disposition)
    SELECT c.id, row_number() OVER (ORDER BY i.n), i.line_id, i.product_id, i.batch_id, i.qty, i.accepted, i.price,
           i.vat_rate, a.before, a.after, polka.line_vat(a.before, i.vat_rate), polka.line_vat(a.after, i.vat_rate),
           i.reason, polka.correction_disposition(i.reason)
      FROM polka.correction_input(d.id, p_lines) i
     CROSS JOIN LATERAL (SELECT polka.line_amount(i.qty, i.price) AS before,
                                polka.line_amount(i.accepted, i.price) AS after) a
     WHERE i.accepted < i.qty
     ORDER BY i.n;

    -- The return receipt: back on hand by batch; written off after where the reason says so.
    INSERT INTO polka.stock_moves (kind, batch_id, qty, note, correction_id)
    SELECT m.kind, l.batch_id, m.qty, 'correction ' || c.code, c.id
      FROM polka.correction_lines l
     CROSS JOIN LATERAL (VALUES (1, 'return', l.qty_before - l.qty_after),
                                (2, 'write_off', CASE WHEN l.disposition = 'write_off' THEN l.qty_after - l.qty_before END)) m(k, kind, qty)
     WHERE l.correction_id = c.id AND m.qty IS NOT NULL
     ORDER BY l.batch_id, m.k;

    -- The receivable: lowered by what was struck off; what was paid beyond the new amount
    -- released from the latest allocations first.
    v_cut := c.amount_before - c.amount_after;
    SELECT * INTO v_rcv FROM polka.receivables r WHERE r.document_id = d.id FOR NO KEY UPDATE;
    IF FOUND AND v_cut > 0 THEN
        v_excess := v_rcv.paid - (v_rcv.amount - v_cut);
        IF v_excess > 0 THEN
            WITH per AS (
                SELECT a.payment_id, sum(a.amount) AS amount, max(a.id) AS last
                  FROM polka.payment_allocations a WHERE a.receivable_id = v_rcv.id
                 GROUP BY a.payment_id HAVING sum(a.amount) > 0),
            take AS (
                SELECT per.payment_id, per.last,
                       least(per.amount, v_excess - coalesce(sum(per.amount) OVER (ORDER BY per.last DESC
                                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)) AS amount
                  FROM per)
            INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how, correction_id)
            SELECT take.payment_id, v_rcv.id, -take.amount, 'correction', c.id FROM take WHERE take.amount > 0
             ORDER BY take.payment_id;
            v_released := v_excess;
        END IF;
        UPDATE polka.receivables r SET amount = r.amount - v_cut WHERE r.id = v_rcv.id;
        UPDATE polka.corrections x SET released = v_released WHERE x.id = c.id;
    END IF;
    RETURN jsonb_build_object('id', c.id, 'code', c.code, 'document', d.code, 'lines', c.lines,
                              'amount_before', c.amount_before, 'amount_after', c.amount_after,
                              'released', v_released,
                              'to_stock', (SELECT count(*) FROM polka.correction_lines l
                                            WHERE l.correction_id = c.id AND l.disposition = 'stock'),
                              'written_off', (SELECT count(*) FROM polka.correction_lines l
                                               WHERE l.correction_id = c.id AND l.disposition = 'write_off'));
END
$$;
REVOKE EXECUTE ON FUNCTION polka.correction_make(bigint,jsonb,text,bigint) FROM PUBLIC;

-- One business action at the desk: a document corrected by a waybill clerk, the head or an
-- administrator (correction_make says what and how).
CREATE OR REPLACE FUNCTION polka.document_correct(p_document bigint, p_lines jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.documents_rights_check();
    RETURN polka.correction_make(p_document, p_lines, 'desk');
END
$$;
GRANT EXECUTE ON FUNCTION polka.document_correct(bigint,jsonb) TO polka_user;

-- A correction by its id or code (K2026000001, К typed on a Russian keyboard too).
CREATE OR REPLACE FUNCTION polka.correction_find(p text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT c.id INTO v_id FROM polka.corrections c
     WHERE c.code = translate(upper(btrim(p)), 'К', 'K') OR (btrim(p) ~ '^[0-9]{1,18}$' AND c.id = btrim(p)::bigint);
    IF v_id IS NULL THEN PERFORM polka.not_found('correction', p); END IF;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.correction_find(text) TO polka_user;

-- One business action: the head reverses a correction with a reason. The goods it brought back
-- leave stock again (refused when they are held or shipped since: the head sees which), what
-- it wrote off is taken back with them, the receivable owes the struck amount again (what was
-- released of payments stays with them: they may have gone elsewhere). The document can be
-- corrected again after. Returns the correction's code.
CREATE OR REPLACE FUNCTION polka.correction_reverse(p_correction bigint, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c polka.corrections;
    bad record;
BEGIN
    IF NOT polka.has_role('head') THEN
        RAISE EXCEPTION 'only the head reverses corrections' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION 'a correction is reversed with a reason'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_reverse_reason_valid';
    END IF;
    SELECT * INTO c FROM polka.corrections WHERE id = p_correction FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('correction', p_correction); END IF;
    IF c.reversed_at IS NOT NULL THEN
        RAISE EXCEPTION 'correction % is reversed already', c.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_reverse_once';
    END IF;
    PERFORM 1 FROM polka.stock_batches b
     WHERE b.id IN (SELECT m.batch_id FROM polka.stock_moves m WHERE m.correction_id = c.id)
     ORDER BY b.id FOR NO KEY UPDATE;
    SELECT p.code, b.batch, trim_scale(x.qty) AS back, trim_scale(b.on_hand - b.reserved) AS free INTO bad
      FROM (SELECT m.batch_id, sum(m.qty) AS qty FROM polka.stock_moves m
             WHERE m.correction_id = c.id GROUP BY m.batch_id) x
      JOIN polka.stock_batches b ON b.id = x.batch_id
      JOIN polka.products p ON p.id = b.product_id
     WHERE x.qty > b.on_hand - b.reserved
     ORDER BY p.code, b.batch LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'correction %: the goods it brought back are held or shipped since (% batch %: % back, % free)',
            c.code, bad.code, bad.batch, bad.back, bad.free
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_reverse_stock';
    END IF;
    INSERT INTO polka.stock_moves (kind, batch_id, qty, note, correction_id)
    SELECT 'reversal', m.batch_id, -m.qty, left('reversal of correction ' || c.code || ': ' || btrim(p_reason), 500), c.id
      FROM polka.stock_moves m WHERE m.correction_id = c.id AND m.kind IN ('return', 'write_off')
     ORDER BY m.batch_id, m.id;
    UPDATE polka.receivables r SET amount = r.amount + (c.amount_before - c.amount_after) WHERE r.document_id = c.document_id;
    UPDATE polka.corrections SET reversed_at = now(), reversed_by = session_user, reverse_reason = btrim(p_reason)
     WHERE id = c.id;
    RETURN c.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.correction_reverse(bigint,text) TO polka_user;

-- The correction card of a sales document (the card's id is the document's): the document,
-- its live correction if it has one, and per line what was shipped and what was accepted
-- (as shipped where nothing is struck), the reason, where the refused goods went and the
-- amount struck off.
CREATE OR REPLACE FUNCTION polka.correction_get(p_document bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', d.id, 'document', d.code, 'number', 'УПД ' || d.seq, 'doc_date', d.doc_date,
           'client', c.name, 'trip', t.number, 'amount', d.amount,
           'correction', k.code, 'corrected_on', k.doc_date, 'amount_after', k.amount_after,
           'struck', d.amount - coalesce(k.amount_after, d.amount), 'released', k.released,
           'made_by', k.made_by,
           'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'id', l.id, 'n', l.n, 'product_code', p.code, 'product', p.name, 'batch', b.batch,
                         'unit', p.unit, 'price', l.price, 'shipped', trim_scale(l.qty),
                         'accepted', trim_scale(coalesce(cl.qty_after, l.qty)), 'reason', cl.reason,
                         'disposition', cl.disposition,
                         'struck', coalesce(cl.amount_before - cl.amount_after, 0))
                         ORDER BY l.n)
                  FROM polka.document_lines l
                  JOIN polka.products p ON p.id = l.product_id
                  JOIN polka.stock_batches b ON b.id = l.batch_id
                  LEFT JOIN polka.correction_lines cl ON cl.correction_id = k.id AND cl.document_line_id = l.id
                 WHERE l.document_id = d.id), '[]'))
      FROM polka.documents d
      JOIN polka.trips t ON t.id = d.trip_id
      JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.corrections k ON k.document_id = d.id AND k.reversed_at IS NULL
     WHERE d.id = p_document AND d.kind = 'upd'),
    'document', p_document);
END
$$;
GRANT EXECUTE ON FUNCTION polka.correction_get(bigint) TO polka_user;

-- The card's F2: its lines as correction_get gave them, the accepted quantities and reasons
-- edited, corrected at the desk. Returns the document's id (the card reads it again).
CREATE OR REPLACE FUNCTION polka.correction_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint := (doc ->> 'id')::bigint;
BEGIN
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'a correction is made from a shipped document: choose it in the list'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'corrections_of_sales';
    END IF;
    PERFORM polka.document_correct(v_id, coalesce(
        (SELECT jsonb_agg(jsonb_build_object('id', coalesce(x ->> 'id', '?'), 'accepted', x ->> 'accepted',
                                             'reason', x ->> 'reason'))
           FROM polka.doc_rows(doc, 'lines') x), '[]'));
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.correction_save(jsonb) TO polka_user;

-- The desk's list: the sales documents of trips that left, found by code, number, client or
-- trip (q empty: the latest), with their live correction if any, or only the corrected ones
-- (corrected), newest first.
CREATE OR REPLACE FUNCTION polka.correction_search(q text DEFAULT NULL, corrected boolean DEFAULT false,
                                                   lim integer DEFAULT 500)
RETURNS TABLE (id bigint, code text, number integer, doc_date date, trip text, client text, amount numeric,
               returned boolean, correction_id bigint, correction text, corrected_on date, amount_after numeric,
               struck numeric, reversed integer)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT d.id, d.code, d.seq, d.doc_date, t.number, c.name, d.amount, d.returned_at IS NOT NULL,
           k.id, k.code, k.doc_date, k.amount_after, d.amount - k.amount_after,
           (SELECT count(*)::int FROM polka.corrections r WHERE r.document_id = d.id AND r.reversed_at IS NOT NULL)
      FROM polka.documents d
      JOIN polka.trips t ON t.id = d.trip_id AND t.status IN ('left', 'returned')
      JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.corrections k ON k.document_id = d.id AND k.reversed_at IS NULL
     WHERE d.kind = 'upd' AND d.cancelled_at IS NULL
       AND (NOT coalesce(correction_search.corrected, false) OR k.id IS NOT NULL)
       AND (coalesce(btrim(q), '') = ''
            OR d.code = translate(upper(btrim(q)), 'УГ', 'UU')
            OR k.code = translate(upper(btrim(q)), 'К', 'K')
            OR btrim(q) ~ '^[0-9]{1,9}$' AND d.seq = btrim(q)::int
            OR lower(c.name) LIKE polka.like_contains(btrim(q))
            OR t.number = 'Р' || lpad(ltrim(substring(q FROM '[0-9]+'), '0'), 5, '0') AND q ~ '^\s*[РрPp][0-9]+\s*$')
     ORDER BY coalesce(k.made_at, d.made_at) DESC, d.id DESC
     LIMIT greatest(coalesce(lim, 500), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.correction_search(text,boolean,integer) TO polka_user;

-- Report "return receipts": what corrections brought back to the warehouses in a period (a
-- month back to a week ahead by default, as the returned documents' report: a correction is
-- dated its document's day when entered before it), by batch: back on hand or written off,
-- reversed ones left out.
CREATE OR REPLACE FUNCTION polka.report_return_receipts(
    date_from date DEFAULT NULL,
    date_to date DEFAULT NULL,
    warehouse text DEFAULT NULL)
RETURNS TABLE (doc_date date, correction text, document text, client text, warehouse_code text, product_code text,
               product text, batch text, expires_on date, reason text, disposition text, qty numeric, amount numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_from date := coalesce(report_return_receipts.date_from, polka.business_day() - 30);
    v_to date := coalesce(report_return_receipts.date_to, polka.business_day() + 7);
    v_wh bigint := polka.report_warehouse(report_return_receipts.warehouse);
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    SELECT k.doc_date, k.code, d.code, c.name, w.code, p.code, p.name, b.batch, b.expires_on, l.reason, l.disposition,
           trim_scale(l.qty_before - l.qty_after), l.amount_before - l.amount_after
      FROM polka.corrections k
      JOIN polka.documents d ON d.id = k.document_id
      JOIN polka.partners c ON c.id = k.client_id
      JOIN polka.correction_lines l ON l.correction_id = k.id
      JOIN polka.stock_batches b ON b.id = l.batch_id
      JOIN polka.warehouses w ON w.id = b.warehouse_id
      JOIN polka.products p ON p.id = l.product_id
     WHERE k.reversed_at IS NULL AND k.doc_date BETWEEN v_from AND v_to
       AND (v_wh IS NULL OR w.id = v_wh)
     ORDER BY k.doc_date, k.code, l.n;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_return_receipts(date,date,text) TO polka_user;

-- A correction's content for its printed form (src/print, form "ukd": the корректировочный
-- счёт-фактура, decreases only), every value a string as printed: the correction and the
-- document it corrects, the seller (the company's settings) and the buyer, per line the
-- quantities and amounts before and after, the decrease and its VAT, the reason in words.
-- Seen as the caller sees the correction (row security). Refused once reversed.
CREATE OR REPLACE FUNCTION polka.correction_print(p_correction bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.corrections;
    co jsonb;
BEGIN
    SELECT * INTO k FROM polka.corrections WHERE id = p_correction;
    IF NOT FOUND THEN PERFORM polka.not_found('correction', p_correction); END IF;
    IF k.reversed_at IS NOT NULL THEN
        RAISE EXCEPTION 'correction % is reversed: it is not printed', k.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'print_correction_live';
    END IF;
    co := polka.print_company();
    RETURN (SELECT jsonb_build_object(
               'form', 'ukd', 'code', k.code, 'number', k.seq::text, 'date', polka.print_date(k.doc_date),
               'document_number', d.seq::text, 'document_date', polka.print_date(d.doc_date),
               'seller_name', co ->> 'company_name', 'seller_inn', co ->> 'company_inn',
               'seller_kpp', co ->> 'company_kpp', 'seller_address', co ->> 'company_address',
               'buyer_name', c.legal_name, 'buyer_inn', c.inn, 'buyer_kpp', c.kpp, 'buyer_address', c.legal_address,
               'amount_before', k.amount_before::text, 'amount_after', k.amount_after::text,
               'decrease', (k.amount_before - k.amount_after)::text,
               'vat_decrease', (k.vat_before - k.vat_after)::text,
               'lines_before', (SELECT sum(l.amount_before) FROM polka.correction_lines l WHERE l.correction_id = k.id)::text,
               'lines_after', (SELECT sum(l.amount_after) FROM polka.correction_lines l WHERE l.correction_id = k.id)::text,
               'lines', (SELECT jsonb_agg(jsonb_build_object(
                             'n', l.n::text, 'name', p.name, 'unit', p.unit, 'qty_before', polka.print_qty(l.qty_before),
                             'qty_after', polka.print_qty(l.qty_after), 'price', l.price::text,
                             'amount_before', l.amount_before::text, 'amount_after', l.amount_after::text,
                             'decrease', (l.amount_before - l.amount_after)::text,
                             'vat_decrease', (l.vat_before - l.vat_after)::text,
                             'reason', polka.correction_reason_words(l.reason, l.disposition))
                             ORDER BY l.n)
                           FROM polka.correction_lines l JOIN polka.products p ON p.id = l.product_id
                          WHERE l.correction_id = k.id))
              FROM polka.documents d JOIN polka.partners c ON c.id = d.client_id
             WHERE d.id = k.document_id);
END
$$;
GRANT EXECUTE ON FUNCTION polka.correction_print(bigint) TO polka_user;
