-- One number that changes whenever anything a catalog page shows changes: products,
-- their attributes, variants (stock), prices and categories. Caches of rendered pages
-- compare it instead of the data, in every process that shares this database.
CREATE TABLE catalog_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

CREATE TRIGGER catalog_changed_products_i AFTER INSERT ON products BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_products_u AFTER UPDATE ON products BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_products_d AFTER DELETE ON products BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_attributes_i AFTER INSERT ON product_attributes BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_attributes_u AFTER UPDATE ON product_attributes BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_attributes_d AFTER DELETE ON product_attributes BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_variants_i AFTER INSERT ON variants BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_variants_u AFTER UPDATE ON variants BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_variants_d AFTER DELETE ON variants BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_prices_i AFTER INSERT ON prices BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_prices_u AFTER UPDATE ON prices BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_prices_d AFTER DELETE ON prices BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_categories_i AFTER INSERT ON categories BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_categories_u AFTER UPDATE ON categories BEGIN UPDATE catalog_version SET version = version + 1; END;
CREATE TRIGGER catalog_changed_categories_d AFTER DELETE ON categories BEGIN UPDATE catalog_version SET version = version + 1; END;
