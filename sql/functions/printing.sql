-- printing.sql: printing a trip's documents (issue 15, schema 023): the set a trip prints by
-- the print rules, in stop order; each document's content for a form, as the renderer
-- (src/print) lays it out; the print log written once the print server has taken the job.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- What a trip's documents print as, in order: the consignment note first (as many copies as
-- the most any stop's rules ask), then per stop its sales document, packing list and quality
-- certificates as its point's rules say; forms with 0 copies left out. p_document: only that
-- document's forms (a reprint).
CREATE OR REPLACE FUNCTION polka.trip_print_set(p_trip bigint, p_document bigint DEFAULT NULL)
RETURNS TABLE (k bigint, document_id bigint, code text, form text, copies smallint, stop integer, client text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH docs AS (
        SELECT d.id, d.code, d.kind, d.point_id, rp.stop::integer AS stop, c.name AS client
          FROM polka.documents d
          JOIN polka.trips t ON t.id = d.trip_id
          LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = d.point_id
          LEFT JOIN polka.partners c ON c.id = d.client_id
         WHERE d.trip_id = p_trip AND d.cancelled_at IS NULL AND (p_document IS NULL OR d.id = p_document)),
    plans AS (
        SELECT u.id, u.code, u.stop, u.client, p.form, p.copies
          FROM docs u CROSS JOIN LATERAL polka.print_plan(u.point_id) p
         WHERE u.kind = 'upd'),
    note AS (
        SELECT n.id, n.code, NULL::integer AS stop, NULL::text AS client, 'tn'::text AS form,
               (SELECT max(p.copies) FROM polka.documents u CROSS JOIN LATERAL polka.print_plan(u.point_id) p
                 WHERE u.trip_id = p_trip AND u.kind = 'upd' AND u.cancelled_at IS NULL AND p.form = 'tn') AS copies
          FROM docs n WHERE n.kind = 'tn')
    SELECT row_number() OVER (ORDER BY x.form <> 'tn', x.stop NULLS LAST, x.code,
                                       array_position('{tn,upd,packing_list,quality_cert}'::text[], x.form)),
           x.id, x.code, x.form, x.copies, x.stop, x.client
      FROM (SELECT * FROM note UNION ALL SELECT p.id, p.code, p.stop, p.client, p.form, p.copies FROM plans p
             WHERE p.form <> 'tn') x
     WHERE x.copies > 0
     ORDER BY 1
$$;
GRANT EXECUTE ON FUNCTION polka.trip_print_set(bigint,bigint) TO polka_user;

-- A decimal as the forms print it: no trailing zeros past the unit's, a point.
CREATE OR REPLACE FUNCTION polka.print_qty(q numeric) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN trim_scale(q)::text;
GRANT EXECUTE ON FUNCTION polka.print_qty(numeric) TO polka_user;

CREATE OR REPLACE FUNCTION polka.print_date(d date) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN to_char(d, 'DD.MM.YYYY');
GRANT EXECUTE ON FUNCTION polka.print_date(date) TO polka_user;

-- The company's details the forms print (settings company_name, company_inn, company_kpp,
-- company_address); refused while its name or INN is not set.
CREATE OR REPLACE FUNCTION polka.print_company() RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    co jsonb := (SELECT jsonb_object_agg(s.key, s.value) FROM polka.settings s WHERE s.key LIKE 'company\_%');
BEGIN
    IF coalesce(co ->> 'company_name', '') = '' OR coalesce(co ->> 'company_inn', '') = '' THEN
        RAISE EXCEPTION 'the company''s name and INN are not set: an administrator sets them (settings company_name, company_inn)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'print_company_known';
    END IF;
    RETURN co;
END
$$;
GRANT EXECUTE ON FUNCTION polka.print_company() TO polka_user;

-- A document's content in one of its forms: its head fields and the arrays "lines" and
-- "pallets" (a document as DOC_ROWS reads it), every value a string as printed (include/polka/print.h names the keys). The seller
-- and shipper are the company's details (settings company_name, company_inn, company_kpp,
-- company_address). Seen as the caller sees the document (row security).
CREATE OR REPLACE FUNCTION polka.document_print(p_document bigint, p_form text) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d polka.documents;
    t polka.trips;
    co jsonb := polka.print_company();
    head jsonb;
    lines jsonb := '[]';
    pallets jsonb := '[]';
