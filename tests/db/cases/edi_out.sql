-- What Polka answers a chain by EDI (issue 18, functions/edi_out.sql): the order response due
-- once an EDI order is confirmed (with each line's ordered and confirmed quantity, the buyer's
-- article), and for a refused one (nothing confirmed); once sent, no longer due; the despatch
-- advice due only when the truck left, per pallet the warehouse reported (SSCC) with each
-- line's batch and expiry; a receiving advice (RECADV) corrects the document with source recadv
-- (less accepted of the first product, damaged: written off), once per sender and number; one
-- for no document is recorded as refused with why; rights.
--
-- Own data only: the trips world as TEO shipping on 2041-03-13 (its own document year), our
-- GLN set in this transaction, EDI intakes of its two orders made as `polka edi poll` would.
\ir ../lib.sql

BEGIN;
\set prefix TEO
\set label 'EDI ответы'
\set ship 2041-03-13
\ir ../trip-documents.sql
SELECT d.id AS doc1, d.code AS code1, d.order_id AS o1 FROM polka.documents d
 WHERE d.trip_id = :trip AND d.kind = 'upd' AND d.client_id = :c1 \gset
SELECT d.order_id AS o2 FROM polka.documents d WHERE d.trip_id = :trip AND d.kind = 'upd' AND d.client_id = :c2 \gset
SELECT gtin AS g1 FROM polka.products WHERE code = '710001' \gset
SELECT gtin AS g2 FROM polka.products WHERE code = '710002' \gset
SELECT gtin AS g3 FROM polka.products WHERE gtin IS NOT NULL AND code NOT IN ('710001', '710002') ORDER BY code LIMIT 1 \gset
INSERT INTO polka.settings VALUES ('company_gln', '460000000000' || polka.gs1_check_digit('460000000000'))
ON CONFLICT (key) DO UPDATE SET value = excluded.value;
INSERT INTO polka.edi_providers (code, name, in_dir, out_dir) VALUES ('teo', 'TEO провайдер', '/tmp/teo/in', '/tmp/teo/out');
INSERT INTO polka.edi_files (provider_id, direction, name, sha256, bytes, kind, messages, state)
SELECT id, 'in', 'ORDERS_TEO.edi', repeat('e', 64), 100, 'ORDERS', 2, 'done' FROM polka.edi_providers WHERE code = 'teo';
SELECT currval(pg_get_serial_sequence('polka.edi_files', 'id')) AS efile \gset
-- The first client's order came by EDI (its lines with the buyer's articles; the third not
-- taken by the operator, at 0), so did a refused one of the second client's.
INSERT INTO polka.intake_orders (channel, file_id, sender, number, doc_date, directory, buyer_gln, point_gln, client_id,
                                 state, order_id, decided_at, decided_by, lines)
VALUES ('edi', :efile, '4609998000011', 'TEO-ORD-1', '2041-03-10', 'D96A', '4609998000011', '4609998000028', :c1,
        'accepted', :o1, now(), 'anna', 3);
INSERT INTO polka.intake_lines (intake_id, n, gtin, article, qty, product_id, order_qty, taken_qty)
SELECT currval(pg_get_serial_sequence('polka.intake_orders', 'id')), v.n, v.gtin, v.article, v.qty, p.id, v.qty,
       CASE WHEN v.n = 3 THEN 0 END
  FROM (VALUES (1, :'g1', 'ART-1', 48), (2, :'g2', 'ART-2', 36), (3, :'g3', 'ART-3', 10)) v(n, gtin, article, qty)
  JOIN polka.products p ON p.gtin = v.gtin;
INSERT INTO polka.intake_orders (channel, file_id, sender, number, doc_date, directory, buyer_gln, client_id, state, refusal,
                                 decided_at, decided_by, lines)
VALUES ('edi', :efile, '4609998000011', 'TEO-ORD-2', '2041-03-10', 'D01B', '4609998000011', :c2, 'refused',
        'Не наша сеть', now(), 'anna', 1);
