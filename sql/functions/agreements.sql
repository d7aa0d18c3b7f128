-- agreements.sql: agreements (соглашения): cards, statuses, typical and individual.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Agreements ----------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION polka.agreement_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT polka.doc_found((
    SELECT to_jsonb(a) || jsonb_build_object(
               'price_type_id.label', t.code || ' ' || t.name,
               'client_id.label', c.name || ' (' || c.code || ')',
               'parent_id.label', pa.code || ' ' || pa.name)
      FROM polka.agreements a
      JOIN polka.price_types t ON t.id = a.price_type_id
      LEFT JOIN polka.partners c ON c.id = a.client_id
      LEFT JOIN polka.agreements pa ON pa.id = a.parent_id
     WHERE a.id = p_id), 'agreement', p_id)
$$;
GRANT EXECUTE ON FUNCTION polka.agreement_get(bigint) TO polka_user;

-- Agreements matching q (code, name, client name or code), typical ones first.
CREATE OR REPLACE FUNCTION polka.agreement_list(q text, lim int)
RETURNS TABLE (id bigint, code text, name text, kind text, client text, price_type text,
               status text, valid_from date, valid_to date)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT a.id, a.code, a.name, a.kind, coalesce(c.name, s.name), t.code, a.status, a.valid_from, a.valid_to
      FROM polka.agreements a
      JOIN polka.price_types t ON t.id = a.price_type_id
      LEFT JOIN polka.partners c ON c.id = a.client_id
      LEFT JOIN polka.segments s ON s.code = a.segment
     WHERE coalesce(btrim(q), '') = ''
        OR lower(a.code) LIKE polka.like_contains(btrim(q)) OR lower(a.name) LIKE polka.like_contains(btrim(q))
        OR lower(c.name) LIKE polka.like_contains(btrim(q)) OR c.code = btrim(q)
     ORDER BY a.kind = 'individual', a.code
     LIMIT least(greatest(coalesce(lim, 100), 1), 5000)
$$;
GRANT EXECUTE ON FUNCTION polka.agreement_list(text,integer) TO polka_user;

