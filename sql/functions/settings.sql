-- needs schema 009
-- settings.sql: the business day: today in the business's time zone (polka.settings), or the test
-- clock. Order defaults use it (schema 010).
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- A test cluster pins the business day: with settings.test_clock = 'on' (only a test cluster
-- has that row) a session's polka.today ("PGOPTIONS=-c polka.today=2030-01-15") is today, so
-- that screen tests see the same dates every day. Elsewhere the setting changes nothing.
-- The business's time zone (settings business_tz; Moscow when not set). (plpgsql, as every
-- small function called once a statement on a hot path: PostgreSQL plans a SQL function's
-- query again at every statement that calls it unless it is inlined, and a function with a
-- subquery or a SET is never inlined; plpgsql keeps its plans for the session. A query over
-- many rows still reads it once into a variable.)
CREATE OR REPLACE FUNCTION polka.business_tz() RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT value FROM polka.settings WHERE key = 'business_tz'), 'Europe/Moscow');
END
$$;
GRANT EXECUTE ON FUNCTION polka.business_tz() TO polka_user;

CREATE OR REPLACE FUNCTION polka.business_day(ts timestamptz DEFAULT now()) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF ts = now() AND coalesce(current_setting('polka.today', true), '') <> ''
       AND EXISTS (SELECT FROM polka.settings WHERE key = 'test_clock' AND value = 'on') THEN
        RETURN current_setting('polka.today', true)::date;
    END IF;
    RETURN (ts AT TIME ZONE polka.business_tz())::date;
END
$$;
GRANT EXECUTE ON FUNCTION polka.business_day(timestamp with time zone) TO polka_user;

