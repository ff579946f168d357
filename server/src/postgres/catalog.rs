//! The catalog in PostgreSQL's SQL: what the shared caches and facet index read, and the
//! product pages, cards, slugs and SKU lookups. Rows become the model in `crate::db`.

use app::commerce::StoreScope;
use app::model::{Money, Product, ProductSummary, SkuMatch, Stock};
use rustc_hash::FxHashMap;
use sqlx::PgPool;

use crate::db::catalog_reads::{CatalogReads, IndexRow};
use crate::db::product::{assemble, read_product};
use crate::db::summary::SummaryRow;
use crate::db::{CategoryRow, Versions};

use super::announce::Announced;

/// The columns of a product card (`SummaryRow`); callers add `FROM products p JOIN
/// price_ranges r …`.
const SUMMARY_COLUMNS: &str = concat!(
    "SELECT p.slug, p.name, p.brand, p.art, r.min_amount, r.max_amount, r.in_stock,
    (SELECT string_agg(color, '|' ORDER BY first) FROM (
        SELECT color, MIN(position) AS first FROM variants WHERE product_id = p.id AND color IS NOT NULL
         GROUP BY color) c) AS colors, ",
    crate::db::summary::photo_column!()
);

/// Products of the catalog with a price in the store's currency: what the store sells.
const FOR_SALE: &str = "FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = $2
    WHERE p.catalog_id = $1";

#[derive(Debug, Clone)]
pub struct PgCatalog {
    pub pool: PgPool,
    pub announced: std::sync::Arc<Announced>,
}

#[async_trait::async_trait]
impl CatalogReads for PgCatalog {
    async fn versions(&self) -> Result<Versions, sqlx::Error> {
        Ok(self.announced.versions())
    }

    async fn categories(&self, store: &StoreScope) -> Result<Vec<CategoryRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT c.id, c.parent_id, c.slug, c.name, COALESCE(n.count, 0) AS product_count
               FROM categories c
               LEFT JOIN (SELECT p.category_id, COUNT(*) AS count
                            FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = $2
                           WHERE p.catalog_id = $1 GROUP BY p.category_id) n ON n.category_id = c.id
              WHERE c.catalog_id = $1 ORDER BY c.position, c.name",
        )
        .bind(&store.catalog)
        .bind(store.currency.code())
        .fetch_all(&self.pool)
        .await
    }

    async fn index_sizes(&self, store: &StoreScope) -> Result<(i64, i64), sqlx::Error> {
        sqlx::query_as(
            "SELECT COUNT(DISTINCT p.id), COUNT(v.id)
               FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = $1
               LEFT JOIN variants v ON v.product_id = p.id
              WHERE p.catalog_id = $2",
        )
        .bind(store.currency.code())
        .bind(&store.catalog)
        .fetch_one(&self.pool)
        .await
    }

    async fn index_rows(&self, store: &StoreScope, after: i64, limit: i64) -> Result<Vec<IndexRow>, sqlx::Error> {
        sqlx::query_as(
            "SELECT p.id, p.category_id, p.brand, r.min_amount, p.popularity, p.created_at,
                    (SELECT string_agg(COALESCE('=' || v.color, '') || chr(31) || COALESCE('=' || v.size, '')
                                       || chr(31) || COALESCE('=' || v.capacity, ''), chr(30) ORDER BY v.position)
                       FROM variants v WHERE v.product_id = p.id),
                    p.name
               FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = $1
              WHERE p.catalog_id = $2 AND p.id > $3 ORDER BY p.id LIMIT $4",
        )
        .bind(store.currency.code())
        .bind(&store.catalog)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }

    /// Every word a prefix (`linen:* & sh:*`), ranked by `ts_rank` (negated: lower is
    /// better, as the index sorts). The terms are letters and digits only.
    async fn text_matches(&self, terms: &[String]) -> Result<FxHashMap<i64, f64>, sqlx::Error> {
        let query = terms.iter().map(|t| format!("{t}:*")).collect::<Vec<_>>().join(" & ");
        let rows: Vec<(i64, f64)> = sqlx::query_as(
            "SELECT p.id, -ts_rank(p.search, q)::float8 FROM products p, to_tsquery('simple', $1) q
              WHERE p.search @@ q",
        )
        .bind(query)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    async fn summaries(&self, store: &StoreScope, ids: &[i64]) -> Result<Vec<ProductSummary>, sqlx::Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, SummaryRow)> =
            sqlx::query_as::<_, IdentifiedRow>(&format!("{SUMMARY_COLUMNS}, p.id AS id {FOR_SALE} AND p.id = ANY($3)"))
                .bind(&store.catalog)
                .bind(store.currency.code())
                .bind(ids)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(|r| (r.id, r.summary))
                .collect();
        Ok(crate::db::summary::in_order_of(ids, rows, store))
    }
}

