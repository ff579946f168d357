//! Predictive search: what the header's search box offers as the shopper types, and the
//! one rule every backend matches a typed word by.

use serde::{Deserialize, Serialize};

use super::{CategoryRef, ProductSummary};

/// Suggestions start at this many characters: one letter matches half the catalog.
pub const MIN_CHARS: usize = 2;
/// The longest text suggestions are looked up for; the rest is ignored.
pub const MAX_CHARS: usize = 64;
pub const MAX_PRODUCTS: usize = 5;
pub const MAX_CATEGORIES: usize = 3;
pub const MAX_BRANDS: usize = 3;
/// Words this long or longer may be typed with one mistake ("jakcet"); shorter ones
/// would match too much that way.
#[cfg(feature = "ssr")]
const TYPO_FROM_CHARS: usize = 4;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub products: Vec<ProductSummary>,
    pub categories: Vec<CategoryRef>,
    pub brands: Vec<BrandRef>,
}

/// A brand as the listing's `brand` facet filters by it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandRef {
    /// The facet value (`/search?brand=<value>`).
    pub value: String,
    pub label: String,
}

/// How a typed word matched a word of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum WordMatch {
    /// The word starts with it ("jack" in "jackets").
    Prefix,
    /// One letter off, left out, added or two swapped, in the word or its start.
    Typo,
}

impl Suggestions {
    pub fn len(&self) -> usize {
        self.products.len() + self.categories.len() + self.brands.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The words suggestions are looked up by: lower case, letters and digits, from at most
/// [`MAX_CHARS`] characters; none when there are fewer than [`MIN_CHARS`] of them.
pub fn terms(text: &str) -> Vec<String> {
    let text: String = text.chars().take(MAX_CHARS).collect();
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    if terms.iter().map(|t| t.chars().count()).sum::<usize>() < MIN_CHARS {
        return Vec::new();
    }
    terms
}

/// The words of a name as terms are matched against them.
pub fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Whether `word` (lower case) is what a shopper typing `term` is after.
#[cfg(feature = "ssr")]
pub fn word_match(term: &str, word: &str) -> Option<WordMatch> {
    if word.starts_with(term) {
        return Some(WordMatch::Prefix);
    }
    let typed = term.chars().count();
    if typed < TYPO_FROM_CHARS {
        return None;
    }
    // The word's start as long as the term (give or take the one letter), or all of it.
    let start = |len: usize| word.char_indices().nth(len).map_or(word, |(end, _)| &word[..end]);
    let close = |len: usize| strsim::osa_distance(term, start(len)) <= 1;
    (close(typed) || close(typed + 1) || close(typed - 1)).then_some(WordMatch::Typo)
}

/// How a name matches every term, the worst of its words' matches; `None` when a term
/// matches no word of it.
#[cfg(feature = "ssr")]
pub fn name_match(name: &str, terms: &[String]) -> Option<WordMatch> {
    let words: Vec<String> = words(name).collect();
    terms.iter().try_fold(WordMatch::Prefix, |worst, term| {
        let best = words.iter().filter_map(|w| word_match(term, w)).min()?;
        Some(worst.max(best))
    })
}

/// `text` cut into runs, each marked when it is the start of a word a term begins: what
/// a suggestion shows in bold.
pub fn highlight(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, marked: bool| match runs.last_mut() {
        Some((last, m)) if *m == marked => last.push_str(s),
        _ if !s.is_empty() => runs.push((s.to_string(), marked)),
        _ => {}
    };
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(char::is_alphanumeric).unwrap_or(rest.len());
        push(&rest[..start], false);
        rest = &rest[start..];
        let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        let word = &rest[..end];
        let lower = word.to_lowercase();
        let marked = terms
            .iter()
            .filter(|t| lower.starts_with(t.as_str()))
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(0);
        // The same number of characters of the original word (its case kept).
        let split = word.char_indices().nth(marked).map_or(word.len(), |(i, _)| i);
        push(&word[..split], true);
        push(&word[split..], false);
        rest = &rest[end..];
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_need_two_characters() {
        assert!(terms("j").is_empty());
        assert!(terms(" !? ").is_empty());
        assert_eq!(terms("Linen  SH"), ["linen", "sh"]);
        assert_eq!(terms(&"a".repeat(500))[0].len(), MAX_CHARS);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_word_matches_by_its_start_or_with_one_mistake() {
        assert_eq!(word_match("jack", "jackets"), Some(WordMatch::Prefix));
        assert_eq!(word_match("jakcet", "jackets"), Some(WordMatch::Typo), "two letters swapped");
        assert_eq!(word_match("jaket", "jackets"), Some(WordMatch::Typo), "one left out");
        assert_eq!(word_match("jacketts", "jackets"), Some(WordMatch::Typo), "one added");
        assert_eq!(word_match("jxcket", "jackets"), Some(WordMatch::Typo), "one wrong");
        assert_eq!(word_match("jkacte", "jackets"), None, "two mistakes");
        assert_eq!(word_match("jak", "jackets"), None, "too short to forgive");
        assert_eq!(word_match("shirt", "skirts"), Some(WordMatch::Typo));
        assert_eq!(word_match("coat", "boots"), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_name_matches_when_every_term_does() {
        let terms = |t: &str| terms(t);
        assert_eq!(name_match("Linen Shirt", &terms("lin sh")), Some(WordMatch::Prefix));
        assert_eq!(name_match("Linen Shirt", &terms("linen shrit")), Some(WordMatch::Typo));
        assert_eq!(name_match("Linen Shirt", &terms("linen boot")), None);
    }

    #[test]
    fn highlight_marks_the_typed_start_of_words_keeping_case() {
        let runs = highlight("Linen Shirt, linen", &["lin".into()]);
        assert_eq!(
            runs,
            [
                ("Lin".to_string(), true),
                ("en Shirt, ".to_string(), false),
                ("lin".to_string(), true),
                ("en".to_string(), false)
            ]
        );
        let all: String = highlight("Straße Ärmel", &["ä".into()]).into_iter().map(|(s, _)| s).collect();
        assert_eq!(all, "Straße Ärmel");
        assert_eq!(highlight("Ärmel", &["ärm".into()])[0], ("Ärm".to_string(), true));
    }
}
