-- 06_claims.sql: claims for the demo (issue 17), after polka_demo.demo_orders: the demo people
-- in departments with supervisors (egor heads sales and supervises the desk, gleb heads
-- quality), a route per kind of claim, and the claims of the last weeks: most closed (each with
-- its cause, the department at fault and the decision: in full, in part, or rejected), some at
-- their investigation (one overdue and escalated to egor, one overdue not yet: `polka jobs run`
-- escalates it), one just registered, over a year back; claim calls beside them.

CREATE OR REPLACE FUNCTION polka_demo.demo_claims(p_scale numeric, p_today date DEFAULT polka.business_day())
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_n int := greatest(round(40 * p_scale), 8);
    p record;
    r record;
    v_id bigint;
    v_at timestamptz;
    v_stage record;
    v_doc record;
    v_photo bytea := '\x89504e470d0a1a0a0000000d49484452000000080000000808020000004b6d29dc0000001149444154789c6338b1a5022b62185a1200eb987d015bbd375e0000000049454e44ae426082';
    k int;
BEGIN
    IF EXISTS (SELECT FROM polka.claims) THEN
        RETURN false;
    END IF;
    -- Who works where.
    UPDATE polka.people pe SET department = x.dept
      FROM (VALUES ('anna', 'service'), ('boris', 'warehouse'), ('vera', 'sales'), ('gleb', 'quality'),
                   ('dina', 'logistics'), ('egor', 'sales'), ('zoya', 'service')) x(login, dept)
     WHERE pe.login = x.login;
    UPDATE polka.people SET department = 'sales' WHERE is_manager AND department IS NULL;
    UPDATE polka.departments d SET head_id = (SELECT pe.id FROM polka.people pe WHERE pe.login = x.login)
      FROM (VALUES ('sales', 'egor'), ('quality', 'gleb'), ('warehouse', 'egor'), ('logistics', 'egor'),
                   ('service', 'egor')) x(code, login)
     WHERE d.code = x.code;
    UPDATE polka.people SET supervisor_id = (SELECT id FROM polka.people WHERE login = 'egor')
     WHERE login IN ('anna', 'boris', 'vera', 'gleb', 'dina');

    -- A route per kind: its stages, owners, working hours, priorities.
    INSERT INTO polka.claim_routes (kind, name) VALUES
        ('quality', 'Претензия по качеству'), ('shortfall', 'Недовложение'), ('price', 'Претензия по цене'),
        ('delivery', 'Претензия по доставке'), ('service', 'Претензия к обслуживанию');
    INSERT INTO polka.route_stages (route_id, n, name, owner_role, owner_id, hours, priority, investigation)
    SELECT cr.id, s.n, s.name, s.role, (SELECT pe.id FROM polka.people pe WHERE pe.login = s.person), s.hours, s.prio, s.inv
      FROM polka.claim_routes cr
      JOIN (VALUES ('quality', 1, 'Расследование', 'quality', NULL, 16, 3, true),
                   ('quality', 2, 'Анализ службы качества', 'quality', NULL, 16, 4, false),
                   ('quality', 3, 'Решение', NULL, 'egor', 8, 3, false),
                   ('quality', 4, 'Документы возврата', 'waybill_clerk', NULL, 8, 5, false),
                   ('shortfall', 1, 'Проверка отгрузки', 'quality', NULL, 8, 3, true),
                   ('shortfall', 2, 'Решение', NULL, 'egor', 8, 4, false),
                   ('shortfall', 3, 'Документы возврата', 'waybill_clerk', NULL, 8, 5, false),
                   ('price', 1, 'Проверка цены', 'quality', NULL, 8, 4, true),
                   ('price', 2, 'Решение', NULL, 'egor', 8, 4, false),
                   ('delivery', 1, 'Разбор доставки', 'quality', NULL, 16, 4, true),
                   ('delivery', 2, 'Решение', NULL, 'egor', 8, 5, false),
                   ('service', 1, 'Разбор обращения', 'quality', NULL, 16, 5, true),
                   ('service', 2, 'Решение', NULL, 'egor', 8, 5, false))
           s(kind, n, name, role, person, hours, prio, inv) ON s.kind = cr.kind;

    -- The claims: spread over a year back from today, clients in turn; the older ones closed.
    k := 0;
    FOR p IN
        SELECT c.id, c.name, row_number() OVER (ORDER BY c.id) AS i
          FROM polka.partners c WHERE c.kind = 'client' ORDER BY c.id LIMIT v_n
    LOOP
        k := k + 1;
        v_at := ((p_today - (greatest(365 / v_n, 3) * (v_n - k) + 1))::timestamp + time '10:30') AT TIME ZONE 'Europe/Moscow';
        INSERT INTO polka.claims (partner_id, words, kind, demand, amount, registered_by, registered_at, status, closed_at,
                                  fault_department)
        VALUES (p.id,
                polka_demo.demo_pick(ARRAY['Привезли мятые коробки, часть товара в браке',
                                           'Недовложение: в накладной 20 коробок, привезли 18',
                                           'Цена в накладной выше согласованной по прайсу',
                                           'Машина опоздала на три часа, приёмка сорвана',
                                           'Менеджер не перезвонил по вопросу возврата'], k - 1),
                (ARRAY['quality', 'shortfall', 'price', 'delivery', 'service'])[(k - 1) % 5 + 1],
                (ARRAY['return', 'replacement', 'discount', 'compensation', NULL])[(k - 1) % 5 + 1],
                CASE WHEN k % 5 <> 0 THEN 1000 + 750 * (k % 7) END, 'anna', v_at,
                CASE WHEN k <= v_n - 4 THEN 'closed' ELSE 'open' END,
                CASE WHEN k <= v_n - 4 THEN v_at + interval '4 days' END,
                (ARRAY['production', 'warehouse', 'sales', 'logistics', 'service'])[(k - 1) % 5 + 1])
        RETURNING id INTO v_id;
        -- Registration by anna, done within the hour.
        INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at, done_at, done_by, outcome)
        VALUES (v_id, 0, 'Регистрация', (SELECT id FROM polka.people WHERE login = 'anna'), v_at,
                polka.work_deadline(v_at, 4), v_at + interval '40 minutes', 'anna', 'Зарегистрирована');
        v_at := v_at + interval '40 minutes';
        -- The route's stages: closed claims through all, open ones to their first (the last
        -- claim still at registration).
        FOR r IN
            SELECT rs.* FROM polka.route_stages rs JOIN polka.claim_routes cr ON cr.id = rs.route_id
             WHERE cr.kind = (SELECT kind FROM polka.claims WHERE id = v_id) ORDER BY rs.n
        LOOP
            EXIT WHEN k > v_n - 4 AND r.n > 1;
            EXIT WHEN k = v_n;
            INSERT INTO polka.claim_stages (claim_id, n, name, route_stage_id, owner_id, investigation, priority,
                                            started_at, due_at, done_at, done_by, outcome)
            SELECT v_id, r.n, r.name, r.id,
                   coalesce(r.owner_id, (SELECT pe.id FROM polka.people pe WHERE pe.login =
                                           CASE r.owner_role WHEN 'quality' THEN 'gleb' WHEN 'waybill_clerk' THEN 'boris'
                                                             WHEN 'planner' THEN 'dina' ELSE 'egor' END)),
                   r.investigation, r.priority, v_at, polka.work_deadline(v_at, r.hours),
                   CASE WHEN k <= v_n - 4 THEN v_at + interval '1 day' END,
                   CASE WHEN k <= v_n - 4 THEN 'gleb' END,
                   CASE WHEN k <= v_n - 4 THEN 'Выполнено' END;
            v_at := v_at + interval '1 day';
        END LOOP;
        IF k = v_n THEN
            UPDATE polka.claim_stages SET done_at = NULL, done_by = NULL, outcome = NULL,
                   started_at = now() - interval '10 minutes', due_at = polka.work_deadline(now(), 4)
             WHERE claim_id = v_id AND n = 0;
            UPDATE polka.claims SET kind = NULL, demand = NULL, fault_department = NULL WHERE id = v_id;
        END IF;
    END LOOP;
    -- The closed claims' analysis and decision (what the claims reports read): a cause of the
    -- group its kind points to (in turn), the department at fault the cause's (none for a
    -- rejected claim, nor for every seventh: not determined), decided by egor an hour before
    -- closing: every fourth rejected (its status and reason so), every fourth in part, the
    -- rest in full.
    WITH c AS (
        SELECT k.id, k.kind, k.closed_at, row_number() OVER (ORDER BY k.id) AS i
          FROM polka.claims k WHERE k.status = 'closed'),
    d AS (
        SELECT c.id, c.closed_at, c.i, x.ids[1 + (c.i / 5)::int % cardinality(x.ids)] AS cause,
               (ARRAY['rejected', 'partial', 'full', 'full'])[1 + (c.i % 4)::int] AS resolution
          FROM c
         CROSS JOIN LATERAL (
               SELECT array_agg(cc.id ORDER BY cc.id) AS ids
                 FROM polka.claim_causes cc JOIN polka.claim_causes g ON g.id = cc.parent_id
                WHERE g.code = CASE c.kind WHEN 'quality' THEN 'product' WHEN 'shortfall' THEN 'warehouse'
                                           WHEN 'price' THEN 'commerce' WHEN 'delivery' THEN 'logistics'
                                           ELSE 'service' END) x)
    UPDATE polka.claims k
       SET cause_id = d.cause, resolution = d.resolution, decided_at = d.closed_at - interval '1 hour',
           decided_by = 'egor',
           fault_department = CASE WHEN d.resolution <> 'rejected' AND d.i % 7 <> 0
                                   THEN (SELECT cc.department FROM polka.claim_causes cc WHERE cc.id = d.cause) END,
           status = CASE WHEN d.resolution = 'rejected' THEN 'rejected' ELSE 'closed' END,
           decision = CASE d.resolution WHEN 'rejected' THEN 'Отказано: нарушение не подтвердилось'
                                        WHEN 'partial' THEN 'Удовлетворена частично' ELSE 'Удовлетворена' END
      FROM d
     WHERE k.id = d.id;
    -- One open investigation overdue and escalated to egor already; the rest wait for
    -- polka jobs run if overdue.
    SELECT s.* INTO v_stage FROM polka.claim_stages s
     WHERE s.done_at IS NULL AND s.n = 1 AND s.due_at < now() ORDER BY s.due_at LIMIT 1;
    IF FOUND THEN
        UPDATE polka.claim_stages SET escalated_at = due_at + interval '1 hour',
               escalated_to = (SELECT id FROM polka.people WHERE login = 'egor')
         WHERE id = v_stage.id;
        INSERT INTO polka.inbox (person_id, claim_id, kind, body, at)
        SELECT (SELECT id FROM polka.people WHERE login = 'egor'), v_stage.claim_id, 'overdue',
               format('Претензия %s: этап «%s» (%s) просрочен', k2.number, v_stage.name, o.full_name),
               v_stage.due_at + interval '1 hour'
          FROM polka.claims k2, polka.people o WHERE k2.id = v_stage.claim_id AND o.id = v_stage.owner_id;
    END IF;
    -- A claim on each of the first two shipped documents (their trips left): the client's words,
    -- the document with its first line claimed (a sixth of it, to be written off), a photo of
    -- the damage, a corrective action; at its investigation, gleb's (quality).
    FOR v_doc IN
        SELECT d.id, d.client_id FROM polka.documents d JOIN polka.trips t ON t.id = d.trip_id
         WHERE d.kind = 'upd' AND d.cancelled_at IS NULL AND t.status IN ('left', 'returned')
           AND NOT EXISTS (SELECT FROM polka.corrections c WHERE c.document_id = d.id AND c.reversed_at IS NULL)
         ORDER BY d.id LIMIT 2
    LOOP
        INSERT INTO polka.claims (partner_id, words, kind, demand, cause_id, registered_by, registered_at)
        VALUES (v_doc.client_id, 'Пришла партия со вздутой упаковкой, фото прилагаем, просим вернуть', 'quality',
                'return', (SELECT c.id FROM polka.claim_causes c WHERE c.code = 'packaging'), 'anna',
                now() - interval '3 hours')
        RETURNING id INTO v_id;
        INSERT INTO polka.claim_stages (claim_id, n, name, owner_id, started_at, due_at, done_at, done_by, outcome)
        SELECT v_id, 0, 'Регистрация', pe.id, now() - interval '3 hours', now() + interval '1 hour',
               now() - interval '2 hours', 'anna', 'Записано, фото получено'
          FROM polka.people pe WHERE pe.login = 'anna';
        INSERT INTO polka.claim_stages (claim_id, n, name, route_stage_id, owner_id, investigation, priority, started_at,
                                        due_at)
        SELECT v_id, 1, rs.name, rs.id, (SELECT pe.id FROM polka.people pe WHERE pe.login = 'gleb'), true, rs.priority,
               now() - interval '2 hours', polka.work_deadline(now() - interval '2 hours', rs.hours)
          FROM polka.route_stages rs JOIN polka.claim_routes cr ON cr.id = rs.route_id
         WHERE cr.kind = 'quality' AND rs.n = 1;
        INSERT INTO polka.claim_lines (claim_id, n, document_id) VALUES (v_id, 1, v_doc.id);
        INSERT INTO polka.claim_lines (claim_id, n, document_id, document_line_id, qty, amount, disposition)
        SELECT v_id, 2, v_doc.id, l.id, greatest(floor(l.qty / 6), 1), round(greatest(floor(l.qty / 6), 1) * l.price, 2),
               'write_off'
          FROM polka.document_lines l WHERE l.document_id = v_doc.id ORDER BY l.n LIMIT 1;
        UPDATE polka.claims SET amount = (SELECT sum(l.amount) FROM polka.claim_lines l WHERE l.claim_id = v_id AND l.qty > 0)
         WHERE id = v_id;
        INSERT INTO polka.attachments (claim_id, stage_n, name, mime, size, sha256, body, added_by)
        VALUES (v_id, 0, 'фото упаковки.png', 'image/png', octet_length(v_photo), sha256(v_photo), v_photo, 'anna');
        INSERT INTO polka.corrective_actions (claim_id, n, action, department, due_on)
        VALUES (v_id, 1, 'Проверить запайку упаковки на линии фасовки', 'production', p_today + 7);
    END LOOP;
    -- Claim calls: a few a day for the last two weeks, more than claims were registered.
    INSERT INTO polka.claim_calls (partner_id, by_user, at)
    SELECT c.id, CASE WHEN g % 3 = 0 THEN 'vera' ELSE 'anna' END,
           ((p_today - (g % 14))::timestamp + time '11:00' + make_interval(mins => g)) AT TIME ZONE 'Europe/Moscow'
      FROM generate_series(1, 30) g
      JOIN LATERAL (SELECT x.id FROM polka.partners x WHERE x.kind = 'client' ORDER BY x.id OFFSET g % 10 LIMIT 1) c ON true;
    RETURN true;
END
$$;
