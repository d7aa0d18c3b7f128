-- calendar.sql: the business calendar: working days and shipping days.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Whether d is a working day: as the calendar says, else Monday to Friday. (plpgsql: see
-- polka.business_tz.)
CREATE OR REPLACE FUNCTION polka.is_working_day(d date) RETURNS boolean
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT c.working FROM polka.calendar c WHERE c.day = d), extract(isodow FROM d) < 6);
END
$$;
GRANT EXECUTE ON FUNCTION polka.is_working_day(date) TO polka_user;

-- The day an order taken on p_from ships with a lead time of p_lead working days: the
-- p_lead-th working day after p_from; with no lead time, p_from itself when it is a working
-- day, else the next working day.
CREATE OR REPLACE FUNCTION polka.shipping_day(p_from date, p_lead int) RETURNS date
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    d date := p_from;
    n int := 0;
BEGIN
    IF p_lead <= 0 THEN
        WHILE NOT polka.is_working_day(d) AND d < p_from + 366 LOOP
            d := d + 1;
        END LOOP;
        RETURN d;
    END IF;
    WHILE n < p_lead AND d < p_from + 366 LOOP
        d := d + 1;
        IF polka.is_working_day(d) THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN d;
END
$$;
GRANT EXECUTE ON FUNCTION polka.shipping_day(date,integer) TO polka_user;

-- Sets a day of the calendar (working or not, why); NULL working: back to the default rule.
CREATE OR REPLACE FUNCTION polka.calendar_set(p_day date, p_working boolean, p_note text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only the head and administrators change the calendar'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_working IS NULL THEN
        DELETE FROM polka.calendar WHERE day = p_day;
    ELSE
        INSERT INTO polka.calendar (day, working, note) VALUES (p_day, p_working, p_note)
        ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note;
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.calendar_set(date,boolean,text) TO polka_user;

