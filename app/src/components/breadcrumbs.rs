use leptos::prelude::*;

use crate::model::CategoryRef;
use crate::i18n::t;
use crate::seo::{json_ld, JsonLd};

/// Home › ancestors › current. The last crumb is the page itself and is not a link.
#[component]
pub fn Breadcrumbs(trail: Vec<CategoryRef>, #[prop(into)] current: String) -> impl IntoView {
    let ld = json_ld::breadcrumbs(t::breadcrumb_home(), &trail, &current);
    view! {
        <JsonLd json=ld />
        <nav aria-label=t::breadcrumb_label() class="mb-4 text-sm text-ink-soft">
            <ol class="flex flex-wrap items-center gap-1">
                <li>
                    <a href="/" class="hover:underline">{t::breadcrumb_home()}</a>
                </li>
                {trail
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li aria-hidden="true">"›"</li>
                            <li>
                                <a href=format!("/c/{}", c.slug) class="hover:underline">{c.name}</a>
                            </li>
                        }
                    })
                    .collect_view()}
                <li aria-hidden="true">"›"</li>
                <li aria-current="page" class="font-medium text-ink">{current}</li>
            </ol>
        </nav>
    }
}
