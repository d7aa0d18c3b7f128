-- needs schema 036
-- edi_out.sql: what Polka answers the chains by EDI (schema 034), read by `polka edi poll`
-- (src/domain/edi.c builds the messages, include/polka/eancom.h): the order responses and
-- despatch advices due, each as the builder's document; a message written to the provider's
-- outbound folder recorded; a receiving advice (RECADV) made into the document's correction.

SET LOCAL ROLE polka_owner;

-- Our GLN (setting company_gln), the supplier in every message; NULL when not set.
CREATE OR REPLACE FUNCTION polka.edi_company_gln() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN (SELECT s.value FROM polka.settings s
         WHERE s.key = 'company_gln' AND polka.gs1_valid(s.value) AND length(s.value) = 13);
GRANT EXECUTE ON FUNCTION polka.edi_company_gln() TO polka_user;

-- The provider an incoming order's answers go through: the one its file came from, else the
-- first active one.
CREATE OR REPLACE FUNCTION polka.edi_answer_provider(p_file bigint)
RETURNS TABLE (code text, out_dir text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT p.code, p.out_dir FROM polka.edi_providers p
     WHERE p.active AND (p.id = (SELECT f.provider_id FROM polka.edi_files f WHERE f.id = p_file) OR p_file IS NULL
                         OR NOT EXISTS (SELECT FROM polka.edi_files f JOIN polka.edi_providers q ON q.id = f.provider_id
                                         WHERE f.id = p_file AND q.active))
     ORDER BY p.id = (SELECT f.provider_id FROM polka.edi_files f WHERE f.id = p_file) DESC NULLS LAST, p.id
     LIMIT 1;
END;
GRANT EXECUTE ON FUNCTION polka.edi_answer_provider(bigint) TO polka_user;

-- The order responses due: for each incoming EDI order made into an order, its latest
-- confirmation not answered yet (what = 'ordrsp', ref: the confirmation); for each one refused
-- and not answered, all its lines not available (what = 'refusal', ref: the intake). doc as
-- eancom.h's struct ordrsp: dir (D96A, D01B), number, date, delivery_date, order_number,
-- order_date, buyer_gln, supplier_gln, delivery_gln, recipient (the UNB to answer), lines
-- [{gtin, buyer_code, ordered, confirmed}] (a line with neither a GTIN nor the buyer's
-- article cannot be named and is left out). supplier_gln NULL: our GLN is not set (the poll says so).
CREATE OR REPLACE FUNCTION polka.edi_ordrsp_due(lim int DEFAULT 1000)
RETURNS TABLE (what text, ref bigint, provider text, out_dir text, doc jsonb)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_ours text := polka.edi_company_gln();
    v_today date := polka.business_day();
BEGIN
    PERFORM polka.intake_rights_check(NULL);
    RETURN QUERY
    SELECT 'ordrsp'::text, k.id, pr.code, pr.out_dir,
           jsonb_build_object(
               'dir', i.directory, 'number', o.number, 'date', v_today, 'delivery_date', o.ship_on,
               'order_number', i.number, 'order_date', i.doc_date, 'buyer_gln', coalesce(i.buyer_gln, i.sender),
               'supplier_gln', coalesce(i.supplier_gln, v_ours),
               'delivery_gln', coalesce(i.point_gln, (SELECT d.gln FROM polka.delivery_points d WHERE d.id = o.point_id)),
               'recipient', i.sender,
               -- the order's lines as confirmed, then the buyer's lines an operator did not
               -- take (taken_qty 0): not available
               'lines', coalesce((SELECT jsonb_agg(x.line ORDER BY x.n NULLS LAST, x.code) FROM (
                                    SELECT il.n, p.code, jsonb_build_object(
                                               'gtin', coalesce(il.gtin, p.gtin), 'buyer_code', il.article,
                                               'ordered', trim_scale(coalesce(il.order_qty, (cl ->> 'qty')::numeric)),
                                               'confirmed', trim_scale(coalesce((cl ->> 'confirmed')::numeric, 0))) AS line
                                      FROM jsonb_array_elements(k.lines) cl
                                      JOIN polka.products p ON p.id = (cl ->> 'product_id')::bigint
                                      LEFT JOIN polka.intake_lines il ON il.intake_id = i.id AND il.product_id = p.id
                                                                     AND il.taken_qty IS DISTINCT FROM 0
                                     WHERE coalesce(il.gtin, p.gtin, il.article) IS NOT NULL
                                    UNION ALL
                                    SELECT il.n, p.code, jsonb_build_object(
                                               'gtin', coalesce(il.gtin, p.gtin), 'buyer_code', il.article,
                                               'ordered', trim_scale(coalesce(il.order_qty, il.qty)), 'confirmed', '0')
                                      FROM polka.intake_lines il LEFT JOIN polka.products p ON p.id = il.product_id
                                     WHERE il.intake_id = i.id AND il.taken_qty = 0
                                       AND coalesce(il.gtin, p.gtin, il.article) IS NOT NULL) x), '[]'))
      FROM polka.intake_orders i
      JOIN polka.orders o ON o.id = i.order_id
      JOIN LATERAL (SELECT c.* FROM polka.order_confirmations c WHERE c.order_id = o.id
                     ORDER BY c.id DESC LIMIT 1) k ON k.sent_at IS NULL
      CROSS JOIN LATERAL polka.edi_answer_provider(i.file_id) pr
     WHERE i.channel = 'edi' AND i.state = 'accepted'
    UNION ALL
    SELECT 'refusal'::text, i.id, pr.code, pr.out_dir,
           jsonb_build_object(
               'dir', i.directory, 'number', 'R' || i.id, 'date', v_today,
               'delivery_date', coalesce(i.requested_on, v_today),
               'order_number', i.number, 'order_date', i.doc_date, 'buyer_gln', coalesce(i.buyer_gln, i.sender),
               'supplier_gln', coalesce(i.supplier_gln, v_ours),
               'delivery_gln', i.point_gln, 'recipient', i.sender, 'reason', i.refusal,
               'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                      'gtin', coalesce(il.gtin, p.gtin), 'buyer_code', il.article,
                                      'ordered', trim_scale(il.qty), 'confirmed', '0') ORDER BY il.n)
                                    FROM polka.intake_lines il LEFT JOIN polka.products p ON p.id = il.product_id
                                   WHERE il.intake_id = i.id AND coalesce(il.gtin, p.gtin, il.article) IS NOT NULL), '[]'))
      FROM polka.intake_orders i
      CROSS JOIN LATERAL polka.edi_answer_provider(i.file_id) pr
     WHERE i.channel = 'edi' AND i.state = 'refused' AND i.answered_at IS NULL
     LIMIT least(greatest(coalesce(lim, 1000), 1), 10000);
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_ordrsp_due(int) TO polka_user;

