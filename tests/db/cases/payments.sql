-- Payments from bank statements (issue 16, schema 025): polka.bank_import given the jsonb the
-- C side builds (src/domain/bank.c): the client by the payer's INN (by its KPP when two share
-- the INN; none for an unknown INN or an INN shared without the KPP that tells them apart;
-- a supplier with a client's INN is not a client), matched by the document numbers the
-- purpose names, earliest due first, as far as the payment goes (a payment the size of the
-- receivable matched, one smaller matched and the receivable still partly open, one larger
-- partly; no numbers, another client's numbers: unmatched; a receivable two payments name
-- goes to the first), a receivable of a real sales document named by its code; the same
-- statement again changes nothing, a payment another statement listed already is not taken
-- twice; allocation by hand (all it can, or an amount) and its refusals; set aside leaves the
-- queue; the trigger's sums never over a receivable or a payment; allocations never change;
-- only the head imports and allocates; a manager sees her clients' payments only; the aging
-- report's buckets and the order screen's debt agree.
--
-- Own data only: clients TPAY-A (vera's), TPAY-B, TPAY-H1/H2 (one INN), TPAY-G (vera's, for the
-- aging report), a supplier TPAY-S with TPAY-B's INN, INNs 99441000N; polka_test.trips_world as
-- TPAY shipping on 2044-03-10 (its own document year); payments dated 2044.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2044-03-09';

-- A valid ten-digit INN from its first nine digits.
CREATE FUNCTION pg_temp.inn10(p text) RETURNS text
LANGUAGE sql AS $$ SELECT p || polka.inn_control(p, '{2,4,10,3,5,9,4,6,8}') $$;
-- One incoming payment as payments_json (src/domain/bank.c) writes it: every text present
-- ("" for none), the amount with two decimals, the refs the parser found in the purpose.
CREATE FUNCTION pg_temp.pay(num text, day date, amount numeric, inn text, kpp text, name text, purpose text,
                            refs text[] DEFAULT '{}') RETURNS jsonb
LANGUAGE sql AS $$
    SELECT jsonb_build_object('number', num, 'date', day, 'credited', day + 1, 'amount', amount::numeric(14, 2)::text,
                              'payer_name', name, 'payer_inn', coalesce(inn, ''), 'payer_kpp', coalesce(kpp, ''),
                              'payer_account', '40702810' || lpad(coalesce(inn, '0'), 12, '0'), 'purpose', purpose,
                              'doc_id', '', 'refs', to_jsonb(refs))
$$;
-- My payments, by the numbers this case gives them (TPAY-N).
CREATE FUNCTION pg_temp.p(num text) RETURNS bigint
LANGUAGE sql AS $$ SELECT id FROM polka.payments WHERE number = 'TPAY-' || num AND pay_date >= '2044-01-01' $$;
-- A receivable's paid, by its document (this case's own numbers: РНО-0044...).
CREATE FUNCTION pg_temp.paid(d text) RETURNS numeric
LANGUAGE sql AS $$ SELECT paid FROM polka.receivables WHERE doc = d AND doc LIKE 'РНО-0044%' $$;

SELECT pg_temp.inn10('994410001') AS inn_a, pg_temp.inn10('994410002') AS inn_b, pg_temp.inn10('994410003') AS inn_h,
       pg_temp.inn10('994410004') AS inn_g, pg_temp.inn10('994410005') AS inn_t, pg_temp.inn10('994410009') AS inn_u \gset
SELECT pg_temp.expect_true(polka.inn_valid(:'inn_a') AND polka.inn_valid(:'inn_b') AND polka.inn_valid(:'inn_h')
                           AND polka.inn_valid(:'inn_g') AND polka.inn_valid(:'inn_t') AND polka.inn_valid(:'inn_u')
                           AND NOT polka.inn_valid(left(:'inn_a', 9) || (right(:'inn_a', 1)::int + 1) % 10),
                           'the INNs are valid (and a wrong check digit is not)');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners WHERE inn LIKE '99441000_'), 0::bigint,
                         'nobody else has these INNs');
SELECT id AS vera FROM polka.people WHERE login = 'vera' \gset
INSERT INTO polka.partners (code, kind, name, legal_name, inn, kpp, manager_id) VALUES
    ('TPAY-A', 'client', 'Оплата А', 'ООО «Оплата А»', :'inn_a', '994401001', :vera),
    ('TPAY-B', 'client', 'Оплата Б', 'ООО «Оплата Б»', :'inn_b', '994401001', NULL),
    ('TPAY-S', 'supplier', 'Оплата Поставщик', 'ООО «Оплата Поставщик»', :'inn_b', '994409001', NULL),
    ('TPAY-H1', 'client', 'Оплата Холдинг: Тверь', 'ООО «Оплата Холдинг»', :'inn_h', '994401001', NULL),
    ('TPAY-H2', 'client', 'Оплата Холдинг: Клин', 'ООО «Оплата Холдинг»', :'inn_h', '994402001', NULL),
    ('TPAY-G', 'client', 'Оплата Возраст', 'ООО «Оплата Возраст»', :'inn_g', '994401001', :vera);
