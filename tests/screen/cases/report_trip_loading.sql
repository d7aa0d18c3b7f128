-- Fixture of report_trip_loading.keys: polka_test.trips_world (tests/cluster/setup) as ZTL
-- shipping on 2031-07-02.
SELECT polka_test.trips_world('ZTL', 'Загрузка', '2031-07-02');
