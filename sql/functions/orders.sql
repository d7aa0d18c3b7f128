-- orders.sql: orders: the client's context, catalog and usual products, the check and the save.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- May the logged-in person take or change orders of client p_client? Operators, the head and
-- admins any client's; a manager his own clients'; a sales representative those on his
-- routes (reps.sql).
CREATE OR REPLACE FUNCTION polka.order_rights_check(p_client bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF polka.has_role('operator') OR polka.has_role('head') OR polka.has_role('admin') THEN
        RETURN;
    END IF;
    IF polka.has_role('sales_rep') THEN
        IF polka.rep_serves(p_client) THEN
            RETURN;
        ELSIF NOT polka.has_role('manager') THEN
            RAISE EXCEPTION 'client % is not on your routes', p_client USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF NOT polka.has_role('manager') THEN
        RAISE EXCEPTION 'only operators, managers, the head and administrators take orders'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM polka.client_rights_check(p_client);
END
$$;
GRANT EXECUTE ON FUNCTION polka.order_rights_check(bigint) TO polka_user;

-- Clients for the order screen's type-ahead: by name, INN, phone or code (partner_search).
CREATE OR REPLACE FUNCTION polka.order_client_search(q text, lim int)
RETURNS TABLE (id bigint, code text, name text, inn text, phone text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.id, s.code, s.name, s.inn, s.phone FROM polka.partner_search(q, 10000) s
     WHERE s.kind = 'client' AND btrim(coalesce(q, '')) <> ''
     LIMIT least(greatest(coalesce(lim, 50), 1), 1000)
$$;
GRANT EXECUTE ON FUNCTION polka.order_client_search(text,integer) TO polka_user;

-- Everything the order screen needs about a client, read once when the client is chosen:
-- the client, its delivery points, the agreement and its terms, the default shipping day
-- (from p_from, default today, by the agreement's lead time and the calendar), what it owes
-- and how much of it is overdue, whether it has an assortment matrix.
CREATE OR REPLACE FUNCTION polka.order_context(p_client bigint, p_from date DEFAULT NULL) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    c polka.partners;
    a polka.agreements;
    d date := coalesce(p_from, polka.business_day());
    ship date;
BEGIN
    SELECT * INTO c FROM polka.partners WHERE id = p_client AND kind = 'client';
    IF NOT FOUND THEN PERFORM polka.not_found('client', p_client); END IF;
    -- The agreement in force on the day the order would ship with the typical lead time.
    SELECT * INTO a FROM polka.agreements
     WHERE id = polka.client_agreement(c.id, polka.shipping_day(d, 1));
    -- Now: an order taken after the cut-off misses the day (polka.first_shipping_day), the
    -- cut-off of the warehouse the client's points ship from when they all ship from one
    -- (else the main one's: the point is not chosen yet).
    ship := CASE WHEN p_from IS NULL
                 THEN polka.first_shipping_day((SELECT CASE WHEN count(DISTINCT w) = 1 THEN min(w) END
                                                  FROM (SELECT polka.order_warehouse(p.id) AS w
                                                          FROM polka.delivery_points p
                                                         WHERE p.partner_id = c.id AND p.active) pw),
                                               coalesce(a.lead_days, 1))
                 ELSE polka.shipping_day(d, coalesce(a.lead_days, 1)) END;
    IF a.id IS NOT NULL AND a.lead_days <> 1 THEN
        SELECT * INTO a FROM polka.agreements WHERE id = coalesce(polka.client_agreement(c.id, ship), a.id);
    END IF;
    RETURN jsonb_build_object(
        'client_id', c.id, 'client_code', c.code, 'client_name', c.name, 'segment', c.segment,
        'agreement_id', a.id, 'agreement_code', a.code, 'agreement_name', a.name,
        'lead_days', a.lead_days, 'ship_on', ship, 'credit_limit', a.credit_limit,
        'min_order', a.min_order, 'assortment_only', coalesce(a.assortment_only, false),
        'payment', a.payment,
        -- What the client owes, as the aging report reads it (payments.sql).
        'debt', (SELECT coalesce(sum(r.open), 0) FROM polka.receivables_open(d) r WHERE r.client_id = c.id),
        'overdue', (SELECT coalesce(sum(r.open), 0) FROM polka.receivables_open(d) r
                     WHERE r.client_id = c.id AND r.overdue_days > 0),
        'has_assortment', EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = c.id),
        -- The warehouse an order ships from without a point, and each point's (order_warehouse).
        'warehouse_id', polka.order_warehouse(NULL),
        'points', coalesce((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name,
                                                                'address', p.address,
                                                                'warehouse_id', polka.order_warehouse(p.id))
                                             ORDER BY p.name COLLATE polka.names, p.id)
                              FROM polka.delivery_points p WHERE p.partner_id = c.id AND p.active), '[]'));
END
$$;
GRANT EXECUTE ON FUNCTION polka.order_context(bigint,date) TO polka_user;

-- The warehouse an order ships from: its delivery point's, else the main one (else the first).
CREATE OR REPLACE FUNCTION polka.order_warehouse(p_point bigint) RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT coalesce((SELECT p.warehouse_id FROM polka.delivery_points p WHERE p.id = p_point),
                    (SELECT w.id FROM polka.warehouses w ORDER BY w.main DESC, w.id LIMIT 1));
END;
GRANT EXECUTE ON FUNCTION polka.order_warehouse(bigint) TO polka_user;

-- The products an order under agreement p_agreement shipping on p_on may have, with their
-- prices (price_for), VAT rate, pack, weight, free stock and whether they are in the client's
-- assortment matrix (p_client's, default the agreement's client): the screen loads them once per client and types with no round trip.
-- p_ids: only these products (the screen's look-ups while the whole catalog is still coming).
-- Free stock is on hand less what confirmed orders reserve (allocation fills that later), at the
-- warehouse the order ships from (order_warehouse of p_point: before, every warehouse's was
-- added up, and a Petersburg client's order showed Moscow's stock as free).
DROP FUNCTION IF EXISTS polka.order_products(bigint, date, bigint, bigint[]);
CREATE OR REPLACE FUNCTION polka.order_products(p_agreement bigint, p_on date, p_client bigint DEFAULT NULL,
                                               p_ids bigint[] DEFAULT NULL, p_point bigint DEFAULT NULL)
RETURNS TABLE (product_id bigint, code text, name text, unit text, scale smallint, pack_qty numeric,
               weight_kg numeric, vat_rate numeric, price numeric, promotion_code text,
               origin text, free numeric, in_assortment boolean)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH a AS (SELECT ag.id, coalesce(p_client, ag.client_id) AS client_id
                 FROM polka.agreements ag WHERE ag.id = p_agreement),
    pr AS (
        SELECT f.* FROM polka.price_for(p_agreement,
                                        (SELECT array_agg(p.id ORDER BY p.id) FROM polka.products p
                                          WHERE p.active AND (p_ids IS NULL OR p.id = ANY (p_ids))),
                                        p_on) f
    ),
    st AS (SELECT f.product_id, f.free AS qty FROM polka.stock_free(p_on, polka.order_warehouse(p_point)) f)
    SELECT p.id, p.code, p.name, p.unit, u.scale, p.pack_qty, p.weight_kg,
           polka.vat_rate(p.vat_code, p_on), pr.price, pr.promotion_code, pr.origin,
           coalesce(st.qty, 0),
           CASE WHEN NOT EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = (SELECT client_id FROM a))
                THEN NULL -- no matrix: nothing is outside it
                ELSE EXISTS (SELECT FROM polka.assortment s
                              WHERE s.client_id = (SELECT client_id FROM a) AND s.product_id = p.id) END
      FROM pr
      JOIN polka.products p ON p.id = pr.product_id
      JOIN polka.units u ON u.code = p.unit
      LEFT JOIN st ON st.product_id = p.id
     ORDER BY p.code
$$;
GRANT EXECUTE ON FUNCTION polka.order_products(bigint,date,bigint,bigint[],bigint) TO polka_user;

-- Whether every word of query starts a word of text (any case, ё as е; punctuation, «» and №
-- separate words): the order screen's product look-up by name, on the server.
CREATE OR REPLACE FUNCTION polka.words_start(text text, query text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(bool_and(position(' ' || w IN ' ' || t.h) > 0), true)
      FROM (SELECT translate(lower(text), 'ё«»()"„“”№,.;:/-', 'е               ') AS h) t,
           regexp_split_to_table(translate(lower(query), 'ё«»()"„“”№,.;:/-', 'е               '), '\s+') w
     WHERE w <> ''
$$;
GRANT EXECUTE ON FUNCTION polka.words_start(text,text) TO polka_user;

-- The client's usual assortment: products it ordered in the 90 days before p_on, most often
-- first, with the quantity of the last order that had them.
CREATE OR REPLACE FUNCTION polka.order_usual(p_client bigint, p_on date DEFAULT NULL, lim int DEFAULT 100)
RETURNS TABLE (product_id bigint, times bigint, last_qty numeric)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT l.product_id, count(*),
           (array_agg(l.qty ORDER BY o.taken_on DESC, o.id DESC))[1]
      FROM polka.orders o JOIN polka.order_lines l ON l.order_id = o.id
     WHERE o.client_id = p_client AND o.status <> 'cancelled'
       AND o.taken_on > coalesce(p_on, polka.business_day()) - 90
       AND o.taken_on <= coalesce(p_on, polka.business_day())
     GROUP BY l.product_id
     ORDER BY count(*) DESC, max(o.taken_on) DESC, l.product_id
     LIMIT least(greatest(coalesce(lim, 100), 1), 1000)
$$;
GRANT EXECUTE ON FUNCTION polka.order_usual(bigint,date,integer) TO polka_user;

-- The lines of the client's last order that was not cancelled.
CREATE OR REPLACE FUNCTION polka.order_last(p_client bigint)
RETURNS TABLE (product_id bigint, qty numeric, number text, taken_on date)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    WITH o AS (SELECT o.id, o.number, o.taken_on FROM polka.orders o
                WHERE o.client_id = p_client AND o.status <> 'cancelled'
                ORDER BY o.created_at DESC, o.id DESC LIMIT 1)
    SELECT l.product_id, l.qty, o.number, o.taken_on FROM o JOIN polka.order_lines l ON l.order_id = o.id
     ORDER BY l.n
$$;
GRANT EXECUTE ON FUNCTION polka.order_last(bigint) TO polka_user;

-- The order as one document: head and lines with product code and name.
CREATE OR REPLACE FUNCTION polka.order_get(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT polka.doc_found(
        (SELECT to_jsonb(o) - 'request_key'
                || jsonb_build_object('client_code', c.code, 'client_name', c.name,
                                      'point_name', dp.name, 'agreement_code', a.code,
                                      'lines', coalesce((
                    SELECT jsonb_agg(to_jsonb(l) || jsonb_build_object('code', p.code, 'name', p.name,
                                                                       'unit', p.unit) ORDER BY l.n)
                      FROM polka.order_lines l JOIN polka.products p ON p.id = l.product_id
                     WHERE l.order_id = o.id), '[]'))
           FROM polka.orders o
           JOIN polka.partners c ON c.id = o.client_id
           JOIN polka.agreements a ON a.id = o.agreement_id
           LEFT JOIN polka.delivery_points dp ON dp.id = o.point_id
          WHERE o.id = p_id), 'order', p_id)
$$;
GRANT EXECUTE ON FUNCTION polka.order_get(bigint) TO polka_user;

-- The checks an order gets before it is saved, as (code, message, blocking) rows: credit
-- limit, overdue debt, minimum order (warnings), products outside the client's assortment
-- matrix (blocking when the agreement says so); with the figures a screen words them in its
-- user's language from: figure (owed and ordered with this order; the overdue debt; the
-- order's amount), bound (the credit limit; the minimum order) and items (the products'
-- codes). doc as order_save's; amount: the order's total as priced (the screen's own figure;
-- the saved order's is the database's).
CREATE OR REPLACE FUNCTION polka.order_check(doc jsonb)
RETURNS TABLE (code text, message text, blocking boolean, figure numeric, bound numeric, items text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
    a polka.agreements;
    v_amount numeric := coalesce((polka.doc_text(doc, 'amount'))::numeric, 0);
    v_debt numeric;
    v_overdue numeric;
    v_outside text;
    v_id bigint := (doc ->> 'id')::bigint;
BEGIN
    SELECT * INTO a FROM polka.agreements WHERE id = (polka.doc_text(doc, 'agreement_id'))::bigint;
    SELECT coalesce(sum(r.open), 0), coalesce(sum(r.open) FILTER (WHERE r.overdue_days > 0), 0)
      INTO v_debt, v_overdue
      FROM polka.receivables_open(polka.business_day()) r WHERE r.client_id = v_client;
    -- Orders not yet shipped count against the limit too (other than this one).
    v_debt := v_debt + coalesce((SELECT sum(o.amount) FROM polka.orders o
                                  WHERE o.client_id = v_client AND o.status IN ('new', 'confirmed', 'partly_confirmed')
                                    AND o.id IS DISTINCT FROM v_id), 0);
    IF a.credit_limit IS NOT NULL AND v_debt + v_amount > a.credit_limit THEN
        RETURN QUERY SELECT 'credit_limit', format('credit limit %s exceeded: owed and ordered %s with this order',
                                                   a.credit_limit, v_debt + v_amount), false,
                            v_debt + v_amount, a.credit_limit, NULL::text;
    END IF;
    IF v_overdue > 0 THEN
        RETURN QUERY SELECT 'overdue', format('overdue debt %s', v_overdue), false, v_overdue, NULL::numeric,
                            NULL::text;
    END IF;
    IF a.min_order IS NOT NULL AND v_amount < a.min_order THEN
        RETURN QUERY SELECT 'min_order', format('the order is %s, the minimum under agreement %s is %s',
                                                v_amount, a.code, a.min_order), false,
                            v_amount, a.min_order, NULL::text;
    END IF;
    IF EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = v_client) THEN
        SELECT string_agg(p.code, ', ' ORDER BY p.code) INTO v_outside
          FROM polka.doc_rows(doc, 'lines') l JOIN polka.products p ON p.id = (l ->> 'product_id')::bigint
         WHERE NOT EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = v_client AND s.product_id = p.id);
        IF v_outside IS NOT NULL THEN
            RETURN QUERY SELECT 'assortment', format('outside the client''s assortment: %s', v_outside),
                                coalesce(a.assortment_only, false), NULL::numeric, NULL::numeric, v_outside;
        END IF;
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.order_check(jsonb) TO polka_user;

-- An order written from lines already checked and priced, in the caller's transaction: a new
-- one (p_id NULL: with key p_key; NULL when that key's order was committed alongside) or a new
-- one's header and lines replaced (p_id: locked and checked by the caller). The warehouse that
-- ships: the point's, else the main one. VAT rates by a join (what polka.vat_rate says, without
-- a function call per line), weights and the header's totals by the lines' own formulas: the
-- header is written once. Not for callers: order_save writes with it after its checks, and an
-- incoming order with nothing for a person after the intake's own (intake.sql), so every order
-- is written the same way.
CREATE OR REPLACE FUNCTION polka.order_write(p_key uuid, p_id bigint, p_client bigint, p_point bigint,
                                             p_agreement bigint, p_ship date, p_source text, p_comment text,
                                             p_products bigint[], p_qty numeric[], p_price numeric[],
                                             p_promo text[], p_origin text[]) RETURNS polka.orders
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.orders;
    v_wh bigint;
    v_vat numeric[];
    t_amount numeric;
    t_vat numeric;
    t_weight numeric;
BEGIN
    v_wh := polka.order_warehouse(p_point);
    IF v_wh IS NULL THEN
        RAISE EXCEPTION 'there is no warehouse to ship from: an administrator adds one first'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_warehouse_known';
    END IF;
    SELECT array_agg(vr.rate ORDER BY l.n), sum(x.amount), sum(round(x.amount * vr.rate / (100 + vr.rate), 2)),
           sum(l.qty * p.weight_kg)
      INTO v_vat, t_amount, t_vat, t_weight
      FROM unnest(p_products, p_qty, p_price) WITH ORDINALITY AS l(product_id, qty, price, n)
      JOIN polka.products p ON p.id = l.product_id
      LEFT JOIN LATERAL (SELECT r.rate FROM polka.vat_rates r
                          WHERE r.code = p.vat_code AND r.valid_from <= p_ship
                          ORDER BY r.valid_from DESC LIMIT 1) vr ON true
     CROSS JOIN LATERAL (SELECT round(l.qty * l.price, 2) AS amount) x;
    IF p_id IS NULL THEN
        INSERT INTO polka.orders (request_key, client_id, point_id, agreement_id, ship_on, source, comment,
                                  lines, amount, vat_amount, weight_kg, warehouse_id)
        VALUES (p_key, p_client, p_point, p_agreement, p_ship, p_source, p_comment, cardinality(p_products),
                t_amount, t_vat, t_weight, v_wh)
        ON CONFLICT (request_key) DO NOTHING
        RETURNING * INTO o;
        IF o.id IS NULL THEN
            RETURN NULL;
        END IF;
    ELSE
        UPDATE polka.orders
           SET request_key = p_key, client_id = p_client, point_id = p_point, agreement_id = p_agreement,
               ship_on = p_ship, warehouse_id = v_wh, status = 'new', comment = p_comment,
               lines = cardinality(p_products), amount = t_amount, vat_amount = t_vat, weight_kg = t_weight,
               version = version + 1, updated_at = now()
         WHERE id = p_id RETURNING * INTO o;
        DELETE FROM polka.order_lines WHERE order_id = o.id;
    END IF;
    INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount,
                                   promotion_code, price_origin)
    SELECT o.id, l.n, l.product_id, l.qty, l.price, l.vat_rate, x.amount,
           round(x.amount * l.vat_rate / (100 + l.vat_rate), 2), l.promotion_code, l.origin
      FROM unnest(p_products, p_qty, p_price, v_vat, p_promo, p_origin)
               WITH ORDINALITY AS l(product_id, qty, price, vat_rate, promotion_code, origin, n)
     CROSS JOIN LATERAL (SELECT round(l.qty * l.price, 2) AS amount) x;
    RETURN o;
