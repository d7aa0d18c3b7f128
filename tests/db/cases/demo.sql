-- The fixture's demo data (polka_demo.demo_load at scale 0.05) are sane: the sizes the scale
-- promises, valid identifiers, fresh stock, a manager for every client, the demo logins with
-- their group roles; and demo_load refuses to load twice or at a silly scale.
--
-- The screen tests change a few phones of demo partners in parallel; nothing here depends on
-- those. Demo partners are the ones with codes 000001..N (later ones come from the sequence);
-- demo products the ones with codes 1001..1000+N (the fixture adds products of the screen
-- tests' own, codes 7xxxxx).
\ir ../lib.sql

BEGIN;

-- What scale 0.05 makes (see demo_load: n = greatest(round(base * scale), minimum)).
CREATE TEMP VIEW demo_partners AS
SELECT * FROM polka.partners WHERE code ~ '^[0-9]{6}$' AND code::int BETWEEN 1 AND 250;
SELECT min(created_at)::date AS load_day FROM demo_partners \gset
CREATE TEMP VIEW demo_products AS
SELECT * FROM polka.products WHERE code ~ '^[0-9]{4,6}$' AND code::int BETWEEN 1001 AND 1100;

SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_products), 100::bigint, 'products: 2000 x 0.05');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.products WHERE code !~ '^7[0-9]{5}$'), 100::bigint,
                         'no other products than the demo''s and the screen tests''');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners), 250::bigint, 'partners: 5000 x 0.05');
SELECT pg_temp.expect_eq((SELECT max(code) FROM demo_partners), '000250', 'demo codes 000001..000250');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners WHERE segment = s), n::bigint, 'partners in segment ' || s)
  FROM (VALUES ('chain', 2), ('distributor', 8), ('horeca', 30), ('shop', 202)) AS v(s, n);
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners WHERE kind = k), n::bigint, 'partners of kind ' || k)
  FROM (VALUES ('client', 242), ('supplier', 4), ('carrier', 2), ('competitor', 2)) AS v(k, n);
-- (The fixture adds people of its own with logins outside the demo's: not counted.)
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.people
                           WHERE is_manager AND (login IS NULL OR login IN (SELECT login FROM polka_demo.demo_people()))),
                         3::bigint, 'managers: vera and 2 more');
-- (The tests' own warehouses have Latin codes from T or Z: the worlds', and those the
-- command-line cases commit while this one runs beside them.)
SELECT pg_temp.expect_eq((SELECT string_agg(code, ' ' ORDER BY id) FROM polka.warehouses WHERE code !~ '^[TZ][A-Z]'),
                         'ЦС СПБ КЗН', 'warehouses (without the tests'')');
SELECT pg_temp.expect_eq((SELECT code FROM polka.warehouses WHERE main), 'ЦС', 'the main warehouse');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.categories WHERE parent_id IS NULL) = 5
                           AND (SELECT count(*) FROM polka.categories WHERE parent_id IS NOT NULL) > 10,
                           'category tree: 5 top categories with subcategories');
SELECT pg_temp.expect_true(NOT EXISTS (SELECT FROM polka.products p JOIN polka.categories c ON c.id = p.category_id
                                        WHERE c.parent_id IS NULL),
                           'products are in subcategories');

-- Identifiers are valid (checked again here, whatever the constraints say) and unique.
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners WHERE inn IS NULL OR NOT polka.inn_valid(inn)),
                         0::bigint, 'every demo partner has a valid INN');
