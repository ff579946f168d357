-- See SQLite's 0014: an order's dated steps after it was placed; the last is its status.
CREATE TABLE order_events (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders(id),
    status   TEXT   NOT NULL CHECK (status IN ('paid', 'shipped', 'delivered', 'cancelled')),
    at       BIGINT NOT NULL
);
CREATE INDEX order_events_by_order ON order_events (order_id, id);
