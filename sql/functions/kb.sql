-- needs schema 030
-- kb.sql: the knowledge base (issue 17, schema 030's polka.kb_articles): articles found by
-- Russian full text (ё read as е, the last word a prefix while it is being typed, whatever the
-- user types never an error), by claim kind and cause; an article read and saved whole (the
-- generic card: quality, the head, administrators write; everyone reads); an article made from
-- a closed claim at one key; the articles proposed for a claim.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes. (Applied
-- after schema 030, whose tables it names.)

SET LOCAL ROLE polka_owner;

-- A cause in words as the look-ups show it: "group / cause" (a group alone: its name).
CREATE OR REPLACE FUNCTION polka.kb_cause_label(p_id bigint) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT coalesce(p.name || ' / ', '') || c.name
              FROM polka.claim_causes c LEFT JOIN polka.claim_causes p ON p.id = c.parent_id
             WHERE c.id = p_id);
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_cause_label(bigint) TO polka_user;

-- What a person typed as a text search query, built so that nothing typed is an error
-- (websearch_to_tsquery: "quotes" a phrase, -word not, or: either; any other punctuation is
-- a space), ё as е. A last word still being typed (the text ends in it, three letters or more:
-- two would match nearly every article; not negated, not inside quotes) is a prefix: its stem
-- or its letters as typed, either. An
-- empty query (only stop words or punctuation) has no nodes (numnode = 0).
CREATE OR REPLACE FUNCTION polka.kb_query(q text) RETURNS tsquery
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
    t text := translate(left(coalesce(q, ''), 2000), 'Ёё', 'Ее');
    w text := substring(t FROM '([0-9A-Za-zА-Яа-я]+)$');
    tq tsquery;
    pq tsquery;
BEGIN
    IF w IS NULL OR length(w) < 3 OR t ~ '(^|[[:space:]])-[0-9A-Za-zА-Яа-я]+$'
       OR (length(t) - length(replace(t, '"', ''))) % 2 = 1 OR lower(w) = 'or' THEN
        RETURN websearch_to_tsquery('pg_catalog.russian', t);
    END IF;
    tq := websearch_to_tsquery('pg_catalog.russian', left(t, length(t) - length(w)));
    -- The word is letters and digits only: its lexemes need no quoting beyond quote_literal.
    SELECT string_agg(DISTINCT quote_literal(l) || ':*', ' | ')::tsquery INTO pq
      FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.russian', w))
                  || tsvector_to_array(to_tsvector('pg_catalog.simple', w))) l;
    RETURN CASE WHEN pq IS NULL THEN tq WHEN numnode(tq) = 0 THEN pq ELSE tq && pq END;
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_query(text) TO polka_user;

-- The causes that count as cause p: itself, its group (its parent) and, for a group, its
-- causes.
CREATE OR REPLACE FUNCTION polka.kb_causes_near(p bigint) RETURNS bigint[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT coalesce(array_agg(c.id), '{}') FROM polka.claim_causes c
             WHERE p IS NOT NULL
               AND (c.id = p OR c.parent_id = p OR c.id = (SELECT x.parent_id FROM polka.claim_causes x WHERE x.id = p)));
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_causes_near(bigint) TO polka_user;

-- The words of an article around the query's matches (one line, at most about 20 words; the
-- body's own ё kept: the excerpt is found in the body read with е, then taken from the body
-- at the same place), or the body's start.
CREATE OR REPLACE FUNCTION polka.kb_snippet(body text, tq tsquery) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    b text := translate(body, 'Ёё', 'Ее');
    frag text;
    pos int;
BEGIN
    IF tq IS NULL OR numnode(tq) = 0 THEN
        RETURN btrim(regexp_replace(left(body, 200), '\s+', ' ', 'g'));
    END IF;
    frag := ts_headline('pg_catalog.russian', b, tq, 'StartSel="",StopSel="",MaxWords=20,MinWords=8,ShortWord=2');
    pos := strpos(b, frag);
    RETURN btrim(regexp_replace(CASE WHEN pos > 0 THEN substr(body, pos, length(frag)) ELSE frag END, '\s+', ' ', 'g'));
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_snippet(text,tsquery) TO polka_user;

-- Articles found by the words of q (polka.kb_query), those of the given kind and cause first
-- (an article without a kind or cause is for every one), then by ts_rank_cd (the title weighs
-- more than the body), the newest first. Without words: the articles of the kind and cause
-- (all of them without either), the best fitting, then the newest first.
CREATE OR REPLACE FUNCTION polka.kb_search(q text DEFAULT NULL, kind text DEFAULT NULL, cause bigint DEFAULT NULL,
                                           lim integer DEFAULT 100)
