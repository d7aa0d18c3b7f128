-- demo 02: demo prices, agreements and promotions (issue 4, demo data), loaded by `polka db demo`
-- after polka_demo.demo_load, at the same scale, deterministically (same scale and day, same data).
--
--   price types   BASE (base list), OPT from BASE (-8%, by category -5..-12%, some products
--                 -15%; to 0.10), LARGE from OPT (-5%; ends in .90), DISTR from LARGE (-3%;
--                 whole roubles: three levels deep), HORECA from BASE (+4%, bakery +6%);
--                 an individual type for each of the first 12 chains, computed from OPT less
--                 2..5%, the first three with 10 prices typed by hand
--   prices        every product from 180 days ago, two thirds of them 6% dearer from 30 days
--                 ago (a base change recalculating every chain)
--   assortment    the chains with their own type: 80% of the products, orders outside refused
--   agreements    a typical one per segment, and one for every client made from its segment's
--                 typical one: mostly active, some drafts, on approval, closed
--   promotions    one in every state: draft, on approval, active, approved for later, ended,
--                 ended early

SET LOCAL ROLE polka_owner;

CREATE OR REPLACE FUNCTION polka_demo.demo_pricing(p_scale numeric, p_today date DEFAULT polka.business_day())
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    base   bigint;
    opt    bigint;
    large  bigint;
    d_old  date := p_today - 180;
    d_new  date := p_today - 30;
