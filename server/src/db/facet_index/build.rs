//! Reads the index from the database: the store's products in id order, a chunk at a
//! time, each with its variants, into vectors sized beforehand.

use std::collections::HashMap;
use std::time::Instant;

use rustc_hash::FxHashMap;

use app::commerce::StoreScope;

use crate::db::catalog_reads::CatalogReads;

use super::words::WordsBuilder;
use super::{Entry, FacetIndex, Variant, NONE};

/// Gives each distinct text a small number, in order of first sight.
#[derive(Default)]
struct Interner {
    values: Vec<String>,
    ids: HashMap<String, u16>,
}

impl Interner {
    fn id(&mut self, value: Option<String>) -> u16 {
        let Some(value) = value else {
            return NONE;
        };
        if let Some(id) = self.ids.get(&value) {
            return *id;
        }
        // Past 65,534 distinct values the rest share the last id; no catalog comes close.
        let id = u16::try_from(self.values.len()).unwrap_or(NONE - 1).min(NONE - 1);
        self.ids.insert(value.clone(), id);
        self.values.push(value);
        id
    }
}

/// Read in chunks by id: the driver buffers what the reader has not yet taken, and one
/// stream of every product held about 25 MB at once; a chunk holds about 1 MB.
const CHUNK: i64 = 1024;

#[tracing::instrument(skip(reads, store), fields(catalog = %store.catalog, currency = %store.currency.code()))]
pub async fn build(reads: &dyn CatalogReads, store: &StoreScope, structure: i64) -> Result<FacetIndex, sqlx::Error> {
    let started = Instant::now();
    let mut brands = Interner::default();
    let mut values: [Interner; 3] = Default::default();
    let (product_count, variant_count) = reads.index_sizes(store).await?;
    let mut products = Vec::with_capacity(usize::try_from(product_count).unwrap_or(0));
    let mut variants: Vec<Variant> = Vec::with_capacity(usize::try_from(variant_count).unwrap_or(0));
    let mut distinct: Vec<u16> = Vec::new();
    let mut by_category: FxHashMap<i64, Vec<u32>> = FxHashMap::default();
    let mut words = WordsBuilder::default();
    let mut after = i64::MIN;
    loop {
        let rows = reads.index_rows(store, after, CHUNK).await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.0;
        for (id, category, brand, min_amount, popularity, created_at, folded, name) in rows {
            words.add(products.len(), &[&name, &brand]);
            let first_variant = u32::try_from(variants.len()).unwrap_or(u32::MAX);
            for variant in folded
                .as_deref()
                .unwrap_or_default()
                .split('\x1e')
                .filter(|v| !v.is_empty())
            {
                let mut attributes = variant.split('\x1f').map(|a| a.strip_prefix('=').map(str::to_string));
                let mut next = |k: usize| values[k].id(attributes.next().flatten());
                variants.push([next(0), next(1), next(2)]);
            }
            let first_distinct = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
            let distinct_counts = std::array::from_fn(|k| {
                let before = distinct.len();
                for v in &variants[first_variant as usize..] {
                    if v[k] != NONE && !distinct[before..].contains(&v[k]) {
                        distinct.push(v[k]);
                    }
                }
                u32::try_from(distinct.len() - before).unwrap_or(u32::MAX)
            });
            by_category
                .entry(category)
                .or_default()
                .push(u32::try_from(products.len()).unwrap_or(u32::MAX));
            products.push(Entry {
                id,
                brand: brands.id(Some(brand)),
                min_amount,
                popularity,
                created_at,
                first_variant,
                variant_count: u32::try_from(variants.len()).unwrap_or(u32::MAX) - first_variant,
                first_distinct,
                distinct_counts,
            });
        }
    }
    products.shrink_to_fit();
    variants.shrink_to_fit();
    distinct.shrink_to_fit();
    tracing::info!(
        products = products.len(),
        variants = variants.len(),
        ms = started.elapsed().as_millis() as u64,
        "facet index built"
    );
    let [color, size, capacity] = values;
    Ok(FacetIndex {
        structure,
        brands: brands.values,
        values: [color.values, size.values, capacity.values],
        products,
        by_category,
        variants,
        distinct,
        words: words.build(),
    })
}
