-- Fixture of trips_board.keys: polka_test.trips_world (tests/cluster/setup) as ZTR shipping on
-- Wednesday 2031-07-02: the route's trip carries the first client's order, the chain's would
-- not fit.
SELECT polka_test.trips_world('ZTR', 'Рейсы', '2031-07-02');
