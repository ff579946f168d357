//! What a listing filters, counts and sorts by, for every product a store sells, kept in
//! memory as a few numbers per product and per variant (about 7 MB at 100,000 products).
//! SQLite answered a category with five disjunctive facet counts in ~200 ms at that size
//! (each count a GROUP BY over tens of thousands of products and their variants); one
//! pass over this index answers it in a few milliseconds, for any combination of filters,
//! sort and page, so a listing nobody has opened yet is as fast as one in the cache. The
//! page's products are then read from the database by id, so stock and names are current.
//!
//! Built per (catalog, currency) and rebuilt when the catalog's structure version moves
//! (migration 0006: everything but stock).

mod build;
mod scan;
mod suggest;
mod words;

use std::collections::HashMap;

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use app::commerce::StoreScope;
use app::model::{Pagination, ProductListing, ProductQuery, PER_PAGE};

use super::catalog::{subtree_ids, CategoryRow};
use super::catalog_cache::{store_key, StoreKey};
use super::catalog_reads::CatalogReads;
use super::listing::{self, search_terms};

/// Marks a variant without a value for an attribute (SQL NULL).
const NONE: u16 = u16::MAX;

/// The variant attributes a listing filters on, in this order in [`Variant`].
const COLOR: usize = 0;
const SIZE: usize = 1;
const CAPACITY: usize = 2;

#[derive(Debug)]
pub struct FacetIndex {
    /// The structure version it was built at.
    pub structure: i64,
    brands: Vec<String>,
    /// Colour, size and capacity values, indexed by [`COLOR`], [`SIZE`], [`CAPACITY`].
    values: [Vec<String>; 3],
    /// Sorted by id.
    products: Vec<Entry>,
    /// Positions in `products` of each category's own products, in id order: a category's
    /// listing visits its subtree's products only, not the whole catalog.
    by_category: FxHashMap<i64, Vec<u32>>,
    variants: Vec<Variant>,
    /// Each product's distinct colours, then sizes, then capacities (read through
    /// `distinct_of`): what a listing without a variant filter counts.
    distinct: Vec<u16>,
    /// Name and brand words, for predictive search.
    words: words::Words,
}

#[derive(Debug, Clone)]
struct Entry {
    id: i64,
    brand: u16,
    min_amount: i64,
    popularity: i64,
    created_at: i64,
    first_variant: u32,
    variant_count: u32,
    first_distinct: u32,
    /// How many values of each attribute, from `first_distinct` on, in attribute order.
    distinct_counts: [u32; 3],
}

/// Value ids of colour, size and capacity, [`NONE`] where the variant has none.
type Variant = [u16; 3];

impl FacetIndex {
    fn variants_of(&self, e: &Entry) -> &[Variant] {
        let start = e.first_variant as usize;
        &self.variants[start..start + e.variant_count as usize]
    }

    /// The product's distinct values of attribute `k` over all its variants.
    fn distinct_of(&self, e: &Entry, k: usize) -> &[u16] {
        let skip: usize = e.distinct_counts[..k].iter().map(|n| *n as usize).sum();
        let start = e.first_distinct as usize + skip;
        &self.distinct[start..start + e.distinct_counts[k] as usize]
    }
}

/// The index of every store this process serves, each rebuilt at most once per change.
#[derive(Debug, Default)]
pub struct FacetIndexes {
    built: Mutex<HashMap<StoreKey, Arc<FacetIndex>>>,
    /// One build at a time: concurrent listings of a stale index wait for it.
    building: tokio::sync::Mutex<()>,
}

impl FacetIndexes {
    /// The store's index at `structure` or later, built now if it is missing or older.
    pub async fn get(
        &self,
        reads: &dyn CatalogReads,
        store: &StoreScope,
        structure: i64,
    ) -> Result<Arc<FacetIndex>, sqlx::Error> {
        let key = store_key(store);
        if let Some(index) = self.current(&key, structure) {
            return Ok(index);
        }
        let _one = self.building.lock().await;
        if let Some(index) = self.current(&key, structure) {
            return Ok(index);
        }
        let index = Arc::new(build::build(reads, store, structure).await?);
        self.lock().insert(key, index.clone());
        Ok(index)
    }

    fn current(&self, key: &StoreKey, structure: i64) -> Option<Arc<FacetIndex>> {
        self.lock().get(key).filter(|i| i.structure >= structure).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<StoreKey, Arc<FacetIndex>>> {
        // A map of finished indexes: consistent even if a holder panicked.
        self.built.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The listing [`super::listing::list_products`] defines, counted and ordered by the
/// index; only the full-text matches and the page's products come from the database.
#[tracing::instrument(skip(reads, index, categories))]
pub async fn list_products(
    reads: &dyn CatalogReads,
    store: &StoreScope,
    query: &ProductQuery,
    index: &FacetIndex,
    categories: &[CategoryRow],
) -> Result<ProductListing, sqlx::Error> {
    let ranks = match query.text.as_deref().map(search_terms) {
        None => None,
        // Nothing searchable (only punctuation): no results rather than every product.
        Some(None) => return Ok(listing::empty(query)),
        Some(Some(terms)) => Some(reads.text_matches(&terms).await?),
    };
    let subtree = query.category.as_deref().map(|slug| subtree_ids(categories, slug));
    let mut pagination = Pagination {
        page: query.page,
        per_page: PER_PAGE,
        total: 0,
    };
    let matches = index.scan(&scan::Query {
        categories: subtree.as_ref(),
        text: ranks.as_ref(),
        filters: &query.filters,
        scale: 10i64.pow(store.currency.minor_units()),
        sort: query.sort,
        offset: usize::try_from(pagination.offset()).unwrap_or(usize::MAX),
        limit: PER_PAGE as usize,
    });
    pagination.total = matches.total;
    let products = reads.summaries(store, &matches.page).await?;
    let facets = matches
        .facets
        .into_iter()
        .map(|(key, counts)| listing::facet_from_counts(key, counts, &query.filters))
        .collect();
    Ok(ProductListing {
        products,
        facets,
        pagination,
    })
}
