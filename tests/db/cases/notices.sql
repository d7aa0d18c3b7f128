-- Shipment notices (issue 16, schema 026): when a trip leaves, a client who wants notices
-- (partners.shipment_notice, to its e-mail) gets one outbox row: to its e-mail, a subject
-- naming the day and the trip, a body with its live sales document (code, every line's
-- product, quantity, batch and expiry, the totals, its pallets' SSCCs) and nothing of another
-- client's or of a cancelled document; a client with an e-mail that did not ask gets none;
-- leaving again queues nothing twice. The sender's state machine: a claim hands a due notice
-- out once (sending, its try counted); a failure queues it again after 1, 2, 4 ... minutes,
-- with the reason; the relay's refusal fails it at once; the sixth failed try fails it; a
-- person puts a failed (or stuck) one back with its tries afresh; sent once, with the time;
-- an outcome for a notice not being sent, a retry of a queued or sent one, an unknown id are
-- refused. Only waybill clerks, the head and admins send; nobody writes the outbox but the
-- functions; a manager's list shows her clients' notices only; the list searches.
--
-- Own data only: polka_test.trips_world as TNT shipping on 2045-05-10 (its own document year);
-- TNT-1 (vera's) wants notices, TNT-2 has an e-mail but does not. The demo (and the mail
-- test) have notices of their own in the same outbox: nothing here counts the whole outbox,
-- and claims that keep their effect take one notice (limit 1) after ours is put first in line
-- (due since 2000), so they never hold another case's notice; a look at what a claim would
-- take (every notice due) is undone at once, its locks with it.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2045-05-09';
SELECT polka_test.trips_world('TNT', 'Извещения', '2045-05-10');
SELECT t.id AS trip, t.number AS trip_no, v.plate FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
  JOIN polka.vehicles v ON v.id = t.vehicle_id WHERE r.code = 'TNT-R' \gset
UPDATE polka.trips SET driver = 'Водитель Извещений' WHERE id = :trip;
UPDATE polka.shipping_orders s SET trip_id = :trip, unplaced = NULL
  FROM polka.orders o JOIN polka.partners c ON c.id = o.client_id
 WHERE o.id = s.order_id AND c.code = 'TNT-2';
SELECT s.number AS so1 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TNT-1' \gset
SELECT s.number AS so2 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TNT-2' \gset
SELECT id AS vera FROM polka.people WHERE login = 'vera' \gset
UPDATE polka.partners SET shipment_notice = true, email = 'tnt-1@notices.example.ru', manager_id = :vera
 WHERE code = 'TNT-1';
UPDATE polka.partners SET email = 'tnt-2@notices.example.ru' WHERE code = 'TNT-2';
SELECT id AS c1, name AS c1_name FROM polka.partners WHERE code = 'TNT-1' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TNT-2' \gset
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners WHERE id = :c2 AND manager_id IS DISTINCT FROM :vera), 1::bigint,
                         'TNT-2 is not vera''s');

-- What a claim would hand out now, undone at once (its locks too): a claim that takes every
-- due notice, to see ours is not among them.
CREATE FUNCTION pg_temp.would_claim() RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    BEGIN
        SELECT array_agg(c.id) INTO ids FROM polka.outbox_claim(100000) c;
        RAISE EXCEPTION USING ERRCODE = 'TOK00';
    EXCEPTION WHEN SQLSTATE 'TOK00' THEN
        NULL;
    END;
    RETURN coalesce(ids, '{}');
END
$$;
-- The notice's time has come: first in line (boris may not write the outbox; its owner may).
CREATE FUNCTION pg_temp.due(p_id bigint) RETURNS void
LANGUAGE sql SECURITY DEFINER AS $$
    UPDATE polka.outbox SET next_at = '2000-01-01' WHERE id = p_id
$$;
-- The notice as "status attempts", whoever looks.
CREATE FUNCTION pg_temp.state(p_id bigint) RETURNS text
LANGUAGE sql SECURITY DEFINER AS $$
    SELECT format('%s %s', status, attempts) FROM polka.outbox WHERE id = p_id
$$;

-- Picked (two pallets for TNT-1, one for TNT-2), documents made; TNT-1's cancelled by the head
-- and made again, so a cancelled code exists; printed.
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2045-05-09';
SELECT polka.trip_start_picking(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2045-05-09';
SELECT polka.wms_import('tnt.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTNT-OLD\t24\t046000000000000015\n'
    'PICK\t%s\t2\tTNT-B\t36\t046000000000000022\nPICK\t%s\t1\tTNT-FRESH\t12\t046000000000000039\n'
    'PICK\t%s\t2\tTNT-B\t24\t046000000000000039\nEND\t4\n', :'trip_no', :'so1', :'so1', :'so2', :'so2'));