BEGIN
    SELECT * INTO d FROM polka.documents WHERE id = p_document;
    IF NOT FOUND THEN PERFORM polka.not_found('document', p_document); END IF;
    IF d.cancelled_at IS NOT NULL THEN
        RAISE EXCEPTION 'document % is cancelled: it is not printed', d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'print_document_live';
    END IF;
    IF NOT (p_form = 'tn' AND d.kind = 'tn' OR p_form IN ('upd', 'packing_list', 'quality_cert') AND d.kind = 'upd') THEN
        RAISE EXCEPTION 'document % is not printed as %', d.code, p_form
            USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'print_form_of_document';
    END IF;
    SELECT * INTO t FROM polka.trips WHERE id = d.trip_id;
    head := jsonb_build_object(
        'form', p_form, 'code', d.code, 'number', d.seq::text, 'date', polka.print_date(d.doc_date),
        'trip', t.number, 'amount', d.amount::text, 'vat_amount', d.vat_amount::text,
        'net', (d.amount - d.vat_amount)::text, 'weight_kg', polka.print_qty(round(d.weight_kg, 1)),
        'pallets', d.pallets::text,
        'seller_name', co ->> 'company_name', 'seller_inn', co ->> 'company_inn',
        'seller_kpp', co ->> 'company_kpp', 'seller_address', co ->> 'company_address',
        'shipper_name', co ->> 'company_name', 'shipper_inn', co ->> 'company_inn',
        'shipper_address', co ->> 'company_address',
        'cancelled', d.cancelled_at IS NOT NULL);
    head := head || (SELECT jsonb_build_object('vehicle', v.plate || coalesce(' ' || v.model, ''),
                                               'carrier_name', cr.legal_name, 'driver', coalesce(t.driver, v.driver),
                                               'loading_address', w.address)
                       FROM polka.warehouses w
                       LEFT JOIN polka.vehicles v ON v.id = t.vehicle_id
                       LEFT JOIN polka.partners cr ON cr.id = v.carrier_id
                      WHERE w.id = t.warehouse_id);
    IF d.kind = 'upd' THEN
        head := head || (SELECT jsonb_build_object(
                            'buyer_name', c.legal_name, 'buyer_inn', c.inn, 'buyer_kpp', c.kpp,
                            'buyer_address', c.legal_address, 'consignee', p.name || ', ' || p.address,
                            'basis', a.name || ' ' || a.code)
                           FROM polka.partners c
                           JOIN polka.delivery_points p ON p.id = d.point_id
                           JOIN polka.orders o ON o.id = d.order_id
                           LEFT JOIN polka.agreements a ON a.id = o.agreement_id
                          WHERE c.id = d.client_id);
    END IF;

    IF p_form = 'tn' THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'n', coalesce(rp.stop, 0)::text, 'consignee', c.legal_name, 'address', p.name || ', ' || p.address,
                   'document', u.code, 'pallets', u.pallets::text, 'weight_kg', polka.print_qty(round(u.weight_kg, 1)),
                   'amount', u.amount::text) ORDER BY rp.stop, u.code), '[]')
          INTO lines
          FROM polka.documents u
          JOIN polka.partners c ON c.id = u.client_id
          JOIN polka.delivery_points p ON p.id = u.point_id
          LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = u.point_id
         WHERE u.trip_id = d.trip_id AND u.kind = 'upd' AND u.cancelled_at IS NULL;
    ELSIF p_form IN ('upd', 'quality_cert') THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'n', l.n::text, 'code', pr.code, 'name', pr.name, 'unit', pr.unit, 'qty', polka.print_qty(l.qty),
                   'price_net', round((l.amount - l.vat_amount) / l.qty, 2)::text,
                   'net', (l.amount - l.vat_amount)::text, 'vat_rate', polka.print_qty(l.vat_rate) || '%',
                   'vat_amount', l.vat_amount::text, 'amount', l.amount::text, 'batch', b.batch,
                   'produced', polka.print_date(b.produced_on), 'expires', polka.print_date(b.expires_on),
                   'certificate', coalesce(pr.certificate, '—')) ORDER BY l.n), '[]')
          INTO lines
          FROM polka.document_lines l
          JOIN polka.products pr ON pr.id = l.product_id
          JOIN polka.stock_batches b ON b.id = l.batch_id
         WHERE l.document_id = d.id;
    ELSE
        -- What is on each pallet: the picking facts of the document's lines, by SSCC.
        SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'sscc', coalesce(f.sscc, ''), 'code', pr.code, 'name', pr.name, 'batch', b.batch,
                   'expires', polka.print_date(b.expires_on), 'qty', polka.print_qty(f.qty), 'unit', pr.unit)
                   ORDER BY f.sscc NULLS LAST, pr.code, b.batch), '[]')
          INTO pallets
          FROM polka.picking_facts f
          JOIN polka.order_lines ol ON ol.id = f.order_line_id
          JOIN polka.products pr ON pr.id = ol.product_id
          JOIN polka.stock_batches b ON b.id = f.batch_id
         WHERE f.trip_id = d.trip_id AND ol.order_id = d.order_id;
    END IF;
    RETURN head || jsonb_build_object('lines', lines, 'pallets', pallets);
