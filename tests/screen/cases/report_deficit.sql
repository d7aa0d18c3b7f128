-- Fixture of report_deficit.keys: polka_test.allocation_world (tests/cluster/setup) as ZDF, and
-- the planner's allocation of the day (fair share).
SELECT polka_test.allocation_world('ZDF', 'Дефицит', '2031-07-03');
SET polka.today = '2031-07-02';
SET SESSION AUTHORIZATION dina;
SELECT count(*) FROM polka.allocation_run((SELECT id FROM polka.warehouses WHERE code = 'ZDF'), '2031-07-03', true, true);
RESET SESSION AUTHORIZATION;
