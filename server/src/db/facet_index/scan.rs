//! One pass over the index for a listing: which products match, the page of them in the
//! chosen order, and every facet's counts with the other facets' filters applied
//! (disjunctive), as the SQL in `listing.rs` defines them.

use app::model::{FacetFilters, PriceBucket, Sort};

use crate::db::facet_key::FacetKey;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Entry, FacetIndex, Variant, CAPACITY, COLOR, NONE, SIZE};

/// What a listing needs from the index; products are then read by id.
#[derive(Debug)]
pub struct Matches {
    pub total: u64,
    /// The requested page, in order.
    pub page: Vec<i64>,
    /// Counts per facet in `FacetKey::ALL` order, values with no product left out.
    pub facets: Vec<(FacetKey, Vec<(String, i64)>)>,
}

/// The restrictions of one query, resolved to the index's value ids. Its sets are looked up
/// once per product of the catalog (100,000 times a listing), hence Fx hashing.
pub struct Query<'a> {
    /// Category ids (a category and its descendants); `None` for every category.
    pub categories: Option<&'a FxHashSet<i64>>,
    /// Full-text matches and their rank (lower is better); `None` without search text.
    pub text: Option<&'a FxHashMap<i64, f64>>,
    pub filters: &'a FacetFilters,
    /// 10^minor units of the store's currency: price buckets are in whole units.
    pub scale: i64,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

struct Filters {
    brands: Option<Vec<u16>>,
    price: Option<(i64, Option<i64>)>,
    variant: [Option<Vec<u16>>; 3],
}

impl FacetIndex {
    pub fn scan(&self, q: &Query<'_>) -> Matches {
        let f = self.resolve(q);
        let has_variant_filter = f.variant.iter().any(Option::is_some);
        let mut matched: Vec<&Entry> = Vec::new();
        let mut brands = vec![0i64; self.brands.len()];
        let mut buckets = vec![0i64; PriceBucket::ALL.len()];
        let mut values: [Vec<i64>; 3] = std::array::from_fn(|k| vec![0; self.values[k].len()]);
        let mut seen: Vec<u16> = Vec::new();
        for e in &self.products {
            if q.categories.is_some_and(|c| !c.contains(&e.category)) || q.text.is_some_and(|t| !t.contains_key(&e.id))
            {
                continue;
            }
            let brand_ok = f.brands.as_ref().is_none_or(|b| b.contains(&e.brand));
            let price_ok = f
                .price
                .is_none_or(|(min, max)| e.min_amount >= min && max.is_none_or(|max| e.min_amount < max));
            let variants = self.variants_of(e);
            let variants_ok = !has_variant_filter || variants.iter().any(|v| f.variant_matches(v, None));
            if brand_ok && price_ok && variants_ok {
                matched.push(e);
            }
            if price_ok && variants_ok {
                brands[usize::from(e.brand)] += 1;
            }
            if brand_ok && variants_ok {
                buckets[bucket_of(e.min_amount, q.scale)] += 1;
            }
            if brand_ok && price_ok {
                for (k, counts) in values.iter_mut().enumerate() {
                    seen.clear();
                    for v in variants
                        .iter()
                        .filter(|v| v[k] != NONE && f.variant_matches(v, Some(k)))
                    {
                        if !seen.contains(&v[k]) {
                            seen.push(v[k]);
                            counts[usize::from(v[k])] += 1;
                        }
                    }
                }
            }
        }
        sort(&mut matched, q);
        let page = matched.iter().skip(q.offset).take(q.limit).map(|e| e.id).collect();
        let named = |names: &[String], counts: Vec<i64>| -> Vec<(String, i64)> {
            names.iter().cloned().zip(counts).filter(|(_, n)| *n > 0).collect()
        };
        let [mut color, mut size, mut capacity] = values;
        let facets = FacetKey::ALL
            .into_iter()
            .map(|key| {
                let counts = match key {
                    FacetKey::Brand => named(&self.brands, std::mem::take(&mut brands)),
                    FacetKey::Price => PriceBucket::ALL
                        .iter()
                        .zip(std::mem::take(&mut buckets))
                        .filter(|(_, n)| *n > 0)
                        .map(|(b, n)| (b.param(), n))
                        .collect(),
                    FacetKey::Color => named(&self.values[COLOR], std::mem::take(&mut color)),
                    FacetKey::Size => named(&self.values[SIZE], std::mem::take(&mut size)),
                    FacetKey::Capacity => named(&self.values[CAPACITY], std::mem::take(&mut capacity)),
                };
                (key, counts)
            })
            .collect();
        Matches {
            total: matched.len() as u64,
            page,
            facets,
        }
    }