SELECT pg_temp.expect_eq((SELECT count(DISTINCT inn) FROM demo_partners), 250::bigint, 'demo INNs are unique');
SELECT pg_temp.expect_true(NOT EXISTS (SELECT FROM demo_partners
                                        WHERE CASE WHEN segment = 'shop'
                                                   THEN length(inn) <> 12 OR kpp IS NOT NULL
                                                   ELSE length(inn) <> 10 OR NOT polka.kpp_valid(kpp) END),
                           'shops: 12-digit INN, no KPP; organisations: 10-digit INN with a KPP');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.delivery_points
                           WHERE gln IS NOT NULL AND NOT (polka.gs1_valid(gln) AND length(gln) = 13)),
                         0::bigint, 'every GLN is valid');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.delivery_points d JOIN demo_partners p ON p.id = d.partner_id
                           WHERE p.segment IN ('chain', 'distributor') AND d.gln IS NULL),
                         0::bigint, 'chain and distributor points have a GLN');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.products WHERE gtin IS NULL OR NOT polka.gs1_valid(gtin)
                                                                 OR length(gtin) <> 13),
                         0::bigint, 'every product has a valid GTIN-13');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.partners WHERE email IS NOT NULL AND NOT polka.email_valid(email))
                         + (SELECT count(*) FROM polka.contacts WHERE email IS NOT NULL AND NOT polka.email_valid(email)),
                         0::bigint, 'every e-mail is valid');

-- Stock is fresh relative to the day of the load; receipts lie in the next two weeks; every
-- quantity fits its unit.
-- (The demo's batches: the test cluster adds its own at the main warehouse (ZT-id), and the worlds' warehouses T../Z..,
-- whose batches are dated in their own years.)
CREATE TEMP VIEW demo_batches AS
SELECT b.* FROM polka.stock_batches b JOIN polka.warehouses w ON w.id = b.warehouse_id
 WHERE w.code !~ '^[TZ][A-Z]' AND b.batch NOT LIKE 'ZT-%';
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_batches WHERE expires_on < :'load_day'::date),
                         0::bigint, 'no batch expired on the load day');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.products p JOIN polka.units u ON u.code = p.unit
                           WHERE p.pack_qty <> round(p.pack_qty, u.scale)),
                         0::bigint, 'packs of whole units (no half a piece: a scale-1 demo''s WMS picks failed on them)');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_batches WHERE produced_on > :'load_day'::date),
                         0::bigint, 'no batch produced after the load day');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_batches b JOIN polka.products p ON p.id = b.product_id
                           WHERE b.expires_on <> b.produced_on + p.shelf_life_days),
                         0::bigint, 'batches expire after the shelf life');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_products p
                           WHERE NOT EXISTS (SELECT FROM polka.stock_batches b JOIN polka.warehouses w ON w.id = b.warehouse_id
                                              WHERE b.product_id = p.id AND w.code = 'ЦС')),
                         0::bigint, 'every product is at the central warehouse');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.planned_receipts
                           WHERE due_on NOT BETWEEN :'load_day'::date + 1 AND :'load_day'::date + 14),
                         0::bigint, 'receipts due within two weeks of the load');
-- (A batch the waybill desk's demo trip shipped whole is empty, not negative.)
SELECT pg_temp.expect_eq((SELECT count(*) FROM (SELECT b.on_hand AS qty, p.unit, 0 AS least FROM demo_batches b JOIN polka.products p ON p.id = b.product_id
                                                UNION ALL
                                                SELECT r.qty, p.unit, 0.001 FROM polka.planned_receipts r JOIN polka.products p ON p.id = r.product_id) q
                                   JOIN polka.units u ON u.code = q.unit
                           WHERE q.qty <> round(q.qty, u.scale) OR q.qty < q.least),
                         0::bigint, 'stock not negative, receipts positive, within the unit''s scale');
-- Stock came as receipts in the ledger, and the balances are the ledger's sums
-- (polka.stock_ledger_mismatches).
SELECT pg_temp.expect_eq(polka.stock_ledger_mismatches(), 0::bigint,
                         'every batch''s balances are the sums of its movements, reserved what reservations hold');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.stock_batches b
                           WHERE NOT EXISTS (SELECT FROM polka.stock_moves m WHERE m.batch_id = b.id AND m.kind = 'receipt')),
                         0::bigint, 'every batch came as a receipt');
-- Orders still to ship: the first day ahead confirmed by the planner's allocation (every line
-- allocated, holding what it confirms; some short: three products made scarce), the rest new.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.orders o JOIN polka.order_lines l ON l.order_id = o.id
                           WHERE o.status IN ('confirmed', 'partly_confirmed')
                             AND (l.confirmed IS NULL
                                  OR l.confirmed <> (SELECT coalesce(sum(r.qty), 0) FROM polka.reservations r
                                                      WHERE r.order_id = o.id AND r.product_id = l.product_id))),
                         0::bigint, 'confirmed orders hold what their lines confirm');
