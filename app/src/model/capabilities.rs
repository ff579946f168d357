//! What a backend can do. Pages ask ([`offered`]) before they offer something; a store
//! whose features need what its backend lacks is refused at start
//! (see [`Capabilities::missing_for`]).

use serde::{Deserialize, Serialize};

/// One thing some backends can do and others cannot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Capability {
    /// Variants looked up by SKU (quick order).
    SkuLookup,
    /// Stock as an exact number, not only in / low / out.
    ExactStock,
    /// Listings filtered by price range.
    PriceFacet,
    /// Listings sorted newest first.
    SortNewest,
    /// Customer accounts kept per store (not one account across the platform).
    PerStoreAccounts,
    /// A customer's address book.
    AddressBook,
    /// Coupon codes on a cart.
    Coupons,
    /// Summaries of several products by slug in one call (wishlist).
    ProductsBySlug,
    /// Takes the payment itself, with its own payment handlers, when the order is placed;
    /// our provider only checks what the shopper typed.
    Payments,
    /// Sets a customer's password without the old one, after the storefront checked a
    /// reset link, and finds a customer by email for it.
    PasswordReset,
    /// Moves orders on (shipped, delivered, cancelled) with a dated history.
    OrderStatus,
}

impl Capability {
    pub const ALL: [Capability; 11] = [
        Capability::SkuLookup,
        Capability::ExactStock,
        Capability::PriceFacet,
        Capability::SortNewest,
        Capability::PerStoreAccounts,
        Capability::AddressBook,
        Capability::Coupons,
        Capability::ProductsBySlug,
        Capability::Payments,
        Capability::PasswordReset,
        Capability::OrderStatus,
    ];

    /// As written in messages and README.
    pub fn name(self) -> &'static str {
        match self {
            Capability::SkuLookup => "sku-lookup",
            Capability::ExactStock => "exact-stock",
            Capability::PriceFacet => "price-facet",
            Capability::SortNewest => "sort-newest",
            Capability::PerStoreAccounts => "per-store-accounts",
            Capability::AddressBook => "address-book",
            Capability::Coupons => "coupons",
            Capability::ProductsBySlug => "products-by-slug",
            Capability::Payments => "payments",
            Capability::PasswordReset => "password-reset",
            Capability::OrderStatus => "order-status",
        }
    }
}

/// The set a backend reports from `Commerce::capabilities`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities(u16);

impl Capabilities {
    pub const fn none() -> Self {
        Capabilities(0)
    }

    pub fn all() -> Self {
        Capability::ALL.into_iter().collect()
    }

    pub const fn with(self, c: Capability) -> Self {
        Capabilities(self.0 | 1 << c as u16)
    }

    pub const fn without(self, c: Capability) -> Self {
        Capabilities(self.0 & !(1 << c as u16))
    }

    pub fn has(self, c: Capability) -> bool {
        self.0 & 1 << c as u16 != 0
    }

    /// What a store feature (a `capabilities` entry of `store.toml`) needs of its backend.
    pub fn needed_by(feature: &str) -> &'static [Capability] {
        match feature {
            "quick-order" => &[Capability::SkuLookup],
            "wishlist" => &[Capability::ProductsBySlug],
            _ => &[],
        }
    }

    /// The first store feature this backend cannot serve, and what it lacks for it.
    pub fn missing_for<'a>(self, features: &[&'a str]) -> Option<(&'a str, Capability)> {
        features
            .iter()
            .find_map(|f| Self::needed_by(f).iter().find(|c| !self.has(**c)).map(|c| (*f, *c)))
    }
}

impl FromIterator<Capability> for Capabilities {
    fn from_iter<I: IntoIterator<Item = Capability>>(iter: I) -> Self {
        iter.into_iter().fold(Capabilities::none(), Capabilities::with)
    }
}

/// Whether this request's backend can do `c`: the server provides its capabilities to
/// every render. Without them (a test rendering a component alone) everything is offered.
pub fn offered(c: Capability) -> bool {
    leptos::prelude::use_context::<Capabilities>().is_none_or(|all| all.has(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feature_is_refused_when_the_backend_lacks_what_it_needs() {
        let some = Capabilities::none().with(Capability::Coupons);
        assert_eq!(
            some.missing_for(&["wishlist", "quick-order"]),
            Some(("wishlist", Capability::ProductsBySlug))
        );
        assert_eq!(Capabilities::all().missing_for(&["quick-order", "price-gate"]), None);
        assert!(Capability::ALL.iter().all(|c| Capabilities::all().has(*c)));
        assert!(!some.has(Capability::SkuLookup));
        assert!(!Capabilities::all().without(Capability::Payments).has(Capability::Payments));
        assert!(Capabilities::all().without(Capability::Payments).has(Capability::Coupons));
    }
}

