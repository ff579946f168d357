//! Checkout on Vendure: the shopper's details go onto the active order, its total is
//! checked against the payment, then it moves to payment and is paid with Vendure's test
//! handler. Our checkout key is kept beside the order's code (`backend_orders`), so a
//! second submit finds the first order.

use app::commerce::{CommerceError, CommerceResult, NewOrder, OrderOwner, PlacedOrder, StoreScope};
use app::model::{
    Address, CartError, CustomerId, Order, OrderError, OrderItem, OrderStatus, OrderSummary, Settlement, StatusChange,
};
use serde_json::json;

use super::account::{address_input, split_name};
use super::queries;
use super::types::*;
use super::VendureCommerce;

/// Vendure's dummy payment handler; `shouldDecline` makes it refuse.
const PAYMENT_METHOD: &str = "standard-payment";

impl VendureCommerce {
    async fn placed_with(&self, store: &StoreScope, key: &str) -> CommerceResult<Option<String>> {
        sqlx::query_scalar("SELECT number FROM backend_orders WHERE store_id = ? AND idempotency_key = ?")
            .bind(&store.id)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(crate::db::storage)
    }

    pub(super) async fn place(
        &self,
        store: &StoreScope,
        new: &NewOrder,
    ) -> CommerceResult<Result<PlacedOrder, OrderError>> {
        if let Some(number) = self.placed_with(store, &new.key).await? {
            return Ok(Ok(PlacedOrder { number, existing: true }));
        }
        let token = Some(new.cart.as_str());
        let Some(Some(order)) = self.active(new.cart.as_str()).await? else {
            return Ok(Err(CartError::EmptyCart.into()));
        };
        if order.lines.is_empty() {
            return Ok(Err(CartError::EmptyCart.into()));
        }
        if new.customer.is_none() {
            let (first, last) = split_name(&new.address.name);
            let input = json!({ "emailAddress": new.email.as_str(), "firstName": first, "lastName": last });
            let (outcome, _) = self
                .change(queries::SET_CUSTOMER, json!({ "input": input }), token)
                .await?;
            if let Some(code) = outcome.error_code {
                return Err(CommerceError::Rejected(outcome.message.unwrap_or(code)));
            }
        }
        let (outcome, _) = self
            .change(
                queries::SET_ADDRESS,
                json!({ "input": address_input(&new.address) }),
                token,
            )
            .await?;
        if let Some(code) = outcome.error_code {
            return Err(CommerceError::Rejected(outcome.message.unwrap_or(code)));
        }
        let (outcome, _) = self
            .change(queries::SET_SHIPPING, json!({ "id": new.shipping_method }), token)
            .await?;
        if outcome.error_code.is_some() {
            return Ok(Err(OrderError::Incomplete));
        }
        let Some(Some(priced)) = self.active(new.cart.as_str()).await? else {
            return Ok(Err(CartError::EmptyCart.into()));
        };
        if priced.total_with_tax != new.payment.amount_minor {
            return Ok(Err(CartError::TotalChanged.into()));
        }
        let (outcome, _) = self.change(queries::TO_PAYMENT, json!({}), token).await?;
        if let Some(code) = outcome.error_code {
            tracing::warn!(%code, message = ?outcome.message, "order could not move to payment");
            return Ok(Err(OrderError::Incomplete));
        }
        // Vendure's test handler declines on `shouldDecline`: the shopper's declining test
        // card reaches it as a platform's real handler would see a card its processor refuses.
        let should_decline = new.payment.settlement == (Settlement::ByBackend { test_decline: true });
        let payment = json!({
            "method": PAYMENT_METHOD,
            "metadata": {
                "reference": new.payment.reference,
                "method": new.payment.method.param(),
                "shouldDecline": should_decline,
            },
        });
        let (outcome, _) = self.change(queries::PAY, json!({ "input": payment }), token).await?;
        if let Some(code) = outcome.error_code {
            tracing::info!(%code, "payment refused");
            // Back to a cart the shopper can change.
            self.change(queries::TO_ADDING_ITEMS, json!({}), token).await?;
            return Ok(Err(OrderError::Declined));
        }
        let number = priced.code;
        let kept =
            sqlx::query("INSERT OR IGNORE INTO backend_orders (store_id, idempotency_key, number) VALUES (?, ?, ?)")
                .bind(&store.id)
                .bind(&new.key)
                .bind(&number)
                .execute(&self.pool)
                .await;
        if let Err(e) = kept {
            // The order is placed; a lost key only means a second submit is refused.
            tracing::error!(error = %e, %number, "checkout key not kept");
        }
        tracing::info!(%number, total = priced.total_with_tax, "order placed with Vendure");
        Ok(Ok(PlacedOrder {
            number,
            existing: false,
        }))
    }

