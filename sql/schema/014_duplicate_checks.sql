-- 014: the duplicate check's log (issue 13, point 18). polka.partner_duplicates reads every
-- partner (a new client may be another manager's already) but names only those the caller
-- sees; a call that matched partners the caller does not see is recorded here, so that
-- guessing e-mails or phones by the thousand leaves a trace. Administrators read it.

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.duplicate_checks (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    who    text NOT NULL DEFAULT session_user,
    args   jsonb NOT NULL,   -- what was asked: name, legal name, INN, phone, e-mail
    hidden integer NOT NULL  -- how many partners the caller does not see it matched
);
CREATE INDEX duplicate_checks_who_idx ON polka.duplicate_checks (who, at);
SELECT polka.rls_protect('duplicate_checks');
CREATE POLICY read_admin ON polka.duplicate_checks FOR SELECT TO polka_user USING ((SELECT polka.has_role('admin')));
GRANT SELECT ON polka.duplicate_checks TO polka_user;

COMMENT ON TABLE polka.duplicate_checks IS 'audit: exempt (it is itself a log, appended by polka.partner_duplicates)';
