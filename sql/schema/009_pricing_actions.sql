-- 009: pricing as business actions (issue 4, fourth part): who may change which prices, a
-- trail of who set each price, hand-typed prices of individual types kept by recalculations,
-- price types with their rules saved (and previewed) in one call, the client's assortment,
-- agreements with approval, promotions edited as drafts, and the look-ups and lists the
-- screens read.
--
-- Rights:
--   base and dependent price types, typical agreements      the head, admins
--   a client's individual price type, assortment, agreement  + the client's manager (or one
--                                                            with all_clients)
--   promotions (drafts, sending for approval)               managers, the head, admins
--   approving agreements and promotions                     the head (promotions also
--                                                            promo_approver, 010)

SET LOCAL ROLE polka_owner;

-- Who set a price (a recalculation: who changed what it was computed from).
ALTER TABLE polka.prices ADD COLUMN set_by text NOT NULL DEFAULT session_user;

-- The client's assortment matrix: the products a client (typically a retail chain) orders.
CREATE TABLE polka.assortment (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id  bigint NOT NULL REFERENCES polka.partners,
    product_id bigint NOT NULL REFERENCES polka.products,
    CONSTRAINT assortment_key UNIQUE (client_id, product_id)
);
SELECT polka.rls_protect('assortment'), polka.audit_attach('assortment');
CREATE POLICY read_with_partner ON polka.assortment FOR SELECT TO polka_user
    USING (EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));
GRANT SELECT ON polka.assortment TO polka_user;

ALTER TABLE polka.agreements
    ADD COLUMN assortment_only boolean NOT NULL DEFAULT false, -- orders outside it are refused
    ADD COLUMN approved_by text;

-- Rights ---------------------------------------------------------------------------------------


-- The business's calendar: a price's "from", a promotion's first and last day, "today" are
-- days in the business's time zone (settings.business_tz), whatever the session's.
CREATE TABLE polka.settings (
    key   text PRIMARY KEY CONSTRAINT settings_key_valid CHECK (key ~ '^[a-z_]{1,40}$'),
    value text NOT NULL CONSTRAINT settings_value_valid CHECK (polka.text_ok(value, 200))
);
INSERT INTO polka.settings VALUES ('business_tz', 'Europe/Moscow');
SELECT polka.rls_protect('settings'), polka.rls_read_all('settings');

-- Documents ------------------------------------------------------------------------------------


-- Price types ----------------------------------------------------------------------------------


-- History of the pricing cards ----------------------------------------------------------------

-- The trail of agreements, promotions and price types is readable like the cards: promotions
-- and price types by everyone, an agreement with its client.
CREATE POLICY read_pricing_cards ON polka.audit_log FOR SELECT TO polka_user
    USING (tab IN ('promotions', 'promotion_agreements', 'promotion_rules', 'price_types', 'price_rules')
           OR tab = 'agreements' AND EXISTS (SELECT FROM polka.agreements a WHERE a.id = card_id));
