-- Fixture of orders_picking_filter.keys: polka_test.allocation_world (tests/cluster/setup) as
-- ZPK (two new orders taken on 2021-05-10, in 2021: its batches expired by the other cases'
-- days), the first client's being picked.
SELECT polka_test.allocation_world('ZPK', 'Сборка', '2021-05-11');
UPDATE polka.orders o SET status = 'picking'
  FROM polka.partners c WHERE c.id = o.client_id AND c.code = 'ZPK-1';
