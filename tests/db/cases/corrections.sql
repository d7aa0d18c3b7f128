-- Corrections (issue 16, вычерки): what a client accepted of a shipped document, with a reason
-- for the rest, makes in one transaction a correction numbered per year without gaps, the goods
-- back on hand by batch (or back and written off: damaged, expired), and the receivable
-- lowered (what was paid beyond it released to the payment, which goes back to the queue);
-- every bad input is refused in words with nothing written; a document is corrected once until
-- the head reverses it with a reason (refused while the goods are used since); the card, the
-- list, the return receipts' report and the fulfilment's accepted follow; rights.
--
-- Own data only: the trips world as TKR shipping on 2038-03-10 (its own document year);
-- corrections made on 2038-03-12 (their own year: K2038...); a payment TKR-1.
\ir ../lib.sql

BEGIN;
\set prefix TKR
\set label 'Вычерки'
\set ship 2038-03-10
\ir ../trip-documents.sql
SELECT d.id AS doc1, d.code AS code1, d.amount AS amount1 FROM polka.documents d
 WHERE d.trip_id = :trip AND d.kind = 'upd' AND d.client_id = :c1 \gset
SELECT d.id AS doc2, d.code AS code2 FROM polka.documents d
 WHERE d.trip_id = :trip AND d.kind = 'upd' AND d.client_id = :c2 \gset
SELECT d.id AS note FROM polka.documents d WHERE d.trip_id = :trip AND d.kind = 'tn' \gset
SELECT b.id AS old, b.on_hand AS old_on_hand FROM polka.stock_batches b WHERE b.batch = 'TKR-OLD' \gset
SELECT b.id AS bb, b.on_hand AS bb_on_hand FROM polka.stock_batches b WHERE b.batch = 'TKR-B' \gset
-- Document 1's lines: 1: 24 of 710001 (-OLD), 2: 36 of 710002 (-B).
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', l.n, b.batch, trim_scale(l.qty)), ', ' ORDER BY l.n)
                            FROM polka.document_lines l JOIN polka.stock_batches b ON b.id = l.batch_id
                           WHERE l.document_id = :doc1),
                         '1 TKR-OLD 24, 2 TKR-B 36', 'the first client''s document as shipped');
SELECT l.price AS price1 FROM polka.document_lines l WHERE l.document_id = :doc1 AND l.n = 1 \gset
SELECT l.price AS price2 FROM polka.document_lines l WHERE l.document_id = :doc1 AND l.n = 2 \gset

SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2038-03-09';
SELECT pg_temp.expect_error(format($$SELECT polka.document_correct(%s, '[{"n": 1, "accepted": "20", "reason": "damaged"}]')$$,
                                   :doc1), '23514', 'corrections_after_leaving');
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                             'copies', p.copies, 'pages', 1))
                           FROM polka.trip_print_set(:trip) p), 'office', 'office-1');
SELECT polka.trip_depart(:trip);
RESET SESSION AUTHORIZATION;

-- The client paid the whole document before the refusal was entered.
INSERT INTO polka.bank_imports (file_name, sha256, payments) VALUES ('tkr.txt', encode(sha256('TKR'), 'hex'), 1);
INSERT INTO polka.payments (import_id, number, pay_date, amount, client_id, purpose)
VALUES ((SELECT max(id) FROM polka.bank_imports WHERE file_name = 'tkr.txt'), 'TKR-1', '2038-03-11', :amount1, :c1,
        'Оплата по УПД ' || :'code1');
SELECT id AS pay FROM polka.payments WHERE number = 'TKR-1' AND pay_date = '2038-03-11' \gset
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(polka.payment_allocate(:pay, (SELECT id FROM polka.receivables WHERE document_id = :doc1)),
                         'matched', 'paid in full');
RESET SESSION AUTHORIZATION;

SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', shipped, accepted), ', ' ORDER BY client_code)
                            FROM polka.report_fulfilment('2038-03-10', '2038-03-10') WHERE client_code LIKE 'TKR-%'),
                         (SELECT string_agg(format('%s 0', amount), ', ' ORDER BY client_id) FROM polka.documents
                           WHERE trip_id = :trip AND kind = 'upd'),
                         'fulfilment: shipped, nothing accepted while no signed copy is back');

