-- Fixture of allocation_plan.keys: polka_test.allocation_world (tests/cluster/setup) as ZAL.
SELECT polka_test.allocation_world('ZAL', 'План', '2031-06-03');
