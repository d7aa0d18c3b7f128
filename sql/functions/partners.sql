-- partners.sql: the partner functions the client calls. Reads run as the caller (SECURITY
-- INVOKER); the one write, partner_save, is one business action = one function = one
-- transaction, SECURITY DEFINER with a fixed search_path.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- The partner list: q matches the code or INN (prefix), the name (anywhere, any case) or
-- the phone (its digits anywhere). Exact code or INN matches come first.
CREATE OR REPLACE FUNCTION polka.partner_search(q text, lim int)
RETURNS TABLE (id bigint, code text, name text, inn text, phone text, segment text,
               manager text, kind text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    -- The query computed once (MATERIALIZED: not again for every partner) from its first 200
    -- characters (a longer one is no name, INN or phone anyone types).
    WITH t AS MATERIALIZED (SELECT btrim(left(coalesce(q, ''), 200)) AS q),
    a AS MATERIALIZED (
        SELECT t.q, polka.like_contains(t.q) AS pat,
               -- 8 999 ... and +7 999 ... are the same number: long ones compare by the last 10.
               CASE WHEN length(regexp_replace(t.q, '[^0-9]', '', 'g')) >= 11
                    THEN right(regexp_replace(t.q, '[^0-9]', '', 'g'), 10)
                    ELSE regexp_replace(t.q, '[^0-9]', '', 'g') END AS digits
          FROM t
    )
    SELECT p.id, p.code, p.name, p.inn, p.phone, p.segment, m.full_name, p.kind
      FROM a, polka.partners p
      LEFT JOIN polka.people m ON m.id = p.manager_id
     WHERE a.q = ''
        OR lower(p.name) LIKE a.pat
        OR lower(p.legal_name) LIKE a.pat
        OR starts_with(lower(p.code), lower(a.q))
        OR a.q ~ '^[0-9]{3,}$' AND starts_with(p.inn, a.q)
        OR length(a.digits) >= 3
           AND regexp_replace(coalesce(p.phone, ''), '[^0-9]', '', 'g') LIKE '%' || a.digits || '%'
     ORDER BY coalesce(p.code = a.q OR p.inn = a.q, false) DESC, p.name, p.id
     LIMIT least(greatest(coalesce(lim, 500), 1), 10000)
$$;
GRANT EXECUTE ON FUNCTION polka.partner_search(text,integer) TO polka_user;

-- The partner card as one document: head fields, contacts, points, relations.
CREATE OR REPLACE FUNCTION polka.partner_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    doc jsonb;
BEGIN
    SELECT jsonb_build_object(
               'id', p.id, 'version', p.version, 'code', p.code, 'kind', p.kind,
               'name', p.name, 'legal_name', p.legal_name, 'inn', p.inn, 'kpp', p.kpp,
               'legal_address', p.legal_address, 'segment', p.segment,
               'priority', p.priority, 'manager_id', p.manager_id, 'manager', m.full_name,
               'phone', p.phone, 'email', p.email, 'shipment_notice', p.shipment_notice,
               'contacts', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                'id', c.id, 'full_name', c.full_name, 'role', c.role,
                                'phone', c.phone, 'email', c.email) ORDER BY c.id)
                             FROM polka.contacts c WHERE c.partner_id = p.id), '[]'),
               'points', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                'id', d.id, 'name', d.name, 'address', d.address,
                                'gln', d.gln) ORDER BY d.id)
                             FROM polka.delivery_points d WHERE d.partner_id = p.id), '[]'),
               'relations', coalesce((SELECT jsonb_agg(jsonb_build_object(
                                'id', r.id, 'kind', r.kind, 'related_id', r.related_id,
                                'related_name', coalesce(o.name || ' (' || o.code || ')',
                                                         '#' || r.related_id)) ORDER BY r.id)
                             FROM polka.partner_relations r
                             -- a related partner the caller may not open shows as its id
                             LEFT JOIN polka.partners o ON o.id = r.related_id
                            WHERE r.partner_id = p.id), '[]'))
      INTO doc
      FROM polka.partners p
      LEFT JOIN polka.people m ON m.id = p.manager_id
     WHERE p.id = p_id;
    IF doc IS NULL THEN
        RAISE EXCEPTION 'partner % not found', p_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN doc;
END
$$;
GRANT EXECUTE ON FUNCTION polka.partner_get(bigint) TO polka_user;

