-- needs schema 030
-- claim_analysis.sql: what a claim concerns (its documents, lines and batches), its files, a
-- batch traced to every client that received it, the decision (satisfied in full, in part,
-- rejected with a notice to the client) and the return documents an approved claim makes
-- (corrections of the sale and the receivable, schema 027's, source 'claim'). Issue 17, schema
-- 030; the claim card's reading and saving are in claims.sql.

SET LOCAL ROLE polka_owner;

-- Whether the person logged in may change claim k: the owner of its open stage, quality, the
-- head, administrators; never the client's manager while it is at its investigation. Raises.
CREATE OR REPLACE FUNCTION polka.claim_change_check(p_claim bigint) RETURNS polka.claims
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims;
    s polka.claim_stages;
    v_me bigint := polka.my_id();
BEGIN
    SELECT * INTO k FROM polka.claims WHERE id = p_claim FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('claim', p_claim); END IF;
    SELECT * INTO s FROM polka.claim_stages WHERE claim_id = p_claim AND done_at IS NULL;
    IF NOT (polka.has_role('quality') OR polka.has_role('head') OR polka.has_role('admin')
            OR s.owner_id IS NOT DISTINCT FROM v_me AND v_me IS NOT NULL) THEN
        RAISE EXCEPTION 'claim %: only the owner of its stage, quality and the head change it', k.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF s.investigation AND (SELECT p.manager_id FROM polka.partners p WHERE p.id = k.partner_id) = v_me THEN
        RAISE EXCEPTION 'claim %: the client''s manager does not change its investigation', k.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN k;
END
$$;
REVOKE EXECUTE ON FUNCTION polka.claim_change_check(bigint) FROM PUBLIC;

-- Whether the person logged in works on claim p_claim, to add files and comments to it (more
-- than change it: claim_change_check): quality, the head and whoever sees every client, the
-- client's manager, an owner of one of its stages. The claim (locked); raises.
CREATE OR REPLACE FUNCTION polka.claim_work_check(p_claim bigint) RETURNS polka.claims
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims;
    v_me bigint := polka.my_id();
BEGIN
    SELECT * INTO k FROM polka.claims WHERE id = p_claim FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('claim', p_claim); END IF;
    IF v_me IS NULL OR NOT (polka.sees_all_partners()
                            OR EXISTS (SELECT FROM polka.partners p WHERE p.id = k.partner_id AND p.manager_id = v_me)
                            OR EXISTS (SELECT FROM polka.claim_stages s WHERE s.claim_id = k.id AND s.owner_id = v_me)) THEN
        RAISE EXCEPTION 'claim %: files and comments are added by those who work on it', k.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN k;
END
$$;
REVOKE EXECUTE ON FUNCTION polka.claim_work_check(bigint) FROM PUBLIC;

-- A claim's or an article's files for its card (name, type, size, when and by whom added).
CREATE OR REPLACE FUNCTION polka.attachment_list(p_claim bigint, p_article bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tz text := polka.business_tz();
BEGIN
    RETURN coalesce((SELECT jsonb_agg(jsonb_build_object(
                         'id', f.id, 'name', f.name, 'mime', f.mime, 'size', f.size,
                         'added', to_char(f.added_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI') || ' ' || f.added_by)
                         ORDER BY f.added_at, f.id)
                       FROM polka.attachments f WHERE f.claim_id = p_claim OR f.article_id = p_article), '[]');
END
$$;
GRANT EXECUTE ON FUNCTION polka.attachment_list(bigint,bigint) TO polka_user;

-- One business action: a shipped sales document added to what claim p_claim concerns, by its
-- code (U2026000123, as typed or scanned from the document's barcode). Its lines then show on
-- the claim card, to claim quantities of. Returns the document's code.
CREATE OR REPLACE FUNCTION polka.claim_document_add(p_claim bigint, p_code text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims := polka.claim_change_check(p_claim);
    d polka.documents;
BEGIN
    SELECT * INTO d FROM polka.documents x WHERE x.code = upper(btrim(p_code));
    IF NOT FOUND THEN
        PERFORM polka.not_found('document', left(btrim(coalesce(p_code, '')), 40));
    END IF;
    IF EXISTS (SELECT FROM polka.claim_lines l WHERE l.claim_id = k.id AND l.document_id = d.id) THEN
        RAISE EXCEPTION 'claim %: document % is on it already', k.number, d.code
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'claim_lines_document_once';
    END IF;
    INSERT INTO polka.claim_lines (claim_id, n, document_id)
    SELECT k.id, coalesce(max(l.n), 0) + 1, d.id FROM polka.claim_lines l WHERE l.claim_id = k.id;
    UPDATE polka.claims SET version = version + 1 WHERE id = k.id;
    RETURN d.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_document_add(bigint,text) TO polka_user;

-- A batch traced (one key from a claim's line; the list forms/batch_trace.form): every
-- shipment of it, to which client and delivery point, on which document and trip, how much, and
-- the claims on it. The batch by its code (of product_id when given: the same batch in every
-- warehouse it went through), or by batch_id.
CREATE OR REPLACE FUNCTION polka.batch_trace(batch text DEFAULT NULL, product_id bigint DEFAULT NULL,
                                             batch_id bigint DEFAULT NULL, lim integer DEFAULT 1000)
RETURNS TABLE (document_id bigint, document text, doc_date date, client text, point text, trip text,
               product text, batch_code text, expires_on date, qty numeric, claims text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT d.id, d.code, d.doc_date, c.name, pt.name, t.number::text, p.name, b.batch, b.expires_on, sum(l.qty),
           (SELECT string_agg(DISTINCT k.number, ', ') FROM polka.claim_lines cl JOIN polka.claims k ON k.id = cl.claim_id
             WHERE cl.document_id = d.id AND (cl.batch_id = b.id OR cl.batch_id IS NULL))
      FROM polka.stock_batches b
      JOIN polka.document_lines l ON l.batch_id = b.id
      JOIN polka.documents d ON d.id = l.document_id AND d.cancelled_at IS NULL
      JOIN polka.products p ON p.id = b.product_id
      LEFT JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.delivery_points pt ON pt.id = d.point_id
      LEFT JOIN polka.trips t ON t.id = d.trip_id
     WHERE CASE WHEN batch_trace.batch_id IS NOT NULL THEN b.id = batch_trace.batch_id
                ELSE b.batch = btrim(batch_trace.batch)
                     AND (batch_trace.product_id IS NULL OR b.product_id = batch_trace.product_id) END
     GROUP BY d.id, d.code, d.doc_date, c.name, pt.name, t.number, p.name, b.id, b.batch, b.expires_on
     ORDER BY d.doc_date, d.code
     LIMIT greatest(coalesce(lim, 1000), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.batch_trace(text,bigint,bigint,integer) TO polka_user;

-- One business action: a file added to claim p_claim (at its open stage) by whoever works on
-- it (quality, the head, the client's manager, an owner of one of its stages): its name (the
-- file's own, no folder), type and bytes; its size and SHA-256 kept with it. Returns its id.
CREATE OR REPLACE FUNCTION polka.claim_attach(p_claim bigint, p_name text, p_mime text, p_body bytea)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims := polka.claim_work_check(p_claim);
    v bigint;
BEGIN
    INSERT INTO polka.attachments (claim_id, stage_n, name, mime, size, sha256, body)
    VALUES (k.id, (SELECT s.n FROM polka.claim_stages s WHERE s.claim_id = k.id AND s.done_at IS NULL),
            p_name, lower(btrim(p_mime)), octet_length(p_body), sha256(p_body), p_body)
    RETURNING id INTO v;
    RETURN v;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_attach(bigint,text,text,bytea) TO polka_user;

-- One business action: the decision on claim p_claim (its stage's owner, quality, the head):
-- satisfied in full or in part (the claim is approved and goes on along its route: its return
-- documents next) or rejected (the reason needed; the claim is closed, its open stage done
-- with the decision, and the client told by e-mail when it has an address). Returns the status.
CREATE OR REPLACE FUNCTION polka.claim_decide(p_claim bigint, p_resolution text, p_reason text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims := polka.claim_change_check(p_claim);
    c polka.partners;
    v_reason text := nullif(btrim(p_reason), '');
BEGIN
    IF k.status <> 'open' THEN
        RAISE EXCEPTION 'claim % is decided already (%)', k.number, k.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_decided_once';
    END IF;
    IF p_resolution IS NULL OR p_resolution NOT IN ('full', 'partial', 'rejected') THEN
        RAISE EXCEPTION 'a decision is full, partial or rejected' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'claims_resolution_valid';
    END IF;
    IF p_resolution <> 'full' AND v_reason IS NULL THEN
        RAISE EXCEPTION 'claim %: a claim rejected or satisfied in part needs the reason', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_decision_valid';
    END IF;
    IF k.kind IS NULL THEN
        RAISE EXCEPTION 'claim %: its kind is needed before the decision', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_kind_given';
    END IF;
    IF p_resolution = 'rejected' THEN
        UPDATE polka.claim_stages SET done_at = now(), done_by = session_user,
               outcome = left('Отклонена: ' || v_reason, 2000)
         WHERE claim_id = k.id AND done_at IS NULL;
        UPDATE polka.claims SET status = 'rejected', resolution = 'rejected', decision = v_reason,
               decided_at = now(), decided_by = session_user, closed_at = now(), version = version + 1
         WHERE id = k.id;
        SELECT * INTO c FROM polka.partners WHERE id = k.partner_id;
        IF c.email IS NOT NULL THEN
            INSERT INTO polka.outbox (kind, client_id, recipient, subject, body)
            VALUES ('claim_rejected', c.id, c.email, left(format('Претензия %s от %s', k.number,
                                                                 to_char(k.registered_at, 'DD.MM.YYYY')), 300),
                    format(E'Здравствуйте!\n\nВаша претензия %s от %s рассмотрена и отклонена.\nПричина: %s\n\n'
                           'Если вы не согласны с решением, ответьте на это письмо.\n',
                           k.number, to_char(k.registered_at, 'DD.MM.YYYY'), v_reason));
        END IF;
        RETURN 'rejected';
    END IF;
    UPDATE polka.claims SET status = 'approved', resolution = p_resolution, decision = v_reason,
           decided_at = now(), decided_by = session_user, version = version + 1
     WHERE id = k.id;
    RETURN 'approved';
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_decide(bigint,text,text) TO polka_user;

-- One business action: an approved claim's return documents: per sales document it concerns,
-- a correction of the sale and the receivable (source 'claim'; correction_make) for the
-- quantities claimed: goods written off (on site, or back and written off: damaged, expired
-- when the cause is the shelf life) or back on hand in their batch (price: the price was
-- wrong; else not as ordered), as each claim line says. Refused for a claim not approved, one
-- with no quantities claimed, or one whose documents are corrected already. Returns the
-- corrections' codes.
CREATE OR REPLACE FUNCTION polka.claim_return(p_claim bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims := polka.claim_change_check(p_claim);
    v_cause text := (SELECT c.code FROM polka.claim_causes c WHERE c.id = k.cause_id);
    r record;
    v_codes text[] := '{}';
BEGIN
    IF k.status <> 'approved' THEN
        RAISE EXCEPTION 'claim %: only an approved claim makes return documents', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_return_approved';
    END IF;
    IF EXISTS (SELECT FROM polka.corrections x WHERE x.claim_id = k.id AND x.reversed_at IS NULL) THEN
        RAISE EXCEPTION 'claim %: its return documents are made already', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_return_once';
    END IF;
    FOR r IN
        SELECT l.document_id,
               jsonb_agg(jsonb_build_object(
                   'id', l.document_line_id, 'accepted', (dl.qty - l.qty)::text,
                   'reason', CASE WHEN l.disposition = 'write_off' THEN
                                      CASE WHEN v_cause = 'shelf_life' THEN 'expired' ELSE 'damaged' END
                                  WHEN k.kind = 'price' THEN 'price' ELSE 'not_ordered' END) ORDER BY dl.n) AS lines
          FROM polka.claim_lines l JOIN polka.document_lines dl ON dl.id = l.document_line_id
         WHERE l.claim_id = k.id AND l.qty > 0
         GROUP BY l.document_id ORDER BY min(l.n)
    LOOP
        v_codes := v_codes || (polka.correction_make(r.document_id, r.lines, 'claim', k.id) ->> 'code');
    END LOOP;
    IF cardinality(v_codes) = 0 THEN
        RAISE EXCEPTION 'claim %: no quantities are claimed on its documents', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_return_lines';
    END IF;
    UPDATE polka.claims SET version = version + 1 WHERE id = k.id;
    RETURN array_to_string(v_codes, ', ');
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_return(bigint) TO polka_user;

-- A client's whole history with every department (F6 on a claim; the list forms/client_history
-- .form), newest first: orders, sales documents, corrections, claims, claim calls, payments;
-- what (a code), its number, amount, state (what:status, a code set), who, and a word about
-- it. SECURITY INVOKER: each sees what row-level security lets them.
CREATE OR REPLACE FUNCTION polka.client_history(partner_id bigint DEFAULT NULL, lim integer DEFAULT 500)
RETURNS TABLE (day date, what text, number text, amount numeric, state text, who text, about text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    p bigint := client_history.partner_id;
    tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT x.day, x.what, x.number, x.amount, x.state, x.who, x.about FROM (
        SELECT o.taken_on AS day, 'order' AS what, o.number, o.amount, 'order:' || o.status AS state, o.taken_by AS who,
               to_char(o.ship_on, 'YYYY-MM-DD') AS about, o.id AS k
          FROM polka.orders o WHERE o.client_id = p
        UNION ALL
        SELECT d.doc_date, 'document', d.code, d.amount,
               CASE WHEN d.cancelled_at IS NOT NULL THEN 'document:cancelled'
                    WHEN EXISTS (SELECT FROM polka.corrections c WHERE c.document_id = d.id AND c.reversed_at IS NULL)
                    THEN 'document:corrected' ELSE 'document:live' END,
               d.made_by, (SELECT t.number::text FROM polka.trips t WHERE t.id = d.trip_id), d.id
          FROM polka.documents d WHERE d.client_id = p
        UNION ALL
        SELECT c.doc_date, 'correction', c.code, c.amount_after - c.amount_before,
               CASE WHEN c.reversed_at IS NULL THEN 'correction:live' ELSE 'correction:reversed' END,
               c.made_by, (SELECT d.code FROM polka.documents d WHERE d.id = c.document_id), c.id
          FROM polka.corrections c WHERE c.client_id = p
        UNION ALL
        SELECT (k.registered_at AT TIME ZONE tz)::date, 'claim', k.number, k.amount, 'claim:' || k.status,
               k.registered_by, left(k.words, 200), k.id
          FROM polka.claims k WHERE k.partner_id = p
        UNION ALL
        SELECT (c.at AT TIME ZONE tz)::date, 'call', NULL, NULL, 'call:counted', c.by_user, NULL, c.id
          FROM polka.claim_calls c WHERE c.partner_id = p
        UNION ALL
        SELECT y.pay_date, 'payment', y.number, y.amount,
               CASE WHEN y.allocated >= y.amount THEN 'payment:allocated' WHEN y.allocated > 0 THEN 'payment:partial'
                    ELSE 'payment:open' END,
               NULL, nullif(y.purpose, ''), y.id
          FROM polka.payments y WHERE y.client_id = p) x
     ORDER BY x.day DESC, x.what, x.k DESC
     LIMIT greatest(coalesce(lim, 500), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.client_history(bigint,integer) TO polka_user;

-- One business action: an approved claim satisfied by a discount of p_amount (money, the VAT
-- within): per sales document it concerns, in their order, a discount document (schema 031,
-- S2026000001, dated the business day and never before its document) lowering what the client
-- still owes on it, never below what is paid (money paid back is a refund, the accountants').
-- Refused: a claim not approved, its discount given already, no documents, an amount that is
-- not above zero or above what its documents still owe. Returns the discounts' codes.
CREATE OR REPLACE FUNCTION polka.claim_discount(p_claim bigint, p_amount numeric) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims := polka.claim_change_check(p_claim);
    v_owed numeric;
    v_left numeric := p_amount;
    v_cut numeric;
    v_date date;
    r record;
    v_codes text[] := '{}';
    v_code text;
BEGIN
    IF k.status <> 'approved' THEN
        RAISE EXCEPTION 'claim %: only an approved claim gets a discount', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_return_approved';
    END IF;
    IF EXISTS (SELECT FROM polka.discounts x WHERE x.claim_id = k.id) THEN
        RAISE EXCEPTION 'claim %: its discount is given already', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_discount_once';
    END IF;
    IF p_amount IS NULL OR p_amount <= 0 OR p_amount <> round(p_amount, 2) THEN
        RAISE EXCEPTION 'claim %: a discount is an amount above zero, in kopecks', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'discounts_amount_valid';
    END IF;
    -- What its documents still owe, locked in their order.
    SELECT sum(rc.amount - rc.paid) INTO v_owed
      FROM polka.receivables rc
     WHERE rc.document_id IN (SELECT l.document_id FROM polka.claim_lines l WHERE l.claim_id = k.id);
    IF v_owed IS NULL THEN
        RAISE EXCEPTION 'claim %: a discount is given on its documents: add them first (F3)', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_discount_documents';
    END IF;
    IF p_amount > v_owed THEN
        RAISE EXCEPTION 'claim %: a discount of % is more than the % its documents still owe (the rest is a refund)',
            k.number, p_amount, v_owed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_discount_owed';
    END IF;
    FOR r IN
        SELECT rc.id AS rcv, rc.amount - rc.paid AS owed, d.id AS doc, d.client_id, d.doc_date
          FROM polka.claim_lines l
          JOIN polka.documents d ON d.id = l.document_id
          JOIN polka.receivables rc ON rc.document_id = d.id
         WHERE l.claim_id = k.id AND l.document_line_id IS NULL
         ORDER BY l.n
           FOR NO KEY UPDATE OF rc
    LOOP
        EXIT WHEN v_left <= 0;
        v_cut := least(v_left, r.owed);
        CONTINUE WHEN v_cut <= 0;
        v_date := greatest(polka.business_day(), r.doc_date);
        INSERT INTO polka.discounts (year, seq, doc_date, claim_id, document_id, client_id, amount)
        VALUES (extract(year FROM v_date), polka.doc_numbers('discount', extract(year FROM v_date)::int, 1), v_date,
                k.id, r.doc, r.client_id, v_cut)
        RETURNING code INTO v_code;
        UPDATE polka.receivables SET amount = amount - v_cut WHERE id = r.rcv;
        v_codes := v_codes || v_code;
        v_left := v_left - v_cut;
    END LOOP;
    UPDATE polka.claims SET version = version + 1 WHERE id = k.id;
    RETURN array_to_string(v_codes, ', ');
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_discount(bigint,numeric) TO polka_user;

-- One business action: a comment on claim p_claim at its open stage (or after, stage none) by
-- whoever works on it (as a file: quality, the head, the client's manager, an owner of one of
-- its stages). Returns its id.
CREATE OR REPLACE FUNCTION polka.claim_comment(p_claim bigint, p_body text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims := polka.claim_work_check(p_claim);
    v bigint;
BEGIN
    INSERT INTO polka.claim_comments (claim_id, stage_n, body)
    VALUES (k.id, (SELECT s.n FROM polka.claim_stages s WHERE s.claim_id = k.id AND s.done_at IS NULL), btrim(p_body))
    RETURNING id INTO v;
    RETURN v;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_comment(bigint,text) TO polka_user;

-- A claim's comments, the newest first, with the stage they were written at (the list
-- forms/claim_comments.form; row-level security: with the claim).
CREATE OR REPLACE FUNCTION polka.claim_comment_list(claim_id bigint DEFAULT NULL, lim integer DEFAULT 500)
RETURNS TABLE (id bigint, at text, stage text, by_user text, body text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT c.id, to_char(c.at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
           (SELECT s.name FROM polka.claim_stages s WHERE s.claim_id = c.claim_id AND s.n = c.stage_n), c.by_user, c.body
      FROM polka.claim_comments c
     WHERE c.claim_id = claim_comment_list.claim_id
     ORDER BY c.at DESC, c.id DESC
     LIMIT greatest(coalesce(lim, 500), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_comment_list(bigint,integer) TO polka_user;
