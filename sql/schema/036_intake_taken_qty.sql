-- 036: an operator's quantity for a line of an incoming order (intake_lines.taken_qty): the
-- quantity in our units the order takes instead of the message's (NULL: as the message says,
-- order_qty), 0 for a line not taken (answered as not available). A quantity not in whole
-- packs, or a product outside an assortment-only agreement, is fixed so; before, such an
-- incoming order could only be refused. A person's change of a line is audited (the rows, as
-- the message said them, are written once and stay exempt).

SET LOCAL ROLE polka_owner;

ALTER TABLE polka.intake_lines ADD COLUMN taken_qty numeric(14, 3)
    CONSTRAINT intake_lines_taken_qty_valid CHECK (taken_qty >= 0 AND taken_qty < 1000000);
COMMENT ON COLUMN polka.intake_lines.taken_qty IS
    'the quantity in our units an operator set for the order (NULL: order_qty, as the message says; 0: not taken)';
CREATE TRIGGER audit_update AFTER UPDATE ON polka.intake_lines REFERENCING OLD TABLE AS old_rows
    NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION polka.audit_rows();
COMMENT ON TABLE polka.intake_lines IS 'audit: exempt: what the message said, written once; what they mean to us follows the audited mappings (intake_codes); a person''s change of a line (taken_qty) is audited (audit_update)';
