-- What the hourly tidy deleted of `catalog_changes`, counted, so the replicas' poll adds
-- it back: their counts only grow, and a prune never reads as a catalog change.
CREATE TABLE catalog_changes_pruned (
    total      BIGINT NOT NULL,
    structural BIGINT NOT NULL
);
INSERT INTO catalog_changes_pruned (total, structural) VALUES (0, 0);