SELECT id AS ca FROM polka.partners WHERE code = 'TPAY-A' \gset
SELECT id AS cb FROM polka.partners WHERE code = 'TPAY-B' \gset
SELECT id AS ch1 FROM polka.partners WHERE code = 'TPAY-H1' \gset
SELECT id AS ch2 FROM polka.partners WHERE code = 'TPAY-H2' \gset
SELECT id AS cg FROM polka.partners WHERE code = 'TPAY-G' \gset
INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount)
SELECT c.id, v.doc, '2044-03-01', v.due::date, v.amount
  FROM (VALUES ('A', 'РНО-0044101', '2044-03-25', 1000.00), ('A', 'РНО-0044102', '2044-03-25', 500.00),
               ('A', 'РНО-0044103', '2044-03-25', 700.00), ('A', 'РНО-0044104', '2044-03-30', 200.00),
               ('A', 'РНО-0044106', '2044-03-25', 1000.00),
               ('A', 'РНО-0044107', '2044-03-26', 150.00), ('B', 'РНО-0044201', '2044-03-25', 250.00),
               ('H1', 'РНО-0044302', '2044-03-25', 400.00), ('H2', 'РНО-0044301', '2044-03-25', 400.00))
           v(client, doc, due, amount)
  JOIN polka.partners c ON c.code = 'TPAY-' || v.client;
-- Due before 44104, made after it (the matching goes by due date, not by id).
INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount) VALUES (:ca, 'РНО-0044105', '2044-03-01', '2044-03-15', 300.00);

-- A real sales document and its receivable: the trips world's first client (given an INN)
-- shipped on 2044-03-10, its document made by the clerk (as in returns.sql).
\set prefix TPAY
\set label 'Склад ОПЛ'
\set ship 2044-03-10
\ir ../trip-documents.sql
UPDATE polka.partners SET inn = :'inn_t', kpp = '994401001' WHERE code = 'TPAY-1';
SELECT d.code AS tcode, r.doc AS tdoc, r.amount AS tamount, r.id AS trec
  FROM polka.documents d JOIN polka.receivables r ON r.document_id = d.id JOIN polka.partners c ON c.id = d.client_id
 WHERE d.trip_id = :trip AND d.kind = 'upd' AND c.code = 'TPAY-1' \gset
SELECT pg_temp.expect_true(:'tcode' LIKE 'U2044%' AND polka.doc_ref_key(:'tdoc') IS DISTINCT FROM polka.doc_ref_key(:'tcode'),
                           'the document''s receivable is named "УПД n", its code is another number');
SELECT pg_temp.expect_eq(format('%s %s %s %s', polka.doc_ref_key('УПД № 00123'), polka.doc_ref_key('РН-0000123'),
                                polka.doc_ref_key('U2026000123'), coalesce(polka.doc_ref_key('б/н'), 'null')),
                         '123 123 2026000123 null', 'doc_ref_key: the digits without leading zeros');

