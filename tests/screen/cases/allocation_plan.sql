-- Fixture of allocation_plan.keys: warehouse ZAL; milk 1001 scarce (24 in an old batch, 12 in
-- a fresh one; 48 ordered), 1002 plenty; client ZAL-1 (priority 1) and the chain ZAL-2
-- (priority 5, 70 % of the shelf life left), an order each for 2031-06-03.
INSERT INTO polka.warehouses (code, name) VALUES ('ZAL', 'Склад плана');
INSERT INTO polka.stock_batches (warehouse_id, product_id, batch, produced_on, expires_on)
SELECT w.id, p.id, v.batch, v.made::date, v.exp::date
  FROM (VALUES ('1001', 'ZAL-OLD', '2031-05-27', '2031-06-06'), ('1001', 'ZAL-FRESH', '2031-06-01', '2031-06-11'),
               ('1002', 'ZAL-B', '2031-06-01', '2031-06-11')) v(code, batch, made, exp)
  JOIN polka.products p ON p.code = v.code, polka.warehouses w WHERE w.code = 'ZAL';
INSERT INTO polka.stock_moves (kind, batch_id, qty, note)
SELECT 'receipt', b.id, CASE b.batch WHEN 'ZAL-OLD' THEN 24 WHEN 'ZAL-FRESH' THEN 12 ELSE 120 END, 'ZAL'
  FROM polka.stock_batches b WHERE b.batch LIKE 'ZAL-%' ORDER BY b.id;
INSERT INTO polka.price_types (code, name, kind) VALUES ('ZAL', 'Проверка плана', 'base');
INSERT INTO polka.partners (code, kind, name, legal_name, segment, priority) VALUES
    ('ZAL-1', 'client', 'План: первый', 'ООО «План 1»', 'shop', 1),
    ('ZAL-2', 'client', 'План: сеть', 'ООО «План 2»', 'chain', 5);
INSERT INTO polka.agreements (code, name, kind, client_id, price_type_id, payment, valid_from, status, min_shelf_percent)
SELECT p.code, 'Проверка плана', 'individual', p.id, t.id, 'prepayment', '2031-01-01', 'active',
       CASE WHEN p.code = 'ZAL-2' THEN 70 END
  FROM polka.partners p, polka.price_types t WHERE p.code IN ('ZAL-1', 'ZAL-2') AND t.code = 'ZAL';
INSERT INTO polka.orders (request_key, client_id, agreement_id, ship_on, comment, warehouse_id, created_at)
SELECT gen_random_uuid(), p.id, a.id, '2031-06-03', 'ZAL', w.id,
       CASE p.code WHEN 'ZAL-1' THEN timestamptz '2031-06-02 09:00' ELSE '2031-06-02 09:30' END
  FROM polka.partners p JOIN polka.agreements a ON a.client_id = p.id, polka.warehouses w
 WHERE p.code IN ('ZAL-1', 'ZAL-2') AND w.code = 'ZAL';
INSERT INTO polka.order_lines (order_id, n, product_id, qty, price, vat_rate, amount, vat_amount, price_origin)
SELECT o.id, v.n, p.id, v.qty, 80, 10, 80 * v.qty, 0, 'ZAL'
  FROM (VALUES ('ZAL-1', 1, '1001', 24), ('ZAL-1', 2, '1002', 36), ('ZAL-2', 1, '1001', 24), ('ZAL-2', 2, '1002', 24))
           v(client, n, code, qty)
  JOIN polka.partners c ON c.code = v.client
  JOIN polka.orders o ON o.client_id = c.id AND o.comment = 'ZAL'
  JOIN polka.products p ON p.code = v.code;
