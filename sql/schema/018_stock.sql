-- 018: stock as movements, and what allocation writes (issue 14).
--
-- A batch's on hand and reserved quantities are the sum of its movements in the ledger
-- (polka.stock_moves): receipt, reservation, release, shipment, return, write-off, count
-- correction. The ledger is append-only; a statement trigger adds each statement's movements
-- to the batches' two balances, so reading stock never sums the ledger, and the balances'
-- checks hold the invariants under any concurrency: on hand never negative, reserved never
-- above on hand (row locks serialize writers of a batch; the check sees the final row).
-- Free stock = on hand - reserved, of batches not expired (polka.stock_free, functions/stock.sql,
-- is the one computation the order screen, the stock report and allocation use).
--
-- Reservations say which order holds which batch (or which planned receipt): allocation
-- writes them with their ledger movements in one transaction (functions/allocation.sql).
-- An order's lines carry what allocation confirmed, and why not more.

SET LOCAL ROLE polka_owner;

-- Products: how many units make a pallet, and a unit's volume (the trips' load).
ALTER TABLE polka.products
    ADD COLUMN pallet_qty numeric(14, 3) CONSTRAINT products_pallet_qty_valid CHECK (pallet_qty > 0),
    ADD COLUMN volume_l numeric(12, 3) CONSTRAINT products_volume_valid CHECK (volume_l > 0);

-- The warehouse that ships when a delivery point names none: the main one.
ALTER TABLE polka.warehouses ADD COLUMN main boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX warehouses_one_main ON polka.warehouses (main) WHERE main;
ALTER TABLE polka.delivery_points ADD COLUMN warehouse_id bigint REFERENCES polka.warehouses;

-- A batch's balances. qty was on hand; the scale check moves to the ledger, the only writer.
DROP TRIGGER stock_batches_qty_scale ON polka.stock_batches;
ALTER TABLE polka.stock_batches RENAME COLUMN qty TO on_hand;
ALTER TABLE polka.stock_batches ALTER COLUMN on_hand SET DEFAULT 0;
ALTER TABLE polka.stock_batches RENAME CONSTRAINT stock_batches_qty_valid TO stock_batches_on_hand_valid;
ALTER TABLE polka.stock_batches
    ADD COLUMN reserved numeric(14, 3) NOT NULL DEFAULT 0,
    ADD CONSTRAINT stock_batches_reserved_valid CHECK (reserved >= 0 AND reserved <= on_hand);
-- Balances change only through the ledger, which is their trail: no row per balance change.
DROP TRIGGER audit_update ON polka.stock_batches;
COMMENT ON TABLE polka.stock_batches IS
    'audit: exempt from updates: balances change only through polka.stock_moves, their trail';

CREATE TABLE polka.stock_moves (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    kind         text NOT NULL CONSTRAINT stock_moves_kind_valid
                 CHECK (kind IN ('receipt', 'reservation', 'release', 'shipment', 'return', 'write_off', 'count')),
    batch_id     bigint NOT NULL REFERENCES polka.stock_batches,
    -- Signed: what the movement adds to on hand (receipt, return, count: +; shipment,
    -- write-off, count: -) or to reserved (reservation +, release -; a shipment takes both).
    qty          numeric(14, 3) NOT NULL,
    order_id     bigint REFERENCES polka.orders,
    note         text CONSTRAINT stock_moves_note_valid CHECK (polka.text_ok(note, 500)),
    by_user      text NOT NULL DEFAULT session_user,
    CONSTRAINT stock_moves_sign_valid CHECK (CASE kind WHEN 'receipt' THEN qty > 0
                                                       WHEN 'reservation' THEN qty > 0
                                                       WHEN 'release' THEN qty < 0
                                                       WHEN 'shipment' THEN qty < 0
                                                       WHEN 'return' THEN qty > 0
                                                       WHEN 'write_off' THEN qty < 0
                                                       ELSE qty <> 0 END),
    CONSTRAINT stock_moves_order_given CHECK ((kind IN ('reservation', 'release', 'shipment')) = (order_id IS NOT NULL))
);
CREATE INDEX stock_moves_batch_idx ON polka.stock_moves (batch_id);
CREATE INDEX stock_moves_order_idx ON polka.stock_moves (order_id) WHERE order_id IS NOT NULL;
COMMENT ON TABLE polka.stock_moves IS 'audit: exempt: the ledger is append-only and is the trail';

-- The movements added to the batches' balances; the ledger append-only; a batch born empty
-- (the functions: functions/ledger.sql).
CREATE TRIGGER stock_moves_apply AFTER INSERT ON polka.stock_moves REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION polka.stock_moves_apply();

CREATE TRIGGER stock_moves_frozen BEFORE UPDATE OR DELETE ON polka.stock_moves
    FOR EACH ROW EXECUTE FUNCTION polka.stock_moves_frozen();
-- (TRUNCATE, the owner's reset of the whole database's data, stays possible.)

CREATE TRIGGER stock_batches_start_empty AFTER INSERT ON polka.stock_batches
    FOR EACH ROW EXECUTE FUNCTION polka.stock_batches_start_empty();

-- What the batches held before the ledger: one receipt each, with the balances' trigger off
-- (they hold it already).
ALTER TABLE polka.stock_moves DISABLE TRIGGER stock_moves_apply;
INSERT INTO polka.stock_moves (at, kind, batch_id, qty, note, by_user)
SELECT now(), 'receipt', b.id, b.on_hand, 'stock before the ledger', 'polka'
  FROM polka.stock_batches b WHERE b.on_hand > 0 ORDER BY b.id;
