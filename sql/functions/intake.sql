-- needs schema 036
-- intake.sql: incoming orders (EDI, the client's Excel file; schema 032): received, checked,
-- made into orders by the phone's save, or held in the intake queue with their problems for
-- an operator, who fixes them (mappings remembered), accepts or refuses.

SET LOCAL ROLE polka_owner;

-- Who takes incoming orders: as for the phone (operators, the head, administrators; a manager
-- his clients'), and the unknown buyer's only with every client in sight.
CREATE OR REPLACE FUNCTION polka.intake_rights_check(p_client bigint) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF p_client IS NULL AND NOT (polka.has_role('operator') OR polka.has_role('head') OR polka.has_role('admin')) THEN
        RAISE EXCEPTION 'only operators, the head and administrators take orders from unknown buyers'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_client IS NOT NULL THEN
        PERFORM polka.order_rights_check(p_client);
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_rights_check(bigint) TO polka_user;

-- A quantity in the message's unit as the order's: cartons and packs (EANCOM CT, PA, PK,
-- CS, BX) times the product's pack; pieces, kilograms and no unit as they are.
CREATE OR REPLACE FUNCTION polka.intake_qty(p_qty numeric, p_unit text, p_pack numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN upper(p_unit) IN ('CT', 'PA', 'PK', 'CS', 'BX') THEN p_qty * p_pack ELSE p_qty END;
GRANT EXECUTE ON FUNCTION polka.intake_qty(numeric, text, numeric) TO polka_user;

-- What an incoming order's header means to us, worked out from what it said and the
-- mappings (no writes): the client (by the buyer's GLN, else by the delivery point's), the
-- point, the shipping day (the one asked for unless a person chose another), with the
-- header's problems in problems; agreement: the client's on that day.
CREATE OR REPLACE FUNCTION polka.intake_header(INOUT o polka.intake_orders, OUT agreement bigint)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_today date := polka.business_day();
BEGIN
    o.problems := '{}';
    -- The buyer: a GLN mapped to a client; else the client whose point has the point's GLN.
    IF o.client_id IS NULL THEN
        o.client_id := coalesce(
            (SELECT c.client_id FROM polka.intake_codes c JOIN polka.partners p ON p.id = c.client_id AND p.kind = 'client'
              WHERE c.kind = 'buyer' AND c.code = o.buyer_gln),
            (SELECT d.partner_id FROM polka.delivery_points d JOIN polka.partners p ON p.id = d.partner_id AND p.kind = 'client'
              WHERE d.gln = o.point_gln));
    END IF;
    -- The point: the client's with that GLN, or one mapped to it; with no GLN, the client's
    -- only active point.
    IF o.point_id IS NULL AND o.client_id IS NOT NULL THEN
        IF o.point_gln IS NOT NULL THEN
            o.point_id := coalesce(
                (SELECT d.id FROM polka.delivery_points d
                  WHERE d.gln = o.point_gln AND d.partner_id = o.client_id AND d.active),
                (SELECT c.point_id FROM polka.intake_codes c JOIN polka.delivery_points d ON d.id = c.point_id AND d.active
                  WHERE c.kind = 'point' AND c.client_id = o.client_id AND c.code = o.point_gln));
        ELSIF o.point_name IS NOT NULL THEN
            SELECT min(d.id) INTO o.point_id FROM polka.delivery_points d
             WHERE d.partner_id = o.client_id AND d.active AND d.name = o.point_name HAVING count(*) = 1;
        ELSE
            SELECT min(d.id) INTO o.point_id FROM polka.delivery_points d
             WHERE d.partner_id = o.client_id AND d.active HAVING count(*) = 1;
        END IF;
    END IF;
    o.ship_on := coalesce(o.ship_on, o.requested_on);
    IF o.client_id IS NULL THEN
        o.problems := o.problems || 'buyer'::text;
    ELSE
        agreement := polka.client_agreement(o.client_id, coalesce(o.ship_on, v_today));
        IF agreement IS NULL THEN
            o.problems := o.problems || 'agreement'::text;
        END IF;
        IF o.point_id IS NULL AND (o.point_gln IS NOT NULL OR o.point_name IS NOT NULL
                                   OR EXISTS (SELECT FROM polka.delivery_points d
                                               WHERE d.partner_id = o.client_id AND d.active)) THEN
            o.problems := o.problems || 'point'::text;
        END IF;
    END IF;
    -- The day: from today to a year ahead, a working day, one the point's routes run on.
    IF o.ship_on IS NULL OR o.ship_on < v_today OR o.ship_on > v_today + 366
       OR NOT polka.is_working_day(o.ship_on)
       OR o.point_id IS NOT NULL
          AND EXISTS (SELECT FROM polka.route_points rp JOIN polka.routes r ON r.id = rp.route_id AND r.active
                       WHERE rp.point_id = o.point_id)
          AND NOT EXISTS (SELECT FROM polka.route_points rp JOIN polka.routes r ON r.id = rp.route_id AND r.active
                           WHERE rp.point_id = o.point_id
                             AND strpos(r.weekdays, extract(isodow FROM o.ship_on)::text) > 0) THEN
        o.problems := o.problems || 'date'::text;
    END IF;
END
$$;
-- (The card shows an incoming order as it is worked out now: polka.intake_get, as its reader.)
GRANT EXECUTE ON FUNCTION polka.intake_header(polka.intake_orders) TO polka_user;

-- What an incoming order's lines mean to us (no writes): each line's product (ours by GTIN or
-- code, else the client's codes mapped: the buyer's article first, then the GTIN, then the
-- code), quantity in our units, our price on the day (price_for, as the order will have it,
-- with the promotion and where the price came from, for the order's lines) and its first
-- problem in the order a person fixes them.
DROP FUNCTION IF EXISTS polka.intake_lines_worked(polka.intake_orders, bigint, polka.intake_lines[]);
CREATE OR REPLACE FUNCTION polka.intake_lines_worked(o polka.intake_orders, p_agreement bigint,
                                                     p_lines polka.intake_lines[])
RETURNS TABLE (line polka.intake_lines, promotion_code text, origin text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_assortment boolean := o.client_id IS NOT NULL
                            AND EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = o.client_id);
BEGIN
    -- (Each product by its key, LATERAL: a join let the planner hash the whole catalog for an
    -- order's thirty lines.)
    RETURN QUERY
    WITH l AS (
        SELECT x.*, coalesce(
                   (SELECT p.id FROM polka.products p WHERE p.gtin = x.gtin),
                   (SELECT c.product_id FROM polka.intake_codes c
                     WHERE c.kind = 'product' AND c.client_id = o.client_id AND c.code = x.article),
                   (SELECT c.product_id FROM polka.intake_codes c
                     WHERE c.kind = 'product' AND c.client_id = o.client_id AND c.code = x.gtin),
                   (SELECT p.id FROM polka.products p WHERE p.code = x.code),
                   (SELECT c.product_id FROM polka.intake_codes c
                     WHERE c.kind = 'product' AND c.client_id = o.client_id AND c.code = x.code)) AS found
          FROM unnest(p_lines) x),
    f AS (
        SELECT f.product_id, f.price, f.promotion_code, f.origin
          FROM polka.price_for(p_agreement, ARRAY(SELECT DISTINCT l.found FROM l WHERE l.found IS NOT NULL),
                               o.ship_on) f
         WHERE p_agreement IS NOT NULL AND o.ship_on IS NOT NULL),
    w AS (
        SELECT l.*, p.active, p.pack_qty, f.price AS our_price, f.promotion_code AS our_promo, f.origin AS our_origin,
               polka.intake_qty(l.qty, l.unit, p.pack_qty) AS our_qty,
               coalesce(l.taken_qty, polka.intake_qty(l.qty, l.unit, p.pack_qty)) AS take_qty,
               count(*) FILTER (WHERE coalesce(l.taken_qty, 1) <> 0) OVER (PARTITION BY l.found) > 1 AS twice,
               v_assortment AND EXISTS (SELECT FROM polka.assortment s
                                         WHERE s.client_id = o.client_id AND s.product_id = l.found) AS in_assortment
          FROM l LEFT JOIN LATERAL (SELECT p.active, p.pack_qty FROM polka.products p WHERE p.id = l.found) p ON true
          LEFT JOIN f ON f.product_id = l.found)
    SELECT ROW(w.id, w.intake_id, w.n, w.gtin, w.code, w.article, w.name, w.qty, w.unit, w.buyer_price, w.promo,
           w.segment, w.found, w.our_qty::numeric(14, 3), w.our_price::numeric(14, 2),
           CASE WHEN w.taken_qty = 0 THEN NULL -- not taken: nothing to fix
                WHEN w.found IS NULL THEN 'product'
                WHEN NOT w.active THEN 'inactive'
                WHEN w.twice THEN 'twice'
                WHEN w.take_qty IS NULL OR w.take_qty <= 0 OR w.take_qty >= 1000000 THEN 'qty'
                WHEN w.take_qty % w.pack_qty <> 0 THEN 'pack'
                WHEN p_agreement IS NOT NULL AND w.our_price IS NULL THEN 'no_price'
                WHEN v_assortment AND NOT w.in_assortment THEN 'assortment'
                WHEN w.buyer_price IS NOT NULL AND w.our_price IS NOT NULL AND w.buyer_price <> w.our_price THEN 'price'
           END, w.taken_qty)::polka.intake_lines, w.our_promo, w.our_origin
      FROM w ORDER BY w.n;
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_lines_worked(polka.intake_orders, bigint, polka.intake_lines[]) TO polka_user;

-- The problems of a header and its lines: the header's, then the lines' once each in the
-- order a person fixes them.
-- (plpgsql: see polka.business_tz.)
CREATE OR REPLACE FUNCTION polka.intake_problems(p_header text[], p_lines text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN p_header || coalesce((SELECT array_agg(x.p ORDER BY array_position(
                                                ARRAY['product', 'inactive', 'twice', 'qty', 'pack', 'no_price',
                                                      'assortment', 'price'], x.p))
                                   FROM (SELECT DISTINCT p FROM unnest(p_lines) p WHERE p IS NOT NULL) x), '{}');
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_problems(text[], text[]) TO polka_user;

-- An incoming order worked out again (after an operator's fixes, before accepting) and
-- written: the header, its lines, its problems; the state attention when there is a problem,
-- else received (intake_take makes the order). Not for callers: the functions below call it
-- within their transaction.
CREATE OR REPLACE FUNCTION polka.intake_resolve(p_id bigint) RETURNS polka.intake_orders
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
    h record;
    v_lines polka.intake_lines[];
BEGIN
    SELECT * INTO o FROM polka.intake_orders WHERE id = p_id FOR UPDATE;
    IF o.state IN ('accepted', 'refused') THEN
        RETURN o;
    END IF;
    h := polka.intake_header(o);
    SELECT array_agg(w.line ORDER BY (w.line).n) INTO v_lines
      FROM polka.intake_lines_worked(h.o, h.agreement,
                                     ARRAY(SELECT l FROM polka.intake_lines l WHERE l.intake_id = o.id)) w;
    UPDATE polka.intake_lines l
       SET product_id = w.product_id, order_qty = w.order_qty, price = w.price, problem = w.problem
      FROM unnest(v_lines) w
     WHERE l.id = w.id AND (l.product_id, l.order_qty, l.price, l.problem)
                           IS DISTINCT FROM (w.product_id, w.order_qty, w.price, w.problem);
    o := h.o;
    o.problems := polka.intake_problems(o.problems, ARRAY(SELECT w.problem FROM unnest(v_lines) w));
    UPDATE polka.intake_orders
       SET client_id = o.client_id, point_id = o.point_id, ship_on = o.ship_on, problems = o.problems,
           state = CASE WHEN cardinality(o.problems) > 0 THEN 'attention' ELSE 'received' END
     WHERE id = o.id RETURNING * INTO o;
    RETURN o;
END
$$;

-- Whether a problem stops an order being made of the message even when a person accepts it:
-- all do but a price that differs (ours is taken, the buyer hears it in the ORDRSP) and a
-- product outside the assortment where the agreement allows it.
CREATE OR REPLACE FUNCTION polka.intake_blocking(o polka.intake_orders) RETURNS text[]
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN ARRAY(SELECT p FROM unnest(o.problems) p
                  WHERE p <> 'price'
                    AND NOT (p = 'assortment'
                             AND NOT coalesce((SELECT a.assortment_only FROM polka.agreements a
                                                WHERE a.id = polka.client_agreement(o.client_id, o.ship_on)), false)));
END
$$;

-- The key of the order an incoming one makes, from the channel, sender and number: the same
-- message is the same order whenever and however often it is saved.
CREATE OR REPLACE FUNCTION polka.intake_order_key(o polka.intake_orders) RETURNS uuid
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN md5(format('polka intake %s %s %s', o.channel, o.sender, o.number))::uuid;
END
$$;

-- The comment of the order an incoming one makes: the channel, its number and date.
CREATE OR REPLACE FUNCTION polka.intake_order_comment(o polka.intake_orders) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN left(format('%s %s%s', CASE o.channel WHEN 'edi' THEN 'EDI' ELSE 'Excel' END, o.number,
                       CASE WHEN o.doc_date IS NULL THEN '' ELSE ' ' || to_char(o.doc_date, 'DD.MM.YYYY') END),
                1000);
END
$$;

-- The order an incoming one makes, as the phone's save takes it (source edi or excel), with
-- the message's key: each line at the operator's quantity if one was set, the lines not taken
-- (0) left out.
CREATE OR REPLACE FUNCTION polka.intake_order_doc(o polka.intake_orders, p_lines polka.intake_lines[]) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
RETURN jsonb_build_object(
    'key', polka.intake_order_key(o), 'client_id', o.client_id,
    'point_id', o.point_id, 'agreement_id', polka.client_agreement(o.client_id, o.ship_on), 'ship_on', o.ship_on,
    'source', o.channel, 'comment', polka.intake_order_comment(o),
    'lines', (SELECT jsonb_agg(jsonb_build_object('product_id', l.product_id, 'qty', coalesce(l.taken_qty, l.order_qty))
                               ORDER BY l.n)
                FROM unnest(p_lines) l WHERE coalesce(l.taken_qty, l.order_qty) IS DISTINCT FROM 0));
END
$$;

-- An incoming order received before, accepted now: its order made through the phone's save.
CREATE OR REPLACE FUNCTION polka.intake_take(o polka.intake_orders) RETURNS polka.intake_orders
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    saved jsonb := polka.order_save(polka.intake_order_doc(
                       o, ARRAY(SELECT l FROM polka.intake_lines l WHERE l.intake_id = o.id)));
BEGIN
    UPDATE polka.intake_orders
       SET client_id = o.client_id, point_id = o.point_id, ship_on = o.ship_on, problems = o.problems,
           state = 'accepted', order_id = (saved ->> 'id')::bigint, decided_at = now(), decided_by = session_user,
           version = version + 1
     WHERE id = o.id RETURNING * INTO o;
    RETURN o;
END
$$;

-- The answer the intake functions give: the intake as it is now, with its order's number.
CREATE OR REPLACE FUNCTION polka.intake_answer(o polka.intake_orders, p_replayed boolean) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN jsonb_build_object('id', o.id, 'state', o.state, 'problems', to_jsonb(o.problems),
                              'order_id', o.order_id, 'version', o.version, 'replayed', p_replayed,
                              'order_number', (SELECT r.number FROM polka.orders r WHERE r.id = o.order_id));
END
$$;

-- One business action: an incoming order received, in one transaction: written as it came,
-- checked, and made into an order when nothing needs a person. doc: channel (edi, excel),
-- file_id, file_name, sender, number, doc_date, message_ref, directory, buyer_gln, point_gln,
-- supplier_gln, requested_on, promo, client_id or client_code and point_name (Excel: the
-- client the form is for, the point chosen by name), lines [{n (the line's number: the form's
-- row), gtin, code, article, name, qty, unit, buyer_price, promo, segment}]. The same sender and
-- number again is the one received before: its answer, with replayed true, nothing written.
CREATE OR REPLACE FUNCTION polka.intake_receive(doc jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
    h record;
    v_lines polka.intake_lines[];
    v_problems text[];
    v_products bigint[];
    v_qty numeric[];
    v_prices numeric[];
    v_promo text[];
    v_origin text[];
    v_key uuid;
    v_order bigint;
    v_wrote boolean := false; -- the order is this session's
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
    n_lines int;
BEGIN
    -- The Excel form names its client by code.
    IF v_client IS NULL AND polka.doc_text(doc, 'client_code') IS NOT NULL THEN
        SELECT c.id INTO v_client FROM polka.partners c WHERE c.code = polka.doc_text(doc, 'client_code') AND c.kind = 'client';
        IF v_client IS NULL THEN
            PERFORM polka.not_found('client', polka.doc_text(doc, 'client_code'));
        END IF;
    END IF;
    PERFORM polka.intake_rights_check(v_client);
    IF jsonb_typeof(doc -> 'lines') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'an incoming order has 1 to 2000 lines, not none'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'intake_orders_lines_count';
    END IF;
    n_lines := jsonb_array_length(doc -> 'lines');
    IF n_lines = 0 OR n_lines > 2000 THEN
        RAISE EXCEPTION 'an incoming order has 1 to 2000 lines, not %', n_lines
            USING ERRCODE = 'check_violation', CONSTRAINT = 'intake_orders_lines_count';
    END IF;
    -- Received before: its answer, nothing written.
    SELECT * INTO o FROM polka.intake_orders
     WHERE channel = polka.doc_text(doc, 'channel') AND sender = polka.doc_text(doc, 'sender')
       AND number = polka.doc_text(doc, 'number');
    IF FOUND THEN
        RETURN polka.intake_answer(o, true);
    END IF;
    -- Worked out before anything is written: the header and the lines go in once, as they
    -- mean to us; with nothing for a person, the order first (its key is the message's).
    o := jsonb_populate_record(NULL::polka.intake_orders, jsonb_build_object(
        'channel', polka.doc_text(doc, 'channel'), 'file_id', polka.doc_text(doc, 'file_id'),
        'file_name', polka.doc_text(doc, 'file_name'), 'sender', polka.doc_text(doc, 'sender'),
        'number', polka.doc_text(doc, 'number'), 'doc_date', polka.doc_text(doc, 'doc_date'),
        'message_ref', polka.doc_text(doc, 'message_ref'), 'directory', polka.doc_text(doc, 'directory'),
        'buyer_gln', polka.doc_text(doc, 'buyer_gln'), 'point_gln', polka.doc_text(doc, 'point_gln'),
        'supplier_gln', polka.doc_text(doc, 'supplier_gln'), 'requested_on', polka.doc_text(doc, 'requested_on'),
        'point_name', polka.doc_text(doc, 'point_name'),
        'promo', coalesce((doc ->> 'promo')::boolean, false), 'client_id', v_client));
    h := polka.intake_header(o);
    SELECT array_agg(w.line ORDER BY (w.line).n), array_agg((w.line).problem ORDER BY (w.line).n),
           array_agg((w.line).product_id ORDER BY (w.line).n), array_agg((w.line).order_qty ORDER BY (w.line).n),
           array_agg((w.line).price ORDER BY (w.line).n), array_agg(w.promotion_code ORDER BY (w.line).n),
           array_agg(w.origin ORDER BY (w.line).n)
      INTO v_lines, v_problems, v_products, v_qty, v_prices, v_promo, v_origin
      FROM polka.intake_lines_worked(h.o, h.agreement, ARRAY(
               SELECT ROW(NULL, NULL, coalesce((polka.doc_text(x.l, 'n'))::int, x.n::int), polka.doc_text(x.l, 'gtin'),
                          polka.doc_text(x.l, 'code'),
                          polka.doc_text(x.l, 'article'), polka.doc_text(x.l, 'name'),
                          (polka.doc_text(x.l, 'qty'))::numeric, polka.doc_text(x.l, 'unit'),
                          (polka.doc_text(x.l, 'buyer_price'))::numeric, coalesce((x.l ->> 'promo')::boolean, false),
                          (polka.doc_text(x.l, 'segment'))::int, NULL, NULL, NULL, NULL, NULL)::polka.intake_lines
                 FROM jsonb_array_elements(doc -> 'lines') WITH ORDINALITY AS x(l, n))) w;
    o := h.o;
    o.problems := polka.intake_problems(o.problems, v_problems);
    -- Nothing for a person: the order written as the phone's save writes it (order_write), from
    -- the lines as worked out here: every check the save makes (the client's point, the day, the
    -- agreement in force, known active products once each, quantities in whole packs, priced,
    -- the assortment) is a problem above, so none stands.
    IF cardinality(o.problems) = 0 THEN
        PERFORM polka.order_rights_check(o.client_id);
        v_key := polka.intake_order_key(o);
        v_order := (polka.order_write(v_key, NULL, o.client_id, o.point_id, h.agreement, o.ship_on, o.channel,
                                      polka.intake_order_comment(o), v_products, v_qty, v_prices, v_promo,
                                      v_origin)).id;
        v_wrote := v_order IS NOT NULL;
        IF v_order IS NULL THEN -- the same message's order committed alongside
            SELECT r.id INTO v_order FROM polka.orders r WHERE r.request_key = v_key;
        END IF;
    END IF;
    INSERT INTO polka.intake_orders (channel, file_id, file_name, sender, number, doc_date, message_ref, directory,
                                     buyer_gln, point_gln, point_name, supplier_gln, requested_on, promo, client_id,
                                     point_id, ship_on, state, problems, order_id, decided_at, decided_by, lines)
    VALUES (o.channel, o.file_id, o.file_name, o.sender, o.number, o.doc_date, o.message_ref, o.directory,
            o.buyer_gln, o.point_gln, o.point_name, o.supplier_gln, o.requested_on, o.promo, o.client_id, o.point_id,
            o.ship_on,
            CASE WHEN v_order IS NULL THEN 'attention' ELSE 'accepted' END, o.problems, v_order,
            CASE WHEN v_order IS NOT NULL THEN now() END, CASE WHEN v_order IS NOT NULL THEN session_user END, n_lines)
    ON CONFLICT (channel, sender, number) DO NOTHING
    RETURNING * INTO o;
    IF o.id IS NULL THEN -- the same message received alongside: its answer (the same order)
        -- Unless this session wrote an order of its own (the other held the message for a
        -- person: no order to meet at): that order would have no incoming order behind it
        -- (and be shipped), so all of this is undone, to be received again (as the poll does
        -- once), which finds the other's.
        IF v_wrote THEN
            RAISE EXCEPTION 'incoming order % was received by another session at the same time; receive it again',
                            polka.doc_text(doc, 'number') USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN polka.intake_receive(doc);
    END IF;
    INSERT INTO polka.intake_lines (intake_id, n, gtin, code, article, name, qty, unit, buyer_price, promo, segment,
                                    product_id, order_qty, price, problem)
    SELECT o.id, w.n, w.gtin, w.code, w.article, w.name, w.qty, w.unit, w.buyer_price, w.promo, w.segment,
           w.product_id, w.order_qty, w.price, w.problem
      FROM unnest(v_lines) w;
    RETURN polka.intake_answer(o, false);
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_receive(jsonb) TO polka_user;

-- The intake card: the header as the message said it and as it means to us, the lines, the
-- problems (codes, worded by the screen). One not decided yet is shown as it is worked out now
-- (intake_resolve's work, nothing written): a mapping remembered since it was received, from
-- another message of the chain, counts already.
CREATE OR REPLACE FUNCTION polka.intake_get(p_id bigint) RETURNS jsonb
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
    h record;
    v_lines polka.intake_lines[];
BEGIN
    SELECT * INTO o FROM polka.intake_orders WHERE id = p_id;
    IF NOT FOUND THEN PERFORM polka.not_found('incoming order', p_id); END IF;
    IF o.state IN ('accepted', 'refused') THEN
        v_lines := ARRAY(SELECT l FROM polka.intake_lines l WHERE l.intake_id = o.id);
    ELSE
        h := polka.intake_header(o);
        v_lines := ARRAY(SELECT w.line FROM polka.intake_lines_worked(h.o, h.agreement,
                                     ARRAY(SELECT l FROM polka.intake_lines l WHERE l.intake_id = o.id)) w);
        o := h.o;
        o.problems := polka.intake_problems(o.problems, ARRAY(SELECT w.problem FROM unnest(v_lines) w));
        o.state := CASE WHEN cardinality(o.problems) > 0 THEN 'attention' ELSE 'received' END;
    END IF;
    RETURN to_jsonb(o) - 'problems' || jsonb_build_object(
        'problems', array_to_string(o.problems, ','),
        'problem', o.problems[1],
        'client_id.label', (SELECT c.name || ' (' || c.code || ')' FROM polka.partners c WHERE c.id = o.client_id),
        'point_id.label', (SELECT c.name || ': ' || d.name FROM polka.delivery_points d
                             JOIN polka.partners c ON c.id = d.partner_id WHERE d.id = o.point_id),
        'order_number', (SELECT r.number FROM polka.orders r WHERE r.id = o.order_id),
        'lines', coalesce((SELECT jsonb_agg(jsonb_build_object(
                     'id', l.id, 'n', l.n, 'gtin', l.gtin, 'code', l.code, 'article', l.article, 'name', l.name,
                     'their_code', coalesce(l.article, l.gtin, l.code),
                     'qty', l.qty, 'unit', l.unit, 'buyer_price', l.buyer_price, 'promo', l.promo,
                     'product_id', l.product_id, 'product_id.label', p.code || ' ' || p.name, 'pack', trim_scale(p.pack_qty),
                     'order_qty', l.order_qty,
                     'our_qty', coalesce(l.taken_qty, l.order_qty), 'taken_qty', l.taken_qty,
                     'price', l.price, 'problem', l.problem,
                     '_mark', CASE WHEN l.problem IS NOT NULL AND o.state NOT IN ('accepted', 'refused') THEN 'problem' END)
                     ORDER BY l.n)
                             FROM unnest(v_lines) l LEFT JOIN polka.products p ON p.id = l.product_id), '[]'));
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_get(bigint) TO polka_user;

-- An incoming order locked for a person's action: seen by them, the version they read, not
-- decided yet (else refused in words).
CREATE OR REPLACE FUNCTION polka.intake_lock(p_id bigint, p_version int) RETURNS polka.intake_orders
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
BEGIN
    SELECT * INTO o FROM polka.intake_orders WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN PERFORM polka.not_found('incoming order', p_id); END IF;
    PERFORM polka.intake_rights_check(o.client_id);
    IF o.version IS DISTINCT FROM p_version THEN
        RAISE EXCEPTION 'incoming order % was changed by someone else; reload it', o.number USING ERRCODE = 'PLK01';
    END IF;
    IF o.state IN ('accepted', 'refused') THEN
        RAISE EXCEPTION 'incoming order % is % already', o.number, o.state
            USING ERRCODE = 'check_violation', CONSTRAINT = 'intake_orders_decided';
    END IF;
    RETURN o;
END
$$;

-- One business action: an operator's fixes of an incoming order, remembered for the next
-- message: the client chosen for the buyer's GLN, the point for the point's GLN, the product
-- for a line's code (the buyer's article, else its GTIN, else its code); the shipping day; a
-- line's quantity in our units for the order (whole packs; 0: the line not taken). doc: id,
-- version, client_id, point_id, ship_on, lines [{id, product_id, our_qty}]. Checked again
-- after; returns the id.
CREATE OR REPLACE FUNCTION polka.intake_save(doc jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
    v_client bigint := (polka.doc_text(doc, 'client_id'))::bigint;
    v_point bigint := (polka.doc_text(doc, 'point_id'))::bigint;
    l jsonb;
    line polka.intake_lines;
    v_product bigint;
    v_qty numeric;
    v_code text;
BEGIN
    o := polka.intake_lock((doc ->> 'id')::bigint, (doc ->> 'version')::int);
    -- First as the card showed it (intake_get works it out now): what the person changed is
    -- told from that (a quantity shown and left as it was is not theirs).
    o := polka.intake_resolve(o.id);
    IF v_client IS NOT NULL AND NOT EXISTS (SELECT FROM polka.partners c WHERE c.id = v_client AND c.kind = 'client') THEN
        PERFORM polka.not_found('client', v_client);
    END IF;
    IF v_client IS NOT NULL THEN
        PERFORM polka.order_rights_check(v_client);
    END IF;
    IF v_point IS NOT NULL AND NOT EXISTS (SELECT FROM polka.delivery_points d
                                            WHERE d.id = v_point AND d.partner_id = v_client AND d.active) THEN
        RAISE EXCEPTION 'delivery point % is not an active point of the client', v_point
            USING ERRCODE = 'check_violation', CONSTRAINT = 'orders_point_of_client';
    END IF;
    -- The buyer's GLN means this client from now on (unless it is a point's GLN).
    IF v_client IS DISTINCT FROM o.client_id AND v_client IS NOT NULL AND o.buyer_gln IS NOT NULL
       AND polka.gs1_valid(o.buyer_gln) AND length(o.buyer_gln) = 13
       AND NOT EXISTS (SELECT FROM polka.delivery_points d WHERE d.gln = o.buyer_gln) THEN
        INSERT INTO polka.intake_codes (kind, client_id, code) VALUES ('buyer', v_client, o.buyer_gln)
        ON CONFLICT (code) WHERE kind = 'buyer' DO UPDATE SET client_id = excluded.client_id,
            made_by = session_user, made_at = now();
    END IF;
    IF v_client IS DISTINCT FROM o.client_id THEN
        -- Another client: the point and the products are worked out again for it.
        UPDATE polka.intake_lines SET product_id = NULL WHERE intake_id = o.id;
        IF v_point IS NULL THEN
            o.point_id := NULL;
        END IF;
    END IF;
    -- The point's GLN means this point of the client (when the point's own GLN is another).
    IF v_point IS NOT NULL AND o.point_gln IS NOT NULL
       AND NOT EXISTS (SELECT FROM polka.delivery_points d WHERE d.id = v_point AND d.gln = o.point_gln) THEN
        INSERT INTO polka.intake_codes (kind, client_id, code, point_id) VALUES ('point', v_client, o.point_gln, v_point)
        ON CONFLICT (kind, client_id, code) DO UPDATE SET point_id = excluded.point_id,
            made_by = session_user, made_at = now();
    END IF;
    UPDATE polka.intake_orders
       SET client_id = v_client, point_id = coalesce(v_point, o.point_id),
           ship_on = (polka.doc_text(doc, 'ship_on'))::date, version = version + 1
     WHERE id = o.id;
    FOR l IN SELECT * FROM polka.doc_rows(doc, 'lines') LOOP
        SELECT * INTO line FROM polka.intake_lines WHERE id = (l ->> 'id')::bigint AND intake_id = o.id;
        CONTINUE WHEN NOT FOUND;
        -- Our quantity set (our_qty): the order takes it instead of the message's (0: the line
        -- not taken); set back to the message's, or emptied, it follows the message again.
        IF l ? 'our_qty' THEN
            v_qty := (polka.doc_text(l, 'our_qty'))::numeric;
            IF v_qty IS DISTINCT FROM coalesce(line.taken_qty, line.order_qty) THEN
                UPDATE polka.intake_lines SET taken_qty = CASE WHEN v_qty = line.order_qty THEN NULL ELSE v_qty END
                 WHERE id = line.id;
            END IF;
        END IF;
        -- A line's product chosen: remembered for the client's code, unless it is ours already.
        v_product := (polka.doc_text(l, 'product_id'))::bigint;
        CONTINUE WHEN v_product IS NULL OR v_product IS NOT DISTINCT FROM line.product_id;
        IF NOT EXISTS (SELECT FROM polka.products p WHERE p.id = v_product) THEN
            PERFORM polka.not_found('product', v_product);
        END IF;
        IF v_client IS NULL THEN
            RAISE EXCEPTION 'choose the client first: a product is remembered for the client''s codes'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'intake_codes_client_given';
        END IF;
        v_code := coalesce(line.article, line.gtin, line.code);
        IF NOT EXISTS (SELECT FROM polka.products p
                        WHERE p.id = v_product AND (p.gtin = line.gtin OR p.code = line.code)) THEN
            INSERT INTO polka.intake_codes (kind, client_id, code, product_id) VALUES ('product', v_client, v_code, v_product)
            ON CONFLICT (kind, client_id, code) DO UPDATE SET product_id = excluded.product_id,
                made_by = session_user, made_at = now();
        END IF;
        UPDATE polka.intake_lines SET product_id = NULL WHERE id = line.id;
    END LOOP;
    PERFORM polka.intake_resolve(o.id);
    RETURN o.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_save(jsonb) TO polka_user;

-- One business action: an incoming order accepted by an operator: its order made (our prices
-- where the buyer's differ). Refused while a problem stands that a person must fix first.
CREATE OR REPLACE FUNCTION polka.intake_accept(p_id bigint, p_version int) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
    v_blocking text[];
BEGIN
    o := polka.intake_lock(p_id, p_version);
    o := polka.intake_resolve(o.id);
    v_blocking := polka.intake_blocking(o);
    IF cardinality(v_blocking) > 0 THEN
        RAISE EXCEPTION 'incoming order % still has problems to fix first: %', o.number, array_to_string(v_blocking, ', ')
            USING ERRCODE = 'check_violation', CONSTRAINT = 'intake_orders_problems_fixed';
    END IF;
    IF NOT EXISTS (SELECT FROM polka.intake_lines l WHERE l.intake_id = o.id AND l.taken_qty IS DISTINCT FROM 0) THEN
        RAISE EXCEPTION 'incoming order % takes none of its lines: refuse it instead', o.number
            USING ERRCODE = 'check_violation', CONSTRAINT = 'intake_orders_lines_taken';
    END IF;
    o := polka.intake_take(o);
    -- (A statement of its own: intake_answer is stable and sees what was written before it.)
    RETURN polka.intake_answer(o, false);
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_accept(bigint, int) TO polka_user;

-- One business action: an incoming order refused with a reason (the buyer hears it in the
-- ORDRSP).
CREATE OR REPLACE FUNCTION polka.intake_refuse(p_id bigint, p_reason text, p_version int) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o polka.intake_orders;
BEGIN
    o := polka.intake_lock(p_id, p_version);
    IF btrim(coalesce(p_reason, '')) = '' THEN
        RAISE EXCEPTION 'an incoming order is refused with a reason' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'intake_orders_refusal_given';
    END IF;
    UPDATE polka.intake_orders
       SET state = 'refused', refusal = p_reason, decided_at = now(), decided_by = session_user, version = version + 1
     WHERE id = o.id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_refuse(bigint, text, int) TO polka_user;

-- The intake queue: incoming orders by state (in_state NULL: those waiting, the ones that need
-- a person first, and the last day's; else those in that state), found by number, sender,
-- client or file.
DROP FUNCTION IF EXISTS polka.intake_queue(text, text, int);
CREATE OR REPLACE FUNCTION polka.intake_queue(q text, in_state text, lim int)
RETURNS TABLE (id bigint, received_at text, channel text, number text, client text, ship_on date, lines int,
               state text, problem text, problems int, order_number text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_tz text := polka.business_tz();
BEGIN
    RETURN QUERY
    SELECT o.id, to_char(o.received_at AT TIME ZONE v_tz, 'DD.MM HH24:MI'), o.channel, o.number,
           coalesce(c.code || ' ' || c.name, o.buyer_gln, o.sender), o.ship_on, o.lines, o.state, o.problems[1],
           cardinality(o.problems), r.number
      FROM polka.intake_orders o
      LEFT JOIN polka.partners c ON c.id = o.client_id
      LEFT JOIN polka.orders r ON r.id = o.order_id
     WHERE (coalesce(in_state, '') = '' AND (o.state IN ('received', 'attention')
                                              OR o.received_at > now() - interval '1 day')
            OR o.state = in_state)
       AND (coalesce(q, '') = '' OR o.number ILIKE polka.like_contains(q) OR o.sender = q
            OR c.name ILIKE polka.like_contains(q) OR c.code = q OR o.file_name ILIKE polka.like_contains(q))
     ORDER BY o.state = 'attention' DESC, o.state = 'received' DESC, o.received_at DESC, o.id DESC
     LIMIT least(greatest(coalesce(lim, 200), 1), 1000);
END
$$;
GRANT EXECUTE ON FUNCTION polka.intake_queue(text, text, int) TO polka_user;

-- One business action: a file from an EDI provider's folder received, in one transaction: the
-- file recorded once by its bytes (p_hex: the bytes in hexadecimal; the same bytes again are
-- "again": nothing is done twice), then each of its messages: p_messages [{doc: an intake
-- document (intake_receive)} or {ref, segment, error: why it could not be read}]; a message
-- the database refuses is recorded as failed with the database's words and the others are
-- kept; or {recadv: a receiving advice (edi_recadv_receive)}. p_error: the whole file could
-- not be read (its messages none). Returns {file_id, again, messages: [{ref, state,
-- order_number, problems, replayed, error, segment, outcome, document, correction}]}.
CREATE OR REPLACE FUNCTION polka.edi_receive(p_provider text, p_name text, p_hex text, p_kind text,
                                             p_error text, p_messages jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_provider bigint;
    v_file bigint;
    v_bytes bytea;
    m jsonb;
    answers jsonb := '[]';
    a jsonb;
    v_failed int := 0;
    v_errors text[] := '{}';
    n int := 0;
BEGIN
    PERFORM polka.intake_rights_check(NULL);
    SELECT id INTO v_provider FROM polka.edi_providers WHERE code = p_provider;
    IF NOT FOUND THEN PERFORM polka.not_found('EDI provider', p_provider); END IF;
    BEGIN
        v_bytes := decode(coalesce(p_hex, ''), 'hex');
    EXCEPTION WHEN invalid_parameter_value THEN
        RAISE EXCEPTION 'the file''s bytes are not hexadecimal' USING ERRCODE = 'invalid_parameter_value';
    END;
    INSERT INTO polka.edi_files (provider_id, direction, name, sha256, bytes, kind, messages, state, error)
    VALUES (v_provider, 'in', p_name, encode(sha256(v_bytes), 'hex'), length(v_bytes), p_kind,
            coalesce(jsonb_array_length(p_messages), 0), CASE WHEN p_error IS NULL THEN 'done' ELSE 'failed' END,
            p_error)
    ON CONFLICT ON CONSTRAINT edi_files_sha256_key DO NOTHING
    RETURNING id INTO v_file;
    IF v_file IS NULL THEN
        SELECT f.id INTO v_file FROM polka.edi_files f
         WHERE f.provider_id = v_provider AND f.direction = 'in' AND f.sha256 = encode(sha256(v_bytes), 'hex');
        RETURN jsonb_build_object('file_id', v_file, 'again', true, 'messages', '[]'::jsonb);
    END IF;
    FOR m IN SELECT * FROM polka.doc_rows(jsonb_build_object('m', p_messages), 'm') LOOP
        n := n + 1;
        IF m ? 'doc' THEN
            BEGIN
                a := polka.intake_receive(m -> 'doc' || jsonb_build_object('file_id', v_file, 'file_name', p_name));
                a := a || jsonb_build_object('ref', m -> 'doc' ->> 'message_ref', 'number', polka.doc_text(m -> 'doc', 'number'));
            EXCEPTION WHEN check_violation OR not_null_violation OR invalid_text_representation
                           OR numeric_value_out_of_range OR invalid_datetime_format OR datetime_field_overflow
                           OR string_data_right_truncation OR unique_violation OR foreign_key_violation THEN
                a := jsonb_build_object('ref', m -> 'doc' ->> 'message_ref', 'number', polka.doc_text(m -> 'doc', 'number'),
                                        'state', 'failed', 'error', SQLERRM);
            END;
        ELSIF m ? 'recadv' THEN
            -- A receiving advice: the document it answers corrected (functions/edi_out.sql).
            a := polka.edi_recadv_receive(v_file, m -> 'recadv');
            a := a || jsonb_build_object('ref', m -> 'recadv' ->> 'message_ref', 'number', m -> 'recadv' ->> 'number',
                                         'state', CASE WHEN a ->> 'outcome' = 'refused' THEN 'failed' ELSE 'recadv' END);
        ELSE
            a := jsonb_build_object('ref', m ->> 'ref', 'state', 'failed', 'segment', m -> 'segment',
                                    'error', coalesce(m ->> 'error', 'the message could not be read'));
        END IF;
        IF a ->> 'state' = 'failed' THEN
            v_failed := v_failed + 1;
            -- "#1 (REF): sentence": numbers and the sender's reference, no English of ours
            -- (the screen shows the sentence in the user's words: db_sentences_words).
            v_errors := v_errors || format('#%s (%s): %s', n, coalesce(a ->> 'ref', '?'), a ->> 'error');
        END IF;
        answers := answers || jsonb_build_array(a);
    END LOOP;
    IF v_failed > 0 THEN
        UPDATE polka.edi_files
           SET state = CASE WHEN v_failed = n THEN 'failed' ELSE 'partly' END,
               error = left(array_to_string(v_errors, '; '), 2000)
         WHERE id = v_file;
    END IF;
    RETURN jsonb_build_object('file_id', v_file, 'again', false, 'messages', answers);
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_receive(text, text, text, text, text, jsonb) TO polka_user;

-- The EDI providers with their folders (for `polka edi poll`).
CREATE OR REPLACE FUNCTION polka.edi_provider_list()
RETURNS TABLE (code text, name text, in_dir text, out_dir text)
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT p.code, p.name, p.in_dir, p.out_dir FROM polka.edi_providers p WHERE p.active ORDER BY p.code;
END;
GRANT EXECUTE ON FUNCTION polka.edi_provider_list() TO polka_user;

-- One business action (administrators): an EDI provider added, or its name and folders changed.
CREATE OR REPLACE FUNCTION polka.edi_provider_save(p_code text, p_name text, p_in text, p_out text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_id bigint;
BEGIN
    IF NOT polka.has_role('admin') THEN
        RAISE EXCEPTION 'only administrators set up EDI providers' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO polka.edi_providers (code, name, in_dir, out_dir) VALUES (p_code, p_name, p_in, p_out)
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, in_dir = excluded.in_dir, out_dir = excluded.out_dir,
                                     active = true
    RETURNING id INTO v_id;
    RETURN v_id;
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_provider_save(text, text, text, text) TO polka_user;

-- The EDI exchange for the status screen (menu Обмен EDI): every file that came or went, the
-- newest first (those that failed first among today's), what it was and what became of it,
-- found by name, kind or the words of its error.
CREATE OR REPLACE FUNCTION polka.edi_file_list(q text, in_failed text, lim int)
RETURNS TABLE (id bigint, at text, provider text, direction text, name text, kind text, messages int, state text,
               error text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_tz text := polka.business_tz();
BEGIN
    PERFORM polka.intake_rights_check(NULL);
    RETURN QUERY
    SELECT f.id, to_char(f.at AT TIME ZONE v_tz, 'DD.MM HH24:MI'), p.code, f.direction, f.name, f.kind, f.messages,
           CASE WHEN f.direction = 'out' AND f.state = 'done' THEN 'sent' ELSE f.state END, f.error
      FROM polka.edi_files f JOIN polka.edi_providers p ON p.id = f.provider_id
     WHERE (coalesce(in_failed, '') NOT IN ('t', 'true') OR f.state <> 'done')
       AND (coalesce(q, '') = '' OR f.name ILIKE polka.like_contains(q) OR f.kind = upper(q)
            OR f.error ILIKE polka.like_contains(q))
     ORDER BY f.at DESC, f.id DESC
     LIMIT least(greatest(coalesce(lim, 200), 1), 1000);
END
$$;
GRANT EXECUTE ON FUNCTION polka.edi_file_list(text, text, int) TO polka_user;
