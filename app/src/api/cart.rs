//! The cart: read as a GET, changed by form posts. A plain post redirects back to its
//! page; the add-to-cart island calls `cart-add` in place. The backend prices it.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::Cart;

/// Items in the cart, for the header: no prices, so no price gate.
#[server(endpoint = "cart-count", input = GetUrl)]
pub async fn get_cart_count() -> Result<u32, ServerFnError> {
    use super::context::{handle, internal};
    let Some(id) = super::session::cart_id().await? else {
        return Ok(0);
    };
    let h = handle()?;
    h.commerce.cart_count(&h.scope, &id).await.map_err(internal)
}

/// The cart with its totals, estimated with the cheapest shipping method.
#[server(endpoint = "cart", input = GetUrl)]
pub async fn get_cart() -> Result<Cart, ServerFnError> {
    use crate::model::WithholdPrices;

    let mut cart = view::load(None).await?;
    if !super::context::prices_visible().await? {
        cart.withhold_prices();
    }
    Ok(cart)
}

#[server(endpoint = "cart-add")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
/// Answers the cart's new item count, so the header's count follows without a second
/// request; `None` when that read failed (the line is in the cart all the same). Without
/// JavaScript the shopper lands on the cart: the product page they came from is the one
/// every shopper gets (the page cache's), which cannot show their cart.
pub async fn add_to_cart(sku: String, quantity: i64) -> Result<Option<u32>, ServerFnError> {
    view::put(sku, quantity, true).await?;
    if super::session::plain_form_post() {
        leptos_axum::redirect("/cart");
    }
    Ok(get_cart_count()
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "cart count after an add"))
        .ok())
}

#[server(endpoint = "cart-update")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn update_cart_line(sku: String, quantity: i64) -> Result<(), ServerFnError> {
    view::put(sku, quantity, false).await
}

#[server(endpoint = "cart-remove")]
pub async fn remove_cart_line(sku: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    if sku.len() > crate::model::MAX_SKU_LEN {
        return Ok(());
    }
    if let Some(id) = super::session::cart_id().await? {
        let h = handle()?;
        h.commerce.remove_from_cart(&h.scope, &id, &sku).await.map_err(internal)?;
    }
    Ok(())
}

#[server(endpoint = "cart-coupon")]
pub async fn apply_coupon(code: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    use super::session::reject;

    use crate::model::CartError;

    // No code is longer; a longer one is not looked up.
    const MAX_CODE_LEN: usize = 64;
    let fail = |e: CartError| reject(e.status(), e.message());
    let code = code.trim();
    if code.is_empty() || code.chars().count() > MAX_CODE_LEN {
        return Err(fail(CartError::UnknownCoupon));
    }
    // A coupon belongs to a cart: none is opened for one.
    let Some(id) = super::session::cart_id().await? else {
        return Err(fail(CartError::EmptyCart));
    };
    let h = handle()?;
    h.commerce.apply_coupon(&h.scope, &id, code).await.map_err(internal)?.map_err(fail)
}

#[server(endpoint = "cart-coupon-remove")]
pub async fn remove_coupon() -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    if let Some(id) = super::session::cart_id().await? {
        let h = handle()?;
        h.commerce.remove_coupon(&h.scope, &id).await.map_err(internal)?;
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod view {
    use leptos::prelude::*;

    use super::super::context::{handle, internal};
    use super::super::session::{cart_id, reject, start_cart};
    use crate::model::{Cart, CartError, Quantity};

    /// The shopper's cart as the backend prices it with `shipping` (else its cheapest
    /// method); an empty cart when they have none.
    pub async fn load(shipping: Option<&str>) -> Result<Cart, ServerFnError> {
        let h = handle()?;
        let cart = match cart_id().await? {
            Some(id) => h.commerce.cart(&h.scope, &id, shipping).await.map_err(internal)?,
            None => None,
        };
        Ok(cart.unwrap_or_else(|| Cart::empty(h.scope.currency)))
    }

    pub async fn put(sku: String, quantity: i64, add: bool) -> Result<(), ServerFnError> {
        let quantity = Quantity::parse(quantity).map_err(|e| reject(e.status(), e.message()))?;
        let sku = sku.trim().to_uppercase();
        let fail = |e: CartError| reject(e.status(), e.message());
        if sku.len() > crate::model::MAX_SKU_LEN {
            return Err(fail(CartError::UnknownSku));
        }
        let h = handle()?;
        match cart_id().await? {
            Some(id) => h.commerce.put_in_cart(&h.scope, &id, &sku, quantity, add).await.map_err(internal)?,
            // A new visitor: the cart and its first line in one write, or neither.
            None => start_cart(&sku, quantity).await?.map(|_| ()),
        }
        .map_err(fail)
    }
}