-- The statement (in file order). TPAY-7 and TPAY-8 name the same receivable: the first takes it.
SET LOCAL polka.today = '2044-03-20';
CREATE TEMP TABLE stmt (n int PRIMARY KEY, j jsonb NOT NULL);
GRANT ALL ON pg_temp.stmt TO PUBLIC;
INSERT INTO stmt VALUES
    (1, pg_temp.pay('TPAY-1', '2044-03-18', 1000, :'inn_a', '994401001', 'ООО «Оплата А»',
                    'Оплата по УПД № 44101 от 01.03.2044, в т.ч. НДС', '{44101}')),
    (2, pg_temp.pay('TPAY-2', '2044-03-18', 300, :'inn_a', '994401001', 'ООО «Оплата А»',
                    'Частичная оплата по счету 44102', '{44102}')),
    (3, pg_temp.pay('TPAY-3', '2044-03-18', 800, :'inn_a', '994401001', 'ООО «Оплата А»',
                    'Оплата за кондитерские изделия')),
    (4, pg_temp.pay('TPAY-4', '2044-03-18', 123.45, :'inn_u', '994401001', 'ООО «Оплата А»',
                    'Оплата по накладной 44104', '{44104}')),
    (5, pg_temp.pay('TPAY-5', '2044-03-18', 400, :'inn_h', '994402001', 'ООО «Оплата Холдинг»',
                    'Оплата по УПД 44301', '{44301}')),
    (6, pg_temp.pay('TPAY-6', '2044-03-18', 400, :'inn_h', NULL, 'ООО «Оплата Холдинг»',
                    'Оплата по УПД 44302', '{44302}')),
    (7, pg_temp.pay('TPAY-7', '2044-03-19', 700, :'inn_a', '994401001', 'ООО «Оплата А»',
                    'Оплата по сч. 44103', '{44103}')),
    (8, pg_temp.pay('TPAY-8', '2044-03-19', 700, :'inn_a', '994401001', 'ООО «Оплата А»',
                    'Оплата по сч. 44103 (повторно)', '{44103}')),
    (9, pg_temp.pay('TPAY-9', '2044-03-19', 1000, :'inn_b', NULL, 'ООО «Оплата Б»',
                    'Оплата по УПД 44106', '{44106}')),
    (10, pg_temp.pay('TPAY-10', '2044-03-19', 1500, :'inn_a', '994401001', 'ООО «Оплата А»',
                     'Оплата по УПД 44106', '{44106}')),
    (11, pg_temp.pay('TPAY-11', '2044-03-19', 400, :'inn_a', '994401001', 'ООО «Оплата А»',
                     'Оплата по накладным 44104 и 44105', '{44104,44105}')),
    (12, pg_temp.pay('TPAY-12', '2044-03-19', :tamount, :'inn_t', '994401001', 'ООО «Склад ОПЛ 1»',
                     'Оплата по УПД № ' || :'tcode' || ' от 10.03.2044', ARRAY[:'tcode']));
SELECT jsonb_agg(j ORDER BY n) AS stmt1 FROM stmt \gset

-- Only the head and administrators import and allocate.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.bank_import(%L, %L, %L, %L)', 'tpay-1.txt', '2044-03-18', '2044-03-19',
                                   :'stmt1'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.bank_import(%L, %L, %L, %L)', 'tpay-1.txt', '2044-03-18', '2044-03-19',
                                   :'stmt1'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.bank_import(%L, %L, %L, %L)', 'tpay-1.txt', '2044-03-18', '2044-03-19',
                                   :'stmt1'), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.payments WHERE number LIKE 'TPAY-%'), 0::bigint,
                         'a refused import leaves nothing');

SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2044-03-20';
SELECT polka.bank_import('tpay-1.txt', '2044-03-18', '2044-03-19', :'stmt1') AS r1 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(:'r1'::jsonb - 'import_id',
                         jsonb_build_object('again', false, 'payments', 12, 'new', 12, 'known', 0, 'matched', 6,
                                            'partly', 1, 'unmatched', 5, 'allocated', 3800 + :tamount),
                         'the statement: 12 payments, 6 matched, 1 partly, 5 to match by hand');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', file_name, date_from, date_to, payments) FROM polka.bank_imports
                           WHERE id = (:'r1'::jsonb ->> 'import_id')::bigint),
                         'tpay-1.txt 2044-03-18 2044-03-19 12', 'the import''s row');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', substr(p.number, 6), p.status, coalesce(c.code, '-'), p.allocated),
                                            '; ' ORDER BY p.id)
                            FROM polka.payments p LEFT JOIN polka.partners c ON c.id = p.client_id
                           WHERE p.number LIKE 'TPAY-%'),
                         '1 matched TPAY-A 1000.00; 2 matched TPAY-A 300.00; 3 unmatched TPAY-A 0.00; '
                         '4 unmatched - 0.00; 5 matched TPAY-H2 400.00; 6 unmatched - 0.00; 7 matched TPAY-A 700.00; '
                         '8 unmatched TPAY-A 0.00; 9 unmatched TPAY-B 0.00; 10 partly TPAY-A 1000.00; '
                         '11 matched TPAY-A 400.00; 12 matched TPAY-1 ' || :tamount,
                         'each payment: its status, its client, what went to receivables');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', r.doc, r.paid), ', ' ORDER BY r.doc)
                            FROM polka.receivables r WHERE r.doc LIKE 'РНО-0044%'),
                         'РНО-0044101 1000.00, РНО-0044102 300.00, РНО-0044103 700.00, РНО-0044104 100.00, '
                         'РНО-0044105 300.00, РНО-0044106 1000.00, РНО-0044107 0.00, РНО-0044201 0.00, '
                         'РНО-0044301 400.00, РНО-0044302 0.00',
                         'the receivables paid: 44105 due first took 300 of the 400, 44104 the rest');
