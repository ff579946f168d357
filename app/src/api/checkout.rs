//! Checkout in steps: the details form (email, address, shipping method, payment) is
//! saved to the session and checked, the payment authorized; the review page places the
//! order with a key, so a second submit finds the first order instead of a second one.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::model::{Cart, CheckoutDraft, Order, OrderSummary, ShippingMethod};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutView {
    pub draft: CheckoutDraft,
    /// Priced with the chosen shipping method (else the cheapest).
    pub cart: Cart,
    /// What the backend offers for this cart, in order.
    pub shipping_methods: Vec<ShippingMethod>,
    /// The signed-in customer's email, to fill in.
    pub customer_email: Option<String>,
    /// The store shows prices to signed-in customers only, and nobody is.
    pub sign_in_required: bool,
}

#[server(endpoint = "checkout", input = GetUrl)]
pub async fn get_checkout() -> Result<CheckoutView, ServerFnError> {
    use super::session::{current_customer, draft};

    let customer = current_customer().await?;
    let mut draft = draft().await?;
    if let Some(c) = &customer {
        if draft.email.is_empty() {
            draft.email = c.email.clone();
        }
        // A customer starts from their default address.
        if draft.address == Default::default() {
            let h = super::context::handle()?;
            let book = h.commerce.addresses(&h.scope, &c.id).await.map_err(super::context::internal)?;
            if let Some(default) = book.into_iter().find(|a| a.is_default) {
                draft.address = default.address;
            }
        }
    }
    let sign_in_required = cfg!(feature = "price-gate") && customer.is_none();
    let chosen = (!draft.shipping.is_empty()).then_some(draft.shipping.as_str());
    let mut cart = super::cart::view::load(chosen).await?;
    let mut shipping_methods = match super::session::cart_id().await? {
        Some(id) => {
            let h = super::context::handle()?;
            h.commerce.shipping_methods(&h.scope, &id).await.map_err(super::context::internal)?
        }
        None => Vec::new(),
    };
    if sign_in_required {
        use crate::model::WithholdPrices;
        cart.withhold_prices();
        for m in &mut shipping_methods {
            m.price = crate::model::Money::withheld();
        }
    }
    Ok(CheckoutView {
        draft,
        cart,
        shipping_methods,
        customer_email: customer.map(|c| c.email),
        sign_in_required,
    })
}

/// Checks and keeps the details; authorizes the payment for the total they make, or only
/// checks it where the backend takes payments itself.
#[server(endpoint = "checkout-save")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(card)))]
pub async fn save_checkout(
    email: String,
    name: String,
    line1: String,
    line2: Option<String>,
    postcode: String,
    city: String,
    country: String,
    shipping: String,
    payment: String,
    card: Option<String>,
) -> Result<(), ServerFnError> {
    let raw = crate::model::Address::from_form(name, line1, line2, postcode, city, country);
    flow::save(email, raw, shipping, payment, card).await?;
    leptos_axum::redirect("/checkout/review");
    Ok(())
}

#[server(endpoint = "place-order")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug"))]
pub async fn place_order(key: String) -> Result<(), ServerFnError> {
    let (number, again) = flow::place(key).await?;
    let suffix = if again { "?again=1" } else { "" };
    leptos_axum::redirect(&format!("/order/{number}{suffix}"));
    Ok(())
}

/// An order the shopper may see: their own, or one this browser placed or looked up
/// with its email.
#[server(endpoint = "order", input = GetUrl)]
pub async fn get_order(number: String) -> Result<Option<Order>, ServerFnError> {
    use super::context::{handle, internal};
    use super::session::{current_customer, placed_here};

    use crate::commerce::OrderOwner;

    let h = handle()?;
    let viewer = current_customer().await?.map(|c| c.id);
    let Some((order, owner)) = h.commerce.order(&h.scope, &number, viewer.as_ref()).await.map_err(internal)? else {
        return Ok(None);
    };
    let allowed = match owner {
        OrderOwner::Viewer => true,
        OrderOwner::Guest | OrderOwner::Someone => placed_here(&number).await?,
    };
    Ok(allowed.then_some(order))
}

/// The signed-in customer's orders, newest first; none for guests.
#[server(endpoint = "orders", input = GetUrl)]
pub async fn get_orders() -> Result<Vec<OrderSummary>, ServerFnError> {
    use super::context::{handle, internal};
    let Some(customer) = super::session::current_customer().await? else {
        return Ok(Vec::new());
    };
    let h = handle()?;
    h.commerce.orders(&h.scope, &customer.id).await.map_err(internal)
}

#[cfg(feature = "ssr")]
mod flow {
    use leptos::prelude::*;

    use super::super::context::{handle, internal};
    use super::super::session::{cart_id, current_customer, draft, order_placed, placed_with, reject, save_draft};
    use crate::commerce::NewOrder;
    use crate::model::{Address, CartError, Capability, CheckoutDraft, Email, OrderError, PaymentMethod};
    use crate::payment::{take, PaymentError};