SELECT pg_temp.expect_true((SELECT count(*) > 0 FROM polka.order_lines WHERE short_reason IS NOT NULL),
                           'the allocated day has short lines');
SELECT pg_temp.expect_eq((SELECT count(DISTINCT o.ship_on) FROM polka.orders o JOIN polka.warehouses w ON w.id = o.warehouse_id
                           WHERE o.status IN ('confirmed', 'partly_confirmed') AND w.code !~ '^[TZ][A-Z]'), 1::bigint,
                         'one day allocated (the test worlds'' warehouses aside)');
-- The waybill desk's demo on that day: trips left (the first printed one), printed (more of
-- them at larger scales), with documents not printed, picked with the WMS's facts (the clerk's
-- to do); every live sales document priced and summed.
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM polka.trips t
                           JOIN polka.warehouses w ON w.id = t.warehouse_id AND w.code !~ '^[TZ][A-Z]'
                           WHERE EXISTS (SELECT FROM polka.picking_facts f WHERE f.trip_id = t.id)
                             AND t.status <> 'printed'),
                         'documents,left,picked', 'trips picked, with documents, left');
-- The return desk's demo: the trip that left has documents back and documents missing.
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT (d.returned_at IS NOT NULL)::text, ',')
                            FROM polka.documents d JOIN polka.trips t ON t.id = d.trip_id
                            JOIN polka.warehouses w ON w.id = t.warehouse_id AND w.code !~ '^[TZ][A-Z]'
                           WHERE t.status = 'left' AND d.cancelled_at IS NULL),
                         'false,true', 'the trip that left: documents back and missing');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.documents d
                           WHERE d.kind = 'upd' AND d.cancelled_at IS NULL
                             AND d.amount <> (SELECT sum(l.amount) FROM polka.document_lines l WHERE l.document_id = d.id)),
                         0::bigint, 'sales documents sum their lines');
SELECT pg_temp.expect_true((SELECT count(*) > 0 FROM polka.print_log) AND (SELECT count(*) > 0 FROM polka.documents WHERE printed_at IS NULL),
                           'some documents printed, some not');

-- The bank: the demo's statement imported, its payments matched, partly matched and waiting
-- for a person (an unknown payer among them).
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT p.status, ',' ORDER BY p.status) FROM polka.payments p
                           JOIN polka.bank_imports i ON i.id = p.import_id WHERE i.file_name = 'выписка-демо.txt'),
                         'matched,partly,unmatched', 'the demo''s payments: matched, partly, to match');
SELECT pg_temp.expect_true((SELECT count(*) = 1 FROM polka.payments p JOIN polka.bank_imports i ON i.id = p.import_id
                             WHERE i.file_name = 'выписка-демо.txt' AND p.client_id IS NULL),
                           'one payer the demo does not know');

-- Partners: every client has a manager (a manager indeed), the others none; everyone has
-- contacts; clients have delivery points.
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners p LEFT JOIN polka.people m ON m.id = p.manager_id
                           WHERE p.kind = 'client' AND m.is_manager IS NOT TRUE),
                         0::bigint, 'every client has a manager');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners WHERE kind <> 'client' AND manager_id IS NOT NULL),
                         0::bigint, 'suppliers, carriers, competitors have no manager');
SELECT pg_temp.expect_true((SELECT count(DISTINCT manager_id) FROM demo_partners) = 3,
                           'clients spread over all 3 managers');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners p
                           WHERE NOT EXISTS (SELECT FROM polka.contacts c WHERE c.partner_id = p.id)),
                         0::bigint, 'every partner has a contact');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners p
                           WHERE p.kind = 'client' AND NOT EXISTS (SELECT FROM polka.delivery_points d WHERE d.partner_id = p.id)),
                         0::bigint, 'every client has a delivery point');
