//! Names shoppers read, from CLDR through ICU4X at build time, so neither the server nor
//! the browser bundle carries locale data: every country in the store's language, and a
//! language in itself (a store switcher offers "Deutsch", not "German").

use icu_experimental::displaynames::{DisplayNamesOptions, LanguageDisplayNames, RegionDisplayNames};
use icu_locale_core::{subtags::Region, Locale};
use icu_normalizer::DecomposingNormalizerBorrowed;

/// Two-letter codes CLDR names that are not places one ships to.
const NOT_COUNTRIES: &[&str] = &["EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"];

/// Every country CLDR names in `locale`, as `(ISO code, name)`, in the order a reader of
/// that language looks for them (accents do not move a name: "Österreich" sits with "O").
pub fn countries(locale: &str) -> Result<Vec<(String, String)>, String> {
    let locale: Locale = locale.parse().map_err(|e| format!("locale {locale}: {e}"))?;
    let names = RegionDisplayNames::try_new(locale.into(), DisplayNamesOptions::default())
        .map_err(|e| format!("country names: {e}"))?;
    let mut list: Vec<(String, String)> = (b'A'..=b'Z')
        .flat_map(|a| (b'A'..=b'Z').map(move |b| String::from_utf8(vec![a, b]).expect("ASCII")))
        .filter(|code| !NOT_COUNTRIES.contains(&code.as_str()))
        .filter_map(|code| {
            let region: Region = code.parse().ok()?;
            names.of(region).map(|name| (code, name.to_string()))
        })
        .collect();
    list.sort_by_cached_key(|(_, name)| sort_key(name));
    Ok(list)
}

/// The language of `locale` named in that language, with a capital as a menu shows it.
pub fn language_in_itself(locale: &str) -> Result<String, String> {
    let parsed: Locale = locale.parse().map_err(|e| format!("locale {locale}: {e}"))?;
    let language = parsed.id.language;
    let names = LanguageDisplayNames::try_new(parsed.into(), DisplayNamesOptions::default())
        .map_err(|e| format!("language names: {e}"))?;
    let name = names
        .of(language)
        .ok_or_else(|| format!("CLDR has no name for {locale}"))?;
    let mut chars = name.chars();
    Ok(chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default())
}

/// Letters without their accents, lower case.
fn sort_key(name: &str) -> String {
    DecomposingNormalizerBorrowed::new_nfd()
        .normalize(name)
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}
