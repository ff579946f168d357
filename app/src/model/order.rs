//! Placed orders: immutable snapshots of what was bought, at which prices, taxes,
//! address and shipping.

use serde::{Deserialize, Serialize};

use super::{Address, Money, Totals};
use crate::i18n::t;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    pub sku: String,
    pub product_name: String,
    pub product_slug: String,
    /// "color: Navy, size: M", as it was when ordered.
    pub options: String,
    pub unit_price: Money,
    pub quantity: u32,
    pub line_total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub number: String,
    /// Unix seconds.
    pub placed_at: i64,
    pub email: String,
    pub lines: Vec<OrderItem>,
    pub totals: Totals,
    pub coupon_code: Option<String>,
    pub shipping_method: String,
    pub address: Address,
    pub payment_method: String,
    pub payment_ref: String,
    #[serde(default)]
    pub status: super::OrderStatus,
    /// Every step since it was placed, oldest first.
    #[serde(default)]
    pub history: Vec<super::StatusChange>,
}

/// A line of the order history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub number: String,
    pub placed_at: i64,
    pub items: u32,
    pub total: Money,
    #[serde(default)]
    pub status: super::OrderStatus,
}

/// Why an order was not placed; nothing of it was saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("cart: {0}")]
    Cart(#[from] super::CartError),
    #[error("checkout incomplete")]
    Incomplete,
    #[error("payment declined")]
    Declined,
    #[error("sign-in required")]
    SignInRequired,
}

impl OrderError {
    pub fn message(&self) -> String {
        match self {
            OrderError::Cart(e) => e.message(),
            OrderError::Incomplete => t::checkout_incomplete().into(),
            OrderError::Declined => t::payment_declined().into(),
            OrderError::SignInRequired => t::checkout_sign_in().into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            OrderError::Cart(e) => e.status(),
            OrderError::Incomplete => 422,
            OrderError::Declined => 402,
            OrderError::SignInRequired => 401,
        }
    }
}
