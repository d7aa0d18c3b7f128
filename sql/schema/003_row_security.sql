-- 003: row-level security on every table of schema polka.
--
-- Who sees what is decided here, not in the client:
--   * everyone (polka_user) reads the reference and master data: people, products, stock...;
--   * partners: operators, waybill clerks, quality, planners, head and admin read all of them;
--     a manager reads the partners he is responsible for, all of them with the grantable
--     right all_clients (GRANT all_clients TO someone);
--   * a partner's contacts, delivery points and relations are visible with the partner.
-- Policies key on session_user (the person who logged in), never on a setting the client
-- can SET. The tables are owned by polka_owner and RLS is forced, so the owner (and the
-- SECURITY DEFINER functions running as it) needs its own policy: those functions check
-- the caller's rights themselves (see partner_save).

SET LOCAL ROLE polka_owner;

SELECT polka.rls_protect(c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'polka' AND c.relkind IN ('r', 'p') ORDER BY c.relname;

-- Reference and master data: everyone reads.
SELECT polka.rls_read_all(t)
  FROM unnest(ARRAY['people', 'partner_kinds', 'segments', 'relation_kinds', 'contact_roles', 'units',
                    'categories', 'vat_rates', 'products', 'warehouses', 'stock_batches',
                    'planned_receipts']) AS t;

-- Partners: all of them for most roles, a manager's own for a manager. The sub-selects run
-- once per query (an InitPlan), not once per row.
CREATE POLICY read_visible ON polka.partners FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR manager_id = (SELECT polka.my_person_id()));

-- A partner's rows are visible with the partner (the sub-query is itself under RLS).
CREATE POLICY read_with_partner ON polka.contacts FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = partner_id));
CREATE POLICY read_with_partner ON polka.delivery_points FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = partner_id));
CREATE POLICY read_with_partner ON polka.partner_relations FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = partner_id));
