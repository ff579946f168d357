//! A checked catalog file into the database: compared with what the catalog holds, and
//! only what differs written, in the caller's transaction. Importing the same file twice
//! writes nothing the second time (no statement runs, so no catalog change is announced).
//! The SQL is what SQLite and PostgreSQL both accept; `writer!` compiles it for each.

use std::collections::HashMap;
use std::fmt;

use app::model::Currency;

use super::catalog_file::{ImportProduct, ImportVariant};
use crate::photos::Photo;

/// Where a file goes.
#[derive(Clone, Debug)]
pub struct Target {
    pub catalog: String,
    pub currency: Currency,
    /// Products of the catalog that the file no longer has stop being sold.
    pub retire: bool,
}

/// What an import changed (or, with `--dry-run`, would change).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub categories_added: usize,
    pub products_added: usize,
    pub products_updated: usize,
    pub products_retired: usize,
    pub variants_added: usize,
    pub variants_updated: usize,
    pub variants_removed: usize,
    pub prices_changed: usize,
    pub photos_added: usize,
    /// Products or variants whose options, attributes or photos were replaced.
    pub details_replaced: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return write!(f, "nothing changed");
        }
        write!(
            f,
            "products: {} added, {} updated, {} retired; variants: {} added, {} updated, {} removed; \
             {} prices changed; {} categories and {} photos added; {} option, attribute or photo lists replaced",
            self.products_added,
            self.products_updated,
            self.products_retired,
            self.variants_added,
            self.variants_updated,
            self.variants_removed,
            self.prices_changed,
            self.categories_added,
            self.photos_added,
            self.details_replaced
        )
    }
}

/// A product's own columns, as the database holds them and as the file wants them.
#[derive(sqlx::FromRow, Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProductFields {
    pub category_id: i64,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub body_html: Option<String>,
    pub art: String,
    pub tags: String,
    pub sold: bool,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub featured: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ExistingProduct {
    pub id: i64,
    pub slug: String,
    #[sqlx(flatten)]
    pub fields: ProductFields,
}

#[derive(sqlx::FromRow, Clone, Debug, PartialEq, Eq)]
pub(crate) struct VariantFields {
    pub product_id: i64,
    pub position: i64,
    pub color: Option<String>,
    pub size: Option<String>,
    pub capacity: Option<String>,
    pub stock: i64,
    pub backorder: bool,
    pub image: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ExistingVariant {
    pub id: i64,
    pub sku: String,
    #[sqlx(flatten)]
    pub fields: VariantFields,
}

/// Rows per multi-row insert: well under either database's limit on parameters.
pub(crate) const BATCH: usize = 500;

/// The category a product goes in; one without a type goes in "Other".
pub(crate) fn category_name(p: &ImportProduct) -> &str {
    match p.category.trim() {
        "" => "Other",
        name => name,
    }
}

/// What the file wants of a product's columns.
pub(crate) fn product_fields(p: &ImportProduct, category_id: i64) -> ProductFields {
    let description = super::text::description(&p.body_html);
    // Plain text needs no HTML of its own: the page shows the text.
    let plain = description
        .html
        .as_ref()
        .is_some_and(|html| *html == html_escape::encode_text(&description.text));
    ProductFields {
        category_id,
        name: p.title.clone(),
        brand: p.brand.clone(),
        description: description.text,
        body_html: description.html.filter(|_| !plain),
        art: p.art.clone().unwrap_or_else(|| crate::media::art_for(&p.handle)),
        tags: p.tags.join(", "),
        sold: p.sold,
        seo_title: p.seo_title.clone(),
        seo_description: p.seo_description.clone(),
        featured: p.featured,
    }
}

/// What the file wants of a variant's columns; options named colour, size or capacity
/// fill the columns listings filter on.
pub(crate) fn variant_fields(
    p: &ImportProduct,
    v: &ImportVariant,
    product_id: i64,
    position: usize,
    photos: &HashMap<String, Photo>,
) -> VariantFields {
    let column = |key: &str| {
        p.options
            .iter()
            .zip(&v.options)
            .find(|(name, _)| crate::db::product::option_key(name) == key)
            .map(|(_, value)| value.clone())
    };
    VariantFields {
        product_id,
        position: position as i64,
        color: column("color"),
        size: column("size"),
        capacity: column("capacity"),
        stock: v.stock.max(0),
        backorder: v.backorder,
        image: v.image.as_ref().and_then(|src| photos.get(src)).map(|p| p.hash.clone()),
    }
}

/// A category's slug from its name: `Rain Jackets` → `rain-jackets`.
pub(crate) fn category_slug(name: &str) -> String {
    let dashed = app::model::url_segment(name);
    let slug = dashed
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "category".into()
    } else {
        slug
    }
}

