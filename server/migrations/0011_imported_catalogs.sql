-- What an imported catalog brings beyond the generated one (issue 17): products kept but
-- not sold (drafts), their description as sanitized HTML, tags and search-engine texts;
-- variants orderable when out of stock, with a picture of their own and options of any
-- name; prices before a sale; photos stored by content hash.
ALTER TABLE products ADD COLUMN sold INTEGER NOT NULL DEFAULT 1;
ALTER TABLE products ADD COLUMN body_html TEXT;
ALTER TABLE products ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN seo_title TEXT;
ALTER TABLE products ADD COLUMN seo_description TEXT;
ALTER TABLE variants ADD COLUMN backorder INTEGER NOT NULL DEFAULT 0;
ALTER TABLE variants ADD COLUMN image TEXT;
ALTER TABLE prices ADD COLUMN compare_at INTEGER CHECK (compare_at > amount);

-- Every option of a variant as the file names it, in the product's order. Colour, size
-- and capacity are also in `variants`' columns, which the facets read.
CREATE TABLE variant_options (
    variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (variant_id, position)
) WITHOUT ROWID;

-- Originals in the database, so every replica can serve them; resized copies are cached
-- on each machine's disk (server/src/photos).
CREATE TABLE images (
    hash         TEXT    PRIMARY KEY,
    content_type TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    bytes        BLOB    NOT NULL
);

CREATE TABLE product_images (
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    hash       TEXT    NOT NULL REFERENCES images(hash),
    alt        TEXT    NOT NULL,
    PRIMARY KEY (product_id, position)
) WITHOUT ROWID;

CREATE TRIGGER catalog_changed_options_i AFTER INSERT ON variant_options BEGIN UPDATE catalog_version SET version = version + 1, structure = structure + 1; END;
CREATE TRIGGER catalog_changed_options_u AFTER UPDATE ON variant_options BEGIN UPDATE catalog_version SET version = version + 1, structure = structure + 1; END;
CREATE TRIGGER catalog_changed_options_d AFTER DELETE ON variant_options BEGIN UPDATE catalog_version SET version = version + 1, structure = structure + 1; END;
CREATE TRIGGER catalog_changed_images_i AFTER INSERT ON product_images BEGIN UPDATE catalog_version SET version = version + 1, structure = structure + 1; END;
CREATE TRIGGER catalog_changed_images_u AFTER UPDATE ON product_images BEGIN UPDATE catalog_version SET version = version + 1, structure = structure + 1; END;
CREATE TRIGGER catalog_changed_images_d AFTER DELETE ON product_images BEGIN UPDATE catalog_version SET version = version + 1, structure = structure + 1; END;

-- What a store sells: now only products that are sold, and a variant on back order
-- counts as plenty in stock (1,000,000, also in migrations-postgres/0002) for every
-- guard that reads `stock` here.
DROP VIEW sold_variants;
CREATE VIEW sold_variants AS
SELECT v.id, v.product_id, v.position, v.sku, v.color, v.size, v.capacity,
       CASE WHEN v.backorder THEN MAX(v.stock, 1000000) ELSE v.stock END AS stock,
       p.catalog_id, p.name, p.slug, p.art, pr.currency, pr.amount,
       pr.compare_at, v.backorder, v.image
  FROM variants v
  JOIN products p ON p.id = v.product_id AND p.sold
  JOIN prices pr ON pr.variant_id = v.id;
