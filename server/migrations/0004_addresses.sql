-- A customer's address book in one store; at most one default address each.
CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    store_id    TEXT    NOT NULL REFERENCES stores(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    name        TEXT    NOT NULL,
    line1       TEXT    NOT NULL,
    line2       TEXT    NOT NULL,
    postcode    TEXT    NOT NULL,
    city        TEXT    NOT NULL,
    country     TEXT    NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX addresses_customer ON addresses(store_id, customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses(store_id, customer_id) WHERE is_default = 1;
