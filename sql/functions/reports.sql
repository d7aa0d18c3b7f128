-- reports.sql: the reports' functions (forms/reports/*.form name them). They run with the
-- caller's rights: row-level security decides whose rows a manager sees.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Refuses a reversed period or one longer than three years.
CREATE OR REPLACE FUNCTION polka.report_period_check(p_from date, p_to date) RETURNS void
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_from IS NULL OR p_to IS NULL THEN
        RAISE EXCEPTION 'a report period needs its first and last day'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'report_period_valid';
    END IF;
    IF p_to < p_from THEN
        RAISE EXCEPTION 'the period ends (%) before it starts (%)', p_to, p_from
            USING ERRCODE = 'check_violation', CONSTRAINT = 'report_period_valid';
    END IF;
    IF p_to - p_from > 1100 THEN
        RAISE EXCEPTION 'the period from % to % is longer than three years', p_from, p_to
            USING ERRCODE = 'check_violation', CONSTRAINT = 'report_period_valid';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_period_check(date,date) TO polka_user;

-- Refuses a client (p_kind 'client'), manager, category or agreement id the caller does not
-- see: read as the caller, so row-level security decides. NULL: nothing to check.
CREATE OR REPLACE FUNCTION polka.report_id_check(p_kind text, p_id bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_found boolean;
BEGIN
    IF p_id IS NULL THEN
        RETURN;
    END IF;
    v_found := CASE p_kind
                 WHEN 'client' THEN EXISTS (SELECT FROM polka.partners c WHERE c.id = p_id AND c.kind = 'client')
                 WHEN 'manager' THEN EXISTS (SELECT FROM polka.people m WHERE m.id = p_id)
                 WHEN 'category' THEN EXISTS (SELECT FROM polka.categories k WHERE k.id = p_id)
                 WHEN 'agreement' THEN EXISTS (SELECT FROM polka.agreements a WHERE a.id = p_id)
             END;
    IF v_found IS NOT TRUE THEN
        RAISE EXCEPTION '% % not found', p_kind, p_id USING ERRCODE = 'no_data_found';
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_id_check(text,bigint) TO polka_user;

-- Categories with their paths ('Parent / Child'): all of them, or p_root and those under it.
CREATE OR REPLACE FUNCTION polka.report_categories(p_root bigint DEFAULT NULL)
RETURNS TABLE (id bigint, path text)
LANGUAGE sql STABLE ROWS 30 SET search_path = pg_catalog, pg_temp AS $$
    WITH RECURSIVE t AS (
        SELECT c.id, c.name AS path, ARRAY[c.id] AS ids FROM polka.categories c WHERE c.parent_id IS NULL
        UNION ALL
        SELECT c.id, t.path || ' / ' || c.name, t.ids || c.id
          FROM t JOIN polka.categories c ON c.parent_id = t.id
    )
    SELECT t.id, t.path FROM t WHERE p_root IS NULL OR p_root = ANY (t.ids)
$$;
GRANT EXECUTE ON FUNCTION polka.report_categories(bigint) TO polka_user;

-- The change from base to cur in percent; NULL when the base is 0 or NULL.
CREATE OR REPLACE FUNCTION polka.report_change(cur numeric, base numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN round((coalesce(cur, 0) - base) * 100 / nullif(base, 0), 1);
GRANT EXECUTE ON FUNCTION polka.report_change(numeric,numeric) TO polka_user;

-- part as a percent of whole; NULL when the whole is 0 or NULL.
CREATE OR REPLACE FUNCTION polka.report_percent(part numeric, whole numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
RETURN round(coalesce(part, 0) * 100 / nullif(whole, 0), 1);
GRANT EXECUTE ON FUNCTION polka.report_percent(numeric,numeric) TO polka_user;

-- The first day of a report's default period: the business day's month, or the month
-- months_back before it. Every report's default period is defined here once.
CREATE OR REPLACE FUNCTION polka.report_month_start(months_back int DEFAULT 0) RETURNS date
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN (date_trunc('month', polka.business_day()::timestamp) - make_interval(months => months_back))::date;
GRANT EXECUTE ON FUNCTION polka.report_month_start(integer) TO polka_user;

-- A sales report's periods, checked: the one asked (p_from .. p_to; a NULL is the default:
-- report_month_start(months_back) .. the business day), the previous one of the same length
-- ending the day before, and the same days a year before.
CREATE OR REPLACE FUNCTION polka.report_periods(p_from date, p_to date, months_back int DEFAULT 0,
                                               OUT d_from date, OUT d_to date, OUT prev_from date,
                                               OUT ly_from date, OUT ly_to date)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    d_from := coalesce(p_from, polka.report_month_start(months_back));
    d_to := coalesce(p_to, polka.business_day());
    PERFORM polka.report_period_check(d_from, d_to);
    prev_from := d_from - (d_to - d_from + 1);
    ly_from := (d_from - interval '1 year')::date;
    ly_to := (d_to - interval '1 year')::date;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_periods(date,date,integer) TO polka_user;

-- Sales are shipments: the lines of the live sales documents (УПД) dated in any of the three
-- periods, the quantities picked at their prices; and, for orders shipped before Polka made
-- their documents (the history it was given: status shipped or closed, no live document),
-- their order lines. Orders not shipped yet are not sales. Of one client, of products of a
-- category and its subcategories; each line marked with its periods (in a period over a year
-- long a line is both cur and ly). Every sales report reads its sales here. SECURITY INVOKER
-- and without SET, so that the planner inlines it into the report's query and row-level
-- security applies to the caller as in the report itself.
CREATE OR REPLACE FUNCTION polka.report_sales_lines(d_from date, d_to date, prev_from date, ly_from date,
                                                   ly_to date, p_client bigint DEFAULT NULL,
                                                   p_category bigint DEFAULT NULL)
RETURNS TABLE (order_id bigint, client_id bigint, product_id bigint, category_id bigint, ship_on date,
               qty numeric, amount numeric, weight numeric, cur boolean, prev boolean, ly boolean)
LANGUAGE sql STABLE AS $$
    SELECT s.order_id, s.client_id, s.product_id, p.category_id, s.day, s.qty, s.amount, s.qty * p.weight_kg,
           s.day BETWEEN d_from AND d_to, s.day BETWEEN prev_from AND d_from - 1, s.day BETWEEN ly_from AND ly_to
      FROM (SELECT d.order_id, d.client_id, l.product_id, d.doc_date AS day, l.qty, l.amount
              FROM polka.documents d
              JOIN polka.document_lines l ON l.document_id = d.id
             WHERE d.kind = 'upd' AND d.cancelled_at IS NULL
               AND (d.doc_date BETWEEN d_from AND d_to OR d.doc_date BETWEEN prev_from AND d_from - 1
                    OR d.doc_date BETWEEN ly_from AND ly_to)
            UNION ALL
            SELECT o.id, o.client_id, l.product_id, o.ship_on, l.qty, l.amount
              FROM polka.orders o
              JOIN polka.order_lines l ON l.order_id = o.id
             WHERE o.status IN ('shipped', 'closed')
               AND (o.ship_on BETWEEN d_from AND d_to OR o.ship_on BETWEEN prev_from AND d_from - 1
                    OR o.ship_on BETWEEN ly_from AND ly_to)
               AND NOT EXISTS (SELECT FROM polka.documents d
                                WHERE d.order_id = o.id AND d.kind = 'upd' AND d.cancelled_at IS NULL)) s
      JOIN polka.products p ON p.id = s.product_id
     WHERE (p_client IS NULL OR s.client_id = p_client)
       AND (p_category IS NULL OR p.category_id IN (SELECT k.id FROM polka.report_categories(p_category) k))
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_lines(date,date,date,date,date,bigint,bigint) TO polka_user;

-- The same sales as report_sales_lines, a document (or a shipped order without one) a row
-- with its totals (amount, weight): for reports that need no product, ten times fewer rows
-- than the lines.
CREATE OR REPLACE FUNCTION polka.report_sales_orders(d_from date, d_to date, prev_from date, ly_from date,
                                                    ly_to date)
RETURNS TABLE (order_id bigint, client_id bigint, ship_on date, amount numeric, weight numeric,
               cur boolean, prev boolean, ly boolean)
LANGUAGE sql STABLE AS $$
    SELECT s.order_id, s.client_id, s.day, s.amount, s.weight,
           s.day BETWEEN d_from AND d_to, s.day BETWEEN prev_from AND d_from - 1, s.day BETWEEN ly_from AND ly_to
      FROM (SELECT d.order_id, d.client_id, d.doc_date AS day, d.amount, d.weight_kg AS weight
              FROM polka.documents d
             WHERE d.kind = 'upd' AND d.cancelled_at IS NULL
               AND (d.doc_date BETWEEN d_from AND d_to OR d.doc_date BETWEEN prev_from AND d_from - 1
                    OR d.doc_date BETWEEN ly_from AND ly_to)
            UNION ALL
            SELECT o.id, o.client_id, o.ship_on, o.amount, o.weight_kg
              FROM polka.orders o
             WHERE o.status IN ('shipped', 'closed')
               AND (o.ship_on BETWEEN d_from AND d_to OR o.ship_on BETWEEN prev_from AND d_from - 1
                    OR o.ship_on BETWEEN ly_from AND ly_to)
               AND NOT EXISTS (SELECT FROM polka.documents d
                                WHERE d.order_id = o.id AND d.kind = 'upd' AND d.cancelled_at IS NULL)) s
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_orders(date,date,date,date,date) TO polka_user;

-- Sales by client in the period, the previous period and last year: clients with sales in any
-- of the three; of the manager's clients (manager_id), of products of a category (category_id).
CREATE OR REPLACE FUNCTION polka.report_sales_by_client(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day(),
    manager_id bigint DEFAULT NULL,
    category_id bigint DEFAULT NULL)
RETURNS TABLE (client_id bigint, code text, name text, manager text, orders bigint, weight_kg numeric,
               revenue numeric, revenue_prev numeric, change_prev numeric, revenue_ly numeric,
               change_ly numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    t record := polka.report_periods(report_sales_by_client.date_from, report_sales_by_client.date_to);
    v_manager bigint := report_sales_by_client.manager_id;
    v_cat bigint := report_sales_by_client.category_id;
BEGIN
    PERFORM polka.report_id_check('manager', v_manager);
    PERFORM polka.report_id_check('category', v_cat);
    RETURN QUERY
    WITH g AS (
        -- Without a category the orders' own totals; with one, the lines of its products.
        SELECT s.client_id,
               count(*) FILTER (WHERE s.cur) AS n_orders,
               coalesce(sum(s.weight) FILTER (WHERE s.cur), 0) AS weight,
               coalesce(sum(s.amount) FILTER (WHERE s.cur), 0) AS rev,
               coalesce(sum(s.amount) FILTER (WHERE s.prev), 0) AS rev_prev,
               coalesce(sum(s.amount) FILTER (WHERE s.ly), 0) AS rev_ly
          FROM polka.report_sales_orders(t.d_from, t.d_to, t.prev_from, t.ly_from, t.ly_to) s
         WHERE v_cat IS NULL
         GROUP BY s.client_id
        UNION ALL
        SELECT s.client_id,
               count(DISTINCT s.order_id) FILTER (WHERE s.cur),
               coalesce(sum(s.weight) FILTER (WHERE s.cur), 0),
               coalesce(sum(s.amount) FILTER (WHERE s.cur), 0),
               coalesce(sum(s.amount) FILTER (WHERE s.prev), 0),
               coalesce(sum(s.amount) FILTER (WHERE s.ly), 0)
          FROM polka.report_sales_lines(t.d_from, t.d_to, t.prev_from, t.ly_from, t.ly_to, NULL, v_cat) s
         WHERE v_cat IS NOT NULL
         GROUP BY s.client_id
    )
    SELECT c.id, c.code, c.name, m.full_name, g.n_orders, round(g.weight, 3), round(g.rev, 2),
           round(g.rev_prev, 2), polka.report_change(g.rev, g.rev_prev), round(g.rev_ly, 2),
           polka.report_change(g.rev, g.rev_ly)
      FROM g
      JOIN polka.partners c ON c.id = g.client_id
      LEFT JOIN polka.people m ON m.id = c.manager_id
     WHERE v_manager IS NULL OR c.manager_id = v_manager
     ORDER BY g.rev DESC, c.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_by_client(date,date,bigint,bigint) TO polka_user;

-- Sales by product in the three periods: products with sales in any of them; of a category
-- (category_id), to one client (client_id).
CREATE OR REPLACE FUNCTION polka.report_sales_by_product(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day(),
    category_id bigint DEFAULT NULL,
    client_id bigint DEFAULT NULL)
RETURNS TABLE (product_id bigint, code text, name text, category text, unit text, qty numeric,
               weight_kg numeric, revenue numeric, revenue_prev numeric, change_prev numeric,
               revenue_ly numeric, change_ly numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    t record := polka.report_periods(report_sales_by_product.date_from, report_sales_by_product.date_to);
    v_cat bigint := report_sales_by_product.category_id;
    v_client bigint := report_sales_by_product.client_id;
BEGIN
    PERFORM polka.report_id_check('category', v_cat);
    PERFORM polka.report_id_check('client', v_client);
    RETURN QUERY
    WITH g AS (
        SELECT s.product_id,
               coalesce(sum(s.qty) FILTER (WHERE s.cur), 0) AS qty,
               coalesce(sum(s.weight) FILTER (WHERE s.cur), 0) AS weight,
               coalesce(sum(s.amount) FILTER (WHERE s.cur), 0) AS rev,
               coalesce(sum(s.amount) FILTER (WHERE s.prev), 0) AS rev_prev,
               coalesce(sum(s.amount) FILTER (WHERE s.ly), 0) AS rev_ly
          FROM polka.report_sales_lines(t.d_from, t.d_to, t.prev_from, t.ly_from, t.ly_to, v_client, v_cat) s
         GROUP BY s.product_id
    )
    SELECT p.id, p.code, p.name, k.path, p.unit, round(g.qty, 3), round(g.weight, 3), round(g.rev, 2),
           round(g.rev_prev, 2), polka.report_change(g.rev, g.rev_prev), round(g.rev_ly, 2),
           polka.report_change(g.rev, g.rev_ly)
      FROM g
      JOIN polka.products p ON p.id = g.product_id
      LEFT JOIN polka.report_categories() k ON k.id = p.category_id
     ORDER BY g.rev DESC, p.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_by_product(date,date,bigint,bigint) TO polka_user;

-- Sales by the products' own category (no roll-up into parents), with each category's share
-- of the period's revenue; to one client (client_id).
CREATE OR REPLACE FUNCTION polka.report_sales_by_category(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day(),
    client_id bigint DEFAULT NULL)
RETURNS TABLE (category_id bigint, name text, weight_kg numeric, revenue numeric, share numeric,
               revenue_prev numeric, change_prev numeric, revenue_ly numeric, change_ly numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    t record := polka.report_periods(report_sales_by_category.date_from, report_sales_by_category.date_to);
    v_client bigint := report_sales_by_category.client_id;
BEGIN
    PERFORM polka.report_id_check('client', v_client);
    RETURN QUERY
    WITH g AS (
        SELECT s.category_id,
               coalesce(sum(s.weight) FILTER (WHERE s.cur), 0) AS weight,
               coalesce(sum(s.amount) FILTER (WHERE s.cur), 0) AS rev,
               coalesce(sum(s.amount) FILTER (WHERE s.prev), 0) AS rev_prev,
               coalesce(sum(s.amount) FILTER (WHERE s.ly), 0) AS rev_ly
          FROM polka.report_sales_lines(t.d_from, t.d_to, t.prev_from, t.ly_from, t.ly_to, v_client) s
         GROUP BY s.category_id
    )
    SELECT g.category_id, coalesce(k.path, c.name), round(g.weight, 3), round(g.rev, 2),
           polka.report_percent(g.rev, sum(g.rev) OVER ()), round(g.rev_prev, 2),
           polka.report_change(g.rev, g.rev_prev), round(g.rev_ly, 2), polka.report_change(g.rev, g.rev_ly)
      FROM g
      JOIN polka.categories c ON c.id = g.category_id
      LEFT JOIN polka.report_categories() k ON k.id = g.category_id
     ORDER BY g.rev DESC, coalesce(k.path, c.name);
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_by_category(date,date,bigint) TO polka_user;

-- Sales by the clients' (present) manager; clients without one in one row, manager_id NULL.
CREATE OR REPLACE FUNCTION polka.report_sales_by_manager(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (manager_id bigint, name text, clients bigint, orders bigint, revenue numeric,
               revenue_prev numeric, change_prev numeric, revenue_ly numeric, change_ly numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    t record := polka.report_periods(report_sales_by_manager.date_from, report_sales_by_manager.date_to);
BEGIN
    RETURN QUERY
    WITH g AS (
        SELECT c.manager_id,
               count(DISTINCT s.client_id) FILTER (WHERE s.cur) AS n_clients,
               count(DISTINCT s.order_id) FILTER (WHERE s.cur) AS n_orders,
               coalesce(sum(s.amount) FILTER (WHERE s.cur), 0) AS rev,
               coalesce(sum(s.amount) FILTER (WHERE s.prev), 0) AS rev_prev,
               coalesce(sum(s.amount) FILTER (WHERE s.ly), 0) AS rev_ly
          FROM polka.report_sales_lines(t.d_from, t.d_to, t.prev_from, t.ly_from, t.ly_to) s
          JOIN polka.partners c ON c.id = s.client_id
         GROUP BY c.manager_id
    )
    SELECT g.manager_id, coalesce(m.full_name, 'без менеджера'), g.n_clients, g.n_orders, round(g.rev, 2),
           round(g.rev_prev, 2), polka.report_change(g.rev, g.rev_prev), round(g.rev_ly, 2),
           polka.report_change(g.rev, g.rev_ly)
      FROM g LEFT JOIN polka.people m ON m.id = g.manager_id
     ORDER BY g.rev DESC, g.manager_id IS NULL, m.full_name, g.manager_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_by_manager(date,date) TO polka_user;

-- Sales by month: every month the period touches (zeros when nothing was sold), against the
-- same days a year before. By default the twelve months up to the business day.
CREATE OR REPLACE FUNCTION polka.report_sales_by_month(
    date_from date DEFAULT polka.report_month_start(11),
    date_to date DEFAULT polka.business_day(),
    client_id bigint DEFAULT NULL)
RETURNS TABLE (month date, orders bigint, weight_kg numeric, revenue numeric, revenue_ly numeric,
               change_ly numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    t record := polka.report_periods(report_sales_by_month.date_from, report_sales_by_month.date_to, 11);
    v_client bigint := report_sales_by_month.client_id;
BEGIN
    PERFORM polka.report_id_check('client', v_client);
    RETURN QUERY
    WITH l AS (
        -- (no previous period here: an empty one, the day before d_from back to itself)
        SELECT * FROM polka.report_sales_lines(t.d_from, t.d_to, t.d_from, t.ly_from, t.ly_to, v_client)
    ),
    s AS (
        -- A sale of last year counts in the month a year later (a date + 1 year keeps its
        -- month); in a period over a year long a sale can be in both.
        SELECT date_trunc('month', l.ship_on)::date AS month, true AS cur, l.order_id, l.amount, l.weight
          FROM l WHERE l.cur
        UNION ALL
        SELECT date_trunc('month', l.ship_on + interval '1 year')::date, false, l.order_id, l.amount, l.weight
          FROM l WHERE l.ly
    ),
    g AS (
        SELECT s.month,
               count(DISTINCT s.order_id) FILTER (WHERE s.cur) AS n_orders,
               sum(s.weight) FILTER (WHERE s.cur) AS weight,
               sum(s.amount) FILTER (WHERE s.cur) AS rev,
               sum(s.amount) FILTER (WHERE NOT s.cur) AS rev_ly
          FROM s GROUP BY s.month
    )
    SELECT m.month, coalesce(g.n_orders, 0), round(coalesce(g.weight, 0), 3), round(coalesce(g.rev, 0), 2),
           round(coalesce(g.rev_ly, 0), 2), polka.report_change(g.rev, g.rev_ly)
      FROM (SELECT d::date AS month
              FROM generate_series(date_trunc('month', t.d_from::timestamp), t.d_to::timestamp, interval '1 month') AS d) m
      LEFT JOIN g ON g.month = m.month
     ORDER BY m.month;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_sales_by_month(date,date,bigint) TO polka_user;

-- One row per order shipping in the period, cancelled ones included (ordered, nothing else):
-- ordered, confirmed, shipped and accepted amounts, and the shipped share of the ordered.
-- Confirmed is what allocation confirmed on the lines; shipped what the order's live sales
-- document says (orders shipped before Polka made documents: their amount); accepted what the
-- client signed for: a live sales document whose signed copy came back or that was corrected,
-- after its correction (orders closed before Polka made documents: what was shipped).
CREATE OR REPLACE FUNCTION polka.report_fulfilment(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day(),
    client_id bigint DEFAULT NULL)
RETURNS TABLE (order_id bigint, number text, client_id bigint, client_code text, client_name text,
               ship_on date, status text, ordered numeric, confirmed numeric, shipped numeric,
               accepted numeric, fulfilled numeric)
-- (SQL, not PL/pgSQL: client_id is both a parameter and a column. The checks are statements
-- of their own, run before the query; the days are sub-selects, computed once, so that the
-- index on ship_on serves under row-level security.)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
    SELECT polka.report_period_check(coalesce($1, polka.report_month_start()),
                                     coalesce($2, polka.business_day()));
    SELECT polka.report_id_check('client', $3);
    SELECT o.id, o.number, c.id, c.code, c.name, o.ship_on, o.status, x.ordered,
           -- Confirmed: what allocation confirmed on the lines (shipped and closed orders: all
           -- of it; orders shipped before allocation existed have no line figures).
           CASE WHEN o.status IN ('shipped', 'closed') THEN x.ordered
                WHEN o.status IN ('confirmed', 'partly_confirmed')
                THEN (SELECT coalesce(sum(round(l.confirmed * l.price, 2)), 0) FROM polka.order_lines l
                       WHERE l.order_id = o.id)
                ELSE 0 END,
           x.shipped, x.accepted,
           polka.report_percent(x.shipped, x.ordered)
      FROM polka.orders o
      JOIN polka.partners c ON c.id = o.client_id
     CROSS JOIN LATERAL (SELECT o.amount AS ordered,
                                coalesce((SELECT sum(d.amount) FROM polka.documents d
                                           WHERE d.order_id = o.id AND d.kind = 'upd' AND d.cancelled_at IS NULL),
                                         CASE WHEN o.status IN ('shipped', 'closed') THEN o.amount ELSE 0 END)
                                    AS shipped,
                                coalesce((SELECT sum(coalesce(k.amount_after, d.amount))
                                            FROM polka.documents d
                                            LEFT JOIN polka.corrections k ON k.document_id = d.id AND k.reversed_at IS NULL
                                           WHERE d.order_id = o.id AND d.kind = 'upd' AND d.cancelled_at IS NULL
                                             AND (d.returned_at IS NOT NULL OR k.id IS NOT NULL)),
                                         CASE WHEN o.status = 'closed'
                                               AND NOT EXISTS (SELECT FROM polka.documents d WHERE d.order_id = o.id)
                                              THEN o.amount ELSE 0 END)
                                    AS accepted) x
     WHERE o.ship_on BETWEEN (SELECT coalesce($1, polka.report_month_start()))
                         AND (SELECT coalesce($2, polka.business_day()))
       AND ($3 IS NULL OR o.client_id = $3)
     ORDER BY o.ship_on, o.number;
$$;
GRANT EXECUTE ON FUNCTION polka.report_fulfilment(date,date,bigint) TO polka_user;

-- A report's warehouse parameter: the id of the warehouse with that code, NULL for none
-- given (every warehouse), "not found" for a code no warehouse has.
CREATE OR REPLACE FUNCTION polka.report_warehouse(p_code text) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_wh bigint;
BEGIN
    IF p_code IS NOT NULL THEN
        SELECT w.id INTO v_wh FROM polka.warehouses w WHERE w.code = p_code;
        IF NOT FOUND THEN PERFORM polka.not_found('warehouse', p_code); END IF;
    END IF;
    RETURN v_wh;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_warehouse(text) TO polka_user;

-- Stock on hand by product (at one warehouse, by its code, or all), with reserved and free
-- stock and the nearest expiry among the batches on hand (days_left below 0: expired stock).
-- Reserved and free are polka.stock_free's (stock.sql), as the order screen and allocation
-- see them: free = on hand less what allocation reserved, of batches not expired today.
CREATE OR REPLACE FUNCTION polka.report_stock(warehouse text DEFAULT NULL, category_id bigint DEFAULT NULL)
RETURNS TABLE (product_id bigint, code text, name text, category text, unit text, on_hand numeric,
               reserved numeric, free numeric, nearest_expiry date, days_left int)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_cat bigint := report_stock.category_id;
    v_wh bigint := polka.report_warehouse(report_stock.warehouse);
    v_today date := polka.business_day();
BEGIN
    PERFORM polka.report_id_check('category', v_cat);
    RETURN QUERY
    SELECT p.id, p.code, p.name, k.path, p.unit, round(f.on_hand, 3), round(f.reserved, 3),
           round(f.free, 3), f.nearest_expiry, f.nearest_expiry - v_today
      FROM polka.stock_free(v_today, v_wh) f
      JOIN polka.products p ON p.id = f.product_id
      LEFT JOIN polka.report_categories() k ON k.id = p.category_id
     WHERE v_cat IS NULL OR p.category_id IN (SELECT t.id FROM polka.report_categories(v_cat) t)
     ORDER BY p.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_stock(text,bigint) TO polka_user;

-- The prices of the active products (of a category) under an agreement on a day, by price_for
-- (010), the one price function; products without a price are listed with price NULL.
-- agreement_id is required: left out or NULL, it is a not-null violation.
CREATE OR REPLACE FUNCTION polka.report_price_list(
    agreement_id bigint DEFAULT NULL,
    on_date date DEFAULT polka.business_day(),
    category_id bigint DEFAULT NULL)
RETURNS TABLE (product_id bigint, code text, name text, category text, unit text, pack_qty numeric,
               vat_rate numeric, price numeric, base_price numeric, discount_percent numeric,
               promotion_code text, origin text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_agreement bigint := report_price_list.agreement_id;
    v_on date := coalesce(report_price_list.on_date, polka.business_day());
    v_cat bigint := report_price_list.category_id;
BEGIN
    IF v_agreement IS NULL THEN
        RAISE EXCEPTION 'a price list is made for an agreement: choose one'
            USING ERRCODE = 'not_null_violation', COLUMN = 'agreement_id';
    END IF;
    PERFORM polka.report_id_check('agreement', v_agreement);
    PERFORM polka.report_id_check('category', v_cat);
    RETURN QUERY
    SELECT p.id, p.code, p.name, k.path, p.unit, p.pack_qty, polka.vat_rate(p.vat_code, v_on), f.price,
           f.base_price, f.discount_percent, f.promotion_code, f.origin
      FROM polka.price_for(v_agreement,
                           (SELECT array_agg(p.id ORDER BY p.id) FROM polka.products p
                             WHERE p.active
                               AND (v_cat IS NULL OR p.category_id IN (SELECT t.id FROM polka.report_categories(v_cat) t))),
                           v_on) f
      JOIN polka.products p ON p.id = f.product_id
      LEFT JOIN polka.report_categories() k ON k.id = p.category_id
     ORDER BY p.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_price_list(bigint,date,bigint) TO polka_user;

-- Managers' orders, revenue, clients with sales and average order in the period and the
-- previous one (by the clients' present manager): managers with orders in either period.
CREATE OR REPLACE FUNCTION polka.report_manager_performance(
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (manager_id bigint, name text, orders bigint, revenue numeric, clients bigint,
               avg_order numeric, orders_prev bigint, revenue_prev numeric, clients_prev bigint,
               avg_order_prev numeric, change_revenue numeric, change_avg_order numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    t record := polka.report_periods(report_manager_performance.date_from, report_manager_performance.date_to);
BEGIN
    RETURN QUERY
    WITH s AS (
        -- (no year-before period here: an empty one)
        SELECT c.manager_id, l.client_id, l.order_id, l.cur, l.amount
          FROM polka.report_sales_lines(t.d_from, t.d_to, t.prev_from, t.d_to + 1, t.d_to) l
          JOIN polka.partners c ON c.id = l.client_id
    ),
    g AS (
        SELECT s.manager_id,
               count(DISTINCT s.order_id) FILTER (WHERE s.cur) AS n_orders,
               coalesce(sum(s.amount) FILTER (WHERE s.cur), 0) AS rev,
               count(DISTINCT s.client_id) FILTER (WHERE s.cur) AS n_clients,
               count(DISTINCT s.order_id) FILTER (WHERE NOT s.cur) AS n_orders_prev,
               coalesce(sum(s.amount) FILTER (WHERE NOT s.cur), 0) AS rev_prev,
               count(DISTINCT s.client_id) FILTER (WHERE NOT s.cur) AS n_clients_prev
          FROM s GROUP BY s.manager_id
    ),
    a AS (
        SELECT g.*, g.rev / nullif(g.n_orders, 0) AS avg_o, g.rev_prev / nullif(g.n_orders_prev, 0) AS avg_p
          FROM g
    )
    SELECT m.id, m.full_name, a.n_orders, round(a.rev, 2), a.n_clients, round(a.avg_o, 2), a.n_orders_prev,
           round(a.rev_prev, 2), a.n_clients_prev, round(a.avg_p, 2), polka.report_change(a.rev, a.rev_prev),
           polka.report_change(a.avg_o, a.avg_p)
      FROM a JOIN polka.people m ON m.id = a.manager_id AND m.is_manager
     ORDER BY a.rev DESC, m.full_name, m.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_manager_performance(date,date) TO polka_user;

-- ABC/XYZ analysis of the clients (p_clients) or the products with sales in the period.
--
-- ABC: items by revenue, highest first (ties by code); an item's cumulative share is the share
-- of the period's revenue of it and every item before it. A: cumulative share <= a_share;
-- B: <= b_share; C: the rest. So the item crossing a threshold belongs to the next class: A
-- holds at most a_share % of the revenue (an item alone above a_share % is B, or C). The
-- classes compare exact values; share and cumulative_share are shown rounded.
--
-- XYZ: cv, the coefficient of variation of the item's revenue by calendar month over every
-- month the period touches (a month without sales counts as 0): stddev_pop / mean * 100,
-- rounded to 1 decimal; X: cv <= x_cv, Y: cv <= y_cv, Z: the rest (compared as shown).
--
-- Thresholds: 0 < a_share < b_share <= 100 and 0 < x_cv < y_cv.
CREATE OR REPLACE FUNCTION polka.report_abc_xyz(p_clients boolean, p_from date, p_to date, a_share numeric,
                                     b_share numeric, x_cv numeric, y_cv numeric)
RETURNS TABLE (item_id bigint, code text, name text, revenue numeric, share numeric,
               cumulative_share numeric, abc text, cv numeric, xyz text, class text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
#variable_conflict use_column
DECLARE
    v_a numeric := report_abc_xyz.a_share;
    v_b numeric := report_abc_xyz.b_share;
    v_x numeric := report_abc_xyz.x_cv;
    v_y numeric := report_abc_xyz.y_cv;
BEGIN
    PERFORM polka.report_period_check(p_from, p_to);
    IF NOT coalesce(0 < v_a AND v_a < v_b AND v_b <= 100, false) THEN
        RAISE EXCEPTION 'ABC thresholds: 0 < A (%) < B (%) <= 100', v_a, v_b
            USING ERRCODE = 'check_violation', CONSTRAINT = 'report_thresholds_valid';
    END IF;
    IF NOT coalesce(0 < v_x AND v_x < v_y, false) THEN
        RAISE EXCEPTION 'XYZ thresholds: 0 < X (%) < Y (%)', v_x, v_y
            USING ERRCODE = 'check_violation', CONSTRAINT = 'report_thresholds_valid';
    END IF;
    RETURN QUERY
    WITH m AS (
        SELECT CASE WHEN p_clients THEN l.client_id ELSE l.product_id END AS item,
               date_trunc('month', l.ship_on::timestamp)::date AS month, sum(l.amount) AS rev
          FROM polka.report_sales_lines(p_from, p_to, p_from, p_from, p_to) l
         GROUP BY 1, 2
    ),
    months AS (
        SELECT d::date AS month
          FROM generate_series(date_trunc('month', p_from::timestamp), p_to::timestamp, interval '1 month') AS d
    ),
    names AS (
        SELECT c.id, c.code, c.name FROM polka.partners c WHERE p_clients
        UNION ALL
        SELECT p.id, p.code, p.name FROM polka.products p WHERE NOT p_clients
    ),
    items AS (
        SELECT m.item, n.code, n.name, sum(m.rev) AS rev
          FROM m JOIN names n ON n.id = m.item
         GROUP BY m.item, n.code, n.name
        HAVING sum(m.rev) > 0
    ),
    xyz AS (
        SELECT i.item, round(stddev_pop(coalesce(m.rev, 0)) * 100 / avg(coalesce(m.rev, 0)), 1) AS cv
          FROM items i CROSS JOIN months
          LEFT JOIN m ON m.item = i.item AND m.month = months.month
         GROUP BY i.item
    ),
    ranked AS (
        SELECT i.*, sum(i.rev) OVER () AS total,
               sum(i.rev) OVER (ORDER BY i.rev DESC, i.code ROWS UNBOUNDED PRECEDING) AS running
          FROM items i
    ),
    classed AS (
        SELECT r.*, x.cv,
               CASE WHEN r.running * 100 <= v_a * r.total THEN 'A'
                    WHEN r.running * 100 <= v_b * r.total THEN 'B' ELSE 'C' END AS abc,
               CASE WHEN x.cv <= v_x THEN 'X' WHEN x.cv <= v_y THEN 'Y' ELSE 'Z' END AS xyz
          FROM ranked r JOIN xyz x ON x.item = r.item
    )
    SELECT c.item, c.code, c.name, round(c.rev, 2), polka.report_percent(c.rev, c.total),
           polka.report_percent(c.running, c.total), c.abc, c.cv, c.xyz, c.abc || c.xyz
      FROM classed c
     ORDER BY c.rev DESC, c.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_abc_xyz(boolean,date,date,numeric,numeric,numeric,numeric) TO polka_user;

-- ABC/XYZ of the clients; by default over the twelve months before the business day's month
-- and that month up to the business day.
CREATE OR REPLACE FUNCTION polka.report_abc_xyz_clients(
    date_from date DEFAULT polka.report_month_start(12),
    date_to date DEFAULT polka.business_day(),
    a_share numeric DEFAULT 80, b_share numeric DEFAULT 95,
    x_cv numeric DEFAULT 10, y_cv numeric DEFAULT 25)
RETURNS TABLE (client_id bigint, code text, name text, revenue numeric, share numeric,
               cumulative_share numeric, abc text, cv numeric, xyz text, class text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM polka.report_abc_xyz(
        true,
        coalesce($1, polka.report_month_start(12)),
        coalesce($2, polka.business_day()), coalesce($3, 80), coalesce($4, 95), coalesce($5, 10),
        coalesce($6, 25))
$$;
GRANT EXECUTE ON FUNCTION polka.report_abc_xyz_clients(date,date,numeric,numeric,numeric,numeric) TO polka_user;

-- ABC/XYZ of the products (as of the clients).
CREATE OR REPLACE FUNCTION polka.report_abc_xyz_products(
    date_from date DEFAULT polka.report_month_start(12),
    date_to date DEFAULT polka.business_day(),
    a_share numeric DEFAULT 80, b_share numeric DEFAULT 95,
    x_cv numeric DEFAULT 10, y_cv numeric DEFAULT 25)
RETURNS TABLE (product_id bigint, code text, name text, revenue numeric, share numeric,
               cumulative_share numeric, abc text, cv numeric, xyz text, class text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT * FROM polka.report_abc_xyz(
        false,
        coalesce($1, polka.report_month_start(12)),
        coalesce($2, polka.business_day()), coalesce($3, 80), coalesce($4, 95), coalesce($5, 10),
        coalesce($6, 25))
$$;
GRANT EXECUTE ON FUNCTION polka.report_abc_xyz_products(date,date,numeric,numeric,numeric,numeric) TO polka_user;

-- Raisers usable from SQL functions (a LANGUAGE sql body cannot RAISE). VOLATILE: an immutable
-- call with constant arguments would be evaluated while planning, in a CASE branch not taken.
CREATE OR REPLACE FUNCTION polka.report_not_null(p_param text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'the report needs %', p_param USING ERRCODE = 'not_null_violation', COLUMN = p_param;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_not_null(text) TO polka_user;

CREATE OR REPLACE FUNCTION polka.report_not_found(p_kind text, p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% % not found', p_kind, p_id USING ERRCODE = 'no_data_found';
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_not_found(text,bigint) TO polka_user;

-- (report_id_check of 016 knows clients, managers, categories and agreements; products are
-- read by everyone, so a plain existence check is enough.)
CREATE OR REPLACE FUNCTION polka.report_product_orders(
    product_id bigint DEFAULT NULL,
    date_from date DEFAULT polka.report_month_start(),
    date_to date DEFAULT polka.business_day())
RETURNS TABLE (order_id bigint, number text, client_id bigint, client_code text, client_name text,
               ship_on date, status text, qty numeric, unit text, price numeric, amount numeric)
-- (SQL: product_id is both a parameter and a column. The checks run first, as statements.)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp SET jit = off AS $$
    SELECT CASE WHEN $1 IS NULL THEN polka.report_not_null('product_id') END;
    SELECT polka.report_period_check(coalesce($2, polka.report_month_start()),
                                     coalesce($3, polka.business_day()));
    SELECT CASE WHEN NOT EXISTS (SELECT FROM polka.products p WHERE p.id = $1)
                THEN polka.report_not_found('product', $1) END;
    SELECT o.id, o.number, c.id, c.code, c.name, o.ship_on, o.status, l.qty, p.unit, l.price, l.amount
      FROM polka.order_lines l
      JOIN polka.orders o ON o.id = l.order_id
      JOIN polka.partners c ON c.id = o.client_id
      JOIN polka.products p ON p.id = l.product_id
     WHERE l.product_id = $1
       AND o.ship_on BETWEEN (SELECT coalesce($2, polka.report_month_start()))
                         AND (SELECT coalesce($3, polka.business_day()))
     ORDER BY o.ship_on, o.number;
$$;
GRANT EXECUTE ON FUNCTION polka.report_product_orders(bigint,date,date) TO polka_user;

-- The deficit: every order line allocation confirmed short of what was ordered, shipping in the
-- period (by default from today a week ahead), at one warehouse (by its code) or all: who, what,
-- how much short, why (the line's reason) and the product's supply and demand in the run.
CREATE OR REPLACE FUNCTION polka.report_deficit(
    date_from date DEFAULT polka.business_day(),
    date_to date DEFAULT polka.business_day() + 7,
    warehouse text DEFAULT NULL)
RETURNS TABLE (ship_on date, warehouse_code text, order_id bigint, number text, client_id bigint,
               client_code text, client_name text, product_id bigint, product_code text,
               product_name text, ordered numeric, confirmed numeric, short numeric, reason text,
               available numeric, demand numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_from date := coalesce(report_deficit.date_from, polka.business_day());
    v_to date := coalesce(report_deficit.date_to, polka.business_day() + 7);
    v_wh bigint := polka.report_warehouse(report_deficit.warehouse);
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    SELECT o.ship_on, w.code, o.id, o.number, c.id, c.code, c.name, p.id, p.code, p.name, l.qty,
           l.confirmed, l.qty - l.confirmed, l.short_reason, l.short_available, l.short_demand
      FROM polka.orders o
      JOIN polka.warehouses w ON w.id = o.warehouse_id
      JOIN polka.partners c ON c.id = o.client_id
      JOIN polka.order_lines l ON l.order_id = o.id
      JOIN polka.products p ON p.id = l.product_id
     WHERE o.ship_on BETWEEN v_from AND v_to AND (v_wh IS NULL OR o.warehouse_id = v_wh)
       AND o.status IN ('confirmed', 'partly_confirmed') AND l.confirmed < l.qty
     ORDER BY o.ship_on, w.code, p.code, c.priority, o.created_at;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_deficit(date,date,text) TO polka_user;

-- Trip loading: per trip of the period (today and a week ahead by default), at a warehouse or
-- all: route, vehicle, carrier, driver, departure, status, its shipping orders, load in kg and
-- pallets against the vehicle's capacity and in percent (over 100: over capacity); per day and
-- warehouse a row "not on a trip" (no trip number) with what no trip carries yet.
CREATE OR REPLACE FUNCTION polka.report_trip_loading(
    date_from date DEFAULT polka.business_day(),
    date_to date DEFAULT polka.business_day() + 7,
    warehouse text DEFAULT NULL)
RETURNS TABLE (day date, warehouse_code text, trip text, route text, vehicle text, carrier text,
               driver text, departure text, status text, orders bigint, kg numeric,
               capacity_kg numeric, kg_percent numeric, pallets bigint, capacity_pallets smallint,
               pallet_percent numeric)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_from date := coalesce(report_trip_loading.date_from, polka.business_day());
    v_to date := coalesce(report_trip_loading.date_to, polka.business_day() + 7);
    v_wh bigint := polka.report_warehouse(report_trip_loading.warehouse);
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    WITH so0 AS (
        SELECT o.id, o.ship_on, o.warehouse_id, s.trip_id
          FROM polka.shipping_orders s
          JOIN polka.orders o ON o.id = s.order_id
         WHERE o.ship_on BETWEEN v_from AND v_to AND (v_wh IS NULL OR o.warehouse_id = v_wh)),
    so AS (
        SELECT so0.ship_on, so0.warehouse_id, so0.trip_id, coalesce(x.kg, 0) AS kg, coalesce(x.pallets, 0) AS pallets
          FROM so0 LEFT JOIN polka.order_loads(ARRAY(SELECT so0.id FROM so0)) x ON x.order_id = so0.id),
    t AS (
        SELECT t.day, t.warehouse_id, t.number, r.code AS route, v.plate, c.name AS carrier, t.driver,
               to_char(t.departure, 'HH24:MI') AS departure, t.departure AS dep, t.status,
               count(so.trip_id) AS orders, coalesce(sum(so.kg), 0) AS kg, v.capacity_kg,
               coalesce(sum(so.pallets), 0)::bigint AS pallets, v.capacity_pallets
          FROM polka.trips t
          JOIN polka.vehicles v ON v.id = t.vehicle_id
          JOIN polka.partners c ON c.id = v.carrier_id
          LEFT JOIN polka.routes r ON r.id = t.route_id
          LEFT JOIN so ON so.trip_id = t.id
         WHERE t.day BETWEEN v_from AND v_to AND (v_wh IS NULL OR t.warehouse_id = v_wh)
         GROUP BY t.id, r.code, v.plate, c.name, v.capacity_kg, v.capacity_pallets
        UNION ALL
        SELECT so.ship_on, so.warehouse_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*),
               sum(so.kg), NULL, sum(so.pallets)::bigint, NULL
          FROM so WHERE so.trip_id IS NULL
         GROUP BY so.ship_on, so.warehouse_id)
    SELECT t.day, w.code, t.number, t.route, t.plate, t.carrier, t.driver, t.departure, t.status, t.orders,
           t.kg, t.capacity_kg, round(100 * t.kg / t.capacity_kg, 1), t.pallets, t.capacity_pallets,
           round(100.0 * t.pallets / t.capacity_pallets, 1)
      FROM t JOIN polka.warehouses w ON w.id = t.warehouse_id
     ORDER BY t.day, w.code, t.number IS NOT NULL, t.dep, t.route, t.number;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_trip_loading(date,date,text) TO polka_user;


-- Documents not yet printed: the live documents of the period's trips (a week back to a week
-- ahead by default), at a warehouse or all, that no print server has taken; the oldest trips
-- first, then the trip's stop order. The waybill desk's F11 prints them.
CREATE OR REPLACE FUNCTION polka.report_unprinted_documents(
    date_from date DEFAULT polka.business_day() - 7,
    date_to date DEFAULT polka.business_day() + 7,
    warehouse text DEFAULT NULL)
RETURNS TABLE (day date, warehouse_code text, trip text, trip_status text, code text, kind text,
               stop smallint, client text, amount numeric, made_by text, made_at timestamptz)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
#variable_conflict use_column
DECLARE
    v_from date := coalesce(report_unprinted_documents.date_from, polka.business_day() - 7);
    v_to date := coalesce(report_unprinted_documents.date_to, polka.business_day() + 7);
    v_wh bigint := polka.report_warehouse(report_unprinted_documents.warehouse);
BEGIN
    PERFORM polka.report_period_check(v_from, v_to);
    RETURN QUERY
    SELECT t.day, w.code, t.number, t.status, d.code, d.kind, rp.stop, c.name, d.amount, d.made_by, d.made_at
      FROM polka.documents d
      JOIN polka.trips t ON t.id = d.trip_id
      JOIN polka.warehouses w ON w.id = t.warehouse_id
      LEFT JOIN polka.partners c ON c.id = d.client_id
      LEFT JOIN polka.route_points rp ON rp.route_id = t.route_id AND rp.point_id = d.point_id
     WHERE d.cancelled_at IS NULL AND d.printed_at IS NULL
       AND t.day BETWEEN v_from AND v_to AND (v_wh IS NULL OR t.warehouse_id = v_wh)
     ORDER BY t.day, t.number, d.kind = 'upd', rp.stop NULLS LAST, d.code;
END
$$;
GRANT EXECUTE ON FUNCTION polka.report_unprinted_documents(date,date,text) TO polka_user;
