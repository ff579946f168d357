-- Customers belong to one store: the same email may hold separate accounts in two stores.
CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    store_id      TEXT    NOT NULL REFERENCES stores(id),
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL DEFAULT (unixepoch()),
    UNIQUE (store_id, email)
);

-- Secrets generated once per database, shared by every store binary on it.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
INSERT INTO secrets (name, value) VALUES ('session-key', randomblob(64));