SELECT pg_temp.expect_true((SELECT min(n) >= 3 FROM (SELECT count(*) AS n FROM polka.delivery_points d
                                                      JOIN demo_partners p ON p.id = d.partner_id
                                                     WHERE p.segment = 'chain' GROUP BY p.id) s),
                           'chains have several shops');
SELECT pg_temp.expect_true((SELECT count(*) FROM polka.partner_relations) > 0, 'there are relations');

-- The demo logins: LOGIN roles in their group roles, with a people row; no extra powers.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka_demo.demo_people()), 9::bigint,
                         'nine demo people (two sales representatives)');
SELECT pg_temp.expect_true(r.rolcanlogin, d.login || ' can log in'),
       pg_temp.expect_true(pg_has_role(d.login, d.role, 'MEMBER'), d.login || ' is a ' || d.role),
       pg_temp.expect_true(pg_has_role(d.login, 'polka_user', 'MEMBER'), d.login || ' is a polka_user'),
       pg_temp.expect_true(NOT (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls),
                           d.login || ' has no extra powers'),
       pg_temp.expect_eq((SELECT p.full_name FROM polka.people p WHERE p.login = d.login), d.full_name,
                         d.login || ' in polka.people'),
       pg_temp.expect_eq((SELECT p.is_manager FROM polka.people p WHERE p.login = d.login), d.role = 'manager',
                         d.login || ' is_manager')
  FROM polka_demo.demo_people() d LEFT JOIN pg_roles r ON r.rolname = d.login;
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka_demo.demo_people() d
                           WHERE (SELECT count(*) FROM unnest(ARRAY['operator', 'waybill_clerk', 'manager', 'quality',
                                                                    'planner', 'head', 'admin', 'sales_rep']) g
                                   WHERE pg_has_role(d.login, g, 'MEMBER')) <> 1),
                         0::bigint, 'each demo login is in exactly one group role');
SELECT pg_temp.expect_eq((SELECT count(DISTINCT role) FROM polka_demo.demo_people()), 8::bigint,
                         'a login for every group role');

-- The demo's claims (scale 0.05: eight, and one on each of the first two shipped documents):
-- the four closed ones analysed and decided (a cause of a group, a decision; the rejected one
-- rejected, nobody at fault), the open ones not yet; the two on documents with a line claimed
-- of their client's document, a photo whose checksum is its bytes', a corrective action.
CREATE TEMP VIEW demo_claims AS
SELECT k.* FROM polka.claims k JOIN demo_partners p ON p.id = k.partner_id;
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s', k.status, k.resolution, g.code IS NOT NULL,
                                                   k.fault_department IS NOT NULL), ', ' ORDER BY k.id)
                            FROM demo_claims k LEFT JOIN polka.claim_causes c ON c.id = k.cause_id
                            LEFT JOIN polka.claim_causes g ON g.id = c.parent_id WHERE k.status <> 'open'),
                         'closed partial t t, closed full t t, closed full t t, rejected rejected t f',
                         'closed claims: a cause under a group, a decision; the rejected one nobody''s fault');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_claims
                           WHERE status <> 'open' AND (decided_at IS NULL OR decided_by IS NULL OR decided_at > closed_at
                                                       OR decision IS NULL)),
                         0::bigint, 'decided before closing, by someone, in words');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_claims WHERE status = 'open' AND resolution IS NOT NULL),
                         0::bigint, 'open claims not decided');
SELECT pg_temp.expect_eq((SELECT string_agg(format('%s %s %s %s %s', k.status, l.disposition, d.client_id = k.partner_id,
                                                   f.sha256 = sha256(f.body), a.department), ', ')
                            FROM demo_claims k JOIN polka.claim_lines l ON l.claim_id = k.id AND l.qty > 0
                            JOIN polka.documents d ON d.id = l.document_id
                            JOIN polka.attachments f ON f.claim_id = k.id
                            JOIN polka.corrective_actions a ON a.claim_id = k.id),
                         'open write_off t t production, open write_off t t production',
                         'the claims on shipped documents: a line, a photo, an action');