INSERT INTO polka.intake_lines (intake_id, n, gtin, qty)
VALUES (currval(pg_get_serial_sequence('polka.intake_orders', 'id')), 1, :'g1', 10);

SET SESSION AUTHORIZATION anna;
SELECT set_config('polka.today', '2041-03-12', true);
-- The order responses: the confirmation of TEO-ORD-1, the refusal of TEO-ORD-2.
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', d.what, d.provider, d.doc ->> 'order_number'), ', '
                                            ORDER BY d.what)
                            FROM polka.edi_ordrsp_due() d WHERE d.doc ->> 'order_number' LIKE 'TEO-%'),
                         'ordrsp teo TEO-ORD-1, refusal teo TEO-ORD-2', 'both answers due, through the provider');
SELECT d.ref AS conf, d.doc AS rsp FROM polka.edi_ordrsp_due() d WHERE d.doc ->> 'order_number' = 'TEO-ORD-1' \gset
SELECT pg_temp.expect_eq(format('%s %s %s %s %s %s', :'rsp'::jsonb ->> 'dir', :'rsp'::jsonb ->> 'buyer_gln',
                                :'rsp'::jsonb ->> 'supplier_gln', :'rsp'::jsonb ->> 'delivery_gln',
                                :'rsp'::jsonb ->> 'delivery_date', :'rsp'::jsonb ->> 'number'),
                         format('D96A 4609998000011 4600000000008 4609998000028 2041-03-13 %s',
                                (SELECT number FROM polka.orders WHERE id = :o1)),
                         'the response: its parties, the day, our order''s number');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s:%s:%s:%s', l ->> 'gtin' = :'g1', l ->> 'buyer_code',
                                                   l ->> 'ordered', l ->> 'confirmed'), ' ')
                            FROM jsonb_array_elements(:'rsp'::jsonb -> 'lines') l),
                         't:ART-1:48:24 f:ART-2:36:36 f:ART-3:10:0',
                         'per line: ordered 48, 24 confirmed (the scarce one); 36 of 36; the line not taken: 0');
SELECT pg_temp.expect_eq((SELECT d.doc -> 'lines' -> 0 ->> 'confirmed' FROM polka.edi_ordrsp_due() d
                           WHERE d.doc ->> 'order_number' = 'TEO-ORD-2'), '0', 'the refusal: nothing confirmed');
SELECT polka.edi_sent('ordrsp', :conf, 'teo', 'ORDRSP', 'ORDRSP_TEO-ORD-1.edi', encode('ORDRSP TEO', 'hex'));
SELECT polka.edi_sent('refusal', (SELECT id FROM polka.intake_orders WHERE number = 'TEO-ORD-2'), 'teo', 'ORDRSP',
                      'ORDRSP_TEO-ORD-2.edi', encode('ORDRSP TEO 2', 'hex'));
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.edi_ordrsp_due() d WHERE d.doc ->> 'order_number' LIKE 'TEO-%'),
                         0::bigint, 'sent: no longer due');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', f.direction, f.kind, f.name), ', ' ORDER BY f.name)
                            FROM polka.edi_files f WHERE f.provider_id = (SELECT id FROM polka.edi_providers WHERE code = 'teo')),
                         'in ORDERS ORDERS_TEO.edi, out ORDRSP ORDRSP_TEO-ORD-1.edi, out ORDRSP ORDRSP_TEO-ORD-2.edi',
                         'what went out, recorded');
-- The despatch advice: not while the truck is at the warehouse.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.edi_desadv_due() d WHERE d.ref = :doc1), 0::bigint,
                         'no DESADV before the truck leaves');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION boris;
SELECT polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                             'copies', p.copies, 'pages', 1))
                           FROM polka.trip_print_set(:trip) p), 'office', 'office-teo');