/// Writes `file` into `target` over `$conn` (a connection of either database, in a
/// transaction), reporting SKUs another catalog holds as errors.
macro_rules! writer {
    ($db:ty) => {
        use std::collections::{HashMap, HashSet};

        use indicatif::ProgressBar;
        use sqlx::QueryBuilder;

        use super::catalog_file::CatalogFile;
        use super::report::Report;
        use super::write::*;
        use crate::photos::Photo;

        type Conn = <$db as sqlx::Database>::Connection;

        pub(crate) async fn apply(
            conn: &mut Conn,
            file: &CatalogFile,
            photos: &HashMap<String, Photo>,
            target: &Target,
            report: &mut Report,
            progress: &ProgressBar,
        ) -> Result<Changes, sqlx::Error> {
            let mut changes = Changes::default();
            let catalog = target.catalog.as_str();
            let taken: HashSet<String> = sqlx::query_scalar(
                "SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.catalog_id <> $1",
            )
            .bind(catalog)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect();
            for v in file.products.iter().flat_map(|p| &p.variants) {
                if taken.contains(&v.sku) {
                    report.error(v.line, Some("Variant SKU"), format!("{} is a SKU of another catalog", v.sku));
                }
            }
            if report.errors() > 0 {
                return Ok(changes);
            }
            sqlx::query("INSERT INTO catalogs (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING")
                .bind(catalog)
                .execute(&mut *conn)
                .await?;
            let categories = categories(conn, file, catalog, &mut changes).await?;
            let products = products(conn, file, catalog, &categories, target.retire, &mut changes).await?;
            let variants = variants(conn, file, catalog, &products, photos, &mut changes, progress).await?;
            prices(conn, file, target, &variants, &mut changes).await?;
            options(conn, file, catalog, &variants, &mut changes).await?;
            attributes(conn, file, catalog, &products, &mut changes).await?;
            photographs(conn, file, catalog, &products, photos, &mut changes).await?;
            Ok(changes)
        }

        /// Category ids by the names the file uses, created at the top level as needed.
        async fn categories(
            conn: &mut Conn,
            file: &CatalogFile,
            catalog: &str,
            changes: &mut Changes,
        ) -> Result<HashMap<String, i64>, sqlx::Error> {
            let existing: Vec<(i64, String, String)> =
                sqlx::query_as("SELECT id, slug, name FROM categories WHERE catalog_id = $1")
                    .bind(catalog)
                    .fetch_all(&mut *conn)
                    .await?;
            let mut top: i64 = existing.len() as i64;
            let mut ids = HashMap::new();
            for p in &file.products {
                let name = category_name(p);
                if ids.contains_key(name) {
                    continue;
                }
                let slug = category_slug(name);
                // By slug first: names repeat under different parents (Women's and Men's
                    // "Shoes"), so our export names those by slug.
                let found = existing
                    .iter()
                    .find(|(_, s, _)| *s == slug)
                    .or_else(|| existing.iter().find(|(.., n)| n.eq_ignore_ascii_case(name)))
                    .map(|(id, ..)| *id);
                let id = match found {
                    Some(id) => id,
                    None => {
                        changes.categories_added += 1;
                        top += 1;
                        sqlx::query_scalar(
                            "INSERT INTO categories (catalog_id, parent_id, slug, name, position)
                             VALUES ($1, NULL, $2, $3, $4) RETURNING id",
                        )
                        .bind(catalog)
                        .bind(&slug)
                        .bind(name)
                        .bind(top)
                        .fetch_one(&mut *conn)
                        .await?
                    }
                };
                ids.insert(name.to_string(), id);
            }
            Ok(ids)
        }

        /// Product ids by handle, after adding new products, updating changed ones and
        /// (with `retire`) no longer selling those the file does not have.
        async fn products(
            conn: &mut Conn,
            file: &CatalogFile,
            catalog: &str,
            categories: &HashMap<String, i64>,
            retire: bool,
            changes: &mut Changes,
        ) -> Result<HashMap<String, i64>, sqlx::Error> {
            let existing: Vec<ExistingProduct> = sqlx::query_as(
                "SELECT id, slug, category_id, name, brand, description, body_html, art, tags, sold,
                        seo_title, seo_description, featured
                   FROM products WHERE catalog_id = $1",
            )
            .bind(catalog)
            .fetch_all(&mut *conn)
            .await?;
            let existing: HashMap<&str, &ExistingProduct> = existing.iter().map(|e| (e.slug.as_str(), e)).collect();
            let mut ids: HashMap<String, i64> = HashMap::new();
            // New and changed products, written by one upsert: unchanged ones are left alone.
            let mut writes: Vec<(&str, ProductFields)> = Vec::new();
            for p in &file.products {
                let wanted = product_fields(p, categories[category_name(p)]);
                match existing.get(p.handle.as_str()) {
                    Some(e) => {
                        ids.insert(p.handle.clone(), e.id);
                        if e.fields != wanted {
                            changes.products_updated += 1;
                            writes.push((p.handle.as_str(), wanted));
                        }
                    }
                    None => {
                        changes.products_added += 1;
                        writes.push((p.handle.as_str(), wanted));
                    }
                }
            }
            let now = crate::db::unix_now();
            for chunk in writes.chunks(BATCH) {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO products (catalog_id, slug, category_id, name, brand, description, body_html,
                                           art, tags, sold, seo_title, seo_description, featured, popularity, created_at) ",
                );
                qb.push_values(chunk, |mut b, (handle, f)| {
                    b.push_bind(catalog)
                        .push_bind(*handle)
                        .push_bind(f.category_id)
                        .push_bind(&f.name)
                        .push_bind(&f.brand)
                        .push_bind(&f.description)
                        .push_bind(&f.body_html)
                        .push_bind(&f.art)
                        .push_bind(&f.tags)
                        .push_bind(f.sold)
                        .push_bind(&f.seo_title)
                        .push_bind(&f.seo_description)
                        .push_bind(f.featured)
                        .push_bind(0_i64)
                        .push_bind(now);
                });
                qb.push(
                    " ON CONFLICT (catalog_id, slug) DO UPDATE SET category_id = excluded.category_id,
                        name = excluded.name, brand = excluded.brand, description = excluded.description,
                        body_html = excluded.body_html, art = excluded.art, tags = excluded.tags,
                        sold = excluded.sold, seo_title = excluded.seo_title,
                        seo_description = excluded.seo_description, featured = excluded.featured
                      RETURNING id, slug",
                );
                let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                ids.extend(rows.into_iter().map(|(id, slug)| (slug, id)));
            }
            if retire {
                for e in existing.values().filter(|e| e.fields.sold && !ids.contains_key(&e.slug)) {
                    changes.products_retired += 1;
                    sqlx::query("UPDATE products SET sold = $1 WHERE id = $2")
                        .bind(false)
                        .bind(e.id)
                        .execute(&mut *conn)
                        .await?;
                }
            }
            Ok(ids)
        }

        /// Variant ids by SKU, after adding, updating and removing variants of the
        /// file's products.
        async fn variants(
            conn: &mut Conn,
            file: &CatalogFile,
            catalog: &str,
            products: &HashMap<String, i64>,
            photos: &HashMap<String, Photo>,
            changes: &mut Changes,
            progress: &ProgressBar,
        ) -> Result<HashMap<String, i64>, sqlx::Error> {
            let existing: Vec<ExistingVariant> = sqlx::query_as(
                "SELECT v.id, v.sku, v.product_id, v.position, v.color, v.size, v.capacity, v.stock, v.backorder, v.image
                   FROM variants v JOIN products p ON p.id = v.product_id WHERE p.catalog_id = $1",
            )
            .bind(catalog)
            .fetch_all(&mut *conn)
            .await?;
            let by_sku: HashMap<&str, &ExistingVariant> = existing.iter().map(|e| (e.sku.as_str(), e)).collect();
            let mut ids: HashMap<String, i64> = HashMap::new();
            let mut writes: Vec<(&str, VariantFields)> = Vec::new();
            for p in &file.products {
                let product_id = products[&p.handle];
                for (i, v) in p.variants.iter().enumerate() {
                    let wanted = variant_fields(p, v, product_id, i, photos);
                    match by_sku.get(v.sku.as_str()) {
                        Some(e) => {
                            ids.insert(v.sku.clone(), e.id);
                            if e.fields != wanted {
                                changes.variants_updated += 1;
                                writes.push((v.sku.as_str(), wanted));
                            }
                        }
                        None => {
                            changes.variants_added += 1;
                            writes.push((v.sku.as_str(), wanted));
                        }
                    }
                }
                progress.inc(1);
            }
            for chunk in writes.chunks(BATCH) {
                let mut qb = QueryBuilder::<$db>::new(
                    "INSERT INTO variants (sku, product_id, position, color, size, capacity, stock, backorder, image) ",
                );
                qb.push_values(chunk, |mut b, (sku, f)| {
                    b.push_bind(*sku)
                        .push_bind(f.product_id)
                        .push_bind(f.position)
                        .push_bind(&f.color)
                        .push_bind(&f.size)
                        .push_bind(&f.capacity)
                        .push_bind(f.stock)
                        .push_bind(f.backorder)
                        .push_bind(&f.image);
                });
                qb.push(
                    " ON CONFLICT (sku) DO UPDATE SET product_id = excluded.product_id, position = excluded.position,
                        color = excluded.color, size = excluded.size, capacity = excluded.capacity,
                        stock = excluded.stock, backorder = excluded.backorder, image = excluded.image
                      RETURNING id, sku",
                );
                let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                ids.extend(rows.into_iter().map(|(id, sku)| (sku, id)));
            }
            let imported: HashSet<i64> = products.values().copied().collect();
            for e in &existing {
                if imported.contains(&e.fields.product_id) && !ids.contains_key(&e.sku) {
                    changes.variants_removed += 1;
                    sqlx::query("DELETE FROM variants WHERE id = $1").bind(e.id).execute(&mut *conn).await?;
                }
            }
            Ok(ids)
        }

        async fn prices(
            conn: &mut Conn,
            file: &CatalogFile,
            target: &Target,
            variants: &HashMap<String, i64>,
            changes: &mut Changes,
        ) -> Result<(), sqlx::Error> {
            let currency = target.currency.code();
            let existing: HashMap<i64, (i64, Option<i64>)> = sqlx::query_as::<_, (i64, i64, Option<i64>)>(
                "SELECT pr.variant_id, pr.amount, pr.compare_at FROM prices pr
                   JOIN variants v ON v.id = pr.variant_id JOIN products p ON p.id = v.product_id
                  WHERE p.catalog_id = $1 AND pr.currency = $2",
            )
            .bind(&target.catalog)
            .bind(currency)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, amount, compare_at)| (id, (amount, compare_at)))
            .collect();
            let mut new: Vec<(i64, i64, Option<i64>)> = Vec::new();
            for v in file.products.iter().flat_map(|p| &p.variants) {
                let id = variants[&v.sku];
                let wanted = (v.price, v.compare_at.filter(|c| *c > v.price));
                match existing.get(&id) {
                    Some(have) if *have == wanted => {}
                    Some(_) => {
                        changes.prices_changed += 1;
                        sqlx::query("UPDATE prices SET amount = $1, compare_at = $2 WHERE variant_id = $3 AND currency = $4")
                            .bind(wanted.0)
                            .bind(wanted.1)
                            .bind(id)
                            .bind(currency)
                            .execute(&mut *conn)
                            .await?;
                    }
                    None => new.push((id, wanted.0, wanted.1)),
                }
            }
            for chunk in new.chunks(BATCH) {
                changes.prices_changed += chunk.len();
                let mut qb = QueryBuilder::<$db>::new("INSERT INTO prices (variant_id, currency, amount, compare_at) ");
                qb.push_values(chunk, |mut b, (id, amount, compare_at)| {
                    b.push_bind(*id).push_bind(currency).push_bind(*amount).push_bind(*compare_at);
                });
                qb.build().execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Every variant's options as the file names them, replaced where they differ.
        async fn options(
            conn: &mut Conn,
            file: &CatalogFile,
            catalog: &str,
            variants: &HashMap<String, i64>,
            changes: &mut Changes,
        ) -> Result<(), sqlx::Error> {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT o.variant_id, o.name, o.value FROM variant_options o
                   JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
                  WHERE p.catalog_id = $1 ORDER BY o.variant_id, o.position",
            )
            .bind(catalog)
            .fetch_all(&mut *conn)
            .await?;
            let existing = grouped(rows);
            let mut wanted: Vec<(i64, Vec<(String, String)>)> = Vec::new();
            for p in &file.products {
                // Colour, size and capacity alone live in the variant's columns, named in
                // the store's language; any other name keeps the file's names for all.
                let named = !p.options.iter().all(|n| matches!(crate::db::product::option_key(n).as_str(), "color" | "size" | "capacity"));
                for v in &p.variants {
                    let pairs = if named { p.options.iter().cloned().zip(v.options.iter().cloned()).collect() } else { Vec::new() };
                    wanted.push((variants[&v.sku], pairs));
                }
            }
            replace(conn, "variant_options", "variant_id", &existing, &wanted, changes).await
        }

        async fn attributes(
            conn: &mut Conn,
            file: &CatalogFile,
            catalog: &str,
            products: &HashMap<String, i64>,
            changes: &mut Changes,
        ) -> Result<(), sqlx::Error> {
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT a.product_id, a.name, a.value FROM product_attributes a JOIN products p ON p.id = a.product_id
                  WHERE p.catalog_id = $1 ORDER BY a.product_id, a.position",
            )
            .bind(catalog)
            .fetch_all(&mut *conn)
            .await?;
            let existing = grouped(rows);
            let wanted: Vec<(i64, Vec<(String, String)>)> =
                file.products.iter().map(|p| (products[&p.handle], p.attributes.clone())).collect();
            replace(conn, "product_attributes", "product_id", &existing, &wanted, changes).await
        }

        /// Stores the photos the file uses (once per content) and each product's list.
        async fn photographs(
            conn: &mut Conn,
            file: &CatalogFile,
            catalog: &str,
            products: &HashMap<String, i64>,
            photos: &HashMap<String, Photo>,
            changes: &mut Changes,
        ) -> Result<(), sqlx::Error> {
            let known: HashSet<String> = sqlx::query_scalar("SELECT hash FROM images").fetch_all(&mut *conn).await?.into_iter().collect();
            let mut stored: HashSet<&str> = HashSet::new();
            for photo in photos.values() {
                if known.contains(&photo.hash) || !stored.insert(photo.hash.as_str()) {
                    continue;
                }
                changes.photos_added += 1;
                sqlx::query(
                    "INSERT INTO images (hash, content_type, width, height, bytes) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (hash) DO NOTHING",
                )
                .bind(&photo.hash)
                .bind(photo.format.content_type())
                .bind(i64::from(photo.width))
                .bind(i64::from(photo.height))
                .bind(&photo.bytes)
                .execute(&mut *conn)
                .await?;
            }
            let rows: Vec<(i64, String, String)> = sqlx::query_as(
                "SELECT i.product_id, i.hash, i.alt FROM product_images i JOIN products p ON p.id = i.product_id
                  WHERE p.catalog_id = $1 ORDER BY i.product_id, i.position",
            )
            .bind(catalog)
            .fetch_all(&mut *conn)
            .await?;
            let existing = grouped(rows);
            let wanted: Vec<(i64, Vec<(String, String)>)> = file
                .products
                .iter()
                .map(|p| {
                    let list = p.images.iter().filter_map(|i| photos.get(&i.src).map(|ph| (ph.hash.clone(), i.alt.clone()))).collect();
                    (products[&p.handle], list)
                })
                .collect();
            replace(conn, "product_images", "product_id", &existing, &wanted, changes).await
        }

        /// Makes each owner's ordered pairs in `table` (`owner, position, …`) what
        /// `wanted` says, touching only owners whose pairs differ.
        async fn replace(
            conn: &mut Conn,
            table: &str,
            owner: &str,
            existing: &HashMap<i64, Vec<(String, String)>>,
            wanted: &[(i64, Vec<(String, String)>)],
            changes: &mut Changes,
        ) -> Result<(), sqlx::Error> {
            let (first, second) = match table {
                "product_images" => ("hash", "alt"),
                _ => ("name", "value"),
            };
            let mut rows: Vec<(i64, i64, &String, &String)> = Vec::new();
            for (id, pairs) in wanted {
                let have = existing.get(id).map(Vec::as_slice).unwrap_or(&[]);
                if have == pairs.as_slice() {
                    continue;
                }
                if !have.is_empty() {
                    sqlx::query(&format!("DELETE FROM {table} WHERE {owner} = $1")).bind(*id).execute(&mut *conn).await?;
                }
                changes.details_replaced += 1;
                rows.extend(pairs.iter().enumerate().map(|(i, (a, b))| (*id, i as i64, a, b)));
            }
            for chunk in rows.chunks(BATCH) {
                let mut qb = QueryBuilder::<$db>::new(format!("INSERT INTO {table} ({owner}, position, {first}, {second}) "));
                qb.push_values(chunk, |mut b, (id, position, a, b2)| {
                    b.push_bind(*id).push_bind(*position).push_bind(*a).push_bind(*b2);
                });
                qb.build().execute(&mut *conn).await?;
            }
            Ok(())
        }
    };
}
pub(crate) use writer;

/// Rows `(owner, a, b)` ordered by owner, as each owner's list of pairs.
pub(crate) fn grouped(rows: Vec<(i64, String, String)>) -> HashMap<i64, Vec<(String, String)>> {
    let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (id, a, b) in rows {
        out.entry(id).or_default().push((a, b));
    }
    out
}
