-- 029: claims with routing (issue 17): a claim exists the moment it is phoned in (the
-- partner and the partner's words); it then goes through the stages of the route of its kind,
-- each with an owner (a person, or a role with a rule for choosing the person), a deadline in
-- working time by the business calendar and a priority; an overdue stage is escalated to the
-- owner's supervisor once; the client's manager and whoever is at fault never own the
-- investigation (a constraint trigger, whichever way round it is tried); every claim call is
-- counted. The functions in functions/claims.sql.

SET LOCAL ROLE polka_owner;

-- Departments: whom a person works in, and who may be at fault for a claim.
CREATE TABLE polka.departments (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text NOT NULL CONSTRAINT departments_code_valid CHECK (code ~ '^[a-z_]{1,20}$')
            CONSTRAINT departments_code_key UNIQUE,
    name    text NOT NULL CONSTRAINT departments_name_valid CHECK (polka.text_ok(name, 100) AND btrim(name) <> ''),
    head_id bigint REFERENCES polka.people
);
INSERT INTO polka.departments (code, name) VALUES
    ('sales', 'Отдел продаж'), ('service', 'Клиентский сервис'), ('quality', 'Служба качества'),
    ('warehouse', 'Склад'), ('logistics', 'Логистика'), ('production', 'Производство'), ('finance', 'Финансы');
SELECT polka.rls_protect('departments'), polka.rls_read_all('departments');
SELECT polka.audit_attach('departments');

-- A person's department and supervisor (who hears of the person's overdue stages).
ALTER TABLE polka.people
    ADD COLUMN department text REFERENCES polka.departments (code),
    ADD COLUMN supervisor_id bigint REFERENCES polka.people,
    ADD CONSTRAINT people_supervisor_not_self CHECK (supervisor_id <> id);

-- A route per kind of claim: its stages in order (after the registration every claim starts
-- with). A stage's owner is a person, or a role whose member with the fewest open stages is
-- chosen (pick 'least_loaded'); hours: its deadline in working hours; investigation: the
-- stage the conflict rule guards.
CREATE TABLE polka.claim_routes (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    text NOT NULL CONSTRAINT claim_routes_kind_valid
            CHECK (kind IN ('quality', 'shortfall', 'price', 'delivery', 'service'))
            CONSTRAINT claim_routes_kind_key UNIQUE,
    name    text NOT NULL CONSTRAINT claim_routes_name_valid CHECK (polka.text_ok(name, 200) AND btrim(name) <> ''),
    version integer NOT NULL DEFAULT 1
);
CREATE TABLE polka.route_stages (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    route_id      bigint NOT NULL REFERENCES polka.claim_routes ON DELETE CASCADE,
    n             smallint NOT NULL CONSTRAINT route_stages_n_valid CHECK (n BETWEEN 1 AND 50),
    name          text NOT NULL CONSTRAINT route_stages_name_valid CHECK (polka.text_ok(name, 100) AND btrim(name) <> ''),
    owner_id      bigint REFERENCES polka.people,
    owner_role    text CONSTRAINT route_stages_owner_role_valid
                  CHECK (owner_role IN ('operator', 'waybill_clerk', 'manager', 'quality', 'planner', 'head', 'admin')),
    hours         numeric(6, 1) NOT NULL CONSTRAINT route_stages_hours_valid CHECK (hours > 0 AND hours <= 1000),
    priority      smallint NOT NULL DEFAULT 5 CONSTRAINT route_stages_priority_valid CHECK (priority BETWEEN 1 AND 9),
    investigation boolean NOT NULL DEFAULT false,
    CONSTRAINT route_stages_n_key UNIQUE (route_id, n),
    CONSTRAINT route_stages_owner_given CHECK ((owner_id IS NULL) <> (owner_role IS NULL))
);
SELECT polka.rls_protect('claim_routes'), polka.rls_read_all('claim_routes');
SELECT polka.rls_protect('route_stages'), polka.rls_read_all('route_stages');
SELECT polka.audit_attach('claim_routes');
SELECT polka.audit_attach('route_stages');