SELECT pg_temp.expect_eq((SELECT paid FROM polka.receivables WHERE id = :trec), :tamount,
                         'the sales document named by its code: paid');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s>%s %s %s %s', substr(p.number, 6), r.doc, a.amount, a.how, a.by_user),
                                            ', ' ORDER BY p.id, r.due_on)
                            FROM polka.payment_allocations a JOIN polka.payments p ON p.id = a.payment_id
                            JOIN polka.receivables r ON r.id = a.receivable_id
                           WHERE p.number LIKE 'TPAY-%' AND r.document_id IS NULL),
                         '1>РНО-0044101 1000.00 auto egor, 2>РНО-0044102 300.00 auto egor, 5>РНО-0044301 400.00 auto egor, '
                         '7>РНО-0044103 700.00 auto egor, 10>РНО-0044106 1000.00 auto egor, '
                         '11>РНО-0044105 300.00 auto egor, 11>РНО-0044104 100.00 auto egor',
                         'the allocations: automatic, by the importer');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.payments p WHERE p.number LIKE 'TPAY-%'
                             AND p.import_id = (:'r1'::jsonb ->> 'import_id')::bigint), 12::bigint,
                         'every payment of the statement is its import''s');
SELECT pg_temp.expect_eq((SELECT doc_refs FROM polka.payments WHERE id = pg_temp.p('11')), '{44104,44105}'::text[],
                         'the refs kept');

-- A manager: her clients' payments (TPAY-A's), not those of others nor those no client is
-- known for; the allocations of those only. Who sees every client sees them all.
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT string_agg(substr(number, 6), ',' ORDER BY id) FROM polka.payments_queue(true)
                           WHERE number LIKE 'TPAY-%'),
                         '1,2,3,7,8,10,11', 'a manager: her client''s payments');
SELECT pg_temp.expect_eq((SELECT string_agg(substr(number, 6), ',' ORDER BY id) FROM polka.payments_queue()
                           WHERE number LIKE 'TPAY-%'),
                         '3,8,10', 'a manager''s queue: her client''s payments still to match');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.payment_allocations a JOIN polka.payments p ON p.id = a.payment_id
                           WHERE p.number LIKE 'TPAY-%'), 6::bigint, 'a manager: her client''s allocations');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.payments WHERE client_id IS NULL AND number LIKE 'TPAY-%'),
                         0::bigint, 'a manager: no payment no client is known for');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', substr(number, 6), coalesce(client, '-'), left_over, refs),
                                            '; ' ORDER BY pay_date, id)
                            FROM polka.payments_queue() WHERE number LIKE 'TPAY-%'),
                         '3 Оплата А 800.00 ; 4 - 123.45 44104; 6 - 400.00 44302; 8 Оплата А 700.00 44103; '
                         '9 Оплата Б 1000.00 44106; 10 Оплата А 500.00 44106',
                         'the operator sees the whole queue, oldest first, with what is left');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.payments_queue(true) WHERE number LIKE 'TPAY-%'), 12::bigint,
                         'the whole list');
RESET SESSION AUTHORIZATION;

-- The same statement again, under another name too: nothing changes.
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2044-03-20';
SELECT polka.bank_import('tpay-1.txt', '2044-03-18', '2044-03-19', :'stmt1') AS r1b \gset
SELECT polka.bank_import('выписка-копия.txt', '2044-03-18', '2044-03-19', :'stmt1') AS r1c \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(:'r1b'::jsonb, jsonb_build_object('import_id', (:'r1'::jsonb ->> 'import_id')::bigint,
                                                           'again', true, 'payments', 12),
                         'the same statement again: the import it was');
SELECT pg_temp.expect_eq(:'r1c'::jsonb, :'r1b'::jsonb, 'under another file name: the same');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', count(DISTINCT p.id), count(DISTINCT p.import_id), sum(a.amount))
                            FROM polka.payments p LEFT JOIN polka.payment_allocations a ON a.payment_id = p.id
                           WHERE p.number LIKE 'TPAY-%'),
                         format('12 1 %s', 3800 + :tamount), 'again: no payment, import or allocation more');
SELECT pg_temp.expect_eq((SELECT sum(paid) FROM polka.receivables WHERE doc LIKE 'РНО-0044%'), 3800.00,
                         'again: the receivables as they were');

-- An overlapping statement: TPAY-3 again (another bank's wording: the same payment by its
-- date, number, account, amount and bank id) and a new one without ДатаПоступило (null, as
-- bank.c sends a missing value), which is matched.
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2044-03-20';
SELECT polka.bank_import('tpay-2.txt', '2044-03-18', '2044-03-20', jsonb_build_array(
           (SELECT j FROM stmt WHERE n = 3) || '{"purpose": "ОПЛАТА ЗА КОНДИТЕРСКИЕ ИЗДЕЛИЯ", "credited": "2044-03-20"}',
           pg_temp.pay('TPAY-13', '2044-03-20', 250, :'inn_b', '994401001', 'ООО «Оплата Б»', 'Оплата по УПД № 44201',
                       '{44201}') || '{"credited": null}')) AS r2 \gset
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(:'r2'::jsonb - 'import_id',
                         '{"again": false, "payments": 2, "new": 1, "known": 1, "matched": 1, "partly": 0,
                           "unmatched": 0, "allocated": 250}'::jsonb,
                         'an overlapping statement: one new, one known');
