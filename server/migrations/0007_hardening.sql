-- An order is a record of what a shopper was promised: it is neither changed (0003)
-- nor deleted.
CREATE TRIGGER orders_undeletable BEFORE DELETE ON orders
BEGIN SELECT RAISE(ABORT, 'orders are immutable'); END;
CREATE TRIGGER order_lines_undeletable BEFORE DELETE ON order_lines
BEGIN SELECT RAISE(ABORT, 'order lines are immutable'); END;

-- The signing key is drawn from the operating system's generator when a store binary
-- first starts on this database (db::session_key), not by SQLite's randomblob. Sessions
-- signed with the old key end once.
DELETE FROM secrets WHERE name = 'session-key';
