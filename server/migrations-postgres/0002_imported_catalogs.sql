-- As SQLite's migration 0011: what an imported catalog brings beyond the generated one.
ALTER TABLE products ADD COLUMN sold BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE products ADD COLUMN body_html TEXT;
ALTER TABLE products ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN seo_title TEXT;
ALTER TABLE products ADD COLUMN seo_description TEXT;
ALTER TABLE variants ADD COLUMN backorder BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE variants ADD COLUMN image TEXT;
ALTER TABLE prices ADD COLUMN compare_at BIGINT CHECK (compare_at > amount);

CREATE TABLE variant_options (
    variant_id BIGINT NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    name       TEXT   NOT NULL,
    value      TEXT   NOT NULL,
    PRIMARY KEY (variant_id, position)
);

CREATE TABLE images (
    hash         TEXT   PRIMARY KEY,
    content_type TEXT   NOT NULL,
    width        BIGINT NOT NULL,
    height       BIGINT NOT NULL,
    bytes        BYTEA  NOT NULL
);

CREATE TABLE product_images (
    product_id BIGINT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    hash       TEXT   NOT NULL REFERENCES images(hash),
    alt        TEXT   NOT NULL,
    PRIMARY KEY (product_id, position)
);

CREATE TRIGGER catalog_changed_options AFTER INSERT OR UPDATE OR DELETE ON variant_options
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed('true');
CREATE TRIGGER catalog_changed_product_images AFTER INSERT OR UPDATE OR DELETE ON product_images
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed('true');

-- A variant's picture changes what pages show: structural, like its options.
CREATE OR REPLACE FUNCTION variants_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    structural BOOLEAN;
BEGIN
    SELECT bool_or(o.product_id IS DISTINCT FROM n.product_id OR o.sku IS DISTINCT FROM n.sku
                   OR o.color IS DISTINCT FROM n.color OR o.size IS DISTINCT FROM n.size
                   OR o.capacity IS DISTINCT FROM n.capacity OR o.image IS DISTINCT FROM n.image
                   OR o.position IS DISTINCT FROM n.position)
      INTO structural
      FROM old_rows o JOIN new_rows n ON n.id = o.id;
    IF structural IS NOT NULL THEN
        INSERT INTO catalog_changes (structure) VALUES (structural) ON CONFLICT DO NOTHING;
        PERFORM pg_notify('catalog_changed', CASE WHEN structural THEN 'structure' ELSE 'stock' END);
    END IF;
    RETURN NULL;
END $$;

-- See SQLite's 0011: only sold products; back order counts as 1,000,000 in stock.
DROP VIEW sold_variants;
CREATE VIEW sold_variants AS
SELECT v.id, v.product_id, v.position, v.sku, v.color, v.size, v.capacity,
       CASE WHEN v.backorder THEN GREATEST(v.stock, 1000000) ELSE v.stock END AS stock,
       p.catalog_id, p.name, p.slug, p.art, pr.currency, pr.amount,
       pr.compare_at, v.backorder, v.image
  FROM variants v
  JOIN products p ON p.id = v.product_id AND p.sold
  JOIN prices pr ON pr.variant_id = v.id;
