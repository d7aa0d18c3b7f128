-- Returned documents (issue 16): a scan marks a document of a trip that left returned (who,
-- when), once; its code as a scanner types it on a Russian layout, or its number as printed,
-- answer too; garbage, a partial code, an over-long or control-character text are unknown; a
-- cancelled document, another trip's or driver's, a trip not left are told apart and change
-- nothing; the trip becomes returned with its last document; the missing list and the report
-- follow; only clerks, the head and admins take documents in.
--
-- Own data only: polka_test.trips_world as TRD, shipping on 2033-03-10 (its own document year).
\ir ../lib.sql

BEGIN;
\set prefix TRD
\set label 'Склад ВОЗ'
\set ship 2033-03-10
\ir ../trip-documents.sql
UPDATE polka.trips SET driver = 'Водитель ВОЗ' WHERE id = :trip;
-- The head cancels the chain's sales document and the clerk makes it again: a cancelled code.
SELECT id AS cancelled_doc, code AS cancelled_code FROM polka.documents
 WHERE trip_id = :trip AND client_id = :c2 \gset
SET SESSION AUTHORIZATION egor;
SELECT polka.document_storno(:cancelled_doc, 'ошибка в цене');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT polka.trip_documents_make(:trip);
SELECT id AS doc1, code AS code1, seq AS seq1 FROM polka.documents
 WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL AND client_id <> :c2 \gset
SELECT id AS doc2, code AS code2 FROM polka.documents
 WHERE trip_id = :trip AND kind = 'upd' AND cancelled_at IS NULL AND client_id = :c2 \gset
SELECT id AS note, code AS note_code, seq AS note_seq FROM polka.documents
 WHERE trip_id = :trip AND kind = 'tn' AND cancelled_at IS NULL \gset

-- Printed but not left: nothing is marked.
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                             'copies', p.copies, 'pages', 1))
                           FROM polka.trip_print_set(:trip) p), 'office', 'office-1');
SELECT pg_temp.expect_eq((SELECT outcome FROM polka.document_return(:'code1')), 'not_left',
                         'a document of a trip not left is not taken in');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents_missing(:trip)), 0::bigint,
                         'a trip not left owes nothing yet');
SELECT polka.trip_depart(:trip);
SELECT pg_temp.expect_eq((SELECT string_agg(code, ',' ORDER BY code) FROM polka.documents_missing(:trip)),
                         (SELECT string_agg(code, ',' ORDER BY code) FROM polka.documents
                           WHERE trip_id = :trip AND cancelled_at IS NULL),
                         'left: every live document is missing, the cancelled one is not');

-- Faults: nothing changes.
SELECT pg_temp.expect_eq((SELECT string_agg(x.outcome, ',' ORDER BY g.k)
                            FROM (VALUES (1, 'abc'), (2, left(:'code1', 8)), (3, repeat('U', 100)), (4, :'code1' || E'\x01'),
                                         (5, ''), (6, NULL), (7, '№ 99999999')) g(k, code)
                            CROSS JOIN LATERAL polka.document_return(g.code, :trip) x),
                         'unknown,unknown,unknown,unknown,unknown,unknown,unknown',
                         'garbage, a partial code, over-long, a control character, nothing: unknown');
SELECT pg_temp.expect_eq((SELECT format('%s %s', outcome, code) FROM polka.document_return(:'cancelled_code', :trip)),
                         'cancelled ' || :'cancelled_code', 'a cancelled document: nothing expected back');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', outcome, trip, driver)
                            FROM polka.document_return(:'code1', (SELECT max(id) FROM polka.trips WHERE id <> :trip))),
                         format('other %s Водитель ВОЗ', :'trip_no'), 'another trip''s pile: named, not marked');
SELECT pg_temp.expect_eq((SELECT outcome FROM polka.document_return(:'code1', NULL, 'Кто-то другой')),
                         'other', 'another driver''s pile: not marked');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents WHERE trip_id = :trip AND returned_at IS NOT NULL),
                         0::bigint, 'no fault marked anything');

-- An operator takes nothing in.
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT * FROM polka.document_return(%L)', :'code1'), '42501');
RESET SESSION AUTHORIZATION;

-- The clerk: the code in lower case, as a scanner on a Russian layout types the note's (Е for
-- T), and a number typed by hand within the driver's pile.
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_eq((SELECT format('%s %s %s %s', outcome, code, returned_by, missing)
                            FROM polka.document_return(lower(:'code1'), :trip)),
                         format('returned %s boris 2', :'code1'), 'a scan marks it returned; two left');
SELECT pg_temp.expect_eq((SELECT format('%s %s', outcome, returned_by) FROM polka.document_return(:'code1', :trip)),
                         'again boris', 'scanned again: back already, by whom');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', outcome, code, missing)
                            FROM polka.document_return(translate(:'note_code', 'T', 'Е'), NULL, 'Водитель ВОЗ')),
                         format('returned %s 1', :'note_code'), 'Е for T from a Russian layout; the driver''s pile');
SELECT pg_temp.expect_eq((SELECT status FROM polka.trips WHERE id = :trip), 'left', 'one document still out');
SELECT pg_temp.expect_eq((SELECT string_agg(code, ',') FROM polka.documents_missing(NULL, 'Водитель ВОЗ')),
                         :'code2', 'the driver owes the chain''s document');
SELECT pg_temp.expect_eq((SELECT format('%s %s %s', outcome, code, missing)
                            FROM polka.document_return('УПД № ' || (SELECT seq FROM polka.documents WHERE id = :doc2), :trip)),
                         format('returned %s 0', :'code2'), 'its number typed as printed: the last one');
SELECT pg_temp.expect_eq((SELECT status FROM polka.trips WHERE id = :trip), 'returned',
                         'every document back: the trip is returned');
SELECT pg_temp.expect_eq((SELECT format('%s %s', outcome, missing) FROM polka.document_return(:'note_code')),
                         'again 0', 'a returned trip''s document: back already');
RESET SESSION AUTHORIZATION;

-- The report: the trip's documents back, by whom, the days out (from the trip's day to the
-- return); a manager sees only what row security shows her (none of the test world's).
SET SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_returned_documents('2033-03-01', '2033-03-31', 'TRD')),
                         (SELECT count(*) FROM polka.documents d WHERE d.trip_id = :trip AND d.cancelled_at IS NULL),
                         'a manager: the documents row security shows her');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', code, returned_by, days), ', ' ORDER BY code)
                            FROM polka.report_returned_documents('2033-03-01', '2033-03-31', 'TRD', 'воз')),
                         format('%s boris 0, %s boris 0, %s boris 0', :'note_code', :'code1', :'code2'),
                         'the head: all three back, by a part of the driver''s name');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_returned_documents('2033-03-01', '2033-03-31', 'TRD', 'Иванов')),
                         0::bigint, 'another driver''s: none');
SELECT pg_temp.expect_error($$SELECT * FROM polka.report_returned_documents('2033-03-31', '2033-03-01')$$, '23514',
                            'report_period_valid');
RESET SESSION AUTHORIZATION;
ROLLBACK;