SELECT pg_temp.expect_true((:'r2'::jsonb ->> 'import_id') <> (:'r1'::jsonb ->> 'import_id'), 'another import');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', count(*), min(import_id) = (:'r1'::jsonb ->> 'import_id')::bigint,
                                        min(purpose))
                            FROM polka.payments WHERE number = 'TPAY-3'),
                         '1 t Оплата за кондитерские изделия', 'the known payment: one, as first imported');
SELECT pg_temp.expect_eq(pg_temp.paid('РНО-0044201'), 250.00, 'the new payment matched');
SELECT pg_temp.expect_eq((SELECT format('%s %s', pay_date, coalesce(credited_on::text, 'none')) FROM polka.payments
                           WHERE id = pg_temp.p('13')), '2044-03-20 none', 'no credited date: none');

-- By hand. The receivables a payment may go to: its client's open ones, those it names first;
-- for a payment no client is known for, those of a client whose name is the payer's.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', doc, open, named), ', ' ORDER BY n)
                            FROM polka.payment_receivables(pg_temp.p('3')) WITH ORDINALITY x(r, cl, doc, dd, due, open, od, named, n)),
                         'РНО-0044102 200.00 f, РНО-0044107 150.00 f, РНО-0044104 100.00 f',
                         'TPAY-3: its client''s open receivables, earliest due first');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s', doc, named), ', ' ORDER BY n)
                            FROM polka.payment_receivables(pg_temp.p('10')) WITH ORDINALITY x(r, cl, doc, dd, due, open, od, named, n)),
                         'РНО-0044102 f, РНО-0044107 f, РНО-0044104 f',
                         'TPAY-10: what it names is paid; the rest');
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT client, ',') FROM polka.payment_receivables(pg_temp.p('4'))),
                         'Оплата А', 'an unknown INN: the client by the payer''s name');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', client, doc, open, named), ', ')
                            FROM polka.payment_receivables(pg_temp.p('6'))),
                         'Оплата Холдинг: Тверь РНО-0044302 400.00 t',
                         'an INN two clients share, no KPP: the open receivables of both, the one it names');

SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s)', pg_temp.p('3'),
                                   (SELECT id FROM polka.receivables WHERE doc = 'РНО-0044102')), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.payment_set_aside(%s, %L)', pg_temp.p('3'), 'аванс'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s, 1)', pg_temp.p('3'),
                                   (SELECT id FROM polka.receivables WHERE doc = 'РНО-0044102')), '42501');
SELECT pg_temp.expect_error(format('SELECT polka.payment_set_aside(%s, %L)', pg_temp.p('3'), 'аванс'), '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s)', pg_temp.p('3'),
                                   (SELECT id FROM polka.receivables WHERE doc = 'РНО-0044102')), '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.expect_eq(pg_temp.paid('РНО-0044102'), 300.00, 'refused: nothing allocated');

SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2044-03-20';
SELECT id AS ra2 FROM polka.receivables WHERE doc = 'РНО-0044102' \gset
SELECT id AS ra4 FROM polka.receivables WHERE doc = 'РНО-0044104' \gset
SELECT id AS ra7 FROM polka.receivables WHERE doc = 'РНО-0044107' \gset
SELECT id AS ra1 FROM polka.receivables WHERE doc = 'РНО-0044101' \gset
SELECT id AS rb1 FROM polka.receivables WHERE doc = 'РНО-0044201' \gset
SELECT pg_temp.expect_eq(polka.payment_allocate(pg_temp.p('3'), :ra2), 'partly',
                         'all it can: the 200 open of 44102 from the 800');
SELECT pg_temp.expect_eq(polka.payment_allocate(pg_temp.p('3'), :ra7, 100), 'partly', 'an amount: 100 to 44107');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', p.allocated, pg_temp.paid('РНО-0044102'), pg_temp.paid('РНО-0044107'))
                            FROM polka.payments p WHERE p.id = pg_temp.p('3')),
                         '300.00 500.00 100.00', 'TPAY-3 300 allocated; 44102 paid whole, 44107 100 of 150');
-- A document already given part of the payment is given more of it later (a second row).
SAVEPOINT top_up;
SELECT pg_temp.expect_eq(polka.payment_allocate(pg_temp.p('3'), :ra7, 20), 'partly', '20 more to 44107');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', p.allocated, pg_temp.paid('РНО-0044107'),
                                        (SELECT count(*) FROM polka.payment_allocations a
                                          WHERE a.payment_id = p.id AND a.receivable_id = :ra7))
                            FROM polka.payments p WHERE p.id = pg_temp.p('3')),
                         '320.00 120.00 2', 'topped up: two rows, the sums follow');
