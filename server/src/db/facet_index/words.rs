//! The words of every product's name and brand, each with the products it is in: what
//! predictive search matches typed words against without touching the database.

use std::collections::HashMap;

use app::model::suggest::{self, word_match, WordMatch};

/// Distinct words, sorted (a typed word's prefix matches are one range), each with the
/// positions (in the index's product order) of the products that have it.
#[derive(Debug, Default)]
pub struct Words {
    words: Vec<String>,
    products: Vec<Vec<u32>>,
}

/// Collects words product by product, in the index's order.
#[derive(Default)]
pub struct WordsBuilder {
    by_word: HashMap<String, Vec<u32>>,
}

impl WordsBuilder {
    pub fn add(&mut self, position: usize, texts: &[&str]) {
        let position = u32::try_from(position).unwrap_or(u32::MAX);
        for word in texts.iter().flat_map(|t| suggest::words(t)) {
            let list = self.by_word.entry(word).or_default();
            if list.last() != Some(&position) {
                list.push(position);
            }
        }
    }

    pub fn build(self) -> Words {
        let mut pairs: Vec<(String, Vec<u32>)> = self.by_word.into_iter().collect();
        pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (words, products) = pairs
            .into_iter()
            .map(|(w, mut p)| {
                p.shrink_to_fit();
                (w, p)
            })
            .unzip();
        Words { words, products }
    }
}

impl Words {
    /// Marks, for `count` products, which have a word matching every term: `found[p]`
    /// is the match (the worst over the terms), `None` where some term matches nothing.
    /// A term is looked up by its words' starts; only where none starts with it is it
    /// taken as mistyped, so a typo never crowds out what the shopper did type.
    pub fn matches(&self, terms: &[String], count: usize) -> Vec<Option<WordMatch>> {
        // How many terms each product has matched so far, and whether any by a typo.
        let mut matched = vec![0u16; count];
        let mut typo = vec![false; count];
        for (i, term) in terms.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX - 1);
            let start = self.words.partition_point(|w| w.as_str() < term.as_str());
            let end = start
                + self.words[start..]
                    .iter()
                    .take_while(|w| w.starts_with(term.as_str()))
                    .count();
            let words: Vec<(usize, WordMatch)> = if start < end {
                (start..end).map(|w| (w, WordMatch::Prefix)).collect()
            } else {
                self.words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| word_match(term, w).is_some())
                    .map(|(w, _)| (w, WordMatch::Typo))
                    .collect()
            };
            for (w, how) in words {
                for &p in &self.products[w] {
                    let p = p as usize;
                    if p < count && matched[p] == i {
                        matched[p] = i + 1;
                        typo[p] |= how == WordMatch::Typo;
                    }
                }
            }
        }
        let all = u16::try_from(terms.len()).unwrap_or(u16::MAX);
        matched
            .into_iter()
            .zip(typo)
            .map(|(m, typo)| (m == all && all > 0).then_some(if typo { WordMatch::Typo } else { WordMatch::Prefix }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(names: &[&str]) -> Words {
        let mut b = WordsBuilder::default();
        for (i, n) in names.iter().enumerate() {
            b.add(i, &[n]);
        }
        b.build()
    }

    fn terms(t: &str) -> Vec<String> {
        suggest::terms(t)
    }

    #[test]
    fn every_term_must_match_a_word_of_the_product() {
        let w = words(&["Linen Shirt", "Linen Trousers", "Wool Shirt"]);
        let found = w.matches(&terms("lin sh"), 3);
        assert_eq!(found, [Some(WordMatch::Prefix), None, None]);
        assert_eq!(
            w.matches(&terms("shirt"), 3),
            [Some(WordMatch::Prefix), None, Some(WordMatch::Prefix)]
        );
    }

    #[test]
    fn a_mistyped_word_is_found_when_nothing_starts_with_it() {
        let w = words(&["Rain Jacket", "Denim Jackets", "Jacquard Scarf"]);
        assert_eq!(
            w.matches(&terms("jakcet"), 3),
            [Some(WordMatch::Typo), Some(WordMatch::Typo), None]
        );
        // "jac" starts three words: no typo matching then.
        assert_eq!(w.matches(&terms("jacq"), 3), [None, None, Some(WordMatch::Prefix)]);
        assert_eq!(w.matches(&terms("zzzz"), 3), [None, None, None]);
    }
}
