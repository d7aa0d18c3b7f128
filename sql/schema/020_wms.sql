-- 020: the WMS exchange (issue 15): what the warehouse management system reports as picked
-- for a trip, by order line and batch, with the pallet's SSCC; each imported file once (by
-- its checksum). The file formats are in the README ("The WMS exchange"); the functions in
-- functions/wms.sql.

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.wms_imports (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trip_id   bigint NOT NULL REFERENCES polka.trips,
    file_name text NOT NULL CONSTRAINT wms_imports_file_name_valid CHECK (polka.text_ok(file_name, 255)),
    sha256    text NOT NULL CONSTRAINT wms_imports_sha256_valid CHECK (sha256 ~ '^[0-9a-f]{64}$')
              CONSTRAINT wms_imports_sha256_key UNIQUE,
    picks     integer NOT NULL CONSTRAINT wms_imports_picks_valid CHECK (picks >= 0),
    at        timestamptz NOT NULL DEFAULT now(),
    by_user   text NOT NULL DEFAULT session_user
);
CREATE INDEX wms_imports_trip_idx ON polka.wms_imports (trip_id);

-- The facts of a trip's latest import: per order line, what was picked of which batch, on
-- which pallet. A line not picked at all has no fact.
CREATE TABLE polka.picking_facts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id     bigint NOT NULL REFERENCES polka.wms_imports,
    trip_id       bigint NOT NULL REFERENCES polka.trips,
    order_line_id bigint NOT NULL REFERENCES polka.order_lines,
    batch_id      bigint NOT NULL REFERENCES polka.stock_batches,
    qty           numeric(14, 3) NOT NULL CONSTRAINT picking_facts_qty_valid CHECK (qty > 0),
    sscc          text CONSTRAINT picking_facts_sscc_valid
                  CHECK (sscc ~ '^[0-9]{18}$' AND polka.gs1_check_digit(left(sscc, -1)) = right(sscc, 1))
);
CREATE INDEX picking_facts_trip_idx ON polka.picking_facts (trip_id);
CREATE INDEX picking_facts_line_idx ON polka.picking_facts (order_line_id);

-- A difference between a line's task and its facts the waybill clerk accepted, with why (the
-- documents take the facts as they are). A new import of the trip's facts drops them.
CREATE TABLE polka.pick_acceptances (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trip_id       bigint NOT NULL REFERENCES polka.trips,
    order_line_id bigint NOT NULL REFERENCES polka.order_lines CONSTRAINT pick_acceptances_line_key UNIQUE,
    difference    text NOT NULL CONSTRAINT pick_acceptances_difference_valid
                  CHECK (difference IN ('not_picked', 'short', 'over', 'batch', 'shelf_life')),
    reason        text NOT NULL CONSTRAINT pick_acceptances_reason_valid CHECK (polka.text_ok(reason, 500)),
    by_user       text NOT NULL DEFAULT session_user,
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pick_acceptances_trip_idx ON polka.pick_acceptances (trip_id);

SELECT polka.rls_protect('pick_acceptances'), polka.rls_read_all('pick_acceptances'),
       polka.audit_attach('pick_acceptances');
SELECT polka.rls_protect('wms_imports'), polka.rls_read_all('wms_imports'),
       polka.rls_protect('picking_facts'), polka.rls_read_all('picking_facts');
COMMENT ON TABLE polka.wms_imports IS
    'audit: exempt: it is itself the trail of the WMS files (who, when, which file by checksum)';
COMMENT ON TABLE polka.picking_facts IS
    'audit: exempt: written only by an import, which polka.wms_imports records';
