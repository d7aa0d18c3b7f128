-- demo 03: demo order history (issue 5, demo data), loaded by `polka db demo` after
-- polka_demo.demo_pricing, at the same scale, deterministically (same scale and day, same rows;
-- the orders' save keys are secret: polka_demo.demo_order_key).
--
--   calendar      Russian public holidays of the year before p_today and the year after
--   prices        the price lists as they were a year ago (6% cheaper base, everything computed
--                 from it by the same recalculation), so that every order of the year is priced
--   orders        12 months before p_today: chains twice a week (Monday, Thursday), the other
--                 clients weekly on a day of their own; every distributor and HoReCa client,
--                 a fifth of the shops (the rest never ordered). No order on a day off. Each
--                 client buys mostly the same products (a pool of its own: a chain's within its
--                 assortment), in whole packs, more in December and in summer, less in
--                 January. Priced as order_save prices them on the shipping day (the price type
--                 of the agreement then in force less its discount; promotions are left out:
--                 the history is the lists' prices). Closed when shipped over three days ago,
--                 shipped up to today, new after; about one in a hundred cancelled.
--   receivables   a document per shipped order on credit, due after the agreement's credit
--                 days; paid when due more than ten days ago, except some clients' (overdue)
--   agreements    a minimum order on the shops' and HoReCa's (typical and their clients')
--   allocation    the first shipping day ahead confirmed by a fair-share run, three of its
--                 products scarce at the main warehouse (a stock count)
--   waybill desk  that day's trips but the last: one being picked with the demo WMS's facts,
--                 one with its documents made, the earlier ones printed too
--   return desk   the first printed trip's truck left; half its documents back, half missing
--   bank          yesterday's statement: a dozen clients' payments for their oldest documents,
--                 most matched, some partly or naming nothing, one from an unknown payer
--
-- The history goes through the audit trail like everything else.

SET LOCAL ROLE polka_owner;

-- The demo orders' save keys: derived from a client and a day (so a test can find the demo's
-- own orders) with a secret made once per database and kept in schema polka_demo, where no
-- app role reaches: a key is nobody's guess (order_save answers a known key).
CREATE TABLE IF NOT EXISTS polka_demo.secrets (name text PRIMARY KEY, value text NOT NULL);
CREATE OR REPLACE FUNCTION polka_demo.demo_order_key(p_client bigint, p_day date) RETURNS uuid
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
RETURN (SELECT md5(s.value || '-' || p_client || '-' || p_day)::uuid FROM polka_demo.secrets s
         WHERE s.name = 'order_key');

CREATE OR REPLACE FUNCTION polka_demo.demo_orders(p_scale numeric, p_today date DEFAULT polka.business_day())
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    base bigint;
    d_hist date := p_today - 400;
    nprod int;
    v_day date;
    v_trip bigint;
    v_k bigint;
    v_n bigint;
    v_wh bigint := (SELECT w.id FROM polka.warehouses w ORDER BY w.main DESC, w.id LIMIT 1);
BEGIN
    IF EXISTS (SELECT FROM polka.orders) OR NOT EXISTS (SELECT FROM polka.agreements) THEN
        RETURN false; -- loaded already, or no demo pricing to order under
    END IF;
    SELECT id INTO base FROM polka.price_types WHERE code = 'BASE';
    IF base IS NULL THEN
        RETURN false;
    END IF;
    INSERT INTO polka_demo.secrets (name, value) VALUES ('order_key', gen_random_uuid()::text)
    ON CONFLICT (name) DO NOTHING;

    INSERT INTO polka.calendar (day, working, note)
    SELECT make_date(y, h.m, h.d), false, h.note
      FROM generate_series(extract(year FROM p_today)::int - 1, extract(year FROM p_today)::int + 1) AS y,
           (VALUES (1, 1, 'Новогодние каникулы'), (1, 2, 'Новогодние каникулы'), (1, 3, 'Новогодние каникулы'),
                   (1, 4, 'Новогодние каникулы'), (1, 5, 'Новогодние каникулы'), (1, 6, 'Новогодние каникулы'),
                   (1, 7, 'Рождество Христово'), (1, 8, 'Новогодние каникулы'),
                   (2, 23, 'День защитника Отечества'), (3, 8, 'Международный женский день'),
                   (5, 1, 'Праздник Весны и Труда'), (5, 9, 'День Победы'), (6, 12, 'День России'),
                   (11, 4, 'День народного единства')) AS h(m, d, note)
    ON CONFLICT (day) DO NOTHING;

    -- A year ago the base list was 6% cheaper; the dependent lists follow by the same rules.
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, set_by)
    SELECT base, p.product_id, d_hist, round(p.price * 0.94, 2), 'egor'
      FROM polka.prices p
     WHERE p.price_type_id = base
       AND p.valid_from = (SELECT min(q.valid_from) FROM polka.prices q WHERE q.price_type_id = base);
    PERFORM polka.price_recalc_apply(base, d_hist);

    -- The minimum order of the small clients.
    UPDATE polka.agreements a SET min_order = CASE a.segment WHEN 'shop' THEN 5000 ELSE 3000 END
     WHERE a.kind = 'typical' AND a.segment IN ('shop', 'horeca');
    UPDATE polka.agreements a SET min_order = t.min_order
      FROM polka.agreements t WHERE t.id = a.parent_id AND t.min_order IS NOT NULL;

    SELECT count(*) INTO nprod FROM polka.products WHERE active;
    -- Who orders, how often, how many lines.
    CREATE TEMP TABLE demo_clients ON COMMIT DROP AS
    SELECT p.id, p.segment, row_number() OVER (ORDER BY p.id)::int AS k,
           (SELECT min(d.id) FROM polka.delivery_points d WHERE d.partner_id = p.id AND d.active) AS point_id,
           CASE p.segment WHEN 'chain' THEN 30 WHEN 'distributor' THEN 20 WHEN 'horeca' THEN 7 ELSE 6 END AS nlines,
           EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = p.id) AS has_matrix
      FROM polka.partners p
     WHERE p.kind = 'client' AND (p.segment IN ('chain', 'distributor', 'horeca') OR p.segment = 'shop' AND p.id % 5 = 0);
    CREATE TEMP TABLE demo_products ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY p.id)::int AS i, p.id, p.pack_qty, p.vat_code, p.weight_kg
      FROM polka.products p WHERE p.active;

    -- The terms each client could order under: its own agreements and its segment's typical
    -- one (a closed agreement was in force until it closed).
    CREATE TEMP TABLE demo_terms ON COMMIT DROP AS
    SELECT c.id AS client_id, ag.id AS agreement_id, ag.kind = 'individual' AS own, ag.valid_from,
           ag.valid_to, ag.price_type_id, ag.discount_percent, ag.lead_days, ag.code
      FROM demo_clients c JOIN polka.agreements ag ON ag.client_id = c.id
     WHERE ag.status IN ('active', 'closed')
    UNION ALL
    SELECT c.id, ag.id, false, ag.valid_from, ag.valid_to, ag.price_type_id, ag.discount_percent,
           ag.lead_days, ag.code
      FROM demo_clients c JOIN polka.agreements ag ON ag.kind = 'typical' AND ag.segment = c.segment
     WHERE ag.status IN ('active', 'closed');
    -- The shipping day of each order day for each lead time (once, not once per order).
    CREATE TEMP TABLE demo_ship ON COMMIT DROP AS
    SELECT d::date AS day, l.lead, polka.shipping_day(d::date, l.lead) AS ship_on
      FROM generate_series(p_today - 365, p_today - 1, interval '1 day') AS d,
           (SELECT DISTINCT lead_days AS lead FROM demo_terms) l;
    ANALYZE demo_clients, demo_products, demo_terms, demo_ship;

    -- The order days: the client's agreement then (its own once in force, else its segment's).
    CREATE TEMP TABLE demo_days ON COMMIT DROP AS
    SELECT DISTINCT ON (c.id, d) c.id AS client_id, c.k, c.point_id, c.nlines, c.has_matrix, d::date AS day,
           t.agreement_id, t.price_type_id, t.discount_percent, t.code, sh.ship_on
      FROM demo_clients c
      CROSS JOIN generate_series(p_today - 365, p_today - 1, interval '1 day') AS d
      JOIN demo_terms t ON t.client_id = c.id AND t.valid_from <= d::date
                       AND (t.valid_to IS NULL OR t.valid_to >= d::date)
      JOIN demo_ship sh ON sh.day = d::date AND sh.lead = t.lead_days
     WHERE CASE WHEN c.segment = 'chain' THEN extract(isodow FROM d) IN (1, 4)
                ELSE extract(isodow FROM d) = 1 + c.k % 5 END
       AND polka.is_working_day(d::date)
       -- January is quiet: a third of its orders are not placed.
       AND NOT (extract(month FROM d) = 1 AND (c.k + extract(day FROM d)::int) % 3 = 0)
     ORDER BY c.id, d, t.own DESC, t.valid_from DESC;
    CREATE TEMP TABLE demo_orders ON COMMIT DROP AS
    SELECT o.*, row_number() OVER (PARTITION BY o.client_id ORDER BY o.day)::int AS s FROM demo_days o;

    -- The lines: the client's pool of products (1.5 x its lines), the order's own turn through
    -- it; whole packs, more in December and summer. A product twice in an order counts once.
    CREATE TEMP TABLE demo_lines ON COMMIT DROP AS
    SELECT DISTINCT ON (o.client_id, o.day, p.id) o.client_id, o.day, j, p.id AS product_id,
           -- (a pack of 7.5 pieces is ordered two packs at a time: whole pieces)
           p.pack_qty * CASE WHEN p.pack_qty <> trunc(p.pack_qty) THEN 2 ELSE 1 END
             * greatest(1, 1 + (o.k + j + o.s) % 4
                           + CASE WHEN extract(month FROM o.day) = 12 THEN 2
                                  WHEN extract(month FROM o.day) IN (6, 7, 8) THEN 1
                                  WHEN extract(month FROM o.day) = 1 THEN -1 ELSE 0 END) AS qty,
           round(pr.price * (1 - o.discount_percent / 100), 2) AS price,
           v.rate AS vat_rate, p.weight_kg,
           format('%s from %s', t.code, pr.valid_from)
             || CASE WHEN o.discount_percent <> 0 THEN format(', agreement %s %s%%', o.code, -o.discount_percent)
                     ELSE '' END AS origin
      FROM demo_orders o
      JOIN polka.price_types t ON t.id = o.price_type_id
      CROSS JOIN LATERAL generate_series(1, o.nlines + CASE WHEN extract(month FROM o.day) = 12 THEN o.nlines / 5 ELSE 0 END) AS j
      JOIN demo_products p ON p.i = 1 + (o.k * 37 + ((j + o.s) % (o.nlines * 3 / 2 + 1)) * 101) % nprod
      CROSS JOIN LATERAL (SELECT q.price, q.valid_from FROM polka.prices q
                           WHERE q.price_type_id = o.price_type_id AND q.product_id = p.id
                             AND q.valid_from <= o.ship_on
                           ORDER BY q.valid_from DESC LIMIT 1) pr
      CROSS JOIN LATERAL (SELECT polka.vat_rate(p.vat_code, o.ship_on) AS rate) v
     WHERE NOT o.has_matrix
        OR EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = o.client_id AND s.product_id = p.id)
     ORDER BY o.client_id, o.day, p.id, j;
    ANALYZE demo_orders, demo_lines;

    -- The orders with their totals (an order none of whose products the client may order was
    -- never placed), in the order they were taken.
    INSERT INTO polka.orders (request_key, client_id, point_id, agreement_id, ship_on, source, taken_by,
                              taken_on, status, cancel_reason, lines, amount, vat_amount, weight_kg,
                              created_at, updated_at, warehouse_id)
    SELECT polka_demo.demo_order_key(o.client_id, o.day), o.client_id, o.point_id,
           o.agreement_id, o.ship_on,
           CASE WHEN o.nlines = 30 THEN 'edi' WHEN o.k % 4 = 0 THEN 'rep' ELSE 'phone' END, 'anna', o.day,
           CASE WHEN (o.k * 31 + o.s) % 97 = 0 THEN 'cancelled'
                WHEN o.ship_on < p_today - 3 THEN 'closed'
                WHEN o.ship_on < p_today THEN 'shipped'
                ELSE 'new' END, -- the planner's allocation confirms what is still to ship
           CASE WHEN (o.k * 31 + o.s) % 97 = 0 THEN 'Клиент отменил заказ' END,
           l.n, l.amount, l.vat, l.weight, x.at, x.at,
           (SELECT w.id FROM polka.warehouses w ORDER BY w.main DESC, w.id LIMIT 1)
      FROM demo_orders o
      JOIN (SELECT client_id, day, count(*) AS n, sum(round(qty * price, 2)) AS amount,
                   sum(round(round(qty * price, 2) * vat_rate / (100 + vat_rate), 2)) AS vat,
                   sum(qty * weight_kg) AS weight
              FROM demo_lines GROUP BY client_id, day) l ON l.client_id = o.client_id AND l.day = o.day
      CROSS JOIN LATERAL (SELECT (o.day + time '09:00' + (o.k * 7 % 480) * interval '1 minute')
                                   AT TIME ZONE coalesce((SELECT value FROM polka.settings WHERE key = 'business_tz'),
                                                         'Europe/Moscow') AS at) x
     ORDER BY o.day, o.client_id;

    INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount,
                                   price_origin)
    SELECT ord.id, row_number() OVER (PARTITION BY ord.id ORDER BY l.j)::int, l.product_id, l.qty, l.price,
           l.vat_rate, round(l.qty * l.price, 2),
           round(round(l.qty * l.price, 2) * l.vat_rate / (100 + l.vat_rate), 2), l.origin
      FROM demo_lines l
      JOIN polka.orders ord ON ord.client_id = l.client_id AND ord.taken_on = l.day;

    -- What the clients on credit owe for what was shipped.
    INSERT INTO polka.receivables (client_id, doc, doc_date, due_on, amount, paid)
    SELECT o.client_id, 'РН-' || o.number, o.ship_on, o.ship_on + a.credit_days, o.amount,
           CASE WHEN o.ship_on + a.credit_days < p_today - 10 AND NOT (c.k % 9 = 0 AND o.ship_on + a.credit_days >= p_today - 60)
                THEN o.amount ELSE 0 END
      FROM polka.orders o
      JOIN polka.agreements a ON a.id = o.agreement_id
      JOIN demo_clients c ON c.id = o.client_id
     WHERE o.status IN ('shipped', 'closed') AND a.payment = 'credit' AND a.credit_days IS NOT NULL
       AND o.amount > 0
     ORDER BY o.id;

    -- Allocation: the first shipping day ahead is planned already. Three of its most ordered
    -- products are scarce at the main warehouse (a stock count found 60 % of the day's demand
    -- for them), and the planner's run with fair share has confirmed the day; later days are
    -- new, for the planner's screen.
    SELECT min(o.ship_on) INTO v_day FROM polka.orders o
     WHERE o.ship_on >= greatest(p_today, polka.business_day()) AND o.status = 'new' AND o.warehouse_id = v_wh;
    IF v_day IS NOT NULL THEN
        WITH d AS (
            SELECT l.product_id, sum(l.qty) AS qty FROM polka.orders o JOIN polka.order_lines l ON l.order_id = o.id
             WHERE o.ship_on = v_day AND o.warehouse_id = v_wh AND o.status = 'new'
             GROUP BY l.product_id ORDER BY sum(l.qty) DESC, l.product_id LIMIT 3),
        s AS (
            SELECT b.id, b.on_hand, p.pack_qty, d.qty * 0.6 / sum(b.on_hand) OVER (PARTITION BY b.product_id) AS f
              FROM d JOIN polka.stock_batches b ON b.product_id = d.product_id AND b.warehouse_id = v_wh
              JOIN polka.products p ON p.id = b.product_id
             WHERE b.on_hand > 0)
        INSERT INTO polka.stock_moves (kind, batch_id, qty, note)
        SELECT 'count', s.id, floor(s.on_hand * s.f / s.pack_qty) * s.pack_qty - s.on_hand, 'инвентаризация'
          FROM s WHERE s.f < 1 AND floor(s.on_hand * s.f / s.pack_qty) * s.pack_qty <> s.on_hand
         ORDER BY s.id;
        PERFORM count(*) FROM polka.allocation_run(v_wh, v_day, true, true);
    END IF;
    -- The week's trips from the routes (the run above made its day's and put its orders on them).
    PERFORM polka.trips_make(v_wh, x::date)
       FROM generate_series(greatest(p_today, polka.business_day()), greatest(p_today, polka.business_day()) + 6,
                            interval '1 day') x;
    -- The waybill desk's day: the allocated day's trips with orders, in number order, the
    -- last left to the planner; before it, one being picked with the demo WMS's facts in
    -- (shorts, other batches, a pack over, a line not picked: the clerk's to accept), one with
    -- its differences accepted and its documents made, not printed, and the ones before
    -- printed on the office printer too. (A trip the stock refuses documents for stays picked.)
    IF v_day IS NOT NULL THEN
        FOR v_trip, v_k, v_n IN
            SELECT t.id, row_number() OVER (ORDER BY t.number), count(*) OVER () FROM polka.trips t
             WHERE t.day = v_day AND t.warehouse_id = v_wh
               AND EXISTS (SELECT FROM polka.shipping_orders s WHERE s.trip_id = t.id)
             ORDER BY t.number LOOP
            CONTINUE WHEN v_k = v_n;
            PERFORM polka.trip_start_picking(v_trip);
            PERFORM polka.wms_import('demo-' || v_trip || '.facts.tsv', polka_demo.wms_simulate(v_trip));
            CONTINUE WHEN v_k = v_n - 1;
            PERFORM polka.waybill_accept(w.order_line_id, 'демо: согласовано с клиентом')
               FROM polka.waybill_lines(v_trip) w WHERE w.difference IS NOT NULL AND w.accepted IS NULL;
            BEGIN
                PERFORM polka.trip_documents_make(v_trip);
            EXCEPTION WHEN check_violation THEN
                CONTINUE;
            END;
            CONTINUE WHEN v_k = v_n - 2;
            PERFORM polka.print_done((SELECT jsonb_agg(jsonb_build_object('document_id', p.document_id, 'form', p.form,
                                                                          'copies', p.copies,
                                                                          'pages', 1 + d.lines / 25))
                                        FROM polka.trip_print_set(v_trip) p JOIN polka.documents d ON d.id = p.document_id),
                                     'office-laser', 'office-laser-' || v_trip);
        END LOOP;
        -- The return desk's: the first printed trip's truck has left, and its driver has brought
        -- back the consignment note and every other sales document; the rest are missing.
        SELECT t.id INTO v_trip FROM polka.trips t
         WHERE t.day = v_day AND t.warehouse_id = v_wh AND t.status = 'printed' ORDER BY t.number LIMIT 1;
        IF FOUND THEN
            -- Its clients with an e-mail want shipment notices: leaving queues them.
            UPDATE polka.partners SET shipment_notice = true
             WHERE id IN (SELECT d.client_id FROM polka.documents d WHERE d.trip_id = v_trip) AND email IS NOT NULL;
            PERFORM polka.trip_depart(v_trip);
            PERFORM polka.document_return(d.code, v_trip)
               FROM (SELECT d.code, row_number() OVER (ORDER BY d.kind = 'upd', d.seq) AS k
                       FROM polka.documents d WHERE d.trip_id = v_trip AND d.cancelled_at IS NULL) d
              WHERE d.k % 2 = 1;
            -- The first sales document back came with вычерки: half of its first line refused
            -- as damaged (written off), its second not ordered (back to stock): a correction.
            PERFORM polka.correction_make(d.id, (SELECT jsonb_agg(jsonb_build_object(
                                                        'n', l.n, 'accepted', CASE l.n WHEN 1 THEN floor(l.qty / 2) ELSE 0 END,
                                                        'reason', CASE l.n WHEN 1 THEN 'damaged' ELSE 'not_ordered' END))
                                                   FROM polka.document_lines l WHERE l.document_id = d.id AND l.n <= 2),
                                          'desk')
               FROM (SELECT d.id FROM polka.documents d
                      WHERE d.trip_id = v_trip AND d.kind = 'upd' AND d.returned_at IS NOT NULL
                      ORDER BY d.seq LIMIT 1) d;
        END IF;
    END IF;
    -- The bank: yesterday's statement imported, its clients' payments for their oldest open
    -- documents matched by the documents they name; one in five paying 1,000 over (an advance
    -- left), one in six half, one in seven naming nothing, and one from a payer the demo does
    -- not know: the head's queue.
    PERFORM polka.bank_import('выписка-демо.txt', p_today - 1, p_today - 1,
        (SELECT jsonb_agg(jsonb_build_object(
                    'number', (100 + r.k)::text, 'date', p_today - 1, 'credited', p_today - 1,
                    'amount', CASE WHEN r.k % 5 = 0 THEN r.open + 1000 WHEN r.k % 6 = 0 THEN round(r.open / 2, 2)
                                   ELSE r.open END,
                    'payer_name', c.legal_name, 'payer_inn', c.inn, 'payer_kpp', c.kpp, 'payer_account', '',
                    'purpose', CASE WHEN r.k % 7 = 0 THEN 'Оплата за продукты'
                                    ELSE 'Оплата по накладной ' || r.doc || ', в т.ч. НДС' END,
                    'doc_id', '', 'refs', CASE WHEN r.k % 7 = 0 THEN '[]'::jsonb ELSE jsonb_build_array(r.doc) END)
                    ORDER BY r.k)
           FROM (SELECT r.*, r.amount - r.paid AS open, row_number() OVER (ORDER BY r.due_on, r.id) AS k
                   FROM polka.receivables r JOIN demo_clients d ON d.id = r.client_id
                  WHERE r.paid < r.amount ORDER BY r.due_on, r.id LIMIT 12) r
           JOIN polka.partners c ON c.id = r.client_id)
        || jsonb_build_array(jsonb_build_object(
               'number', '900', 'date', p_today - 1, 'credited', p_today - 1, 'amount', 15000,
               'payer_name', 'ООО «Неизвестный плательщик»', 'payer_inn', '7707083893', 'payer_kpp', '773601001',
               'payer_account', '40702810938000000001', 'purpose', 'Предоплата по счёту 17 от ' || to_char(p_today - 3, 'DD.MM.YYYY'),
               'doc_id', '', 'refs', jsonb_build_array('17'))));
    ANALYZE polka.orders, polka.order_lines, polka.receivables, polka.calendar, polka.stock_batches,
            polka.reservations, polka.payments;
    RETURN true;
END
$$;
