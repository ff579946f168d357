#![cfg(feature = "wishlist")]
//! `/wishlist`: the products this shopper saved, in this store.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::ErrorPage;
use crate::api::get_wishlist;
use crate::components::ProductGrid;
use crate::i18n::t;

#[component]
pub fn WishlistPage() -> impl IntoView {
    let saved = OnceResource::new(get_wishlist());
    view! {
        <Title text=t::wishlist_title() />
        <Meta name="robots" content="noindex" />
        <h1 class="mb-4 font-display text-3xl font-bold">{t::wishlist_title()}</h1>
        <Suspense fallback=|| view! { <p>{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Err(e) => view! { <ErrorPage message=e.to_string() /> }.into_any(),
                    Ok(products) if products.is_empty() => view! {
                        <p class="text-ink-soft" data-testid="wishlist-empty">{t::wishlist_empty()}</p>
                    }.into_any(),
                    Ok(products) => view! { <ProductGrid products /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