RETURNS TABLE (id bigint, title text, article_kind text, article_cause text, snippet text, rank real)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    tq tsquery := polka.kb_query(q);
    near bigint[] := polka.kb_causes_near(kb_search.cause);
    p_kind text := kb_search.kind;
    p_cause bigint := kb_search.cause;
BEGIN
    lim := least(greatest(coalesce(lim, 100), 0), 1000);
    IF numnode(tq) > 0 THEN
        RETURN QUERY
        SELECT h.id, h.title, h.kind, polka.kb_cause_label(h.cause_id), polka.kb_snippet(h.body, tq), h.r
          FROM (SELECT a.id, a.title, a.kind, a.cause_id, a.body, a.written_at, ts_rank_cd(a.tsv, tq) AS r,
                       coalesce(a.kind = p_kind, false)::int + 2 * coalesce(a.cause_id = p_cause, false)::int
                           + coalesce(a.cause_id = ANY (near), false)::int AS fit
                  FROM polka.kb_articles a
                 WHERE a.tsv @@ tq
                 ORDER BY fit DESC, r DESC, a.written_at DESC, a.id DESC
                 LIMIT lim) h
         ORDER BY h.fit DESC, h.r DESC, h.written_at DESC, h.id DESC;
    ELSE
        RETURN QUERY
        SELECT h.id, h.title, h.kind, polka.kb_cause_label(h.cause_id), polka.kb_snippet(h.body, NULL), 0::real
          FROM (SELECT a.id, a.title, a.kind, a.cause_id, a.body, a.written_at,
                       coalesce(a.kind = p_kind, false)::int + 2 * coalesce(a.cause_id = p_cause, false)::int
                           + coalesce(a.cause_id = ANY (near), false)::int AS fit
                  FROM polka.kb_articles a
                 WHERE (p_kind IS NULL OR a.kind IS NULL OR a.kind = p_kind)
                   AND (p_cause IS NULL OR a.cause_id IS NULL OR a.cause_id = ANY (near))
                 ORDER BY fit DESC, a.written_at DESC, a.id DESC
                 LIMIT lim) h
         ORDER BY h.fit DESC, h.written_at DESC, h.id DESC;
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_search(text,text,bigint,integer) TO polka_user;

