use leptos::prelude::*;

use crate::i18n::t;
use crate::model::suggest::{highlight, MIN_CHARS};
use crate::model::Suggestions;
use crate::store::STORE;

/// Waits this long after the last key before asking: one request per pause, not per key.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const DEBOUNCE_MS: u64 = 150;
const LISTBOX: &str = "search-suggestions";

/// The header's search. Without JavaScript a plain form to the search page; with it, an
/// ARIA 1.2 combobox whose listbox offers products, categories and brands as the shopper
/// types (after two characters): arrow keys move through them, Enter opens the chosen
/// one (or, with none chosen, searches as before), Escape closes the list, and a live
/// region tells how many there are. Each store's header places it with its own classes.
#[island]
pub fn SearchBox(form_class: String, input_class: String, button_class: String) -> impl IntoView {
    let found = RwSignal::new((Vec::<String>::new(), Suggestions::default()));
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // Set once hydrated: the combobox roles describe behaviour only the wasm provides.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let options = Memo::new(move |_| found.with(|(_, s)| targets(s)));
    let expanded = move || open.get() && !options.with(Vec::is_empty);

    #[cfg(feature = "hydrate")]
    let on_input = {
        let pending = StoredValue::new(0u32);
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            pending.update_value(|n| *n += 1);
            let mine = pending.get_value();
            active.set(None);
            if crate::model::suggest::terms(&text).is_empty() {
                open.set(false);
                found.set((Vec::new(), Suggestions::default()));
                return;
            }
            set_timeout(
                move || {
                    if pending.get_value() != mine {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        // An answer to an older text than the latest is dropped.
                        if let Ok(s) = crate::api::get_suggestions(text.clone()).await {
                            if pending.get_value() == mine {
                                found.set((crate::model::suggest::terms(&text), s));
                                open.set(true);
                            }
                        }
                    });
                },
                std::time::Duration::from_millis(DEBOUNCE_MS),
            );
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_input = |_: leptos::ev::Event| {};

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = options.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                ev.prevent_default();
                let down = ev.key() == "ArrowDown";
                if !open.get_untracked() {
                    open.set(true);
                }
                active.update(|a| *a = Some(step(*a, count, down)));
            }
            "Enter" => {
                if let (true, Some(i)) = (open.get_untracked(), active.get_untracked()) {
                    if let Some(href) = options.with_untracked(|o| o.get(i).cloned()) {
                        ev.prevent_default();
                        let _ = window().location().assign(&href);
                    }
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = |i: usize| format!("{LISTBOX}-{i}");

    view! {
        <form method="get" action="/search" class=format!("relative {form_class}") role="search">
            <label for="site-search" class="sr-only">{t::search_label()}</label>
            <input
                id="site-search"
                type="search"
                name="q"
                autocomplete="off"
                placeholder=t::search_label()
                class=input_class
                role=move || live.get().then_some("combobox")
                aria-autocomplete=move || live.get().then_some("list")
                aria-controls=move || live.get().then_some(LISTBOX)
                aria-expanded=move || live.get().then(|| expanded().to_string())
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(option_id)
                data-testid="search-input"
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| open.set(false)
                on:focus=move |_| open.set(true)
            />
            <button type="submit" class=button_class>{t::search_button()}</button>
            <div
                id=LISTBOX
                role="listbox"
                aria-label=t::suggest_label()
                hidden=move || !expanded()
                // Keeps the focus in the input while a suggestion is clicked.
                on:mousedown=|ev| ev.prevent_default()
                class="absolute right-0 top-full z-40 mt-1 w-[min(28rem,90vw)] rounded-theme border border-line bg-surface p-2 text-left text-sm normal-case tracking-normal shadow-lg"
                data-testid="suggestions"
            >
                {move || found.with(|(terms, s)| suggestion_groups(s, terms, active.get()))}
            </div>
            <p role="status" class="sr-only" data-testid="suggestion-count">
                {move || live.get().then(|| found.with(|(terms, s)| {
                    (terms.iter().map(|t| t.chars().count()).sum::<usize>() >= MIN_CHARS).then(|| t::suggest_count(s.len()))
                }))}
            </p>
        </form>
    }
}

/// Where each suggestion leads, in the order they are listed.
fn targets(s: &Suggestions) -> Vec<String> {
    s.products
        .iter()
        .map(|p| format!("/p/{}", p.slug))
        .chain(s.categories.iter().map(|c| format!("/c/{}", c.slug)))
        .chain(s.brands.iter().map(brand_href))
        .collect()
}

fn brand_href(b: &crate::model::BrandRef) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new()).append_pair(crate::model::Facet::BRAND, &b.value).finish();
    format!("/search?{query}")
}

