//! Fills the database with the demo catalog (`server seed`, `cargo store seed`) and, on a
//! first start, with the default size.

pub(crate) mod generate;
mod kinds;
mod sqlite;

use std::collections::HashMap;
use std::time::Instant;

use sqlx::SqlitePool;

use generate::GenProduct;

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

/// Seeds `total` demo products unless products exist already. Returns whether it seeded.
pub async fn seed_if_empty(pool: &SqlitePool, total: usize) -> Result<bool, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products").fetch_one(pool).await?;
    if count > 0 {
        return Ok(false);
    }
    seed(pool, total).await?;
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
    load(&mut *tx, total).await?;
    refresh_price_ranges(&mut tx).await?;
    tx.commit().await?;
    sqlx::query("INSERT INTO product_search(product_search) VALUES ('optimize')")
        .execute(pool)
        .await?;
    crate::db::analyze(pool).await?;
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

/// What a database does to hold a generated catalog, each in its own SQL, inside the
/// transaction of the caller's seed. The walk through the catalogs is `load`'s, written
/// once for every database.
pub(crate) trait CatalogLoad {
    async fn catalog(&mut self, id: &str, name: &str) -> Result<(), sqlx::Error>;
    async fn category(
        &mut self,
        catalog: &str,
        parent: Option<i64>,
        slug: &str,
        name: &str,
        position: usize,
    ) -> Result<i64, sqlx::Error>;
    /// Products with their attributes, variants and prices; `category_ids` by slug.
    async fn products(&mut self, category_ids: &HashMap<&str, i64>, batch: &[GenProduct]) -> Result<(), sqlx::Error>;
}

/// Products written per call: large enough that a database round trip per batch costs
/// nothing, small enough that a batch's arrays stay a few megabytes.
const BATCH: usize = 2_000;

/// Writes `total` generated products, split between the demo catalogs by `plan`.
pub(crate) async fn load(into: &mut impl CatalogLoad, total: usize) -> Result<(), sqlx::Error> {
    for (spec, count) in plan(total) {
        into.catalog(spec.id, spec.name).await?;
        let mut category_ids = HashMap::new();
        for (pos, (slug, name, children)) in spec.tree.iter().enumerate() {
            let parent = into.category(spec.id, None, slug, name, pos).await?;
            for (cpos, (cslug, cname, _)) in children.iter().enumerate() {
                let id = into.category(spec.id, Some(parent), cslug, cname, cpos).await?;
                category_ids.insert(*cslug, id);
            }
        }
        for batch in generate::products(spec, count, SEED).chunks(BATCH) {
            into.products(&category_ids, batch).await?;
        }
    }
    Ok(())
}
