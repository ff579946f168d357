//! Checkout input: an address that parses or says what is wrong, the payment method,
//! and the draft a shopper builds over the checkout steps (kept in their session).

use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// Countries the demo ships to, with their postcode rules.
pub const COUNTRIES: &[&str] = &["US", "CA", "GB", "DE", "AT", "CH", "FR", "NL"];

const NAME_MAX: usize = 100;
const STREET_MAX: usize = 200;
const CITY_MAX: usize = 100;
/// The longest of any country's, with its spaces.
const POSTCODE_MAX: usize = 10;
const COUNTRY_MAX: usize = 2;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub line1: String,
    pub line2: String,
    pub postcode: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// An address of a customer's address book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAddress {
    pub id: super::AddressId,
    pub address: Address,
    pub is_default: bool,
}

/// A way to ship an order, priced by the backend for the cart at hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingMethod {
    pub id: String,
    pub name: String,
    pub price: super::Money,
    /// Delivery time as the shopper reads it ("3–5 business days"); may be empty.
    pub days: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("name")]
    Name,
    #[error("street")]
    Street,
    #[error("postcode")]
    Postcode,
    #[error("city")]
    City,
    #[error("country")]
    Country,
}

impl AddressError {
    pub fn message(self) -> &'static str {
        match self {
            AddressError::Name => t::address_invalid_name(),
            AddressError::Street => t::address_invalid_street(),
            AddressError::Postcode => t::address_invalid_postcode(),
            AddressError::City => t::address_invalid_city(),
            AddressError::Country => t::address_invalid_country(),
        }
    }
}

impl Address {
    /// Whether `postcode` is this address's as a shopper would type it: letter case,
    /// spaces and dashes aside (`sw1a 1aa` is `SW1A 1AA`, `10115` is ` 10115 `).
    pub fn has_postcode(&self, postcode: &str) -> bool {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .flat_map(char::to_uppercase)
                .collect()
        };
        let wanted = plain(postcode);
        !wanted.is_empty() && wanted == plain(&self.postcode)
    }

    /// As a form posts it (the second line may be left out); not checked yet.
    pub fn from_form(name: String, line1: String, line2: Option<String>, postcode: String, city: String, country: String) -> Address {
        Address {
            name,
            line1,
            line2: line2.unwrap_or_default(),
            postcode,
            city,
            country,
        }
    }

    /// Whether every field, trimmed, is within the length `parse` accepts: all a draft
    /// must be before it is kept (with its mistakes, so the form comes back filled in).
    pub fn within_bounds(&self) -> Result<(), AddressError> {
        let fits = |s: &str, max: usize| s.trim().chars().count() <= max;
        for (field, max, error) in [
            (&self.name, NAME_MAX, AddressError::Name),
            (&self.line1, STREET_MAX, AddressError::Street),
            (&self.line2, STREET_MAX, AddressError::Street),
            (&self.city, CITY_MAX, AddressError::City),
            (&self.postcode, POSTCODE_MAX, AddressError::Postcode),
            (&self.country, COUNTRY_MAX, AddressError::Country),
        ] {
            if !fits(field, max) {
                return Err(error);
            }
        }
        Ok(())
    }

    /// Trims every field and checks it; the postcode against the country's pattern.
    pub fn parse(raw: &Address) -> Result<Address, AddressError> {
        raw.within_bounds()?;
        let clean = |s: &str| -> Option<String> {
            let s = s.trim();
            (!s.chars().any(char::is_control)).then(|| s.to_string())
        };
        let name = clean(&raw.name).filter(|s| !s.is_empty()).ok_or(AddressError::Name)?;
        let line1 = clean(&raw.line1).filter(|s| !s.is_empty()).ok_or(AddressError::Street)?;
        let line2 = clean(&raw.line2).ok_or(AddressError::Street)?;
        let city = clean(&raw.city).filter(|s| !s.is_empty()).ok_or(AddressError::City)?;
        let country = raw.country.trim().to_uppercase();
        if !COUNTRIES.contains(&country.as_str()) {
            return Err(AddressError::Country);
        }
        let postcode = raw.postcode.trim().to_uppercase();
        if !postcode_fits(&country, &postcode) {
            return Err(AddressError::Postcode);
        }
        Ok(Address { name, line1, line2, postcode, city, country })
    }
}

fn postcode_fits(country: &str, code: &str) -> bool {
    // Every country's postcodes are ASCII, which also makes the byte slicing below safe
    // (`123é45` would otherwise cut a character in two).
    if !code.is_ascii() {
        return false;
    }
    let digits = |n: usize, s: &str| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match country {
        "US" => match code.split_once('-') {
            Some((a, b)) => digits(5, a) && digits(4, b),
            None => digits(5, code),
        },
        "DE" | "FR" => digits(5, code),
        "AT" | "CH" => digits(4, code),
        "NL" => code.len() >= 6 && digits(4, &code[..4]) && code[4..].trim().len() == 2 && code[4..].trim().bytes().all(|b| b.is_ascii_uppercase()),
        "CA" | "GB" => (5..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' '),
        _ => false,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentMethod {
    Invoice,
    Card,
}

impl PaymentMethod {
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        match s {
            "invoice" => Some(PaymentMethod::Invoice),
            "card" => Some(PaymentMethod::Card),
            _ => None,
        }
    }

    pub fn param(self) -> &'static str {
        match self {
            PaymentMethod::Invoice => "invoice",
            PaymentMethod::Card => "card",
        }
    }
}