    fn resolve(&self, q: &Query<'_>) -> Filters {
        // A value the index has never seen matches nothing, as `IN (…)` would.
        let ids = |names: &[String], wanted: &[String]| -> Option<Vec<u16>> {
            (!wanted.is_empty()).then(|| {
                wanted
                    .iter()
                    .filter_map(|w| names.iter().position(|n| n == w))
                    .filter_map(|i| u16::try_from(i).ok())
                    .collect()
            })
        };
        let filters = q.filters;
        Filters {
            brands: ids(&self.brands, filters.values(FacetKey::Brand.param())),
            price: filters
                .price
                .map(|b| (i64::from(b.min) * q.scale, b.max.map(|m| i64::from(m) * q.scale))),
            variant: [
                ids(&self.values[COLOR], filters.values(FacetKey::Color.param())),
                ids(&self.values[SIZE], filters.values(FacetKey::Size.param())),
                ids(&self.values[CAPACITY], filters.values(FacetKey::Capacity.param())),
            ],
        }
    }
}

impl Filters {
    /// Whether one variant meets every variant filter but `except`'s: a colour and a size
    /// must meet in the same variant.
    fn variant_matches(&self, v: &Variant, except: Option<usize>) -> bool {
        self.variant
            .iter()
            .enumerate()
            .all(|(k, wanted)| Some(k) == except || wanted.as_ref().is_none_or(|w| w.contains(&v[k])))
    }
}

/// The `PriceBucket::ALL` position of a lowest price: the first bucket it is below the
/// top of, else the open-ended last one.
fn bucket_of(min_amount: i64, scale: i64) -> usize {
    PriceBucket::ALL
        .iter()
        .position(|b| b.max.is_some_and(|max| min_amount < i64::from(max) * scale))
        .unwrap_or(PriceBucket::ALL.len() - 1)
}

fn sort(matched: &mut [&Entry], q: &Query<'_>) {
    match (q.sort, q.text) {
        (Sort::Relevance, Some(rank)) => {
            // Each rank looked up once, not at each of the sort's comparisons.
            let mut ranked: Vec<(f64, &Entry)> = matched
                .iter()
                .map(|e| (rank.get(&e.id).copied().unwrap_or(f64::MAX), *e))
                .collect();
            ranked.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
            for (slot, (_, e)) in matched.iter_mut().zip(ranked) {
                *slot = e;
            }
        }
        (Sort::Relevance, None) => matched.sort_unstable_by_key(|e| (std::cmp::Reverse(e.popularity), e.id)),
        (Sort::PriceAsc, _) => matched.sort_unstable_by_key(|e| (e.min_amount, e.id)),
        (Sort::PriceDesc, _) => matched.sort_unstable_by_key(|e| (std::cmp::Reverse(e.min_amount), e.id)),
        (Sort::Newest, _) => matched.sort_unstable_by_key(|e| (std::cmp::Reverse(e.created_at), e.id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_the_sql_case() {
        // The SQL: the first bucket whose top the price is below, else the last.
        assert_eq!(bucket_of(0, 100), 0);
        assert_eq!(bucket_of(2499, 100), 0);
        assert_eq!(bucket_of(2500, 100), 1);
        assert_eq!(bucket_of(i64::MAX, 100), PriceBucket::ALL.len() - 1);
    }
}
