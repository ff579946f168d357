use leptos::prelude::*;

use crate::model::{Pagination, ProductQuery};
use crate::i18n::t;

/// Previous, a window of page numbers, next. Plain links, so it works without JavaScript.
#[component]
pub fn PaginationNav(pagination: Pagination, query: ProductQuery, base: String) -> impl IntoView {
    let pages = pagination.pages();
    if pages <= 1 || pagination.is_past_end() {
        return ().into_any();
    }
    let current = pagination.page;
    let link = move |page: u32| format!("{base}?{}", query.with_page(page).to_query_string());
    let window = current.saturating_sub(2).max(1)..=(current + 2).min(pages);
    let item = "rounded-theme border border-line px-3 py-1.5";
    view! {
        <nav aria-label=t::pagination_label() class="mt-8 flex flex-wrap items-center justify-center gap-2 text-sm">
            {(current > 1).then(|| view! { <a href=link(current - 1) rel="prev" class=item>{t::pagination_previous()}</a> })}
            {window
                .map(|page| {
                    if page == current {
                        view! { <span aria-current="page" class=format!("{item} bg-ink text-surface")>{page}</span> }.into_any()
                    } else {
                        view! { <a href=link(page) class=format!("{item} hover:bg-muted")>{page}</a> }.into_any()
                    }
                })
                .collect_view()}
            {(current < pages).then(|| view! { <a href=link(current + 1) rel="next" class=item>{t::pagination_next()}</a> })}
        </nav>
    }
    .into_any()
}
