use serde::Deserialize;

/// One `store.toml` as written. Every value but `id` may be inherited from the parent,
/// so they are optional here and required only after [`crate::Stores::resolve`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreFile {
    pub id: String,
    pub name: Option<String>,
    pub extends: Option<String>,
    pub locale: Option<String>,
    pub currency: Option<String>,
    pub catalog: Option<String>,
    pub base_url: Option<String>,
    pub addr: Option<String>,
    pub capabilities: Option<Vec<String>>,
    #[serde(default)]
    pub theme: Theme,
    #[serde(default)]
    pub checkout: Checkout,
    #[serde(default)]
    pub backend: Backend,
}

/// The commerce platform a store sits on. Only settings that are not secret: URLs and
/// tokens come from the environment.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Backend {
    /// One of [`BACKENDS`]; `embedded` when no store of the chain says.
    pub kind: Option<String>,
    /// The platform's channel for this store (Vendure: the channel token).
    pub channel: Option<String>,
    /// The language the platform answers in, such as `de` (Vendure's `languageCode`).
    pub language: Option<String>,
}

impl Backend {
    pub(crate) fn over(self, parent: &Backend) -> Backend {
        // A store that names another kind of backend starts that one's settings afresh.
        if self.kind.is_some() && self.kind != parent.kind {
            return self;
        }
        Backend {
            kind: self.kind.or_else(|| parent.kind.clone()),
            channel: self.channel.or_else(|| parent.channel.clone()),
            language: self.language.or_else(|| parent.language.clone()),
        }
    }
}

/// The backends a store may name: our SQL database, embedded in the store binary, and
/// Vendure over its Shop API (the server's `vendure` feature).
pub const BACKENDS: &[&str] = &["embedded", "vendure"];

/// Design settings that are not CSS tokens (those live in the store's stylesheet).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub tagline: Option<String>,
    pub hero_title: Option<String>,
    pub hero_text: Option<String>,
}

impl Theme {
    /// The child's values win; unset ones come from the parent.
    pub(crate) fn over(self, parent: &Theme) -> Theme {
        Theme {
            tagline: self.tagline.or_else(|| parent.tagline.clone()),
            hero_title: self.hero_title.or_else(|| parent.hero_title.clone()),
            hero_text: self.hero_text.or_else(|| parent.hero_text.clone()),
        }
    }
}

/// Taxes and shipping: what checkout adds to the cart.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    /// VAT or sales tax in basis points: 1900 is 19 %.
    pub tax_basis_points: Option<u32>,
    /// True where shelf prices include the tax (EU consumer stores), false where it is
    /// added at checkout (B2B net prices, US sales tax).
    pub prices_include_tax: Option<bool>,
    /// Delivery options, cheapest first is not required; a child's list replaces its parent's.
    pub shipping: Option<Vec<ShippingMethod>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ShippingMethod {
    pub id: String,
    pub name: String,
    /// In minor units of the store's currency.
    pub price: i64,
    /// Delivery time as shown, such as "2–4 working days".
    pub days: String,
}

impl Checkout {
    pub(crate) fn over(self, parent: &Checkout) -> Checkout {
        Checkout {
            tax_basis_points: self.tax_basis_points.or(parent.tax_basis_points),
            prices_include_tax: self.prices_include_tax.or(parent.prices_include_tax),
            shipping: self.shipping.or_else(|| parent.shipping.clone()),
        }
    }
}

/// ISO 4217 codes the storefront can price in.
pub(crate) const CURRENCIES: &[&str] = &[
    "AUD", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HUF", "JPY", "NOK", "NZD", "PLN", "SEK", "USD",
];

/// Accepts `ll` or `ll-RR` (BCP 47 language with optional region), the forms we format for.
pub(crate) fn valid_locale(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    let region_ok = match parts.next() {
        None => true,
        Some(r) => r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()),
    };
    lang_ok && region_ok && parts.next().is_none()
}

/// Store ids become cargo features and folder names: lowercase, digits and dashes.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert!(valid_locale("en-US"));
        assert!(valid_locale("de"));
        assert!(!valid_locale("en_US"));
        assert!(!valid_locale("EN-us"));
        assert!(!valid_locale("en-US-x"));
    }

    #[test]
    fn ids() {
        assert!(valid_id("fashion-de"));
        assert!(!valid_id("Fashion"));
        assert!(!valid_id("-x"));
        assert!(!valid_id(""));
    }
}
