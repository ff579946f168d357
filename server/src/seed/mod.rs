//! Fills the database with the demo catalog (`server seed`, `cargo store seed`) and, on a
//! first start, with the default size.

pub(crate) mod generate;
mod kinds;

use std::time::Instant;

use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::db::refresh_price_ranges;
pub(crate) use kinds::CatalogSpec;
use kinds::{APPAREL, ELECTRONICS};

/// Enough for every facet, sort and page of the demo to have something to show.
pub const DEMO_PRODUCTS: usize = 240;
pub(crate) const SEED: u64 = 2026;

/// How `total` products split between the demo catalogs: a bit more apparel than
/// electronics, as in the demo stores.
pub(crate) fn plan(total: usize) -> [(&'static CatalogSpec, usize); 2] {
    let apparel = (total * 55).div_ceil(100);
    [(&APPAREL, apparel), (&ELECTRONICS, total - apparel)]
}

/// Seeds the demo catalog unless products exist already. Returns whether it seeded.
pub async fn seed_if_empty(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products").fetch_one(pool).await?;
    if count > 0 {
        return Ok(false);
    }
    seed(pool, DEMO_PRODUCTS).await?;
    Ok(true)
}

/// Replaces the whole catalog with `total` generated products, in one transaction so a
/// failure leaves the previous catalog in place.
#[tracing::instrument(skip(pool))]
pub async fn seed(pool: &SqlitePool, total: usize) -> Result<(), sqlx::Error> {
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    for table in ["prices", "variants", "product_attributes", "products", "categories"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
    }
    for (spec, count) in plan(total) {
        insert_catalog(&mut tx, spec, count).await?;
    }
    refresh_price_ranges(&mut tx).await?;
    tx.commit().await?;
    sqlx::query("INSERT INTO product_search(product_search) VALUES ('optimize')")
        .execute(pool)
        .await?;
    // Fresh statistics: without them SQLite drives listings from the wrong index
    // (seconds instead of milliseconds at 100,000 products).
    sqlx::query("ANALYZE").execute(pool).await?;
    // Leaves the catalog in the database file rather than in a write-ahead log as large
    // as the catalog (190 MB at 100,000 products) that every reader must consult.
    // Busy readers only make it a partial checkpoint, not an error.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
    tracing::info!(
        products = total,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "catalog seeded"
    );
    Ok(())
}

async fn insert_catalog(tx: &mut Transaction<'_, Sqlite>, spec: &CatalogSpec, count: usize) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR IGNORE INTO catalogs (id, name) VALUES (?, ?)")
        .bind(spec.id)
        .bind(spec.name)
        .execute(&mut **tx)
        .await?;
    let mut category_ids = std::collections::HashMap::new();
    for (pos, (slug, name, children)) in spec.tree.iter().enumerate() {
        let parent = insert_category(tx, spec.id, None, slug, name, pos).await?;
        for (cpos, (cslug, cname, _)) in children.iter().enumerate() {
            let id = insert_category(tx, spec.id, Some(parent), cslug, cname, cpos).await?;
            category_ids.insert(*cslug, id);
        }
    }
    for p in generate::products(spec, count, SEED) {
        let product_id: i64 = sqlx::query_scalar(
            "INSERT INTO products (catalog_id, category_id, slug, name, brand, description, art, featured, popularity, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(p.catalog)
        .bind(category_ids[p.category])
        .bind(&p.slug)
        .bind(&p.name)
        .bind(p.brand)
        .bind(&p.description)
        .bind(&p.art)
        .bind(p.featured)
        .bind(p.popularity)
        .bind(p.created_at)
        .fetch_one(&mut **tx)
        .await?;
        for (pos, (name, value)) in p.attributes.iter().enumerate() {
            sqlx::query("INSERT INTO product_attributes (product_id, position, name, value) VALUES (?, ?, ?, ?)")
                .bind(product_id)
                .bind(pos as i64)
                .bind(name)
                .bind(value)
                .execute(&mut **tx)
                .await?;
        }
        for (pos, v) in p.variants.iter().enumerate() {
            let variant_id: i64 = sqlx::query_scalar(
                "INSERT INTO variants (product_id, position, sku, color, size, capacity, stock)
                 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(product_id)
            .bind(pos as i64)
            .bind(&v.sku)
            .bind(v.color)
            .bind(v.size)
            .bind(v.capacity)
            .bind(v.stock)
            .fetch_one(&mut **tx)
            .await?;
            for (currency, amount) in v.prices {
                sqlx::query("INSERT INTO prices (variant_id, currency, amount) VALUES (?, ?, ?)")
                    .bind(variant_id)
                    .bind(currency)
                    .bind(amount)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    Ok(())
}

async fn insert_category(
    tx: &mut Transaction<'_, Sqlite>,
    catalog: &str,
    parent: Option<i64>,
    slug: &str,
    name: &str,
    position: usize,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (catalog_id, parent_id, slug, name, position) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(catalog)
    .bind(parent)
    .bind(slug)
    .bind(name)
    .bind(position as i64)
    .fetch_one(&mut **tx)
    .await
}
