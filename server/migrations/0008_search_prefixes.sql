-- Every search term is matched as a prefix ("sh" finds "shirt"). Without a prefix index,
-- a term of one to three letters was answered by scanning every term of the index that
-- starts with it; with one, it is a lookup like a whole word.
DROP TABLE product_search;
CREATE VIRTUAL TABLE product_search USING fts5(
    name, brand, description,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO product_search(product_search) VALUES ('rebuild');
