//! A guest finds an order by its number and the email it was placed with
//! (`/order/lookup`). A wrong number and a wrong email get the same answer, and the
//! endpoint is limited per client address like sign-in (`routes::CREDENTIAL_ENDPOINTS`);
//! a match lets this browser see the order, as if it had placed it.

use leptos::prelude::*;

/// Longer than any backend's order number.
#[cfg(feature = "ssr")]
const MAX_NUMBER_LEN: usize = 64;

#[server(endpoint = "order-lookup")]
pub async fn lookup_order(number: String, email: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    use super::session::{may_see, reject};
    use crate::i18n::t;
    use crate::model::Email;

    let not_found = || reject(404, t::lookup_not_found());
    let number = number.trim().to_string();
    if number.is_empty() || number.chars().count() > MAX_NUMBER_LEN {
        return Err(not_found());
    }
    let email = Email::parse(&email).map_err(|e| reject(e.status(), e.message()))?;
    let h = handle()?;
    let Some((order, _)) = h.commerce.order(&h.scope, &number, None).await.map_err(internal)? else {
        return Err(not_found());
    };
    if Email::parse(&order.email).ok().as_ref() != Some(&email) {
        return Err(not_found());
    }
    may_see(&order.number).await?;
    let path: String = form_urlencoded::byte_serialize(order.number.as_bytes()).collect();
    leptos_axum::redirect(&format!("/order/{path}"));
    Ok(())
}
