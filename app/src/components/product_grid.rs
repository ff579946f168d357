use leptos::prelude::*;

use super::{FacetPanel, PaginationNav, ProductCard};
use crate::model::{ProductListing, ProductQuery, ProductSummary};
use crate::i18n::t;

#[component]
pub fn ProductGrid(products: Vec<ProductSummary>) -> impl IntoView {
    view! {
        <ul class="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-4" data-testid="product-grid">
            {products.into_iter().map(|p| view! { <li><ProductCard product=p /></li> }).collect_view()}
        </ul>
    }
}

/// Facets beside a grid of results, with sort and pagination: one listing of the
/// category and search pages.
#[component]
pub fn ListingView(listing: ProductListing, query: ProductQuery, #[prop(into)] base: String) -> impl IntoView {
    let pagination = listing.pagination;
    let empty = listing.products.is_empty();
    let body = if pagination.is_past_end() {
        let last = query.with_page(pagination.pages().max(1));
        view! {
            <div class="rounded-theme border border-line p-8 text-center">
                <p>{t::past_end(pagination.page)}</p>
                <a href=format!("{base}?{}", last.to_query_string()) class="mt-2 inline-block font-semibold text-brand underline" data-testid="back-to-last-page">
                    {t::back_to_last_page()}
                </a>
            </div>
        }
        .into_any()
    } else if empty {
        view! {
            <div class="rounded-theme border border-line p-8 text-center">
                <p>{t::no_matches()}</p>
                <a href=format!("{base}?{}", query.cleared().to_query_string()) class="mt-2 inline-block font-semibold text-brand underline">
                    {t::clear_all_filters()}
                </a>
            </div>
        }
        .into_any()
    } else {
        view! { <ProductGrid products=listing.products /> }.into_any()
    };
    view! {
        <div class="grid gap-6 lg:grid-cols-[16rem_1fr]">
            <FacetPanel facets=listing.facets query=query.clone() base=base.clone() />
            <section aria-labelledby="results-heading">
                <h2 id="results-heading" class="sr-only">{t::products_label()}</h2>
                <p class="mb-3 text-sm text-ink-soft" data-testid="result-count">
                    {t::result_count(pagination.total)}
                </p>
                {body}
                <PaginationNav pagination query base />
            </section>
        </div>
    }
}
