//! Carts are Vendure's active orders, one per session token: the cart's handle is the
//! token. Vendure prices them; a change it cannot make in full is undone, so a refused
//! line leaves the cart as it was.

use app::commerce::{CommerceError, CommerceResult, StoreScope};
use app::model::{
    Cart, CartError, CartId, CartLine, Money, Quantity, ShippingMethod, Totals, MAX_CART_LINES, MAX_QUANTITY,
};
use serde_json::json;

use super::catalog::{image, stock_of};
use super::queries;
use super::types::*;
use super::VendureCommerce;

impl VendureCommerce {
    /// The active order of the session `token`; `None` when Vendure did not know the
    /// token (it answers with a new one then).
    pub(super) async fn active(&self, token: &str) -> CommerceResult<Option<Option<OrderDef>>> {
        let reply = self
            .client
            .read::<ActiveOrderData>(&queries::active_order(), json!({}), Some(token))
            .await?;
        if reply.token.as_deref().is_some_and(|t| t != token) {
            return Ok(None);
        }
        Ok(Some(reply.data.active_order))
    }

    pub(super) fn cart_of(&self, store: &StoreScope, order: &OrderDef) -> Cart {
        let money = |minor| Money::new(minor, store.currency);
        let lines: Vec<CartLine> = order
            .lines
            .iter()
            .map(|l| CartLine {
                sku: l.product_variant.sku.clone(),
                product_name: l.product_variant.product.name.clone(),
                product_slug: l.product_variant.product.slug.clone(),
                options: l
                    .product_variant
                    .options
                    .iter()
                    .map(|o| (o.group.code.clone(), o.name.clone()))
                    .collect(),
                image: l
                    .featured_asset
                    .as_ref()
                    .map(|a| image(a, "thumb", Some(150), &l.product_variant.name))
                    .unwrap_or_else(|| app::model::Image::new("", &l.product_variant.name)),
                unit_price: self.shelf(store, l.unit_price, l.unit_price_with_tax),
                quantity: l.quantity,
                line_total: self.shelf(store, l.line_price, l.line_price_with_tax),
                stock: stock_of(&l.product_variant.stock_level),
            })
            .collect();
        let gross = store.pricing.tax_included;
        let discount: i64 = -order
            .discounts
            .iter()
            .map(|d| if gross { d.amount_with_tax } else { d.amount })
            .sum::<i64>();
        let sub_total = if gross {
            order.sub_total_with_tax
        } else {
            order.sub_total
        };
        let shipping_price = if gross { order.shipping_with_tax } else { order.shipping };
        let rate = order.tax_summary.iter().map(|t| t.tax_rate).fold(0.0, f64::max);
        Cart {
            count: order.total_quantity,
            coupon_code: order.coupon_codes.first().cloned(),
            shipping: order.shipping_lines.first().map(|s| ShippingMethod {
                id: s.shipping_method.id.clone(),
                name: s.shipping_method.name.clone(),
                price: money(shipping_price),
                days: String::new(),
            }),
            totals: Totals {
                // Vendure's subtotal has the order's discounts in it; ours shows them apart.
                subtotal: money(sub_total + discount),
                discount: money(discount),
                shipping: money(shipping_price),
                tax: money(order.total_with_tax - order.total),
                total: money(order.total_with_tax),
                tax_included: gross,
                tax_basis_points: (rate * 100.0).round() as u32,
            },
            lines,
        }
    }

    pub(super) async fn priced(
        &self,
        store: &StoreScope,
        cart: &CartId,
        shipping: Option<&str>,
    ) -> CommerceResult<Option<Cart>> {
        let Some(order) = self.active(cart.as_str()).await? else {
            return Ok(None);
        };
        let Some(mut order) = order else {
            return Ok(Some(Cart::empty(store.currency)));
        };
        let chosen = order.shipping_lines.first().map(|s| s.shipping_method.id.as_str());
        if let Some(id) = shipping.filter(|id| Some(*id) != chosen && !order.lines.is_empty()) {
            let (outcome, _) = self
                .change(queries::SET_SHIPPING, json!({ "id": id }), Some(cart.as_str()))
                .await?;
            if let Some(code) = outcome.error_code {
                tracing::info!(%code, "shipping method not set");
            }
            if let Some(Some(again)) = self.active(cart.as_str()).await? {
                order = again;
            }
        }
        Ok(Some(self.cart_of(store, &order)))
    }

    /// Runs a mutation and reads its union answer (its `__typename` and any error).
    pub(super) async fn change(
        &self,
        doc: &str,
        vars: serde_json::Value,
        token: Option<&str>,
    ) -> CommerceResult<(Outcome, Option<String>)> {
        let reply = self
            .client
            .write::<serde_json::Map<String, serde_json::Value>>(doc, vars, token)
            .await?;
        let value = reply
            .data
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .ok_or_else(|| CommerceError::internal("empty answer"))?;
        let outcome: Outcome =
            serde_json::from_value(value).map_err(|e| CommerceError::internal(format!("unexpected answer: {e}")))?;
        Ok((outcome, reply.token))
    }

    fn refusal(outcome: &Outcome, sku: &str) -> Option<CartError> {
        match outcome.error_code.as_deref()? {
            "INSUFFICIENT_STOCK_ERROR" => Some(CartError::OverStock {
                sku: sku.to_string(),
                available: outcome.quantity_available.unwrap_or(0).max(0),
            }),
            "NEGATIVE_QUANTITY_ERROR" | "ORDER_LIMIT_ERROR" => Some(CartError::InvalidQuantity),
            _ => None,
        }
    }

