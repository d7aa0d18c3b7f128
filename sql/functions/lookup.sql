-- lookup.sql: look-ups: the short lists behind F4 and type-ahead in every form.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes.

SET LOCAL ROLE polka_owner;

-- Look-ups by kind: segments, partner kinds, contact roles, relation kinds, managers,
-- partners and clients, price types, sources (types that may be a source), active
-- agreements, typical agreements, categories, products, and the fixed choices (price kind,
-- rounding, payment).
CREATE OR REPLACE FUNCTION polka.lookup(kind text, q text, lim int)
RETURNS TABLE (code text, label text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    pat text := polka.like_contains(coalesce(q, ''));
BEGIN
    lim := least(greatest(coalesce(lim, 50), 1), 1000);
    CASE kind
    WHEN 'segment' THEN
        RETURN QUERY SELECT s.code, s.name FROM polka.segments s
                      WHERE lower(s.name) LIKE pat OR s.code = q ORDER BY s.name LIMIT lim;
    WHEN 'partner_kind' THEN
        RETURN QUERY SELECT k.code, k.name FROM polka.partner_kinds k
                      WHERE lower(k.name) LIKE pat OR k.code = q ORDER BY k.name LIMIT lim;
    WHEN 'contact_role' THEN
        RETURN QUERY SELECT r.code, r.name FROM polka.contact_roles r
                      WHERE lower(r.name) LIKE pat OR r.code = q ORDER BY r.name LIMIT lim;
    WHEN 'relation_kind' THEN
        RETURN QUERY SELECT r.code, r.name FROM polka.relation_kinds r
                      WHERE lower(r.name) LIKE pat OR r.code = q ORDER BY r.name LIMIT lim;
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
    WHEN 'price_kind', 'rounding', 'payment' THEN
        RETURN QUERY SELECT v.c, v.l FROM (VALUES
                          ('price_kind', 'base', 'Базовый'), ('price_kind', 'dependent', 'Зависимый'),
                          ('price_kind', 'individual', 'Индивидуальный'),
                          ('rounding', '0.01', 'до копейки'), ('rounding', '0.10', 'до 10 копеек'),
                          ('rounding', '1.00', 'до рубля'), ('rounding', '0.90', 'на ,90'),
                          ('payment', 'prepayment', 'Предоплата'), ('payment', 'credit', 'Отсрочка'),
                          ('payment', 'stages', 'Поэтапно')) AS v(k, c, l)
                      WHERE v.k = lookup.kind AND (lower(v.l) LIKE pat OR v.c = q) LIMIT lim;
    ELSE
        RAISE EXCEPTION 'unknown look-up "%"', kind USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$$;
GRANT EXECUTE ON FUNCTION polka.lookup(text,text,integer) TO polka_user;

