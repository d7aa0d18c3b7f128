-- Fixture of notices_outbox.keys: notices of its own (recipients at screen-notices.example.ru):
-- one the relay refused (failed after 2 tries), one queued for a later try after the relay
-- was down, one sent.
INSERT INTO polka.outbox (kind, recipient, subject, body, status, attempts, next_at, last_error, sent_at)
VALUES ('shipment_notice', 'refused@screen-notices.example.ru', 'Отгрузка 10.05.2037: рейс Р77701', E'Текст\n',
        'failed', 2, now(), '550: RCPT failed: 550', NULL),
       ('shipment_notice', 'later@screen-notices.example.ru', 'Отгрузка 10.05.2037: рейс Р77702', E'Текст\n',
        'queued', 1, now() + interval '1 minute', 'Failed to connect to relay port 25: Connection refused', NULL),
       ('shipment_notice', 'sent@screen-notices.example.ru', 'Отгрузка 09.05.2037: рейс Р77700', E'Текст\n',
        'sent', 1, now(), NULL, now());