SELECT polka.trip_depart(:trip);
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION anna;
SELECT d.doc AS adv FROM polka.edi_desadv_due() d WHERE d.ref = :doc1 \gset
SELECT pg_temp.expect_eq(format('%s %s %s %s', :'adv'::jsonb ->> 'number', :'adv'::jsonb ->> 'order_number',
                                :'adv'::jsonb ->> 'despatch_date', jsonb_array_length(:'adv'::jsonb -> 'pallets')),
                         format('%s TEO-ORD-1 2041-03-13 1', :'code1'), 'the DESADV: the document, the order, one pallet');
SELECT pg_temp.expect_eq((SELECT format('%s %s', p ->> 'sscc',
                                        string_agg(format('%s:%s:%s:%s', l ->> 'buyer_code', l ->> 'quantity', l ->> 'batch',
                                                          (l ->> 'expiry') IS NOT NULL), ' '))
                            FROM jsonb_array_elements(:'adv'::jsonb -> 'pallets') p, jsonb_array_elements(p -> 'lines') l
                           GROUP BY p),
                         '046000000000000015 ART-1:24:TEO-OLD:t ART-2:36:TEO-B:t',
                         'the warehouse''s pallet, each line with its batch and expiry');
SELECT polka.edi_sent('desadv', :doc1, 'teo', 'DESADV', 'DESADV_TEO.edi', encode('DESADV TEO', 'hex'));
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.edi_desadv_due() d WHERE d.ref = :doc1), 0::bigint,
                         'sent: no longer due');
SELECT pg_temp.expect_error('SELECT polka.edi_sent(''nonsense'', 1, ''teo'', ''X'', NULL, NULL)', '22023');
RESET SESSION AUTHORIZATION;

-- The chain's receiving advice: 20 of the 24 of 710001 accepted, damaged; all 36 of 710002.
SELECT polka.edi_recadv_receive(NULL, jsonb_build_object(
    'sender', '4609998000011', 'number', 'TEO-REC-1', 'despatch_number', :'code1',
    'lines', jsonb_build_array(jsonb_build_object('gtin', :'g1', 'accepted', '20', 'reasons', 'AF'),
                               jsonb_build_object('buyer_code', 'ART-2', 'accepted', '36')))) AS rec \gset
SELECT pg_temp.expect_eq(format('%s %s', :'rec'::jsonb ->> 'outcome', :'rec'::jsonb ->> 'document'),
                         format('corrected %s', :'code1'), 'the document corrected');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s', trim_scale(l.qty_after), l.reason, l.disposition), ', ')
                            FROM polka.corrections c JOIN polka.correction_lines l ON l.correction_id = c.id
                           WHERE c.document_id = :doc1 AND c.source = 'recadv'),
                         '20 damaged write_off', 'its line: 20 accepted, the rest damaged and written off');
SELECT pg_temp.expect_eq(polka.edi_recadv_receive(NULL, jsonb_build_object('sender', '4609998000011', 'number', 'TEO-REC-1',
                                                                           'despatch_number', :'code1', 'lines', '[]')) ->> 'replayed',
                         'true', 'the same advice again: nothing more');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.corrections WHERE document_id = :doc1), 1::bigint, 'one correction');
SELECT polka.edi_recadv_receive(NULL, jsonb_build_object('sender', '4609998000011', 'number', 'TEO-REC-2',
                                                         'despatch_number', 'U2041999999', 'lines', '[]')) AS rec2 \gset
SELECT pg_temp.expect_eq(format('%s %s', :'rec2'::jsonb ->> 'outcome', :'rec2'::jsonb ->> 'error'),
                         'refused no live sales document U2041999999 for order -', 'an advice of no document: refused, why recorded');

-- Rights: a waybill clerk reads no responses due; nobody writes the receipts directly.
SET SESSION AUTHORIZATION boris;
SELECT pg_temp.expect_error('SELECT count(*) FROM polka.edi_ordrsp_due()', '42501');
SELECT pg_temp.expect_error('DELETE FROM polka.edi_receipts', '42501');
RESET SESSION AUTHORIZATION;
ROLLBACK;
