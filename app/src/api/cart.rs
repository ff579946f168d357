//! The cart: read as a GET, changed by form posts. A plain post redirects back to its
//! page; the add-to-cart island calls `cart-add` in place.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::Cart;

/// Items in the cart, for the header: no prices, so no price gate and no totals to compute.
#[server(endpoint = "cart-count", input = GetUrl)]
pub async fn get_cart_count() -> Result<u32, ServerFnError> {
    use super::context::{handle, internal};
    let Some(id) = super::session::cart_id(false).await? else {
        return Ok(0);
    };
    let h = handle()?;
    let cart = h.commerce.cart(&h.scope, id).await.map_err(internal)?;
    Ok(cart.map(|c| c.lines.iter().map(|l| l.quantity).sum()).unwrap_or(0))
}

/// The cart with its totals, estimated with the cheapest shipping method.
#[server(endpoint = "cart", input = GetUrl)]
pub async fn get_cart() -> Result<Cart, ServerFnError> {
    use crate::model::WithholdPrices;
    use crate::store::STORE;

    let cheapest = STORE.shipping.iter().map(|s| s.price).min().unwrap_or(0);
    let mut cart = view::load(cheapest).await?;
    if !super::context::prices_visible().await? {
        cart.withhold_prices();
    }
    Ok(cart)
}

#[server(endpoint = "cart-add")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn add_to_cart(sku: String, quantity: i64) -> Result<(), ServerFnError> {
    view::put(sku, quantity, true).await
}

#[server(endpoint = "cart-update")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn update_cart_line(sku: String, quantity: i64) -> Result<(), ServerFnError> {
    view::put(sku, quantity, false).await
}

#[server(endpoint = "cart-remove")]
pub async fn remove_cart_line(sku: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    if let Some(id) = super::session::cart_id(false).await? {
        let h = handle()?;
        h.commerce.remove_from_cart(&h.scope, id, &sku).await.map_err(internal)?;
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
    if code.chars().count() > MAX_CODE_LEN {
        return Err(reject(CartError::UnknownCoupon.status(), CartError::UnknownCoupon.message()));
    }
    // A coupon belongs to a cart: none is opened for one.
    let Some(id) = super::session::cart_id(false).await? else {
        return Err(reject(CartError::EmptyCart.status(), CartError::EmptyCart.message()));
    };
    let h = handle()?;
    let coupon = match h.commerce.coupon(&h.scope, &code, view::now()).await.map_err(internal)? {
        Ok(c) => c,
        Err(e) => return Err(reject(e.status(), e.message())),
    };
    h.commerce.set_cart_coupon(&h.scope, id, Some(&coupon.code)).await.map_err(internal)
}

#[server(endpoint = "cart-coupon-remove")]
pub async fn remove_coupon() -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    if let Some(id) = super::session::cart_id(false).await? {
        let h = handle()?;
        h.commerce.set_cart_coupon(&h.scope, id, None).await.map_err(internal)?;
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod view {
    use leptos::prelude::*;

    use super::super::context::{handle, internal};
    use super::super::session::{cart_id, reject, start_cart};
    use crate::model::{Cart, CartError, Money, Quantity, Totals};

    pub fn now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }

    /// The shopper's cart priced with `shipping` (minor units); a coupon that stopped
    /// being valid is left out of the totals.
    pub async fn load(shipping: i64) -> Result<Cart, ServerFnError> {
        use crate::store::STORE;
        let h = handle()?;
        let contents = match cart_id(false).await? {
            Some(id) => h.commerce.cart(&h.scope, id).await.map_err(internal)?,
            None => None,
        };
        let (lines, code) = contents.map(|c| (c.lines, c.coupon_code)).unwrap_or_default();
        let coupon = match code {
            Some(code) => h.commerce.coupon(&h.scope, &code, now()).await.map_err(internal)?.ok(),
            None => None,
        };
        let currency = h.scope.currency;
        let priced: Vec<(Money, u32)> = lines.iter().map(|l| (l.unit_price, l.quantity)).collect();
        let shipping = if lines.is_empty() { 0 } else { shipping };
        let totals = Totals::compute(
            currency,
            &priced,
            coupon.as_ref(),
            Money::new(shipping, currency),
            STORE.tax_basis_points,
            STORE.prices_include_tax,
        )
        .map_err(|e| {
            tracing::error!(error = %e, "cart totals");
            ServerFnError::new(super::super::context::INTERNAL)
        })?;
        Ok(Cart {
            count: lines.iter().map(|l| l.quantity).sum(),
            lines,
            coupon,
            totals,
        })
    }

    pub async fn put(sku: String, quantity: i64, add: bool) -> Result<(), ServerFnError> {
        let quantity = Quantity::parse(quantity).map_err(|e| reject(e.status(), e.message()))?;
        let sku = sku.trim().to_uppercase();
        let fail = |e: CartError| reject(e.status(), e.message());
        if sku.len() > crate::model::MAX_SKU_LEN {
            return Err(fail(CartError::UnknownSku));
        }
        let h = handle()?;
        match cart_id(false).await? {
            Some(id) => h.commerce.put_in_cart(&h.scope, id, &sku, quantity, add).await.map_err(internal)?,
            // A new visitor: the cart and its first line in one write, or neither.
            None => start_cart(&sku, quantity).await?.map(|_| ()),
        }
        .map_err(fail)
    }
}
