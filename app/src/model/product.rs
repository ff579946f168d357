use serde::{Deserialize, Serialize};

use super::{Availability, CategoryRef, CustomFields, Facet, Money, Pagination, Stock};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
    /// Intrinsic size in pixels, where the source tells: reserves the image's space.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Other widths of the same picture (`url 320w, …`), for the browser to choose from.
    #[serde(default)]
    pub srcset: Option<String>,
}

impl Image {
    pub fn new(url: impl Into<String>, alt: impl Into<String>) -> Self {
        Image { url: url.into(), alt: alt.into(), width: None, height: None, srcset: None }
    }

    pub fn sized(self, width: u32, height: u32) -> Self {
        Image { width: Some(width), height: Some(height), ..self }
    }
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
    pub availability: Availability,
    pub colors: Vec<String>,
}

/// One buyable combination of options, with its own SKU, price and stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub sku: String,
    /// (axis, value), in the order of [`Product::options`].
    pub options: Vec<(String, String)>,
    pub price: Money,
    /// The price before a sale, shown struck through; only above `price`.
    #[serde(default)]
    pub compare_at: Option<Money>,
    pub stock: Stock,
    /// This variant's own pictures (one colour's); empty to use the product's.
    pub images: Vec<Image>,
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
    /// What the shopper reads, in the store's language.
    pub label: String,
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
    /// The product's pictures, for variants without their own.
    pub images: Vec<Image>,
    pub related: Vec<ProductSummary>,
    /// What the backend holds beyond the model, read through typed [`super::CustomField`]s.
    pub custom: CustomFields,
    #[serde(default)]
    pub details: ProductDetails,
}

/// What a product page shows where the catalog has it: a formatted description and the
/// texts written for search engines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDetails {
    /// Sanitized HTML (only safe tags and attributes), shown instead of `description`.
    pub description_html: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
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
            .find(|v| v.stock.is_available())
            .or_else(|| self.variants.iter().find(fits))
            .or_else(|| self.variants.iter().find(|v| v.stock.is_available()))
            .or_else(|| self.variants.first())
    }

    /// The pictures to show with a variant: its own, else the product's.
    pub fn gallery<'a>(&'a self, variant: &'a Variant) -> &'a [Image] {
        if variant.images.is_empty() {
            &self.images
        } else {
            &variant.images
        }
    }
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
            compare_at: None,
            stock: Stock::counted(stock),
            images: vec![],
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
            images: vec![],
            related: vec![],
            custom: CustomFields::default(),
            details: Default::default(),
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

}
