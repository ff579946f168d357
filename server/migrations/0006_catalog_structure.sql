-- A second number for what the facet index is built from: products, variants' attributes,
-- prices and categories, but not stock. An order takes stock (bumping `version`, so
-- pages showing stock are rendered again) without making every process rebuild its index.
ALTER TABLE catalog_version ADD COLUMN structure INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER catalog_structure_products_i AFTER INSERT ON products BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_products_u AFTER UPDATE ON products BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_products_d AFTER DELETE ON products BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_variants_i AFTER INSERT ON variants BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_variants_u AFTER UPDATE OF product_id, color, size, capacity ON variants BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_variants_d AFTER DELETE ON variants BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_prices_i AFTER INSERT ON prices BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_prices_u AFTER UPDATE ON prices BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_prices_d AFTER DELETE ON prices BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_categories_i AFTER INSERT ON categories BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_categories_u AFTER UPDATE ON categories BEGIN UPDATE catalog_version SET structure = structure + 1; END;
CREATE TRIGGER catalog_structure_categories_d AFTER DELETE ON categories BEGIN UPDATE catalog_version SET structure = structure + 1; END;
