-- needs schema 028
-- claims.sql: claims with routing (issue 17, schema 029): deadlines in working time, the
-- conflict rule, a claim registered from anywhere, its stages along the route of its kind,
-- the personal queue ranked by urgency and importance, reassignment, escalation of what is
-- overdue (exactly once, for cron: polka jobs run), claim calls.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes. (Applied
-- before schema 029, whose triggers name these functions: the bodies are plpgsql, resolved
-- when they run.)

SET LOCAL ROLE polka_owner;

-- p_hours of working time after p_from: working days by the business calendar, working hours
-- from settings work_start to work_end in the business's time zone. A start outside working
-- hours counts from the next working hours' start.
CREATE OR REPLACE FUNCTION polka.work_deadline(p_from timestamptz, p_hours numeric) RETURNS timestamptz
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tz text := polka.business_tz();
    t_start time := coalesce((SELECT value FROM polka.settings WHERE key = 'work_start'), '09:00')::time;
    t_end time := coalesce((SELECT value FROM polka.settings WHERE key = 'work_end'), '18:00')::time;
    t timestamp := p_from AT TIME ZONE tz;
    left_s numeric := greatest(coalesce(p_hours, 0), 0) * 3600;
    room numeric;
    k int := 0;
BEGIN
    IF t_end <= t_start THEN
        RAISE EXCEPTION 'working hours end (%) before they start (%)', t_end, t_start
            USING ERRCODE = 'check_violation', CONSTRAINT = 'settings_work_hours';
    END IF;
    LOOP
        k := k + 1;
        IF k > 2000 THEN
            RAISE EXCEPTION 'no working time within % hours of %', p_hours, p_from
                USING ERRCODE = 'check_violation', CONSTRAINT = 'settings_work_hours';
        END IF;
        IF NOT polka.is_working_day(t::date) OR t::time >= t_end THEN
            t := (t::date + 1) + t_start;
            CONTINUE;
        END IF;
        IF t::time < t_start THEN
            t := t::date + t_start;
        END IF;
        room := extract(epoch FROM (t::date + t_end) - t);
        IF left_s <= room THEN
            RETURN (t + make_interval(secs => left_s)) AT TIME ZONE tz;
        END IF;
        left_s := left_s - room;
        t := (t::date + 1) + t_start;
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION polka.work_deadline(timestamptz,numeric) TO polka_user;

-- The person logged in (NULL for a login that is not a person: the superuser).
CREATE OR REPLACE FUNCTION polka.my_id() RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT p.id FROM polka.people p WHERE p.login = session_user);
END
$$;
GRANT EXECUTE ON FUNCTION polka.my_id() TO polka_user;

-- Why person p may not own claim c's investigation (NULL: may): manager (the client's),
-- fault_person (the person at fault), fault_department (of the department at fault).
CREATE OR REPLACE FUNCTION polka.claim_conflict(c bigint, p bigint) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r record;
BEGIN
    SELECT k.fault_person_id, k.fault_department, pa.manager_id, pe.department, pe.login
      INTO r
      FROM polka.claims k JOIN polka.partners pa ON pa.id = k.partner_id, polka.people pe
     WHERE k.id = c AND pe.id = p;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN CASE WHEN r.manager_id = p THEN 'manager'
                WHEN r.fault_person_id = p THEN 'fault_person'
                WHEN r.department = r.fault_department THEN 'fault_department'
           END;
END
$$;

