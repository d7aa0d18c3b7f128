-- 035: the agreement an order gets (polka.client_agreement) found by index: a client's own by
-- agreements_client_idx, else its segment's typical one by this index (before, one query with an
-- OR read every agreement, some hundreds at a time on every order and incoming order).

SET LOCAL ROLE polka_owner;

CREATE INDEX agreements_typical_idx ON polka.agreements (segment, valid_from) WHERE kind = 'typical';
