-- 012: prices keep their past (issue 13, points 14 and 15). A price row may carry the reason
-- it was set (required for a day before the business day, which only the head may change);
-- a row changed or removed after it was written goes to the audit trail (inserts stay out: a
-- new row is the table's own history, and recalculations write thousands of them).

SET LOCAL ROLE polka_owner;

ALTER TABLE polka.prices ADD COLUMN reason text
    CONSTRAINT prices_reason_valid CHECK (reason IS NULL OR length(btrim(reason)) BETWEEN 1 AND 500);

CREATE TRIGGER audit_update AFTER UPDATE ON polka.prices REFERENCING OLD TABLE AS old_rows
    NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_rows();
CREATE TRIGGER audit_delete AFTER DELETE ON polka.prices REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_rows();

COMMENT ON TABLE polka.prices IS 'audit: exempt for inserts (a price change is a new row: the table is its own history); updates and deletes are in the trail';