-- A claim: from a partner (a client; or a supplier, a carrier the claim is against), in the
-- partner's words; the details come after: kind, demand, amount, who and what is at fault.
CREATE SEQUENCE polka.claim_number_seq;
CREATE TABLE polka.claims (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number           text NOT NULL DEFAULT 'ПР-' || lpad(nextval('polka.claim_number_seq')::text, 6, '0')
                     CONSTRAINT claims_number_key UNIQUE,
    partner_id       bigint NOT NULL REFERENCES polka.partners,
    words            text NOT NULL CONSTRAINT claims_words_valid CHECK (polka.text_ok(words, 4000) AND btrim(words) <> ''),
    kind             text CONSTRAINT claims_kind_valid
                     CHECK (kind IN ('quality', 'shortfall', 'price', 'delivery', 'service')),
    demand           text CONSTRAINT claims_demand_valid
                     CHECK (demand IN ('return', 'replacement', 'discount', 'compensation')),
    amount           numeric(14, 2) CONSTRAINT claims_amount_valid CHECK (amount >= 0),
    fault_department text REFERENCES polka.departments (code),
    fault_person_id  bigint REFERENCES polka.people,
    fault_partner_id bigint REFERENCES polka.partners,
    status           text NOT NULL DEFAULT 'open' CONSTRAINT claims_status_valid
                     CHECK (status IN ('open', 'approved', 'rejected', 'closed')),
    decision         text CONSTRAINT claims_decision_valid CHECK (polka.text_ok(decision, 2000)),
    registered_by    text NOT NULL DEFAULT session_user,
    registered_at    timestamptz NOT NULL DEFAULT now(),
    closed_at        timestamptz,
    version          integer NOT NULL DEFAULT 1,
    CONSTRAINT claims_closed_given CHECK ((status IN ('open', 'approved')) = (closed_at IS NULL))
);
CREATE INDEX claims_partner_idx ON polka.claims (partner_id, registered_at);
CREATE INDEX claims_open_idx ON polka.claims (registered_at) WHERE status IN ('open', 'approved');
SELECT polka.rls_protect('claims');
-- Quality, the head (and who sees every client's) see every claim; a manager his clients'.
CREATE POLICY read_with_partner ON polka.claims FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR partner_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.claims TO polka_user;
SELECT polka.audit_attach('claims');

-- A claim's stages, one open at a time: its owner, when it started and is due (working time),
-- its priority; done (when, by whom, the outcome), escalated once (when, to whom).
CREATE TABLE polka.claim_stages (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id       bigint NOT NULL REFERENCES polka.claims,
    n              smallint NOT NULL CONSTRAINT claim_stages_n_valid CHECK (n >= 0),
    name           text NOT NULL CONSTRAINT claim_stages_name_valid CHECK (polka.text_ok(name, 100) AND btrim(name) <> ''),
    route_stage_id bigint REFERENCES polka.route_stages ON DELETE SET NULL,
    owner_id       bigint NOT NULL REFERENCES polka.people,
    investigation  boolean NOT NULL DEFAULT false,
    priority       smallint NOT NULL DEFAULT 5 CONSTRAINT claim_stages_priority_valid CHECK (priority BETWEEN 1 AND 9),
    started_at     timestamptz NOT NULL DEFAULT now(),
    due_at         timestamptz NOT NULL,
    done_at        timestamptz,
    done_by        text,
    outcome        text CONSTRAINT claim_stages_outcome_valid CHECK (polka.text_ok(outcome, 2000)),
    escalated_at   timestamptz,
    escalated_to   bigint REFERENCES polka.people,
    CONSTRAINT claim_stages_n_key UNIQUE (claim_id, n),
    CONSTRAINT claim_stages_due_valid CHECK (due_at >= started_at),
    CONSTRAINT claim_stages_done_given CHECK ((done_at IS NULL) = (done_by IS NULL) AND done_at >= started_at),
    CONSTRAINT claim_stages_escalated_given CHECK ((escalated_at IS NULL) = (escalated_to IS NULL))
);
CREATE UNIQUE INDEX claim_stages_open_key ON polka.claim_stages (claim_id) WHERE done_at IS NULL;
CREATE INDEX claim_stages_owner_idx ON polka.claim_stages (owner_id, due_at) WHERE done_at IS NULL;
CREATE INDEX claim_stages_due_idx ON polka.claim_stages (due_at) WHERE done_at IS NULL AND escalated_at IS NULL;
SELECT polka.rls_protect('claim_stages');
CREATE POLICY read_with_claim ON polka.claim_stages FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR claim_id IN (SELECT c.id FROM polka.claims c));
GRANT SELECT ON polka.claim_stages TO polka_user;
SELECT polka.audit_attach('claim_stages');

