-- Fixture of report_drill_product.keys, run by run-case before the app starts.
SELECT polka_test.report_clients('ZRX', '2029-11-01');
