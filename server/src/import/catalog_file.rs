//! A catalog as a file brings it, whatever its format: products with their options,
//! variants and images, validated and ready to write. Amounts are in the minor units of
//! the import's currency.

use serde::{Deserialize, Serialize};

/// Why an option cannot have this name: a product page takes the chosen variant from
/// its URL (`?material=wool`) under the option's key (`db::product::option_key`), which
/// must be a parameter no page reads for anything else; `None` when it can.
pub fn option_name_problem(name: &str) -> Option<String> {
    let key = crate::db::product::option_key(name);
    (!app::model::FacetNames::is_url_key(&key)).then(|| {
        format!(
            "option \"{name}\" cannot choose a variant in a URL (as \"{key}\"): name it with up to 32 letters, \
             digits or dashes, other than q, page, sort, view or price"
        )
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogFile {
    pub products: Vec<ImportProduct>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportProduct {
    /// The product's stable key across imports, and its URL slug.
    pub handle: String,
    pub title: String,
    /// As the file has it; made safe before it is shown.
    pub body_html: String,
    pub brand: String,
    pub category: String,
    pub tags: Vec<String>,
    /// Draft, archived and unpublished products are kept but not sold.
    pub sold: bool,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    /// The variant axes' names, in order (colour, size, …); each variant has a value for each.
    pub options: Vec<String>,
    pub variants: Vec<ImportVariant>,
    pub images: Vec<ImageRef>,
    /// Facts shown in the product's details (material, warranty, …), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, String)>,
    /// On the home page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
    /// The drawing recipe of a generated product's pictures (the demo catalog's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub art: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportVariant {
    pub sku: String,
    /// One value per product option, in the same order.
    pub options: Vec<String>,
    pub price: i64,
    /// The price before a sale, shown struck through; only when above `price`.
    pub compare_at: Option<i64>,
    pub stock: i64,
    /// Orderable when out of stock (Shopify's inventory policy `continue`).
    pub backorder: bool,
    /// The image shown for this variant: a reference among the product's images.
    pub image: Option<String>,
    /// Where the file has it, for the report.
    #[serde(skip)]
    pub line: u64,
}

/// A picture as the file refers to it: a path (relative to the file) or a URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    /// Where the file names it, for the report.
    #[serde(skip)]
    pub line: u64,
}
