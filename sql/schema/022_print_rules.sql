-- 022: print rules (issue 15): which forms of a trip's documents are printed for a client and
-- how many copies of each. A rule set is for one delivery point, one client, one segment, or
-- (none of them) the default; per form the most specific set that names it decides:
-- delivery point -> client -> segment -> default. 0 copies: that form is not printed for
-- them, whatever a less specific set says. The functions in functions/print_rules.sql.

SET LOCAL ROLE polka_owner;

CREATE TABLE polka.print_rule_sets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    point_id   bigint REFERENCES polka.delivery_points ON DELETE CASCADE,
    client_id  bigint REFERENCES polka.partners ON DELETE CASCADE,
    segment    text REFERENCES polka.segments,
    note       text CONSTRAINT print_rule_sets_note_valid CHECK (polka.text_ok(note, 500)),
    version    integer NOT NULL DEFAULT 1,
    CONSTRAINT print_rule_sets_one_scope CHECK (num_nonnulls(point_id, client_id, segment) <= 1),
    CONSTRAINT print_rule_sets_scope_key UNIQUE NULLS NOT DISTINCT (point_id, client_id, segment)
);
CREATE INDEX print_rule_sets_client_idx ON polka.print_rule_sets (client_id);

-- upd: the sales document (УПД); tn: the trip's consignment note; packing_list: what is on
-- each pallet; quality_cert: the batches' quality certificates and declarations, referenced.
CREATE TABLE polka.print_rules (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    set_id bigint NOT NULL REFERENCES polka.print_rule_sets ON DELETE CASCADE,
    form   text NOT NULL CONSTRAINT print_rules_form_valid
           CHECK (form IN ('upd', 'tn', 'packing_list', 'quality_cert')),
    copies smallint NOT NULL CONSTRAINT print_rules_copies_valid CHECK (copies BETWEEN 0 AND 9),
    CONSTRAINT print_rules_form_key UNIQUE (set_id, form)
);

SELECT polka.rls_protect('print_rule_sets'), polka.rls_read_all('print_rule_sets'),
       polka.rls_protect('print_rules'), polka.rls_read_all('print_rules');
SELECT polka.audit_attach('print_rule_sets'), polka.audit_attach('print_rules');

-- What a client gets unless told otherwise: the sales document twice (one comes back signed)
-- and the consignment note three times (shipper, carrier, consignee).
INSERT INTO polka.print_rule_sets (note) VALUES ('По умолчанию');
INSERT INTO polka.print_rules (set_id, form, copies)
SELECT s.id, f.form, f.copies FROM polka.print_rule_sets s,
       (VALUES ('upd', 2), ('tn', 3), ('packing_list', 0), ('quality_cert', 0)) f (form, copies);
