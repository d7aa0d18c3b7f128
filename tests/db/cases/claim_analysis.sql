-- Claims, what they concern and how they end (issue 17, schema 030): a claim's shipped
-- documents (by code, of its client only, once), the quantities claimed on their lines (never
-- above what was shipped; the claim's amount is theirs), corrective actions, the batch traced to
-- every client that received it, files (plain names, not empty, checksummed), the decision
-- (reasons, rights, once) and the return documents of an approved claim (corrections of source
-- 'claim' naming it, once), a rejection closing the claim with a notice to the client.
--
-- Own data only: the trips world as TCA shipping on 2039-04-13, the truck left.
\ir ../lib.sql

BEGIN;
\set prefix TCA
\set label 'Анализ претензий'
\set ship 2039-04-13
\set left 1
\ir ../trip-documents.sql
SELECT d.id AS doc1, d.code AS code1 FROM polka.documents d WHERE d.trip_id = :trip AND d.kind = 'upd' AND d.client_id = :c1 \gset
SELECT d.id AS doc2, d.code AS code2 FROM polka.documents d WHERE d.trip_id = :trip AND d.kind = 'upd' AND d.client_id = :c2 \gset
SELECT l.id AS line1, l.price AS price1 FROM polka.document_lines l WHERE l.document_id = :doc1 AND l.n = 1 \gset
SELECT l.id AS line2, l.price AS price2 FROM polka.document_lines l WHERE l.document_id = :doc1 AND l.n = 2 \gset
SELECT b.product_id AS prod_b FROM polka.stock_batches b WHERE b.batch = 'TCA-B' LIMIT 1 \gset
UPDATE polka.partners SET email = 'tca-2@example.ru' WHERE id = :c2;
SELECT amount AS owed1 FROM polka.receivables WHERE document_id = :doc1 \gset

SET SESSION AUTHORIZATION gleb;
SELECT set_config('polka.today', '2039-04-15', true);
SELECT polka.claim_quick(:c1, 'Творог кислый, упаковка вздулась') AS k1 \gset
SELECT polka.claim_quick(:c2, 'Не та цена в накладной') AS k2 \gset
SELECT polka.claim_quick(:c2, 'Без вида') AS k3 \gset
SELECT number AS n1 FROM polka.claims WHERE id = :k1 \gset

-- Text that is not UTF-8, or holds control characters, is refused; nothing is registered.
SELECT pg_temp.expect_error(format($q$SELECT polka.claim_quick(%s, E'Сырок \xff\xfe прогорклый')$q$, :c1), '22021');
SELECT pg_temp.expect_error(format($q$SELECT polka.claim_quick(%s, E'Сырок\x1b[2J прогорклый')$q$, :c1), '23514',
                            'claims_words_valid');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.claims WHERE partner_id = :c1 AND words LIKE 'Сырок%'), 0::bigint,
                         'nothing registered');

-- Documents: by code as typed (any case, spaces), of the claim's client only, once.
SELECT pg_temp.expect_eq(polka.claim_document_add(:k1, '  ' || lower(:'code1') || ' '), :'code1', 'a document added by its code');
SELECT pg_temp.expect_error(format('SELECT polka.claim_document_add(%s, %L)', :k1, :'code2'), '23514', 'claim_lines_same_client');
SELECT pg_temp.expect_error(format('SELECT polka.claim_document_add(%s, %L)', :k1, :'code1'), '23505', 'claim_lines_document_once');
SELECT pg_temp.expect_error(format('SELECT polka.claim_document_add(%s, %L)', :k1, 'U20390000XX'), 'P0002');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', x ->> 'n', x ->> 'batch', x ->> 'shipped'), ', ')
                            FROM jsonb_array_elements(polka.claim_get(:k1) -> 'lines') x),
                         '1 TCA-OLD 24.000, 2 TCA-B 36.000', 'the card shows the document''s lines');

-- Quantities: never above what was shipped, nothing written then; the amount is theirs.
SELECT pg_temp.expect_error(format($$SELECT polka.claim_save(polka.claim_get(%s) || '{"lines": [{"document_line_id": %s, "claimed": "25"}]}')$$,
                                   :k1, :line1), '23514', 'claim_lines_qty_shipped');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.claim_lines WHERE claim_id = :k1), 1::bigint, 'nothing half-saved');
SELECT polka.claim_save(polka.claim_get(:k1) || jsonb_build_object(
    'kind', 'quality', 'demand', 'return', 'cause_id', (SELECT id FROM polka.claim_causes WHERE code = 'packaging'),
    'fault_department', 'production',
    'lines', jsonb_build_array(jsonb_build_object('document_line_id', :line1, 'claimed', '4', 'disposition', 'write_off'),
                               jsonb_build_object('document_line_id', :line2, 'claimed', '6', 'disposition', 'stock')),
    'actions', '[{"action": "Проверить запайку упаковки на линии 2", "department": "production", "due_on": "2039-04-30"}]'::jsonb));
