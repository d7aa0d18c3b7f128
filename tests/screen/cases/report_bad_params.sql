-- Fixture of report_bad_params.keys, run by run-case before the app starts.
SELECT polka_test.report_clients('ZRB', '2029-08-01');