ALTER TABLE polka.stock_moves ENABLE TRIGGER stock_moves_apply;

-- Planned receipts can be promised too (allocation up to the cut-off).
ALTER TABLE polka.planned_receipts
    ADD COLUMN reserved numeric(14, 3) NOT NULL DEFAULT 0,
    ADD CONSTRAINT planned_receipts_reserved_valid CHECK (reserved >= 0 AND reserved <= qty);

-- Orders ship from a warehouse: the delivery point's, else the main one (order_save).
ALTER TABLE polka.orders ADD COLUMN warehouse_id bigint REFERENCES polka.warehouses;
INSERT INTO polka.warehouses (code, name, main)
SELECT 'MAIN', 'Основной склад', true
 WHERE EXISTS (SELECT FROM polka.orders) AND NOT EXISTS (SELECT FROM polka.warehouses);
UPDATE polka.orders o
   SET warehouse_id = coalesce((SELECT p.warehouse_id FROM polka.delivery_points p WHERE p.id = o.point_id),
                               (SELECT w.id FROM polka.warehouses w ORDER BY w.main DESC, w.id LIMIT 1));
ALTER TABLE polka.orders ALTER COLUMN warehouse_id SET NOT NULL;
CREATE INDEX orders_ship_idx ON polka.orders (warehouse_id, ship_on);

-- What allocation confirmed on a line (NULL: not allocated yet), why not more, and whether
-- the planner fixed it by hand (a run leaves a locked line as it is).
ALTER TABLE polka.order_lines
    ADD COLUMN confirmed numeric(14, 3)
        CONSTRAINT order_lines_confirmed_valid CHECK (confirmed >= 0 AND confirmed <= qty),
    ADD COLUMN short_reason text CONSTRAINT order_lines_short_reason_valid
        CHECK (short_reason IN ('no_stock', 'scarce', 'fair_share', 'shelf_life', 'manual')),
    ADD COLUMN short_available numeric(14, 3), -- the product's supply for the run
    ADD COLUMN short_demand numeric(14, 3),    -- and its demand
    ADD COLUMN locked boolean NOT NULL DEFAULT false;

-- A residual shelf life the client requires on delivery, in percent of the product's shelf
-- life (a chain may demand 70 %). NULL: anything not expired.
ALTER TABLE polka.agreements ADD COLUMN min_shelf_percent smallint
    CONSTRAINT agreements_min_shelf_valid CHECK (min_shelf_percent BETWEEN 1 AND 100);

-- Who holds what: a batch or a planned receipt per order and product.
CREATE TABLE polka.reservations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id   bigint NOT NULL REFERENCES polka.orders,
    product_id bigint NOT NULL REFERENCES polka.products,
    batch_id   bigint REFERENCES polka.stock_batches,
    receipt_id bigint REFERENCES polka.planned_receipts,
    qty        numeric(14, 3) NOT NULL CONSTRAINT reservations_qty_valid CHECK (qty > 0),
    CONSTRAINT reservations_one_source CHECK ((batch_id IS NULL) <> (receipt_id IS NULL))
);
-- One row per order, product and source (the empty source column counts as equal).
CREATE UNIQUE INDEX reservations_key ON polka.reservations (order_id, product_id, batch_id, receipt_id)
    NULLS NOT DISTINCT;
CREATE INDEX reservations_batch_idx ON polka.reservations (batch_id);
COMMENT ON TABLE polka.reservations IS
    'audit: exempt: every change is a reservation or release in polka.stock_moves';

-- Each committed run per warehouse and day (one at a time: an advisory lock), and the answer
-- per order it gave, for the order response (ORDRSP) of EDI intake.
CREATE TABLE polka.allocation_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warehouse_id bigint NOT NULL REFERENCES polka.warehouses,
    ship_on      date NOT NULL,
    fair_share   boolean NOT NULL,
    orders       integer NOT NULL,
    lines        integer NOT NULL,
    short_lines  integer NOT NULL,
    by_user      text NOT NULL DEFAULT session_user,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE polka.order_confirmations (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id  bigint NOT NULL REFERENCES polka.orders,
    run_id    bigint REFERENCES polka.allocation_runs,
    status    text NOT NULL,
    lines     jsonb NOT NULL, -- [{product_id, qty, confirmed, short_reason}]
    at        timestamptz NOT NULL DEFAULT now(),
    sent_at   timestamptz -- the order response went out (EDI intake)
);
CREATE INDEX order_confirmations_order_idx ON polka.order_confirmations (order_id);

SELECT polka.rls_protect('stock_moves'), polka.rls_read_all('stock_moves'),
       polka.rls_protect('reservations'), polka.rls_protect('allocation_runs'),
       polka.rls_read_all('allocation_runs'), polka.rls_protect('order_confirmations');
-- Reservations and confirmations are visible with their order.
CREATE POLICY read_with_order ON polka.reservations FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR order_id IN (SELECT o.id FROM polka.orders o));
CREATE POLICY read_with_order ON polka.order_confirmations FOR SELECT TO polka_user
    USING ((SELECT polka.sees_all_partners()) OR order_id IN (SELECT o.id FROM polka.orders o));
GRANT SELECT ON polka.stock_moves, polka.reservations, polka.allocation_runs,
                polka.order_confirmations TO polka_user;
SELECT polka.audit_attach('allocation_runs'), polka.audit_attach('order_confirmations');
