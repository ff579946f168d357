use serde::{Deserialize, Serialize};

/// A link to a category: enough for navigation and breadcrumbs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub slug: String,
    pub name: String,
}

/// A node of the category tree (two levels in the demo, any depth in the schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub slug: String,
    pub name: String,
    /// Root first, ending with the parent; empty for a top-level category.
    pub ancestors: Vec<CategoryRef>,
    pub children: Vec<CategoryRef>,
    pub product_count: u64,
}

/// The facet names a backend filters by, each its own URL parameter (`?brand=…`). Only
/// these are read from a listing's URL: any other parameter (a tracking tag, a cache
/// buster) changes nothing on the page. Price ranges are the `price` parameter apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetNames(std::sync::Arc<[String]>);

impl FacetNames {
    /// Names that are URL-safe (lowercase ASCII letters, digits, dashes; up to 32) and
    /// not one of the listing's own parameters; others are left out.
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        let mut kept: Vec<String> = names.into_iter().filter(|n| Self::is_url_key(n)).collect();
        kept.sort();
        kept.dedup();
        FacetNames(kept.into())
    }

    /// Whether `name` can be a facet's or a product option's URL parameter: the rule the
    /// page cache keys product pages by, the product page reads options by, and an import
    /// checks option names against.
    pub fn is_url_key(name: &str) -> bool {
        const RESERVED: [&str; 5] = ["q", "page", "sort", "view", Facet::PRICE];
        (1..=32).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !RESERVED.contains(&name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.binary_search_by(|n| n.as_str().cmp(name)).is_ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// What goes in the URL.
    pub value: String,
    pub label: String,
    /// Products matching every other selected facet plus this value.
    pub count: u64,
    pub selected: bool,
}

/// A dimension a listing can be narrowed by, as the backend names and labels it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    /// The URL parameter: one of the backend's [`FacetNames`], or [`Facet::PRICE`].
    pub name: String,
    /// What the shopper reads, in the store's language.
    pub label: String,
    pub values: Vec<FacetValue>,
}

impl Facet {
    /// Price ranges: one at a time, values are [`PriceBucket`] parameters.
    pub const PRICE: &'static str = "price";
    /// The brand, where a backend has one: predictive search offers its values.
    pub const BRAND: &'static str = "brand";

    pub fn is_price(&self) -> bool {
        self.name == Self::PRICE
    }
}

/// Price ranges offered as a facet, in major units of the store's currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PriceBucket {
    pub min: u32,
    pub max: Option<u32>,
}

impl PriceBucket {
    pub const ALL: [PriceBucket; 7] = [
        PriceBucket::new(0, Some(25)),
        PriceBucket::new(25, Some(50)),
        PriceBucket::new(50, Some(100)),
        PriceBucket::new(100, Some(250)),
        PriceBucket::new(250, Some(500)),
        PriceBucket::new(500, Some(1000)),
        PriceBucket::new(1000, None),
    ];

    pub const fn new(min: u32, max: Option<u32>) -> Self {
        PriceBucket { min, max }
    }

    /// `25-50` or `1000-`.
    pub fn param(&self) -> String {
        match self.max {
            Some(max) => format!("{}-{max}", self.min),
            None => format!("{}-", self.min),
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (min, max) = s.split_once('-')?;
        let min: u32 = min.trim().parse().ok()?;
        let max = match max.trim() {
            "" => None,
            m => Some(m.parse::<u32>().ok().filter(|m| *m > min)?),
        };
        Some(PriceBucket { min, max })
    }
}

/// Where a listing page sits in its result set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl Pagination {
    pub fn pages(&self) -> u32 {
        let per = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per)).unwrap_or(u32::MAX)
    }

    /// Past the last page: the page shows nothing and offers a way back.
    pub fn is_past_end(&self) -> bool {
        self.page > self.pages().max(1)
    }

    pub fn offset(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_names_are_url_safe_and_never_a_listing_parameter() {
        let names = FacetNames::new(["brand", "plant-type", "Brand", "price", "q", "utm_source", ""].map(String::from));
        assert!(names.contains("brand") && names.contains("plant-type"));
        for left_out in ["Brand", "price", "q", "utm_source", ""] {
            assert!(!names.contains(left_out), "{left_out}");
        }
    }

    #[test]
    fn price_buckets_round_trip() {
        for b in PriceBucket::ALL {
            assert_eq!(PriceBucket::parse(&b.param()), Some(b));
        }
        assert_eq!(PriceBucket::parse("50-25"), None);
        assert_eq!(PriceBucket::parse("x-10"), None);
        assert_eq!(PriceBucket::parse("10"), None);
    }

    #[test]
    fn pagination_edges() {
        let p = |page, total| Pagination {
            page,
            per_page: 24,
            total,
        };
        assert_eq!(p(1, 0).pages(), 0);
        assert!(!p(1, 0).is_past_end());
        assert_eq!(p(1, 24).pages(), 1);
        assert_eq!(p(1, 25).pages(), 2);
        assert!(p(3, 25).is_past_end());
        assert_eq!(p(2, 25).offset(), 24);
        assert_eq!(p(u32::MAX, 10).offset(), u64::from(u32::MAX - 1) * 24);
    }
}