-- The articles proposed for a claim (one the person sees): first those of its kind and cause
-- (its cause's group counts too; an article without a kind or cause is for every one): the
-- exact cause first, then the newest; then the articles its words match (any of them), best
-- first. Its own article (made from it) is not proposed.
CREATE OR REPLACE FUNCTION polka.kb_propose(claim bigint, lim integer DEFAULT 100)
RETURNS TABLE (id bigint, title text, article_kind text, article_cause text, snippet text, rank real)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
#variable_conflict use_column
DECLARE
    k record;
    tq tsquery;
    grp bigint;
BEGIN
    lim := least(greatest(coalesce(lim, 100), 0), 1000);
    SELECT c.id, c.kind, c.cause_id, c.words INTO k FROM polka.claims c WHERE c.id = kb_propose.claim;
    IF NOT FOUND THEN
        PERFORM polka.not_found('claim', kb_propose.claim);
    END IF;
    grp := (SELECT x.parent_id FROM polka.claim_causes x WHERE x.id = k.cause_id);
    SELECT string_agg(DISTINCT quote_literal(l), ' | ')::tsquery INTO tq
      FROM unnest(tsvector_to_array(to_tsvector('pg_catalog.russian', translate(k.words, 'Ёё', 'Ее')))) l;
    RETURN QUERY
    WITH fit AS (
        SELECT a.id, a.title, a.kind, a.cause_id, a.body, 1 AS part,
               CASE WHEN a.cause_id = k.cause_id THEN 3 WHEN a.cause_id = grp THEN 2 ELSE 1 END
                   + coalesce(a.kind = k.kind, false)::int AS r, a.written_at
          FROM polka.kb_articles a
         WHERE (k.kind IS NOT NULL OR k.cause_id IS NOT NULL)
           AND (k.kind IS NULL OR a.kind IS NULL OR a.kind = k.kind)
           AND (k.cause_id IS NULL OR a.cause_id IS NULL OR a.cause_id IN (k.cause_id, grp))
           AND (a.kind IS NOT NULL OR a.cause_id IS NOT NULL)
           AND a.claim_id IS DISTINCT FROM k.id
         ORDER BY r DESC, a.written_at DESC, a.id DESC
         LIMIT lim),
    words AS (
        SELECT a.id, a.title, a.kind, a.cause_id, a.body, 2 AS part, ts_rank_cd(a.tsv, tq) AS r, a.written_at
          FROM polka.kb_articles a
         WHERE tq IS NOT NULL AND a.tsv @@ tq AND a.claim_id IS DISTINCT FROM k.id
           AND a.id NOT IN (SELECT f.id FROM fit f)
         ORDER BY r DESC, a.written_at DESC, a.id DESC
         LIMIT lim)
    SELECT x.id, x.title, x.kind, polka.kb_cause_label(x.cause_id), polka.kb_snippet(x.body, CASE x.part WHEN 2 THEN tq END),
           x.r::real
      FROM (SELECT * FROM fit UNION ALL SELECT * FROM words) x
     ORDER BY x.part, x.r DESC, x.written_at DESC, x.id DESC
     LIMIT lim;
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_propose(bigint,integer) TO polka_user;

-- The knowledge base's list screen (forms/kb.form): what kb_search finds; opened for a claim
-- (screens_kb_for_claim) with nothing typed or chosen, the articles proposed for it; words
-- typed then are searched with the claim's kind and cause first.
CREATE OR REPLACE FUNCTION polka.kb_list(q text DEFAULT NULL, kind text DEFAULT NULL, cause bigint DEFAULT NULL,
                                         claim bigint DEFAULT NULL, lim integer DEFAULT 100)
RETURNS TABLE (id bigint, title text, article_kind text, article_cause text, snippet text, rank real)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    k record;
BEGIN
    IF kb_list.claim IS NOT NULL AND coalesce(btrim(kb_list.q), '') = '' AND kb_list.kind IS NULL
       AND kb_list.cause IS NULL THEN
        RETURN QUERY SELECT * FROM polka.kb_propose(kb_list.claim, lim);
        RETURN;
    END IF;
    SELECT c.kind, c.cause_id INTO k FROM polka.claims c WHERE c.id = kb_list.claim;
    RETURN QUERY SELECT * FROM polka.kb_search(kb_list.q, coalesce(kb_list.kind, k.kind),
                                               coalesce(kb_list.cause, k.cause_id), lim);
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_list(text,text,bigint,bigint,integer) TO polka_user;

-- The article card (generic card: polka.kb_get, polka.kb_save): title, kind, cause, body (and
-- as lines of at most 96 characters to read: section text); the claim it was made from, who
-- wrote it and when; its files (name, type, size).
CREATE OR REPLACE FUNCTION polka.kb_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tz text := polka.business_tz();
BEGIN
    RETURN polka.doc_found((SELECT jsonb_build_object(
        'id', a.id, 'version', a.version, 'title', a.title, 'kind', a.kind,
        'cause_id', a.cause_id, 'cause_id.label', polka.kb_cause_label(a.cause_id), 'body', a.body,
        'text', (SELECT coalesce(jsonb_agg(jsonb_build_object('line', l.line) ORDER BY p.n, l.n), '[]')
                   FROM regexp_split_to_table(a.body, '\n') WITH ORDINALITY p (par, n)
                  CROSS JOIN LATERAL (SELECT btrim(m[1]) AS line, o AS n
                                        FROM regexp_matches(CASE WHEN p.par = '' THEN ' ' ELSE p.par END,
                                                            '(.{1,96}(?:\s|$)|\S{96})', 'g') WITH ORDINALITY x (m, o)) l),
        'claim', (SELECT c.number FROM polka.claims c WHERE c.id = a.claim_id),
        'written', to_char(a.written_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI') || ' ' || a.written_by,
        'files', polka.attachment_list(NULL, a.id))
      FROM polka.kb_articles a WHERE a.id = p_id), 'article', p_id);
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_get(bigint) TO polka_user;

-- One business action: an article saved (title, kind, cause, body; its files are added on
-- their own) by quality, the head or administrators. Returns its id.
CREATE OR REPLACE FUNCTION polka.kb_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint := (doc ->> 'id')::bigint;
BEGIN
    IF NOT (polka.has_role('quality') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only quality, the head and administrators write the knowledge base'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO polka.kb_articles (title, body, kind, cause_id, written_by)
        VALUES (polka.doc_text(doc, 'title'), doc ->> 'body', polka.doc_text(doc, 'kind'),
                (doc ->> 'cause_id')::bigint, session_user)
        RETURNING id INTO v_id;
    ELSE
        UPDATE polka.kb_articles
           SET title = polka.doc_text(doc, 'title'), body = doc ->> 'body', kind = polka.doc_text(doc, 'kind'),
               cause_id = (doc ->> 'cause_id')::bigint, version = version + 1
         WHERE id = v_id AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.kb_articles WHERE id = v_id) THEN
                RAISE EXCEPTION 'article % was changed by someone else', v_id USING ERRCODE = 'PLK01';
            END IF;
            PERFORM polka.not_found('article', v_id);
        END IF;
    END IF;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_save(jsonb) TO polka_user;

-- A closed claim's article, written from the claim (not granted: polka.kb_from_claim checks
-- who asks; the demo writes its own): the title from its number, kind and cause; the body
-- from the client's words, the stages' outcomes, the decision and the corrective actions.
-- An open claim and one with its article already are refused in words.
CREATE OR REPLACE FUNCTION polka.kb_claim_article(p_claim bigint) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k record;
    a record;
    tz text := polka.business_tz();
    v_kind text;
    v_body text;
    v_id bigint;
BEGIN
    SELECT c.*, p.name AS partner INTO k FROM polka.claims c JOIN polka.partners p ON p.id = c.partner_id
     WHERE c.id = p_claim FOR UPDATE OF c;
    IF NOT FOUND THEN
        PERFORM polka.not_found('claim', p_claim);
    END IF;
    SELECT x.id, x.title INTO a FROM polka.kb_articles x WHERE x.claim_id = p_claim;
    IF FOUND THEN
        RAISE EXCEPTION 'claim % has its article already: % (article %)', k.number, a.title, a.id
            USING ERRCODE = 'unique_violation';
    END IF;
    IF k.status NOT IN ('closed', 'rejected') THEN
        RAISE EXCEPTION 'claim % is not closed yet: an article is written from a closed claim', k.number
            USING ERRCODE = 'check_violation';
    END IF;
    v_kind := CASE k.kind WHEN 'quality' THEN 'Качество' WHEN 'shortfall' THEN 'Недовложение' WHEN 'price' THEN 'Цена'
                          WHEN 'delivery' THEN 'Доставка' WHEN 'service' THEN 'Обслуживание' END;
    v_body := concat_ws(E'\n',
        'Претензия ' || k.number || ' от ' || to_char(k.registered_at AT TIME ZONE tz, 'DD.MM.YYYY') || ', клиент '
            || k.partner || '.',
        'Со слов клиента: ' || k.words,
        'Причина: ' || polka.kb_cause_label(k.cause_id) || '.',
        E'\nХод рассмотрения:',
        (SELECT string_agg('- ' || s.name || coalesce(' (' || to_char(s.done_at AT TIME ZONE tz, 'DD.MM.YYYY') || ')', '')
                           || coalesce(': ' || s.outcome, ''), E'\n' ORDER BY s.n)
           FROM polka.claim_stages s WHERE s.claim_id = k.id),
        E'\nРешение: ' || coalesce(CASE k.resolution WHEN 'full' THEN 'удовлетворена полностью'
                                                     WHEN 'partial' THEN 'удовлетворена частично'
                                                     WHEN 'rejected' THEN 'отклонена' END,
                                   CASE k.status WHEN 'rejected' THEN 'отклонена' ELSE 'закрыта' END)
            || coalesce('. ' || k.decision, '') || '.',
        (SELECT E'\nКорректирующие действия:\n' || string_agg('- ' || ca.action
                    || coalesce(' (' || concat_ws(', ', (SELECT d.name FROM polka.departments d WHERE d.code = ca.department),
                                                  (SELECT pe.full_name FROM polka.people pe WHERE pe.id = ca.owner_id),
                                                  'срок ' || to_char(ca.due_on, 'DD.MM.YYYY'),
                                                  'выполнено ' || to_char(ca.done_at AT TIME ZONE tz, 'DD.MM.YYYY')) || ')', ''),
                    E'\n' ORDER BY ca.n)
           FROM polka.corrective_actions ca WHERE ca.claim_id = k.id HAVING count(*) > 0));
    INSERT INTO polka.kb_articles (title, body, kind, cause_id, claim_id)
    VALUES (left(concat_ws(': ', k.number, concat_ws(', ', v_kind, (SELECT c.name FROM polka.claim_causes c WHERE c.id = k.cause_id)),
                           left(regexp_replace(k.words, '\s+', ' ', 'g'), 80)), 200),
            left(v_body, 20000), k.kind, k.cause_id, k.id)
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;

-- One business action: a closed claim's article written from it (quality, the head,
-- administrators). Returns the article's id.
CREATE OR REPLACE FUNCTION polka.kb_from_claim(claim bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('quality') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only quality, the head and administrators write the knowledge base'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN polka.kb_claim_article(claim);
END
$$;
GRANT EXECUTE ON FUNCTION polka.kb_from_claim(bigint) TO polka_user;
