use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use crate::i18n::t;

/// The cart link's target. Carts arrive with the cart and checkout work; until then
/// every visitor's cart is honestly empty.
#[component]
pub fn CartPage() -> impl IntoView {
    view! {
        <Title text=t::cart_title() />
        <Meta name="robots" content="noindex" />
        <section class="mx-auto max-w-xl py-16 text-center">
            <h1 class="font-display text-3xl font-bold">{t::cart_empty()}</h1>
            <a href="/" class="mt-6 inline-block rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::continue_shopping()}</a>
        </section>
    }
}
