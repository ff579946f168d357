use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::listing::{listing_outcome, listing_resource};
use crate::i18n::t;

/// `/search?q=`: full-text search, ranked, with the same facets and sort as a category.
#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let data = listing_resource(|| None);
    view! {
        <Meta name="robots" content="noindex" />
        {move || {
            if text().trim().is_empty() {
                view! {
                    <Title text=t::search_title() />
                    <h1 class="font-display text-3xl font-bold">{t::search_title()}</h1>
                    <p class="mt-2 text-ink-soft">{t::search_hint()}</p>
                }
                .into_any()
            } else {
                view! {
                    <Suspense fallback=|| view! { <p class="py-8">{t::searching()}</p> }>
                        {move || Suspend::new(async move {
                            let result = data.await;
                            listing_outcome(result, "/search".into(), |_| {
                                let q = text();
                                view! {
                                    <Title text=t::search_results_title(q.clone()) />
                                    <h1 class="mb-4 font-display text-3xl font-bold">{t::search_results(q)}</h1>
                                }
                                .into_any()
                            })
                        })}
                    </Suspense>
                }
                .into_any()
            }
        }}
    }
}
