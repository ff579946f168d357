//! B2B prices: net, marked as such. The server withholds them from shoppers who have not
//! signed in (the `price-gate` capability), who see the invitation to sign in instead.
use leptos::prelude::*;

use super::PriceGate;
use crate::i18n::t;
use crate::model::Money;
use crate::store::STORE;

#[component]
pub fn Price(
    money: Money,
    #[prop(default = None)] to: Option<Money>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    // The props stay those of the base component, so every caller compiles unchanged.
    if money.is_withheld() {
        return view! { <PriceGate class /> }.into_any();
    }
    let text = match to {
        Some(to) if to != money => format!("{} – {}", STORE.format_money(&money), STORE.format_money(&to)),
        _ => STORE.format_money(&money),
    };
    view! {
        <span class=format!("tabular-nums {class}")>
            <span data-price=money.minor>{text}</span>
            " "
            <span class="text-xs font-normal text-ink-soft" data-testid="net-price">{t::price_excl_vat()}</span>
        </span>
    }
    .into_any()
}