END
$$;
GRANT EXECUTE ON FUNCTION polka.document_print(bigint,text) TO polka_user;

-- One business action: what the print server took, logged (p_items: [{"document_id",
-- "form", "copies", "pages"}]), each row a reprint when its document was printed before (or
-- p_reprint); the documents printed (the first time), and a trip printed once every live
-- document of it is printed or has nothing to print by its rules. The trips are locked first,
-- in id order, as the storno locks them (no deadlock); a document cancelled meanwhile is
-- logged (it went out) but not marked.
CREATE OR REPLACE FUNCTION polka.print_done(p_items jsonb, p_printer text, p_job text, p_reprint boolean DEFAULT false)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_trips bigint[];
    v_count int;
BEGIN
    PERFORM polka.documents_rights_check();
    IF jsonb_typeof(p_items) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'the printed items must be an array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(DISTINCT d.trip_id) INTO v_trips
      FROM polka.documents d
     WHERE d.id IN (SELECT (x ->> 'document_id')::bigint FROM jsonb_array_elements(p_items) x);
    PERFORM 1 FROM polka.trips t WHERE t.id = ANY (v_trips) ORDER BY t.id FOR UPDATE;
    INSERT INTO polka.print_log (document_id, form, copies, pages, printer, job, reprint)
    SELECT (x ->> 'document_id')::bigint, x ->> 'form', (x ->> 'copies')::smallint, (x ->> 'pages')::int,
           p_printer, p_job, coalesce(p_reprint, false) OR d.printed_at IS NOT NULL
      FROM jsonb_array_elements(p_items) x
      LEFT JOIN polka.documents d ON d.id = (x ->> 'document_id')::bigint;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    UPDATE polka.documents d SET printed_at = now()
     WHERE d.id IN (SELECT (x ->> 'document_id')::bigint FROM jsonb_array_elements(p_items) x)
       AND d.printed_at IS NULL AND d.cancelled_at IS NULL;
    -- A trip's documents its rules print nothing of are done once the rest of its set is.
    WITH sets AS (SELECT t.id AS trip_id, p.document_id
                    FROM unnest(v_trips) t(id) CROSS JOIN LATERAL polka.trip_print_set(t.id) p)
    UPDATE polka.documents d SET printed_at = now()
     WHERE d.trip_id = ANY (v_trips) AND d.printed_at IS NULL AND d.cancelled_at IS NULL
       AND d.id NOT IN (SELECT x.document_id FROM sets x)
       AND NOT EXISTS (SELECT FROM sets x JOIN polka.documents u ON u.id = x.document_id
                        WHERE x.trip_id = d.trip_id AND u.printed_at IS NULL);
    UPDATE polka.trips t SET status = 'printed', status_at = now(), version = version + 1
     WHERE t.id = ANY (v_trips) AND t.status = 'documents'
       AND NOT EXISTS (SELECT FROM polka.documents d
                        WHERE d.trip_id = t.id AND d.cancelled_at IS NULL AND d.printed_at IS NULL);
    RETURN v_count;
END
$$;
GRANT EXECUTE ON FUNCTION polka.print_done(jsonb,text,text,boolean) TO polka_user;
