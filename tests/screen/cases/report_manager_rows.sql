-- Fixture of report_manager_rows.keys, run by run-case before the app starts.
SELECT polka_test.report_clients('ZRM', '2029-09-01');