ROLLBACK TO SAVEPOINT top_up;
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s)', pg_temp.p('3'), :rb1),
                            '23514', 'payment_allocations_same_client');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s)', pg_temp.p('1'), :ra4),
                            '23514', 'payment_allocations_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s)', pg_temp.p('3'), :ra1),
                            '23514', 'payment_allocations_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s, 0)', pg_temp.p('3'), :ra4),
                            '23514', 'payment_allocations_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s, -5)', pg_temp.p('3'), :ra4),
                            '23514', 'payment_allocations_amount_valid');
-- An amount above what both allow is refused, not quietly lowered (44104's open is below it).
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s, 100000)', pg_temp.p('3'), :ra4),
                            '23514', 'payment_allocations_amount_valid');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(-1, %s)', :ra4), 'P0002');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, -1)', pg_temp.p('3')), 'P0002');
-- A payment no client was known for becomes the receivable's client's.
SELECT pg_temp.expect_eq(polka.payment_allocate(pg_temp.p('4'), :ra4), 'partly', 'TPAY-4: 100 of its 123.45');
SELECT pg_temp.expect_eq((SELECT format('%s %s', client_id = :ca, allocated) FROM polka.payments WHERE id = pg_temp.p('4')),
                         't 100.00', 'TPAY-4 is TPAY-A''s now');
SELECT id AS rh1 FROM polka.receivables WHERE doc = 'РНО-0044302' \gset
SELECT pg_temp.expect_eq(polka.payment_allocate(pg_temp.p('6'), :rh1), 'matched', 'TPAY-6 to TPAY-H1''s 44302');
SELECT pg_temp.expect_eq((SELECT client_id = :ch1 FROM polka.payments WHERE id = pg_temp.p('6')), true,
                         'TPAY-6 is TPAY-H1''s now');
-- Set aside: out of the queue, never allocated; the reason must say something; a payment
-- wholly allocated is not set aside.
SELECT pg_temp.expect_eq(polka.payment_set_aside(pg_temp.p('8'), 'возврат: оплачено дважды'), 'set_aside', 'TPAY-8 set aside');
SELECT pg_temp.expect_error(format('SELECT polka.payment_allocate(%s, %s)', pg_temp.p('8'), :ra7),
                            '23514', 'payments_aside_unallocated');
SELECT pg_temp.expect_error(format('SELECT polka.payment_set_aside(%s, %L)', pg_temp.p('1'), 'аванс'),
                            '23514', 'payments_aside_unallocated');
SELECT pg_temp.expect_error(format('SELECT polka.payment_set_aside(%s, %L)', pg_temp.p('9'), ' '),
                            '23514', 'payments_set_aside_valid');
SELECT pg_temp.expect_error(format('SELECT polka.payment_set_aside(-1, %L)', 'аванс'), 'P0002');
-- No reason at all is no reason either (a NULL would have taken the payment back out of aside).
SELECT pg_temp.expect_error(format('SELECT polka.payment_set_aside(%s, NULL)', pg_temp.p('8')),
                            '23514', 'payments_set_aside_valid');
SELECT pg_temp.expect_eq((SELECT status FROM polka.payments WHERE id = pg_temp.p('8')), 'set_aside', 'TPAY-8 still aside');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', substr(number, 6), status, left_over), '; ' ORDER BY pay_date, id)
                            FROM polka.payments_queue() WHERE number LIKE 'TPAY-%'),
                         '3 partly 500.00; 4 partly 23.45; 9 unmatched 1000.00; 10 partly 500.00',
                         'the queue: TPAY-6 matched and TPAY-8 set aside are gone');
SELECT pg_temp.expect_eq((SELECT status FROM polka.payments_queue(true) WHERE id = pg_temp.p('8')), 'set_aside',
                         'set aside: in the whole list');
-- Allocations are written by the functions only.
SELECT pg_temp.expect_error(format('UPDATE polka.payment_allocations SET amount = 1 WHERE payment_id = %s', pg_temp.p('1')),
                            '42501');
SELECT pg_temp.expect_error(format('INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how) '
                                   'VALUES (%s, %s, 1, %L)', pg_temp.p('10'), :ra7, 'manual'), '42501');
SELECT pg_temp.expect_error(format('UPDATE polka.payments SET allocated = 0 WHERE id = %s', pg_temp.p('1')), '42501');
RESET SESSION AUTHORIZATION;

-- The manager now sees TPAY-4 (her client's since it was allocated).
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT string_agg(substr(number, 6), ',' ORDER BY id) FROM polka.payments_queue(true)
                           WHERE number LIKE 'TPAY-%'),
                         '1,2,3,4,7,8,10,11', 'a manager: TPAY-4 now her client''s');
