-- Printing a trip's documents (issue 15): the set a trip prints by its stops' print rules (the
-- note first, as many copies as the most any stop asks; then per stop the sales document and
-- the forms its rules add; 0 copies left out); a document's content per form as the renderer
-- reads it (seller from the company's settings, buyer, lines with net price and VAT, batches,
-- the note's stops, the packing list's pallets, the certificates); print_done logs what the
-- print server took and marks the documents and, when all are, the trip printed; a reprint
-- logs again and changes nothing else. Refused: a form a document is not printed as, no
-- company details, an operator logging prints.
--
-- Own data only: polka_test.trips_world as TPG, shipping on 2031-12-10, both clients' orders
-- on the route's trip (the chain's put there by hand).
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2031-12-09';
SELECT polka_test.trips_world('TPG', 'Склад ПЕЧ', '2031-12-10');
SELECT t.id AS trip, t.number AS trip_no FROM polka.trips t JOIN polka.routes r ON r.id = t.route_id
 WHERE r.code = 'TPG-R' \gset
UPDATE polka.shipping_orders s SET trip_id = :trip, unplaced = NULL
  FROM polka.orders o JOIN polka.partners c ON c.id = o.client_id
 WHERE o.id = s.order_id AND c.code = 'TPG-2';
SELECT s.number AS so1 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TPG-1' \gset
SELECT s.number AS so2, o.point_id AS pt2 FROM polka.shipping_orders s JOIN polka.orders o ON o.id = s.order_id
  JOIN polka.partners c ON c.id = o.client_id WHERE c.code = 'TPG-2' \gset
SELECT id AS c2 FROM polka.partners WHERE code = 'TPG-2' \gset
SET SESSION AUTHORIZATION dina;
SET LOCAL polka.today = '2031-12-09';
SELECT polka.trip_start_picking(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SET LOCAL polka.today = '2031-12-09';
SELECT polka.wms_import('tpg.facts.tsv', format(
    E'POLKA-WMS\tFACTS\t1\nTRIP\t%s\nPICK\t%s\t1\tTPG-OLD\t24\t046000000000000015\n'
    'PICK\t%s\t2\tTPG-B\t36\t046000000000000015\nPICK\t%s\t1\tTPG-FRESH\t12\t046000000000000022\n'
    'PICK\t%s\t2\tTPG-B\t24\t046000000000000022\nEND\t4\n', :'trip_no', :'so1', :'so1', :'so2', :'so2'));
SELECT polka.trip_documents_make(:trip);
-- The chain (TPG-2): a packing list, quality certificates, the note four times; its sales
-- document left to the default (twice).
SELECT polka.print_rules_save(jsonb_build_object('client_id', :c2, 'rules', jsonb_build_array(
    jsonb_build_object('form', 'packing_list', 'copies', 1), jsonb_build_object('form', 'quality_cert', 'copies', 1),
    jsonb_build_object('form', 'tn', 'copies', 4))));

SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s×%s', left(code, 1), form, copies), ', ' ORDER BY k)
                            FROM polka.trip_print_set(:trip)),
                         'T tn×4, U upd×2, U upd×2, U packing_list×1, U quality_cert×1',
                         'the set: the note, then each stop''s forms');
-- The first client's sales document goes by EDI: its point prints no form of it.
SELECT polka.print_rules_save(jsonb_build_object('point_id', (SELECT point_id FROM polka.documents
                                                             WHERE trip_id = :trip AND kind = 'upd' AND client_id <> :c2),
    'rules', jsonb_build_array(jsonb_build_object('form', 'upd', 'copies', 0))));
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s×%s', left(code, 1), form, copies), ', ' ORDER BY k)
                            FROM polka.trip_print_set(:trip)),
                         'T tn×4, U upd×2, U packing_list×1, U quality_cert×1',
                         'a document with no form to print is left out');
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT client, ', ') FROM polka.trip_print_set(:trip) WHERE form = 'packing_list'),
                         'Склад ПЕЧ: сеть', 'the chain''s forms with it');
