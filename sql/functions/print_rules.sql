-- print_rules.sql: print rules (issue 15, schema 022): the card of a rule set (a delivery
-- point's, a client's, a segment's or the default) with its forms and copies, the list, and
-- what a delivery point's documents are printed in (most specific first: point, client,
-- segment, default; per form).
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- A rule set's rank: the most specific first.
CREATE OR REPLACE FUNCTION polka.print_scope(s polka.print_rule_sets) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN s.point_id IS NOT NULL THEN 'point' WHEN s.client_id IS NOT NULL THEN 'client'
            WHEN s.segment IS NOT NULL THEN 'segment' ELSE 'default' END;
GRANT EXECUTE ON FUNCTION polka.print_scope(polka.print_rule_sets) TO polka_user;

CREATE OR REPLACE FUNCTION polka.print_rules_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN polka.doc_found((SELECT jsonb_build_object(
           'id', s.id, 'version', s.version,
           'point_id', s.point_id, 'point_id.label', pc.name || ': ' || p.name,
           'client_id', s.client_id, 'client_id.label', c.name || ' (' || c.code || ')',
           'segment', s.segment, 'note', s.note,
           'rules', coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.id, 'form', r.form, 'copies', r.copies)
                                               ORDER BY array_position('{upd,tn,packing_list,quality_cert}'::text[], r.form))
                                FROM polka.print_rules r WHERE r.set_id = s.id), '[]'))
      FROM polka.print_rule_sets s
      LEFT JOIN polka.delivery_points p ON p.id = s.point_id
      LEFT JOIN polka.partners pc ON pc.id = p.partner_id
      LEFT JOIN polka.partners c ON c.id = s.client_id
     WHERE s.id = p_id),
    'print rules', p_id);
GRANT EXECUTE ON FUNCTION polka.print_rules_get(bigint) TO polka_user;

-- One business action: a rule set with its forms saved (new without id). Forms left out of
-- the set's rows are dropped from it (a less specific set decides them again).
CREATE OR REPLACE FUNCTION polka.print_rules_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    sid bigint := (doc ->> 'id')::bigint;
    v_twice text;
BEGIN
    IF NOT (polka.has_role('waybill_clerk') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only waybill clerks, the head and administrators change print rules'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF jsonb_typeof(doc -> 'rules') NOT IN ('array', 'null') THEN
        RAISE EXCEPTION 'rules must be an array' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT x ->> 'form' INTO v_twice FROM polka.doc_rows(doc, 'rules') x
     GROUP BY x ->> 'form' HAVING count(*) > 1 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the form % is given twice', v_twice
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'print_rules_form_key';
    END IF;
    IF sid IS NULL THEN
        INSERT INTO polka.print_rule_sets (point_id, client_id, segment, note)
        VALUES ((doc ->> 'point_id')::bigint, (doc ->> 'client_id')::bigint, polka.doc_text(doc, 'segment'),
                polka.doc_text(doc, 'note'))
        RETURNING id INTO sid;
    ELSE
        -- The default set stays the default (else a form no set names would print for nobody).
        IF EXISTS (SELECT FROM polka.print_rule_sets r
                    WHERE r.id = sid AND r.point_id IS NULL AND r.client_id IS NULL AND r.segment IS NULL)
           AND coalesce(doc ->> 'point_id', doc ->> 'client_id', polka.doc_text(doc, 'segment')) IS NOT NULL THEN
            RAISE EXCEPTION 'the default print rules stay the default: make a set of their own for the point, client or segment'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'print_rule_sets_default_kept';
        END IF;
        UPDATE polka.print_rule_sets
           SET point_id = (doc ->> 'point_id')::bigint, client_id = (doc ->> 'client_id')::bigint,
               segment = polka.doc_text(doc, 'segment'), note = polka.doc_text(doc, 'note'), version = version + 1
         WHERE id = sid AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.print_rule_sets WHERE id = sid) THEN
                RAISE EXCEPTION 'print rules % were changed by someone else', sid USING ERRCODE = 'PLK01';
            END IF;
            PERFORM polka.not_found('print rules', sid);
        END IF;
    END IF;
    DELETE FROM polka.print_rules r
     WHERE r.set_id = sid AND r.form NOT IN (SELECT x ->> 'form' FROM polka.doc_rows(doc, 'rules') x
                                              WHERE x ->> 'form' IS NOT NULL);
    INSERT INTO polka.print_rules AS r (set_id, form, copies)
    SELECT sid, x ->> 'form', (x ->> 'copies')::smallint FROM polka.doc_rows(doc, 'rules') x
    ON CONFLICT (set_id, form) DO UPDATE SET copies = EXCLUDED.copies
     WHERE r.copies IS DISTINCT FROM EXCLUDED.copies;
    RETURN sid;
