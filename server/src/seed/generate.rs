//! The deterministic catalog: the same seed and size always give the same products.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::kinds::{CatalogSpec, Kind};

pub struct GenProduct {
    pub catalog: &'static str,
    pub category: &'static str,
    pub slug: String,
    pub name: String,
    pub brand: &'static str,
    pub description: String,
    pub art: String,
    pub featured: bool,
    pub popularity: i64,
    pub created_at: i64,
    pub attributes: Vec<(&'static str, &'static str)>,
    pub variants: Vec<GenVariant>,
}

pub struct GenVariant {
    pub sku: String,
    pub color: Option<&'static str>,
    pub size: Option<&'static str>,
    pub capacity: Option<&'static str>,
    pub stock: i64,
    /// (currency, minor units)
    pub prices: [(&'static str, i64); 3],
}

/// `count` products of `spec`, spread over its leaf categories in turn.
pub fn products(spec: &CatalogSpec, count: usize, seed: u64) -> Vec<GenProduct> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ fxhash(spec.id));
    let leaves: Vec<(&'static str, &'static Kind)> = spec
        .tree
        .iter()
        .flat_map(|(_, _, children)| children.iter().map(|(slug, _, kind)| (*slug, *kind)))
        .collect();
    (0..count)
        .map(|i| {
            let (category, kind) = leaves[i % leaves.len()];
            product(spec, category, kind, i, &mut rng)
        })
        .collect()
}

fn product(spec: &CatalogSpec, category: &'static str, kind: &Kind, i: usize, rng: &mut ChaCha8Rng) -> GenProduct {
    let brand = *spec.brands.choose(rng).expect("brands");
    let adjective = *spec.adjectives.choose(rng).expect("adjectives");
    let noun = *kind.nouns.choose(rng).expect("nouns");
    let name = if spec.id == "electronics" {
        format!("{brand} {noun} {adjective}")
    } else {
        format!("{adjective} {noun}")
    };
    let slug = format!("{}-{}", slugify(&name), i + 1);
    let attributes: Vec<(&str, &str)> = kind
        .attributes
        .iter()
        .map(|(k, values)| (*k, *values.choose(rng).expect("values")))
        .collect();

    let color_count = rng.gen_range(1..=spec.colors.len().min(4));
    let colors: Vec<&'static str> = spec.colors.choose_multiple(rng, color_count).map(|(c, _)| *c).collect();
    let base = round_price(rng.gen_range(kind.price.0..=kind.price.1));
    let mut variants = Vec::new();
    let second: Vec<Option<&'static str>> = if kind.sizes.is_empty() {
        vec![None]
    } else {
        kind.sizes.iter().map(|s| Some(*s)).collect()
    };
    let capacities: Vec<Option<&'static str>> = if kind.capacities.is_empty() {
        vec![None]
    } else {
        kind.capacities.iter().map(|s| Some(*s)).collect()
    };
    for color in &colors {
        for size in &second {
            for (step, capacity) in capacities.iter().enumerate() {
                let usd = base + step as i64 * round_price(base / 5);
                let stock = if rng.gen_bool(0.12) { 0 } else { rng.gen_range(1..=40) };
                let sku = format!(
                    "{}-{:05}-{}{}{}",
                    &spec.id[..3].to_uppercase(),
                    i + 1,
                    &color[..3].to_uppercase(),
                    size.map(|s| format!("-{s}")).unwrap_or_default(),
                    capacity.map(|c| format!("-{}", c.replace(' ', ""))).unwrap_or_default(),
                );
                variants.push(GenVariant {
                    sku,
                    color: Some(color),
                    size: *size,
                    capacity: *capacity,
                    stock,
                    prices: [
                        ("USD", usd),
                        ("EUR", round_price(usd * 93 / 100)),
                        ("GBP", round_price(usd * 80 / 100)),
                    ],
                });
            }
        }
    }
    let material = attributes.first().map(|(_, v)| v.to_lowercase()).unwrap_or_default();
    let description = format!(
        "The {name} by {brand} is made for daily use and built to last. {} Available in {}.",
        if material.is_empty() {
            String::from("Designed in small batches.")
        } else {
            format!("{}: {material}.", attributes[0].0)
        },
        colors.join(", ").to_lowercase(),
    );
    GenProduct {
        catalog: spec.id,
        category,
        slug,
        name,
        brand,
        description,
        art: format!("{}-{}", kind.shape, rng.gen_range(1..10_000)),
        featured: i.is_multiple_of(12),
        popularity: rng.gen_range(0..1000),
        // Spread over 2025 so "newest" has something to sort.
        created_at: 1_735_689_600 + rng.gen_range(0..365 * 86_400),
        attributes,
        variants,
    }
}

/// Shop prices end in .99.
fn round_price(cents: i64) -> i64 {
    (cents / 100).max(1) * 100 - 1
}

fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// A stable hash of the catalog id, so each catalog gets its own random stream.
fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::super::kinds::{APPAREL, ELECTRONICS};
    use super::*;

    #[test]
    fn same_seed_same_catalog() {
        let a = products(&APPAREL, 30, 7);
        let b = products(&APPAREL, 30, 7);
        let c = products(&APPAREL, 30, 8);
        let names = |v: &[GenProduct]| v.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&c));
    }

    #[test]
    fn slugs_and_skus_are_unique() {
        let all = products(&ELECTRONICS, 200, 1);
        let mut slugs: Vec<_> = all.iter().map(|p| p.slug.clone()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 200);
        let mut skus: Vec<_> = all
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.sku.clone()))
            .collect();
        let n = skus.len();
        skus.sort();
        skus.dedup();
        assert_eq!(skus.len(), n);
    }

    #[test]
    fn every_variant_is_priced_in_every_currency() {
        for p in products(&APPAREL, 40, 3) {
            assert!(!p.variants.is_empty());
            for v in &p.variants {
                assert!(v.prices.iter().all(|(_, amount)| *amount > 0));
            }
        }
    }

    #[test]
    fn slugify_collapses_punctuation() {
        assert_eq!(slugify("Loom & Co  T-Shirt"), "loom-co-t-shirt");
    }
}