BEGIN
    IF EXISTS (SELECT FROM polka.price_types) OR NOT EXISTS (SELECT FROM polka.products) THEN
        RETURN false; -- priced already, or no demo to price
    END IF;

    -- Price types and their rules.
    INSERT INTO polka.price_types (code, name, kind, rounding)
    VALUES ('BASE', 'Базовый прайс-лист', 'base', '0.01') RETURNING id INTO base;
    INSERT INTO polka.price_types (code, name, kind, source_id, rounding)
    VALUES ('OPT', 'Оптовые цены', 'dependent', base, '0.10') RETURNING id INTO opt;
    INSERT INTO polka.price_types (code, name, kind, source_id, rounding)
    VALUES ('LARGE', 'Крупный опт', 'dependent', opt, '0.90') RETURNING id INTO large;
    INSERT INTO polka.price_types (code, name, kind, source_id, rounding)
    VALUES ('DISTR', 'Дистрибьюторы', 'dependent', large, '1.00'),
           ('HORECA', 'HoReCa', 'dependent', base, '0.10');
    INSERT INTO polka.price_types (code, name, kind, source_id, client_id, rounding)
    SELECT 'IND-' || p.code, left('Индивидуальные: ' || p.name, 200), 'individual', opt, p.id, '0.90'
      FROM polka.partners p
     WHERE p.kind = 'client' AND p.segment = 'chain'
     ORDER BY p.id LIMIT 12;

    INSERT INTO polka.price_rules (price_type_id, category_id, product_id, percent)
    SELECT t.id, NULL::bigint, NULL::bigint, v.pct::numeric
      FROM (VALUES ('OPT', -8), ('LARGE', -5), ('DISTR', -3), ('HORECA', 4)) AS v(code, pct)
      JOIN polka.price_types t ON t.code = v.code
    UNION ALL -- OPT: every top category its own percent
    SELECT opt, c.id, NULL, -5 - (c.id % 8) FROM polka.categories c WHERE c.parent_id IS NULL
    UNION ALL -- OPT: a few sub-categories deeper
    SELECT opt, c.id, NULL, -12 FROM polka.categories c WHERE c.parent_id IS NOT NULL AND c.id % 4 = 0
    UNION ALL -- OPT: some products on their own
    SELECT opt, NULL, pr.id, -15 FROM polka.products pr WHERE pr.id % 50 = 7
    UNION ALL -- HORECA: bakery dearer
    SELECT t.id, c.id, NULL, 6 FROM polka.price_types t, polka.categories c
     WHERE t.code = 'HORECA' AND c.parent_id IS NULL AND c.name LIKE 'Хлеб%'
    UNION ALL -- the chains' individual types
    SELECT t.id, NULL, NULL, -2 - (t.client_id % 4) FROM polka.price_types t WHERE t.kind = 'individual';

    -- Base prices, then everything computed from them; the later change recalculates again.
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, set_by)
    SELECT base, pr.id, d_old, 40 + ((pr.id * 7919) % 46000) / 100.0, 'egor' FROM polka.products pr;
    PERFORM polka.price_recalc_apply(base, d_old);
    -- The first three chains have prices typed by hand for 10 products (kept by recalculation).
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, set_by)
    SELECT t.id, pr.id, d_old + 10, round((40 + ((pr.id * 7919) % 46000) / 100.0) * 0.85, 2), 'vera'
      FROM (SELECT id FROM polka.price_types WHERE kind = 'individual' ORDER BY id LIMIT 3) t,
           (SELECT id FROM polka.products ORDER BY id LIMIT 10) pr;
    INSERT INTO polka.prices (price_type_id, product_id, valid_from, price, set_by)
    SELECT base, pr.id, d_new, round((40 + ((pr.id * 7919) % 46000) / 100.0) * 1.06, 2), 'egor'
      FROM polka.products pr WHERE pr.id % 3 <> 0;
    PERFORM polka.price_recalc_apply(base, d_new);

    -- The chains' assortment matrices.
    INSERT INTO polka.assortment (client_id, product_id)
    SELECT t.client_id, pr.id FROM polka.price_types t, polka.products pr
     WHERE t.kind = 'individual' AND (pr.id + t.client_id) % 5 <> 0;

    -- Typical agreements, one per segment, then one per client from its segment's.
    INSERT INTO polka.agreements (code, name, kind, segment, price_type_id, payment, credit_days, lead_days,
                                  credit_limit, valid_from, status, approved_by)
    SELECT 'TYP-' || upper(s.code), 'Типовое: ' || s.name, 'typical', s.code, t.id, v.payment, v.days, v.lead,
           v.lim, p_today - 365, 'active', 'egor'
      FROM (VALUES ('chain', 'LARGE', 'credit', 45, 2, 5000000), ('distributor', 'DISTR', 'credit', 30, 1, 3000000),
                   ('horeca', 'HORECA', 'credit', 14, 1, 300000), ('shop', 'OPT', 'prepayment', NULL, 1, NULL),
                   ('other', 'BASE', 'prepayment', NULL, 2, NULL)) AS v(seg, type_code, payment, days, lead, lim)
      JOIN polka.segments s ON s.code = v.seg
      JOIN polka.price_types t ON t.code = v.type_code;
    INSERT INTO polka.agreements (code, name, kind, client_id, parent_id, price_type_id, payment, credit_days,
                                  lead_days, credit_limit, discount_percent, valid_from, valid_to, status,
                                  approved_by, assortment_only)
    SELECT 'A-' || p.code, left(ty.name || ': ' || p.name, 200), 'individual', p.id, ty.id,
           coalesce(it.id, ty.price_type_id), ty.payment, ty.credit_days, ty.lead_days, ty.credit_limit,
           CASE WHEN p.id % 7 = 0 THEN 1 + p.id % 3 ELSE 0 END,
           p_today - 300 + (p.id % 90)::int, CASE WHEN p.id % 67 = 0 THEN p_today - 10 END,
           CASE WHEN p.id % 67 = 0 THEN 'closed' WHEN p.id % 53 = 0 THEN 'on_approval'
                WHEN p.id % 41 = 0 THEN 'draft' ELSE 'active' END,
           CASE WHEN p.id % 53 <> 0 AND p.id % 41 <> 0 THEN 'egor' END,
           it.id IS NOT NULL
      FROM polka.partners p
      JOIN polka.agreements ty ON ty.kind = 'typical' AND ty.segment = coalesce(p.segment, 'other')
      LEFT JOIN polka.price_types it ON it.kind = 'individual' AND it.client_id = p.id
     WHERE p.kind = 'client';

    -- Promotions in every state, on the chains' and the shops' agreements.
    INSERT INTO polka.promotions (code, name, valid_from, valid_to, status, ended_on, approved_by)
    VALUES ('PR-SPRING', 'Весенняя акция (черновик)', p_today + 30, p_today + 60, 'draft', NULL, NULL),
           ('PR-DAIRY', 'Молочная неделя (на согласовании)', p_today + 7, p_today + 14, 'on_approval', NULL, NULL),
           ('PR-NOW', 'Скидки месяца', p_today - 5, p_today + 10, 'approved', NULL, 'egor'),
           ('PR-NEXT', 'Праздничная акция', p_today + 20, p_today + 40, 'approved', NULL, 'egor'),
           ('PR-PAST', 'Летняя акция', p_today - 60, p_today - 40, 'approved', NULL, 'egor'),
           ('PR-STOP', 'Акция на пельмени (прекращена)', p_today - 20, p_today + 10, 'ended_early', p_today - 3, 'egor');
    INSERT INTO polka.promotion_agreements (promotion_id, agreement_id)
    SELECT m.id, a.id FROM polka.promotions m, polka.agreements a
     WHERE m.code LIKE 'PR-%' AND a.status <> 'closed'
       AND (a.code IN ('TYP-CHAIN', 'TYP-SHOP')
            OR a.client_id IN (SELECT id FROM polka.partners WHERE segment = 'chain'));
    INSERT INTO polka.promotion_rules (promotion_id, category_id, product_id, percent, fixed_price)
    SELECT m.id, c.id, NULL, v.pct, NULL
      FROM (VALUES ('PR-SPRING', 'Молоко', 7), ('PR-DAIRY', 'Молочная продукция', 10), ('PR-NOW', 'Сыры', 12),
                   ('PR-NEXT', 'Варёные колбасы', 8), ('PR-PAST', 'Мороженое', 15),
                   ('PR-STOP', 'Пельмени и вареники', 20)) AS v(code, cat, pct)
      JOIN polka.promotions m ON m.code = v.code
      JOIN polka.categories c ON c.name = v.cat
    UNION ALL -- a product percent and a fixed price in the current one
    SELECT m.id, NULL, pr.id, CASE WHEN pr.n = 1 THEN 20 END,
           CASE WHEN pr.n = 2 THEN round((40 + ((pr.id * 7919) % 46000) / 100.0) * 0.7, 2) END
      FROM polka.promotions m,
           (SELECT id, row_number() OVER (ORDER BY id) AS n FROM polka.products ORDER BY id LIMIT 2) pr
     WHERE m.code = 'PR-NOW';
    RETURN true;
END
$$;