END
$$;
GRANT EXECUTE ON FUNCTION polka.print_rules_save(jsonb) TO polka_user;

-- The rule sets, the default first, then segments, clients, points; copies per form (NULL:
-- not set here, a less specific set decides). Found by the client's or point's name or code.
CREATE OR REPLACE FUNCTION polka.print_rules_search(q text, lim int DEFAULT 500)
RETURNS TABLE (id bigint, scope text, whom text, upd smallint, tn smallint, packing_list smallint,
               quality_cert smallint, note text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.id, polka.print_scope(s),
           coalesce(pc.name || ': ' || p.name, c.name || ' (' || c.code || ')', g.name),
           max(r.copies) FILTER (WHERE r.form = 'upd'), max(r.copies) FILTER (WHERE r.form = 'tn'),
           max(r.copies) FILTER (WHERE r.form = 'packing_list'),
           max(r.copies) FILTER (WHERE r.form = 'quality_cert'), s.note
      FROM polka.print_rule_sets s
      LEFT JOIN polka.delivery_points p ON p.id = s.point_id
      LEFT JOIN polka.partners pc ON pc.id = p.partner_id
      LEFT JOIN polka.partners c ON c.id = s.client_id
      LEFT JOIN polka.segments g ON g.code = s.segment
      LEFT JOIN polka.print_rules r ON r.set_id = s.id
     WHERE coalesce(q, '') = ''
        OR strpos(lower(concat_ws(' ', pc.name, pc.code, p.name, c.name, c.code, g.name, s.note)),
                  lower(left(q, 100))) > 0
     GROUP BY s.id, p.id, pc.id, c.id, g.code
     ORDER BY array_position('{default,segment,client,point}'::text[], polka.print_scope(s)), 3, s.id
     LIMIT greatest(coalesce(lim, 500), 0)
$$;
GRANT EXECUTE ON FUNCTION polka.print_rules_search(text,integer) TO polka_user;

-- What a delivery point's documents are printed in: per form the copies of the most specific
-- set naming it (point, its client, the client's segment, the default) and which set that
-- was; forms with 0 copies are there too (not printed).
CREATE OR REPLACE FUNCTION polka.print_plan(p_point bigint)
RETURNS TABLE (form text, copies smallint, source text, set_id bigint)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT DISTINCT ON (r.form) r.form, r.copies, polka.print_scope(s), s.id
      FROM polka.delivery_points p
      JOIN polka.partners c ON c.id = p.partner_id
      JOIN polka.print_rule_sets s
        ON s.point_id = p.id OR s.client_id = c.id OR s.segment = c.segment
        OR (s.point_id IS NULL AND s.client_id IS NULL AND s.segment IS NULL)
      JOIN polka.print_rules r ON r.set_id = s.id
     WHERE p.id = p_point
     ORDER BY r.form, array_position('{point,client,segment,default}'::text[], polka.print_scope(s))
$$;
GRANT EXECUTE ON FUNCTION polka.print_plan(bigint) TO polka_user;
