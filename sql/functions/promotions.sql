-- promotions.sql: promotions (акции): cards and statuses.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Status changes, one function: who may do which is decided here.
--   draft -> on_approval        managers, the head, admins
--   on_approval -> approved     the head or promo_approver (not on a closed agreement)
--   on_approval -> draft        the head or promo_approver (sent back)
--   approved -> ended_early     the head or promo_approver, from p_on (within the period)
CREATE OR REPLACE FUNCTION polka.promotion_set_status(p_id bigint, p_status text, p_on date DEFAULT current_date)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pr polka.promotions;
    approver boolean := polka.has_role('head') OR polka.has_role('promo_approver');
BEGIN
    SELECT * INTO pr FROM polka.promotions WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('promotion', p_id); END IF;
    IF (pr.status, p_status) = ('draft', 'on_approval') THEN
        IF NOT (polka.has_role('manager') OR polka.has_role('head') OR polka.has_role('admin')) THEN
            RAISE EXCEPTION 'only managers send promotions for approval' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT EXISTS (SELECT FROM polka.promotion_rules WHERE promotion_id = p_id)
           OR NOT EXISTS (SELECT FROM polka.promotion_agreements WHERE promotion_id = p_id) THEN
            RAISE EXCEPTION 'promotion % needs rules and agreements first', pr.code
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions SET status = p_status, version = version + 1 WHERE id = p_id;
    ELSIF (pr.status, p_status) IN (('on_approval', 'approved'), ('on_approval', 'draft')) THEN
        IF NOT approver THEN
            RAISE EXCEPTION 'only the head approves promotions' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_status = 'approved' AND EXISTS (
            SELECT FROM polka.promotion_agreements pa JOIN polka.agreements a ON a.id = pa.agreement_id
             WHERE pa.promotion_id = p_id AND (a.status = 'closed' OR a.valid_to < pr.valid_from)) THEN
            RAISE EXCEPTION 'promotion % names an agreement that is closed or over', pr.code
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions
           SET status = p_status, approved_by = CASE WHEN p_status = 'approved' THEN session_user END,
               version = version + 1
         WHERE id = p_id;
    ELSIF (pr.status, p_status) = ('approved', 'ended_early') THEN
        IF NOT approver THEN
            RAISE EXCEPTION 'only the head ends promotions early' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_on IS NULL OR p_on < pr.valid_from OR p_on > pr.valid_to THEN
            RAISE EXCEPTION 'a promotion ends early within its period (% to %)', pr.valid_from, pr.valid_to
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions SET status = p_status, ended_on = p_on, version = version + 1 WHERE id = p_id;
    ELSE
        RAISE EXCEPTION 'a promotion cannot go from % to %', pr.status, p_status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.promotion_set_status(bigint,text,date) TO polka_user;

-- Promotions ----------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION polka.promotion_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT polka.doc_found((
    SELECT to_jsonb(m) || jsonb_build_object(
               'agreements', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                 'id', pa.id, 'agreement_id', pa.agreement_id,
                                 'agreement_id.label', a.code || ' ' || a.name, 'status', a.status)
                                 ORDER BY a.code)
                               FROM polka.promotion_agreements pa JOIN polka.agreements a ON a.id = pa.agreement_id
                              WHERE pa.promotion_id = m.id), '[]'),
               'rules', coalesce((SELECT jsonb_agg(jsonb_build_object(
                            'id', r.id, 'category_id', r.category_id, 'category_id.label', c.name,
                            'product_id', r.product_id, 'product_id.label', pd.code || ' ' || pd.name,
                            'percent', r.percent, 'fixed_price', r.fixed_price) ORDER BY r.id)
                          FROM polka.promotion_rules r
                          LEFT JOIN polka.categories c ON c.id = r.category_id
                          LEFT JOIN polka.products pd ON pd.id = r.product_id
                         WHERE r.promotion_id = m.id), '[]'))
      FROM polka.promotions m
     WHERE m.id = p_id), 'promotion', p_id)
$$;
GRANT EXECUTE ON FUNCTION polka.promotion_get(bigint) TO polka_user;