-- Who may save this partner document: managers their own partners (all of them with the
-- right all_clients), admins all. A manager's new partner is his own (an empty manager means
-- him), and a restricted manager cannot hand one to somebody else. Raises 42501 otherwise.
CREATE OR REPLACE FUNCTION polka.partner_rights_check(doc jsonb) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    me bigint := polka.my_person_id();
    pid bigint := (doc ->> 'id')::bigint;
BEGIN
    IF NOT (polka.has_role('manager') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only managers and administrators may change partners'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF polka.has_role('admin') OR polka.has_role('all_clients') THEN
        RETURN;
    END IF;
    IF me IS NULL THEN -- a manager who is not a person here owns no partner
        RAISE EXCEPTION 'you are not registered as a person; ask an administrator'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- (Run by partner_save as the owner, so it sees every partner; an unknown id is left to
    -- partner_save's "not found".)
    IF pid IS NOT NULL AND EXISTS (SELECT FROM polka.partners
                                    WHERE id = pid AND manager_id IS DISTINCT FROM me) THEN
        RAISE EXCEPTION 'partner % is not one of yours', pid USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF coalesce((doc ->> 'manager_id')::bigint, me) IS DISTINCT FROM me THEN
        RAISE EXCEPTION 'a manager keeps his partners: the responsible manager must be you'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;

-- Saves a whole partner card: head and its rows, in one transaction. New when id is null;
-- otherwise version must match the stored one (someone else's save in between raises
-- PLK01). Rows with an id are updated, rows without one inserted, missing ones deleted; a
-- row id that is not (or no longer) the partner's raises PLK01 too.
-- Returns the partner's id.
CREATE OR REPLACE FUNCTION polka.partner_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pid bigint := (doc ->> 'id')::bigint;
    manager bigint := (doc ->> 'manager_id')::bigint;
    t text;
    nrows bigint;
BEGIN
    IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'a partner document must be a JSON object'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOREACH t IN ARRAY ARRAY['contacts', 'points', 'relations'] LOOP
        IF doc ? t AND jsonb_typeof(doc -> t) NOT IN ('array', 'null') THEN
            RAISE EXCEPTION '% must be an array', t USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
    PERFORM polka.partner_rights_check(doc);
    -- A manager's partner without a manager is his.
    IF manager IS NULL AND polka.has_role('manager') THEN
        manager := polka.my_person_id();
    END IF;

    IF pid IS NULL THEN
        INSERT INTO polka.partners (kind, name, legal_name, inn, kpp, legal_address, segment,
                                    manager_id, priority, phone, email, shipment_notice)
        VALUES (polka.doc_text(doc, 'kind'), polka.doc_text(doc, 'name'),
                polka.doc_text(doc, 'legal_name'), polka.doc_text(doc, 'inn'),
                upper(polka.doc_text(doc, 'kpp')), polka.doc_text(doc, 'legal_address'),
                polka.doc_text(doc, 'segment'), manager,
                coalesce((doc ->> 'priority')::smallint, 5), polka.doc_text(doc, 'phone'),
                polka.doc_text(doc, 'email'), coalesce(polka.doc_text(doc, 'shipment_notice')::boolean, false))
        RETURNING id INTO pid;
    ELSE
        UPDATE polka.partners
           SET kind = polka.doc_text(doc, 'kind'), name = polka.doc_text(doc, 'name'),
               legal_name = polka.doc_text(doc, 'legal_name'), inn = polka.doc_text(doc, 'inn'),
               kpp = upper(polka.doc_text(doc, 'kpp')),
               legal_address = polka.doc_text(doc, 'legal_address'),
               segment = polka.doc_text(doc, 'segment'),
               manager_id = manager,
               priority = coalesce((doc ->> 'priority')::smallint, 5),
               phone = polka.doc_text(doc, 'phone'), email = polka.doc_text(doc, 'email'),
               shipment_notice = coalesce(polka.doc_text(doc, 'shipment_notice')::boolean, false),
               version = version + 1, updated_at = now()
         WHERE id = pid AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.partners WHERE id = pid) THEN
                RAISE EXCEPTION 'partner % was changed by someone else', pid
                    USING ERRCODE = 'PLK01';
            END IF;
            RAISE EXCEPTION 'partner % not found', pid USING ERRCODE = 'no_data_found';
        END IF;
    END IF;

    -- Contacts.
    DELETE FROM polka.contacts c
     WHERE c.partner_id = pid
       AND c.id NOT IN (SELECT (x ->> 'id')::bigint
                          FROM polka.doc_rows(doc, 'contacts') x
                         WHERE x ->> 'id' IS NOT NULL);
    UPDATE polka.contacts c
       SET full_name = polka.doc_text(x, 'full_name'), role = polka.doc_text(x, 'role'),
           phone = polka.doc_text(x, 'phone'), email = polka.doc_text(x, 'email')
      FROM polka.doc_rows(doc, 'contacts') x
     WHERE c.id = (x ->> 'id')::bigint AND c.partner_id = pid;
    GET DIAGNOSTICS nrows = ROW_COUNT;
    IF nrows <> (SELECT count(*) FROM polka.doc_rows(doc, 'contacts') x WHERE x ->> 'id' IS NOT NULL) THEN
        RAISE EXCEPTION 'a row of contacts was deleted by someone else meanwhile' USING ERRCODE = 'PLK01';
    END IF;
    INSERT INTO polka.contacts (partner_id, full_name, role, phone, email)
    SELECT pid, polka.doc_text(x, 'full_name'), polka.doc_text(x, 'role'),
           polka.doc_text(x, 'phone'), polka.doc_text(x, 'email')
      FROM polka.doc_rows(doc, 'contacts') WITH ORDINALITY AS a(x, n)
     WHERE x ->> 'id' IS NULL
     ORDER BY n;

    -- Delivery points.
    DELETE FROM polka.delivery_points d
     WHERE d.partner_id = pid
       AND d.id NOT IN (SELECT (x ->> 'id')::bigint
                          FROM polka.doc_rows(doc, 'points') x
                         WHERE x ->> 'id' IS NOT NULL);
    UPDATE polka.delivery_points d
       SET name = polka.doc_text(x, 'name'), address = polka.doc_text(x, 'address'),
           gln = polka.doc_text(x, 'gln')
      FROM polka.doc_rows(doc, 'points') x
     WHERE d.id = (x ->> 'id')::bigint AND d.partner_id = pid;
    GET DIAGNOSTICS nrows = ROW_COUNT;
    IF nrows <> (SELECT count(*) FROM polka.doc_rows(doc, 'points') x WHERE x ->> 'id' IS NOT NULL) THEN
        RAISE EXCEPTION 'a row of points was deleted by someone else meanwhile' USING ERRCODE = 'PLK01';
    END IF;
    INSERT INTO polka.delivery_points (partner_id, name, address, gln)
    SELECT pid, polka.doc_text(x, 'name'), polka.doc_text(x, 'address'), polka.doc_text(x, 'gln')
      FROM polka.doc_rows(doc, 'points') WITH ORDINALITY AS a(x, n)
     WHERE x ->> 'id' IS NULL
     ORDER BY n;

    -- Relations.
    DELETE FROM polka.partner_relations r
     WHERE r.partner_id = pid
       AND r.id NOT IN (SELECT (x ->> 'id')::bigint
                          FROM polka.doc_rows(doc, 'relations') x
                         WHERE x ->> 'id' IS NOT NULL);
    UPDATE polka.partner_relations r
       SET kind = polka.doc_text(x, 'kind'), related_id = (x ->> 'related_id')::bigint
      FROM polka.doc_rows(doc, 'relations') x
     WHERE r.id = (x ->> 'id')::bigint AND r.partner_id = pid;
    GET DIAGNOSTICS nrows = ROW_COUNT;
    IF nrows <> (SELECT count(*) FROM polka.doc_rows(doc, 'relations') x WHERE x ->> 'id' IS NOT NULL) THEN
        RAISE EXCEPTION 'a row of relations was deleted by someone else meanwhile' USING ERRCODE = 'PLK01';
    END IF;
    INSERT INTO polka.partner_relations (partner_id, related_id, kind)
    SELECT pid, (x ->> 'related_id')::bigint, polka.doc_text(x, 'kind')
      FROM polka.doc_rows(doc, 'relations') WITH ORDINALITY AS a(x, n)
     WHERE x ->> 'id' IS NULL
     ORDER BY n;

    RETURN pid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.partner_save(jsonb) TO polka_user;

-- Partners that look like the one being registered: same INN, name (either of the two
-- names against either of theirs), phone or e-mail
-- (also among contacts). reason lists what matched: inn, name, phone, email.
-- SECURITY DEFINER: the check looks at all partners, also those the caller may not open
-- (another manager's client registered twice is exactly what it is for); it returns only
-- these few columns, at most 20 rows, and of a partner the caller does not see only its id,
-- code and what matched; such a call is logged in polka.duplicate_checks.
CREATE OR REPLACE FUNCTION polka.partner_duplicates(p_name text, p_legal_name text, p_inn text,
                                         p_phone text, p_email text, p_exclude bigint)
RETURNS TABLE (id bigint, code text, name text, inn text, phone text, email text, reason text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    matched jsonb;
    hidden integer;
BEGIN
    WITH k AS (
        -- (the inputs computed once, at most 200 characters each: a long one matches nothing)
        SELECT nullif(polka.name_key(btrim(left(p_name, 200))), '') AS name_key,
               nullif(polka.name_key(btrim(left(p_legal_name, 200))), '') AS legal_key,
               nullif(btrim(left(p_inn, 20)), '') AS inn,
               polka.phone_key(left(p_phone, 40)) AS phone_key,
               lower(nullif(btrim(left(p_email, 200)), '')) AS email
    ), hits AS (
        SELECT p.id, 'inn' AS reason, 1 AS ord FROM k, polka.partners p WHERE p.inn = k.inn
        UNION ALL
        SELECT p.id, 'name', 2 FROM k, polka.partners p
         WHERE polka.name_key(p.name) IN (k.name_key, k.legal_key)
            OR polka.name_key(p.legal_name) IN (k.name_key, k.legal_key)
        UNION ALL
        SELECT p.id, 'phone', 3 FROM k, polka.partners p WHERE polka.phone_key(p.phone) = k.phone_key
        UNION ALL
        SELECT c.partner_id, 'phone', 3 FROM k, polka.contacts c
         WHERE polka.phone_key(c.phone) = k.phone_key
        UNION ALL
        SELECT p.id, 'email', 4 FROM k, polka.partners p WHERE lower(p.email) = k.email
        UNION ALL
        SELECT c.partner_id, 'email', 4 FROM k, polka.contacts c WHERE lower(c.email) = k.email
    ), agg AS (
        SELECT h.id, string_agg(DISTINCT h.reason, ',') AS reason, min(h.ord) AS ord,
               count(DISTINCT h.reason) AS n
          FROM hits h
         WHERE h.id IS DISTINCT FROM p_exclude
         GROUP BY h.id
    )
    SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.rank), '[]') INTO matched
      FROM (SELECT p.id, p.code, p.name, p.inn, p.phone, p.email, a.reason,
                   polka.sees_all_partners() OR p.manager_id IS NOT DISTINCT FROM polka.my_person_id() AS visible,
                   row_number() OVER (ORDER BY a.n DESC, a.ord, p.name, p.id) AS rank
              FROM agg a JOIN polka.partners p ON p.id = a.id
             ORDER BY a.n DESC, a.ord, p.name, p.id
             LIMIT 20) x;
    -- A partner the caller does not see: its code and what matched, nothing of its own.
    SELECT count(*) INTO hidden FROM jsonb_array_elements(matched) e WHERE NOT (e ->> 'visible')::boolean;
    IF hidden > 0 THEN
        INSERT INTO polka.duplicate_checks (args, hidden)
        VALUES (jsonb_build_object('name', left(p_name, 200), 'legal_name', left(p_legal_name, 200),
                                   'inn', left(p_inn, 20), 'phone', left(p_phone, 40), 'email', left(p_email, 200)),
                hidden);
    END IF;
    RETURN QUERY
    SELECT (e ->> 'id')::bigint, e ->> 'code', v.shown ->> 'name', v.shown ->> 'inn', v.shown ->> 'phone',
           v.shown ->> 'email', e ->> 'reason'
      FROM jsonb_array_elements(matched) WITH ORDINALITY AS f(e, i)
     CROSS JOIN LATERAL (SELECT CASE WHEN (e ->> 'visible')::boolean THEN e END AS shown) v
     ORDER BY f.i;
END
$$;
GRANT EXECUTE ON FUNCTION polka.partner_duplicates(text,text,text,text,text,bigint) TO polka_user;

