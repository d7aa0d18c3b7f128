-- needs schema 026
-- notices.sql: shipment notices through the outbox (issue 16, schema 026): queued when a trip
-- leaves (trip_depart calls notices_queue_trip in its transaction), handed out to the sender a
-- few at a time (outbox_claim), their outcome recorded (outbox_done): sent, or tried again
-- after a pause that doubles (1, 2, 4 ... minutes) up to outbox_max_tries, or failed; a person
-- puts a failed one back (outbox_retry).
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- How many times a notice is tried before it fails.
CREATE OR REPLACE FUNCTION polka.outbox_max_tries() RETURNS integer
LANGUAGE sql IMMUTABLE RETURN 6;
GRANT EXECUTE ON FUNCTION polka.outbox_max_tries() TO polka_user;

-- A notice per client of the trip who wants one and has an e-mail: what its sales documents
-- shipped (document, date, lines with batch, expiry and quantity, pallets, totals), in plain
-- text. Once per trip and client. Returns how many were queued now. Not granted: trip_depart
-- (SECURITY DEFINER) calls it.
CREATE OR REPLACE FUNCTION polka.notices_queue_trip(p_trip bigint) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    n integer;
BEGIN
    WITH d AS (
        SELECT d.*, c.email, c.name AS client_name, c.legal_name, t.number AS trip_no, t.day, v.plate, t.driver
          FROM polka.documents d
          JOIN polka.partners c ON c.id = d.client_id
          JOIN polka.trips t ON t.id = d.trip_id
          JOIN polka.vehicles v ON v.id = t.vehicle_id
         WHERE d.trip_id = p_trip AND d.kind = 'upd' AND d.cancelled_at IS NULL
           AND c.shipment_notice AND polka.email_valid(c.email) AND c.email IS NOT NULL),
    body AS (
        SELECT d.client_id, min(d.email) AS email, min(d.client_name) AS client_name, min(d.trip_no) AS trip_no,
               min(d.day) AS day,
               string_agg(
                   format(E'Документ %s (УПД № %s от %s), %s\n', d.code, d.seq, to_char(d.doc_date, 'DD.MM.YYYY'),
                          (SELECT p.name FROM polka.delivery_points p WHERE p.id = d.point_id))
                   || (SELECT string_agg(format(E'  %s. %s %s — %s %s, партия %s, годен до %s, %s руб.\n', l.n, pr.code,
                                                pr.name, trim_scale(l.qty), pr.unit, b.batch,
                                                to_char(b.expires_on, 'DD.MM.YYYY'), l.amount), '' ORDER BY l.n)
                         FROM polka.document_lines l
                         JOIN polka.products pr ON pr.id = l.product_id
                         JOIN polka.stock_batches b ON b.id = l.batch_id
                        WHERE l.document_id = d.id)
                   || format(E'  Итого: %s руб., в т.ч. НДС %s руб.; паллет: %s%s\n', d.amount, d.vat_amount, d.pallets,
                             coalesce(' (' || (SELECT string_agg(DISTINCT f.sscc, ', ' ORDER BY f.sscc)
                                                 FROM polka.picking_facts f JOIN polka.order_lines ol ON ol.id = f.order_line_id
                                                WHERE ol.order_id = d.order_id AND f.trip_id = d.trip_id AND f.sscc IS NOT NULL)
                                      || ')', '')),
                   E'\n' ORDER BY d.seq) AS docs,
               min(format('Машина %s, водитель %s', d.plate, coalesce(d.driver, '—'))) AS truck
          FROM d GROUP BY d.client_id)
    INSERT INTO polka.outbox (kind, trip_id, client_id, recipient, subject, body)
    SELECT 'shipment_notice', p_trip, b.client_id, b.email,
           format('Отгрузка %s: рейс %s', to_char(b.day, 'DD.MM.YYYY'), b.trip_no),
           format(E'Здравствуйте!\n\n%s: сегодня вам отгружено по рейсу %s (%s).\n\n%s\n'
                  'Это письмо отправлено автоматически; подписанные экземпляры документов вернёт водитель.\n',
                  b.client_name, b.trip_no, b.truck, b.docs)
      FROM body b
    ON CONFLICT ON CONSTRAINT outbox_notice_key DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- Who sends the outbox and puts failed notices back: waybill clerks, the head, administrators.
