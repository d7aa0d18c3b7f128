-- lookup.sql: look-ups: the short lists behind F4 and type-ahead in every form.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Look-ups by kind: managers, partners and clients, price types, sources (types that may be
-- a source), active agreements, typical agreements, categories, products (code and label),
-- carriers, active vehicles and routes, warehouses, clients' delivery points;
-- and the fixed code sets (segments, partner kinds, contact roles, relation kinds, price
-- kind, rounding, payment), whose codes it returns as their labels: the words are the
-- client's, in the user's language. parent narrows a look-up to what belongs to it (a form's
-- lookup_by): a client's id for his delivery points.
DROP FUNCTION IF EXISTS polka.lookup(text, text, int);
CREATE OR REPLACE FUNCTION polka.lookup(kind text, q text, lim int, parent text DEFAULT NULL)
RETURNS TABLE (code text, label text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pat text := polka.like_contains(coalesce(q, ''));
BEGIN
    lim := least(greatest(coalesce(lim, 50), 1), 1000);
    CASE kind
    -- The fixed code sets the schema defines: codes only (the client shows them in the user's
    -- words from its message catalogs, src/core/codes.c), found by the code.
    WHEN 'segment', 'partner_kind', 'contact_role', 'relation_kind' THEN
        RETURN QUERY SELECT c.code, c.code
                       FROM (SELECT x.code FROM polka.segments x WHERE lookup.kind = 'segment'
                             UNION ALL SELECT x.code FROM polka.partner_kinds x WHERE lookup.kind = 'partner_kind'
                             UNION ALL SELECT x.code FROM polka.contact_roles x WHERE lookup.kind = 'contact_role'
                             UNION ALL SELECT x.code FROM polka.relation_kinds x WHERE lookup.kind = 'relation_kind') c
                      WHERE coalesce(q, '') = '' OR c.code = q ORDER BY c.code LIMIT lim;
    WHEN 'claim_cause' THEN
        -- A cause under its group ("Продукция / Посторонние включения"); groups first.
        RETURN QUERY SELECT c.id::text, coalesce(g.name || ' / ', '') || c.name
                       FROM polka.claim_causes c LEFT JOIN polka.claim_causes g ON g.id = c.parent_id
                      WHERE lower(coalesce(g.name || ' / ', '') || c.name) LIKE pat OR c.id::text = q OR c.code = q
                      ORDER BY coalesce(g.name, c.name), g.name IS NOT NULL, c.name LIMIT lim;
    WHEN 'department' THEN
        RETURN QUERY SELECT d.code, d.name FROM polka.departments d
                      WHERE lower(d.name) LIKE pat OR d.code = q ORDER BY d.name LIMIT lim;
    WHEN 'person' THEN
        RETURN QUERY SELECT p.id::text, p.full_name || coalesce(' (' || p.login || ')', '') FROM polka.people p
                      WHERE NOT p.blocked AND (lower(p.full_name) LIKE pat OR lower(p.login) LIKE pat OR p.id::text = q)
                      ORDER BY p.full_name LIMIT lim;
    WHEN 'rep' THEN
        -- Sales representatives: people whose login has the role sales_rep.
        RETURN QUERY SELECT p.id::text, p.full_name || ' (' || p.login || ')' FROM polka.people p
                       JOIN pg_catalog.pg_roles r ON r.rolname = p.login
                      WHERE NOT p.blocked AND pg_has_role(r.oid, 'sales_rep', 'MEMBER')
                        AND (lower(p.full_name) LIKE pat OR lower(p.login) LIKE pat OR p.id::text = q)
                      ORDER BY p.full_name LIMIT lim;
    WHEN 'manager' THEN
        RETURN QUERY SELECT p.id::text, p.full_name FROM polka.people p
                      WHERE p.is_manager AND NOT p.blocked
                        AND (lower(p.full_name) LIKE pat OR p.id::text = q)
                      ORDER BY p.full_name LIMIT lim;
    WHEN 'partner', 'client' THEN
        RETURN QUERY SELECT p.id::text, p.name || ' (' || p.code || ')' FROM polka.partners p
                      WHERE (lookup.kind = 'partner' OR p.kind = 'client')
                        AND (lower(p.name) LIKE pat OR p.code = q OR p.inn = q)
                      ORDER BY p.code = q DESC, p.name, p.id LIMIT lim;
    WHEN 'price_type', 'price_source' THEN
        RETURN QUERY SELECT t.id::text, t.code || ' ' || t.name FROM polka.price_types t
                      WHERE (lookup.kind = 'price_type' OR t.kind <> 'individual')
                        AND (lower(t.code) LIKE pat OR lower(t.name) LIKE pat OR t.id::text = q)
                      ORDER BY t.code LIMIT lim;
    WHEN 'agreement', 'typical_agreement' THEN
        RETURN QUERY SELECT a.id::text, a.code || ' ' || a.name FROM polka.agreements a
                      WHERE a.status <> 'closed' AND (lookup.kind = 'agreement' OR a.kind = 'typical')
                        AND (lower(a.code) LIKE pat OR lower(a.name) LIKE pat OR a.id::text = q)
                      ORDER BY a.kind = 'individual', a.code LIMIT lim;
    WHEN 'category' THEN
        RETURN QUERY SELECT c.id::text, coalesce(p.name || ' / ', '') || c.name FROM polka.categories c
                      LEFT JOIN polka.categories p ON p.id = c.parent_id
                      WHERE lower(c.name) LIKE pat OR c.id::text = q
                      ORDER BY 2 LIMIT lim;
    WHEN 'product' THEN
        RETURN QUERY SELECT p.id::text, p.code || ' ' || p.name FROM polka.products p
                      WHERE p.code LIKE substr(pat, 2) OR lower(p.name) LIKE pat OR p.id::text = q
                      ORDER BY p.code = q DESC, p.code LIMIT lim;
    WHEN 'carrier' THEN
        RETURN QUERY SELECT p.id::text, p.name || ' (' || p.code || ')' FROM polka.partners p
                      WHERE p.kind = 'carrier' AND (lower(p.name) LIKE pat OR p.code = q OR p.id::text = q)
                      ORDER BY p.name, p.id LIMIT lim;
    WHEN 'vehicle' THEN
        RETURN QUERY SELECT v.id::text, v.plate || coalesce(' ' || v.model, '') FROM polka.vehicles v
                      WHERE v.active AND (lower(v.plate) LIKE pat OR lower(coalesce(v.model, '')) LIKE pat OR v.id::text = q)
                      ORDER BY v.plate LIMIT lim;
    WHEN 'route' THEN
        RETURN QUERY SELECT r.id::text, r.code || ' ' || r.name FROM polka.routes r
                      WHERE r.active AND (lower(r.code) LIKE pat OR lower(r.name) LIKE pat OR r.id::text = q)
                      ORDER BY r.code LIMIT lim;
    WHEN 'warehouse' THEN
        RETURN QUERY SELECT w.id::text, w.code || ' ' || w.name FROM polka.warehouses w
                      WHERE lower(w.code) LIKE pat OR lower(w.name) LIKE pat OR w.id::text = q
                      ORDER BY w.main DESC, w.code LIMIT lim;
    WHEN 'point' THEN
        -- Narrowed to a client (parent: his id), his points with their address and GLN, which
        -- tell his shops apart, found by any of the three.
        IF parent IS NOT NULL THEN
            RETURN QUERY SELECT d.id::text, d.name || coalesce(' (GLN ' || d.gln || ')', '') || ' — ' || d.address
                           FROM polka.delivery_points d
                          WHERE d.partner_id = CASE WHEN parent ~ '^[0-9]{1,18}$' THEN parent::bigint END AND d.active
                            AND (lower(d.name) LIKE pat OR lower(d.address) LIKE pat OR d.gln LIKE pat
                                 OR d.id::text = q)
                          ORDER BY d.name COLLATE polka.names, d.id LIMIT lim;
            RETURN;
        END IF;
        -- A client's delivery point, found by the client's name or code, the point's name or
        -- address.
        RETURN QUERY SELECT d.id::text, c.name || ': ' || d.name FROM polka.delivery_points d
                       JOIN polka.partners c ON c.id = d.partner_id AND c.kind = 'client'
                      WHERE d.active AND (lower(c.name) LIKE pat OR c.code = q OR lower(d.name) LIKE pat
                                          OR lower(d.address) LIKE pat OR d.id::text = q)
                      ORDER BY c.name, d.name COLLATE polka.names, d.id LIMIT lim;
    WHEN 'price_kind', 'rounding', 'payment' THEN
        RETURN QUERY SELECT v.c, v.c FROM (VALUES
                          ('price_kind', 'base'), ('price_kind', 'dependent'), ('price_kind', 'individual'),
                          ('rounding', '0.01'), ('rounding', '0.10'), ('rounding', '1.00'), ('rounding', '0.90'),
                          ('payment', 'prepayment'), ('payment', 'credit'), ('payment', 'stages')) AS v(k, c)
                      WHERE v.k = lookup.kind AND (coalesce(q, '') = '' OR v.c = q) LIMIT lim;
    ELSE
        RAISE EXCEPTION 'unknown look-up "%"', kind USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$$;
GRANT EXECUTE ON FUNCTION polka.lookup(text,text,integer,text) TO polka_user;

