-- Fixture of intake_card_gone.keys: an EDI order TIG-1 from a buyer nobody knows (held: needs
-- attention), which the case deletes behind the operator's back.
SELECT polka.intake_receive(jsonb_build_object(
    'channel', 'edi', 'sender', '4609997000028', 'number', 'TIG-1', 'doc_date', '2049-06-01',
    'requested_on', '2049-06-02', 'buyer_gln', '4609997000028',
    'lines', jsonb_build_array(jsonb_build_object('gtin', '4609997000011', 'qty', '5', 'name', 'Исчезающий товар'))));
