use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::t;

/// Where a withheld price would be (the `price-gate` capability): a link to sign in that
/// brings the shopper back to this page.
#[component]
pub fn PriceGate(#[prop(optional, into)] class: String) -> impl IntoView {
    let location = use_location();
    let here = match location.search.get_untracked() {
        q if q.is_empty() => location.pathname.get_untracked(),
        q => format!("{}?{}", location.pathname.get_untracked(), q.trim_start_matches('?')),
    };
    let href = format!("/account/sign-in?next={}", form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>());
    view! {
        // Above the card's full-size product link, so it can be clicked.
        <a href=href class=format!("relative z-10 text-sm text-ink-soft underline {class}") data-testid="price-gate">
            {t::price_gate()}
        </a>
    }
}
