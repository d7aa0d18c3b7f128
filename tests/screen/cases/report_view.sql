-- Fixture of report_view.keys, run by run-case before the app starts.
SELECT polka_test.report_clients('ZRP', '2029-06-01');
