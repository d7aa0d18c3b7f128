-- documents.sql: helpers for card documents (jsonb in, jsonb out) and for searches.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- LIKE pattern for "contains q", with q's own wildcards taken literally.
CREATE OR REPLACE FUNCTION polka.like_contains(q text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN '%' || replace(replace(replace(lower(q), '\', '\\'), '%', '\%'), '_', '\_') || '%';
GRANT EXECUTE ON FUNCTION polka.like_contains(text) TO polka_user;

-- Trimmed text of a document field, NULL when blank.
CREATE OR REPLACE FUNCTION polka.doc_text(j jsonb, k text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN nullif(btrim(j ->> k), '');
GRANT EXECUTE ON FUNCTION polka.doc_text(jsonb,text) TO polka_user;

-- The rows of a document section: a missing or null section has none.
CREATE OR REPLACE FUNCTION polka.doc_rows(j jsonb, k text) RETURNS SETOF jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT jsonb_array_elements(CASE WHEN jsonb_typeof(j -> k) = 'array' THEN j -> k ELSE '[]' END);
END;
GRANT EXECUTE ON FUNCTION polka.doc_rows(jsonb,text) TO polka_user;

-- Normalised name for duplicate search: lower case, without legal form and punctuation.
CREATE OR REPLACE FUNCTION polka.name_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN regexp_replace(
           -- The lookahead leaves the separator for the next legal form ("ООО ТД ...").
           regexp_replace(lower(t), '(^|[^[:alnum:]])(ооо|оао|зао|пао|ао|ип|тд|торговый дом)(?=[^[:alnum:]]|$)',
                          ' ', 'g'),
           '[^[:alnum:]]+', '', 'g');
GRANT EXECUTE ON FUNCTION polka.name_key(text) TO polka_user;

-- Phone key: the last 10 digits (drops +7 / 8 prefixes).
CREATE OR REPLACE FUNCTION polka.phone_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN nullif(right(regexp_replace(t, '[^0-9]', '', 'g'), 10), '');
GRANT EXECUTE ON FUNCTION polka.phone_key(text) TO polka_user;

-- "what id not found" (no_data_found; the id a number or a code): a row asked for that does not exist or that row
-- security hides. The one place this refusal is worded.
CREATE OR REPLACE FUNCTION polka.not_found(what text, p_id anycompatible) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% % not found', what, p_id USING ERRCODE = 'no_data_found';
END
$$;
GRANT EXECUTE ON FUNCTION polka.not_found(text, anycompatible) TO polka_user;

-- A *_get function's document, or "not found" (also when row security hides the row).
CREATE OR REPLACE FUNCTION polka.doc_found(j jsonb, what text, p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF j IS NULL THEN
        PERFORM polka.not_found(what, p_id);
    END IF;
    RETURN j;
END
$$;
GRANT EXECUTE ON FUNCTION polka.doc_found(jsonb,text,bigint) TO polka_user;

