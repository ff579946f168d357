//! Catalog reads kept in memory per store while the catalog version stays the same:
//! listings (the count, the page and every facet's counts: the costliest read) and the
//! category rows behind navigation and breadcrumbs, for either database. The catalog
//! version moves with every change (see `clock`), so a change made by any process sharing
//! the database is seen within the clock's max age.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use app::commerce::StoreScope;
use app::model::suggest::MAX_PRODUCTS;
use app::model::{ProductListing, ProductQuery, ProductSummary};
use moka::sync::Cache;

use super::catalog::CategoryRow;
use super::catalog_reads::CatalogReads;
use super::clock::CatalogClock;
use super::facet_index::{FacetIndex, FacetIndexes};

/// (catalog, currency): what a store's reads depend on.
pub(super) type StoreKey = (String, String);

#[derive(Clone, Debug)]
pub struct CatalogCache {
    clock: CatalogClock,
    reads: Arc<dyn CatalogReads>,
    indexes: Arc<FacetIndexes>,
    listings: Cache<(StoreKey, ProductQuery), (i64, Arc<ProductListing>)>,
    /// By the *structure* version: a category's product count does not move with stock.
    categories: Cache<StoreKey, (i64, Arc<Vec<CategoryRow>>)>,
    /// One read of the categories at a time. Every page reads them (navigation), and the
    /// read is a GROUP BY over the catalog (~0.4 s of CPU at 100,000 products): a server
    /// started under 64 connections of listings ran it once per waiting request, and
    /// they timed out (503) for over 10 s.
    categories_read: Arc<tokio::sync::Mutex<()>>,
}

pub(super) fn store_key(store: &StoreScope) -> StoreKey {
    (store.catalog.clone(), store.currency.code().to_string())
}

impl CatalogCache {
    pub fn new(clock: CatalogClock, reads: Arc<dyn CatalogReads>) -> Self {
        CatalogCache {
            clock,
            reads,
            indexes: Arc::default(),
            listings: Cache::builder()
                .max_capacity(LISTING_BYTES)
                .weigher(
                    |(_, query): &(StoreKey, ProductQuery), (_, listing): &(i64, Arc<ProductListing>)| {
                        listing_weight(query, listing)
                    },
                )
                .build(),
            categories: Cache::new(64),
            categories_read: Arc::default(),
        }
    }

    pub fn clock(&self) -> CatalogClock {
        self.clock.clone()
    }

    pub async fn listing(&self, store: &StoreScope, query: &ProductQuery) -> Result<Arc<ProductListing>, sqlx::Error> {
        let key = (store_key(store), query.clone());
        cached(&self.listings, key, &self.clock, self.listing_uncached(store, query)).await
    }

    /// A listing from the facet index (built first if the catalog moved), not kept.
    pub async fn listing_uncached(
        &self,
        store: &StoreScope,
        query: &ProductQuery,
    ) -> Result<ProductListing, sqlx::Error> {
        let index = self.index(store).await?;
        let categories = self.categories(store).await?;
        super::facet_index::list_products(&*self.reads, store, query, &index, &categories).await
    }

    /// The store's facet index at the catalog's current structure, built if it moved.
    pub async fn index(&self, store: &StoreScope) -> Result<Arc<FacetIndex>, sqlx::Error> {
        let structure = self.clock.versions().await?.structure;
        self.indexes.get(&*self.reads, store, structure).await
    }

    /// Predictive search: the best products matching `terms` (matched in the index, their
    /// cards read by id) and the matching brands.
    pub async fn suggest(
        &self,
        store: &StoreScope,
        terms: &[String],
    ) -> Result<(Vec<ProductSummary>, Vec<String>), sqlx::Error> {
        let index = self.index(store).await?;
        // A term no word starts with is matched against every word as a typo: a long
        // query of such terms is milliseconds of CPU, kept off the async workers.
        let terms = terms.to_vec();
        let (ids, brands) = tokio::task::spawn_blocking(move || {
            (
                index.suggest_products(&terms, MAX_PRODUCTS),
                index.suggest_brands(&terms),
            )
        })
        .await
        .map_err(|_| sqlx::Error::WorkerCrashed)?;
        let products = if ids.is_empty() {
            Vec::new()
        } else {
            self.reads.summaries(store, &ids).await?
        };
        Ok((products, brands))
    }

