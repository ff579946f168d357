-- What a store sells, written once: a variant of a product in the store's catalog, with a
-- price in the store's currency. Queries read this view with `catalog_id = ? AND
-- currency = ?` instead of repeating the joins; SQLite flattens it into each query.
CREATE VIEW sold_variants AS
SELECT v.id, v.product_id, v.position, v.sku, v.color, v.size, v.capacity, v.stock,
       p.catalog_id, p.name, p.slug, p.art, pr.currency, pr.amount
  FROM variants v
  JOIN products p ON p.id = v.product_id
  JOIN prices pr ON pr.variant_id = v.id;