CREATE OR REPLACE FUNCTION polka.outbox_rights_check() RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT (polka.has_role('waybill_clerk') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only waybill clerks, the head and administrators send notices'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.outbox_rights_check() TO polka_user;

-- One business action: up to p_limit notices due now handed to the sender, each marked
-- sending (and its try counted) in this transaction, which the sender commits before it
-- speaks to the relay: a notice is handed out once, so two senders never send the same one,
-- and one whose sending was cut short stays "sending" for a person to look at rather than go
-- out twice. (The relay is the sender's: POLKA_SMTP_URL, kept out of the database, where
-- every user reads the settings and a URL may carry a password.)
CREATE OR REPLACE FUNCTION polka.outbox_claim(p_limit integer DEFAULT 20)
RETURNS TABLE (id bigint, recipient text, subject text, body text, attempts integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM polka.outbox_rights_check();
    RETURN QUERY
    WITH due AS (
        SELECT o.id FROM polka.outbox o
         WHERE o.status = 'queued' AND o.next_at <= now()
         ORDER BY o.next_at, o.id LIMIT greatest(p_limit, 0)
           FOR UPDATE SKIP LOCKED)
    UPDATE polka.outbox o SET status = 'sending', attempts = o.attempts + 1, claimed_at = now()
      FROM due WHERE o.id = due.id
    RETURNING o.id, o.recipient, o.subject, o.body, o.attempts;
END
$$;
GRANT EXECUTE ON FUNCTION polka.outbox_claim(integer) TO polka_user;

-- One business action: what the relay answered for a notice handed out. ok: sent. Else
-- p_permanent (the relay refused it: a 5xx) or out of tries: failed; otherwise queued again
-- after 2^(tries-1) minutes. The error as the sender put it. Returns the status.
CREATE OR REPLACE FUNCTION polka.outbox_done(p_id bigint, p_ok boolean, p_error text DEFAULT NULL,
                                             p_permanent boolean DEFAULT false) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.outbox;
BEGIN
    PERFORM polka.outbox_rights_check();
    SELECT * INTO o FROM polka.outbox WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('notice', p_id); END IF;
    IF o.status <> 'sending' THEN
        RAISE EXCEPTION 'notice % is %, not being sent', p_id, o.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outbox_done_sending';
    END IF;
    UPDATE polka.outbox x
       SET status = CASE WHEN p_ok THEN 'sent'
                         WHEN p_permanent OR o.attempts >= polka.outbox_max_tries() THEN 'failed'
                         ELSE 'queued' END,
           sent_at = CASE WHEN p_ok THEN now() END,
           next_at = CASE WHEN p_ok THEN x.next_at ELSE now() + interval '1 minute' * 2 ^ (o.attempts - 1) END,
           -- The relay's words on one line (a multi-line SMTP reply has CR LF in it).
           last_error = CASE WHEN p_ok THEN NULL
                             ELSE left(coalesce(nullif(btrim(regexp_replace(p_error, '[\x01-\x1f\x7f-\x9f]+', ' ', 'g')), ''),
                                                'unknown error'), 1000) END
     WHERE x.id = p_id RETURNING x.* INTO o;
    RETURN o.status;
END
$$;
GRANT EXECUTE ON FUNCTION polka.outbox_done(bigint,boolean,text,boolean) TO polka_user;

-- One business action: a failed notice, or one left "sending" for over 5 minutes (a sender
-- gives the relay at most a minute), queued again by a person, to go now, its tries counted
-- afresh. (One being sent right now is not: it would go twice.)
CREATE OR REPLACE FUNCTION polka.outbox_retry(p_id bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v text;
BEGIN
    PERFORM polka.outbox_rights_check();
    UPDATE polka.outbox SET status = 'queued', attempts = 0, next_at = now()
     WHERE id = p_id AND (status = 'failed' OR status = 'sending' AND claimed_at < now() - interval '5 minutes')
    RETURNING status INTO v;
    IF v IS NULL THEN
        IF NOT EXISTS (SELECT FROM polka.outbox WHERE id = p_id) THEN PERFORM polka.not_found('notice', p_id); END IF;
        RAISE EXCEPTION 'notice % is queued, sent or being sent: there is nothing to try again', p_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'outbox_retry_failed';
    END IF;
    RETURN v;
END
$$;
GRANT EXECUTE ON FUNCTION polka.outbox_retry(bigint) TO polka_user;

-- The notices for the screen, those whose recipient, client, trip or subject hold p_q (any
-- case): not sent first (failed, stuck sending, queued), then sent, the newest first.
CREATE OR REPLACE FUNCTION polka.outbox_list(p_q text DEFAULT NULL)
RETURNS TABLE (id bigint, created_at timestamp, trip text, client text, recipient text, subject text, status text,
               attempts integer, next_at timestamp, last_error text, sent_at timestamp)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT o.id, date_trunc('second', o.created_at)::timestamp, t.number, c.name, o.recipient, o.subject, o.status,
           o.attempts, CASE WHEN o.status = 'queued' THEN date_trunc('second', o.next_at)::timestamp END, o.last_error,
           date_trunc('second', o.sent_at)::timestamp
      FROM polka.outbox o
      LEFT JOIN polka.trips t ON t.id = o.trip_id
      LEFT JOIN polka.partners c ON c.id = o.client_id
     WHERE coalesce(btrim(p_q), '') = ''
        OR strpos(lower(concat_ws(' ', o.recipient, c.name, t.number, o.subject)), lower(btrim(p_q))) > 0
     ORDER BY CASE o.status WHEN 'failed' THEN 0 WHEN 'sending' THEN 1 WHEN 'queued' THEN 2 ELSE 3 END,
              o.created_at DESC, o.id DESC
     LIMIT 1000
$$;
GRANT EXECUTE ON FUNCTION polka.outbox_list(text) TO polka_user;
