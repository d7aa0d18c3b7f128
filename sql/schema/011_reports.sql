-- 011: reports (issue 6): sales by client, product, category, manager and month, order
-- fulfilment, stock with reserved and free, the price list under an agreement, manager
-- performance, ABC/XYZ analysis of clients and products. The terminal shows them and exports
-- them to Excel; the report's column keys are the result columns' names.
--
-- "Sales" in every report, until shipping documents come (a later module; then sales will
-- mean what was shipped): the lines of orders that are not cancelled, dated by the order's
-- shipping day (orders.ship_on); money is order_lines.amount (prices include VAT), weight is
-- qty * products.weight_kg (the product's weight now).
--
-- Conventions of every report:
--   * polka.report_<name>(...) RETURNS TABLE (...), SECURITY INVOKER: row-level security decides
--     what the caller sees (a manager: his own clients' orders, so his own clients' rows).
--   * The client calls it with named notation, passing only what the user filled in, so no
--     overloading, and parameter and column names are the contract. A parameter passed as NULL
--     counts as not given (its default).
--   * The period: date_from .. date_to inclusive, by default the business day's month up to
--     the business day. "prev" is the same number of days ending the day before date_from;
--     "ly" (last year) is date_from - 1 year .. date_to - 1 year. change_x = (revenue -
--     revenue_x) / revenue_x * 100.
--   * Percents are percents (12.5 is 12.5 %), rounded to 1 decimal, NULL when the base is 0 or
--     NULL; money rounded to 2 decimals, weights and quantities to 3.
--   * Parameters are checked before any data is read: a reversed period or one longer than
--     three years (1100 days) is check_violation report_period_valid; an id the caller does
--     not see (or that does not exist) is no_data_found ("client 123 not found"); ABC/XYZ
--     thresholds out of range are check_violation report_thresholds_valid.
--   * A category filter takes the category and every category under it.

SET LOCAL ROLE polka_owner;

-- Sales by shipping day: every sales report reads orders by ship_on (and its three periods).
CREATE INDEX orders_ship_on_idx ON polka.orders (ship_on);

-- Helpers ------------------------------------------------------------------------------------


-- Sales ---------------------------------------------------------------------------------------


-- Order fulfilment ------------------------------------------------------------------------------


-- Stock -------------------------------------------------------------------------------------------


-- Price list ------------------------------------------------------------------------------------


-- Manager performance ---------------------------------------------------------------------------


-- ABC/XYZ -----------------------------------------------------------------------------------------

