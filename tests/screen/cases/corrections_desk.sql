-- Fixture of corrections_desk.keys: the trips world (tests/cluster/setup) as ZKR shipping on
-- 2039-04-12 (its own document year), both clients' documents made (tests/db/trip-documents.sql:
-- ZKR-1 24 of 710001 and 36 of 710002; ZKR-2 12 and 24), printed and the truck left.
BEGIN;
\set prefix ZKR
\set label 'Корректировки'
\set ship 2039-04-12
\set left 1
\ir ../../db/trip-documents.sql
COMMIT;