    pub async fn categories(&self, store: &StoreScope) -> Result<Arc<Vec<CategoryRow>>, sqlx::Error> {
        let key = store_key(store);
        let structure = self.clock.versions().await?.structure;
        let current = || {
            self.categories
                .get(&key)
                .filter(|(at, _)| *at == structure)
                .map(|(_, rows)| rows)
        };
        if let Some(rows) = current() {
            return Ok(rows);
        }
        let _one = self.categories_read.lock().await;
        if let Some(rows) = current() {
            return Ok(rows);
        }
        // Read at `structure` or later: a change during the read makes the next one read again.
        let rows = Arc::new(self.reads.categories(store).await?);
        self.categories.insert(key, (structure, rows.clone()));
        Ok(rows)
    }
}

/// Listings kept, by their size: a count of entries let long facet values and texts
/// (each up to the query's caps) hold twice the memory budget.
const LISTING_BYTES: u64 = 8 * 1024 * 1024;

/// About the bytes a listing and its query hold: its JSON form, a close proxy for the
/// strings that make up nearly all of it. Measured once, when it is kept.
fn listing_weight(query: &ProductQuery, listing: &ProductListing) -> u32 {
    let listing = serde_json::to_vec(listing).map_or(usize::MAX, |json| json.len());
    let query = query.to_query_string().len() + query.category.as_ref().map_or(0, String::len);
    u32::try_from(listing.saturating_add(query)).unwrap_or(u32::MAX)
}

/// The entry for `key` if it was read at the current version, else `load`'s result.
async fn cached<K, V>(
    cache: &Cache<K, (i64, Arc<V>)>,
    key: K,
    clock: &CatalogClock,
    load: impl Future<Output = Result<V, sqlx::Error>>,
) -> Result<Arc<V>, sqlx::Error>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Send + Sync + 'static,
{
    let version = clock.version().await?;
    if let Some((at, value)) = cache.get(&key) {
        if at == version {
            return Ok(value);
        }
    }
    // Read at `version` or later: a change during the load makes the next read reload.
    let value = Arc::new(load.await?);
    cache.insert(key, (version, value.clone()));
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use super::*;
    use crate::db::catalog_reads::{test_store as store, FakeCatalog};
    use app::model::{Facet, FacetValue, Pagination};

    fn cache(catalog: &Arc<FakeCatalog>) -> CatalogCache {
        // A clock that reads the versions every time, as after any change.
        CatalogCache::new(CatalogClock::new(catalog.clone(), Duration::ZERO), catalog.clone())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_arriving_together_read_the_categories_once() {
        let catalog = Arc::new(FakeCatalog::default());
        let cache = cache(&catalog);
        let store = store();
        let waiting: Vec<_> = (0..32)
            .map(|_| {
                let (cache, store) = (cache.clone(), store.clone());
                tokio::spawn(async move { cache.categories(&store).await.map(drop) })
            })
            .collect();
        for request in waiting {
            request.await.unwrap().unwrap();
        }
        assert_eq!(catalog.category_reads.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn categories_are_read_again_when_the_structure_moves_not_the_stock() {
        let catalog = Arc::new(FakeCatalog::default());
        let cache = cache(&catalog);
        cache.categories(&store()).await.unwrap();
        catalog.all.fetch_add(1, Ordering::SeqCst);
        cache.categories(&store()).await.unwrap();
        assert_eq!(
            catalog.category_reads.load(Ordering::SeqCst),
            1,
            "an order's stock change"
        );
        catalog.all.fetch_add(1, Ordering::SeqCst);
        catalog.structure.fetch_add(1, Ordering::SeqCst);
        cache.categories(&store()).await.unwrap();
        assert_eq!(
            catalog.category_reads.load(Ordering::SeqCst),
            2,
            "a renamed category or a new product"
        );
    }

    #[test]
    fn a_listing_weighs_what_its_texts_hold() {
        let value = |v: &str| FacetValue {
            value: v.into(),
            label: v.into(),
            count: 1,
            selected: false,
        };
        let listing = |len: usize| ProductListing {
            products: vec![],
            facets: vec![Facet {
                name: "color".into(),
                label: "Colour".into(),
                values: vec![value(&"x".repeat(len))],
            }],
            pagination: Pagination {
                page: 1,
                per_page: 24,
                total: 0,
            },
        };
        let query = ProductQuery::new(Some("shirts".into()), None);
        let small = listing_weight(&query, &listing(10));
        let large = listing_weight(&query, &listing(10_000));
        // The value and its label: two copies of the 9,990 more characters.
        assert!(large - small >= 2 * 9_990, "{small} → {large}");
    }
}
