//! Which store a call is for, with the rules a backend that does not price carts itself
//! (our SQL one) prices them by.

use crate::model::{Currency, ShippingMethod};

/// Every call takes one, so stores never leak into each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreScope {
    pub id: String,
    pub catalog: String,
    pub currency: Currency,
    pub pricing: PricingRules,
}

/// `store.toml`'s `[checkout]`: tax and shipping as the store states them. A platform
/// that prices its own carts ignores them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricingRules {
    /// VAT or sales tax in basis points (1900 is 19 %).
    pub tax_basis_points: u32,
    /// Shelf prices include the tax (EU consumer stores) or exclude it (B2B, US).
    pub tax_included: bool,
    /// In the order the checkout offers them.
    pub shipping: Vec<ShippingMethod>,
}

impl PricingRules {
    /// The method with this id, else the cheapest (the cart page's estimate).
    pub fn shipping_or_cheapest(&self, id: Option<&str>) -> Option<&ShippingMethod> {
        id.and_then(|id| self.shipping.iter().find(|s| s.id == id))
            .or_else(|| self.shipping.iter().min_by_key(|s| s.price.minor))
    }
}