-- Refusals, in words, nothing written (the first: an operator).
SET LOCAL polka.today = '2038-03-12';
CREATE FUNCTION pg_temp.bad(p_lines text, p_constraint text, p_state text DEFAULT '23514', p_doc bigint DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$
    SELECT pg_temp.expect_error(format('SELECT polka.document_correct(%s, %L)',
                                       coalesce(p_doc, (SELECT id FROM polka.documents WHERE code = current_setting('tkr.code1'))),
                                       p_lines), p_state, p_constraint)
$$;
SELECT set_config('tkr.code1', :'code1', true);
SET SESSION AUTHORIZATION anna;
SET LOCAL polka.today = '2038-03-12';
SELECT pg_temp.bad('[{"n": 1, "accepted": "20", "reason": "damaged"}]', NULL, '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2038-03-12';
SELECT pg_temp.bad('[{"n": 1, "accepted": "0", "reason": "damaged"}]', 'corrections_of_sales', '23514', :note);
SELECT pg_temp.bad('{"n": 1}', NULL, '22023');
SELECT pg_temp.bad('[{"n": 9, "accepted": "0", "reason": "damaged"}]', 'correction_lines_of_document');
SELECT pg_temp.bad(format('[{"id": %s, "accepted": "0", "reason": "damaged"}]',
                          (SELECT min(l.id) FROM polka.document_lines l WHERE l.document_id = :doc2)),
                   'correction_lines_of_document');
SELECT pg_temp.bad('[{"n": 1, "accepted": "20", "reason": "damaged"}, {"n": 1, "accepted": "10", "reason": "price"}]',
                   'correction_lines_line_key', '23505');
SELECT pg_temp.bad(format('[{"n": 1, "accepted": %s, "reason": "damaged"}]', v), 'correction_lines_qty_valid')
  FROM unnest(ARRAY['"abc"', '"-1"', '""', 'null', '"1e3"', '"20\u0001"', '"25"', '"24.001"']) v;
SELECT pg_temp.bad('[{"n": 1, "accepted": "20.5", "reason": "damaged"}]', 'quantity_scale');
SELECT pg_temp.bad('[{"n": 1, "accepted": "20"}]', 'correction_lines_reason_valid');
SELECT pg_temp.bad('[{"n": 1, "accepted": "20", "reason": "    "}]', 'correction_lines_reason_valid');
SELECT pg_temp.bad('[{"n": 1, "accepted": "20", "reason": "не понравилось"}]', 'correction_lines_reason_valid');
SELECT pg_temp.bad('[{"n": 1, "accepted": "24", "reason": "damaged"}, {"n": 2, "accepted": "36,000"}]',
                   'corrections_lines_valid');
SELECT pg_temp.bad('[]', 'corrections_lines_valid');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.corrections WHERE document_id IN (:doc1, :doc2))
                         + (SELECT count(*) FROM polka.doc_counters WHERE kind = 'ukd' AND year = 2038)
                         + (SELECT count(*) FROM polka.stock_moves WHERE batch_id IN (:old, :bb) AND kind = 'return'),
                         0::bigint, 'nothing written by a refusal, no number taken');

-- Corrected: 4 of line 1 damaged (back and written off), 6 of line 2 not ordered (back on
-- hand; a decimal comma), and the receivable lowered by their amount, released from the payment.
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2038-03-12';
SELECT polka.document_correct(:doc1, '[{"n": 1, "accepted": "20", "reason": "damaged"},
                                      {"n": 2, "accepted": "30,0", "reason": " not_ordered "}]') AS made \gset
RESET SESSION AUTHORIZATION;
SELECT round(4 * :price1, 2) + round(6 * :price2, 2) AS struck \gset
SELECT pg_temp.expect_eq(format('%s %s %s %s', :'made'::jsonb ->> 'code', :'made'::jsonb ->> 'lines',
                                :'made'::jsonb ->> 'to_stock', :'made'::jsonb ->> 'written_off'),
                         'K2038000001 2 1 1', 'the first correction of 2038, a line to stock, a line written off');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s %s %s', c.doc_date, c.source, c.made_by, c.amount_before,
                                        c.amount_before - c.amount_after, c.released)
                            FROM polka.corrections c WHERE c.document_id = :doc1),
                         format('2038-03-12 desk boris %s %s %s', :amount1, :struck, :struck),
                         'the correction: date, source, who, before, struck off, released');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s>%s %s %s %s', l.n, trim_scale(l.qty_before), trim_scale(l.qty_after),
                                                   l.reason, l.disposition, l.amount_before - l.amount_after), ', ' ORDER BY l.n)
                            FROM polka.correction_lines l JOIN polka.corrections c ON c.id = l.correction_id
                           WHERE c.document_id = :doc1),
                         format('1 24>20 damaged write_off %s, 2 36>30 not_ordered stock %s',
                                round(4 * :price1, 2), round(6 * :price2, 2)), 'its lines');
