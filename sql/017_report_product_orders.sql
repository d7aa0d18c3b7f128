-- 017: the orders of one product in a period (issue 6): where a product row of a report drills
-- to (sales by product, stock, price list, ABC/XYZ of products). One line per order line:
-- the order, its client, the shipping day, status, quantity and amount; cancelled orders
-- included, as in order fulfilment. Run with the caller's rights: a manager sees his own
-- clients' orders.

SET LOCAL ROLE polka_owner;

-- Raisers usable from SQL functions (a LANGUAGE sql body cannot RAISE). VOLATILE: an immutable
-- call with constant arguments would be evaluated while planning, in a CASE branch not taken.
CREATE FUNCTION polka.report_not_null(p_param text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the report needs %', p_param USING ERRCODE = 'not_null_violation', COLUMN = p_param;
END
$$;

CREATE FUNCTION polka.report_not_found(p_kind text, p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% % not found', p_kind, p_id USING ERRCODE = 'no_data_found';
END
$$;

-- (report_id_check of 016 knows clients, managers, categories and agreements; products are
-- read by everyone, so a plain existence check is enough.)
CREATE FUNCTION polka.report_product_orders(
    product_id bigint DEFAULT NULL,
    date_from date DEFAULT date_trunc('month', polka.business_day()::timestamp)::date,
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (order_id bigint, number text, client_id bigint, client_code text, client_name text,
               ship_on date, status text, qty numeric, unit text, price numeric, amount numeric)
-- (SQL: product_id is both a parameter and a column. The checks run first, as statements.)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
    SELECT CASE WHEN $1 IS NULL THEN polka.report_not_null('product_id') END;
    SELECT polka.report_period_check(coalesce($2, date_trunc('month', polka.business_day()::timestamp)::date),
                                     coalesce($3, polka.business_day()));
    SELECT CASE WHEN NOT EXISTS (SELECT FROM polka.products p WHERE p.id = $1)
                THEN polka.report_not_found('product', $1) END;
    SELECT o.id, o.number, c.id, c.code, c.name, o.ship_on, o.status, l.qty, p.unit, l.price, l.amount
      FROM polka.order_lines l
      JOIN polka.orders o ON o.id = l.order_id
      JOIN polka.partners c ON c.id = o.client_id
      JOIN polka.products p ON p.id = l.product_id
     WHERE l.product_id = $1
       AND o.ship_on BETWEEN (SELECT coalesce($2, date_trunc('month', polka.business_day()::timestamp)::date))
                         AND (SELECT coalesce($3, polka.business_day()))
     ORDER BY o.ship_on, o.number;
$$;

GRANT EXECUTE ON FUNCTION polka.report_product_orders(bigint, date, date),
    polka.report_not_null(text), polka.report_not_found(text, bigint) TO polka_user;