-- Who may change this agreement: typical ones the head and admins; a client's one also its
-- manager.
CREATE OR REPLACE FUNCTION polka.agreement_rights_check(p_kind text, p_client bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_kind = 'individual' THEN
        PERFORM polka.client_rights_check(p_client);
    ELSIF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only the head and administrators change typical agreements'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- One business action: a client's individual agreement made from a typical one (a draft with
-- its terms). Returns the new id.
CREATE OR REPLACE FUNCTION polka.agreement_from_typical(p_typical bigint, p_client bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    t polka.agreements;
    c polka.partners;
    aid bigint;
BEGIN
    PERFORM polka.client_rights_check(p_client);
    SELECT * INTO t FROM polka.agreements WHERE id = p_typical AND kind = 'typical';
    IF NOT FOUND THEN PERFORM polka.not_found('typical agreement', p_typical); END IF;
    IF t.status = 'closed' THEN
        RAISE EXCEPTION 'agreement % is closed', t.code USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO c FROM polka.partners WHERE id = p_client;
    IF NOT FOUND THEN PERFORM polka.not_found('client', p_client); END IF;
    INSERT INTO polka.agreements (code, name, kind, client_id, parent_id, price_type_id, payment, credit_days,
                                  lead_days, credit_limit, discount_percent, valid_from, valid_to,
                                  uses_contracts, assortment_only)
    VALUES (left(t.code, 30 - 4 - length(c.code)) || '/' || c.code
            -- a second one of the same client from the same typical one: /2, /3...
            || coalesce('/' || nullif((SELECT count(*) FROM polka.agreements o
                                        WHERE o.parent_id = t.id AND o.client_id = c.id), 0) + 1, ''),
            left(t.name || ': ' || c.name, 200),
            'individual', c.id, t.id, t.price_type_id, t.payment, t.credit_days, t.lead_days, t.credit_limit,
            t.discount_percent, greatest(polka.business_day(), t.valid_from), t.valid_to, t.uses_contracts,
            t.assortment_only)
    RETURNING id INTO aid;
    RETURN aid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.agreement_from_typical(bigint,bigint) TO polka_user;

-- An active agreement must not overlap another active one of the same client (or, typical,
-- of the same segment) in its validity. Activations and changes of active agreements are
-- serialised per client or segment first, so two of them cannot both pass: by a lock on the
-- client's (the segment's) row, which no app role can take (they may not update the tables),
-- so nobody holds it from outside, and a wait ends at the person's lock_timeout.
CREATE OR REPLACE FUNCTION polka.agreement_overlap_check(a polka.agreements) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF a.client_id IS NOT NULL THEN
        PERFORM FROM polka.partners WHERE id = a.client_id FOR NO KEY UPDATE;
    ELSE
        PERFORM FROM polka.segments WHERE code = a.segment FOR NO KEY UPDATE;
    END IF;
    IF EXISTS (
        SELECT FROM polka.agreements o
         WHERE o.id <> a.id AND o.status = 'active' AND o.kind = a.kind
           -- an individual one's segment (if any) does not matter: its client does
           AND CASE a.kind WHEN 'typical' THEN o.segment = a.segment ELSE o.client_id = a.client_id END
           AND daterange(o.valid_from, o.valid_to, '[]') && daterange(a.valid_from, a.valid_to, '[]')) THEN
        RAISE EXCEPTION 'agreement % overlaps another active agreement of the same % in its validity',
            a.code, CASE a.kind WHEN 'typical' THEN 'segment' ELSE 'client' END
            USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'agreements_no_overlap';
    END IF;
END
$$;

-- Status changes of an agreement:
--   draft -> on_approval           who may change it (agreement_rights_check)
--   on_approval -> active | draft  the head (approved, or sent back)
--   active -> closed               the head, admins
-- An agreement becomes active only when no other active agreement of the same client (or,
-- typical, of the same segment) overlaps its validity.
CREATE OR REPLACE FUNCTION polka.agreement_set_status(p_id bigint, p_status text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a polka.agreements;
BEGIN
    SELECT * INTO a FROM polka.agreements WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('agreement', p_id); END IF;
    IF (a.status, p_status) = ('draft', 'on_approval') THEN
        PERFORM polka.agreement_rights_check(a.kind, a.client_id);
    ELSIF (a.status, p_status) IN (('on_approval', 'active'), ('on_approval', 'draft')) THEN
        IF NOT polka.has_role('head') THEN
            RAISE EXCEPTION 'only the head approves agreements' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_status = 'active' THEN
            PERFORM polka.agreement_overlap_check(a);
        END IF;
    ELSIF (a.status, p_status) = ('active', 'closed') THEN
        IF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
            RAISE EXCEPTION 'only the head and administrators close agreements' USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSE
        RAISE EXCEPTION 'an agreement cannot go from % to %', a.status, p_status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE polka.agreements
       SET status = p_status, version = version + 1,
           approved_by = CASE WHEN p_status = 'active' THEN session_user::text ELSE approved_by END
     WHERE id = p_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.agreement_set_status(bigint,text) TO polka_user;

-- One business action: save an agreement (new: a draft). A manager changes drafts only; the
-- head and admins any agreement that is not closed. Returns the id.
CREATE OR REPLACE FUNCTION polka.agreement_save_terms(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    aid bigint := (doc ->> 'id')::bigint;
    old polka.agreements;
    v_kind text := polka.doc_text(doc, 'kind');
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
BEGIN
    PERFORM polka.agreement_rights_check(v_kind, v_client);
    IF aid IS NOT NULL THEN
        SELECT * INTO old FROM polka.agreements WHERE id = aid FOR UPDATE;
        IF NOT FOUND THEN PERFORM polka.not_found('agreement', aid); END IF;
        PERFORM polka.agreement_rights_check(old.kind, old.client_id);
        IF old.version IS DISTINCT FROM (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'agreement % was changed by someone else; reload it', old.code USING ERRCODE = 'PLK01';
        END IF;
        IF old.status = 'closed' OR (old.status <> 'draft' AND NOT (polka.has_role('head') OR polka.has_role('admin'))) THEN
            RAISE EXCEPTION 'agreement % is %: only a draft is changed', old.code, old.status
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF old.kind IS DISTINCT FROM v_kind THEN
            RAISE EXCEPTION 'the kind of an agreement does not change; make a new one' USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;
    IF EXISTS (SELECT FROM polka.price_types t WHERE t.id = (polka.doc_text(doc, 'price_type_id'))::bigint
                  AND t.kind = 'individual' AND t.client_id IS DISTINCT FROM v_client) THEN
        RAISE EXCEPTION 'an individual price type is for its own client''s agreements only'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF aid IS NULL THEN
        INSERT INTO polka.agreements (code, name, kind, segment, client_id, parent_id, price_type_id, payment,
                                      credit_days, lead_days, credit_limit, discount_percent, valid_from,
                                      valid_to, uses_contracts, assortment_only)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'), v_kind, polka.doc_text(doc, 'segment'),
                v_client, (polka.doc_text(doc, 'parent_id'))::bigint, (polka.doc_text(doc, 'price_type_id'))::bigint,
                coalesce(polka.doc_text(doc, 'payment'), 'credit'), (polka.doc_text(doc, 'credit_days'))::int,
                coalesce((polka.doc_text(doc, 'lead_days'))::int, 1), (polka.doc_text(doc, 'credit_limit'))::numeric,
                coalesce((polka.doc_text(doc, 'discount_percent'))::numeric, 0),
                coalesce((polka.doc_text(doc, 'valid_from'))::date, polka.business_day()), (polka.doc_text(doc, 'valid_to'))::date,
                coalesce((polka.doc_text(doc, 'uses_contracts'))::boolean, false),
                coalesce((polka.doc_text(doc, 'assortment_only'))::boolean, false))
        RETURNING id INTO aid;
    ELSE
        UPDATE polka.agreements
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'), kind = v_kind,
               segment = polka.doc_text(doc, 'segment'), client_id = v_client,
               parent_id = (polka.doc_text(doc, 'parent_id'))::bigint,
               price_type_id = (polka.doc_text(doc, 'price_type_id'))::bigint,
               payment = coalesce(polka.doc_text(doc, 'payment'), 'credit'),
               credit_days = (polka.doc_text(doc, 'credit_days'))::int,
               lead_days = coalesce((polka.doc_text(doc, 'lead_days'))::int, 1),
               credit_limit = (polka.doc_text(doc, 'credit_limit'))::numeric,
               discount_percent = coalesce((polka.doc_text(doc, 'discount_percent'))::numeric, 0),
               valid_from = coalesce((polka.doc_text(doc, 'valid_from'))::date, polka.business_day()),
               valid_to = (polka.doc_text(doc, 'valid_to'))::date,
               uses_contracts = coalesce((polka.doc_text(doc, 'uses_contracts'))::boolean, false),
               assortment_only = coalesce((polka.doc_text(doc, 'assortment_only'))::boolean, false),
               version = version + 1
         WHERE id = aid;
        IF old.status = 'active' THEN -- changed while in force: still alone in its period
            PERFORM polka.agreement_overlap_check(a) FROM polka.agreements a WHERE a.id = aid;
        END IF;
    END IF;
    RETURN aid;
END
$$;

CREATE OR REPLACE FUNCTION polka.agreement_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    aid bigint := polka.agreement_save_terms(doc);
BEGIN
    UPDATE polka.agreements SET min_order = (polka.doc_text(doc, 'min_order'))::numeric
     WHERE id = aid AND min_order IS DISTINCT FROM (polka.doc_text(doc, 'min_order'))::numeric;
    RETURN aid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.agreement_save(jsonb) TO polka_user;

-- The agreement an order of the client gets on day p_on: the client's own active agreement
-- in force that day, else the active typical one of its segment; the latest begun of them.
-- (Two lookups by index, the client's then the segment's, rather than one OR that reads every
-- agreement; plpgsql: see polka.business_tz.)
CREATE OR REPLACE FUNCTION polka.client_agreement(p_client bigint, p_on date) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    SELECT a.id INTO v_id FROM polka.agreements a
     WHERE a.client_id = p_client AND a.status = 'active' AND p_on >= a.valid_from
       AND p_on <= coalesce(a.valid_to, p_on)
     ORDER BY a.valid_from DESC, a.id DESC LIMIT 1;
    IF v_id IS NULL THEN
        SELECT a.id INTO v_id FROM polka.agreements a JOIN polka.partners p ON p.id = p_client
         WHERE a.kind = 'typical' AND a.segment = p.segment AND a.status = 'active' AND p_on >= a.valid_from
           AND p_on <= coalesce(a.valid_to, p_on)
         ORDER BY a.valid_from DESC, a.id DESC LIMIT 1;
    END IF;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.client_agreement(bigint,date) TO polka_user;