-- demo_load: once only, and only a sensible scale.
SELECT pg_temp.expect_eq(polka_demo.demo_load(0.05), false, 'demo_load again returns false');
SELECT pg_temp.expect_eq(polka_demo.demo_load(100), false, 'demo_load(100) is allowed, and loads nothing now');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.products WHERE code !~ '^7[0-9]{5}$'), 100::bigint,
                         'second demo_load added no products');
SELECT pg_temp.expect_error(format('SELECT polka_demo.demo_load(%s)', s), '22023')
  FROM unnest(ARRAY['0', '-1', '1000', '100.01', 'NULL']) AS s;

-- Demo prices (polka_demo.demo_pricing): the dependent chain three levels deep, every product
-- priced in every type, hand-typed chain prices kept by the later base change, an agreement
-- for every client, promotions in every state, and prices through price_for.
SELECT pg_temp.expect_eq((SELECT s3.code FROM polka.price_types t
                            JOIN polka.price_types s1 ON s1.id = t.source_id
                            JOIN polka.price_types s2 ON s2.id = s1.source_id
                            JOIN polka.price_types s3 ON s3.id = s2.source_id WHERE t.code = 'DISTR'),
                         'BASE', 'DISTR <- LARGE <- OPT <- BASE');
-- (Only the demo's types: screen tests add types of their own in parallel.)
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types t CROSS JOIN demo_products pr
                           WHERE (t.code IN ('BASE', 'OPT', 'LARGE', 'DISTR', 'HORECA') OR t.code LIKE 'IND-%')
                             AND NOT EXISTS (SELECT FROM polka.prices_on(t.id, current_date) x
                                              WHERE x.product_id = pr.id)), 0::bigint,
                         'every product has a price in every type');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types t, polka.products pr, polka.price_rules r
                           WHERE t.code = 'LARGE' AND r.price_type_id = t.id AND r.category_id IS NULL
                             AND r.product_id IS NULL
                             AND (SELECT price FROM polka.prices_on(t.id, current_date) x WHERE x.product_id = pr.id)
                                 <> polka.price_round((SELECT price FROM polka.prices_on(t.source_id, current_date) x
                                                        WHERE x.product_id = pr.id) * (1 + r.percent / 100), t.rounding)),
                         0::bigint, 'LARGE = OPT less its percent, rounded to .90');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_types t
                            JOIN LATERAL (SELECT p.computed FROM polka.prices p
                                           WHERE p.price_type_id = t.id AND p.product_id = (SELECT min(id) FROM polka.products)
                                           ORDER BY p.valid_from DESC LIMIT 1) l ON true
                           WHERE t.kind = 'individual' AND t.code LIKE 'IND-%' AND NOT l.computed), 2::bigint,
                         'hand-typed chain prices survive the base change (2 chains at this scale)');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_partners p
                           WHERE p.kind = 'client' AND NOT EXISTS (SELECT FROM polka.agreements a WHERE a.client_id = p.id)),
                         0::bigint, 'an agreement for every client');
SELECT pg_temp.expect_eq((SELECT string_agg(DISTINCT state, ',' ORDER BY state) FROM polka.promotion_list('', current_date, 100)),
                         'active,approved,draft,ended,ended_early,on_approval', 'promotions in every state');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.price_for(
                             (SELECT id FROM polka.agreements WHERE code = 'TYP-CHAIN'),
                             (SELECT array_agg(id) FROM demo_products), current_date) WHERE price IS NULL),
                         0::bigint, 'price_for prices every product under the chains'' typical agreement');
SELECT pg_temp.expect_eq(polka_demo.demo_pricing(0.05), false, 'demo_pricing again returns false');

-- The order history (014): the demo's own orders (other cases add theirs).
CREATE TEMP VIEW demo_orders AS
SELECT o.* FROM polka.orders o
 WHERE o.request_key = polka_demo.demo_order_key(o.client_id, o.taken_on);
SELECT pg_temp.expect_true((SELECT max(taken_on) - min(taken_on) >= 355 AND min(taken_on) >= polka.business_day() - 366
                                   AND max(taken_on) < polka.business_day() FROM demo_orders),
                           'twelve months of orders before today');