RESET SESSION AUTHORIZATION;

-- The trigger's sums: never more to a receivable than it is, nor from a payment than it has
-- (TPAY-10 has 500 left, TPAY-9 1000, TPAY-4 23.45; 44107 is 50 open).
SELECT pg_temp.expect_error(format('INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how) '
                                   'VALUES (%s, %s, 50.01, %L)', pg_temp.p('10'), :ra7, 'manual'),
                            '23514', 'receivables_paid_valid');
SELECT pg_temp.expect_ok(format('INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how) '
                                'VALUES (%s, %s, 50, %L)', pg_temp.p('10'), :ra7, 'manual'), false);
SELECT pg_temp.expect_error(format('INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how) '
                                   'VALUES (%s, %s, 23.46, %L)', pg_temp.p('4'), :ra7, 'manual'),
                            '23514', 'payments_allocated_valid');
-- Two rows of one statement to one receivable: their sum counts.
SELECT pg_temp.expect_error(format('INSERT INTO polka.payment_allocations (payment_id, receivable_id, amount, how) '
                                   'VALUES (%s, %s, 30, %L), (%s, %s, 30, %L)', pg_temp.p('10'), :ra7, 'manual',
                                   pg_temp.p('9'), :ra7, 'manual'),
                            '23514', 'receivables_paid_valid');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', pg_temp.paid('РНО-0044107'), p10.allocated, p4.allocated)
                            FROM polka.payments p10, polka.payments p4 WHERE p10.id = pg_temp.p('10') AND p4.id = pg_temp.p('4')),
                         '100.00 1000.00 100.00', 'refused: the sums as they were');
-- Never changed nor deleted.
SELECT pg_temp.expect_error(format('UPDATE polka.payment_allocations SET amount = amount WHERE payment_id = %s', pg_temp.p('1')),
                            '23514', 'payment_allocations_append_only');
SELECT pg_temp.expect_error(format('DELETE FROM polka.payment_allocations WHERE payment_id = %s', pg_temp.p('1')),
                            '23514', 'payment_allocations_append_only');

-- A receivable two payments of one statement name goes to the first with money left for it:
-- TPAY-E1 (100) names 44501 (100) and 44502 (50), TPAY-E2 (50) names 44502 only; E1 spends all
-- on 44501 (due first), so 44502 is E2's. Two payers with no account, the same number, day and
-- amount are two payments (the key has the payer's INN).
INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount)
VALUES (:cb, 'РНО-0044501', '2044-01-10', '2044-02-01', 100), (:cb, 'РНО-0044502', '2044-01-11', '2044-02-02', 50);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', r ->> 'new', r ->> 'matched', r ->> 'unmatched')
                            FROM polka.bank_import('tpay-e.txt', '2044-03-01', '2044-03-01', jsonb_build_array(
                                     pg_temp.pay('TPAY-E1', '2044-03-01', 100, (SELECT inn FROM polka.partners WHERE id = :cb), NULL,
                                                 'ООО Б', 'по накладным 44501, 44502', '{44501,44502}'),
                                     pg_temp.pay('TPAY-E2', '2044-03-01', 50, (SELECT inn FROM polka.partners WHERE id = :cb), NULL,
                                                 'ООО Б', 'по накладной 44502', '{44502}'),
                                     pg_temp.pay('TPAY-E3', '2044-03-01', 70, pg_temp.inn10('994410071'), NULL, 'ООО Один', 'x')
                                         || '{"payer_account": ""}',
                                     pg_temp.pay('TPAY-E3', '2044-03-01', 70, pg_temp.inn10('994410072'), NULL, 'ООО Два', 'x')
                                         || '{"payer_account": ""}')) r),
                         '4 2 2', 'four new: E1 and E2 matched, the two E3 unmatched');
SELECT pg_temp.expect_eq(format('%s %s', pg_temp.paid('РНО-0044501'), pg_temp.paid('РНО-0044502')), '100.00 50.00',
                         '44501 paid by E1, 44502 by E2');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.payments WHERE number = 'TPAY-E3'), 2::bigint,
                         'two payers, two payments');
RESET SESSION AUTHORIZATION;

-- A number that fits two open documents of the client (numbers restart each year) matches
-- neither: the payment waits for a person.
INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount)
VALUES (:cb, 'УПД 44777', '2043-01-10', '2043-02-01', 70), (:cb, 'УПД 44777', '2044-01-10', '2044-02-01', 70);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT format('%s %s', r ->> 'new', r ->> 'unmatched')
                            FROM polka.bank_import('tpay-amb.txt', '2044-03-02', '2044-03-02', jsonb_build_array(
                                     pg_temp.pay('TPAY-AMB', '2044-03-02', 70, (SELECT inn FROM polka.partners WHERE id = :cb), NULL,
                                                 'ООО Б', 'по УПД 44777', '{"УПД 44777"}'))) r),
                         '1 1', 'an ambiguous number: to match by hand');
