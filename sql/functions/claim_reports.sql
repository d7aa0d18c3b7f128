-- claim_reports.sql: the claims reports (issue 17; forms/reports/claims_*.form, claim_calls.form,
-- overdue_stages.form), by the conventions of schema 011: SECURITY INVOKER, so that row-level
-- security decides whose claims count (quality, the head and admins every claim, a manager his
-- clients'); named parameters, the period date_from .. date_to inclusive (by default the twelve
-- months up to the business day; the claim calls: the business day's month), checked first.
-- A claim is dated by its registration, a decision by decided_at, a stage done by done_at, all
-- as days in the business's time zone. "Not determined": no department at fault, no cause.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- The claims (as the caller sees them) registered in the period p_from .. p_to (checked; NULL:
-- the default, the twelve months up to the business day), with the day, the month, the
-- department at fault (code and name) and the cause with its group, the words "not
-- determined" where there is none. Every claims report but the stages' reads claims here.
CREATE OR REPLACE FUNCTION polka.report_claims_in(p_from date, p_to date, p_by_decision boolean DEFAULT false)
RETURNS TABLE (id bigint, day date, month date, amount numeric, department text, department_name text,
               cause_id bigint, cause_group text, cause text, resolution text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tz text := polka.business_tz();
    v_from date := coalesce(p_from, polka.report_month_start(11));
    v_to date := coalesce(p_to, polka.business_day());
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    SELECT k.id, x.day, date_trunc('month', x.day::timestamp)::date, k.amount, k.fault_department,
           coalesce(d.name, 'не определён'), k.cause_id, coalesce(g.name, c.name, 'не определена'),
           coalesce(c.name, 'не определена'), k.resolution
      FROM polka.claims k
     CROSS JOIN LATERAL (SELECT ((CASE WHEN p_by_decision THEN k.decided_at ELSE k.registered_at END)
                                 AT TIME ZONE tz)::date AS day) x
      LEFT JOIN polka.departments d ON d.code = k.fault_department
      LEFT JOIN polka.claim_causes c ON c.id = k.cause_id
      LEFT JOIN polka.claim_causes g ON g.id = c.parent_id
     WHERE CASE WHEN p_by_decision THEN k.decided_at ELSE k.registered_at END
               >= (v_from::timestamp AT TIME ZONE tz)
       AND CASE WHEN p_by_decision THEN k.decided_at ELSE k.registered_at END
               < ((v_to + 1)::timestamp AT TIME ZONE tz);
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_claims_in(date,date,boolean) TO polka_user;

-- Claims by month and the department at fault: a row per month and department with claims
-- registered, their count and the amount claimed; the months in order, in each the departments
-- by name, "not determined" last.
CREATE OR REPLACE FUNCTION polka.report_claims_by_month(
    date_from date DEFAULT polka.report_month_start(11),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (month date, department text, department_name text, claims bigint, amount numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT k.month, k.department, k.department_name, count(*), round(coalesce(sum(k.amount), 0), 2)
      FROM polka.report_claims_in(report_claims_by_month.date_from, report_claims_by_month.date_to) k
     GROUP BY k.month, k.department, k.department_name
     ORDER BY k.month, k.department IS NULL, k.department_name;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_claims_by_month(date,date) TO polka_user;

-- Satisfaction by cause: the claims decided in the period (by the day of the decision), per
-- cause with its group: satisfied in full, in part, rejected, and the rate satisfied (in full
-- or in part) of decided, in percent; causes in their groups' order, "not determined" last.
CREATE OR REPLACE FUNCTION polka.report_claim_satisfaction(
    date_from date DEFAULT polka.report_month_start(11),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (cause_id bigint, cause_group text, cause text, decided bigint, satisfied_full bigint,
               satisfied_partial bigint, rejected bigint, rate numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH g AS (
        SELECT k.cause_id, k.cause_group, k.cause, count(*) AS n,
               count(*) FILTER (WHERE k.resolution = 'full') AS n_full,
               count(*) FILTER (WHERE k.resolution = 'partial') AS n_partial,
               count(*) FILTER (WHERE k.resolution = 'rejected') AS n_rejected
          FROM polka.report_claims_in(report_claim_satisfaction.date_from, report_claim_satisfaction.date_to, true) k
         WHERE k.resolution IS NOT NULL
         GROUP BY k.cause_id, k.cause_group, k.cause)
    SELECT g.cause_id, g.cause_group, g.cause, g.n, g.n_full, g.n_partial, g.n_rejected,
           polka.report_percent(g.n_full + g.n_partial, g.n)
      FROM g
     ORDER BY g.cause_id IS NULL, g.cause_group, g.cause;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_claim_satisfaction(date,date) TO polka_user;

-- The structure of the period's claims by the department at fault and the cause: count and
-- amount, each as a share in percent of the period's claims (count, amount); the largest first.
CREATE OR REPLACE FUNCTION polka.report_claims_structure(
    date_from date DEFAULT polka.report_month_start(11),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (department text, department_name text, cause_id bigint, cause_group text, cause text,
               claims bigint, share numeric, amount numeric, amount_share numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH g AS (
        SELECT k.department, k.department_name, k.cause_id, k.cause_group, k.cause, count(*) AS n,
               round(coalesce(sum(k.amount), 0), 2) AS amount
          FROM polka.report_claims_in(report_claims_structure.date_from, report_claims_structure.date_to) k
         GROUP BY k.department, k.department_name, k.cause_id, k.cause_group, k.cause)
    SELECT g.department, g.department_name, g.cause_id, g.cause_group, g.cause, g.n,
           polka.report_percent(g.n, sum(g.n) OVER ()), g.amount, polka.report_percent(g.amount, sum(g.amount) OVER ())
      FROM g
     ORDER BY g.n DESC, g.amount DESC, g.department IS NULL, g.department_name, g.cause_id IS NULL, g.cause_group,
              g.cause;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_claims_structure(date,date) TO polka_user;

-- Overdue stages by owner: the open stages past their deadline now, and the stages done after
-- their deadline in the period (by the day done); per owner how many of each, the hours
-- overdue in all and the longest (clock hours: from the deadline to now, or to when it was
-- done), and how many of them were escalated. The most hours overdue first.
CREATE OR REPLACE FUNCTION polka.report_overdue_stages(
    date_from date DEFAULT polka.report_month_start(11),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (owner_id bigint, owner text, department text, open_overdue bigint, done_late bigint,
               hours_overdue numeric, longest_hours numeric, escalated bigint)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    tz text := polka.business_tz();
    v_from date := coalesce(report_overdue_stages.date_from, polka.report_month_start(11));
    v_to date := coalesce(report_overdue_stages.date_to, polka.business_day());
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    WITH s AS (
        SELECT s.owner_id, s.done_at IS NULL AS open, s.escalated_at IS NOT NULL AS escalated,
               extract(epoch FROM coalesce(s.done_at, now()) - s.due_at) / 3600 AS hours
          FROM polka.claim_stages s
         WHERE s.done_at IS NULL AND s.due_at < now()
        UNION ALL
        SELECT s.owner_id, false, s.escalated_at IS NOT NULL, extract(epoch FROM s.done_at - s.due_at) / 3600
          FROM polka.claim_stages s
         WHERE s.done_at > s.due_at
           AND s.done_at >= (v_from::timestamp AT TIME ZONE tz) AND s.done_at < ((v_to + 1)::timestamp AT TIME ZONE tz)),
    g AS (
        SELECT s.owner_id, count(*) FILTER (WHERE s.open) AS n_open, count(*) FILTER (WHERE NOT s.open) AS n_late,
               sum(s.hours) AS hours, max(s.hours) AS longest, count(*) FILTER (WHERE s.escalated) AS n_escalated
          FROM s GROUP BY s.owner_id)
    SELECT g.owner_id, pe.full_name, coalesce(d.name, 'не определён'), g.n_open, g.n_late, round(g.hours, 1),
           round(g.longest, 1), g.n_escalated
      FROM g
      JOIN polka.people pe ON pe.id = g.owner_id
      LEFT JOIN polka.departments d ON d.code = pe.department
     ORDER BY g.hours DESC, pe.full_name, g.owner_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_overdue_stages(date,date) TO polka_user;

-- Claims against claim calls, per day and person (login): the claim calls counted, the claims
-- registered by that login that day, the calls beyond the claims (calls that never became a
-- claim) and the claims per call in percent (NULL without calls). Days in order, then logins.
CREATE OR REPLACE FUNCTION polka.report_claim_calls(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (day date, login text, person text, calls bigint, claims bigint, unclaimed bigint, ratio numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    tz text := polka.business_tz();
    v_from date := coalesce(report_claim_calls.date_from, polka.report_month_start());
    v_to date := coalesce(report_claim_calls.date_to, polka.business_day());
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    WITH e AS (
        SELECT (c.at AT TIME ZONE tz)::date AS day, c.by_user AS login, true AS call
          FROM polka.claim_calls c
         WHERE c.at >= (v_from::timestamp AT TIME ZONE tz) AND c.at < ((v_to + 1)::timestamp AT TIME ZONE tz)
        UNION ALL
        SELECT k.day, r.registered_by, false
          FROM polka.report_claims_in(v_from, v_to) k JOIN polka.claims r ON r.id = k.id),
    g AS (
        SELECT e.day, e.login, count(*) FILTER (WHERE e.call) AS n_calls, count(*) FILTER (WHERE NOT e.call) AS n_claims
          FROM e GROUP BY e.day, e.login)
    SELECT g.day, g.login, pe.full_name, g.n_calls, g.n_claims, greatest(g.n_calls - g.n_claims, 0),
           polka.report_percent(g.n_claims, g.n_calls)
      FROM g
      LEFT JOIN polka.people pe ON pe.login = g.login
     ORDER BY g.day, g.login;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_claim_calls(date,date) TO polka_user;
