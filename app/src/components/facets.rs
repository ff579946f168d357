use leptos::prelude::*;

use crate::model::{offered, url_segment, Capability, Facet, PriceBucket, ProductQuery, Sort};
use crate::store::STORE;
use crate::i18n::t;

/// Filters and sort as one GET form: without JavaScript the shopper presses Apply, with
/// it every change submits at once. The one line of script is inline rather than an
/// island, so it works from the first paint, before any wasm has loaded.
#[component]
pub fn FacetPanel(facets: Vec<Facet>, query: ProductQuery, base: String) -> impl IntoView {
    let has_filters = !query.filters.is_empty();
    let clear = format!("{base}?{}", query.cleared().to_query_string());
    let text = query.text.clone();
    let sort = query.sort;
    view! {
        <aside aria-label=t::filters_label()>
            <form method="get" action=base id="facets" onchange=crate::inline_script::SUBMIT_ON_CHANGE class="space-y-5">
                {text.map(|q| view! { <input type="hidden" name="q" value=q /> })}
                <div>
                    <label for="sort" class="mb-1 block text-sm font-semibold">{t::sort_label()}</label>
                    <select id="sort" name="sort" class="w-full rounded-theme border border-line bg-surface px-2 py-1.5 text-sm">
                        {Sort::ALL
                            .into_iter()
                            .filter(|s| *s != Sort::Newest || offered(Capability::SortNewest))
                            .map(|s| view! { <option value=s.param() selected=s == sort>{sort_label(s)}</option> })
                            .collect_view()}
                    </select>
                </div>
                {facets.into_iter().filter(|f| !f.values.is_empty()).map(|f| view! { <FacetGroup facet=f /> }).collect_view()}
                <div class="flex items-center gap-3">
                    <button type="submit" class="rounded-theme bg-brand px-4 py-2 text-sm font-semibold text-on-brand">
                        {t::filters_apply()}
                    </button>
                    {has_filters.then(|| view! { <a href=clear class="text-sm underline">{t::filters_clear()}</a> })}
                </div>
            </form>
        </aside>
    }
}

#[component]
fn FacetGroup(facet: Facet) -> impl IntoView {
    let price = facet.is_price();
    // Price ranges exclude each other, so they are radio buttons; the rest combine.
    let kind = if price { "radio" } else { "checkbox" };
    let name = facet.name;
    view! {
        <fieldset data-facet=name.clone()>
            <legend class="mb-1 text-sm font-semibold">{facet.label}</legend>
            <ul class="max-h-64 space-y-1 overflow-y-auto text-sm">
                {facet
                    .values
                    .into_iter()
                    .map(|v| {
                        let id = format!("f-{}-{}", name, url_segment(&v.value));
                        let for_id = id.clone();
                        let label = if price { price_label(&v.value) } else { v.label };
                        view! {
                            <li>
                                <label for=for_id class="flex cursor-pointer items-center gap-2">
                                    <input
                                        id=id
                                        type=kind
                                        name=name.clone()
                                        value=v.value
                                        checked=v.selected
                                        class="h-4 w-4 accent-brand"
                                    />
                                    <span class="flex-1">{label}</span>
                                    <span class="text-xs text-ink-soft">{v.count}</span>
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </fieldset>
    }
}

fn price_label(param: &str) -> String {
    let Some(bucket) = PriceBucket::parse(param) else {
        return param.to_string();
    };
    let symbol = crate::model::Currency::parse(STORE.currency)
        .map(|c| c.symbol())
        .unwrap_or("");
    let min = format!("{symbol}{}", bucket.min);
    match bucket.max {
        Some(max) => t::price_range(min, format!("{symbol}{max}")),
        None => t::price_from(min),
    }
}

fn sort_label(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => t::sort_relevance(),
        Sort::PriceAsc => t::sort_price_asc(),
        Sort::PriceDesc => t::sort_price_desc(),
        Sort::Newest => t::sort_newest(),
    }
}
