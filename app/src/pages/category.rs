use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::listing::{listing_outcome, listing_resource};
use crate::i18n::t;
use crate::seo::Seo;

/// `/c/{slug}`: a category with its descendants' products, facets, sort and pages.
#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // Filters and sorts are views of one page; later pages are pages of their own.
    let query = use_query_map();
    let canonical = move || match query.read().get("page").and_then(|p| p.parse::<u32>().ok()) {
        Some(page) if page > 1 => format!("/c/{}?page={page}", slug()),
        _ => format!("/c/{}", slug()),
    };
    let data = listing_resource(move || Some(slug()));
    view! {
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                let result = data.await;
                listing_outcome(result, format!("/c/{}", slug()), |category| {
                    let name = category.map(|c| c.name.clone()).unwrap_or_default();
                    view! {
                        <Seo title=name.clone() description=t::category_description(name.clone()) path=canonical() />
                        <h1 class="mb-4 font-display text-3xl font-bold">{name}</h1>
                    }
                    .into_any()
                })
            })}
        </Suspense>
    }
}
