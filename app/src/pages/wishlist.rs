#![cfg(feature = "wishlist")]
//! `/wishlist`: the products this shopper saved, in this store.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::ErrorPage;
use crate::api::get_wishlist;
use crate::components::ProductGrid;

#[component]
pub fn WishlistPage() -> impl IntoView {
    let saved = OnceResource::new(get_wishlist());
    view! {
        <Title text="Wishlist" />
        <Meta name="robots" content="noindex" />
        <h1 class="mb-4 font-display text-3xl font-bold">"Wishlist"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Err(e) => view! { <ErrorPage message=e.to_string() /> }.into_any(),
                    Ok(products) if products.is_empty() => view! {
                        <p class="text-ink-soft" data-testid="wishlist-empty">"Nothing saved yet. Use “Save to wishlist” on a product."</p>
                    }.into_any(),
                    Ok(products) => view! { <ProductGrid products /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