    pub(super) async fn by_code(
        &self,
        store: &StoreScope,
        code: &str,
        viewer: Option<&CustomerId>,
    ) -> CommerceResult<Option<(Order, OrderOwner)>> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Data {
            order_by_code: Option<OrderDef>,
            active_customer: Option<IdOnly>,
        }
        let reply = self
            .client
            .read::<Data>(
                &queries::order_by_code(),
                json!({ "code": code }),
                viewer.map(CustomerId::as_str),
            )
            .await;
        let data = match reply {
            Ok(r) => r.data,
            // Another customer's order: Vendure forbids it.
            Err(CommerceError::Rejected(_) | CommerceError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let Some(o) = data.order_by_code.filter(|o| !o.active) else {
            return Ok(None);
        };
        let owner = match o.customer.as_ref() {
            Some(c) if c.user.is_some() => match &data.active_customer {
                Some(me) if me.id == c.id => OrderOwner::Viewer,
                _ => OrderOwner::Someone,
            },
            _ => OrderOwner::Guest,
        };
        let cart = self.cart_of(store, &o);
        let a = o.shipping_address.clone().unwrap_or(OrderAddress {
            full_name: None,
            street_line1: None,
            street_line2: None,
            postal_code: None,
            city: None,
            country_code: None,
        });
        let payment = o.payments.iter().flatten().next();
        let order = Order {
            number: o.code.clone(),
            placed_at: o.order_placed_at.as_deref().and_then(unix_seconds).unwrap_or(0),
            email: o.customer.as_ref().map(|c| c.email_address.clone()).unwrap_or_default(),
            lines: cart
                .lines
                .into_iter()
                .map(|l| OrderItem {
                    options: l
                        .options
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    sku: l.sku,
                    product_name: l.product_name,
                    product_slug: l.product_slug,
                    unit_price: l.unit_price,
                    quantity: l.quantity,
                    line_total: l.line_total,
                })
                .collect(),
            totals: cart.totals,
            coupon_code: cart.coupon_code,
            shipping_method: cart.shipping.map(|s| s.name).unwrap_or_default(),
            address: Address {
                name: a.full_name.unwrap_or_default(),
                line1: a.street_line1.unwrap_or_default(),
                line2: a.street_line2.unwrap_or_default(),
                postcode: a.postal_code.unwrap_or_default(),
                city: a.city.unwrap_or_default(),
                country: a.country_code.unwrap_or_default().to_uppercase(),
            },
            payment_method: payment.map(|p| p.method.clone()).unwrap_or_default(),
            payment_ref: payment.and_then(|p| p.transaction_id.clone()).unwrap_or_default(),
            status: status_of(o.state.as_deref().unwrap_or_default()),
            history: history_of(&o),
        };
        Ok(Some((order, owner)))
    }

    pub(super) async fn history(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<OrderSummary>> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Data {
            active_customer: Option<Orders>,
        }
        #[derive(serde::Deserialize)]
        struct Orders {
            orders: Items<MyOrder>,
        }
        let data: Data = self
            .client
            .read(queries::MY_ORDERS, json!({}), Some(customer.as_str()))
            .await?
            .data;
        Ok(data
            .active_customer
            .map(|c| c.orders.items)
            .unwrap_or_default()
            .into_iter()
            .filter(|o| !o.active)
            .map(|o| OrderSummary {
                placed_at: o.order_placed_at.as_deref().and_then(unix_seconds).unwrap_or(0),
                number: o.code,
                items: o.total_quantity,
                total: app::model::Money::new(o.total_with_tax, store.currency),
                status: status_of(&o.state),
            })
            .collect())
    }
}

/// Vendure's order states as ours: settled payment is paid, (partly) shipped and
/// delivered as they say, cancelled; anything before is placed.
fn status_of(state: &str) -> OrderStatus {
    match state {
        "PaymentSettled" => OrderStatus::Paid,
        "PartiallyShipped" | "Shipped" => OrderStatus::Shipped,
        "PartiallyDelivered" | "Delivered" => OrderStatus::Delivered,
        "Cancelled" => OrderStatus::Cancelled,
        _ => OrderStatus::Placed,
    }
}

/// Placed, then the state it is in since its last change (Vendure's Shop API tells no
/// more of its history).
fn history_of(o: &super::types::OrderDef) -> Vec<StatusChange> {
    let placed = o.order_placed_at.as_deref().and_then(unix_seconds).unwrap_or(0);
    let mut history = vec![StatusChange {
        status: OrderStatus::Placed,
        at: placed,
    }];
    let now = status_of(o.state.as_deref().unwrap_or_default());
    if now != OrderStatus::Placed {
        let at = o.updated_at.as_deref().and_then(unix_seconds).unwrap_or(placed);
        history.push(StatusChange { status: now, at });
    }
    history
}

/// `2026-11-29T12:24:37.123Z` as unix seconds (UTC; Vendure writes no other offset).
pub fn unix_seconds(at: &str) -> Option<i64> {
    let (date, time) = at.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.trim_end_matches('Z').split(':');
    let (h, min) = (t.next()?.parse::<i64>().ok()?, t.next()?.parse::<i64>().ok()?);
    let s = t.next()?.split('.').next()?.parse::<i64>().ok()?;
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + min * 60 + s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn vendure_dates_are_read_as_utc_seconds() {
        assert_eq!(super::unix_seconds("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(super::unix_seconds("2026-11-29T12:24:37.123Z"), Some(1_795_955_077));
        assert_eq!(super::unix_seconds("2000-02-29T23:59:59Z"), Some(951_868_799));
        assert_eq!(super::unix_seconds("yesterday"), None);
    }
}