SELECT pg_temp.expect_eq((SELECT count(*) FROM (
                             SELECT p.id FROM demo_partners p LEFT JOIN demo_orders o ON o.client_id = p.id
                              WHERE p.segment = 'chain' GROUP BY p.id HAVING count(o.id) NOT BETWEEN 80 AND 104) x),
                         0::bigint, 'every chain orders about twice a week (80 to 104 orders a year)');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_orders o WHERE NOT polka.is_working_day(o.taken_on)),
                         0::bigint, 'no order taken on a day off');
SELECT pg_temp.expect_true((SELECT count(*) FILTER (WHERE extract(month FROM taken_on) = 12) * 1.0
                                   / nullif(count(*) FILTER (WHERE extract(month FROM taken_on) = 1), 0) > 1.2
                              FROM demo_orders), 'more orders in December than in January');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_orders o
                            JOIN (SELECT l.order_id, count(*)::int AS n, sum(l.amount) AS amount, sum(l.vat_amount) AS vat
                                    FROM polka.order_lines l GROUP BY l.order_id) t ON t.order_id = o.id
                           WHERE (o.lines, o.amount, o.vat_amount) IS DISTINCT FROM (t.n, t.amount, t.vat))
                          + (SELECT count(*) FROM demo_orders o
                              WHERE NOT EXISTS (SELECT FROM polka.order_lines l WHERE l.order_id = o.id)),
                         0::bigint, 'header totals are the sums of the lines');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_orders o JOIN polka.order_lines l ON l.order_id = o.id
                            JOIN polka.products p ON p.id = l.product_id
                           WHERE l.qty % p.pack_qty <> 0 OR l.amount <> round(l.qty * l.price, 2)
                              OR l.vat_amount <> round(l.amount * l.vat_rate / (100 + l.vat_rate), 2)
                              OR l.vat_rate <> polka.vat_rate(p.vat_code, o.ship_on)),
                         0::bigint, 'whole packs, amounts and VAT as order_save computes them');
-- Priced as price_for prices them on the shipping day (orders of active agreements that no
-- promotion touches; a sample of a twentieth of the orders).
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_orders o
                            JOIN polka.agreements a ON a.id = o.agreement_id AND a.status = 'active'
                            JOIN polka.order_lines l ON l.order_id = o.id
                            CROSS JOIN LATERAL polka.price_for(o.agreement_id, ARRAY[l.product_id], o.ship_on) f
                           WHERE o.id % 20 = 0 AND o.ship_on >= a.valid_from
                             AND NOT EXISTS (SELECT FROM polka.promotion_agreements pa WHERE pa.agreement_id = a.id)
                             AND f.price IS DISTINCT FROM l.price),
                         0::bigint, 'line prices equal price_for on the shipping day');
SELECT pg_temp.expect_true((SELECT count(*) > 100 FROM demo_orders o
                              JOIN polka.agreements a ON a.id = o.agreement_id AND a.status = 'active'
                             WHERE o.id % 20 = 0
                               AND NOT EXISTS (SELECT FROM polka.promotion_agreements pa WHERE pa.agreement_id = a.id)),
                           'the price sample is not empty');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_orders o JOIN polka.order_lines l ON l.order_id = o.id
                           WHERE EXISTS (SELECT FROM polka.assortment s WHERE s.client_id = o.client_id)
                             AND NOT EXISTS (SELECT FROM polka.assortment s
                                              WHERE s.client_id = o.client_id AND s.product_id = l.product_id)),
                         0::bigint, 'chains order within their assortment');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.receivables r
                            JOIN polka.orders o ON 'РН-' || o.number = r.doc
                           WHERE r.amount <> o.amount OR r.client_id <> o.client_id OR o.status NOT IN ('shipped', 'closed')),
                         0::bigint, 'a receivable per shipped order, for its amount');
SELECT pg_temp.expect_true((SELECT count(DISTINCT client_id) > 0 FROM polka.receivables
                             WHERE paid < amount AND due_on < polka.business_day()), 'some clients owe overdue');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.calendar
                           WHERE note IS NOT NULL AND (extract(month FROM day), extract(day FROM day)) IN ((1, 2), (6, 12))
                             AND NOT working), 6::bigint, 'holidays of three years: 2 January and 12 June');
