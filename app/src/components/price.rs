use leptos::prelude::*;

use super::PriceGate;
use crate::model::Money;
use crate::store::STORE;

/// A price in the store's locale; with `to`, a range ("from … to …"). A price the
/// server withheld (the `price-gate` capability) becomes an invitation to sign in.
#[component]
pub fn Price(
    money: Money,
    #[prop(default = None)] to: Option<Money>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    if money.is_withheld() {
        return view! { <PriceGate class /> }.into_any();
    }
    let text = match to {
        Some(to) if to != money => format!("{} – {}", STORE.format_money(&money), STORE.format_money(&to)),
        _ => STORE.format_money(&money),
    };
    view! { <span class=format!("tabular-nums {class}") data-price=money.minor>{text}</span> }.into_any()
}