    /// Adds `quantity` of `sku` (or sets it, without `add`); a refused change is undone.
    pub(super) async fn put(
        &self,
        cart: &CartId,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>> {
        let Some(variant) = self.variant(sku).await? else {
            return Ok(Err(CartError::UnknownSku));
        };
        let Some(order) = self.active(cart.as_str()).await? else {
            return Ok(Err(CartError::EmptyCart));
        };
        let lines = order.map(|o| o.lines).unwrap_or_default();
        let existing = lines.iter().find(|l| l.product_variant.sku == sku);
        let (doc, vars, before) = match existing {
            Some(line) => {
                let wanted = quantity.get() + if add { line.quantity } else { 0 };
                if wanted > MAX_QUANTITY {
                    return Ok(Err(CartError::InvalidQuantity));
                }
                (
                    queries::adjust_line(),
                    json!({ "line": line.id, "qty": wanted }),
                    Some((line.id.clone(), line.quantity)),
                )
            }
            None => {
                if lines.len() >= MAX_CART_LINES as usize {
                    return Ok(Err(CartError::TooManyLines));
                }
                let id = variant.product_variant_id.clone().unwrap_or_default();
                (queries::add_item(), json!({ "id": id, "qty": quantity.get() }), None)
            }
        };
        let (outcome, _) = self.change(&doc, vars, Some(cart.as_str())).await?;
        match Self::refusal(&outcome, sku) {
            Some(refused) => {
                self.undo(cart, sku, before).await?;
                Ok(Err(refused))
            }
            None if outcome.error_code.is_some() => Err(CommerceError::Rejected(outcome.message.unwrap_or_default())),
            None => Ok(Ok(())),
        }
    }

    /// Puts the line of `sku` back as it was: Vendure adds what stock allows even when
    /// it refuses the rest.
    async fn undo(&self, cart: &CartId, sku: &str, before: Option<(String, u32)>) -> CommerceResult<()> {
        match before {
            Some((line, qty)) => {
                self.change(
                    &queries::adjust_line(),
                    json!({ "line": line, "qty": qty }),
                    Some(cart.as_str()),
                )
                .await?;
            }
            None => self.remove(cart, sku).await?,
        }
        Ok(())
    }

    pub(super) async fn start(
        &self,
        token: Option<&str>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<CartId, CartError>> {
        let Some(variant) = self.variant(sku).await? else {
            return Ok(Err(CartError::UnknownSku));
        };
        let id = variant.product_variant_id.clone().unwrap_or_default();
        let (outcome, issued) = self
            .change(&queries::add_item(), json!({ "id": id, "qty": quantity.get() }), token)
            .await?;
        let Some(handle) = token.map(str::to_string).or(issued) else {
            return Err(CommerceError::internal("Vendure issued no session token"));
        };
        let cart = CartId::new(handle);
        match Self::refusal(&outcome, sku) {
            Some(refused) => {
                self.remove(&cart, sku).await?;
                Ok(Err(refused))
            }
            None if outcome.error_code.is_some() => Err(CommerceError::Rejected(outcome.message.unwrap_or_default())),
            None => Ok(Ok(cart)),
        }
    }

    pub(super) async fn remove(&self, cart: &CartId, sku: &str) -> CommerceResult<()> {
        let Some(Some(order)) = self.active(cart.as_str()).await? else {
            return Ok(());
        };
        if let Some(line) = order.lines.iter().find(|l| l.product_variant.sku == sku) {
            self.change(&queries::remove_line(), json!({ "line": line.id }), Some(cart.as_str()))
                .await?;
        }
        Ok(())
    }

    /// Codes are case-insensitive to shoppers; Vendure's promotions here use upper case.
    pub(super) async fn coupon(&self, cart: &CartId, code: &str) -> CommerceResult<Result<(), CartError>> {
        let code = code.to_uppercase();
        let code = code.as_str();
        let Some(Some(order)) = self.active(cart.as_str()).await? else {
            return Ok(Err(CartError::EmptyCart));
        };
        // One coupon at a time, as in the embedded backend.
        for old in order.coupon_codes.iter().filter(|c| *c != code) {
            self.client
                .write::<serde_json::Value>(queries::REMOVE_COUPON, json!({ "code": old }), Some(cart.as_str()))
                .await?;
        }
        let (outcome, _) = self
            .change(&queries::apply_coupon(), json!({ "code": code }), Some(cart.as_str()))
            .await?;
        Ok(match outcome.error_code.as_deref() {
            None => Ok(()),
            Some("COUPON_CODE_EXPIRED_ERROR") => Err(CartError::ExpiredCoupon),
            Some(_) => Err(CartError::UnknownCoupon),
        })
    }

    pub(super) async fn uncoupon(&self, cart: &CartId) -> CommerceResult<()> {
        let Some(Some(order)) = self.active(cart.as_str()).await? else {
            return Ok(());
        };
        for code in &order.coupon_codes {
            self.client
                .write::<serde_json::Value>(queries::REMOVE_COUPON, json!({ "code": code }), Some(cart.as_str()))
                .await?;
        }
        Ok(())
    }

    pub(super) async fn shipping(&self, store: &StoreScope, cart: &CartId) -> CommerceResult<Vec<ShippingMethod>> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Data {
            eligible_shipping_methods: Vec<ShippingMethodDef>,
        }
        let data: Data = self
            .client
            .read(queries::SHIPPING_METHODS, json!({}), Some(cart.as_str()))
            .await?
            .data;
        let mut methods: Vec<ShippingMethod> = data
            .eligible_shipping_methods
            .into_iter()
            .map(|m| ShippingMethod {
                price: self.shelf(store, m.price, m.price_with_tax),
                days: super::catalog::text_of(&m.description),
                id: m.id,
                name: m.name,
            })
            .collect();
        methods.sort_by_key(|m| m.price.minor);
        Ok(methods)
    }
}