-- Comments at any stage.
CREATE TABLE polka.claim_comments (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES polka.claims,
    stage_n  smallint,
    body     text NOT NULL CONSTRAINT claim_comments_body_valid CHECK (polka.text_ok(body, 4000) AND btrim(body) <> ''),
    by_user  text NOT NULL DEFAULT session_user,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_comments_claim_idx ON polka.claim_comments (claim_id);
SELECT polka.rls_protect('claim_comments');
CREATE POLICY read_with_claim ON polka.claim_comments FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR claim_id IN (SELECT c.id FROM polka.claims c));
GRANT SELECT ON polka.claim_comments TO polka_user;
COMMENT ON TABLE polka.claim_comments IS 'audit: exempt: written once, never changed; each row says who and when';

-- A call in which a partner complained (a key at the order and claim screens): what the
-- registered claims are counted against, per day and person.
CREATE TABLE polka.claim_calls (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id bigint NOT NULL REFERENCES polka.partners,
    by_user    text NOT NULL DEFAULT session_user,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX claim_calls_at_idx ON polka.claim_calls (at);
SELECT polka.rls_protect('claim_calls');
CREATE POLICY read_with_partner ON polka.claim_calls FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR partner_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.claim_calls TO polka_user;
COMMENT ON TABLE polka.claim_calls IS 'audit: exempt: written once, never changed; each row says who and when';

-- A person's inbox: what needs them (an overdue stage of someone they supervise, a stage
-- given to them); read or not. A new row is announced on channel polka_inbox (the login).
CREATE TABLE polka.inbox (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES polka.people,
    claim_id  bigint REFERENCES polka.claims,
    kind      text NOT NULL CONSTRAINT inbox_kind_valid CHECK (kind IN ('overdue', 'assigned')),
    body      text NOT NULL CONSTRAINT inbox_body_valid CHECK (polka.text_ok(body, 1000) AND btrim(body) <> ''),
    at        timestamptz NOT NULL DEFAULT now(),
    read_at   timestamptz
);
CREATE INDEX inbox_person_idx ON polka.inbox (person_id, at) WHERE read_at IS NULL;
SELECT polka.rls_protect('inbox');
-- Each sees their own inbox.
CREATE POLICY read_own ON polka.inbox FOR SELECT TO polka_user
    USING (person_id = (SELECT p.id FROM polka.people p WHERE p.login = session_user));
GRANT SELECT ON polka.inbox TO polka_user;
COMMENT ON TABLE polka.inbox IS 'audit: exempt: notices to a person; the claim stages they tell of are audited';

-- The conflict rule (functions/claims.sql, polka.claim_conflict_check): checked at commit for
-- every claim a change touches, whichever table the change is in.
CREATE CONSTRAINT TRIGGER claim_stages_conflict AFTER INSERT OR UPDATE OF owner_id, investigation, done_at
    ON polka.claim_stages DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION polka.claim_conflict_check();
CREATE CONSTRAINT TRIGGER claims_conflict AFTER UPDATE OF partner_id, fault_department, fault_person_id
    ON polka.claims DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION polka.claim_conflict_check();
CREATE CONSTRAINT TRIGGER partners_claim_conflict AFTER UPDATE OF manager_id
    ON polka.partners DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION polka.claim_conflict_check();
CREATE CONSTRAINT TRIGGER people_claim_conflict AFTER UPDATE OF department
    ON polka.people DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION polka.claim_conflict_check();

-- (Working hours: settings work_start and work_end, 09:00 and 18:00 when not set; a claim's
-- registration is due in claim_registration_hours, 4 when not set: functions/claims.sql.)

-- An overdue stage's supervisor hears of it by e-mail too, through the outbox (functions/
-- notices.sql sends it).
ALTER TABLE polka.outbox DROP CONSTRAINT outbox_kind_valid,
    ADD CONSTRAINT outbox_kind_valid CHECK (kind IN ('shipment_notice', 'claim_overdue'));
