//! The store's texts: [`t`] has one function per message of its layered
//! `locales/<locale>.ftl`, compiled from Fluent to Rust at build time, so a message that
//! no locale defines does not compile and the browser bundle parses no Fluent. Plain
//! texts are string constants; the rest build their text from their arguments.

use std::fmt;
use std::sync::OnceLock;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

#[allow(clippy::all, unused_mut)]
pub mod t {
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}

/// A value for a message's variable: a number (which chooses plural forms) or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Number(f64),
    Text(String),
}

macro_rules! number_args {
    ($($ty:ty)*) => {$(
        impl From<$ty> for Arg {
            fn from(n: $ty) -> Self {
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_args!(i8 i16 i32 i64 isize u8 u16 u32 u64 usize f32 f64);

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl fmt::Display for Arg {
    /// Numbers as Fluent shows them without `NUMBER()`: whole numbers without decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => write!(f, "{}", *n as i64),
            Arg::Number(n) => write!(f, "{n}"),
            Arg::Text(s) => f.write_str(s),
        }
    }
}

impl Arg {
    /// A select variant's name: the plural category of a number in the store's
    /// language (`one`, `few`, `other`, …), or the text itself.
    pub fn is(&self, key: &str) -> bool {
        match self {
            Arg::Number(n) => plural_category(*n) == key,
            Arg::Text(s) => s == key,
        }
    }

    /// A select variant written as a number (`[0]`) matches that number exactly.
    pub fn is_number(&self, literal: &str) -> bool {
        matches!(self, Arg::Number(n) if literal.parse::<f64>().is_ok_and(|l| l == *n))
    }
}

fn plural_category(n: f64) -> &'static str {
    static RULES: OnceLock<Option<PluralRules>> = OnceLock::new();
    // CLDR keys rules by language (`de`), a few by language and region (`pt-PT`).
    let rules = RULES.get_or_init(|| {
        let language = t::LOCALE.split('-').next().unwrap_or(t::LOCALE);
        [t::LOCALE, language].into_iter().find_map(|tag| {
            let lang: unic_langid::LanguageIdentifier = tag.parse().ok()?;
            PluralRules::create(lang, PluralRuleType::CARDINAL).ok()
        })
    });
    let category = match rules {
        Some(rules) if n.fract() == 0.0 => rules.select(n as i64),
        Some(rules) => rules.select(n.to_string().as_str()),
        None => Ok(PluralCategory::OTHER),
    };
    match category.unwrap_or(PluralCategory::OTHER) {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::{t, Arg};

    #[test]
    fn plurals_and_variables_format_in_the_store_locale() {
        let one = t::result_count(1);
        let many = t::result_count(24);
        assert!(one.starts_with("1 ") && many.starts_with("24 "), "{one} / {many}");
        assert_ne!(one.trim_start_matches("1 "), many.trim_start_matches("24 "));
        assert!(t::footer_prices("EUR").contains("EUR"));
        assert!(!t::nav_cart().is_empty());
    }

    #[test]
    fn numbers_choose_plural_forms_and_print_like_fluent() {
        assert!(Arg::from(1u32).is("one") && !Arg::from(2u32).is("one"));
        assert!(Arg::from(2.5).is("other"));
        assert!(Arg::from(0).is_number("0") && !Arg::from(1).is_number("0"));
        assert!(Arg::from("b2b").is("b2b"));
        assert_eq!(Arg::from(24u64).to_string(), "24");
        assert_eq!(Arg::from(2.5).to_string(), "2.5");
    }
}
