-- Fixture of stock_receipt.keys: a warehouse ZSR of its own, empty.
INSERT INTO polka.warehouses (code, name) VALUES ('ZSR', 'Склад приёмки');
