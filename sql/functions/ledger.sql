-- needs schema 017
-- ledger.sql: the stock ledger's trigger functions (schema 018 creates the triggers): the
-- movements added to the batches' balances, the ledger kept append-only, a batch born empty.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes. (Applied
-- before schema 018, which makes the tables: plpgsql bodies are resolved when they run.)

SET LOCAL ROLE polka_owner;

-- What a movement does to its batch's balances: on hand (all but holding and releasing) and
-- reserved (holding, releasing, a shipment taking what its order held, a storno of one).
CREATE OR REPLACE FUNCTION polka.move_on_hand(kind text, qty numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN kind IN ('reservation', 'release') THEN 0 ELSE qty END;
CREATE OR REPLACE FUNCTION polka.move_reserved(kind text, qty numeric) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN kind IN ('reservation', 'release', 'shipment', 'storno') THEN qty ELSE 0 END;

-- The batches whose balances are not the ledger's sums, or whose reserved is not what the
-- reservations hold (the tests' invariant: always 0).
CREATE OR REPLACE FUNCTION polka.stock_ledger_mismatches() RETURNS bigint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT count(*) FROM polka.stock_batches b
     CROSS JOIN LATERAL (SELECT coalesce(sum(polka.move_on_hand(m.kind, m.qty)), 0) AS on_hand,
                                coalesce(sum(polka.move_reserved(m.kind, m.qty)), 0) AS reserved
                           FROM polka.stock_moves m WHERE m.batch_id = b.id) l
     WHERE b.on_hand <> l.on_hand OR b.reserved <> l.reserved
        OR b.reserved <> (SELECT coalesce(sum(r.qty), 0) FROM polka.reservations r WHERE r.batch_id = b.id)
$$;

-- The ledger's movements added to the batches: quantities in the product's unit (no
-- fractions of a piece), the batches locked in id order (two writers of the same batches wait
-- for each other instead of deadlocking), then one update per batch. A shipment takes what
-- its order held (on hand and reserved); a storno of it puts both back.
CREATE OR REPLACE FUNCTION polka.stock_moves_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bad text;
BEGIN
    SELECT format('%s %s (%s decimals)', p.code, m.qty, u.scale) INTO bad
      FROM new_rows m
      JOIN polka.stock_batches b ON b.id = m.batch_id
      JOIN polka.products p ON p.id = b.product_id
      JOIN polka.units u ON u.code = p.unit
     WHERE m.qty <> round(m.qty, u.scale) LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'quantity has more decimals than its unit allows: %', bad
            USING ERRCODE = 'check_violation', CONSTRAINT = 'quantity_scale',
                  TABLE = 'stock_moves', SCHEMA = 'polka';
    END IF;
    PERFORM 1 FROM polka.stock_batches b
     WHERE b.id IN (SELECT m.batch_id FROM new_rows m) ORDER BY b.id FOR NO KEY UPDATE;
    UPDATE polka.stock_batches b
       SET on_hand = b.on_hand + d.on_hand, reserved = b.reserved + d.reserved
      FROM (SELECT m.batch_id, sum(polka.move_on_hand(m.kind, m.qty)) AS on_hand,
                   sum(polka.move_reserved(m.kind, m.qty)) AS reserved
              FROM new_rows m GROUP BY m.batch_id) d
     WHERE b.id = d.batch_id;
    RETURN NULL;
END
$$;

-- Append-only.
CREATE OR REPLACE FUNCTION polka.stock_moves_frozen() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'stock movements are never changed or deleted: record a correction'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_moves_append_only';
END
$$;

-- A batch starts empty: what it holds comes as movements (a receipt). (After the insert: a
-- row that breaks a key is refused for that first.)
CREATE OR REPLACE FUNCTION polka.stock_batches_start_empty() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.on_hand <> 0 OR NEW.reserved <> 0 THEN
        RAISE EXCEPTION 'a batch starts empty; its stock comes as a receipt in the ledger'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'stock_batches_start_empty';
    END IF;
    RETURN NULL;
END
$$;

-- Payments (schema 025 makes the triggers): what an allocation gives a receivable is its paid
-- and its payment's allocated, added in the same statement (their CHECKs refuse paying a
-- receivable over its amount or spending a payment twice). Receivables and payments are
-- locked in id order first, so two allocations at once cannot deadlock.
CREATE OR REPLACE FUNCTION polka.payment_allocations_apply() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM 1 FROM polka.receivables r
     WHERE r.id IN (SELECT a.receivable_id FROM new_rows a) ORDER BY r.id FOR NO KEY UPDATE;
    PERFORM 1 FROM polka.payments p
     WHERE p.id IN (SELECT a.payment_id FROM new_rows a) ORDER BY p.id FOR NO KEY UPDATE;
    UPDATE polka.receivables r SET paid = r.paid + d.amount
      FROM (SELECT a.receivable_id, sum(a.amount) AS amount FROM new_rows a GROUP BY a.receivable_id) d
     WHERE r.id = d.receivable_id;
    UPDATE polka.payments p SET allocated = p.allocated + d.amount
      FROM (SELECT a.payment_id, sum(a.amount) AS amount FROM new_rows a GROUP BY a.payment_id) d
     WHERE p.id = d.payment_id;
    RETURN NULL;
END
$$;

-- Allocations are never changed or deleted (a correction is another document's business).
CREATE OR REPLACE FUNCTION polka.payment_allocations_frozen() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'payment allocations are never changed or deleted'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_allocations_append_only';
END
$$;