-- The conflict rule, at commit (schema 029's constraint triggers): no open investigation
-- stage is owned by the client's manager, the person at fault or someone of the department at
-- fault, whichever change made it so (the stage's owner, the claim's fault, the client's
-- manager, the person's department), named as the trigger that found it.
CREATE OR REPLACE FUNCTION polka.claim_conflict_check() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r record;
    why text;
    v_claim bigint;
    v_partner bigint;
    v_person bigint;
BEGIN
    -- (NEW's fields by table: a CASE would read them all.)
    IF TG_TABLE_NAME = 'claim_stages' THEN
        v_claim := NEW.claim_id;
    ELSIF TG_TABLE_NAME = 'claims' THEN
        v_claim := NEW.id;
    ELSIF TG_TABLE_NAME = 'partners' THEN
        v_partner := NEW.id;
    ELSE
        v_person := NEW.id;
    END IF;
    FOR r IN
        SELECT s.claim_id, s.owner_id, k.number, k.fault_department,
               (SELECT pe.login FROM polka.people pe WHERE pe.id = s.owner_id) AS login
          FROM polka.claim_stages s JOIN polka.claims k ON k.id = s.claim_id
         WHERE s.done_at IS NULL AND s.investigation
           AND (s.claim_id = v_claim OR k.partner_id = v_partner OR s.owner_id = v_person)
    LOOP
        why := polka.claim_conflict(r.claim_id, r.owner_id);
        IF why = 'manager' THEN
            RAISE EXCEPTION 'claim %: % is the client''s manager and may not own its investigation', r.number, r.login
                USING ERRCODE = 'check_violation', CONSTRAINT = TG_NAME;
        ELSIF why = 'fault_person' THEN
            RAISE EXCEPTION 'claim %: % is at fault and may not own its investigation', r.number, r.login
                USING ERRCODE = 'check_violation', CONSTRAINT = TG_NAME;
        ELSIF why IS NOT NULL THEN
            RAISE EXCEPTION 'claim %: % is of the department at fault (%) and may not own its investigation',
                r.number, r.login, r.fault_department
                USING ERRCODE = 'check_violation', CONSTRAINT = TG_NAME;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

-- Whether login (a person's; NULL or not a role of the server: no) is a member of group role r.
CREATE OR REPLACE FUNCTION polka.person_in_role(p_login text, r text) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles x WHERE x.rolname = p_login) THEN
        RETURN false;
    END IF;
    RETURN pg_has_role(p_login, r, 'MEMBER');
END
$$;

-- Who may own a stage of claim c with this owner or role: the person, or of the role's
-- members (not blocked; for an investigation, none the conflict rule bars) the one with the
-- fewest open stages. NULL: nobody.
CREATE OR REPLACE FUNCTION polka.claim_stage_owner(c bigint, p_owner bigint, p_role text, p_investigation boolean)
RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_owner IS NOT NULL THEN
        RETURN p_owner;
    END IF;
    RETURN (SELECT pe.id FROM polka.people pe
             WHERE NOT pe.blocked AND polka.person_in_role(pe.login, p_role)
               AND (NOT p_investigation OR polka.claim_conflict(c, pe.id) IS NULL)
             ORDER BY (SELECT count(*) FROM polka.claim_stages s WHERE s.owner_id = pe.id AND s.done_at IS NULL), pe.id
             LIMIT 1);
END
$$;

-- A stage opened on claim c: owned as said, due after its hours of working time from now,
-- the owner told (inbox). Not granted.
CREATE OR REPLACE FUNCTION polka.claim_stage_open(c bigint, p_n int, p_name text, p_route_stage bigint,
                                                  p_owner bigint, p_investigation boolean, p_priority int,
                                                  p_hours numeric) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_number text := (SELECT k.number FROM polka.claims k WHERE k.id = c);
BEGIN
    INSERT INTO polka.claim_stages (claim_id, n, name, route_stage_id, owner_id, investigation, priority, due_at)
    VALUES (c, p_n, p_name, p_route_stage, p_owner, p_investigation, p_priority, polka.work_deadline(now(), p_hours));
    IF p_owner IS DISTINCT FROM polka.my_id() THEN
        INSERT INTO polka.inbox (person_id, claim_id, kind, body)
        VALUES (p_owner, c, 'assigned', left(format('Претензия %s: этап «%s» передан вам', v_number, p_name), 1000));
        PERFORM pg_notify('polka_inbox', (SELECT pe.login FROM polka.people pe WHERE pe.id = p_owner));
    END IF;
END
$$;

-- One business action: a claim registered the moment it is phoned in: the partner and the
-- partner's words. It gets its number and its first stage, registration, owned by who took it
-- (due in settings' claim_registration_hours of working time). Anyone in Polka who is a
-- person; a manager for his clients. Returns the claim's id.
CREATE OR REPLACE FUNCTION polka.claim_quick(p_partner bigint, p_words text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_me bigint := polka.my_id();
    v_id bigint;
BEGIN
    IF v_me IS NULL THEN
        RAISE EXCEPTION 'claims are registered by a person of Polka' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_partner IS NULL THEN
        RAISE EXCEPTION 'a claim needs the partner it comes from'
            USING ERRCODE = 'not_null_violation', COLUMN = 'partner_id', TABLE = 'claims', SCHEMA = 'polka';
    END IF;
    IF NOT polka.sees_all_partners()
       AND NOT EXISTS (SELECT FROM polka.partners p WHERE p.id = p_partner AND p.manager_id = v_me) THEN
        RAISE EXCEPTION 'only the manager of a client, quality and the service register its claims'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO polka.claims (partner_id, words) VALUES (p_partner, btrim(p_words)) RETURNING id INTO v_id;
    PERFORM polka.claim_stage_open(v_id, 0, 'Регистрация', NULL, v_me, false, 5,
                                   coalesce((SELECT value FROM polka.settings WHERE key = 'claim_registration_hours'), '4')::numeric);
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_quick(bigint,text) TO polka_user;

-- A claim by its id or number (ПР-000123, 123).
CREATE OR REPLACE FUNCTION polka.claim_find(p text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v bigint;
BEGIN
    SELECT k.id INTO v FROM polka.claims k
     WHERE k.number = 'ПР-' || lpad(ltrim(substring(p FROM '[0-9]+'), '0'), 6, '0') AND btrim(p) ~ '^(ПР-?|пр-?)?[0-9]{1,9}$';
    IF v IS NULL THEN PERFORM polka.not_found('claim', p); END IF;
    RETURN v;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_find(text) TO polka_user;

-- One business action: stage p_n of claim p_claim (the one the person sees open) done by its
-- owner (or quality, the head), with the outcome. Registration needs the claim's kind and
-- hands it to its route's first stage; a stage hands the claim to the next one; the last
-- closes it. Two people closing the same stage at once: the second is told it is done (by
-- whom), and the next stage is not touched. Returns the next stage's name, or 'closed'.
CREATE OR REPLACE FUNCTION polka.claim_stage_done(p_claim bigint, p_n integer, p_outcome text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims;
    s polka.claim_stages;
    rs polka.route_stages;
    v_owner bigint;
BEGIN
    SELECT * INTO k FROM polka.claims WHERE id = p_claim FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('claim', p_claim); END IF;
    SELECT * INTO s FROM polka.claim_stages WHERE claim_id = p_claim AND n = p_n;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'claim % has no stage %', k.number, p_n USING ERRCODE = 'no_data_found';
    END IF;
    IF s.done_at IS NOT NULL THEN
        RAISE EXCEPTION 'stage "%" of claim % is done already (by %)', s.name, k.number, s.done_by
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_stages_done_once';
    END IF;
    IF s.owner_id IS DISTINCT FROM polka.my_id() AND NOT (polka.has_role('quality') OR polka.has_role('head')) THEN
        RAISE EXCEPTION 'stage "%" of claim % is another person''s', s.name, k.number
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF s.n = 0 AND k.kind IS NULL THEN
        RAISE EXCEPTION 'claim %: its kind is needed before registration is done (quality, shortfall, price, delivery, service)', k.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_kind_given';
    END IF;
    UPDATE polka.claim_stages SET done_at = now(), done_by = session_user,
           outcome = nullif(btrim(p_outcome), '')
     WHERE id = s.id;
    SELECT r.* INTO rs FROM polka.route_stages r JOIN polka.claim_routes cr ON cr.id = r.route_id
     WHERE cr.kind = k.kind AND r.n > coalesce((SELECT x.n FROM polka.route_stages x WHERE x.id = s.route_stage_id), 0)
     ORDER BY r.n LIMIT 1;
    IF NOT FOUND THEN
        UPDATE polka.claims SET status = 'closed', closed_at = now(), version = version + 1
         WHERE id = p_claim AND status IN ('open', 'approved');
        RETURN 'closed';
    END IF;
    v_owner := polka.claim_stage_owner(p_claim, rs.owner_id, rs.owner_role, rs.investigation);
    IF v_owner IS NULL THEN
        RAISE EXCEPTION 'claim %: nobody may own stage "%" (role %)', k.number, rs.name, rs.owner_role
            USING ERRCODE = 'check_violation', CONSTRAINT = 'route_stages_owner_given';
    END IF;
    PERFORM polka.claim_stage_open(p_claim, s.n + 1, rs.name, rs.id, v_owner, rs.investigation, rs.priority, rs.hours);
    UPDATE polka.claims SET version = version + 1 WHERE id = p_claim;
    RETURN rs.name;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_stage_done(bigint,integer,text) TO polka_user;

-- Who supervises person p: their supervisor, else their department's head, else the first
-- person with the head role (not p).
CREATE OR REPLACE FUNCTION polka.supervisor_of(p bigint) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN coalesce((SELECT pe.supervisor_id FROM polka.people pe WHERE pe.id = p),
                    (SELECT d.head_id FROM polka.people pe JOIN polka.departments d ON d.code = pe.department
                      WHERE pe.id = p AND d.head_id <> p),
                    (SELECT h.id FROM polka.people h
                      WHERE h.id <> p AND NOT h.blocked AND polka.person_in_role(h.login, 'head')
                      ORDER BY h.id LIMIT 1));
END
$$;

-- One business action: the open stage of claim p_claim given to person p_person by the
-- owner's supervisor, quality or the head (the conflict rule holds at commit). The new owner
-- is told.
CREATE OR REPLACE FUNCTION polka.claim_reassign(p_claim bigint, p_person bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k polka.claims;
    s polka.claim_stages;
BEGIN
    SELECT * INTO k FROM polka.claims WHERE id = p_claim FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('claim', p_claim); END IF;
    SELECT * INTO s FROM polka.claim_stages WHERE claim_id = p_claim AND done_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'claim % has no open stage: it is %', k.number, k.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_stages_done_once';
    END IF;
    IF NOT (polka.has_role('quality') OR polka.has_role('head')
            OR polka.supervisor_of(s.owner_id) IS NOT DISTINCT FROM polka.my_id()) THEN
        RAISE EXCEPTION 'only the owner''s supervisor, quality and the head reassign a stage'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM polka.people pe WHERE pe.id = p_person AND NOT pe.blocked) THEN
        PERFORM polka.not_found('person', p_person);
    END IF;
    UPDATE polka.claim_stages SET owner_id = p_person WHERE id = s.id;
    INSERT INTO polka.inbox (person_id, claim_id, kind, body)
    VALUES (p_person, p_claim, 'assigned', left(format('Претензия %s: этап «%s» передан вам', k.number, s.name), 1000));
    PERFORM pg_notify('polka_inbox', (SELECT pe.login FROM polka.people pe WHERE pe.id = p_person));
    RETURN (SELECT pe.login FROM polka.people pe WHERE pe.id = p_person);
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_reassign(bigint,bigint) TO polka_user;

-- One business action for cron (polka jobs run): every open stage past its deadline (by the
-- database's clock) and not escalated yet is escalated, exactly once: marked (when, to whom),
-- the supervisor told in the inbox (announced on polka_inbox) and, with an e-mail, by the
-- outbox. Two runs at once take each stage once (SKIP LOCKED). Returns how many.
CREATE OR REPLACE FUNCTION polka.claims_escalate() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r record;
    n int := 0;
    v_body text;
BEGIN
    IF NOT (polka.has_role('head') OR polka.has_role('admin') OR polka.has_role('quality')) THEN
        RAISE EXCEPTION 'only the head, administrators and quality run the claims'' jobs'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    FOR r IN
        WITH due AS (
            SELECT s.id FROM polka.claim_stages s
             WHERE s.done_at IS NULL AND s.escalated_at IS NULL AND s.due_at < now()
             ORDER BY s.due_at FOR UPDATE SKIP LOCKED)
        UPDATE polka.claim_stages s SET escalated_at = now(), escalated_to = polka.supervisor_of(s.owner_id)
          FROM due WHERE s.id = due.id AND polka.supervisor_of(s.owner_id) IS NOT NULL
        RETURNING s.claim_id, s.name, s.due_at, s.owner_id, s.escalated_to
    LOOP
        SELECT format('Претензия %s: этап «%s» (%s) просрочен, срок был %s (%s)', k.number, r.name, o.full_name,
                      to_char(r.due_at AT TIME ZONE polka.business_tz(), 'DD.MM.YYYY HH24:MI'),
                      c.name)
          INTO v_body
          FROM polka.claims k JOIN polka.partners c ON c.id = k.partner_id, polka.people o
         WHERE k.id = r.claim_id AND o.id = r.owner_id;
        INSERT INTO polka.inbox (person_id, claim_id, kind, body) VALUES (r.escalated_to, r.claim_id, 'overdue', left(v_body, 1000));
        INSERT INTO polka.outbox (kind, recipient, subject, body)
        SELECT 'claim_overdue', pe.email, left('Просрочен этап претензии: ' || v_body, 300), v_body
          FROM polka.people pe WHERE pe.id = r.escalated_to AND pe.email IS NOT NULL;
        PERFORM pg_notify('polka_inbox', (SELECT pe.login FROM polka.people pe WHERE pe.id = r.escalated_to));
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claims_escalate() TO polka_user;

-- A call in which a partner complained, counted (the order and claim screens' key).
CREATE OR REPLACE FUNCTION polka.claim_call(p_partner bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v bigint;
BEGIN
    IF polka.my_id() IS NULL THEN
        RAISE EXCEPTION 'claim calls are counted for a person of Polka' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM polka.partners p WHERE p.id = p_partner) THEN
        PERFORM polka.not_found('partner', p_partner);
    END IF;
    INSERT INTO polka.claim_calls (partner_id) VALUES (p_partner) RETURNING id INTO v;
    RETURN v;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_call(bigint) TO polka_user;

-- A person's queue (default: the one logged in): the open stages they own, ranked by urgency
-- (the time left to the deadline: the overdue first, the longest overdue first) and importance
-- (the stage's priority, the client's priority: 1 most important; the amount claimed).
-- due_at in the business's time zone; hours_left (clock hours) is negative when overdue.
CREATE OR REPLACE FUNCTION polka.claim_queue(q text DEFAULT NULL, person bigint DEFAULT NULL, lim integer DEFAULT 500)
RETURNS TABLE (id bigint, number text, partner text, kind text, stage text, n smallint, due_at text,
               hours_left numeric, overdue boolean, priority smallint, client_priority smallint, amount numeric,
               words text, escalated boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    -- (the person once, a value: polka.my_id() in the condition was called for every open
    -- stage of anyone's, and kept the owner's index out; tests/bench/claims-queue)
    v_person bigint := coalesce(claim_queue.person, polka.my_id());
    tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT k.id, k.number, c.name, k.kind, s.name, s.n,
           to_char(s.due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
           round(extract(epoch FROM s.due_at - now()) / 3600, 1), s.due_at < now(), s.priority, c.priority::smallint,
           k.amount, left(k.words, 200), s.escalated_at IS NOT NULL
      FROM polka.claim_stages s
      JOIN polka.claims k ON k.id = s.claim_id
      JOIN polka.partners c ON c.id = k.partner_id
     WHERE s.done_at IS NULL AND s.owner_id = v_person
       AND (coalesce(btrim(claim_queue.q), '') = '' OR lower(c.name) LIKE polka.like_contains(btrim(claim_queue.q))
            OR k.number ILIKE '%' || btrim(claim_queue.q) || '%')
     ORDER BY s.due_at < now() DESC,
              -- overdue: the longest overdue first; else the time left weighed by importance
              -- (priorities 1 most important ... 9; a larger amount weighs more; in floating
              -- point: a numeric ln a row took most of the query's time)
              CASE WHEN s.due_at < now() THEN s.due_at END,
              extract(epoch FROM s.due_at - now())::float8 * s.priority * coalesce(c.priority, 5)
                  / (1 + ln(1 + coalesce(k.amount, 0)::float8 / 10000)),
              s.due_at, k.id
     LIMIT greatest(coalesce(claim_queue.lim, 500), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_queue(text,bigint,integer) TO polka_user;

-- The claim card (generic card: polka.claim_get, polka.claim_save): the claim's details and its
-- route map: the stages done and the open one (owner, due, done, outcome, escalated), then the
-- stages of its route still to come (their owner or role, their working hours).
CREATE OR REPLACE FUNCTION polka.claim_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tz text := polka.business_tz();
BEGIN
    RETURN polka.doc_found((SELECT jsonb_build_object(
        'id', k.id, 'version', k.version, 'number', k.number, 'status', k.status,
        'partner_id', k.partner_id, 'partner_id.label', c.name || ' (' || c.code || ')',
        'manager', (SELECT m.full_name FROM polka.people m WHERE m.id = c.manager_id),
        'words', k.words, 'kind', k.kind, 'demand', k.demand, 'amount', k.amount,
        'fault_department', k.fault_department,
        'fault_department.label', (SELECT d.name FROM polka.departments d WHERE d.code = k.fault_department),
        'fault_person_id', k.fault_person_id,
        'fault_person_id.label', (SELECT pe.full_name FROM polka.people pe WHERE pe.id = k.fault_person_id),
        'fault_partner_id', k.fault_partner_id,
        'fault_partner_id.label', (SELECT f.name || ' (' || f.code || ')' FROM polka.partners f WHERE f.id = k.fault_partner_id),
        'registered', to_char(k.registered_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI') || ' ' || k.registered_by,
        'cause_id', k.cause_id,
        'cause_id.label', polka.kb_cause_label(k.cause_id),
        'resolution', k.resolution, 'decision', k.decision,
        'returns', (SELECT string_agg(x.code, ', ' ORDER BY x.code)
                      FROM (SELECT c.code FROM polka.corrections c WHERE c.claim_id = k.id AND c.reversed_at IS NULL
                            UNION ALL SELECT d.code FROM polka.discounts d WHERE d.claim_id = k.id) x),
        -- The lines of every document the claim concerns, with the quantities claimed.
        'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                      'document_line_id', dl.id, 'document', d.code, 'n', dl.n, 'product', p.name,
                      'batch', b.batch, 'batch_id', b.id, 'product_id', dl.product_id, 'shipped', dl.qty,
                      'price', dl.price, 'claimed', cl.qty, 'amount', cl.amount,
                      'disposition', coalesce(cl.disposition, 'stock')) ORDER BY a.n, dl.n)
                  FROM (SELECT x.document_id, min(x.n) AS n FROM polka.claim_lines x WHERE x.claim_id = k.id
                         GROUP BY x.document_id) a
                  JOIN polka.documents d ON d.id = a.document_id
                  JOIN polka.document_lines dl ON dl.document_id = d.id
                  JOIN polka.products p ON p.id = dl.product_id
                  JOIN polka.stock_batches b ON b.id = dl.batch_id
                  LEFT JOIN polka.claim_lines cl ON cl.claim_id = k.id AND cl.document_line_id = dl.id), '[]'),
        'actions', coalesce((SELECT jsonb_agg(jsonb_build_object(
                      'id', x.id, 'n', x.n, 'action', x.action, 'department', x.department,
                      'department.label', (SELECT dp.name FROM polka.departments dp WHERE dp.code = x.department),
                      'owner_id', x.owner_id,
                      'owner_id.label', (SELECT pe.full_name FROM polka.people pe WHERE pe.id = x.owner_id),
                      'due_on', x.due_on, 'done', x.done_at IS NOT NULL) ORDER BY x.n)
                  FROM polka.corrective_actions x WHERE x.claim_id = k.id), '[]'),
        'files', polka.attachment_list(k.id, NULL),
        'stages', coalesce((SELECT jsonb_agg(x.j ORDER BY x.ord, x.n) FROM (
              SELECT 1 AS ord, s.n, jsonb_build_object(
                         'n', s.n, 'name', s.name,
                         'state', CASE WHEN s.done_at IS NOT NULL THEN 'done' ELSE 'current' END,
                         'owner', o.full_name,
                         'due', to_char(s.due_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                         'done', to_char(s.done_at AT TIME ZONE tz, 'YYYY-MM-DD HH24:MI'),
                         'outcome', s.outcome, 'escalated', s.escalated_at IS NOT NULL) AS j
                FROM polka.claim_stages s JOIN polka.people o ON o.id = s.owner_id WHERE s.claim_id = k.id
              UNION ALL
              SELECT 2, rs.n, jsonb_build_object(
                         'n', NULL, 'name', rs.name, 'state', 'next',
                         'owner', (SELECT pe.full_name FROM polka.people pe WHERE pe.id = rs.owner_id),
                         'role', rs.owner_role,
                         'due', rs.hours || ' h', 'done', NULL, 'outcome', NULL, 'escalated', false)
                FROM polka.route_stages rs JOIN polka.claim_routes cr ON cr.id = rs.route_id
               WHERE cr.kind = k.kind AND k.status IN ('open', 'approved')
                 AND rs.n > coalesce((SELECT max(r2.n) FROM polka.claim_stages s2
                                        JOIN polka.route_stages r2 ON r2.id = s2.route_stage_id
                                       WHERE s2.claim_id = k.id), 0)) x), '[]'))
      FROM polka.claims k JOIN polka.partners c ON c.id = k.partner_id
     WHERE k.id = p_id), 'claim', p_id);
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_get(bigint) TO polka_user;

-- One business action: a claim's details saved (the partner's words, kind, demand, amount, who
-- and what is at fault: department, person, cause; the quantities claimed on its documents'
-- lines, each with what becomes of the goods; the corrective actions) by the owner of its open
-- stage, quality, the head or administrators; never by the client's manager while the claim
-- is at its investigation (claim_analysis.sql: claim_change_check). With quantities claimed,
-- the claim's amount is theirs. Returns the claim's id.
CREATE OR REPLACE FUNCTION polka.claim_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint := (doc ->> 'id')::bigint;
    k polka.claims;
    bad record;
BEGIN
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'a claim is registered first (Ctrl-P from any screen)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claims_registered_first';
    END IF;
    k := polka.claim_change_check(v_id);
    -- The quantities claimed: on the lines of the claim's documents, at most what was shipped.
    SELECT x.k, x.qty, dl.qty AS shipped, dl.n, d.code INTO bad
      FROM (SELECT (r ->> 'document_line_id')::bigint AS line, (r ->> 'claimed')::numeric AS qty, row_number() OVER () AS k
              FROM polka.doc_rows(doc, 'lines') r) x
      LEFT JOIN polka.document_lines dl ON dl.id = x.line
      LEFT JOIN polka.documents d ON d.id = dl.document_id
     WHERE x.qty IS NOT NULL
       AND (x.qty < 0 OR x.qty > dl.qty OR dl.id IS NULL
            OR NOT EXISTS (SELECT FROM polka.claim_lines a WHERE a.claim_id = v_id AND a.document_id = dl.document_id))
     ORDER BY x.k LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'claim %: % claimed on line % of % is more than the % shipped, or not a line of its documents',
            k.number, bad.qty, bad.n, bad.code, bad.shipped
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_lines_qty_shipped';
    END IF;
    DELETE FROM polka.claim_lines WHERE claim_id = v_id AND document_line_id IS NOT NULL;
    INSERT INTO polka.claim_lines (claim_id, n, document_id, document_line_id, qty, amount, disposition)
    SELECT v_id, (SELECT coalesce(max(a.n), 0) FROM polka.claim_lines a WHERE a.claim_id = v_id) + row_number() OVER (),
           dl.document_id, dl.id, x.qty, round(x.qty * dl.price, 2), coalesce(x.disposition, 'stock')
      FROM (SELECT (r ->> 'document_line_id')::bigint AS line, (r ->> 'claimed')::numeric AS qty,
                   polka.doc_text(r, 'disposition') AS disposition, row_number() OVER () AS k
              FROM polka.doc_rows(doc, 'lines') r) x
      JOIN polka.document_lines dl ON dl.id = x.line
     WHERE x.qty > 0
     ORDER BY x.k;
    -- Corrective actions: the ones kept changed, the rest removed, new ones numbered after.
    DELETE FROM polka.corrective_actions a
     WHERE a.claim_id = v_id
       AND a.id NOT IN (SELECT (r ->> 'id')::bigint FROM polka.doc_rows(doc, 'actions') r WHERE r ->> 'id' IS NOT NULL);
    UPDATE polka.corrective_actions a
       SET action = coalesce(polka.doc_text(r, 'action'), ''), department = polka.doc_text(r, 'department'),
           owner_id = (r ->> 'owner_id')::bigint, due_on = (r ->> 'due_on')::date,
           done_at = CASE WHEN coalesce((r ->> 'done')::boolean, false) THEN coalesce(a.done_at, now()) END,
           done_by = CASE WHEN coalesce((r ->> 'done')::boolean, false) THEN coalesce(a.done_by, session_user) END
      FROM polka.doc_rows(doc, 'actions') r
     WHERE a.claim_id = v_id AND a.id = (r ->> 'id')::bigint;
    INSERT INTO polka.corrective_actions (claim_id, n, action, department, owner_id, due_on, done_at, done_by)
    SELECT v_id, (SELECT coalesce(max(a.n), 0) FROM polka.corrective_actions a WHERE a.claim_id = v_id) + x.k,
           coalesce(polka.doc_text(x.r, 'action'), ''), polka.doc_text(x.r, 'department'), (x.r ->> 'owner_id')::bigint,
           (x.r ->> 'due_on')::date,
           CASE WHEN coalesce((x.r ->> 'done')::boolean, false) THEN now() END,
           CASE WHEN coalesce((x.r ->> 'done')::boolean, false) THEN session_user END
      FROM (SELECT r, row_number() OVER () AS k FROM polka.doc_rows(doc, 'actions') r WHERE r ->> 'id' IS NULL) x;
    UPDATE polka.claims
       SET words = coalesce(polka.doc_text(doc, 'words'), ''), kind = polka.doc_text(doc, 'kind'),
           demand = polka.doc_text(doc, 'demand'),
           amount = coalesce((SELECT sum(l.amount) FROM polka.claim_lines l WHERE l.claim_id = v_id AND l.qty > 0),
                             (doc ->> 'amount')::numeric),
           fault_department = polka.doc_text(doc, 'fault_department'),
           fault_person_id = (doc ->> 'fault_person_id')::bigint, cause_id = (doc ->> 'cause_id')::bigint,
           fault_partner_id = (doc ->> 'fault_partner_id')::bigint,
           version = version + 1
     WHERE id = v_id AND version = (doc ->> 'version')::int;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'claim % was changed by someone else', k.number USING ERRCODE = 'PLK01';
    END IF;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_save(jsonb) TO polka_user;

-- Claim routes, edited on a screen (the head, quality, administrators): the list, a route with
-- its stages, a route saved whole.
CREATE OR REPLACE FUNCTION polka.claim_route_search(q text DEFAULT NULL, lim integer DEFAULT 100)
RETURNS TABLE (id bigint, kind text, name text, stages bigint, hours numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT r.id, r.kind, r.name, (SELECT count(*) FROM polka.route_stages s WHERE s.route_id = r.id),
           (SELECT coalesce(sum(s.hours), 0) FROM polka.route_stages s WHERE s.route_id = r.id)
      FROM polka.claim_routes r
     WHERE coalesce(btrim(q), '') = '' OR lower(r.name) LIKE polka.like_contains(btrim(q))
     ORDER BY array_position('{quality,shortfall,price,delivery,service}'::text[], r.kind)
     LIMIT greatest(coalesce(lim, 100), 0);
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_route_search(text,integer) TO polka_user;

CREATE OR REPLACE FUNCTION polka.claim_route_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN polka.doc_found((SELECT jsonb_build_object(
        'id', r.id, 'version', r.version, 'kind', r.kind, 'name', r.name,
        'stages', coalesce((SELECT jsonb_agg(jsonb_build_object(
                      'id', s.id, 'n', s.n, 'name', s.name, 'owner_id', s.owner_id,
                      'owner_id.label', (SELECT pe.full_name FROM polka.people pe WHERE pe.id = s.owner_id),
                      'owner_role', s.owner_role, 'hours', trim_scale(s.hours), 'priority', s.priority,
                      'investigation', s.investigation) ORDER BY s.n)
                  FROM polka.route_stages s WHERE s.route_id = r.id), '[]'))
      FROM polka.claim_routes r WHERE r.id = p_id), 'route', p_id);
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_route_get(bigint) TO polka_user;

-- One business action: a route saved with its stages (renumbered 1, 2, ... in the order
-- given). Claims under way keep the stages they have; their next stage is the route's as saved.
CREATE OR REPLACE FUNCTION polka.claim_route_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint := (doc ->> 'id')::bigint;
BEGIN
    IF NOT (polka.has_role('head') OR polka.has_role('quality') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only the head, quality and administrators change claim routes'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF v_id IS NULL THEN
        INSERT INTO polka.claim_routes (kind, name) VALUES (polka.doc_text(doc, 'kind'), polka.doc_text(doc, 'name'))
        RETURNING id INTO v_id;
    ELSE
        UPDATE polka.claim_routes SET kind = polka.doc_text(doc, 'kind'), name = polka.doc_text(doc, 'name'),
               version = version + 1
         WHERE id = v_id AND version = (doc ->> 'version')::int;
        IF NOT FOUND THEN
            IF EXISTS (SELECT FROM polka.claim_routes WHERE id = v_id) THEN
                RAISE EXCEPTION 'route % was changed by someone else', v_id USING ERRCODE = 'PLK01';
            END IF;
            PERFORM polka.not_found('route', v_id);
        END IF;
    END IF;
    -- The stages as given (at most 25: the kept ones' numbers are moved past them first, within
    -- the 50 a stage number may be): the ones kept updated, the
    -- rest removed (claims under way keep theirs: route_stage_id set null), new ones added.
    DELETE FROM polka.route_stages s
     WHERE s.route_id = v_id
       AND s.id NOT IN (SELECT (x ->> 'id')::bigint FROM polka.doc_rows(doc, 'stages') x WHERE x ->> 'id' IS NOT NULL);
    IF (SELECT count(*) FROM polka.doc_rows(doc, 'stages')) > 25 THEN
        RAISE EXCEPTION 'a route has at most 25 stages' USING ERRCODE = 'check_violation', CONSTRAINT = 'route_stages_n_valid';
    END IF;
    UPDATE polka.route_stages s SET n = s.n + 25 WHERE s.route_id = v_id;
    WITH given AS (
        SELECT x, row_number() OVER () AS k FROM polka.doc_rows(doc, 'stages') x)
    UPDATE polka.route_stages s
       SET n = g.k, name = polka.doc_text(g.x, 'name'), owner_id = (g.x ->> 'owner_id')::bigint,
           owner_role = polka.doc_text(g.x, 'owner_role'), hours = (g.x ->> 'hours')::numeric,
           priority = coalesce((g.x ->> 'priority')::smallint, 5),
           investigation = coalesce((g.x ->> 'investigation')::boolean, false)
      FROM given g
     WHERE s.id = (g.x ->> 'id')::bigint AND s.route_id = v_id;
    INSERT INTO polka.route_stages (route_id, n, name, owner_id, owner_role, hours, priority, investigation)
    SELECT v_id, g.k, polka.doc_text(g.x, 'name'), (g.x ->> 'owner_id')::bigint, polka.doc_text(g.x, 'owner_role'),
           (g.x ->> 'hours')::numeric, coalesce((g.x ->> 'priority')::smallint, 5),
           coalesce((g.x ->> 'investigation')::boolean, false)
      FROM (SELECT x, row_number() OVER () AS k FROM polka.doc_rows(doc, 'stages') x) g
     WHERE g.x ->> 'id' IS NULL;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.claim_route_save(jsonb) TO polka_user;

-- A claim's line (schema 030's trigger): its document is the claim's client's (any document for
-- a claim against a supplier or a carrier), not cancelled; its line is of that document, and
-- the line's product and batch are filled in from it.
CREATE OR REPLACE FUNCTION polka.claim_line_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    k record;
    d record;
    l record;
BEGIN
    SELECT c.number, c.partner_id, p.kind, p.name INTO k
      FROM polka.claims c JOIN polka.partners p ON p.id = c.partner_id WHERE c.id = NEW.claim_id;
    SELECT x.code, x.client_id, x.kind, x.cancelled_at, p.name AS client INTO d
      FROM polka.documents x LEFT JOIN polka.partners p ON p.id = x.client_id WHERE x.id = NEW.document_id;
    IF NOT FOUND THEN
        RETURN NEW;  -- (the foreign key says it)
    END IF;
    IF d.kind <> 'upd' THEN
        RAISE EXCEPTION 'claim %: document % is not a sales document', k.number, d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_lines_sales_document';
    END IF;
    IF d.cancelled_at IS NOT NULL THEN
        RAISE EXCEPTION 'claim %: document % was cancelled', k.number, d.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_lines_sales_document';
    END IF;
    IF k.kind = 'client' AND d.client_id IS DISTINCT FROM k.partner_id THEN
        RAISE EXCEPTION 'claim %: document % is of another client (%), not of %', k.number, d.code, d.client, k.name
            USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_lines_same_client';
    END IF;
    IF NEW.document_line_id IS NOT NULL THEN
        SELECT x.document_id, x.product_id, x.batch_id INTO l FROM polka.document_lines x WHERE x.id = NEW.document_line_id;
        IF NOT FOUND THEN
            RETURN NEW;
        END IF;
        IF l.document_id <> NEW.document_id THEN
            RAISE EXCEPTION 'claim %: the line is not on document %', k.number, d.code
                USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_lines_same_client';
        END IF;
        NEW.product_id := l.product_id;
        NEW.batch_id := l.batch_id;
    END IF;
    RETURN NEW;
END
$$;