-- An SSCC of ours: extension 0, the GS1 company prefix (our GLN's first seven digits), the
-- next serial, the check digit. NULL when our GLN is not set.
CREATE OR REPLACE FUNCTION polka.edi_sscc() RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_body text := '0' || left(polka.edi_company_gln(), 7) || lpad((nextval('polka.sscc_seq') % 1000000000)::text, 9, '0');
BEGIN
    RETURN v_body || polka.gs1_check_digit(v_body);
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_sscc() TO polka_user;

-- The despatch advices due: each live sales document of an incoming EDI order whose truck
-- left and whose DESADV has not gone out (ref: the document). doc as eancom.h's struct
-- desadv: dir, number (the document's code), date, despatch_date (the trip's day),
-- delivery_date, order_number, order_date, waybill, buyer_gln, supplier_gln, delivery_gln,
-- recipient, pallets [{sscc, lines [{gtin, buyer_code, quantity, batch, expiry}]}]: the
-- pallets the warehouse reported (picking facts), the lines it did not put on one on a pallet
-- of ours.
CREATE OR REPLACE FUNCTION polka.edi_desadv_due(lim int DEFAULT 1000)
RETURNS TABLE (what text, ref bigint, provider text, out_dir text, doc jsonb)
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_ours text := polka.edi_company_gln();
    v_today date := polka.business_day();
    r record;
    v_pallets jsonb;
BEGIN
    PERFORM polka.intake_rights_check(NULL);
    FOR r IN SELECT d.id, d.code, t.day, o.ship_on, o.point_id, o.id AS order_id, i.id AS intake_id, i.directory,
                    i.number, i.doc_date, i.buyer_gln, i.sender, i.supplier_gln, i.point_gln, d.trip_id, pr.code AS provider,
                    pr.out_dir
               FROM polka.documents d
               JOIN polka.trips t ON t.id = d.trip_id AND t.status IN ('left', 'returned')
               JOIN polka.orders o ON o.id = d.order_id
               JOIN polka.intake_orders i ON i.order_id = o.id AND i.channel = 'edi'
              CROSS JOIN LATERAL polka.edi_answer_provider(i.file_id) pr
              WHERE d.kind = 'upd' AND d.cancelled_at IS NULL AND d.desadv_at IS NULL
              ORDER BY d.id LIMIT least(greatest(coalesce(lim, 1000), 1), 10000) LOOP
        SELECT jsonb_agg(jsonb_build_object('sscc', x.sscc, 'lines', x.lines) ORDER BY x.sscc)
          INTO v_pallets
          FROM (SELECT coalesce(y.sscc, CASE WHEN v_ours IS NOT NULL THEN polka.edi_sscc() END) AS sscc,
                       jsonb_agg(jsonb_build_object('gtin', y.gtin, 'buyer_code', y.article,
                                                    'quantity', trim_scale(y.qty), 'batch', y.batch,
                                                    'expiry', y.expires_on) ORDER BY y.n) AS lines
                  FROM (SELECT dl.n, p.gtin, b.batch, b.expires_on, dl.qty,
                               (SELECT il.article FROM polka.intake_lines il
                                 WHERE il.intake_id = r.intake_id AND il.product_id = dl.product_id LIMIT 1) AS article,
                               (SELECT min(f.sscc) FROM polka.picking_facts f
                                 WHERE f.trip_id = r.trip_id AND f.order_line_id = dl.order_line_id
                                   AND f.batch_id = dl.batch_id) AS sscc
                          FROM polka.document_lines dl
                          JOIN polka.products p ON p.id = dl.product_id
                          JOIN polka.stock_batches b ON b.id = dl.batch_id
                         WHERE dl.document_id = r.id) y
                 GROUP BY y.sscc) x;
        what := 'desadv';
        ref := r.id;
        provider := r.provider;
        out_dir := r.out_dir;
        doc := jsonb_build_object(
            'dir', r.directory, 'number', r.code, 'date', v_today, 'despatch_date', r.day, 'delivery_date', r.ship_on,
            'order_number', r.number, 'order_date', r.doc_date, 'waybill', r.code,
            'buyer_gln', coalesce(r.buyer_gln, r.sender), 'supplier_gln', coalesce(r.supplier_gln, v_ours),
            'delivery_gln', coalesce(r.point_gln, (SELECT d.gln FROM polka.delivery_points d WHERE d.id = r.point_id)),
            'recipient', r.sender, 'pallets', coalesce(v_pallets, '[]'));
        RETURN NEXT;
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_desadv_due(int) TO polka_user;

-- One business action: a message written to a provider's outbound folder, recorded (p_hex:
-- its bytes; p_name NULL: nothing was written, e.g. an order response with no line to name)
-- and what it answered marked: what ordrsp (a confirmation), refusal (an intake), desadv (a
-- document), contrl or aperak (a received file, ref: its edi_files row). Returns the file's id.
CREATE OR REPLACE FUNCTION polka.edi_sent(p_what text, p_ref bigint, p_provider text, p_kind text, p_name text,
                                          p_hex text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_file bigint;
    v_bytes bytea := decode(coalesce(p_hex, ''), 'hex');
BEGIN
    PERFORM polka.intake_rights_check(NULL);
    IF p_name IS NOT NULL THEN
        INSERT INTO polka.edi_files (provider_id, direction, name, sha256, bytes, kind, messages, state)
        SELECT p.id, 'out', p_name, encode(sha256(v_bytes), 'hex'), length(v_bytes), p_kind, 1, 'done'
          FROM polka.edi_providers p WHERE p.code = p_provider
        ON CONFLICT ON CONSTRAINT edi_files_sha256_key DO NOTHING
        RETURNING id INTO v_file;
    END IF;
    CASE p_what
    WHEN 'ordrsp' THEN UPDATE polka.order_confirmations SET sent_at = now() WHERE id = p_ref AND sent_at IS NULL;
    WHEN 'refusal' THEN UPDATE polka.intake_orders SET answered_at = now() WHERE id = p_ref AND answered_at IS NULL;
    WHEN 'desadv' THEN UPDATE polka.documents SET desadv_at = now() WHERE id = p_ref AND desadv_at IS NULL;
    WHEN 'contrl', 'aperak' THEN NULL;
    ELSE
        RAISE EXCEPTION 'no such EDI answer: %', p_what USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    RETURN v_file;
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_sent(text, bigint, text, text, text, text) TO polka_user;

-- A chain's refusal reasons (RECADV's QVR codes) as a correction's reason: damaged goods
-- (AF, DME ...) and expired ones (PE, durability) are written off; more than ordered (AC) and
-- anything else come back to stock as not ordered.
CREATE OR REPLACE FUNCTION polka.edi_recadv_reason(p_codes text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN p_codes ~ '(^|,)(AF|DME|DM|BC|BD)(,|$)' THEN 'damaged'
            WHEN p_codes ~ '(^|,)(PE|EX|EXP|DUR)(,|$)' THEN 'expired'
            WHEN p_codes ~ '(^|,)(AC|AB)(,|$)' THEN 'surplus'
            ELSE 'not_ordered' END;

-- A RECADV received (within edi_receive's transaction): the document it answers (our
-- DESADV's number is the document's code; else the buyer's order number's latest live sales
-- document), what the chain accepted per product spread over the document's lines in their
-- order, and the correction made with source recadv when less was accepted (correction_make).
-- doc: sender, number, despatch_number, order_number, lines [{gtin, buyer_code, accepted,
-- reasons}]. Once per sender and number. Returns {outcome, document, correction, error}.
CREATE OR REPLACE FUNCTION polka.edi_recadv_receive(p_file bigint, doc jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_sender text := polka.doc_text(doc, 'sender');
    v_number text := polka.doc_text(doc, 'number');
    d polka.documents;
    rc polka.edi_receipts;
    v_lines jsonb;
    v_made jsonb;
    v_error text;
BEGIN
    SELECT * INTO rc FROM polka.edi_receipts WHERE sender = v_sender AND number = v_number;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', rc.outcome, 'replayed', true, 'error', rc.error,
                                  'document', (SELECT x.code FROM polka.documents x WHERE x.id = rc.document_id));
    END IF;
    SELECT * INTO d FROM polka.documents x
     WHERE x.kind = 'upd' AND x.cancelled_at IS NULL
       AND (x.code = polka.doc_text(doc, 'despatch_number')
            OR polka.doc_text(doc, 'despatch_number') IS NULL
               AND x.order_id IN (SELECT i.order_id FROM polka.intake_orders i
                                   WHERE i.channel = 'edi' AND i.sender = v_sender
                                     AND i.number = polka.doc_text(doc, 'order_number')))
     ORDER BY x.id DESC LIMIT 1;
    IF d.id IS NULL THEN
        v_error := format('no live sales document %s for order %s', coalesce(polka.doc_text(doc, 'despatch_number'), '-'),
                          coalesce(polka.doc_text(doc, 'order_number'), '-'));
    ELSE
        -- What was accepted per product, spread over the document's lines of it in order.
        WITH acc AS (
            SELECT p.id AS product_id, sum((l ->> 'accepted')::numeric) AS accepted,
                   string_agg(l ->> 'reasons', ',') AS reasons
              FROM jsonb_array_elements(doc -> 'lines') l
              JOIN polka.products p ON p.gtin = l ->> 'gtin'
                   OR l ->> 'gtin' IS NULL AND p.id = (SELECT c.product_id FROM polka.intake_codes c
                                                        WHERE c.kind = 'product' AND c.client_id = d.client_id
                                                          AND c.code = l ->> 'buyer_code')
             GROUP BY p.id),
        spread AS (
            SELECT dl.id, dl.qty, a.reasons,
                   greatest(least(dl.qty, a.accepted - coalesce(sum(dl.qty) OVER (PARTITION BY dl.product_id ORDER BY dl.n
                                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)), 0)
                       AS accepted
              FROM polka.document_lines dl JOIN acc a ON a.product_id = dl.product_id
             WHERE dl.document_id = d.id)
        SELECT jsonb_agg(jsonb_build_object('id', s.id, 'accepted', s.accepted,
                                            'reason', polka.edi_recadv_reason(coalesce(s.reasons, '')))
                         ORDER BY s.id)
          INTO v_lines FROM spread s WHERE s.accepted < s.qty;
        IF v_lines IS NOT NULL THEN
            BEGIN
                v_made := polka.correction_make(d.id, v_lines, 'recadv');
            EXCEPTION WHEN check_violation OR invalid_parameter_value THEN
                v_error := SQLERRM;
            END;
        END IF;
    END IF;
    INSERT INTO polka.edi_receipts (file_id, sender, number, document_id, correction_id, outcome, error)
    VALUES (p_file, v_sender, v_number, d.id, (v_made ->> 'id')::bigint,
            CASE WHEN v_error IS NOT NULL THEN 'refused' WHEN v_made IS NULL THEN 'as_shipped' ELSE 'corrected' END,
            left(v_error, 2000))
    RETURNING * INTO rc;
    RETURN jsonb_build_object('outcome', rc.outcome, 'replayed', false, 'error', rc.error, 'document', d.code,
                              'correction', v_made ->> 'code');
END
$$;
