-- Order status (issue 19): the dated steps of an order after it was placed (placed
-- itself is `orders.placed_at`); its status is its last step. Appended, never changed,
-- so orders stay the immutable snapshots they are. Times are Unix seconds.
CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    status   TEXT    NOT NULL CHECK (status IN ('paid', 'shipped', 'delivered', 'cancelled')),
    at       INTEGER NOT NULL
);
CREATE INDEX order_events_by_order ON order_events (order_id, id);
