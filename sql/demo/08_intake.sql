-- 08_intake.sql: incoming orders for the demo (issue 18), after the orders: an EDI provider
-- (Контур.EDI) whose folders are p_dir/in and p_dir/out when given (`polka db demo` passes a
-- folder beside the cluster); three retail chains known by their buyer GLN, with some of their
-- article codes mapped to ours; and a day of their ORDERS received through the intake as the
-- poll hands them over: most taken as orders, the others waiting in the intake queue with
-- every kind of problem (an unknown GTIN, an unknown delivery point GLN, a price of their own,
-- a day the point's route does not run, not whole packs, a product outside the assortment).

-- The first day from p_from on when the point's route runs (a working day).
CREATE OR REPLACE FUNCTION polka_demo.demo_route_day(p_point bigint, p_from date) RETURNS date
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT d::date FROM generate_series(p_from, p_from + 14, interval '1 day') d
     WHERE polka.is_working_day(d::date)
       AND EXISTS (SELECT FROM polka.route_points rp JOIN polka.routes r ON r.id = rp.route_id
                    WHERE rp.point_id = p_point AND strpos(r.weekdays, extract(isodow FROM d)::text) > 0)
     ORDER BY d LIMIT 1;
END;

CREATE OR REPLACE FUNCTION polka_demo.demo_intake(p_scale numeric, p_dir text DEFAULT NULL,
                                                  p_today date DEFAULT polka.business_day())
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c record;
    v_point bigint;
    v_point_gln text;
    v_day date;
    v_agreement bigint;
    v_buyer text;
    v_lines jsonb;
    v_kind text;
    n int := 0;
BEGIN
    IF EXISTS (SELECT FROM polka.intake_orders) THEN
        RETURN false;
    END IF;
    IF p_dir IS NOT NULL THEN
        INSERT INTO polka.edi_providers (code, name, in_dir, out_dir)
        VALUES ('kontur', 'Контур.EDI', p_dir || '/in', p_dir || '/out') ON CONFLICT (code) DO NOTHING;
    END IF;
    FOR c IN SELECT p.id, p.code, row_number() OVER (ORDER BY p.id) AS k
               FROM polka.partners p
              WHERE p.segment = 'chain' AND p.kind = 'client'
                AND EXISTS (SELECT FROM polka.delivery_points d WHERE d.partner_id = p.id AND d.gln IS NOT NULL)
              ORDER BY p.id LIMIT 3 LOOP
        v_buyer := '46500010000' || c.k;
        v_buyer := v_buyer || polka.gs1_check_digit(v_buyer);
        INSERT INTO polka.intake_codes (kind, client_id, code, made_by) VALUES ('buyer', c.id, v_buyer, 'anna');
        -- The chain's own article numbers for some products of its assortment.
        INSERT INTO polka.intake_codes (kind, client_id, code, product_id, made_by)
        SELECT 'product', c.id, 'A-' || p.code, p.id, 'anna'
          FROM polka.assortment s JOIN polka.products p ON p.id = s.product_id
         WHERE s.client_id = c.id ORDER BY p.code LIMIT 10;
        -- A day of orders, one a message; the kinds of problem by turn.
        FOR m IN 1..8 LOOP
            SELECT x.id, x.gln INTO v_point, v_point_gln
              FROM (SELECT d.id, d.gln, row_number() OVER (ORDER BY d.id) AS r, count(*) OVER () AS n
                      FROM polka.delivery_points d
                     WHERE d.partner_id = c.id AND d.gln IS NOT NULL AND d.active
                       AND polka_demo.demo_route_day(d.id, p_today + 1) IS NOT NULL) x
             WHERE x.r = 1 + (m - 1) % x.n;
            CONTINUE WHEN v_point IS NULL;
            v_day := polka_demo.demo_route_day(v_point, p_today + 1);
            v_agreement := polka.client_agreement(c.id, v_day);
            CONTINUE WHEN v_agreement IS NULL;
            v_kind := CASE WHEN m <= 2 THEN 'clean'
                           ELSE (ARRAY['gtin', 'point', 'price', 'date', 'pack', 'assortment'])[m - 2] END;
            -- Six products of the assortment with a price (an article number for the mapped
            -- ones, else the GTIN), in whole packs at the chain's price (ours).
            SELECT jsonb_agg(jsonb_build_object(
                       'gtin', CASE WHEN x.article IS NULL THEN x.gtin END, 'article', x.article,
                       'name', x.name, 'qty', x.pack_qty * (1 + (x.r + m) % 4)
                                             + CASE WHEN v_kind = 'pack' AND x.r = 1 THEN 1 ELSE 0 END,
                       'unit', 'PCE',
                       'buyer_price', CASE WHEN v_kind = 'price' AND x.r = 2 THEN x.price - 1.50 ELSE x.price END)
                       ORDER BY x.r)
              INTO v_lines
              FROM (SELECT y.*, row_number() OVER (ORDER BY y.code) AS r FROM (
                    SELECT p.code, p.gtin, p.name, p.pack_qty, f.price,
                           (SELECT ic.code FROM polka.intake_codes ic
                             WHERE ic.kind = 'product' AND ic.client_id = c.id AND ic.product_id = p.id) AS article
                      FROM polka.products p
                      JOIN polka.assortment s ON s.product_id = p.id AND s.client_id = c.id
                      JOIN polka.price_for(v_agreement, ARRAY(SELECT s2.product_id FROM polka.assortment s2
                                                               WHERE s2.client_id = c.id), v_day) f
                        ON f.product_id = p.id AND f.price IS NOT NULL
                     WHERE p.active AND p.gtin IS NOT NULL
                     ORDER BY md5(p.code || m || c.k) LIMIT 6) y) x;
            CONTINUE WHEN v_lines IS NULL;
            IF v_kind = 'gtin' THEN
                v_lines := v_lines || jsonb_build_array(jsonb_build_object(
                    'gtin', '46599990000' || c.k || polka.gs1_check_digit('46599990000' || c.k),
                    'name', 'Сырок глазированный 40 г (их карточка)', 'qty', 20, 'unit', 'PCE'));
            ELSIF v_kind = 'assortment' THEN
                v_lines := v_lines || (SELECT jsonb_build_array(jsonb_build_object('gtin', p.gtin, 'name', p.name,
                                                                                   'qty', p.pack_qty, 'unit', 'PCE'))
                                         FROM polka.products p
                                        WHERE p.active AND p.gtin IS NOT NULL
                                          AND NOT EXISTS (SELECT FROM polka.assortment s
                                                           WHERE s.client_id = c.id AND s.product_id = p.id)
                                        ORDER BY p.code LIMIT 1);
            END IF;
            PERFORM polka.intake_receive(jsonb_build_object(
                'channel', 'edi', 'sender', v_buyer, 'number', format('%s-%s', 4500 + c.k * 100, m),
                'doc_date', p_today, 'message_ref', m, 'directory', 'D96A', 'buyer_gln', v_buyer,
                'point_gln', CASE WHEN v_kind = 'point' THEN '46588880000' || c.k || polka.gs1_check_digit('46588880000' || c.k)
                                  ELSE v_point_gln END,
                -- (the wrong day: a Sunday)
                'requested_on', CASE WHEN v_kind = 'date'
                                     THEN p_today + 7 - extract(isodow FROM p_today)::int
                                          + CASE WHEN extract(isodow FROM p_today) = 7 THEN 7 ELSE 0 END
                                     ELSE v_day END,
                'lines', v_lines));
            n := n + 1;
        END LOOP;
    END LOOP;
    -- Two shops' Excel order forms (by our codes, the row numbers of the form): one with
    -- everything right, one with a row not in whole packs and a code that is no product.
    FOR c IN SELECT p.id, p.code, row_number() OVER (ORDER BY p.id) AS k
               FROM polka.partners p
              WHERE p.segment = 'shop' AND p.kind = 'client'
                AND polka.client_agreement(p.id, p_today + 1) IS NOT NULL
                AND EXISTS (SELECT FROM polka.delivery_points d WHERE d.partner_id = p.id AND d.active)
              ORDER BY p.id LIMIT 2 LOOP
        v_day := polka.shipping_day(p_today, 1);
        SELECT jsonb_agg(jsonb_build_object('n', 7 + x.r, 'code', x.code,
                                            'qty', x.pack_qty * 2 + CASE WHEN c.k = 2 AND x.r = 1 THEN 1 ELSE 0 END)
                         ORDER BY x.r)
          INTO v_lines
          FROM (SELECT p.code, p.pack_qty, row_number() OVER (ORDER BY p.code) AS r
                  FROM polka.order_products(polka.client_agreement(c.id, v_day), v_day, c.id) p
                 WHERE p.price IS NOT NULL AND coalesce(p.in_assortment, true)
                 ORDER BY p.code LIMIT 5) x;
        CONTINUE WHEN v_lines IS NULL;
        IF c.k = 2 THEN
            v_lines := v_lines || jsonb_build_array(jsonb_build_object('n', 13, 'code', '9999999', 'qty', 4));
        END IF;
        PERFORM polka.intake_receive(jsonb_build_object(
            'channel', 'excel', 'sender', c.code, 'client_code', c.code, 'number', 'Заказ ' || c.k,
            'file_name', format('Бланк заказа %s.xlsx', c.code), 'requested_on', v_day, 'lines', v_lines));
        n := n + 1;
    END LOOP;
    -- Received in the morning, a few minutes apart.
    UPDATE polka.intake_orders
       SET received_at = (p_today::timestamp + time '07:30' + id * interval '4 minutes') AT TIME ZONE 'Europe/Moscow';
    RETURN n > 0;
END
$$;

-- An ORDERS interchange as the provider would put it into the inbound folder (`polka db demo`
-- writes it there for `polka edi poll`): two orders of the second demo chain for its first
-- point's next route day, one with every product known, one with a GTIN nobody knows.
CREATE OR REPLACE FUNCTION polka_demo.demo_edi_file(p_today date DEFAULT polka.business_day()) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_buyer text;
    v_client bigint;
    v_point text;
    v_day date;
    v_segs text[];
    v_body text := '';
    v_lines text;
BEGIN
    SELECT c.code, c.client_id INTO v_buyer, v_client FROM polka.intake_codes c
     WHERE c.kind = 'buyer' ORDER BY c.code OFFSET 1 LIMIT 1;
    SELECT d.gln, polka_demo.demo_route_day(d.id, p_today + 1) INTO v_point, v_day
      FROM polka.delivery_points d
     WHERE d.partner_id = v_client AND d.gln IS NOT NULL AND polka_demo.demo_route_day(d.id, p_today + 1) IS NOT NULL
     ORDER BY d.id DESC LIMIT 1;
    IF v_point IS NULL THEN
        RETURN NULL;
    END IF;
    FOR m IN 1..2 LOOP
        SELECT string_agg(format(E'LIN+%s++%s:SRV''\nIMD+F++:::%s''\nQTY+21:%s:PCE''', x.r, x.gtin,
                                 replace(replace(replace(replace(x.name, '?', '??'), '''', '?'''), '+', '?+'), ':', '?:'),
                                 trim_scale(x.qty)), E'\n' ORDER BY x.r)
          INTO v_lines
          FROM (SELECT CASE WHEN m = 2 AND y.r = 3 THEN '4659999000019' ELSE y.gtin END AS gtin, y.name, y.qty, y.r
                  FROM (SELECT p.gtin, p.name, p.pack_qty * 2 AS qty, row_number() OVER (ORDER BY p.code) AS r
                          FROM (SELECT p.* FROM polka.assortment s JOIN polka.products p ON p.id = s.product_id
                                 WHERE s.client_id = v_client AND p.gtin IS NOT NULL AND p.active
                                 ORDER BY p.code OFFSET 10 + m * 4 LIMIT 4) p) y) x;
        v_segs := ARRAY[format('UNH+%s+ORDERS:D:96A:UN:EAN008''', m),
                        format('BGM+220+DEMO-%s-%s+9''', to_char(p_today, 'YYYYMMDD'), m),
                        format('DTM+137:%s:102''', to_char(p_today, 'YYYYMMDD')),
                        format('DTM+2:%s:102''', to_char(v_day, 'YYYYMMDD')),
                        format('NAD+BY+%s::9''', v_buyer), format('NAD+DP+%s::9''', v_point),
                        v_lines, 'UNS+S'''];
        v_body := v_body || array_to_string(v_segs, E'\n') || E'\n'
                  || format(E'UNT+%s+%s''\n', 4 * 3 + 8, m);
    END LOOP;
    RETURN format(E'UNA:+.? ''\nUNB+UNOC:3+%s:14+4600000000008:14+%s:0800+%s''\n', v_buyer,
                  to_char(p_today, 'YYMMDD'), to_char(p_today, 'YYYYMMDD'))
           || v_body || format(E'UNZ+2+%s''\n', to_char(p_today, 'YYYYMMDD'));
END
$$;
