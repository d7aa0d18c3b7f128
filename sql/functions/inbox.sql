-- needs schema 030
-- inbox.sql: a person's inbox (issue 17, schema 029's polka.inbox): what needs them (an
-- overdue stage of someone they supervise, a stage given to them), announced on channel
-- polka_inbox with their login (functions/claims.sql); here the unread count the status line
-- shows, the list of the inbox screen and marking read. Each person only their own rows.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- How many of the logged-in person's inbox rows are unread (0 for a login that is not a
-- person).
CREATE OR REPLACE FUNCTION polka.inbox_unread() RETURNS integer
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*)::integer FROM polka.inbox i WHERE i.person_id = polka.my_id() AND i.read_at IS NULL
$$;
GRANT EXECUTE ON FUNCTION polka.inbox_unread() TO polka_user;

-- The inbox screen's list: the logged-in person's rows, newest first, found by the claim's
-- number or the words of the notice; _mark set on the unread (the grid shows them bold). The
-- claim's number as row security lets the person see it. at in the business's time zone.
CREATE OR REPLACE FUNCTION polka.inbox_list(q text DEFAULT NULL, lim integer DEFAULT 200)
RETURNS TABLE (id bigint, claim_id bigint, number text, kind text, body text, at text, unread boolean, _mark text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT i.id, i.claim_id, k.number, i.kind, i.body, to_char(i.at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
           i.read_at IS NULL, CASE WHEN i.read_at IS NULL THEN '*' END
      FROM polka.inbox i
      LEFT JOIN polka.claims k ON k.id = i.claim_id
     WHERE i.person_id = polka.my_id()
       AND (coalesce(btrim(inbox_list.q), '') = '' OR k.number ILIKE '%' || btrim(inbox_list.q) || '%'
            OR lower(i.body) LIKE polka.like_contains(btrim(inbox_list.q)))
     ORDER BY i.at DESC, i.id DESC
     LIMIT greatest(coalesce(inbox_list.lim, 200), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.inbox_list(text,integer) TO polka_user;

-- One business action: inbox row p_id of the logged-in person marked read (read already: left
-- as it was). Another person's row is not found, as one that does not exist. Returns the
-- person's unread count after it.
CREATE OR REPLACE FUNCTION polka.inbox_read(p_id bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE polka.inbox SET read_at = coalesce(read_at, now())
     WHERE id = p_id AND person_id = polka.my_id();
    IF NOT FOUND THEN
        PERFORM polka.not_found('inbox notice', p_id);
    END IF;
    RETURN polka.inbox_unread();
END
$$;
GRANT EXECUTE ON FUNCTION polka.inbox_read(bigint) TO polka_user;

-- One business action: every unread inbox row of the logged-in person marked read. Returns how
-- many were.
CREATE OR REPLACE FUNCTION polka.inbox_read_all() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    UPDATE polka.inbox SET read_at = now() WHERE person_id = polka.my_id() AND read_at IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;
GRANT EXECUTE ON FUNCTION polka.inbox_read_all() TO polka_user;
