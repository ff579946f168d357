//! Predictive search over the index: the products and brands a typed text matches, in
//! memory, in well under a millisecond at 100,000 products.

use std::cmp::Reverse;

use app::model::suggest::{name_match, MAX_BRANDS};
use app::model::WordMatch;

use super::FacetIndex;

impl FacetIndex {
    /// Ids of the `limit` best products whose name or brand matches every term: those
    /// matched as typed before those matched with a typo, then the most popular.
    pub fn suggest_products(&self, terms: &[String], limit: usize) -> Vec<i64> {
        let found = self.words.matches(terms, self.products.len());
        let mut hits: Vec<(WordMatch, Reverse<i64>, i64)> = found
            .iter()
            .zip(&self.products)
            .filter_map(|(how, e)| how.map(|how| (how, Reverse(e.popularity), e.id)))
            .collect();
        if hits.len() > limit {
            hits.select_nth_unstable(limit);
            hits.truncate(limit);
        }
        hits.sort_unstable();
        hits.into_iter().map(|(_, _, id)| id).collect()
    }

    /// Brands whose name matches every term, whole matches first, then by name.
    pub fn suggest_brands(&self, terms: &[String]) -> Vec<String> {
        let mut brands: Vec<(WordMatch, &String)> = self
            .brands
            .iter()
            .filter_map(|b| name_match(b, terms).map(|how| (how, b)))
            .collect();
        brands.sort_unstable();
        brands.into_iter().take(MAX_BRANDS).map(|(_, b)| b.clone()).collect()
    }
}