SELECT id AS doc2, code AS code2 FROM polka.documents WHERE trip_id = :trip AND client_id = :c2 \gset
SELECT id AS note FROM polka.documents WHERE trip_id = :trip AND kind = 'tn' \gset

-- The sales document as printed.
SELECT polka.document_print(:doc2, 'upd') AS upd \gset
SELECT pg_temp.expect_eq((SELECT format('%s %s %s | %s %s | %s | %s %s %s', j ->> 'code', j ->> 'number', j ->> 'date',
                                        j ->> 'seller_name', j ->> 'seller_inn', j ->> 'buyer_name',
                                        j ->> 'net', j ->> 'vat_amount', j ->> 'amount')
                            FROM (SELECT :'upd'::jsonb AS j) x),
                         format('%s %s 10.12.2031 | ООО «Полька-Продукт» 5036040729 | %s | 2618.18 261.82 2880.00', :'code2',
                                (SELECT seq FROM polka.documents WHERE id = :doc2),
                                (SELECT legal_name FROM polka.partners WHERE id = :c2)),
                         'its head: number, date, seller, buyer, totals');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s×%s=%s (%s %s) %s до %s', l ->> 'n', l ->> 'code', l ->> 'qty', l ->> 'price_net',
                                                   l ->> 'net', l ->> 'vat_rate', l ->> 'vat_amount', l ->> 'batch', l ->> 'expires'), '; ')
                            FROM jsonb_array_elements((:'upd'::jsonb) -> 'lines') l),
                         (SELECT string_agg(format('%s %s %s×%s=%s (10%% %s) %s до %s', l.n, p.code, trim_scale(l.qty),
                                                   round((l.amount - l.vat_amount) / l.qty, 2), l.amount - l.vat_amount,
                                                   l.vat_amount, b.batch, to_char(b.expires_on, 'DD.MM.YYYY')), '; ' ORDER BY l.n)
                            FROM polka.document_lines l JOIN polka.products p ON p.id = l.product_id
                            JOIN polka.stock_batches b ON b.id = l.batch_id WHERE l.document_id = :doc2),
                         'its lines with the net price, VAT and batch');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', l ->> 'n', l ->> 'consignee', l ->> 'document', l ->> 'amount'), '; ')
                            FROM jsonb_array_elements(polka.document_print(:note, 'tn') -> 'lines') l),
                         (SELECT string_agg(format('%s %s %s %s', rp.stop, c.legal_name, d.code, d.amount), '; ' ORDER BY rp.stop)
                            FROM polka.documents d JOIN polka.partners c ON c.id = d.client_id
                            JOIN polka.route_points rp ON rp.point_id = d.point_id
                            JOIN polka.trips t ON t.id = d.trip_id AND rp.route_id = t.route_id
                           WHERE d.trip_id = :trip AND d.kind = 'upd'),
                         'the note: its stops with their documents');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', p ->> 'sscc', p ->> 'batch', p ->> 'qty'), '; ')
                            FROM jsonb_array_elements(polka.document_print(:doc2, 'packing_list') -> 'pallets') p),
                         '046000000000000022 TPG-FRESH 12; 046000000000000022 TPG-B 24', 'the packing list by pallet, by product');
SELECT pg_temp.expect_eq((SELECT count(*) FROM jsonb_array_elements(polka.document_print(:doc2, 'quality_cert') -> 'lines') l
                           WHERE l ->> 'certificate' <> '' AND l ->> 'produced' ~ '^\d\d\.\d\d\.\d{4}$'), 2::bigint,
                         'the certificates: each line''s batch with its dates and declaration');
SELECT pg_temp.expect_error(format('SELECT polka.document_print(%s, %L)', :note, 'upd'), '22023', 'print_form_of_document');
SELECT pg_temp.expect_error(format('SELECT polka.document_print(%s, %L)', :doc2, 'tn'), '22023', 'print_form_of_document');

-- The report of documents not printed: all three, the note first.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', left(code, 1), trip_status, coalesce(stop::text, '-')), ', ')
                            FROM polka.report_unprinted_documents('2031-12-01', '2031-12-31', 'TPG')),
                         'T documents -, U documents 1, U documents 2', 'not printed: the trip''s documents');

