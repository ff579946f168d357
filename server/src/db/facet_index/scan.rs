//! One pass over the index for a listing: which products match, the page of them in the
//! chosen order, and every facet's counts with the other facets' filters applied
//! (disjunctive), as the SQL in `listing.rs` defines them.

use std::cmp::Ordering;

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

/// The restrictions of one query, resolved to the index's value ids. The text matches are
/// looked up once per product visited (100,000 times a search), hence Fx hashing.
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
    pub fn scan<'a>(&'a self, q: &Query<'_>) -> Matches {
        let f = self.resolve(q);
        let has_variant_filter = f.variant.iter().any(Option::is_some);
        let mut matched: Vec<&'a Entry> = Vec::new();
        let mut brands = vec![0i64; self.brands.len()];
        let mut buckets = vec![0i64; PriceBucket::ALL.len()];
        let mut values: [Vec<i64>; 3] = std::array::from_fn(|k| vec![0; self.values[k].len()]);
        let mut seen: Vec<u16> = Vec::new();
        let mut visit = |e: &'a Entry| {
            if q.text.is_some_and(|t| !t.contains_key(&e.id)) {
                return;
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
                    if !has_variant_filter {
                        for v in self.distinct_of(e, k) {
                            counts[usize::from(*v)] += 1;
                        }
                        continue;
                    }
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
        };
        match q.categories {
            Some(ids) => ids
                .iter()
                .filter_map(|c| self.by_category.get(c))
                .flatten()
                .for_each(|at| visit(&self.products[*at as usize])),
            None => self.products.iter().for_each(visit),
        }
        let total = matched.len() as u64;
        let page = page_of(&mut matched, q).iter().map(|e| e.id).collect();
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
        Matches { total, page, facets }
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

/// The requested page of `matched` in the query's order. Only the products up to the
/// page's end are put in order (every order ends on the id, so ties cannot move a product
/// across the page's edge): a category's first page sorted 22,000 products for 24.
fn page_of<'e>(matched: &mut [&'e Entry], q: &Query<'_>) -> Vec<&'e Entry> {
    let end = q.offset.saturating_add(q.limit).min(matched.len());
    if q.offset >= end {
        return Vec::new();
    }
    match (q.sort, q.text) {
        (Sort::Relevance, Some(rank)) => {
            // Each rank looked up once, not at each of the sort's comparisons.
            let mut ranked: Vec<(f64, &Entry)> = matched
                .iter()
                .map(|e| (rank.get(&e.id).copied().unwrap_or(f64::MAX), *e))
                .collect();
            first_in_order(&mut ranked, end, |a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
            ranked[q.offset..end].iter().map(|(_, e)| *e).collect()
        }
        (sort, _) => {
            let order: fn(&&Entry, &&Entry) -> Ordering = match sort {
                Sort::Relevance => |a, b| b.popularity.cmp(&a.popularity).then(a.id.cmp(&b.id)),
                Sort::PriceAsc => |a, b| a.min_amount.cmp(&b.min_amount).then(a.id.cmp(&b.id)),
                Sort::PriceDesc => |a, b| b.min_amount.cmp(&a.min_amount).then(a.id.cmp(&b.id)),
                Sort::Newest => |a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)),
            };
            first_in_order(matched, end, order);
            matched[q.offset..end].to_vec()
        }
    }
}

/// Puts the first `end` items of `items` in order by `cmp`; the rest stay unordered.
fn first_in_order<T>(items: &mut [T], end: usize, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if end < items.len() {
        items.select_nth_unstable_by(end, &mut cmp);
    }
    items[..end].sort_unstable_by(cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partial_order_puts_the_same_first_items_as_the_full_order() {
        let items: Vec<i64> = (0..500).map(|i| (i * 7919) % 113).collect();
        let mut full = items.clone();
        full.sort_unstable();
        for end in [0, 1, 24, 113, 499, 500] {
            let mut partial = items.clone();
            first_in_order(&mut partial, end, |a, b| a.cmp(b));
            assert_eq!(partial[..end], full[..end], "the first {end}");
        }
    }

    #[test]
    fn buckets_follow_the_sql_case() {
        // The SQL: the first bucket whose top the price is below, else the last.
        assert_eq!(bucket_of(0, 100), 0);
        assert_eq!(bucket_of(2499, 100), 0);
        assert_eq!(bucket_of(2500, 100), 1);
        assert_eq!(bucket_of(i64::MAX, 100), PriceBucket::ALL.len() - 1);
    }
}
