use leptos::prelude::*;

use crate::model::Address;

/// An address as its country's post lays it out, a line per line (`Address::lines`).
#[component]
pub fn PostalAddress(address: Address) -> impl IntoView {
    view! {
        <address class="not-italic" data-testid="postal-address">
            {address.lines().into_iter().map(|line| view! { <span class="block">{line}</span> }).collect_view()}
        </address>
    }
}
