//! What the shared catalog caches and facet index read from a database, each database in
//! its own SQL (`sqlite.rs`, `crate::postgres::catalog`).

use app::commerce::StoreScope;
use app::model::ProductSummary;
use rustc_hash::FxHashMap;

use super::catalog::CategoryRow;
use super::clock::Versions;

/// A product as the facet index reads it: id, category, brand, lowest price, popularity,
/// creation time, and its variants' colour, size and capacity folded into one text
/// (variants separated by \x1e, attributes by \x1f; a value is `=` and the text, none is
/// empty), and its name (the words predictive search matches): one row per product
/// rather than one per variant, which the driver hands over far faster.
pub type IndexRow = (i64, i64, String, i64, i64, i64, Option<String>, String);

#[async_trait::async_trait]
pub trait CatalogReads: Send + Sync + std::fmt::Debug {
    /// The catalog's versions now: `all` moves with anything a catalog page shows,
    /// `structure` with all of it but stock.
    async fn versions(&self) -> Result<Versions, sqlx::Error>;
    /// Every category of the store's catalog with the number of products it sells directly.
    async fn categories(&self, store: &StoreScope) -> Result<Vec<CategoryRow>, sqlx::Error>;
    /// How many products and variants the store's index will hold.
    async fn index_sizes(&self, store: &StoreScope) -> Result<(i64, i64), sqlx::Error>;
    /// Up to `limit` products of the store with ids above `after`, in id order.
    async fn index_rows(&self, store: &StoreScope, after: i64, limit: i64) -> Result<Vec<IndexRow>, sqlx::Error>;
    /// Every product matching all `terms` as word prefixes, with its rank (lower is better).
    async fn text_matches(&self, terms: &[String]) -> Result<FxHashMap<i64, f64>, sqlx::Error>;
    /// Product cards for `ids`, in that order; ids the store does not sell are left out.
    async fn summaries(&self, store: &StoreScope, ids: &[i64]) -> Result<Vec<ProductSummary>, sqlx::Error>;
}

/// A catalog for unit tests: versions a test moves, no products, and a count of its
/// category reads, each taking a moment so that callers arriving together overlap.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct FakeCatalog {
    pub all: std::sync::atomic::AtomicI64,
    pub structure: std::sync::atomic::AtomicI64,
    pub category_reads: std::sync::atomic::AtomicUsize,
}

#[cfg(test)]
#[async_trait::async_trait]
impl CatalogReads for FakeCatalog {
    async fn versions(&self) -> Result<Versions, sqlx::Error> {
        use std::sync::atomic::Ordering::SeqCst;
        Ok(Versions {
            all: self.all.load(SeqCst),
            structure: self.structure.load(SeqCst),
        })
    }
    async fn categories(&self, _: &StoreScope) -> Result<Vec<CategoryRow>, sqlx::Error> {
        self.category_reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Ok(Vec::new())
    }
    async fn index_sizes(&self, _: &StoreScope) -> Result<(i64, i64), sqlx::Error> {
        Ok((0, 0))
    }
    async fn index_rows(&self, _: &StoreScope, _: i64, _: i64) -> Result<Vec<IndexRow>, sqlx::Error> {
        Ok(Vec::new())
    }
    async fn text_matches(&self, _: &[String]) -> Result<FxHashMap<i64, f64>, sqlx::Error> {
        Ok(FxHashMap::default())
    }
    async fn summaries(&self, _: &StoreScope, _: &[i64]) -> Result<Vec<ProductSummary>, sqlx::Error> {
        Ok(Vec::new())
    }
}

/// A store for unit tests: the demo catalog in dollars, no tax, no shipping methods.
#[cfg(test)]
pub(crate) fn test_store() -> StoreScope {
    StoreScope {
        id: "default".into(),
        catalog: "apparel".into(),
        currency: app::model::Currency::parse("USD").unwrap(),
        pricing: app::commerce::PricingRules {
            tax_basis_points: 0,
            tax_included: false,
            shipping: vec![],
        },
    }
}