-- What the print server took: logged; the documents and then the trip printed.
SELECT pg_temp.expect_eq(polka.print_done(jsonb_build_array(
    jsonb_build_object('document_id', :note, 'form', 'tn', 'copies', 4, 'pages', 4)), 'PDF', 'PDF-7'), 1,
    'one logged');
SELECT pg_temp.expect_eq((SELECT status FROM polka.trips WHERE id = :trip), 'documents', 'not printed while a document is not');
SELECT pg_temp.expect_error(format('SELECT polka.trip_depart(%s)', :trip), '23514', 'trips_depart_printed');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_unprinted_documents('2031-12-01', '2031-12-31', 'TPG')), 2::bigint,
                         'not printed: the note no longer');
SELECT pg_temp.expect_eq(polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', document_id, 'form', form,
                                                                               'copies', copies, 'pages', 1))
                                             FROM polka.trip_print_set(:trip) WHERE form <> 'tn'), 'PDF', 'PDF-8'), 3,
                         'the rest (the document by EDI has nothing to print: done with them)');
SELECT pg_temp.expect_eq((SELECT format('%s %s', status, (SELECT count(*) FROM polka.documents WHERE trip_id = :trip AND printed_at IS NULL))
                            FROM polka.trips WHERE id = :trip), 'printed 0', 'the trip printed');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.report_unprinted_documents('2031-12-01', '2031-12-31', 'TPG')), 0::bigint,
                         'not printed: none left');
-- A reprint: logged as one, nothing else changes.
SELECT printed_at AS first_print FROM polka.documents WHERE id = :doc2 \gset
SELECT polka.print_done(jsonb_build_array(jsonb_build_object('document_id', :doc2, 'form', 'upd', 'copies', 1, 'pages', 1)),
                        'PDF', 'PDF-9', true);
SELECT pg_temp.expect_eq((SELECT format('%s %s', count(*) FILTER (WHERE reprint), string_agg(DISTINCT by_user, ','))
                            FROM polka.print_log l JOIN polka.documents d ON d.id = l.document_id WHERE d.trip_id = :trip),
                         '1 boris', 'the log: who, a reprint marked');
SELECT pg_temp.expect_eq((SELECT printed_at = :'first_print'::timestamptz FROM polka.documents WHERE id = :doc2), true,
                         'first printed when first printed');
-- The whole set again (a second press): every row a reprint, as its document was printed.
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', document_id, 'form', form,
                                                             'copies', copies, 'pages', 1))
                           FROM polka.trip_print_set(:trip)), 'PDF', 'PDF-10');
SELECT pg_temp.expect_eq((SELECT count(*) FILTER (WHERE reprint) FROM polka.print_log WHERE job = 'PDF-10'), 4::bigint,
                         'printed again: reprints');
SELECT pg_temp.expect_error(format('SELECT polka.print_done(%L, %L, NULL)',
    jsonb_build_array(jsonb_build_object('document_id', :doc2, 'form', 'upd', 'copies', 0, 'pages', 1)), 'PDF'),
    '23514', 'print_log_copies_valid');
-- The truck leaves with them: left (again: nothing changes); no storno after that.
SELECT pg_temp.expect_eq(polka.trip_depart(:trip), 'left', 'left');
SELECT pg_temp.expect_eq(polka.trip_depart(:trip), 'left', 'left again: nothing changes');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_error(format('SELECT polka.document_storno(%s, %L)', :doc2, 'x'), '23514', 'documents_storno_before_leaving');
RESET SESSION AUTHORIZATION;

-- No company details: refused saying so. An operator may not log prints.
DELETE FROM polka.settings WHERE key = 'company_inn';
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error(format('SELECT polka.document_print(%s, %L)', :doc2, 'upd'), '23514', 'print_company_known');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT pg_temp.expect_error(format('SELECT polka.print_done(%L, %L, NULL)',
    jsonb_build_array(jsonb_build_object('document_id', :doc2, 'form', 'upd', 'copies', 1, 'pages', 1)), 'PDF'), '42501');
RESET SESSION AUTHORIZATION;
ROLLBACK;
