-- 05_bank.sql: a bank statement for the demo (`polka demo bank FILE [DAY]`), as a client bank
-- exports it (1CClientBankExchange; the C side writes it in Windows-1251): for DAY, the
-- payments of the clients with the oldest documents still open, each naming its document (one
-- in four paying half of it), one payment naming nothing, and one of ours going out (which an
-- import skips). Import it on the payments screen (F6) or with `polka bank import FILE`.

CREATE OR REPLACE FUNCTION polka_demo.bank_statement(p_day date DEFAULT polka.business_day()) RETURNS text
LANGUAGE sql AS $$
    WITH r AS (
        SELECT r.doc, r.doc_date, r.amount - r.paid AS open, c.legal_name, c.inn, c.kpp, c.id AS client_id,
               row_number() OVER (ORDER BY r.due_on, r.id) AS k
          FROM polka.receivables r JOIN polka.partners c ON c.id = r.client_id
         WHERE r.paid < r.amount AND c.kind = 'client' AND polka.inn_valid(c.inn)
         ORDER BY r.due_on, r.id LIMIT 15),
    p AS (
        SELECT r.k, 1000 + r.k AS number,
               CASE WHEN r.k % 4 = 0 THEN round(r.open / 2, 2) ELSE r.open END AS amount,
               r.legal_name AS payer, r.inn, coalesce(r.kpp, '') AS kpp,
               '40702810' || lpad(r.client_id::text, 12, '0') AS payer_acc, '40702810900000000001' AS to_acc,
               CASE WHEN r.k = 7 THEN 'Оплата за продукты питания, в т.ч. НДС'
                    ELSE format('Оплата по накладной %s от %s, в т.ч. НДС', r.doc, to_char(r.doc_date, 'DD.MM.YYYY'))
               END AS purpose
          FROM r
        UNION ALL
        SELECT 100, 2001, 15000.00, 'ООО «Полька-Продукт»', '5036040729', '503601001', '40702810900000000001',
               '40702810500000000777', 'Оплата аренды склада за декабрь'),
    lines AS (
        SELECT 0 AS k, x.o AS n, x.l
          FROM unnest(ARRAY['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows',
                            'Отправитель=Бухгалтерия', 'Получатель=1С:Предприятие',
                            'ДатаСоздания=' || to_char(p_day, 'DD.MM.YYYY'), 'ВремяСоздания=09:00:00',
                            'ДатаНачала=' || to_char(p_day, 'DD.MM.YYYY'), 'ДатаКонца=' || to_char(p_day, 'DD.MM.YYYY'),
                            'РасчСчет=40702810900000000001']) WITH ORDINALITY AS x(l, o)
        UNION ALL
        SELECT p.k, x.o, x.l
          FROM p CROSS JOIN LATERAL unnest(ARRAY[
                   'СекцияДокумент=Платежное поручение', 'Номер=' || p.number, 'Дата=' || to_char(p_day, 'DD.MM.YYYY'),
                   'Сумма=' || p.amount, 'ПлательщикСчет=' || p.payer_acc, 'Плательщик=' || p.payer,
                   'ПлательщикИНН=' || p.inn, 'ПлательщикКПП=' || p.kpp, 'ПолучательСчет=' || p.to_acc,
                   'ДатаПоступило=' || to_char(p_day, 'DD.MM.YYYY'), 'ВидОплаты=01',
                   'НазначениеПлатежа=' || p.purpose, 'КонецДокумента']) WITH ORDINALITY AS x(l, o)
        UNION ALL
        SELECT 1000, 0, 'КонецФайла')
    SELECT string_agg(lines.l, E'\r\n' ORDER BY lines.k, lines.n) || E'\r\n' FROM lines
$$;