SELECT polka.trip_documents_make(:trip);
RESET SESSION AUTHORIZATION;
SELECT id AS cancelled_doc, code AS cancelled_code FROM polka.documents
 WHERE trip_id = :trip AND client_id = :c1 AND kind = 'upd' \gset
SET SESSION AUTHORIZATION egor;
SELECT polka.document_storno(:cancelled_doc, 'ошибка в цене');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2045-05-09';
SELECT polka.trip_documents_make(:trip);
SELECT id AS doc1, code AS code1 FROM polka.documents
 WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL AND client_id = :c1 \gset
SELECT id AS doc2, code AS code2 FROM polka.documents
 WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL AND client_id = :c2 \gset
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                             'copies', p.copies, 'pages', 1))
                           FROM polka.trip_print_set(:trip) p), 'office', 'office-1');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.outbox WHERE trip_id = :trip), 0::bigint, 'printed, not left: no notice');

-- The truck leaves: one notice, TNT-1's.
SELECT pg_temp.expect_eq(polka.trip_depart(:trip), 'left', 'left');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s %s', kind, client_id, recipient, status, attempts), '; ')
                            FROM polka.outbox WHERE trip_id = :trip),
                         format('shipment_notice %s tnt-1@notices.example.ru queued 0', :c1),
                         'one notice, to the client who wants one, queued');
SELECT id AS nid, subject, body FROM polka.outbox WHERE trip_id = :trip \gset
SELECT pg_temp.expect_eq(:'subject', format('Отгрузка 10.05.2045: рейс %s', :'trip_no'), 'the subject: the day and the trip');
SELECT pg_temp.expect_true(:'body' LIKE format(E'Здравствуйте!\n\n%s: сегодня вам отгружено по рейсу %s (Машина %s, водитель %s).\n%%',
                                               :'c1_name', :'trip_no', :'plate', 'Водитель Извещений'),
                           'the body opens with the client, the trip, the truck and its driver');
SELECT pg_temp.expect_true(position(format('Документ %s (УПД № %s от 10.05.2045)', d.code, d.seq) IN :'body') > 0,
                           'the body names the document: ' || d.code)
  FROM polka.documents d WHERE d.id = :doc1;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.document_lines WHERE document_id = :doc1), 2::bigint, 'two lines');
SELECT pg_temp.expect_true(position(format('%s. %s %s — %s %s, партия %s, годен до %s, %s руб.', l.n, p.code, p.name,
                                           trim_scale(l.qty), p.unit, b.batch, to_char(b.expires_on, 'DD.MM.YYYY'),
                                           l.amount) IN :'body') > 0,
                           format('the body has line %s: %s, batch %s', l.n, p.code, b.batch))
  FROM polka.document_lines l JOIN polka.products p ON p.id = l.product_id JOIN polka.stock_batches b ON b.id = l.batch_id
 WHERE l.document_id = :doc1;
SELECT pg_temp.expect_true(position(format('Итого: %s руб., в т.ч. НДС %s руб.; паллет: %s (046000000000000015, 046000000000000022)',
                                           amount, vat_amount, pallets) IN :'body') > 0,
                           'the totals and both pallets'' SSCCs')
  FROM polka.documents WHERE id = :doc1;
SELECT pg_temp.expect_true(position(:'code2' IN :'body') = 0 AND position(:'cancelled_code' IN :'body') = 0
                           AND position('046000000000000039' IN :'body') = 0 AND position('TNT-FRESH' IN :'body') = 0,
                           'nothing of the other client''s document, nor of the cancelled one');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.outbox WHERE client_id = :c2), 0::bigint,
                         'an e-mail without the wish: no notice');
-- Leaving again, or the event again: nothing twice.
SELECT pg_temp.expect_eq(polka.trip_depart(:trip), 'left', 'left again');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(polka.notices_queue_trip(:trip), 0, 'the event again queues nothing');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.outbox WHERE trip_id = :trip), 1::bigint, 'still one notice');

-- Nobody writes the outbox but the functions, nor queues a trip's notices by hand.
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error($$INSERT INTO polka.outbox (kind, recipient, subject, body)
                              VALUES ('shipment_notice', 'x@example.ru', 'x', 'x')$$, '42501');
SELECT pg_temp.expect_error(format('UPDATE polka.outbox SET next_at = now() WHERE id = %s', :nid), '42501');
SELECT pg_temp.expect_error(format('DELETE FROM polka.outbox WHERE id = %s', :nid), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.notices_queue_trip(%s)', :trip), '42501');
RESET SESSION AUTHORIZATION;

-- A second notice of ours, next in line: TNT-2's, written here as the mail test writes its own.
INSERT INTO polka.outbox (kind, trip_id, client_id, recipient, subject, body, next_at)
VALUES ('shipment_notice', :trip, :c2, 'tnt-2@notices.example.ru', 'Отгрузка: проверка', E'Проверка\n', '2000-01-02');
SELECT id AS n2 FROM polka.outbox WHERE client_id = :c2 \gset

-- Handed out once: sending, a try counted; a second claim hands out the next one.
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s %s', id, recipient, subject, body = :'body', attempts)
                            FROM polka.outbox_claim(1)),
                         format('%s tnt-1@notices.example.ru %s t 1', :nid, :'subject'), 'the claim hands ours out, whole');
