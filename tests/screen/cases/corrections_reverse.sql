-- Fixture of corrections_reverse.keys: the trips world as ZKV shipping on 2034-05-10 (its own
-- document year), printed, the truck left, and the first client's document corrected at the desk (4 of 24
-- damaged).
BEGIN;
\set prefix ZKV
\set label 'Отмена вычерков'
\set ship 2034-05-10
\set left 1
\ir ../../db/trip-documents.sql
SELECT set_config('polka.today', :'ship', true);
SELECT polka.document_correct(d.id, '[{"n": 1, "accepted": "20", "reason": "damaged"}]')
  FROM polka.documents d WHERE d.trip_id = :trip AND d.client_id = :c1;
COMMIT;
