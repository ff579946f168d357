-- See SQLite's 0015: the units of a line taken from stock; cancelling puts back these.
ALTER TABLE order_lines ADD COLUMN from_stock BIGINT;
