//! The store's products as URLs need them: counted and listed by slug (the sitemap).

use app::commerce::StoreScope;
use sqlx::SqlitePool;

/// Products of the catalog with a price in the store's currency: what the store sells.
const FOR_SALE: &str = "FROM products p
    JOIN price_ranges r ON r.product_id = p.id AND r.currency = ?2
    WHERE p.catalog_id = ?1";

#[tracing::instrument(skip(pool))]
pub async fn count(pool: &SqlitePool, store: &StoreScope) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {FOR_SALE}"))
        .bind(&store.catalog)
        .bind(store.currency.code())
        .fetch_one(pool)
        .await?;
    Ok(n.max(0) as u64)
}

#[tracing::instrument(skip(pool))]
pub async fn slugs(pool: &SqlitePool, store: &StoreScope, offset: u64, limit: u64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT p.slug {FOR_SALE} ORDER BY p.slug LIMIT ?3 OFFSET ?4"))
        .bind(&store.catalog)
        .bind(store.currency.code())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await
}
