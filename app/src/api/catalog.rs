use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::model::{Category, Product, ProductListing, ProductQuery, ProductSummary, Suggestions};

#[cfg(feature = "ssr")]
use super::context::{handle, internal, prices_visible};
#[cfg(feature = "ssr")]
use crate::model::WithholdPrices;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub categories: Vec<Category>,
    pub featured: Vec<ProductSummary>,
}

/// A category listing or a search: `Err` holds the message for a malformed query (400).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ListingResult {
    Found {
        category: Option<Category>,
        listing: Box<ProductListing>,
        /// The query as the server read it, for the page's links and filter form.
        query: ProductQuery,
    },
    NotFound,
    BadQuery(String),
}

#[server(endpoint = "navigation", input = GetUrl)]
pub async fn get_navigation() -> Result<Vec<Category>, ServerFnError> {
    let h = handle()?;
    h.commerce.category_tree(&h.scope).await.map_err(internal)
}

#[server(endpoint = "home", input = GetUrl)]
pub async fn get_home() -> Result<HomeData, ServerFnError> {
    let h = handle()?;
    let categories = h.commerce.category_tree(&h.scope).await.map_err(internal)?;
    let mut featured = h.commerce.featured_products(&h.scope, 8).await.map_err(internal)?;
    if !prices_visible().await? {
        featured.withhold_prices();
    }
    Ok(HomeData { categories, featured })
}

/// `category` is a slug or none for search; `query` is the page's query string, parsed
/// here with the same rules as in the browser so a hand-made request cannot skip them.
#[server(endpoint = "listing", input = GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn get_listing(category: Option<String>, query: String) -> Result<ListingResult, ServerFnError> {
    use crate::model::FacetNames;

    let facets = use_context::<FacetNames>().unwrap_or_default();
    let query = match ProductQuery::from_query_string(category.clone(), &query, &facets) {
        Ok(q) => q,
        Err(e) => return Ok(ListingResult::BadQuery(e.to_string())),
    };
    let visible = prices_visible().await?;
    let query = if visible { query } else { query.without_prices() };
    let h = handle()?;
    let category = match &category {
        Some(slug) => match h.commerce.category(&h.scope, slug).await.map_err(internal)? {
            Some(c) => Some(c),
            None => return Ok(ListingResult::NotFound),
        },
        None => None,
    };
    let mut listing = h.commerce.list_products(&h.scope, &query).await.map_err(internal)?;
    if !visible {
        listing.withhold_prices();
    }
    Ok(ListingResult::Found {
        category,
        listing: Box::new(listing),
        query,
    })
}

#[server(endpoint = "product", input = GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn get_product(slug: String) -> Result<Option<Product>, ServerFnError> {
    let h = handle()?;
    let mut product = h.commerce.product(&h.scope, &slug).await.map_err(internal)?;
    if !prices_visible().await? {
        product.withhold_prices();
    }
    Ok(product)
}

/// What the header's search box offers for `q` as the shopper types (predictive search):
/// nothing under two characters. A catalog read, kept in the page cache per text.
#[server(endpoint = "suggest", input = GetUrl)]
pub async fn get_suggestions(q: String) -> Result<Suggestions, ServerFnError> {
    let terms = crate::model::suggest::terms(&q);
    if terms.is_empty() {
        return Ok(Suggestions::default());
    }
    let h = handle()?;
    let mut found = h.commerce.suggest(&h.scope, &terms).await.map_err(internal)?;
    if !prices_visible().await? {
        found.products.withhold_prices();
    }
    Ok(found)
}
