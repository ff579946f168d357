use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{Facet, FacetNames, PriceBucket};

pub const PER_PAGE: u32 = 24;
/// Beyond this a facet parameter is abuse, not a shopper.
const MAX_VALUES_PER_FACET: usize = 50;
const MAX_TEXT_LEN: usize = 200;
/// Longer than any brand, colour, size or capacity; a longer value matches nothing and
/// would only make the listing cache hold more.
const MAX_VALUE_LEN: usize = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Relevance, Sort::PriceAsc, Sort::PriceDesc, Sort::Newest];

    pub fn param(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::PriceAsc => "price-asc",
            Sort::PriceDesc => "price-desc",
            Sort::Newest => "newest",
        }
    }


    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|v| v.param() == s)
    }
}

/// The facet values a listing is narrowed to: per facet name (one of the backend's
/// [`FacetNames`]) the values any of which may match; facets combine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FacetFilters {
    pub values: BTreeMap<String, Vec<String>>,
    pub price: Option<PriceBucket>,
}

impl FacetFilters {
    /// The values chosen for the facet `name`; none when it is not filtered.
    pub fn values(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.values.values().all(Vec::is_empty) && self.price.is_none()
    }

    pub fn is_selected(&self, name: &str, value: &str) -> bool {
        if name == Facet::PRICE {
            return self.price.is_some_and(|p| p.param() == value);
        }
        self.values(name).iter().any(|v| v == value)
    }
}

/// What a listing or search page asks for. All of it lives in the URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProductQuery {
    pub category: Option<String>,
    pub text: Option<String>,
    pub filters: FacetFilters,
    pub sort: Sort,
    /// 1-based; pages past the end are answered with an empty page.
    pub page: u32,
}

/// A query string that cannot be answered: sent back as 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("`{0}` is not a valid page number")]
    Page(String),
    #[error("`{0}` is not a sort order; use one of relevance, price-asc, price-desc, newest")]
    Sort(String),
    #[error("`{0}` is not a price range like 25-50")]
    Price(String),
    #[error("too many values for `{0}`")]
    TooMany(String),
    #[error("search text is longer than {MAX_TEXT_LEN} characters")]
    TextTooLong,
    #[error("a value of `{0}` is longer than {MAX_VALUE_LEN} characters")]
    ValueTooLong(String),
}

impl ProductQuery {
    pub fn new(category: Option<String>, text: Option<String>) -> Self {
        ProductQuery {
            category,
            text,
            filters: FacetFilters::default(),
            sort: Sort::default(),
            page: 1,
        }
    }