    /// Longer than any backend's shipping method id.
    const MAX_SHIPPING_ID_LEN: usize = 64;

    fn order_error(e: OrderError) -> ServerFnError {
        reject(e.status(), e.message())
    }

    pub async fn save(email: String, raw: Address, shipping: String, payment: String, card: Option<String>) -> Result<(), ServerFnError> {
        // Nothing is kept for a shopper without a cart, nor anything longer than a valid
        // entry could be: a draft is stored in the session before it is checked.
        let Some(cart_id) = cart_id().await? else {
            return Err(order_error(CartError::EmptyCart.into()));
        };
        raw.within_bounds().map_err(|e| reject(422, e.message()))?;
        if email.chars().count() > Email::MAX_LEN {
            return Err(reject(422, crate::model::AccountError::InvalidEmail.message()));
        }
        if shipping.len() > MAX_SHIPPING_ID_LEN {
            return Err(reject(422, crate::i18n::t::checkout_choose_shipping()));
        }
        // Kept as typed (without the card number), so the form comes back filled in.
        let mut kept = CheckoutDraft {
            email: email.clone(),
            address: raw.clone(),
            shipping: shipping.clone(),
            payment: None,
            key: String::new(),
        };
        save_draft(&kept).await?;
        let customer = current_customer().await?;
        if cfg!(feature = "price-gate") && customer.is_none() {
            return Err(order_error(OrderError::SignInRequired));
        }
        let email = Email::parse(&email).map_err(|e| reject(e.status(), e.message()))?;
        let address = Address::parse(&raw).map_err(|e| reject(422, e.message()))?;
        let h = handle()?;
        let methods = h.commerce.shipping_methods(&h.scope, &cart_id).await.map_err(internal)?;
        if !methods.iter().any(|m| m.id == shipping) {
            return Err(reject(422, crate::i18n::t::checkout_choose_shipping()));
        }
        let Some(payment) = PaymentMethod::parse(&payment) else {
            return Err(reject(422, crate::i18n::t::checkout_choose_payment()));
        };
        let cart = super::super::cart::view::load(Some(&shipping)).await?;
        if cart.lines.is_empty() {
            return Err(order_error(CartError::EmptyCart.into()));
        }
        let backend_takes_payment = h.commerce.capabilities().has(Capability::Payments);
        let auth = take(payment, cart.totals.total, card.as_deref(), backend_takes_payment)
            .map_err(|e| match e {
                PaymentError::InvalidCard => reject(422, crate::i18n::t::payment_invalid_card()),
                PaymentError::Declined => order_error(OrderError::Declined),
            })?;
        kept.email = email.as_str().to_string();
        kept.address = address;
        kept.payment = Some(auth);
        kept.key = uuid::Uuid::new_v4().to_string();
        save_draft(&kept).await
    }

    /// Queues the order's confirmation to `email`, as the backend recorded the order. The
    /// order stands whatever happens here: a failure is logged.
    async fn confirm(h: &super::super::context::CommerceHandle, email: Email, number: &str, customer: Option<&crate::model::CustomerId>) {
        match h.commerce.order(&h.scope, number, customer).await {
            Ok(Some((order, _))) => {
                crate::emails::queue(crate::emails::order_confirmation::order_confirmation(email, &order, customer.is_none())).await;
            }
            Ok(None) => tracing::error!(number, "placed order not found: no confirmation sent"),
            Err(e) => tracing::error!(number, error = %e, "placed order unreadable: no confirmation sent"),
        }
    }

    /// Returns the order number and whether the key had placed it already.
    pub async fn place(key: String) -> Result<(String, bool), ServerFnError> {
        if let Some(number) = placed_with(&key).await? {
            return Ok((number, true));
        }
        let customer = current_customer().await?;
        if cfg!(feature = "price-gate") && customer.is_none() {
            return Err(order_error(OrderError::SignInRequired));
        }
        let draft = draft().await?;
        let (Some(payment), true) = (draft.payment.clone(), draft.key == key && !key.is_empty()) else {
            return Err(order_error(OrderError::Incomplete));
        };
        let Ok(email) = Email::parse(&draft.email) else {
            return Err(order_error(OrderError::Incomplete));
        };
        let Some(cart) = cart_id().await? else {
            return Err(order_error(CartError::EmptyCart.into()));
        };
        let h = handle()?;
        let customer = customer.map(|c| c.id);
        let new = NewOrder {
            cart,
            key: key.clone(),
            customer: customer.clone(),
            email: email.clone(),
            address: draft.address.clone(),
            shipping_method: draft.shipping.clone(),
            payment,
        };
        match h.commerce.place_order(&h.scope, &new).await.map_err(internal)? {
            Ok(placed) => {
                order_placed(&key, &placed.number).await?;
                if !placed.existing {
                    confirm(&h, email, &placed.number, customer.as_ref()).await;
                }
                Ok((placed.number, placed.existing))
            }
            Err(e) => Err(order_error(e)),
        }
    }
}
