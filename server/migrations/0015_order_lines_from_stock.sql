-- How many of a line's units were taken from stock when the order was placed: fewer
-- than its quantity when the rest was back-ordered. Cancelling puts back these, not the
-- quantity. NULL for orders placed before this column, which restock their quantity.
ALTER TABLE order_lines ADD COLUMN from_stock INTEGER;