/// The next suggestion down or up, wrapping around.
fn step(active: Option<usize>, count: usize, down: bool) -> usize {
    match (active, down) {
        (None, true) => 0,
        (None, false) => count - 1,
        (Some(i), true) => (i + 1) % count,
        (Some(i), false) => (i + count - 1) % count,
    }
}

fn suggestion_groups(s: &Suggestions, terms: &[String], active: Option<usize>) -> impl IntoView {
    let marked = |text: &str| {
        highlight(text, terms)
            .into_iter()
            .map(|(run, bold)| if bold { view! { <mark class="bg-transparent font-bold text-ink">{run}</mark> }.into_any() } else { run.into_any() })
            .collect_view()
    };
    let hrefs = targets(s);
    let option = move |i: usize, body: AnyView| {
        let selected = active == Some(i);
        view! {
            <a
                role="option"
                id=format!("{LISTBOX}-{i}")
                href=hrefs[i].clone()
                tabindex="-1"
                aria-selected=selected.to_string()
                class="flex items-center gap-3 rounded-theme px-2 py-1.5 hover:bg-muted aria-selected:bg-muted aria-selected:outline aria-selected:outline-2 aria-selected:outline-brand"
                data-testid="suggestion"
            >
                {body}
            </a>
        }
    };
    let group = |label: &'static str, id: &'static str, items: Vec<AnyView>| {
        (!items.is_empty()).then(|| {
            view! {
                <div role="group" aria-labelledby=id class="py-1">
                    <p id=id class="px-2 pb-1 text-xs font-semibold uppercase text-ink-soft">{label}</p>
                    {items}
                </div>
            }
        })
    };
    let products: Vec<AnyView> = s
        .products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let price = (!p.price_from.is_withheld()).then(|| STORE.format_money(&p.price_from));
            option(
                i,
                view! {
                    <img src=p.image.url.clone() alt="" width="40" height="40" class="h-10 w-10 rounded object-cover" loading="lazy" />
                    <span class="flex-1">{marked(&p.name)}</span>
                    {price.map(|price| view! { <span class="text-ink-soft" data-price="">{price}</span> })}
                }
                .into_any(),
            )
            .into_any()
        })
        .collect();
    let first = s.products.len();
    let categories: Vec<AnyView> = s
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| option(first + i, view! { <span>{marked(&c.name)}</span> }.into_any()).into_any())
        .collect();
    let first = first + s.categories.len();
    let brands: Vec<AnyView> = s
        .brands
        .iter()
        .enumerate()
        .map(|(i, b)| option(first + i, view! { <span>{marked(&b.label)}</span> }.into_any()).into_any())
        .collect();
    view! {
        {group(t::suggest_products(), "suggest-products", products)}
        {group(t::suggest_categories(), "suggest-categories", categories)}
        {group(t::suggest_brands(), "suggest-brands", brands)}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_around_the_list() {
        assert_eq!(step(None, 3, true), 0);
        assert_eq!(step(None, 3, false), 2);
        assert_eq!(step(Some(2), 3, true), 0);
        assert_eq!(step(Some(0), 3, false), 2);
    }
}