SELECT pg_temp.expect_eq((SELECT format('%s %s', c.vat_before - c.vat_after,
                                        (SELECT sum(l.vat_before - l.vat_after) FROM polka.correction_lines l
                                          WHERE l.correction_id = c.id))
                            FROM polka.corrections c WHERE c.document_id = :doc1),
                         (SELECT format('%s %s', v, v)
                            FROM (SELECT sum(l.vat_amount - round(round(a.q * l.price, 2) * l.vat_rate / (100 + l.vat_rate), 2)) AS v
                                    FROM polka.document_lines l JOIN (VALUES (1, 20), (2, 30)) a(n, q) ON a.n = l.n
                                   WHERE l.document_id = :doc1) z),
                         'the VAT struck off: the document''s and the lines'' sum agree');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', b.batch, m.kind, trim_scale(m.qty)), ', ' ORDER BY m.id)
                            FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id
                           WHERE m.correction_id = (SELECT id FROM polka.corrections WHERE document_id = :doc1)),
                         'TKR-OLD return 4, TKR-OLD write_off -4, TKR-B return 6', 'the return receipt in the ledger');
SELECT pg_temp.expect_eq((SELECT format('%s %s', trim_scale(a.on_hand - :old_on_hand), trim_scale(b.on_hand - :bb_on_hand))
                            FROM polka.stock_batches a, polka.stock_batches b WHERE a.id = :old AND b.id = :bb),
                         '0 6', 'on hand: the damaged ones not, the others back');
SELECT pg_temp.expect_eq((SELECT format('%s %s', r.amount, r.paid) FROM polka.receivables r WHERE r.document_id = :doc1),
                         format('%s %s', :amount1 - :struck, :amount1 - :struck), 'the receivable lowered and still paid');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', p.status, p.amount - p.allocated,
                                        (SELECT string_agg(format('%s %s', a.how, a.amount), ',') FROM polka.payment_allocations a
                                          WHERE a.payment_id = p.id AND a.how = 'correction'))
                            FROM polka.payments p WHERE p.id = :pay),
                         format('partly %s correction -%s', :struck, :struck),
                         'the payment has what was released to allocate again');

-- Once: corrected already (two clerks at once meet the same refusal: the document is locked).
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2038-03-12';
SELECT pg_temp.bad('[{"n": 1, "accepted": "10", "reason": "damaged"}]', 'corrections_live_key', '23505');
-- The other client refused everything (surplus): its receivable owes nothing, and is not open.
-- (Entered the evening before the trip's day, the truck gone: dated the document's day.)
SET LOCAL polka.today = '2038-03-09';
SELECT polka.document_correct(:doc2, '[{"n": 1, "accepted": "0", "reason": "surplus"},
                                      {"n": 2, "accepted": "0", "reason": "expired"}]') ->> 'code' AS code_k2 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(:'code_k2', 'K2038000002', 'numbered next, without a gap');
SELECT pg_temp.expect_eq((SELECT doc_date FROM polka.corrections WHERE code = :'code_k2'), '2038-03-10'::date,
                         'never dated before its document');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', r.amount, r.paid, (SELECT count(*) FROM polka.receivables_open('2038-03-12') o
                                                                          WHERE o.receivable_id = r.id))
                            FROM polka.receivables r WHERE r.document_id = :doc2),
                         '0.00 0.00 0', 'refused whole: owes nothing, nothing open');
SELECT pg_temp.expect_eq((SELECT amount_after FROM polka.corrections WHERE document_id = :doc2), 0.00, 'after: 0');

SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', shipped, accepted), ', ' ORDER BY client_code)
                            FROM polka.report_fulfilment('2038-03-10', '2038-03-10') WHERE client_code LIKE 'TKR-%'),
                         format('%s %s, %s 0.00', :amount1, :amount1 - :struck,
                                (SELECT amount FROM polka.documents WHERE id = :doc2)),
                         'fulfilment: accepted is what the corrections left');