SELECT pg_temp.expect_eq(pg_temp.state(:nid), 'sending 1', 'sending, one try');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', id, attempts), ',') FROM polka.outbox_claim(1)),
                         format('%s 1', :n2), 'the next claim: the next notice, not ours again');
SELECT pg_temp.expect_true(NOT :nid = ANY (pg_temp.would_claim()), 'a notice being sent is not handed out again');

-- The relay down: queued again in a minute, the reason kept; not handed out before then.
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, false, '  conn refused '), 'queued', 'failed once: queued');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', status, attempts, last_error, sent_at)
                            FROM polka.outbox WHERE id = :nid), 'queued 1 conn refused ', 'queued, the reason');
SELECT pg_temp.expect_eq((SELECT next_at FROM polka.outbox WHERE id = :nid), now() + interval '1 minute', 'tried again in a minute');
SELECT pg_temp.expect_true(NOT :nid = ANY (pg_temp.would_claim()), 'not handed out before its time');
SELECT pg_temp.expect_eq(pg_temp.state(:nid), 'queued 1', 'that look changed nothing');
-- Its time come: handed out again; failing again waits twice as long, then 4, 8, 16 minutes.
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 2', :nid),
                         'its time come: handed out again');
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, false, NULL), 'queued', 'failed twice: queued');
SELECT pg_temp.expect_eq((SELECT format('%s %s', last_error, next_at = now() + interval '2 minutes') FROM polka.outbox WHERE id = :nid),
                         'unknown error t', 'no reason given: unknown; two minutes');
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 3', :nid), 'third try');
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, false, E'451-4.3.0 try later\r\n451 4.3.0\tbusy'), 'queued',
                         'failed 3 times (a multi-line reply): queued');
SELECT pg_temp.expect_eq((SELECT last_error FROM polka.outbox WHERE id = :nid), '451-4.3.0 try later 451 4.3.0 busy',
                         'the reply on one line');
SELECT pg_temp.expect_eq((SELECT next_at FROM polka.outbox WHERE id = :nid), now() + interval '4 minutes', 'four minutes');
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 4', :nid), 'fourth try');
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, false, 'timeout'), 'queued', 'failed 4 times: queued');
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 5', :nid), 'fifth try');
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, false, 'timeout'), 'queued', 'failed 5 times: queued');
SELECT pg_temp.expect_eq((SELECT next_at FROM polka.outbox WHERE id = :nid), now() + interval '16 minutes', 'sixteen minutes');
-- The last try: out of tries, failed.
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(polka.outbox_max_tries(), 6, 'six tries');
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 6', :nid), 'sixth try');
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, false, '421 try later'), 'failed', 'the sixth failure: failed');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', status, attempts, last_error) FROM polka.outbox WHERE id = :nid),
                         'failed 6 421 try later', 'failed, the last reason');
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_true(NOT :nid = ANY (pg_temp.would_claim()), 'a failed notice is not handed out, even when due');

-- A person puts it back: queued now, its tries afresh; this time it goes: sent, with the time.
SELECT pg_temp.expect_eq(polka.outbox_retry(:nid), 'queued', 'put back');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', status, attempts, next_at = now()) FROM polka.outbox WHERE id = :nid),
                         'queued 0 t', 'queued now, tries afresh');
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 1', :nid), 'tried again');
SELECT pg_temp.expect_eq(polka.outbox_done(:nid, true), 'sent', 'sent');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', status, attempts, sent_at = now(), last_error) FROM polka.outbox WHERE id = :nid),
                         'sent 1 t ', 'sent: when, no error left');
SELECT pg_temp.due(:nid);
SELECT pg_temp.expect_true(NOT :nid = ANY (pg_temp.would_claim()), 'a sent notice is not handed out, even when due');
-- Sent is final: no second outcome, nothing to try again.
SELECT pg_temp.expect_error(format('SELECT polka.outbox_done(%s, true)', :nid), '23514', 'outbox_done_sending');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_done(%s, false, %L)', :nid, 'x'), '23514', 'outbox_done_sending');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_retry(%s)', :nid), '23514', 'outbox_retry_failed');
SELECT pg_temp.expect_eq(pg_temp.state(:nid), 'sent 1', 'still sent once');