#[derive(sqlx::FromRow)]
struct IdentifiedRow {
    id: i64,
    #[sqlx(flatten)]
    summary: SummaryRow,
}

pub async fn featured(pool: &PgPool, store: &StoreScope, limit: u32) -> Result<Vec<ProductSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_COLUMNS} {FOR_SALE} AND p.featured ORDER BY p.popularity DESC, p.id LIMIT $3"
    ))
    .bind(&store.catalog)
    .bind(store.currency.code())
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| r.into_summary(store)).collect())
}

pub async fn by_slug(pool: &PgPool, store: &StoreScope, slugs: &[String]) -> Result<Vec<ProductSummary>, sqlx::Error> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_COLUMNS} {FOR_SALE} AND p.slug = ANY($3)"))
        .bind(&store.catalog)
        .bind(store.currency.code())
        .bind(slugs)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary(store)).collect())
}

pub async fn count(pool: &PgPool, store: &StoreScope) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {FOR_SALE}"))
        .bind(&store.catalog)
        .bind(store.currency.code())
        .fetch_one(pool)
        .await?;
    Ok(n.max(0) as u64)
}

pub async fn slugs(pool: &PgPool, store: &StoreScope, offset: u64, limit: u64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT p.slug {FOR_SALE} ORDER BY p.slug LIMIT $3 OFFSET $4"))
        .bind(&store.catalog)
        .bind(store.currency.code())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(pool)
        .await
}

pub async fn variants_by_sku(pool: &PgPool, store: &StoreScope, skus: &[String]) -> Result<Vec<SkuMatch>, sqlx::Error> {
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT v.sku, v.name, v.slug, v.amount, v.stock FROM sold_variants v
          WHERE v.catalog_id = $1 AND v.currency = $2 AND v.sku = ANY($3)",
    )
    .bind(&store.catalog)
    .bind(store.currency.code())
    .bind(skus)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(sku, product_name, product_slug, amount, stock)| SkuMatch {
            sku,
            product_name,
            product_slug,
            price: Money::new(amount, store.currency),
            stock: Stock::counted(stock),
        })
        .collect())
}

pub async fn product(pool: &PgPool, store: &StoreScope, slug: &str) -> Result<Option<Product>, sqlx::Error> {
    // One connection for the page's seven reads: each acquire from the pool costs.
    let mut conn = pool.acquire().await?;
    let Some(parts) = read_product!(&mut *conn, store, slug).await? else {
        return Ok(None);
    };
    let related: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_COLUMNS} FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = $1
          WHERE p.category_id = $2 AND p.id <> $3 ORDER BY p.popularity DESC, p.id LIMIT 4"
    ))
    .bind(store.currency.code())
    .bind(parts.row.category_id)
    .bind(parts.row.id)
    .fetch_all(&mut *conn)
    .await?;
    let related = related.into_iter().map(|r| r.into_summary(store)).collect();
    Ok(Some(assemble(store, parts, related)))
}