-- The card, the list, the report.
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2038-03-12';
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', j ->> 'correction', j ->> 'struck',
                                        (SELECT string_agg(format('%s %s %s %s', x ->> 'n', x ->> 'shipped', x ->> 'accepted',
                                                                  coalesce(x ->> 'reason', '-')), ', ')
                                           FROM jsonb_array_elements(j -> 'lines') x))
                            FROM polka.correction_get(:doc1) j),
                         format('K2038000001 %s 1 24 20 damaged, 2 36 30 not_ordered', :struck), 'the card');
SELECT pg_temp.expect_eq((SELECT string_agg(code || ':' || coalesce(correction, '-'), ',' ORDER BY code)
                            FROM polka.correction_search(:'trip_no')),
                         format('%s:K2038000001,%s:K2038000002', :'code1', :'code2'), 'the list by trip');
SELECT pg_temp.expect_eq((SELECT string_agg(code, ',') FROM polka.correction_search('к2038000002')), :'code2',
                         'the list by correction code, К typed in Cyrillic');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', correction, batch, disposition, qty), ', '
                                            ORDER BY correction, batch)
                            FROM polka.report_return_receipts('2038-03-01', '2038-03-31', 'TKR')),
                         'K2038000001 TKR-B stock 6, K2038000001 TKR-OLD write_off 4, '
                         'K2038000002 TKR-B write_off 24, K2038000002 TKR-FRESH stock 12',
                         'the return receipts by batch');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.corrections WHERE document_id IN (:doc1, :doc2))
                         + (SELECT count(*) FROM polka.correction_search(:'trip_no')), 0::bigint,
                         'a manager sees no other manager''s clients'' corrections');
RESET SESSION AUTHORIZATION;

-- Reversal: the head only, with a reason; refused while the goods are used since.
SELECT id AS k1 FROM polka.corrections WHERE document_id = :doc1 \gset
SELECT id AS k2 FROM polka.corrections WHERE document_id = :doc2 \gset
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format($$SELECT polka.correction_reverse(%s, 'ошибка')$$, :k1), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format($$SELECT polka.correction_reverse(%s, '  ')$$, :k1), '23514',
                            'corrections_reverse_reason_valid');
RESET SESSION AUTHORIZATION;
INSERT INTO polka.stock_moves (kind, batch_id, qty, note)
SELECT 'write_off', b.id, -(b.on_hand - b.reserved), 'TKR: all free written off' FROM polka.stock_batches b WHERE b.id = :bb;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format($$SELECT polka.correction_reverse(%s, 'ошибка клерка')$$, :k1), '23514',
                            'corrections_reverse_stock');
RESET SESSION AUTHORIZATION;
INSERT INTO polka.stock_moves (kind, batch_id, qty, note) VALUES ('receipt', :bb, 50, 'TKR: more');
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(polka.correction_reverse(:k1, 'ошибка клерка'), 'K2038000001', 'reversed');
SELECT pg_temp.expect_error(format($$SELECT polka.correction_reverse(%s, 'ещё раз')$$, :k1), '23514',
                            'corrections_reverse_once');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', b.batch, m.kind, trim_scale(m.qty)), ', ' ORDER BY m.id)
                            FROM polka.stock_moves m JOIN polka.stock_batches b ON b.id = m.batch_id
                           WHERE m.correction_id = :k1 AND m.kind = 'reversal'),
                         'TKR-OLD reversal -4, TKR-OLD reversal 4, TKR-B reversal -6', 'the ledger''s mirror');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', r.amount, r.paid, c.reversed_by || ': ' || c.reverse_reason)
                            FROM polka.receivables r, polka.corrections c WHERE r.document_id = :doc1 AND c.id = :k1),
                         format('%s %s egor: ошибка клерка', :amount1, :amount1 - :struck),
                         'owed again; what was released stays with the payment');
SELECT pg_temp.expect_eq(polka.stock_ledger_mismatches(), 0::bigint, 'the ledger and the balances agree');
-- Corrected again after the reversal, the next number.
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2038-03-12';
SELECT pg_temp.expect_eq(polka.document_correct(:doc1, '[{"n": 2, "accepted": "35", "reason": "price"}]') ->> 'code',
                         'K2038000003', 'corrected again: the next number');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', code, reversed_at IS NOT NULL), ',' ORDER BY code)
                            FROM polka.corrections WHERE document_id = :doc1),
                         'K2038000001 t,K2038000003 f', 'one live correction, one reversed');
ROLLBACK;