-- The relay refuses the other: failed at once. Put back, it is queued: no outcome for it, no
-- second retry; handed out and left "sending" (cut short), a person may put it back too.
SELECT pg_temp.expect_eq(polka.outbox_done(:n2, false, '550 5.1.1 no such user', true), 'failed', 'refused: failed at once');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', status, attempts, last_error) FROM polka.outbox WHERE id = :n2),
                         'failed 1 550 5.1.1 no such user', 'failed after one try, the relay''s answer');
SELECT pg_temp.expect_eq(polka.outbox_retry(:n2), 'queued', 'put back');
SELECT pg_temp.expect_eq(pg_temp.state(:n2), 'queued 0', 'queued, tries afresh');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_done(%s, true)', :n2), '23514', 'outbox_done_sending');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_retry(%s)', :n2), '23514', 'outbox_retry_failed');
SELECT pg_temp.due(:n2);
SELECT pg_temp.expect_eq((SELECT format('%s %s', id, attempts) FROM polka.outbox_claim(1)), format('%s 1', :n2), 'handed out');
-- Being sent right now: not put back (it would go twice); over 5 minutes later it is stuck.
SELECT pg_temp.expect_error(format('SELECT polka.outbox_retry(%s)', :n2), '23514', 'outbox_retry_failed');
RESET SESSION AUTHORIZATION;
UPDATE polka.outbox SET claimed_at = now() - interval '6 minutes' WHERE id = :n2;
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_eq(polka.outbox_retry(:n2), 'queued', 'a stuck one put back');
SELECT pg_temp.expect_eq(pg_temp.state(:n2), 'queued 0', 'queued again');
-- Unknown notices.
SELECT pg_temp.expect_error('SELECT polka.outbox_done(-1, true)', 'P0002');
SELECT pg_temp.expect_error('SELECT polka.outbox_retry(-1)', 'P0002');
RESET SESSION AUTHORIZATION;

-- An operator and a manager send nothing, put nothing back.
SELECT pg_temp.due(:n2);
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error('SELECT * FROM polka.outbox_claim(1)', '42501');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_done(%s, true)', :n2), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_retry(%s)', :nid), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error('SELECT * FROM polka.outbox_claim(1)', '42501');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_done(%s, true)', :n2), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.outbox_retry(%s)', :n2), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.state(:n2), 'queued 0', 'refused: nothing changed');

-- The list: the manager sees her client's notice, not the other's, nor any client's not hers;
-- the head sees both, the not sent first.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s %s', trip, client, recipient, status, attempts), '; ')
                            FROM polka.outbox_list() WHERE id IN (:nid, :n2)),
                         format('%s %s tnt-1@notices.example.ru sent 1', :'trip_no', :'c1_name'), 'vera: her client''s notice');
SELECT coalesce(array_agg(id), '{}') AS vera_sees FROM polka.outbox_list() \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.outbox o LEFT JOIN polka.partners c ON c.id = o.client_id
                           WHERE o.id = ANY (:'vera_sees'::bigint[]) AND c.manager_id IS DISTINCT FROM :vera), 0::bigint,
                         'vera sees no notice of a client not hers');
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', id, status, next_at IS NOT NULL), ', ' ORDER BY n)
                            FROM (SELECT l.*, row_number() OVER () AS n FROM polka.outbox_list() l) x
                           WHERE id IN (:nid, :n2)),
                         format('%s queued t, %s sent f', :n2, :nid), 'the head: both, the queued one first');
-- Looked for by a part of the recipient, the client, the trip or the subject, in any case.
SELECT pg_temp.expect_eq((SELECT string_agg(id::text, ',' ORDER BY id) FROM polka.outbox_list(' TNT-1@Notices ')
                           WHERE id IN (:nid, :n2)),
                         :nid::text, 'by the recipient');
SELECT pg_temp.expect_eq((SELECT string_agg(id::text, ',' ORDER BY id) FROM polka.outbox_list('извещения: ПЕРВЫЙ')
                           WHERE id IN (:nid, :n2)),
                         :nid::text, 'by the client');
SELECT pg_temp.expect_eq((SELECT string_agg(id::text, ',' ORDER BY id) FROM polka.outbox_list(:'trip_no')
                           WHERE id IN (:nid, :n2)),
                         format('%s,%s', :nid, :n2), 'by the trip');
SELECT pg_temp.expect_eq((SELECT string_agg(id::text, ',' ORDER BY id) FROM polka.outbox_list('Отгрузка: ПРОВЕРКА')
                           WHERE id IN (:nid, :n2)),
                         :n2::text, 'by the subject');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.outbox_list('  ') WHERE id IN (:nid, :n2)), 2::bigint,
                         'a blank search: all');
RESET SESSION AUTHORIZATION;
ROLLBACK;
