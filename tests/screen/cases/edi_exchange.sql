-- Fixture of edi_exchange.keys: provider tisx with four files of its own: an ORDERS file in
-- (done), one that was not EDIFACT (failed, with why), one with two of its three messages
-- refused by the database (partly: its why in the database's English) and our ORDRSP out.
INSERT INTO polka.edi_providers (code, name, in_dir, out_dir) VALUES ('tisx', 'Проверка обмена', '/tmp/tisx/in', '/tmp/tisx/out');
INSERT INTO polka.edi_files (provider_id, direction, name, sha256, bytes, kind, messages, state, error, at)
SELECT p.id, v.direction, v.name, repeat(v.h, 64), 100, v.kind, v.messages, v.state, v.error, v.at::timestamptz
  FROM polka.edi_providers p,
       (VALUES ('in', 'TISX_orders.edi', '1', 'ORDERS', 2, 'done', NULL, '2049-06-01 08:10+03'),
               ('in', 'TISX_letter.edi', '2', NULL, 0, 'failed',
                'не прочитан: сегмент 1 (), строка 1, байт 0: a segment starts with "Здравствуйте"', '2049-06-01 08:12+03'),
               ('out', 'TISX_ORDRSP_O1.edi', '3', 'ORDRSP', 1, 'done', NULL, '2049-06-01 08:15+03'),
               ('in', 'TISX_orders2.edi', '4', 'ORDERS', 3, 'partly',
                '#1 (R-1): new row for relation "intake_orders" violates check constraint "intake_orders_number_valid"; '
                '#3 (R-3): agreement A-1 is not in force on 2049-03-01', '2049-06-01 08:11+03'))
       v(direction, name, h, kind, messages, state, error, at)
 WHERE p.code = 'tisx';
