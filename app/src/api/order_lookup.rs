//! A guest finds an order by its number, the email it was placed with and the postcode
//! it was sent to (`/order/lookup`): an email alone is known to too many, and order
//! numbers follow each other. Only guest orders: a customer's are in their account. Any
//! mismatch gets the same answer, each is logged, and the endpoint is limited per client,
//! per email and per number (the server's `limits/budgets.rs`); a match lets this browser
//! see the order, as if it had placed it.

use leptos::prelude::*;

/// Longer than any backend's order number.
#[cfg(feature = "ssr")]
const MAX_NUMBER_LEN: usize = 64;

#[server(endpoint = "order-lookup")]
pub async fn lookup_order(number: String, email: String, postcode: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    use super::session::{may_see, reject};
    use crate::commerce::OrderOwner;
    use crate::i18n::t;
    use crate::model::Email;

    let not_found = |why: &str| {
        tracing::info!(why, "order lookup failed");
        reject(404, t::lookup_not_found())
    };
    let number = number.trim().to_string();
    if number.is_empty() || number.chars().count() > MAX_NUMBER_LEN {
        return Err(not_found("no order number"));
    }
    let email = Email::parse(&email).map_err(|e| reject(e.status(), e.message()))?;
    let h = handle()?;
    let Some((order, owner)) = h.commerce.order(&h.scope, &number, None).await.map_err(internal)? else {
        return Err(not_found("no such order"));
    };
    if owner != OrderOwner::Guest {
        return Err(not_found("a customer's order"));
    }
    if Email::parse(&order.email).ok().as_ref() != Some(&email) || !order.address.has_postcode(&postcode) {
        return Err(not_found("details do not match"));
    }
    may_see(&order.number).await?;
    let path: String = form_urlencoded::byte_serialize(order.number.as_bytes()).collect();
    leptos_axum::redirect(&format!("/order/{path}"));
    Ok(())
}
