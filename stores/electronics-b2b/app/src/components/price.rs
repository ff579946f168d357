//! B2B price gate: net prices are for signed-in business customers only. Until accounts
//! exist nobody is signed in, so every price is replaced by the invitation to sign in.
use leptos::prelude::*;

use crate::model::Money;
use crate::i18n::t;

#[component]
pub fn Price(
    money: Money,
    #[prop(default = None)] to: Option<Money>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    // The props stay those of the base component, so every caller compiles unchanged.
    let _ = (money, to);
    view! {
        <span class=format!("text-sm text-ink-soft {class}") data-testid="price-gate">
            {t::price_gate()}
        </span>
    }
}