END
$$;

-- One business action: saves a whole order (new, or an edit of a new one) in one transaction.
-- doc: key (a UUID made by the client for this save), id and version (an edit), client_id,
-- point_id, agreement_id, ship_on, source, comment, lines [{product_id, qty}], and visit_id
-- for an order a representative takes at a visit (the visit then names it). Returns
-- {id, number, version, amount, vat_amount, weight_kg, lines, replayed}: replayed is true
-- when this key was saved before (nothing is written again).
CREATE OR REPLACE FUNCTION polka.order_save(doc jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key uuid;
    v_id bigint := (doc ->> 'id')::bigint;
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
    v_point bigint := (polka.doc_text(doc, 'point_id'))::bigint;
    v_agreement bigint := (polka.doc_text(doc, 'agreement_id'))::bigint;
    v_ship date := (polka.doc_text(doc, 'ship_on'))::date;
    c polka.partners;
    a polka.agreements;
    o polka.orders;
    bad text;
    n_lines int;
    v_products bigint[];
    v_qty numeric[];
    v_price numeric[];
    v_promo text[];
    v_origin text[];
BEGIN
    BEGIN
        v_key := (polka.doc_text(doc, 'key'))::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
        v_key := NULL;
    END;
    IF v_key IS NULL THEN
        RAISE EXCEPTION 'an order is saved with a key made for the save (a UUID)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- An oversized document is refused before anything reads its lines.
    IF jsonb_typeof(doc -> 'lines') = 'array' AND jsonb_array_length(doc -> 'lines') > 2000 THEN
        RAISE EXCEPTION 'an order has 1 to 2000 lines, not %', jsonb_array_length(doc -> 'lines')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_lines_count';
    END IF;
    -- Sent before: the same answer, nothing written; but only to someone who may see that
    -- order, and for the same client (a key is the client's own random UUID: another order's
    -- key sent again is a forgery, not a retry).
    SELECT * INTO o FROM polka.orders WHERE request_key = v_key;
    IF FOUND THEN
        PERFORM polka.order_rights_check(o.client_id);
        IF o.client_id IS DISTINCT FROM v_client OR (v_id IS NOT NULL AND o.id <> v_id) THEN
            RAISE EXCEPTION 'this key was used by another order: save again (a new key is made)'
                USING ERRCODE = 'unique_violation', CONSTRAINT = 'orders_request_key';
        END IF;
        RETURN jsonb_build_object('id', o.id, 'number', o.number, 'version', o.version, 'amount', o.amount,
                                  'vat_amount', o.vat_amount, 'weight_kg', o.weight_kg, 'lines', o.lines,
                                  'replayed', true);
    END IF;

    IF v_client IS NULL THEN
        RAISE EXCEPTION 'an order needs a client' USING ERRCODE = 'not_null_violation', COLUMN = 'client_id';
    END IF;
    PERFORM polka.order_rights_check(v_client);
    SELECT * INTO c FROM polka.partners WHERE id = v_client AND kind = 'client';
    IF NOT FOUND THEN PERFORM polka.not_found('client', v_client); END IF;
    IF v_point IS NOT NULL AND NOT EXISTS (SELECT FROM polka.delivery_points p
                                            WHERE p.id = v_point AND p.partner_id = c.id AND p.active) THEN
        RAISE EXCEPTION 'delivery point % is not an active point of client %', v_point, c.code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_point_of_client';
    END IF;
    IF v_ship IS NULL OR v_ship < polka.business_day() OR v_ship > polka.business_day() + 366 THEN
        RAISE EXCEPTION 'shipping day % is not between today and a year ahead', v_ship
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_ship_on_valid';
    END IF;
    SELECT * INTO a FROM polka.agreements WHERE id = v_agreement;
    IF NOT FOUND OR NOT (a.client_id = c.id OR a.kind = 'typical' AND a.segment = c.segment) THEN
        RAISE EXCEPTION 'agreement % is not the client''s', v_agreement
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_agreement_of_client';
    END IF;
    IF a.status <> 'active' OR v_ship < a.valid_from OR v_ship > coalesce(a.valid_to, v_ship) THEN
        RAISE EXCEPTION 'agreement % is not in force on %', a.code, v_ship
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_agreement_in_force';
    END IF;

    -- The lines, validated before anything is written (arrays in line order: no temporary
    -- table, whose catalog rows would cost more than the order).
    BEGIN
        SELECT array_agg((x.l ->> 'product_id')::bigint ORDER BY x.n), array_agg((x.l ->> 'qty')::numeric ORDER BY x.n)
          INTO v_products, v_qty
          FROM polka.doc_rows(doc, 'lines') WITH ORDINALITY AS x(l, n);
    EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
        RAISE EXCEPTION 'a line''s product or quantity is not a number'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_qty_valid';
    END;
    n_lines := coalesce(cardinality(v_products), 0);
    IF n_lines = 0 OR n_lines > 2000 THEN
        RAISE EXCEPTION 'an order has 1 to 2000 lines, not %', n_lines
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_lines_count';
    END IF;
    SELECT string_agg(coalesce(l.product_id::text, '∅'), ', ') INTO bad FROM unnest(v_products) AS l(product_id)
     WHERE NOT EXISTS (SELECT FROM polka.products p WHERE p.id = l.product_id AND p.active);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown or inactive products: %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_product_known';
    END IF;
    SELECT string_agg(p.code, ', ') INTO bad FROM (
        SELECT l.product_id FROM unnest(v_products) AS l(product_id) GROUP BY l.product_id HAVING count(*) > 1) d
        JOIN polka.products p ON p.id = d.product_id;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'products on more than one line: %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_product_key';
    END IF;
    SELECT string_agg(format('%s %s', p.code, coalesce(l.qty::text, '∅')), ', ') INTO bad
      FROM unnest(v_products, v_qty) AS l(product_id, qty) JOIN polka.products p ON p.id = l.product_id
     WHERE l.qty IS NULL OR l.qty <= 0 OR l.qty >= 1000000;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'quantities must be above zero and below a million: %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_qty_valid';
    END IF;
    SELECT string_agg(format('%s %s (pack %s)', p.code, l.qty, p.pack_qty), ', ') INTO bad
      FROM unnest(v_products, v_qty) AS l(product_id, qty) JOIN polka.products p ON p.id = l.product_id
     WHERE l.qty % p.pack_qty <> 0;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'quantities not in whole packs: %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_pack_multiple';
    END IF;
    IF a.assortment_only AND EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = c.id) THEN
        SELECT string_agg(p.code, ', ' ORDER BY p.code) INTO bad
          FROM unnest(v_products) AS l(product_id) JOIN polka.products p ON p.id = l.product_id
         WHERE NOT EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = c.id AND s.product_id = l.product_id);
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION 'outside the client''s assortment: %', bad
                USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_in_assortment';
        END IF;
    END IF;
    -- Prices by price_for on the shipping day, in line order.
    SELECT array_agg(f.price ORDER BY l.n), array_agg(f.promotion_code ORDER BY l.n),
           array_agg(f.origin ORDER BY l.n), string_agg(p.code, ', ' ORDER BY l.n) FILTER (WHERE f.price IS NULL)
      INTO v_price, v_promo, v_origin, bad
      FROM unnest(v_products) WITH ORDINALITY AS l(product_id, n)
      JOIN polka.price_for(a.id, v_products, v_ship) f ON f.product_id = l.product_id
      JOIN polka.products p ON p.id = l.product_id;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'no price under agreement % on % for: %', a.code, v_ship, bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'order_lines_priced';
    END IF;

    IF v_id IS NOT NULL THEN
        SELECT * INTO o FROM polka.orders WHERE id = v_id FOR UPDATE;
        IF NOT FOUND THEN PERFORM polka.not_found('order', v_id); END IF;
        PERFORM polka.order_rights_check(o.client_id);
        -- Being picked says more than "changed by someone else" (picking moved the version).
        PERFORM polka.order_picking_check(o);
        IF o.version IS DISTINCT FROM (doc ->> 'version')::int THEN
            RAISE EXCEPTION 'order % was changed by someone else; reload it', o.number USING ERRCODE = 'PLK01';
        END IF;
        IF o.status NOT IN ('new', 'confirmed', 'partly_confirmed') THEN
            RAISE EXCEPTION 'order % is %: only a new or confirmed order is changed', o.number, o.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_edit_new_only';
        END IF;
        -- A confirmed order changed goes back to new: what it held is released, and the
        -- planner's next run confirms it again.
        PERFORM polka.order_release(ARRAY[o.id]);
    END IF;
    o := polka.order_write(v_key, v_id, c.id, v_point, a.id, v_ship, coalesce(polka.doc_text(doc, 'source'), 'phone'),
                           polka.doc_text(doc, 'comment'), v_products, v_qty, v_price, v_promo, v_origin);
    IF o.id IS NULL THEN -- the same key committed alongside: its answer
        RETURN polka.order_save(doc);
    END IF;
    -- Taken at a representative's visit: the visit names it, in the same transaction (reps.sql).
    IF doc ? 'visit_id' THEN
        PERFORM polka.rep_visit_order((polka.doc_text(doc, 'visit_id'))::bigint, o.id);
    END IF;
    RETURN jsonb_build_object('id', o.id, 'number', o.number, 'version', o.version, 'amount', o.amount,
                              'vat_amount', o.vat_amount, 'weight_kg', o.weight_kg, 'lines', o.lines,
                              'replayed', false);
