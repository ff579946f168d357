-- Catalog: products belong to one catalog; a store sells one catalog in one currency.
CREATE TABLE catalogs (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE stores (
    id         TEXT PRIMARY KEY,
    catalog_id TEXT NOT NULL REFERENCES catalogs(id),
    currency   TEXT NOT NULL CHECK (length(currency) = 3)
);

CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    catalog_id TEXT    NOT NULL REFERENCES catalogs(id),
    parent_id  INTEGER REFERENCES categories(id),
    slug       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    UNIQUE (catalog_id, slug)
);
CREATE INDEX categories_parent ON categories(parent_id);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    catalog_id  TEXT    NOT NULL REFERENCES catalogs(id),
    category_id INTEGER NOT NULL REFERENCES categories(id),
    slug        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    brand       TEXT    NOT NULL,
    description TEXT    NOT NULL,
    -- Drawing recipe for the generated images: "<shape>-<seed>".
    art         TEXT    NOT NULL,
    featured    INTEGER NOT NULL DEFAULT 0,
    -- Relevance outside search: higher first.
    popularity  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (catalog_id, slug)
);
CREATE INDEX products_category ON products(category_id, popularity DESC);
CREATE INDEX products_catalog_brand ON products(catalog_id, brand);

CREATE TABLE product_attributes (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (product_id, position)
) WITHOUT ROWID;

CREATE TABLE variants (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    sku        TEXT    NOT NULL UNIQUE,
    color      TEXT,
    size       TEXT,
    capacity   TEXT,
    stock      INTEGER NOT NULL CHECK (stock >= 0)
);
CREATE INDEX variants_product ON variants(product_id, position);

CREATE TABLE prices (
    variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    currency   TEXT    NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (variant_id, currency)
) WITHOUT ROWID;

-- Lowest and highest variant price per product and currency, for sorting and the price
-- facet without a GROUP BY over variants on every listing. Rebuilt by `refresh_price_ranges`.
CREATE TABLE price_ranges (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    currency   TEXT    NOT NULL,
    min_amount INTEGER NOT NULL,
    max_amount INTEGER NOT NULL,
    in_stock   INTEGER NOT NULL,
    PRIMARY KEY (product_id, currency)
) WITHOUT ROWID;
CREATE INDEX price_ranges_currency ON price_ranges(currency, min_amount);

CREATE VIRTUAL TABLE product_search USING fts5(
    name, brand, description,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN
    INSERT INTO product_search(rowid, name, brand, description) VALUES (new.id, new.name, new.brand, new.description);
END;
CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN
    INSERT INTO product_search(product_search, rowid, name, brand, description) VALUES ('delete', old.id, old.name, old.brand, old.description);
END;
CREATE TRIGGER products_au AFTER UPDATE ON products BEGIN
    INSERT INTO product_search(product_search, rowid, name, brand, description) VALUES ('delete', old.id, old.name, old.brand, old.description);
    INSERT INTO product_search(rowid, name, brand, description) VALUES (new.id, new.name, new.brand, new.description);
END;