/// A payment for `amount_minor`, accepted by our provider or checked and left to the
/// backend's own payment handler; only what may be shown is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    pub method: PaymentMethod,
    pub reference: String,
    pub amount_minor: i64,
    #[serde(default)]
    pub settlement: Settlement,
}

/// Who takes the money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    /// Our provider authorized it; the backend records it with the order.
    #[default]
    Authorized,
    /// The backend takes it when the order is placed ([`Capability::Payments`]).
    /// `test_decline`: the shopper used the test card that declines, so the backend's
    /// test handler is asked to decline, as the platform's own would.
    ///
    /// [`Capability::Payments`]: super::Capability::Payments
    ByBackend { test_decline: bool },
}

/// What the shopper entered so far; kept even when invalid, so a form without JavaScript
/// comes back filled in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutDraft {
    pub email: String,
    pub address: Address,
    pub shipping: String,
    pub payment: Option<Authorization>,
    /// Sent with "place order"; a second submit with the same key finds the first order.
    pub key: String,
}

/// Dates as the store's locale writes them: `11/25/2026` (en-US), `25.11.2026` (de-DE).
pub fn format_date(unix_seconds: i64, locale: &str) -> String {
    let (y, m, d) = civil_from_days(unix_seconds.div_euclid(86_400));
    match locale {
        "en-US" => format!("{m:02}/{d:02}/{y}"),
        l if l.starts_with("de") || l.starts_with("nl") => format!("{d:02}.{m:02}.{y}"),
        _ => format!("{d:02}/{m:02}/{y}"),
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(postcode: &str, country: &str) -> Address {
        Address {
            name: " Ada Lovelace ".into(),
            line1: "12 Analytical Row".into(),
            line2: String::new(),
            postcode: postcode.into(),
            city: "London".into(),
            country: country.into(),
        }
    }

    #[test]
    fn addresses_are_trimmed_and_postcodes_checked_per_country() {
        assert_eq!(Address::parse(&raw("10115", "de")).unwrap().name, "Ada Lovelace");
        assert!(Address::parse(&raw("94103-1234", "US")).is_ok());
        assert!(Address::parse(&raw("SW1A 1AA", "GB")).is_ok());
        assert!(Address::parse(&raw("1011 AB", "NL")).is_ok());
        assert_eq!(Address::parse(&raw("1011", "DE")), Err(AddressError::Postcode));
        assert_eq!(Address::parse(&raw("10115", "XX")), Err(AddressError::Country));
        let mut a = raw("10115", "DE");
        a.line1 = "  ".into();
        assert_eq!(Address::parse(&a), Err(AddressError::Street));
    }

    #[test]
    fn postcodes_outside_ascii_are_refused_not_sliced() {
        for code in ["123\u{e9}45", "\u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}", "1011 \u{e9}B", "\u{e9}"] {
            for country in COUNTRIES {
                assert_eq!(Address::parse(&raw(code, country)), Err(AddressError::Postcode), "{code} {country}");
            }
        }
    }

    proptest::proptest! {
        /// Any text in any field of any country parses or names a field; it never panics,
        /// and what parses is trimmed and within the lengths the database is given.
        #[test]
        fn any_address_parses_or_names_its_field(
            name in ".{0,120}", line1 in ".{0,220}", postcode in ".{0,12}", city in ".{0,120}",
            country in proptest::sample::select(vec!["US", "CA", "GB", "DE", "AT", "CH", "FR", "NL", "nl", "XX", ""]),
        ) {
            let raw = Address { name, line1, line2: String::new(), postcode, city, country: country.to_string() };
            if let Ok(a) = Address::parse(&raw) {
                proptest::prop_assert!(a.name.chars().count() <= 100 && a.line1.chars().count() <= 200);
                proptest::prop_assert_eq!(a.postcode.trim(), a.postcode.as_str());
            }
        }

        #[test]
        fn nl_postcodes_of_any_characters_never_panic(code in "[0-9]{3,4}.{0,4}") {
            let _ = Address::parse(&raw(&code, "NL"));
        }
    }

    #[test]
    fn dates_follow_the_locale() {
        // 2026-11-25T12:00:00Z
        assert_eq!(format_date(1_795_608_000, "en-US"), "11/25/2026");
        assert_eq!(format_date(1_795_608_000, "de-DE"), "25.11.2026");
        assert_eq!(format_date(0, "en-GB"), "01/01/1970");
        assert_eq!(format_date(951_782_400, "de-DE"), "29.02.2000");
    }
}
