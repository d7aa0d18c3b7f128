-- Fixture of payments_queue.keys: two clients of their own with INNs (ZPQ-1 Платёжный первый,
-- ZPQ-2 Платёжный второй), open receivables: ZPQ-1 owes ЗПК-101 (1,200.00, due 2036-01-20) and
-- ЗПК-102 (800.00, due 2036-02-20); ZPQ-2 owes ЗПК-201 (5,000.00, due 2035-12-01). The bank
-- statement the case imports is written by its shell step from these rows.
SET polka.today = '2036-02-10';
INSERT INTO polka.partners (code, kind, name, legal_name, segment, inn, kpp)
SELECT 'ZPQ-' || g, 'client', 'Платёжный ' || w, 'ООО «Платёжный ' || w || '»', 'shop',
       n || polka.inn_control(n, '{2,4,10,3,5,9,4,6,8}') % 11 % 10, '550101001'
  FROM (VALUES (1, 'первый', '550000071'), (2, 'второй', '550000072')) v(g, w, n);
INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount)
SELECT c.id, v.doc, v.d::date, v.due::date, v.amount
  FROM (VALUES ('ZPQ-1', 'ЗПК-101', '2036-01-06', '2036-01-20', 1200.00),
               ('ZPQ-1', 'ЗПК-102', '2036-02-06', '2036-02-20', 800.00),
               ('ZPQ-2', 'ЗПК-201', '2035-11-17', '2035-12-01', 5000.00)) v(code, doc, d, due, amount)
  JOIN polka.partners c ON c.code = v.code;
SELECT pg_catalog.set_config('client_min_messages', 'warning', false);
DO $$ BEGIN
    IF (SELECT count(*) FROM polka.partners WHERE code LIKE 'ZPQ-_' AND polka.inn_valid(inn)) <> 2 THEN
        RAISE EXCEPTION 'the fixture''s INNs are not valid';
    END IF;
END $$;
