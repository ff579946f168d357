use leptos::prelude::*;

use super::Price;
use crate::model::{Availability, ProductSummary};
use crate::i18n::t;

/// A card is a quarter of a wide page's grid, half of a narrow one's.
pub const CARD_SIZES: &str = "(min-width: 1024px) 25vw, 50vw";

#[component]
pub fn ProductCard(product: ProductSummary) -> impl IntoView {
    let href = format!("/p/{}", product.slug);
    let colors = product.colors.len();
    view! {
        <article class="group relative flex flex-col overflow-hidden rounded-theme border border-line bg-surface transition hover:shadow-lg" data-testid="product-card">
            <div class="aspect-square overflow-hidden bg-muted">
                <img
                    src=product.image.url
                    srcset=product.image.srcset
                    sizes=CARD_SIZES
                    alt=product.image.alt
                    loading="lazy"
                    width="400"
                    height="400"
                    class="h-full w-full object-cover transition group-hover:scale-105"
                />
            </div>
            <div class="flex flex-1 flex-col gap-1 p-3">
                <p class="text-xs uppercase tracking-wide text-ink-soft">{product.brand}</p>
                <h3 class="font-medium leading-snug">
                    <a href=href class="after:absolute after:inset-0 focus:outline-none focus-visible:underline">
                        {product.name}
                    </a>
                </h3>
                <div class="mt-auto flex items-baseline justify-between gap-2 pt-2">
                    <Price money=product.price_from to=product.price_to class="font-semibold" />
                    {(colors > 1).then(|| view! { <span class="text-xs text-ink-soft">{t::card_colours(colors)}</span> })}
                </div>
                {(product.availability == Availability::OutOfStock).then(|| view! { <p class="text-xs font-semibold text-danger">{t::out_of_stock()}</p> })}
            </div>
        </article>
    }
}
