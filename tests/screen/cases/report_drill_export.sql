-- Fixture of report_drill_export.keys, run by run-case before the app starts.
SELECT polka_test.report_clients('ZRD', '2029-07-01');
