//! Countries as shoppers read them: named in the store's language (CLDR, looked up at
//! build time by `build/names.rs`), the store's own first, and an address laid out the way
//! its country's post expects it.

use super::{Address, COUNTRIES};
use crate::store::STORE;

include!(concat!(env!("OUT_DIR"), "/country_names.rs"));

/// `code`'s name in the store's language; the code itself for one CLDR does not know.
pub fn country_name(code: &str) -> &str {
    COUNTRY_NAMES.iter().find(|(c, _)| *c == code).map_or(code, |(_, name)| name)
}

/// The store's own country (its locale's region) when it ships there, else the first.
pub fn home_country() -> &'static str {
    match STORE.locale.split_once('-') {
        Some((_, region)) if COUNTRIES.contains(&region) => COUNTRIES.iter().find(|c| **c == region).expect("contains"),
        _ => COUNTRIES[0],
    }
}

/// The countries the store ships to as `(code, name)`: its own first, then in the order
/// of their names in its language.
pub fn shipping_countries() -> impl Iterator<Item = (&'static str, &'static str)> {
    let home = home_country();
    let named = |code: &'static str| COUNTRY_NAMES.iter().find(|(c, _)| *c == code).copied().unwrap_or((code, code));
    std::iter::once(named(home)).chain(
        COUNTRY_NAMES
            .iter()
            .copied()
            .filter(move |(code, _)| *code != home && COUNTRIES.contains(code)),
    )
}

/// Where a country writes the postcode: before the town (most of Europe), after it
/// (North America), or on a line of its own below it (the United Kingdom).
enum Postcode {
    First,
    After,
    Below,
}

fn postcode_place(country: &str) -> Postcode {
    match country {
        "US" | "CA" | "AU" => Postcode::After,
        "GB" | "IE" => Postcode::Below,
        _ => Postcode::First,
    }
}

impl Address {
    /// The address as it goes on an envelope, one entry per line, empty lines left out;
    /// the country's name (in the store's language) last, unless it is the store's own.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.name.clone(), self.line1.clone(), self.line2.clone()];
        let joined = |a: &str, b: &str| [a, b].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
        match postcode_place(&self.country) {
            Postcode::First => lines.push(joined(&self.postcode, &self.city)),
            Postcode::After => lines.push(joined(&self.city, &self.postcode)),
            Postcode::Below => lines.extend([self.city.clone(), self.postcode.clone()]),
        }
        if self.country != home_country() {
            lines.push(country_name(&self.country).to_string());
        }
        lines.retain(|line| !line.trim().is_empty());
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(line2: &str, postcode: &str, city: &str, country: &str) -> Address {
        Address {
            name: "Ada Lovelace".into(),
            line1: "Main Street 1".into(),
            line2: line2.into(),
            postcode: postcode.into(),
            city: city.into(),
            country: country.into(),
        }
    }

    #[test]
    fn every_shipping_country_has_a_name_and_the_home_country_comes_first() {
        let listed: Vec<_> = shipping_countries().collect();
        assert_eq!(listed.len(), COUNTRIES.len());
        assert_eq!(listed[0].0, home_country());
        for (code, name) in &listed {
            assert_ne!(code, name, "{code} has a name in {}", STORE.locale);
        }
        let rank = |code: &str| COUNTRY_NAMES.iter().position(|(c, _)| *c == code);
        let rest: Vec<_> = listed[1..].iter().map(|(code, _)| rank(code)).collect();
        assert!(rest.windows(2).all(|w| w[0] < w[1]), "the others in the order of their names: {listed:?}");
    }

    #[test]
    fn an_empty_second_line_leaves_no_gap() {
        let lines = address("", "10115", "Berlin", "DE").lines();
        assert_eq!(&lines[..3], ["Ada Lovelace", "Main Street 1", "10115 Berlin"]);
        assert!(lines.iter().all(|l| l.trim() == l && !l.contains("  ")));
    }

    #[test]
    fn the_town_line_follows_the_country() {
        assert!(address("", "94103", "San Francisco", "US").lines().contains(&"San Francisco 94103".to_string()));
        let gb = address("Flat 2", "SW1A 1AA", "London", "GB").lines();
        let at = gb.iter().position(|l| l == "London").expect("town");
        assert_eq!(gb[at + 1], "SW1A 1AA");
        assert_eq!(gb[2], "Flat 2");
    }

    #[test]
    fn the_country_is_named_unless_it_is_the_stores_own() {
        let home = address("", "10115", "Berlin", home_country()).lines();
        assert!(!home.contains(&country_name(home_country()).to_string()));
        let abroad = if home_country() == "FR" { "DE" } else { "FR" };
        let lines = address("", "75001", "Paris", abroad).lines();
        assert_eq!(lines.last().map(String::as_str), Some(country_name(abroad)));
    }
}
