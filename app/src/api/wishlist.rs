#![cfg(feature = "wishlist")]
//! Saving products for later (the `wishlist` capability). Both functions are plain form
//! posts and GETs: without JavaScript the server answers a form post by sending the
//! shopper back to the page it came from.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::ProductSummary;

#[cfg(feature = "ssr")]
async fn current() -> Result<crate::model::Wishlist, ServerFnError> {
    let headers: http::HeaderMap = leptos_axum::extract().await?;
    Ok(sent(&headers))
}

/// The wishlist these request headers carry (its cookie; another store's is not read).
#[cfg(feature = "ssr")]
pub(crate) fn sent(headers: &http::HeaderMap) -> crate::model::Wishlist {
    let cookies = headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    crate::model::Wishlist::from_cookie_header(cookies, &crate::store::STORE.cookie_name("wishlist"))
}

/// The saved products of this store, newest first; slugs of other stores are skipped.
#[server(endpoint = "wishlist", input = GetUrl)]
pub async fn get_wishlist() -> Result<Vec<ProductSummary>, ServerFnError> {
    use super::context::{handle, internal, prices_visible};
    use crate::model::WithholdPrices;
    let list = current().await?;
    let h = handle()?;
    let mut found = h.commerce.products_by_slug(&h.scope, list.slugs()).await.map_err(internal)?;
    found.sort_by_key(|p| list.slugs().iter().position(|s| *s == p.slug));
    if !prices_visible().await? {
        found.withhold_prices();
    }
    Ok(found)
}

/// Saves the product, or removes it when saved; returns whether it is saved now.
#[server(endpoint = "wishlist-toggle")]
pub async fn toggle_wishlist(slug: String) -> Result<bool, ServerFnError> {
    use super::context::{handle, internal};
    use crate::model::is_slug;

    let h = handle()?;
    let exists = is_slug(&slug)
        && !h
            .commerce
            .products_by_slug(&h.scope, std::slice::from_ref(&slug))
            .await
            .map_err(internal)?
            .is_empty();
    if !exists {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(http::StatusCode::NOT_FOUND);
        }
        return Err(ServerFnError::new("There is no such product in this store."));
    }
    let mut list = current().await?;
    let saved = list.toggle(&slug);
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let (name, secure) = (crate::store::STORE.cookie_name("wishlist"), crate::store::STORE.secure_cookies());
        if let Ok(value) = http::HeaderValue::from_str(&list.to_set_cookie(&name, secure)) {
            res.append_header(http::header::SET_COOKIE, value);
        }
    }
    Ok(saved)
}
