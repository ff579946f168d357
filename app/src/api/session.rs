#![cfg(feature = "ssr")]
//! The shopper's session (tower-sessions, one cookie per store): who is signed in, their
//! cart, their checkout draft and the orders this browser placed as a guest. A guest's
//! cart is in a cookie of its own (`cart_cookie`).

use leptos::prelude::*;
use tower_sessions::Session;

use super::cart_cookie;
use super::context::{handle, internal, INTERNAL};
use crate::commerce::SignedIn;
use crate::model::{CartError, CartId, CheckoutDraft, Customer, CustomerId, Quantity};

// Named apart from the integer ids sessions held before the data layer's handles, so
// such a session reads as signed out rather than failing.
/// Also read by the page cache, which asks the session store directly whether a shopper
/// is signed in.
pub const CUSTOMER: &str = "customer-id";
/// When this session signed in (Unix ms): a customer's `sessions_since` after it (a
/// new password) has signed it out. Also read by the page cache.
pub const SIGNED_IN_AT: &str = "signed-in-at";
const CART: &str = "cart-id";
const CHECKOUT: &str = "checkout";
/// (idempotency key, order number) of orders placed in this session.
const PLACED: &str = "placed";

fn failed(e: impl std::fmt::Display) -> ServerFnError {
    tracing::error!(error = %e, "session store failed");
    ServerFnError::new(INTERNAL)
}

async fn session() -> Result<Session, ServerFnError> {
    leptos_axum::extract::<Session>().await.map_err(failed)
}

/// A shopper's mistake: its status on the response and its message on the form. A plain
/// form post (no JavaScript) keeps the framework's redirect back to the form instead,
/// which carries the message. A page rendering (a GET) takes the status, so a backend
/// that is down answers the page with 503, not the error page's default 500.
pub fn reject(status: u16, message: impl Into<String>) -> ServerFnError {
    if !plain_form_post() {
        if let (Some(res), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status)) {
            res.set_status(status);
        }
    }
    ServerFnError::new(message.into())
}

/// A form posted by the browser itself (no JavaScript), which is answered with a redirect.
pub(crate) fn plain_form_post() -> bool {
    with_context::<http::request::Parts, _>(|p| {
        p.method == http::Method::POST
            && p.headers
                .get(http::header::ACCEPT)
                .and_then(|a| a.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
    })
    .unwrap_or(false)
}

/// This request's session and the customer it speaks for. A session whose customer is
/// gone, or changed their password since it signed in, is ended here, before anything
/// reads it: its cart, checkout draft and orders are theirs. Every path through the
/// session but signing in and out starts here.
async fn shopper() -> Result<(Session, Option<Customer>), ServerFnError> {
    let session = session().await?;
    let Some(id) = session.get::<CustomerId>(CUSTOMER).await.map_err(failed)? else {
        return Ok((session, None));
    };
    let h = handle()?;
    let customer = h.commerce.customer(&h.scope, &id).await.map_err(internal)?;
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT).await.map_err(failed)?.unwrap_or(0);
    match customer {
        Some(customer) if still_signed_in(&customer, signed_in_at) => Ok((session, Some(customer))),
        _ => {
            session.flush().await.map_err(failed)?;
            Ok((session, None))
        }
    }
}

pub async fn current_customer() -> Result<Option<Customer>, ServerFnError> {
    Ok(shopper().await?.1)
}

/// Whether a session that signed in at `signed_in_at` (Unix ms) still speaks for the
/// customer: not when their password changed since. Both times are the backend's clock
/// (`SignedIn::at`), so replicas agree. One rule for the pages and the page cache's audience.
pub fn still_signed_in(customer: &Customer, signed_in_at: i64) -> bool {
    customer.sessions_since <= signed_in_at
}

/// The guest cart this browser holds, for the backend to merge at sign-in.
pub async fn guest_cart() -> Result<Option<CartId>, ServerFnError> {
    held_cart(&shopper().await?.0).await
}

/// Keeps who the backend signed in under a new session id (an id planted before sign-in
/// is useless), with the cart they have now; the guest cart's cookie goes.
pub async fn start(signed_in: &SignedIn) -> Result<(), ServerFnError> {
    let session = session().await?;
    let had_guest_cart = held_cart(&session).await?.is_some();
    session.cycle_id().await.map_err(failed)?;
    session.insert(CUSTOMER, &signed_in.customer.id).await.map_err(failed)?;
    session.insert(SIGNED_IN_AT, signed_in.at).await.map_err(failed)?;
    if had_guest_cart {
        cart_cookie::clear();
    }
    match &signed_in.cart {
        Some(cart) => session.insert(CART, cart).await.map_err(failed),
        None => session.remove_value(CART).await.map(drop).map_err(failed),
    }
}

