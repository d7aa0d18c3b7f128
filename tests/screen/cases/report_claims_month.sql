-- Fixture of report_claims_month.keys: client ZCR-1 «Отчёт по претензиям» with four claims
-- registered in 2042 (no other claims then): two in January (the warehouse at fault, 1200 and
-- 800), one in March (logistics, no amount yet), one in March with nobody at fault yet (450).
INSERT INTO polka.partners (code, kind, name, legal_name) VALUES ('ZCR-1', 'client', 'Отчёт по претензиям', 'ООО «Отчёт»');
INSERT INTO polka.claims (partner_id, words, kind, amount, fault_department, registered_by, registered_at)
SELECT p.id, 'Отчёт: ' || x.n, 'shortfall', x.amount, x.dept, 'anna', x.at::timestamptz
  FROM polka.partners p,
       (VALUES (1, 1200, 'warehouse', '2042-01-12 10:00+03'), (2, 800, 'warehouse', '2042-01-28 15:00+03'),
               (3, NULL, 'logistics', '2042-03-02 11:00+03'), (4, 450, NULL, '2042-03-30 12:00+03')) x(n, amount, dept, at)
 WHERE p.code = 'ZCR-1';
