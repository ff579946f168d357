//! Catalog reads kept in memory per store while the catalog version stays the same:
//! listings (the count, the page and every facet's counts: the costliest read) and the
//! category rows behind navigation and breadcrumbs. The version is bumped by triggers on
//! every catalog table (migration 0005), so a change made by any process sharing the
//! database is seen within the clock's max age.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use app::commerce::StoreScope;
use app::model::{ProductListing, ProductQuery};
use moka::sync::Cache;
use sqlx::SqlitePool;

use super::catalog::CategoryRow;
use super::clock::CatalogClock;

/// (catalog, currency): what a store's reads depend on.
type StoreKey = (String, String);

#[derive(Clone, Debug)]
pub struct CatalogCache {
    clock: CatalogClock,
    listings: Cache<(StoreKey, ProductQuery), (i64, Arc<ProductListing>)>,
    categories: Cache<StoreKey, (i64, Arc<Vec<CategoryRow>>)>,
}

fn store_key(store: &StoreScope) -> StoreKey {
    (store.catalog.clone(), store.currency.code().to_string())
}

impl CatalogCache {
    pub fn new(clock: CatalogClock) -> Self {
        // A listing is a few KB; this bounds the cache to a few MB.
        CatalogCache {
            clock,
            listings: Cache::new(2_000),
            categories: Cache::new(64),
        }
    }

    pub fn clock(&self) -> CatalogClock {
        self.clock.clone()
    }

    pub async fn listing(
        &self,
        pool: &SqlitePool,
        store: &StoreScope,
        query: &ProductQuery,
    ) -> Result<Arc<ProductListing>, sqlx::Error> {
        let key = (store_key(store), query.clone());
        cached(
            &self.listings,
            key,
            &self.clock,
            super::listing::list_products(pool, store, query),
        )
        .await
    }

    pub async fn categories(
        &self,
        pool: &SqlitePool,
        store: &StoreScope,
    ) -> Result<Arc<Vec<CategoryRow>>, sqlx::Error> {
        cached(
            &self.categories,
            store_key(store),
            &self.clock,
            super::catalog::all_categories(pool, store),
        )
        .await
    }
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
