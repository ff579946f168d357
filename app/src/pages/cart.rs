use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// The cart link's target. Carts arrive with the cart and checkout work; until then
/// every visitor's cart is honestly empty.
#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text="Cart" />
        <Meta name="robots" content="noindex" />
        <section class="mx-auto max-w-xl py-16 text-center">
            <h1 class="font-display text-3xl font-bold">"Your cart is empty"</h1>
            <a href="/" class="mt-6 inline-block rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">"Continue shopping"</a>
        </section>
    }
}