END
$$;
GRANT EXECUTE ON FUNCTION polka.order_save(jsonb) TO polka_user;

-- One business action: cancels an order that has not shipped, with a reason.
CREATE OR REPLACE FUNCTION polka.order_cancel(p_id bigint, p_reason text, p_version int DEFAULT NULL) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.orders;
BEGIN
    SELECT * INTO o FROM polka.orders WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('order', p_id); END IF;
    PERFORM polka.order_rights_check(o.client_id);
    PERFORM polka.order_picking_check(o);
    IF p_version IS NOT NULL AND o.version <> p_version THEN
        RAISE EXCEPTION 'order % was changed by someone else; reload it', o.number USING ERRCODE = 'PLK01';
    END IF;
    IF o.status NOT IN ('new', 'confirmed', 'partly_confirmed') THEN
        RAISE EXCEPTION 'order % is %: it cannot be cancelled', o.number, o.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_cancel_not_shipped';
    END IF;
    IF p_reason IS NULL OR NOT polka.text_ok(p_reason, 500) THEN
        RAISE EXCEPTION 'a cancellation needs a reason (at most 500 characters)'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_cancel_reason_valid';
    END IF;
    PERFORM polka.order_release(ARRAY[o.id]);
    UPDATE polka.orders SET status = 'cancelled', cancel_reason = p_reason, version = version + 1,
                            updated_at = now()
     WHERE id = p_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.order_cancel(bigint,text,integer) TO polka_user;