RESET SESSION AUTHORIZATION;

-- What clients owe by age: TPAY-G's receivables due at chosen days from today (2044-03-20),
-- a power of two each (current: due today and in 5 days; overdue 1 and 7 days; 8 and 30; 31
-- and 60; 61 and 400; one paid whole (1024), one of 2048 with 2000 paid, 10 days overdue).
INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount, paid)
SELECT :cg, 'РНО-00449' || lpad(v.n::text, 2, '0'), date '2044-03-20' - v.days - 14, date '2044-03-20' - v.days, v.amount, v.paid
  FROM (VALUES (1, -5, 2, 0), (2, 0, 1, 0), (3, 1, 4, 0), (4, 7, 8, 0), (5, 8, 16, 0), (6, 30, 32, 0), (7, 31, 64, 0),
               (8, 60, 128, 0), (9, 61, 256, 0), (10, 400, 512, 0), (11, 10, 1024, 1024), (12, 10, 2048, 2000))
           v(n, days, amount, paid);
SET SESSION AUTHORIZATION vera;
SET LOCAL polka.today = '2044-03-20';
SELECT pg_temp.expect_eq((SELECT format('%s|%s|%s|%s|%s|%s|%s|%s|%s', client, manager, total, current, d1_7, d8_30, d31_60,
                                        over_60, oldest_due)
                            FROM polka.report_receivables_aging() WHERE client_code = 'TPAY-G'),
                         'Оплата Возраст|Вера Морозова|1071.00|3.00|12.00|96.00|192.00|768.00|2043-02-14',
                         'the aging report: buckets by days overdue, the paid one out, the partly paid one''s rest');
SELECT pg_temp.expect_eq((SELECT format('%s %s', o ->> 'debt', o ->> 'overdue') FROM polka.order_context(:cg) o),
                         '1071.00 1068.00', 'the order screen: what the client owes and how much is overdue');
SELECT pg_temp.expect_eq((SELECT figure FROM polka.order_check(jsonb_build_object('client_id', :cg, 'amount', 10))
                           WHERE code = 'overdue'),
                         1068.00, 'the order check: the same overdue debt');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_receivables_aging() WHERE client_code IN ('TPAY-B', 'TPAY-H1')),
                         0::bigint, 'a manager: not others'' clients');
RESET SESSION AUTHORIZATION;
-- A payment for the 61 days overdue one: out of its bucket; tomorrow the rest a day older.
SET SESSION AUTHORIZATION egor;
SET LOCAL polka.today = '2044-03-20';
SELECT pg_temp.expect_eq(polka.bank_import('tpay-3.txt', '2044-03-20', '2044-03-20', jsonb_build_array(
           pg_temp.pay('TPAY-14', '2044-03-20', 256, :'inn_g', '994401001', 'ООО «Оплата Возраст»',
                       'Оплата по УПД № 44909 от 05.01.2044', '{44909}'))) ->> 'matched', '1', 'the old one paid');
SELECT pg_temp.expect_eq((SELECT format('%s|%s|%s|%s|%s|%s', total, current, d1_7, d8_30, d31_60, over_60)
                            FROM polka.report_receivables_aging() WHERE client_code = 'TPAY-G'),
                         '815.00|3.00|12.00|96.00|192.00|512.00', 'paid: out of the over-60 bucket');
SELECT pg_temp.expect_eq((SELECT format('%s %s', o ->> 'debt', o ->> 'overdue') FROM polka.order_context(:cg) o),
                         '815.00 812.00', 'the order screen agrees');
SET LOCAL polka.today = '2044-03-21';
SELECT pg_temp.expect_eq((SELECT format('%s|%s|%s|%s|%s|%s', total, current, d1_7, d8_30, d31_60, over_60)
                            FROM polka.report_receivables_aging() WHERE client_code = 'TPAY-G'),
                         '815.00|2.00|5.00|72.00|96.00|640.00', 'a day later: each a day older');
SELECT pg_temp.expect_eq((SELECT format('%s %s', o ->> 'debt', o ->> 'overdue') FROM polka.order_context(:cg) o),
                         '815.00 813.00', 'the order screen a day later');
SELECT pg_temp.expect_eq((SELECT sum(total) FROM polka.report_receivables_aging() WHERE client_code = 'TPAY-A'),
                         (SELECT sum(amount - paid) FROM polka.receivables WHERE client_id = :ca), 'TPAY-A: what is open');
RESET SESSION AUTHORIZATION;
ROLLBACK;
