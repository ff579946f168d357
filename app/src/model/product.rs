use serde::{Deserialize, Serialize};

use super::{CategoryRef, Facet, Money, Pagination};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
}

/// What a listing shows of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    pub slug: String,
    pub name: String,
    pub brand: String,
    /// The lowest variant price; `price_to` is set when variants differ.
    pub price_from: Money,
    pub price_to: Option<Money>,
    pub image: Image,
    pub in_stock: bool,
    pub colors: Vec<String>,
}

/// One buyable combination of options, with its own SKU, price and stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub sku: String,
    /// (axis, value), in the order of [`Product::options`].
    pub options: Vec<(String, String)>,
    pub price: Money,
    pub stock: i64,
}

impl Variant {
    pub fn option(&self, axis: &str) -> Option<&str> {
        self.options.iter().find(|(a, _)| a == axis).map(|(_, v)| v.as_str())
    }
}

/// An option a shopper chooses, such as colour or size, with its values in display order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionAxis {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub slug: String,
    pub name: String,
    pub brand: String,
    pub description: String,
    pub category: CategoryRef,
    /// Root first, ending with `category`.
    pub breadcrumbs: Vec<CategoryRef>,
    pub attributes: Vec<(String, String)>,
    pub options: Vec<OptionAxis>,
    pub variants: Vec<Variant>,
    /// Art kind and seed, from which each colour's gallery images are drawn.
    pub art: String,
    pub related: Vec<ProductSummary>,
}

impl Product {
    /// The variant the URL asks for: every given option must match. Unset or unknown
    /// options fall back to the first in-stock variant that fits the rest.
    pub fn select_variant(&self, wanted: &[(String, String)]) -> Option<&Variant> {
        let fits = |v: &&Variant| {
            wanted
                .iter()
                .all(|(axis, value)| v.option(axis).is_none_or(|o| o == value))
        };
        self.variants
            .iter()
            .filter(fits)
            .find(|v| v.stock > 0)
            .or_else(|| self.variants.iter().find(fits))
            .or_else(|| self.variants.iter().find(|v| v.stock > 0))
            .or_else(|| self.variants.first())
    }

    /// Gallery for a colour: the URLs the media route draws.
    pub fn gallery(&self, color: Option<&str>) -> Vec<Image> {
        (0..3)
            .map(|view| Image {
                url: image_url(&self.art, color.unwrap_or("default"), view),
                alt: format!(
                    "{} in {}, view {}",
                    self.name,
                    color.unwrap_or("its default colour"),
                    view + 1
                ),
            })
            .collect()
    }
}

/// `/media/{art}/{colour}/{view}.svg`, the URL scheme the server's media route draws.
pub fn image_url(art: &str, color: &str, view: u8) -> String {
    format!("/media/{art}/{}/{view}.svg", url_segment(color))
}

/// Lowercase ASCII letters and digits, everything else a dash: safe in paths and ids.
pub fn url_segment(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

/// One page of results with the facets that narrow them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductListing {
    pub products: Vec<ProductSummary>,
    pub facets: Vec<Facet>,
    pub pagination: Pagination,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Currency;

    fn variant(color: &str, size: &str, stock: i64) -> Variant {
        Variant {
            sku: format!("{color}-{size}"),
            options: vec![("color".into(), color.into()), ("size".into(), size.into())],
            price: Money::new(1000, Currency::parse("USD").unwrap()),
            stock,
        }
    }

    fn product() -> Product {
        Product {
            slug: "p".into(),
            name: "P".into(),
            brand: "B".into(),
            description: String::new(),
            category: CategoryRef {
                slug: "c".into(),
                name: "C".into(),
            },
            breadcrumbs: vec![],
            attributes: vec![],
            options: vec![],
            variants: vec![variant("Red", "S", 0), variant("Red", "M", 3), variant("Blue", "S", 1)],
            art: "tshirt-1".into(),
            related: vec![],
        }
    }

    fn want(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn selects_exact_variant_even_out_of_stock() {
        let p = product();
        assert_eq!(
            p.select_variant(&want(&[("color", "Red"), ("size", "S")])).unwrap().sku,
            "Red-S"
        );
    }

    #[test]
    fn partial_choice_prefers_in_stock() {
        let p = product();
        assert_eq!(p.select_variant(&want(&[("color", "Red")])).unwrap().sku, "Red-M");
        assert_eq!(p.select_variant(&[]).unwrap().sku, "Red-M");
    }

    #[test]
    fn unknown_values_fall_back() {
        let p = product();
        assert_eq!(p.select_variant(&want(&[("color", "Green")])).unwrap().sku, "Red-M");
    }

    #[test]
    fn image_urls_are_path_safe() {
        assert_eq!(image_url("tshirt-1", "Sky Blue", 2), "/media/tshirt-1/sky-blue/2.svg");
    }
}
