-- needs schema 001
-- checks.sql: the validators the table checks call (INN, KPP, GS1 check digits of GTIN and GLN,
-- e-mail, text without control characters) and the quantity trigger. The core schema (002)
-- uses them, hence "needs schema 001".
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Weighted sum of the digits of d mod 11 mod 10: the INN control digit for weights w (at
-- most 11). Written out term by term rather than as a subquery so that the planner inlines
-- it: checks on every inserted row stay cheap. Not STRICT for the same reason (a strict
-- function inlines only into a strict expression).
CREATE OR REPLACE FUNCTION polka.inn_control(d text, w int[]) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (coalesce(w[1] * nullif(substr(d, 1, 1), '')::int, 0) +
       coalesce(w[2] * nullif(substr(d, 2, 1), '')::int, 0) +
       coalesce(w[3] * nullif(substr(d, 3, 1), '')::int, 0) +
       coalesce(w[4] * nullif(substr(d, 4, 1), '')::int, 0) +
       coalesce(w[5] * nullif(substr(d, 5, 1), '')::int, 0) +
       coalesce(w[6] * nullif(substr(d, 6, 1), '')::int, 0) +
       coalesce(w[7] * nullif(substr(d, 7, 1), '')::int, 0) +
       coalesce(w[8] * nullif(substr(d, 8, 1), '')::int, 0) +
       coalesce(w[9] * nullif(substr(d, 9, 1), '')::int, 0) +
       coalesce(w[10] * nullif(substr(d, 10, 1), '')::int, 0) +
       coalesce(w[11] * nullif(substr(d, 11, 1), '')::int, 0)) % 11 % 10;
GRANT EXECUTE ON FUNCTION polka.inn_control(text,integer[]) TO polka_user;

-- The validators the checks call are plpgsql and STRICT (NULL passes a check without a call).
-- A table's check constraints are made ready again for every statement that writes it, and a
-- SQL function in one is inlined then, which cost some 130,000 instructions each time (its
-- body read and decompressed, parsed from its stored tree): 47 checks an incoming EDI order,
-- more than a tenth of its time. plpgsql is called instead, and keeps its plan for the
-- session: about half a microsecond more a call on a bulk load of 200,000 rows, far less than
-- the inlining cost on every one-row save. (No SET search_path: it would cost each call more
-- than the body; they name only built-ins and polka's own functions, and run as the caller.) (A strict SQL function with a CASE or AND in its
-- body was not inlined at all, and ran the SQL function executor on every call.)

-- INN: 10 digits (organisations) or 12 digits (sole traders), with control digits.
CREATE OR REPLACE FUNCTION polka.inn_valid(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN CASE
        WHEN t ~ '^[0-9]{10}$' THEN
            polka.inn_control(t, '{2,4,10,3,5,9,4,6,8}') = substr(t, 10, 1)::int
        WHEN t ~ '^[0-9]{12}$' THEN
            polka.inn_control(t, '{7,2,4,10,3,5,9,4,6,8}') = substr(t, 11, 1)::int
            AND polka.inn_control(t, '{3,7,2,4,10,3,5,9,4,6,8}') = substr(t, 12, 1)::int
        ELSE false
    END;
END
$$;
GRANT EXECUTE ON FUNCTION polka.inn_valid(text) TO polka_user;

-- KPP: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits.
CREATE OR REPLACE FUNCTION polka.kpp_valid(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN t ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$';
END
$$;
GRANT EXECUTE ON FUNCTION polka.kpp_valid(text) TO polka_user;

-- GS1 check digit (GTIN-8/12/13/14, GLN; bodies of up to 17 digits) for the digits before
-- it: weights 3, 1, 3, ... from the right. Term by term, so that it inlines (see above).
CREATE OR REPLACE FUNCTION polka.gs1_check_digit(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN ((10 - (3 * coalesce(nullif(substr(reverse(body), 1, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 2, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 3, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 4, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 5, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 6, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 7, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 8, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 9, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 10, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 11, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 12, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 13, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 14, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 15, 1), '')::int, 0) +
        1 * coalesce(nullif(substr(reverse(body), 16, 1), '')::int, 0) +
        3 * coalesce(nullif(substr(reverse(body), 17, 1), '')::int, 0)) % 10) % 10)::text;
GRANT EXECUTE ON FUNCTION polka.gs1_check_digit(text) TO polka_user;

CREATE OR REPLACE FUNCTION polka.gs1_valid(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN t ~ '^([0-9]{8}|[0-9]{12,14})$' AND polka.gs1_check_digit(left(t, -1)) = right(t, 1);
END
$$;
GRANT EXECUTE ON FUNCTION polka.gs1_valid(text) TO polka_user;

-- An e-mail address as mail is sent to it (shipment notices): no spaces, control characters,
-- brackets, quotes, commas or semicolons, which would break an envelope or a header.
CREATE OR REPLACE FUNCTION polka.email_valid(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN length(t) <= 200 AND t ~ '^[^@[:space:][:cntrl:]<>()\[\],;:"\\]+@[^@[:space:][:cntrl:]<>()\[\],;:"\\]+\.[^@[:space:][:cntrl:].<>()\[\],;:"\\]+$';
END
$$;
GRANT EXECUTE ON FUNCTION polka.email_valid(text) TO polka_user;
GRANT EXECUTE ON FUNCTION polka.email_valid(text) TO polka_people_admin;

-- Text a person typed: not blank, no control characters (C0, DEL, C1), at most n characters.
CREATE OR REPLACE FUNCTION polka.text_ok(t text, n int) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    RETURN length(t) BETWEEN 1 AND n AND t !~ '[\x01-\x1f\x7f-\x9f]' AND btrim(t) <> '';
END
$$;
GRANT EXECUTE ON FUNCTION polka.text_ok(text,integer) TO polka_user;
GRANT EXECUTE ON FUNCTION polka.text_ok(text,integer) TO polka_people_admin;

-- A quantity has at most as many decimals as its product's unit allows (a check constraint
-- cannot look at another table, so a trigger does; it raises a named check violation).
CREATE OR REPLACE FUNCTION polka.check_qty_scale() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s smallint;
BEGIN
    SELECT u.scale INTO s
      FROM polka.products p JOIN polka.units u ON u.code = p.unit
     WHERE p.id = NEW.product_id;
    IF s IS NOT NULL AND NEW.qty <> round(NEW.qty, s) THEN
        RAISE EXCEPTION 'quantity % has more decimals than unit allows (%)', NEW.qty, s
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quantity_scale',
                  TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NEW;
END
$$;

