//! The store this build serves, resolved from `stores/<id>/store.toml` by `build.rs`.

/// Values merged down the store's `extends` chain at build time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreConfig {
    pub id: &'static str,
    pub name: &'static str,
    /// The store first, then its parents.
    pub chain: &'static [&'static str],
    pub locale: &'static str,
    pub currency: &'static str,
    pub catalog: &'static str,
    pub base_url: &'static str,
    pub addr: &'static str,
    pub capabilities: &'static [&'static str],
    pub tagline: &'static str,
    pub hero_title: &'static str,
    pub hero_text: &'static str,
    /// VAT or sales tax in basis points (1900 is 19 %).
    pub tax_basis_points: u32,
    /// Shelf prices include the tax (EU consumer stores) or exclude it (B2B, US).
    pub prices_include_tax: bool,
    pub shipping: &'static [ShippingOption],
    pub backend: Backend,
}

/// `[backend]`: which commerce platform serves the store, and its non-secret settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backend {
    pub kind: &'static str,
    pub channel: Option<&'static str>,
    pub language: Option<&'static str>,
}

/// A delivery option of the store, priced in minor units of its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippingOption {
    pub id: &'static str,
    pub name: &'static str,
    pub price: i64,
    pub days: &'static str,
}

/// The same store in another language: search engines link the two by `hreflang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alternate {
    pub id: &'static str,
    pub locale: &'static str,
    /// The locale's language named in itself ("Deutsch"), as a store switcher offers it.
    pub language: &'static str,
    pub base_url: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/store_config.rs"));

/// Every layer's `style/theme.css`, base first: design tokens set again by each store.
pub const THEME_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/theme.css"));

impl StoreConfig {
    pub fn format_money(&self, money: &crate::model::Money) -> String {
        money.format(self.locale)
    }

    /// Whether this store's cookies (session, guest cart) are sent over HTTPS only: when
    /// the store is served over it.
    #[cfg(feature = "ssr")]
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// The name of one of this store's cookies: per store, since browsers send a host's
    /// cookies to every port of it. Over HTTPS with the `__Host-` prefix, which browsers
    /// accept only when set securely, for the whole host and without a domain, so no
    /// other site on a subdomain can plant or overwrite it.
    #[cfg(feature = "ssr")]
    pub fn cookie_name(&self, what: &str) -> String {
        let prefix = if self.secure_cookies() { "__Host-" } else { "" };
        format!("{prefix}{what}-{}", self.id)
    }

    #[cfg(feature = "ssr")]
    pub fn scope(&self) -> Result<crate::commerce::StoreScope, crate::model::MoneyError> {
        let currency = crate::model::Currency::parse(self.currency)?;
        let shipping = self
            .shipping
            .iter()
            .map(|s| crate::model::ShippingMethod {
                id: s.id.to_string(),
                name: s.name.to_string(),
                price: crate::model::Money::new(s.price, currency),
                days: s.days.to_string(),
            })
            .collect();
        Ok(crate::commerce::StoreScope {
            id: self.id.to_string(),
            catalog: self.catalog.to_string(),
            currency,
            pricing: crate::commerce::PricingRules {
                tax_basis_points: self.tax_basis_points,
                tax_included: self.prices_include_tax,
                shipping,
            },
        })
    }
}