    /// Reads `q`, `page`, `sort`, `price` and the backend's facets (`facets`).
    /// Unknown parameters are ignored (tracking tags and the like); malformed known ones are errors.
    pub fn parse<'a>(
        category: Option<String>,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        facets: &FacetNames,
    ) -> Result<Self, QueryError> {
        let mut q = ProductQuery::new(category, None);
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => {
                    if value.chars().count() > MAX_TEXT_LEN {
                        return Err(QueryError::TextTooLong);
                    }
                    q.text = Some(value.to_string()).filter(|v| !v.is_empty());
                }
                "page" if !value.is_empty() => {
                    q.page = value
                        .parse::<u32>()
                        .ok()
                        .filter(|p| *p >= 1)
                        .ok_or_else(|| QueryError::Page(value.to_string()))?;
                }
                "sort" if !value.is_empty() => {
                    q.sort = Sort::parse(value).ok_or_else(|| QueryError::Sort(value.to_string()))?;
                }
                "price" if !value.is_empty() => {
                    q.filters.price =
                        Some(PriceBucket::parse(value).ok_or_else(|| QueryError::Price(value.to_string()))?);
                }
                name if facets.contains(name) => {
                    let values = q.filters.values.entry(name.to_string()).or_default();
                    if value.is_empty() || values.iter().any(|v| v == value) {
                        continue;
                    }
                    if value.chars().count() > MAX_VALUE_LEN {
                        return Err(QueryError::ValueTooLong(name.to_string()));
                    }
                    if values.len() >= MAX_VALUES_PER_FACET {
                        return Err(QueryError::TooMany(name.to_string()));
                    }
                    values.push(value.to_string());
                }
                _ => {}
            }
        }
        q.filters.values.retain(|_, values| !values.is_empty());
        Ok(q)
    }

    /// Parses a raw, percent-encoded query string (without `?`).
    pub fn from_query_string(category: Option<String>, raw: &str, facets: &FacetNames) -> Result<Self, QueryError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(raw.as_bytes()).into_owned().collect();
        ProductQuery::parse(category, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), facets)
    }

    /// The query string (without `?`) for this query, in a stable order.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        if let Some(text) = &self.text {
            parts.push(("q".into(), text.clone()));
        }
        for (name, values) in &self.filters.values {
            for v in values {
                parts.push((name.clone(), v.clone()));
            }
        }
        if let Some(price) = self.filters.price {
            parts.push(("price".into(), price.param()));
        }
        if self.sort != Sort::Relevance {
            parts.push(("sort".into(), self.sort.param().into()));
        }
        if self.page > 1 {
            parts.push(("page".into(), self.page.to_string()));
        }
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(parts)
            .finish()
    }

    /// The same query with one value of the facet `name` switched on or off, back on page 1.
    pub fn toggled(&self, name: &str, value: &str) -> ProductQuery {
        let mut next = self.clone();
        next.page = 1;
        if name == Facet::PRICE {
            let bucket = PriceBucket::parse(value);
            next.filters.price = if next.filters.price == bucket { None } else { bucket };
            return next;
        }
        let values = next.filters.values.entry(name.to_string()).or_default();
        if let Some(i) = values.iter().position(|v| v == value) {
            values.remove(i);
        } else {
            values.push(value.to_string());
        }
        next.filters.values.retain(|_, values| !values.is_empty());
        next
    }

    pub fn with_page(&self, page: u32) -> ProductQuery {
        ProductQuery { page, ..self.clone() }
    }

    pub fn cleared(&self) -> ProductQuery {
        ProductQuery {
            filters: FacetFilters::default(),
            page: 1,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> FacetNames {
        FacetNames::new(["brand", "color", "size", "capacity"].map(String::from))
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<ProductQuery, QueryError> {
        ProductQuery::parse(Some("shirts".into()), pairs.iter().copied(), &names())
    }

    #[test]
    fn reads_every_parameter() {
        let q = parse(&[
            ("brand", "Fjell"),
            ("brand", "Marlow"),
            ("color", "Navy"),
            ("size", "M"),
            ("price", "25-50"),
            ("sort", "price-desc"),
            ("page", "3"),
            ("utm_source", "mail"),
        ])
        .unwrap();
        assert_eq!(q.filters.values("brand"), ["Fjell", "Marlow"]);
        assert!(!q.filters.values.contains_key("utm_source"), "not a facet of this backend");
        assert_eq!(q.filters.price, Some(PriceBucket::new(25, Some(50))));
        assert_eq!(q.sort, Sort::PriceDesc);
        assert_eq!(q.page, 3);
    }

    #[test]
    fn rejects_malformed_values() {
        assert_eq!(parse(&[("page", "0")]), Err(QueryError::Page("0".into())));
        assert_eq!(parse(&[("page", "-1")]), Err(QueryError::Page("-1".into())));
        assert_eq!(
            parse(&[("page", "99999999999")]),
            Err(QueryError::Page("99999999999".into()))
        );
        assert_eq!(parse(&[("sort", "cheap")]), Err(QueryError::Sort("cheap".into())));
        assert_eq!(parse(&[("price", "lots")]), Err(QueryError::Price("lots".into())));
        let many: Vec<String> = (0..60).map(|i| i.to_string()).collect();
        let pairs: Vec<(&str, &str)> = many.iter().map(|v| ("brand", v.as_str())).collect();
        assert_eq!(parse(&pairs), Err(QueryError::TooMany("brand".into())));
        let long = "x".repeat(101);
        assert_eq!(parse(&[("color", long.as_str())]), Err(QueryError::ValueTooLong("color".into())));
    }

    proptest::proptest! {
        /// Any query string parses or is refused with a reason, and what parses
        /// round-trips through its canonical form.
        #[test]
        fn any_query_string_parses_or_is_refused(raw in "([a-z_]{1,8}=[^&#]{0,30}&?){0,8}") {
            if let Ok(q) = ProductQuery::from_query_string(None, &raw, &names()) {
                let again = ProductQuery::from_query_string(None, &q.to_query_string(), &names());
                proptest::prop_assert_eq!(again, Ok(q));
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = ProductQuery::from_query_string(Some("c".into()), &String::from_utf8_lossy(&raw), &names());
        }
    }

    #[test]
    fn empty_values_are_defaults() {
        let q = parse(&[("page", ""), ("sort", ""), ("price", ""), ("brand", "")]).unwrap();
        assert_eq!(q, ProductQuery::new(Some("shirts".into()), None));
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let q = parse(&[
            ("q", "linen shirt"),
            ("color", "Sky Blue"),
            ("sort", "newest"),
            ("page", "2"),
        ])
        .unwrap();
        let s = q.to_query_string();
        assert_eq!(s, "q=linen+shirt&color=Sky+Blue&sort=newest&page=2");
        assert_eq!(ProductQuery::from_query_string(Some("shirts".into()), &s, &names()), Ok(q));
        let odd = ProductQuery::from_query_string(None, "brand=Loom+%26+Co&q=caf%C3%A9", &names()).unwrap();
        assert_eq!(odd.filters.values("brand"), ["Loom & Co"]);
        assert_eq!(odd.text.as_deref(), Some("café"));
    }

    #[test]
    fn toggling_resets_page() {
        let q = parse(&[("color", "Navy"), ("page", "4")]).unwrap();
        let off = q.toggled("color", "Navy");
        assert!(off.filters.values("color").is_empty() && off.filters.is_empty());
        assert_eq!(off.page, 1);
        let on = off.toggled(Facet::PRICE, "25-50");
        assert_eq!(on.filters.price, Some(PriceBucket::new(25, Some(50))));
        assert_eq!(on.toggled(Facet::PRICE, "25-50").filters.price, None);
    }
}
