-- Carts: one per anonymous session or per customer, in one store.
CREATE TABLE carts (
    id          INTEGER PRIMARY KEY,
    store_id    TEXT    NOT NULL REFERENCES stores(id),
    customer_id INTEGER REFERENCES customers(id),
    coupon_code TEXT,
    updated_at  INTEGER NOT NULL DEFAULT (unixepoch())
);
CREATE INDEX carts_customer ON carts(store_id, customer_id);

CREATE TABLE cart_lines (
    cart_id    INTEGER NOT NULL REFERENCES carts(id) ON DELETE CASCADE,
    variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    added_at   INTEGER NOT NULL DEFAULT (unixepoch()),
    PRIMARY KEY (cart_id, variant_id)
) WITHOUT ROWID;

-- Coupons are defined per store, with validity dates (unix seconds, end exclusive).
CREATE TABLE coupons (
    store_id  TEXT    NOT NULL REFERENCES stores(id),
    code      TEXT    NOT NULL,
    kind      TEXT    NOT NULL CHECK (kind IN ('percent', 'fixed')),
    -- Percent (1–100) or minor units of the store's currency.
    amount    INTEGER NOT NULL CHECK (amount > 0),
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL,
    PRIMARY KEY (store_id, code)
) WITHOUT ROWID;

-- Orders are snapshots: lines, prices, taxes, address and shipping are copied, not
-- referenced, so later catalog changes never rewrite history.
CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    store_id         TEXT    NOT NULL REFERENCES stores(id),
    number           TEXT    NOT NULL UNIQUE,
    customer_id      INTEGER REFERENCES customers(id),
    idempotency_key  TEXT    NOT NULL,
    email            TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    subtotal         INTEGER NOT NULL,
    discount         INTEGER NOT NULL,
    shipping         INTEGER NOT NULL,
    tax              INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    tax_included     INTEGER NOT NULL,
    tax_basis_points INTEGER NOT NULL,
    coupon_code      TEXT,
    shipping_method  TEXT    NOT NULL,
    ship_name        TEXT    NOT NULL,
    ship_line1       TEXT    NOT NULL,
    ship_line2       TEXT    NOT NULL,
    ship_postcode    TEXT    NOT NULL,
    ship_city        TEXT    NOT NULL,
    ship_country     TEXT    NOT NULL,
    payment_method   TEXT    NOT NULL,
    payment_ref      TEXT    NOT NULL,
    placed_at        INTEGER NOT NULL DEFAULT (unixepoch()),
    UNIQUE (store_id, idempotency_key)
);
CREATE INDEX orders_customer ON orders(store_id, customer_id, id DESC);

CREATE TABLE order_lines (
    order_id     INTEGER NOT NULL REFERENCES orders(id),
    position     INTEGER NOT NULL,
    sku          TEXT    NOT NULL,
    product_name TEXT    NOT NULL,
    product_slug TEXT    NOT NULL,
    options      TEXT    NOT NULL,
    unit_price   INTEGER NOT NULL,
    quantity     INTEGER NOT NULL CHECK (quantity > 0),
    line_total   INTEGER NOT NULL,
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;

CREATE TRIGGER orders_immutable BEFORE UPDATE ON orders
BEGIN SELECT RAISE(ABORT, 'orders are immutable'); END;
CREATE TRIGGER order_lines_immutable BEFORE UPDATE ON order_lines
BEGIN SELECT RAISE(ABORT, 'order lines are immutable'); END;