SELECT pg_temp.expect_eq((SELECT amount FROM polka.claims WHERE id = :k1), round(4 * :price1 + 6 * :price2, 2),
                         'the claim''s amount is its lines''');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', b.batch, trim_scale(l.qty), l.disposition), ', ' ORDER BY l.n)
                            FROM polka.claim_lines l JOIN polka.stock_batches b ON b.id = l.batch_id WHERE l.claim_id = :k1),
                         'TCA-OLD 4 write_off, TCA-B 6 stock', 'the lines claimed, with their batches');
SELECT pg_temp.expect_eq((SELECT string_agg(x.action || ' ' || x.n, ', ') FROM polka.corrective_actions x WHERE x.claim_id = :k1),
                         'Проверить запайку упаковки на линии 2 1', 'a corrective action');
SELECT pg_temp.expect_eq(polka.claim_get(:k1) ->> 'cause_id.label', 'Продукция / Нарушена упаковка', 'the cause under its group');

-- The batch traced: both clients received TCA-B; the claim shows on the first's document.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', t.document, trim_scale(t.qty), coalesce(t.claims, '-')), ', '
                                            ORDER BY t.document)
                            FROM polka.batch_trace('TCA-B', :prod_b) t),
                         format('%s 36 %s, %s 24 -', :'code1', :'n1', :'code2'), 'every client that received the batch');

-- Files: a plain name, some bytes; refused in words otherwise, nothing stored.
SELECT polka.claim_attach(:k1, 'Фото 1.jpg', 'image/jpeg', '\xffd8ffe000104a464946'::bytea) AS f1 \gset
SELECT pg_temp.expect_eq((SELECT encode(sha256, 'hex') = encode(sha256(body), 'hex') AND size = 10 AND stage_n = 0
                            FROM polka.attachments WHERE id = :f1), true, 'a file with its size and checksum');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_attach(%s, '../../etc/passwd', 'text/plain', 'x'::bytea)$$, :k1),
                            '23514', 'attachments_name_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_attach(%s, E'a\x1b[2J.txt', 'text/plain', 'x'::bytea)$$, :k1),
                            '23514', 'attachments_name_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_attach(%s, 'пусто.txt', 'text/plain', ''::bytea)$$, :k1),
                            '23514', 'attachments_size_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_attach(%s, 'большой.bin', 'application/octet-stream',
                                                                 convert_to(repeat('x', 10485761), 'UTF8'))$$, :k1),
                            '23514', 'attachments_size_valid');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.attachments WHERE claim_id = :k1), 1::bigint, 'only the good file');
RESET SESSION AUTHORIZATION;

-- The decision: not by an operator who does not work on it; reasons; once.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format($$SELECT polka.claim_decide(%s, 'full', NULL)$$, :k1), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION gleb;
SELECT set_config('polka.today', '2039-04-15', true);
SELECT pg_temp.expect_error(format($$SELECT polka.claim_decide(%s, 'maybe', 'x')$$, :k1), '23514', 'claims_resolution_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_decide(%s, 'partial', ' ')$$, :k1), '23514', 'claims_decision_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_return(%s)$$, :k1), '23514', 'claims_return_approved');
SELECT pg_temp.expect_eq(polka.claim_decide(:k1, 'partial', 'Вздутие подтверждено на 10 упаковках'), 'approved', 'approved in part');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_decide(%s, 'rejected', 'x')$$, :k1), '23514', 'claims_decided_once');
SELECT pg_temp.expect_eq((SELECT status || ' ' || resolution || ' ' || decided_by FROM polka.claims WHERE id = :k1),
                         'approved partial gleb', 'the decision recorded');

-- The return documents: a correction of the sale per document, naming the claim; once.
SELECT polka.claim_return(:k1) AS returns \gset
SELECT pg_temp.expect_eq((SELECT c.code || ' ' || c.source || ' ' || (c.claim_id = :k1) FROM polka.corrections c
                           WHERE c.document_id = :doc1 AND c.reversed_at IS NULL),
                         :'returns' || ' claim true', 'the correction is the claim''s');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s>%s %s %s', l.n, trim_scale(l.qty_before), trim_scale(l.qty_after),
                                                   l.reason, l.disposition), ', ' ORDER BY l.n)
                            FROM polka.correction_lines l JOIN polka.corrections c ON c.id = l.correction_id
                           WHERE c.code = :'returns'),
                         '1 24>20 damaged write_off, 2 36>30 not_ordered stock', 'struck as claimed, goods as the lines say');
SELECT pg_temp.expect_eq((SELECT amount FROM polka.receivables WHERE document_id = :doc1),
                         :owed1 - round(4 * :price1 + 6 * :price2, 2), 'the receivable lowered by the claim');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_return(%s)$$, :k1), '23514', 'claims_return_once');
SELECT pg_temp.expect_eq(polka.claim_get(:k1) ->> 'returns', :'returns', 'the card names its return documents');

