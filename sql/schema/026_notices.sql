-- 026: shipment notices (issue 16): a client who wants one (partners.shipment_notice, to the
-- partner's e-mail) gets a notice of what its trip shipped when the truck leaves, through an
-- outbox the sender (`polka notices send`) works off over SMTP: retried with a growing pause
-- when the relay is down, failed and shown when the relay refuses or the tries run out, and
-- never sent twice (a notice being sent is marked so, committed, before the relay is
-- spoken to). The functions in functions/notices.sql; the intake issue turns the same event
-- into an EDI DESADV.

SET LOCAL ROLE polka_owner;

-- The partner card's "send shipment notices" (to the partner's e-mail).
ALTER TABLE polka.partners ADD COLUMN shipment_notice boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT partners_notice_email CHECK (NOT shipment_notice OR email IS NOT NULL);

CREATE TABLE polka.outbox (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text NOT NULL CONSTRAINT outbox_kind_valid CHECK (kind IN ('shipment_notice')),
    trip_id    bigint REFERENCES polka.trips,
    client_id  bigint REFERENCES polka.partners,
    recipient  text NOT NULL CONSTRAINT outbox_recipient_valid CHECK (polka.email_valid(recipient)),
    subject    text NOT NULL CONSTRAINT outbox_subject_valid CHECK (polka.text_ok(subject, 300)),
    body       text NOT NULL CONSTRAINT outbox_body_valid CHECK (length(body) BETWEEN 1 AND 1000000),
    -- queued: to send (at next_at); sending: handed to the relay, its answer not recorded yet
    -- (never sent again by itself: a person looks); sent; failed: refused, or out of tries.
    status     text NOT NULL DEFAULT 'queued'
               CONSTRAINT outbox_status_valid CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts   integer NOT NULL DEFAULT 0 CONSTRAINT outbox_attempts_valid CHECK (attempts >= 0),
    next_at    timestamptz NOT NULL DEFAULT now(),
    last_error text CONSTRAINT outbox_last_error_valid CHECK (polka.text_ok(last_error, 1000)),
    claimed_at timestamptz, -- when a sender last took it (a notice "sending" since long ago is stuck)
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at    timestamptz,
    CONSTRAINT outbox_sent_given CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
    -- One notice per trip and client: the event happens once.
    CONSTRAINT outbox_notice_key UNIQUE (kind, trip_id, client_id)
);
CREATE INDEX outbox_due_idx ON polka.outbox (next_at) WHERE status = 'queued';
-- Seen with its client (the head and admins see them all).
SELECT polka.rls_protect('outbox');
CREATE POLICY read_with_partner ON polka.outbox FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR client_id IN (SELECT p.id FROM polka.partners p));
GRANT SELECT ON polka.outbox TO polka_user;
SELECT polka.audit_attach('outbox');
