-- Fixture of partner_notices.keys: a client of vera's of its own, with an e-mail.
INSERT INTO polka.partners (code, kind, name, legal_name, segment, email, manager_id)
VALUES ('ZNT-1', 'client', 'Уведомляемый ZNT', 'ООО «Уведомляемый ZNT»', 'shop', 'znt@example.ru',
        (SELECT id FROM polka.people WHERE login = 'vera'));
