-- 024: returned documents (issue 16): the drivers bring the signed copies of a trip's
-- documents back and the clerk scans each one's barcode; a document returned (who, when), and
-- a trip whose live documents are all back becomes returned. The functions in
-- functions/returns.sql.

SET LOCAL ROLE polka_owner;

-- The desk's list of a trip's documents gains a column (returned): functions/trip_documents.sql
-- makes it again.
DROP FUNCTION IF EXISTS polka.trip_documents(bigint);

ALTER TABLE polka.documents
    ADD COLUMN returned_at timestamptz,
    ADD COLUMN returned_by text,
    ADD CONSTRAINT documents_returned_given CHECK ((returned_at IS NULL) = (returned_by IS NULL)),
    -- A cancelled document is not expected back, and a returned one is not cancelled (storno
    -- ends when the truck leaves; documents come back after).
    ADD CONSTRAINT documents_returned_live CHECK (returned_at IS NULL OR cancelled_at IS NULL);

-- The documents still out, per trip (the return desk's panel and its report read only these).
CREATE INDEX documents_missing_idx ON polka.documents (trip_id) WHERE returned_at IS NULL AND cancelled_at IS NULL;
-- A driver's trips (the desk works by driver too: one brings back several trips' papers).
CREATE INDEX trips_driver_idx ON polka.trips (driver) WHERE driver IS NOT NULL;
