-- needs schema 017
-- ledger.sql: the stock ledger's trigger functions (schema 018 creates the triggers): the
-- movements added to the batches' balances, the ledger kept append-only, a batch born empty.
--
-- Code, not schema: applied again by polka db migrate whenever this file changes. (Applied
-- before schema 018, which makes the tables: plpgsql bodies are resolved when they run.)

SET LOCAL ROLE polka_owner;

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
      FROM (SELECT m.batch_id,
                   coalesce(sum(m.qty) FILTER (WHERE m.kind NOT IN ('reservation', 'release')), 0) AS on_hand,
                   coalesce(sum(m.qty) FILTER (WHERE m.kind IN ('reservation', 'release', 'shipment', 'storno')), 0)
                       AS reserved
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
