use leptos::prelude::*;

use crate::model::Money;
use crate::store::STORE;

/// A price in the store's locale; with `to`, a range ("from … to …").
#[component]
pub fn Price(
    money: Money,
    #[prop(default = None)] to: Option<Money>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let text = match to {
        Some(to) if to != money => format!("{} – {}", STORE.format_money(&money), STORE.format_money(&to)),
        _ => STORE.format_money(&money),
    };
    view! { <span class=format!("tabular-nums {class}") data-price=money.minor>{text}</span> }
}
