-- The orders of a product (017): its lines in a period with their orders and clients, a
-- manager seeing only her own clients' orders, and the refusals (no product, an unknown one,
-- a reversed period). Own data: polka_test.report_clients('TPO', ...) of the fixture
-- (clients TPO-A and TPO-B are vera's, TPO-C is nobody's), shipping on 2029-12-01.
\ir ../lib.sql

BEGIN;
SET LOCAL polka.today = '2029-12-01';
SELECT polka_test.report_clients('TPO', '2029-12-01');
SELECT id AS p1002 FROM polka.products WHERE code = '1002' \gset
SELECT id AS p1005 FROM polka.products WHERE code = '1005' \gset

SET LOCAL SESSION AUTHORIZATION egor;
SELECT pg_temp.expect_eq(
    (SELECT string_agg(format('%s %s %s %s', client_code, qty, price, amount), '; ' ORDER BY client_code)
       FROM polka.report_product_orders(:p1002, '2029-12-01', '2029-12-31') WHERE client_code LIKE 'TPO-_'),
    'TPO-A 60.000 20.50 1230.00', 'the head: the one line of 1002, with its price and amount');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM polka.report_product_orders(:p1005, '2029-12-01', '2029-12-31') WHERE client_code LIKE 'TPO-_'),
    1::bigint, 'the head sees TPO-C''s order of 1005');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM polka.report_product_orders(:p1002, '2029-11-01', '2029-11-30') WHERE client_code LIKE 'TPO-_'),
    0::bigint, 'another month: no rows');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_product_orders(NULL, %L, %L)', '2029-12-01', '2029-12-31'), '23502');
SELECT pg_temp.expect_error('SELECT * FROM polka.report_product_orders(date_from => ''2029-12-01'')', '23502');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_product_orders(-1, %L, %L)', '2029-12-01', '2029-12-31'), 'P0002');
SELECT pg_temp.expect_error(format('SELECT * FROM polka.report_product_orders(%s, %L, %L)', :p1002, '2029-12-31', '2029-12-01'),
                            '23514', 'report_period_valid');
RESET SESSION AUTHORIZATION;

SET LOCAL SESSION AUTHORIZATION vera;
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM polka.report_product_orders(:p1005, '2029-12-01', '2029-12-31') WHERE client_code LIKE 'TPO-_'),
    0::bigint, 'vera does not see TPO-C''s order (not her client)');
SELECT pg_temp.expect_eq(
    (SELECT count(*) FROM polka.report_product_orders(:p1002, '2029-12-01', '2029-12-31') WHERE client_code LIKE 'TPO-_'),
    1::bigint, 'vera sees her TPO-A''s order');
RESET SESSION AUTHORIZATION;
ROLLBACK;
