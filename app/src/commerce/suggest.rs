//! Predictive search through any backend: what the header's search box offers, found
//! with the backend's own search. A backend that holds its catalog in memory answers
//! [`super::Commerce::suggest`] itself, faster and forgiving a typo.

use super::{Commerce, CommerceResult, StoreScope};
use crate::model::suggest::{name_match, MAX_BRANDS, MAX_CATEGORIES, MAX_PRODUCTS};
use crate::model::{BrandRef, Category, CategoryRef, Facet, ProductQuery, Suggestions};

/// Products from the backend's search for the terms, in its order, whose name or brand
/// matches them; categories and brands whose names match them.
pub async fn by_search<C: Commerce + ?Sized>(commerce: &C, store: &StoreScope, terms: &[String]) -> CommerceResult<Suggestions> {
    let query = ProductQuery::new(None, Some(terms.join(" ")));
    let listing = commerce.list_products(store, &query).await?;
    let tree = commerce.category_tree(store).await?;
    let brands = listing
        .facets
        .iter()
        .filter(|f| f.name == Facet::BRAND)
        .flat_map(|f| &f.values)
        .filter(|v| name_match(&v.label, terms).is_some())
        .take(MAX_BRANDS)
        .map(|v| BrandRef { value: v.value.clone(), label: v.label.clone() })
        .collect();
    Ok(Suggestions {
        // A search may match descriptions too; a suggestion shows its name, so the name
        // (or brand) is what must match what was typed.
        products: listing
            .products
            .into_iter()
            .filter(|p| name_match(&format!("{} {}", p.name, p.brand), terms).is_some())
            .take(MAX_PRODUCTS)
            .collect(),
        categories: categories(&tree, terms),
        brands,
    })
}

/// Categories (top level and their children) whose names match every term: whole
/// matches before those with a typo, then in the tree's order.
pub fn categories(tree: &[Category], terms: &[String]) -> Vec<CategoryRef> {
    let mut found: Vec<_> = tree
        .iter()
        .flat_map(|c| std::iter::once(CategoryRef { slug: c.slug.clone(), name: c.name.clone() }).chain(c.children.iter().cloned()))
        .filter_map(|c| name_match(&c.name, terms).map(|m| (m, c)))
        .collect();
    found.sort_by_key(|(m, _)| *m);
    found.into_iter().take(MAX_CATEGORIES).map(|(_, c)| c).collect()
}
