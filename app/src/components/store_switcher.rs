use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::t;
use crate::store::{Alternate, ALTERNATES, STORE};

/// This store in its sibling languages (the family `hreflang` links), each by its
/// language's own name. A product or a category links to the same page there, since
/// siblings share their catalog; anything else (a cart, an account) to its home. A store
/// without siblings shows nothing.
#[component]
pub fn StoreSwitcher() -> impl IntoView {
    if ALTERNATES.is_empty() {
        return None;
    }
    let path = use_location().pathname.get_untracked();
    let links = ALTERNATES
        .iter()
        .map(|store| {
            if store.id == STORE.id {
                view! { <li><span aria-current="true" class="font-semibold" lang=store.locale>{store.language}</span></li> }.into_any()
            } else {
                view! {
                    <li>
                        <a href=counterpart(store, &path) hreflang=store.locale lang=store.locale class="underline" data-testid="store-switch">
                            {store.language}
                        </a>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    Some(view! {
        <nav aria-label=t::store_switcher_label()>
            <p class="font-semibold">{t::store_switcher_label()}</p>
            <ul class="mt-1 flex flex-wrap gap-3 text-ink-soft sm:justify-end">{links}</ul>
        </nav>
    })
}

/// The page in `store` that shows what `path` shows here.
fn counterpart(store: &Alternate, path: &str) -> String {
    let same_page = path.starts_with("/p/") || path.starts_with("/c/");
    format!("{}{}", store.base_url.trim_end_matches('/'), if same_page { path } else { "/" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_and_categories_keep_their_path_other_pages_go_home() {
        let de = Alternate { id: "de", locale: "de-DE", language: "Deutsch", base_url: "https://de.example/" };
        assert_eq!(counterpart(&de, "/p/linen-shirt"), "https://de.example/p/linen-shirt");
        assert_eq!(counterpart(&de, "/c/shirts"), "https://de.example/c/shirts");
        assert_eq!(counterpart(&de, "/cart"), "https://de.example/");
        assert_eq!(counterpart(&de, "/account/orders"), "https://de.example/");
    }
}