-- Promotions matching q, with the status they have on p_on (default: the business day): draft,
-- on_approval, approved (not started yet), active, ended, ended_early. The promotion list
-- (forms/promotions.form) calls it with q and lim.
CREATE OR REPLACE FUNCTION polka.promotion_list(q text, p_on date DEFAULT NULL, lim int DEFAULT 100)
RETURNS TABLE (id bigint, code text, name text, valid_from date, valid_to date, status text,
               state text, agreements bigint, rules bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH d AS (SELECT coalesce(p_on, polka.business_day()) AS on_day)
    SELECT m.id, m.code, m.name, m.valid_from, m.valid_to, m.status,
           CASE WHEN m.status <> 'approved' THEN m.status
                WHEN d.on_day < m.valid_from THEN 'approved'
                WHEN d.on_day > m.valid_to THEN 'ended'
                ELSE 'active' END,
           (SELECT count(*) FROM polka.promotion_agreements pa WHERE pa.promotion_id = m.id),
           (SELECT count(*) FROM polka.promotion_rules r WHERE r.promotion_id = m.id)
      FROM d, polka.promotions m
     WHERE coalesce(btrim(q), '') = ''
        OR lower(m.code) LIKE polka.like_contains(btrim(q)) OR lower(m.name) LIKE polka.like_contains(btrim(q))
     ORDER BY m.valid_from DESC, m.code
     LIMIT least(greatest(coalesce(lim, 100), 1), 5000)
$$;
GRANT EXECUTE ON FUNCTION polka.promotion_list(text,date,integer) TO polka_user;

-- One business action: save a promotion draft with its agreements and rules (replaced whole).
-- Managers, the head and admins; only drafts change. An agreement that is closed or over
-- before the promotion starts is refused. Returns the id.
CREATE OR REPLACE FUNCTION polka.promotion_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    mid bigint := (doc ->> 'id')::bigint;
    old polka.promotions;
    bad text;
BEGIN
    IF NOT (polka.has_role('manager') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only managers, the head and administrators change promotions'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF mid IS NOT NULL THEN
        SELECT * INTO old FROM polka.promotions WHERE id = mid FOR UPDATE;
        IF NOT FOUND THEN PERFORM polka.not_found('promotion', mid); END IF;
        IF old.version IS DISTINCT FROM (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'promotion % was changed by someone else; reload it', old.code USING ERRCODE = 'PLK01';
        END IF;
        IF old.status <> 'draft' THEN
            RAISE EXCEPTION 'promotion % is %: only a draft is changed', old.code, old.status
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        UPDATE polka.promotions
           SET code = polka.doc_text(doc, 'code'), name = polka.doc_text(doc, 'name'),
               valid_from = (polka.doc_text(doc, 'valid_from'))::date, valid_to = (polka.doc_text(doc, 'valid_to'))::date,
               version = version + 1
         WHERE id = mid;
    ELSE
        INSERT INTO polka.promotions (code, name, valid_from, valid_to)
        VALUES (polka.doc_text(doc, 'code'), polka.doc_text(doc, 'name'),
                (polka.doc_text(doc, 'valid_from'))::date, (polka.doc_text(doc, 'valid_to'))::date)
        RETURNING id INTO mid;
    END IF;
    -- Agreements of clients the caller may not change (another manager's) stay as they are,
    -- whatever the document says (he cannot see them, so his document lacks them); a promotion
    -- that has such agreements is changed only by the head, administrators or its author.
    IF old.id IS NOT NULL AND NOT (polka.has_role('head') OR polka.has_role('admin'))
       AND old.created_by IS DISTINCT FROM session_user::text
       AND EXISTS (SELECT FROM polka.promotion_agreements pa JOIN polka.agreements a ON a.id = pa.agreement_id
                    WHERE pa.promotion_id = mid AND NOT polka.client_changeable(a.client_id)) THEN
        RAISE EXCEPTION 'promotion % is on other managers'' clients'' agreements: only the head or its author changes it', old.code
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- A manager attaches his own clients' agreements (and typical ones); client_rights_check
    -- says which one is not.
    PERFORM polka.client_rights_check(a.client_id)
       FROM polka.doc_rows(doc, 'agreements') x
       JOIN polka.agreements a ON a.id = (polka.doc_text(x, 'agreement_id'))::bigint
      WHERE a.client_id IS NOT NULL
        AND NOT EXISTS (SELECT FROM polka.promotion_agreements pa WHERE pa.promotion_id = mid AND pa.agreement_id = a.id);
    SELECT a.code INTO bad FROM polka.doc_rows(doc, 'agreements') x
      JOIN polka.agreements a ON a.id = (polka.doc_text(x, 'agreement_id'))::bigint
     WHERE a.status = 'closed' OR a.valid_to < (polka.doc_text(doc, 'valid_from'))::date
     LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'agreement % is closed or over before the promotion starts', bad
            USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'promotion_agreements_open';
    END IF;
    DELETE FROM polka.promotion_agreements pa
     USING polka.agreements a
     WHERE pa.promotion_id = mid AND a.id = pa.agreement_id AND polka.client_changeable(a.client_id)
       AND pa.agreement_id NOT IN (SELECT (polka.doc_text(x, 'agreement_id'))::bigint
                                     FROM polka.doc_rows(doc, 'agreements') x
                                    WHERE polka.doc_text(x, 'agreement_id') IS NOT NULL);
    INSERT INTO polka.promotion_agreements (promotion_id, agreement_id)
    SELECT DISTINCT mid, (polka.doc_text(x, 'agreement_id'))::bigint FROM polka.doc_rows(doc, 'agreements') x
    ON CONFLICT (promotion_id, agreement_id) DO NOTHING;
    DELETE FROM polka.promotion_rules WHERE promotion_id = mid;
    INSERT INTO polka.promotion_rules (promotion_id, category_id, product_id, percent, fixed_price)
    SELECT mid, (polka.doc_text(x, 'category_id'))::bigint, (polka.doc_text(x, 'product_id'))::bigint,
           (polka.doc_text(x, 'percent'))::numeric, (polka.doc_text(x, 'fixed_price'))::numeric
      FROM polka.doc_rows(doc, 'rules') x;
    RETURN mid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.promotion_save(jsonb) TO polka_user;