/// Signs out with the backend too, where it keeps a session of its own.
/// This browser is signed out whatever the backend answers: a backend that is down
/// keeps its own session until it expires, but nobody holds its key any more.
pub async fn end() -> Result<(), ServerFnError> {
    let session = session().await?;
    let customer = session.get::<CustomerId>(CUSTOMER).await.map_err(failed)?;
    session.flush().await.map_err(failed)?;
    if let Some(id) = customer {
        let h = handle()?;
        if let Err(e) = h.commerce.sign_out(&h.scope, &id).await {
            tracing::warn!(error = %e, "signed out here; the backend's session stays until it expires");
        }
    }
    Ok(())
}

/// The cart this browser holds: a customer's in the session, a guest's in its cookie
/// (or in the session, where it was kept before guests' carts had a cookie).
async fn held_cart(session: &Session) -> Result<Option<CartId>, ServerFnError> {
    Ok(session.get::<CartId>(CART).await.map_err(failed)?.or_else(cart_cookie::read))
}

async fn remember(session: &Session, customer: Option<&CustomerId>, cart: CartId) -> Result<(), ServerFnError> {
    match customer {
        Some(_) => session.insert(CART, cart).await.map_err(failed),
        None => {
            cart_cookie::write(cart);
            // A cart kept in the session before would win over the cookie.
            if session.get::<CartId>(CART).await.map_err(failed)?.is_some() {
                session.remove_value(CART).await.map_err(failed)?;
            }
            Ok(())
        }
    }
}

/// The shopper's cart in this store: the one this browser holds, else a signed-in
/// customer's (from another device), if any.
pub async fn cart_id() -> Result<Option<CartId>, ServerFnError> {
    let (session, customer) = shopper().await?;
    // Reads are scoped by store, so a foreign id just reads as no cart.
    if let Some(id) = held_cart(&session).await? {
        return Ok(Some(id));
    }
    let Some(customer) = customer.map(|c| c.id) else {
        return Ok(None);
    };
    let h = handle()?;
    let found = h.commerce.customer_cart(&h.scope, &customer).await.map_err(internal)?;
    if let Some(id) = &found {
        remember(&session, Some(&customer), id.clone()).await?;
    }
    Ok(found)
}

/// Opens the shopper's cart with its first line and remembers it; nothing is saved when
/// the line cannot be added.
pub async fn start_cart(sku: &str, quantity: Quantity) -> Result<Result<CartId, CartError>, ServerFnError> {
    let (session, customer) = shopper().await?;
    let customer = customer.map(|c| c.id);
    let h = handle()?;
    let started = h
        .commerce
        .start_cart(&h.scope, customer.as_ref(), sku, quantity)
        .await
        .map_err(internal)?;
    if let Ok(id) = &started {
        remember(&session, customer.as_ref(), id.clone()).await?;
    }
    Ok(started)
}

pub async fn draft() -> Result<CheckoutDraft, ServerFnError> {
    Ok(shopper().await?.0.get(CHECKOUT).await.map_err(failed)?.unwrap_or_default())
}

pub async fn save_draft(draft: &CheckoutDraft) -> Result<(), ServerFnError> {
    shopper().await?.0.insert(CHECKOUT, draft).await.map_err(failed)
}

async fn placed(session: &Session) -> Result<Vec<(String, String)>, ServerFnError> {
    Ok(session.get(PLACED).await.map_err(failed)?.unwrap_or_default())
}

/// The order a key placed in this session, if any.
pub async fn placed_with(key: &str) -> Result<Option<String>, ServerFnError> {
    if key.is_empty() {
        return Ok(None);
    }
    let placed = placed(&shopper().await?.0).await?;
    Ok(placed.into_iter().find(|(k, _)| k == key).map(|(_, n)| n))
}

pub async fn placed_here(number: &str) -> Result<bool, ServerFnError> {
    Ok(placed(&shopper().await?.0).await?.iter().any(|(_, n)| n == number))
}

/// Lets this browser see an order it did not place: found by its number and email.
pub async fn may_see(number: &str) -> Result<(), ServerFnError> {
    let (session, _) = shopper().await?;
    let mut placed = placed(&session).await?;
    if !placed.iter().any(|(_, n)| n == number) {
        // No idempotency key: `placed_with` never finds it.
        placed.push((String::new(), number.to_string()));
        if placed.len() > 20 {
            placed.remove(0);
        }
        session.insert(PLACED, placed).await.map_err(failed)?;
    }
    Ok(())
}

/// Remembers the order (so a guest may see it) and clears the checkout draft.
pub async fn order_placed(key: &str, number: &str) -> Result<(), ServerFnError> {
    let (session, _) = shopper().await?;
    let mut placed = placed(&session).await?;
    placed.push((key.to_string(), number.to_string()));
    // A session is one browser: the last orders are plenty.
    if placed.len() > 20 {
        placed.remove(0);
    }
    session.insert(PLACED, placed).await.map_err(failed)?;
    session.remove::<CheckoutDraft>(CHECKOUT).await.map_err(failed)?;
    Ok(())
}
