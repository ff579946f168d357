use std::fmt;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency. Only codes we know the minor units of can be built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

/// (code, minor units, symbol)
const CURRENCIES: &[(&str, u32, &str)] = &[
    ("AUD", 2, "A$"),
    ("CAD", 2, "CA$"),
    ("CHF", 2, "CHF"),
    ("CNY", 2, "CN¥"),
    ("CZK", 2, "Kč"),
    ("DKK", 2, "kr."),
    ("EUR", 2, "€"),
    ("GBP", 2, "£"),
    ("HUF", 2, "Ft"),
    ("JPY", 0, "¥"),
    ("NOK", 2, "kr"),
    ("NZD", 2, "NZ$"),
    ("PLN", 2, "zł"),
    ("SEK", 2, "kr"),
    ("USD", 2, "$"),
    // ISO 4217 "no currency": marks a price the store withholds (see `Money::withheld`).
    ("XXX", 0, ""),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("unknown currency `{0}`")]
    UnknownCurrency(String),
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("amount out of range")]
    Overflow,
}

impl Currency {
    pub fn parse(code: &str) -> Result<Self, MoneyError> {
        CURRENCIES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(c, _, _)| {
                let b = c.as_bytes();
                Currency([b[0], b[1], b[2]])
            })
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_string()))
    }

    pub fn code(&self) -> &str {
        // Only built from ASCII table entries.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    fn entry(&self) -> (u32, &'static str) {
        CURRENCIES
            .iter()
            .find(|(c, _, _)| c.as_bytes() == self.0)
            .map(|(_, minor, sym)| (*minor, *sym))
            .unwrap_or((2, ""))
    }

    pub fn minor_units(&self) -> u32 {
        self.entry().0
    }

    pub fn symbol(&self) -> &'static str {
        self.entry().1
    }

    /// A decimal amount as written in files and commands, `19.99`, in minor units (1999
    /// cents): digits and one point only (no sign, no thousands separator), and no more
    /// decimals than the currency has unless they are zeros.
    pub fn amount(&self, text: &str) -> Option<Money> {
        let minor_units = self.minor_units();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let fraction = fraction.trim_end_matches('0');
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > minor_units as usize {
            return None;
        }
        let mut minor = whole.parse::<i64>().ok()?.checked_mul(10i64.pow(minor_units))?;
        if !fraction.is_empty() {
            let scale = 10i64.pow(minor_units - fraction.len() as u32);
            minor = minor.checked_add(fraction.parse::<i64>().ok()? * scale)?;
        }
        Some(Money::new(minor, *self))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

/// An amount in integer minor units (cents), never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// A price the server does not disclose (the `price-gate` capability), never a real amount.
    pub fn withheld() -> Self {
        Money::new(0, Currency(*b"XXX"))
    }

    pub fn is_withheld(&self) -> bool {
        self.currency.0 == *b"XXX"
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let minor = self.minor.checked_add(other.minor).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    pub fn checked_mul(self, quantity: i64) -> Result<Money, MoneyError> {
        let minor = self.minor.checked_mul(quantity).ok_or(MoneyError::Overflow)?;
        Ok(Money::new(minor, self.currency))
    }

    /// Formats for a locale: `$1,299.00` in en-US, `1.299,00 €` in de-DE.
    pub fn format(&self, locale: &str) -> String {
        let lang = locale.split('-').next().unwrap_or("en");
        let (group, decimal, symbol_after) = match lang {
            "de" | "es" | "it" | "nl" | "pt" | "da" => (".", ",", true),
            "fr" | "sv" | "nb" | "no" | "fi" | "pl" | "cs" => ("\u{202f}", ",", true),
            _ => (",", ".", false),
        };
        let units = self.currency.minor_units();
        let scale = 10i64.pow(units);
        let abs = self.minor.unsigned_abs();
        let whole = abs / scale as u64;
        let frac = abs % scale as u64;
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push_str(group);
            }
            grouped.push(ch);
        }
        let number = if units > 0 {
            format!("{grouped}{decimal}{frac:0width$}", width = units as usize)
        } else {
            grouped
        };
        let sign = if self.minor < 0 { "-" } else { "" };
        let symbol = self.currency.symbol();
        if symbol_after {
            format!("{sign}{number}\u{a0}{symbol}")
        } else {
            format!("{sign}{symbol}{number}")
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn amounts_as_written_in_minor_units() {
        let usd = Currency::parse("USD").unwrap();
        let minor = |t: &str| usd.amount(t).map(|m| m.minor);
        assert_eq!(minor("19.99"), Some(1999));
        assert_eq!(minor("19.9"), Some(1990));
        assert_eq!(minor("19"), Some(1900));
        assert_eq!(minor("19.990"), Some(1999));
        assert_eq!(minor("0.05"), Some(5));
        for bad in ["", "abc", "-1", "+1", "1,5", "1.999", ".5", "1e3", "1.2.3", "99999999999999999999"] {
            assert_eq!(minor(bad), None, "{bad}");
        }
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(jpy.amount("1500").map(|m| m.minor), Some(1500));
        assert_eq!(jpy.amount("1500.5"), None);
    }

    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::parse("USD").unwrap())
    }

    #[test]
    fn parses_known_currencies_only() {
        assert_eq!(Currency::parse("EUR").unwrap().code(), "EUR");
        assert!(Currency::parse("EURO").is_err());
        assert!(Currency::parse("usd").is_err());
    }

    #[test]
    fn formats_per_locale() {
        assert_eq!(usd(129_900).format("en-US"), "$1,299.00");
        assert_eq!(usd(5).format("en-US"), "$0.05");
        let eur = Money::new(129_900, Currency::parse("EUR").unwrap());
        assert_eq!(eur.format("de-DE"), "1.299,00\u{a0}€");
        let yen = Money::new(1_234_567, Currency::parse("JPY").unwrap());
        assert_eq!(yen.format("en-US"), "¥1,234,567");
        assert_eq!(usd(-100_000_000).format("en-US"), "-$1,000,000.00");
    }

    #[test]
    fn withheld_prices_are_marked_and_survive_serialisation() {
        let w = Money::withheld();
        assert!(w.is_withheld() && !usd(0).is_withheld());
        let back: Money = serde_json::from_str(&serde_json::to_string(&w).unwrap()).unwrap();
        assert!(back.is_withheld());
    }

    #[test]
    fn arithmetic_checks_currency_and_overflow() {
        assert_eq!(usd(150).checked_add(usd(250)).unwrap(), usd(400));
        assert_eq!(usd(1999).checked_mul(3).unwrap(), usd(5997));
        let eur = Money::new(1, Currency::parse("EUR").unwrap());
        assert!(matches!(usd(1).checked_add(eur), Err(MoneyError::CurrencyMismatch(..))));
        assert_eq!(usd(i64::MAX).checked_add(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MAX).checked_mul(2), Err(MoneyError::Overflow));
    }
}
