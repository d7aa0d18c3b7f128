-- 016: a client's individual price type, its rules and its prices are seen by whoever sees the
-- client (issue 13, point 17); the price lists (base and dependent types) by everyone, as
-- before. The price and rule policies ask a function once per statement (an InitPlan) for the
-- types the caller may not see (none for those who see every client), not once per price
-- row: the order screen reads hundreds of thousands of them.

SET LOCAL ROLE polka_owner;

DROP POLICY read_all ON polka.price_types;
CREATE POLICY read_visible ON polka.price_types FOR SELECT TO polka_user
    USING (client_id IS NULL OR EXISTS (SELECT FROM polka.partners p WHERE p.id = client_id));

DROP POLICY read_all ON polka.price_rules;
CREATE POLICY read_visible ON polka.price_rules FOR SELECT TO polka_user
    USING (price_type_id <> ALL ((SELECT polka.hidden_price_types())::bigint[]));

DROP POLICY read_all ON polka.prices;
CREATE POLICY read_visible ON polka.prices FOR SELECT TO polka_user
    USING (price_type_id <> ALL ((SELECT polka.hidden_price_types())::bigint[]));