-- The client's whole history: its order, document, the claim's correction, the claim.
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT h.what || ' ' || h.state, ', ') FROM polka.client_history(:c1) h),
                         'claim claim:approved, correction correction:live, document document:corrected, order order:shipped',
                         'the client''s history with every department');

-- A discount instead: only for an approved claim, once, an amount above zero in kopecks, never
-- above what its documents still owe; a discount document per document, what is owed lowered,
-- a finance change.
SELECT polka.claim_quick(:c2, 'Цена выше договорной') AS k4 \gset
SELECT polka.claim_quick(:c2, 'Грубил водитель') AS k5 \gset
SELECT polka.claim_document_add(:k4, :'code2');
SELECT polka.claim_save(polka.claim_get(:k4) || '{"kind": "price", "demand": "discount"}');
SELECT polka.claim_save(polka.claim_get(:k5) || '{"kind": "service", "demand": "compensation"}');
SELECT amount AS owed2 FROM polka.receivables WHERE document_id = :doc2 \gset
SELECT pg_temp.expect_error(format('SELECT polka.claim_discount(%s, 100)', :k4), '23514', 'claims_return_approved');
SELECT polka.claim_decide(:k4, 'partial', 'Скидка на разницу в цене');
SELECT polka.claim_decide(:k5, 'full', NULL);
SELECT pg_temp.expect_error(format('SELECT polka.claim_discount(%s, 0)', :k4), '23514', 'discounts_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.claim_discount(%s, 1.005)', :k4), '23514', 'discounts_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.claim_discount(%s, %s)', :k4, :owed2 + 0.01), '23514',
                            'claims_discount_owed');
SELECT pg_temp.expect_error(format('SELECT polka.claim_discount(%s, 10)', :k5), '23514', 'claims_discount_documents');
SELECT polka.claim_discount(:k4, 100) AS disc \gset
SELECT pg_temp.expect_true(:'disc' ~ '^S2039[0-9]{6}$', 'a discount document numbered in its year');
SELECT pg_temp.expect_eq((SELECT amount FROM polka.receivables WHERE document_id = :doc2), :owed2 - 100,
                         'what is owed lowered by the discount');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.finance_changes c JOIN polka.discounts x ON x.id = c.discount_id
                           WHERE x.code = :'disc' AND c.kind = 'discount_made'), 1::bigint, 'to accounting');
SET SESSION AUTHORIZATION gleb;
SELECT set_config('polka.today', '2039-04-15', true);
SELECT pg_temp.expect_eq(polka.claim_get(:k4) ->> 'returns', :'disc', 'the card names its discount');
SELECT pg_temp.expect_error(format('SELECT polka.claim_discount(%s, 5)', :k4), '23514', 'claims_discount_once');

-- Comments at its stage, by those who work on it; the partner at fault (the carrier).
SELECT polka.claim_comment(:k1, 'Лаборатория подтвердила вздутие') AS com \gset
SELECT pg_temp.expect_eq((SELECT stage || ' ' || by_user || ' ' || body FROM polka.claim_comment_list(:k1)),
                         'Регистрация gleb Лаборатория подтвердила вздутие', 'a comment with its stage');
SELECT polka.claim_save(polka.claim_get(:k4) || jsonb_build_object('fault_partner_id',
                                                                   (SELECT id FROM polka.partners WHERE code = 'TCA-C')));
SELECT pg_temp.expect_eq(polka.claim_get(:k4) ->> 'fault_partner_id.label', 'Анализ претензий: перевозчик (TCA-C)',
                         'the partner at fault');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format($$SELECT polka.claim_comment(%s, 'чужая')$$, :k1), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION gleb;
SELECT set_config('polka.today', '2039-04-15', true);

-- A rejection: the reason needed, the claim closed, its stage done, the client told.
SELECT pg_temp.expect_error(format($$SELECT polka.claim_decide(%s, 'rejected', NULL)$$, :k2), '23514', 'claims_decision_valid');
SELECT pg_temp.expect_error(format($$SELECT polka.claim_decide(%s, 'rejected', 'Цена по договору')$$, :k2), '23514',
                            'claims_kind_given');
SELECT polka.claim_save(polka.claim_get(:k2) || '{"kind": "price"}');
SELECT pg_temp.expect_eq(polka.claim_decide(:k2, 'rejected', 'Цена по договору от 01.01.2039'), 'rejected', 'rejected');
SELECT pg_temp.expect_eq((SELECT status || ' ' || (closed_at IS NOT NULL) FROM polka.claims WHERE id = :k2), 'rejected true',
                         'a rejected claim is closed');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.claim_stages WHERE claim_id = :k2 AND done_at IS NULL), 0::bigint,
                         'no stage left open');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT recipient || ' ' || (body LIKE '%Цена по договору от 01.01.2039%') FROM polka.outbox
                           WHERE kind = 'claim_rejected' AND client_id = :c2),
                         'tca-2@example.ru true', 'the client told why, by e-mail');

ROLLBACK;