SELECT pg_temp.expect_true((SELECT count(*) >= 20 FROM polka.order_usual(
                                (SELECT min(id) FROM polka.partners WHERE segment = 'chain'))),
                           'a chain has a usual assortment');
SELECT pg_temp.expect_eq(polka_demo.demo_orders(0.05), false, 'demo_orders again returns false');

-- The representatives: a route a weekday (Monday to Saturday, Saturday's on Sundays too: the
-- demo has a day to work every day) each, with outlets and tasks;
-- visits of the three weeks before today with results, orders taken at some; nothing today.
-- (Only the demo's: screen cases give a representative of their own routes and visits.)
CREATE TEMP VIEW demo_visits AS
SELECT v.* FROM polka.rep_visits v JOIN polka.people pe ON pe.id = v.rep_id WHERE pe.login IN ('roman', 'sveta');
SELECT pg_temp.expect_eq((SELECT string_agg(pe.login || ':' || r.weekdays, ' ' ORDER BY pe.login, r.weekdays)
                            FROM polka.rep_routes r JOIN polka.people pe ON pe.id = r.rep_id
                           WHERE pe.login IN ('roman', 'sveta')),
                         'roman:1 roman:2 roman:3 roman:4 roman:5 roman:67 sveta:1 sveta:2 sveta:3 sveta:4 sveta:5 sveta:67',
                         'a route a weekday for each representative');
SELECT pg_temp.expect_eq((SELECT count(*) FROM generate_series(1, 7) d
                           WHERE NOT EXISTS (SELECT FROM polka.rep_routes r JOIN polka.people pe ON pe.id = r.rep_id
                                              WHERE pe.login = 'roman' AND strpos(r.weekdays, d::text) > 0)),
                         0::bigint, 'roman has a route every day of the week, Sunday too');
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka.rep_routes r JOIN polka.people pe ON pe.id = r.rep_id
                           WHERE pe.login IN ('roman', 'sveta')
                             AND NOT EXISTS (SELECT FROM polka.rep_route_points rp WHERE rp.route_id = r.id)),
                         0::bigint, 'every route has outlets');
SELECT pg_temp.expect_true((SELECT count(*) > 20 FROM demo_visits WHERE result = 'done'), 'visits done');
SELECT pg_temp.expect_true((SELECT count(*) > 0 FROM demo_visits WHERE order_id IS NOT NULL), 'orders at visits');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_visits v JOIN polka.orders o ON o.id = v.order_id
                           WHERE o.client_id <> v.client_id OR o.source <> 'rep' OR o.taken_on <> v.day),
                         0::bigint, 'a visit''s order is its client''s, of its day, by a representative');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_visits WHERE day >= polka.business_day()), 0::bigint,
                         'today is the representatives'' to work');
SELECT pg_temp.expect_eq((SELECT count(*) FROM demo_visits v JOIN polka.rep_route_points rp ON rp.id = v.route_point_id
                           WHERE cardinality(polka.rep_stop_kinds(rp))
                                 <> (SELECT count(*) FROM polka.rep_task_results t WHERE t.visit_id = v.id)),
                         0::bigint, 'every task of a past visit has its result');
SELECT pg_temp.expect_eq(polka_demo.demo_reps(0.05), false, 'demo_reps again returns false');

-- The demo logins are marked as the demo's own; a role of a demo name that the demo did not
-- create (a real person on a shared cluster) stops the demo instead of getting a new password.
SELECT pg_temp.expect_eq((SELECT count(*) FROM polka_demo.demo_people() d JOIN pg_roles r ON r.rolname = d.login
                           WHERE shobj_description(r.oid, 'pg_authid') = 'polka demo login'), 9::bigint,
                         'demo logins marked');
TRUNCATE polka.partners, polka.products CASCADE;
COMMENT ON ROLE anna IS NULL;
SELECT pg_temp.expect_error('SELECT polka_demo.demo_load(0.05)', '42710');
ROLLBACK;
