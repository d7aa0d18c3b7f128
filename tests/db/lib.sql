-- Assertion helpers for the SQL test cases (tests/db/cases/*.sql), included with
--   \ir ../lib.sql
-- They live in pg_temp, so they vanish with the session and touch nothing shared. A failed
-- expectation raises an exception: with ON_ERROR_STOP (run-sql-test) psql stops and exits
-- non-zero, and the open transaction is rolled back.
--
--   pg_temp.expect_eq(actual, expected, what)     equal (IS NOT DISTINCT FROM)
--   pg_temp.expect_true(cond, what)               cond is true (not false, not null)
--   pg_temp.expect_error(sql, sqlstate [, constraint_name])
--        EXECUTE sql in a subtransaction (its effects are undone); fails unless it raises
--        that SQLSTATE and, when given, names that constraint
--   pg_temp.expect_not_null(table, column, sql)   sql raises 23502 for that column
--   pg_temp.expect_ok(sql [, keep])               EXECUTE sql; any error fails, with the
--        statement in the message; keep => false undoes its effects
--
-- Every error an expect_* saw is kept in pg_temp.seen_errors (the constraints case checks
-- that each constraint of the schema was seen). The helpers are usable after SET SESSION
-- AUTHORIZATION to an application role.

SET client_min_messages = warning;

CREATE TEMP TABLE seen_errors (
    sqlstate        text NOT NULL,
    constraint_name text,
    table_name      text,
    column_name     text
);
GRANT ALL ON pg_temp.seen_errors TO PUBLIC;

CREATE FUNCTION pg_temp.expect_eq(actual anycompatible, expected anycompatible, what text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF actual IS DISTINCT FROM expected THEN
        RAISE EXCEPTION 'FAILED: %: expected %, got %', what,
            coalesce(quote_literal(expected), 'NULL'), coalesce(quote_literal(actual), 'NULL');
    END IF;
END
$$;

CREATE FUNCTION pg_temp.expect_true(cond boolean, what text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cond IS NOT TRUE THEN
        RAISE EXCEPTION 'FAILED: %: expected true, got %', what, coalesce(cond::text, 'NULL');
    END IF;
END
$$;

CREATE FUNCTION pg_temp.expect_error(sql text, sqlstate text, constraint_name text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st text;
    con text;
    tab text;
    col text;
    msg text;
BEGIN
    BEGIN
        EXECUTE sql;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, con = CONSTRAINT_NAME,
                                tab = TABLE_NAME, col = COLUMN_NAME, msg = MESSAGE_TEXT;
    END;
    IF st IS NULL THEN
        RAISE EXCEPTION 'FAILED: expected SQLSTATE % but it succeeded: %',
            expect_error.sqlstate || coalesce(' (' || expect_error.constraint_name || ')', ''), sql;
    END IF;
    INSERT INTO pg_temp.seen_errors VALUES (st, nullif(con, ''), nullif(tab, ''), nullif(col, ''));
    IF st <> expect_error.sqlstate
       OR (expect_error.constraint_name IS NOT NULL
           AND nullif(con, '') IS DISTINCT FROM expect_error.constraint_name) THEN
        RAISE EXCEPTION E'FAILED: expected SQLSTATE %, got % (constraint %): %\n  in: %',
            expect_error.sqlstate || coalesce(' (constraint ' || expect_error.constraint_name || ')', ''),
            st, coalesce(nullif(con, ''), 'none'), msg, sql;
    END IF;
END
$$;

CREATE FUNCTION pg_temp.expect_not_null(tab text, col text, sql text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st text;
    t text;
    c text;
BEGIN
    BEGIN
        EXECUTE sql;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, t = TABLE_NAME, c = COLUMN_NAME;
    END;
    IF st IS DISTINCT FROM '23502' OR t IS DISTINCT FROM tab OR c IS DISTINCT FROM col THEN
        RAISE EXCEPTION E'FAILED: expected a not-null violation of %.%, got % (%.%)\n  in: %',
            tab, col, coalesce(st, 'success'), t, c, sql;
    END IF;
    INSERT INTO pg_temp.seen_errors VALUES (st, NULL, t, c);
END
$$;

CREATE FUNCTION pg_temp.expect_ok(sql text, keep boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    st text;
    msg text;
BEGIN
    EXECUTE sql;
    IF NOT keep THEN
        RAISE EXCEPTION USING ERRCODE = 'TOK00'; -- undo it: leave the subtransaction
    END IF;
EXCEPTION
    WHEN SQLSTATE 'TOK00' THEN
        NULL;
    WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
        RAISE EXCEPTION E'FAILED: expected success, got % %\n  in: %', st, msg, sql;
END
$$;
