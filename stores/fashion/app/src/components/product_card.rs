//! Maison Fjell's card: borderless, image first, name above a quiet brand line.
use leptos::prelude::*;

use super::Price;
use crate::model::{Availability, ProductSummary};
use crate::i18n::t;

#[component]
pub fn ProductCard(product: ProductSummary) -> impl IntoView {
    let href = format!("/p/{}", product.slug);
    view! {
        <article class="group relative flex flex-col" data-testid="product-card" data-card="fashion">
            <div class="aspect-[4/5] overflow-hidden bg-muted">
                <img src=product.image.url srcset=product.image.srcset sizes="(min-width: 1024px) 33vw, 50vw" alt=product.image.alt loading="lazy" width="400" height="500" class="h-full w-full object-cover" />
            </div>
            <h3 class="mt-3 font-display text-lg leading-snug">
                <a href=href class="after:absolute after:inset-0">{product.name}</a>
            </h3>
            <p class="text-xs uppercase tracking-[0.2em] text-ink-soft">{product.brand}</p>
            <p class="mt-1 text-sm">
                <Price money=product.price_from to=product.price_to />
            </p>
            {(product.availability == Availability::OutOfStock).then(|| view! { <p class="text-xs text-danger">{t::out_of_stock()}</p> })}
        </article>
    }
}
