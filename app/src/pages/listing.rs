use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{ErrorPage, NotFound};
use crate::api::{get_listing, ListingResult};
use crate::components::{Breadcrumbs, ListingView};
use crate::model::Category;
use crate::i18n::t;
use crate::seo::{json_ld, JsonLd};

/// The listing for a category (or for search when `category` gives none), refetched
/// whenever the path or the query string changes.
pub fn listing_resource(
    category: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Resource<Result<ListingResult, ServerFnError>> {
    let query = use_query_map();
    Resource::new(
        move || {
            (
                category(),
                query.read().to_query_string().trim_start_matches('?').to_string(),
            )
        },
        |(category, raw)| get_listing(category, raw),
    )
}

/// Renders a listing result: the grid, the 404 page, or a 400 for a malformed query.
pub fn listing_outcome(
    result: Result<ListingResult, ServerFnError>,
    base: String,
    title: impl FnOnce(Option<&Category>) -> AnyView,
) -> AnyView {
    match result {
        Err(e) => view! { <ErrorPage message=e.to_string() /> }.into_any(),
        Ok(ListingResult::NotFound) => view! { <NotFound /> }.into_any(),
        Ok(ListingResult::BadQuery(message)) => view! { <ErrorPage message status=400 /> }.into_any(),
        Ok(ListingResult::Found { category, listing, query }) => {
            let crumbs = category
                .as_ref()
                .map(|c| view! { <Breadcrumbs trail=c.ancestors.clone() current=c.name.clone() /> });
            let heading = title(category.as_ref());
            let children = category.map(|c| c.children).unwrap_or_default();
            let first = u64::from(listing.pagination.page.saturating_sub(1)) * u64::from(listing.pagination.per_page) + 1;
            let ld = json_ld::item_list(&listing.products, first);
            view! {
                {crumbs}
                {heading}
                {(!children.is_empty()).then(|| view! {
                    <ul class="mb-6 flex flex-wrap gap-2" aria-label=t::subcategories()>
                        {children.into_iter().map(|c| view! {
                            <li><a href=format!("/c/{}", c.slug) class="block rounded-full border border-line px-3 py-1 text-sm hover:bg-muted">{c.name}</a></li>
                        }).collect_view()}
                    </ul>
                })}
                <JsonLd json=ld />
                <ListingView listing=*listing query base />
            }
            .into_any()
        }
    }
}