-- Orders for the list: taken on day p_on (NULL: any day), of client p_client (NULL: any),
-- with status p_status (NULL: any), taken by the user himself when p_mine, matching q (number,
-- client code or name, the login of who took it); newest first.
CREATE OR REPLACE FUNCTION polka.order_list(p_on date, p_client bigint, p_status text, p_mine boolean, q text, lim int)
RETURNS TABLE (id bigint, number text, taken_on date, taken_at text, client_id bigint, client_code text,
               client_name text, ship_on date, status text, lines int, amount numeric, taken_by text,
               version int)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT o.id, o.number, o.taken_on,
           to_char(o.created_at AT TIME ZONE coalesce((SELECT s.value FROM polka.settings s WHERE s.key = 'business_tz'),
                                                      'Europe/Moscow'), 'HH24:MI'),
           c.id, c.code, c.name, o.ship_on, o.status, o.lines, o.amount, o.taken_by, o.version
      FROM polka.orders o JOIN polka.partners c ON c.id = o.client_id
     WHERE (p_on IS NULL OR o.taken_on = p_on)
       AND (p_client IS NULL OR o.client_id = p_client)
       AND (p_status IS NULL OR o.status = p_status)
       AND (NOT coalesce(p_mine, false) OR o.taken_by = session_user)
       AND (btrim(coalesce(q, '')) = '' OR o.number = btrim(q) OR starts_with(c.code, btrim(q))
            OR o.taken_by = btrim(q)
            OR lower(c.name) LIKE polka.like_contains(btrim(q)))
     ORDER BY o.created_at DESC, o.id DESC
     LIMIT least(greatest(coalesce(lim, 500), 1), 10000)
$$;
GRANT EXECUTE ON FUNCTION polka.order_list(date,bigint,text,boolean,text,integer) TO polka_user;

