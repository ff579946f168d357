-- Orders a platform placed for a checkout key of ours: a second submit of the same key
-- finds the first order even when the platform has no idempotency of its own.
CREATE TABLE backend_orders (
    store_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    number TEXT NOT NULL,
    placed_at INTEGER NOT NULL DEFAULT (unixepoch()),
    PRIMARY KEY (store_id, idempotency_key)
);
