-- Fixture of report_choose_manager.keys, run by run-case before the app starts.
SELECT polka_test.report_clients('ZRC', '2029-12-15');
