//! schema.org structured data, built where pages render: on the server only (the
//! browser hydrates islands alone), so the browser's bundle never calls the builders.

use leptos::prelude::*;
use serde::Serialize;

use super::absolute;
use crate::model::{Availability, CategoryRef, Money, Product, ProductSummary};
use crate::store::STORE;

const CONTEXT: &str = "https://schema.org";

/// A `<script type="application/ld+json">` holding `json` (from this module's builders,
/// which leave no `<` in it), rendered on the server.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=json></script> }
}

/// JSON that cannot close its `<script>`: `<` only occurs inside strings, where `\u003c`
/// means the same. Typed structs straight to text: a `serde_json::Value` tree cost a
/// product page's render 4 % in allocations and map inserts.
fn encode(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    if text.contains('<') { text.replace('<', "\\u003c") } else { text }
}

fn offer_price(money: &Money) -> String {
    let units = money.currency.minor_units();
    let scale = 10i64.pow(units);
    let (whole, frac) = (money.minor / scale, (money.minor % scale).abs());
    match units {
        0 => whole.to_string(),
        _ => format!("{whole}.{frac:0width$}", width = units as usize),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProductLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    description: &'a str,
    url: &'a str,
    image: Vec<String>,
    brand: Brand<'a>,
    category: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    offers: Vec<Offer<'a>>,
}

#[derive(Serialize)]
struct Brand<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Offer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    sku: &'a str,
    price: String,
    price_currency: &'a str,
    availability: &'static str,
    item_condition: &'static str,
    url: String,
}

/// A product with one `Offer` per variant; a withheld price (the B2B price gate) leaves
/// the offers out rather than publish a made-up one.
pub fn product(p: &Product) -> String {
    let url = absolute(&format!("/p/{}", p.slug));
    let offers = p
        .variants
        .iter()
        .filter(|v| !v.price.is_withheld())
        .map(|v| {
            let mut query = form_urlencoded::Serializer::for_suffix(format!("{url}?"), url.len() + 1);
            query.extend_pairs(v.options.iter().map(|(k, val)| (k.as_str(), val.as_str())));
            Offer {
                kind: "Offer",
                sku: &v.sku,
                price: offer_price(&v.price),
                price_currency: v.price.currency.code(),
                availability: match v.stock.availability {
                    Availability::InStock => "https://schema.org/InStock",
                    Availability::Low => "https://schema.org/LimitedAvailability",
                    Availability::OutOfStock => "https://schema.org/OutOfStock",
                },
                item_condition: "https://schema.org/NewCondition",
                url: query.finish(),
            }
        })
        .collect();
    let gallery = p.variants.first().map_or(&p.images[..], |v| p.gallery(v));
    encode(&ProductLd {
        context: CONTEXT,
        kind: "Product",
        name: &p.name,
        description: &p.description,
        url: &url,
        image: gallery.iter().map(|i| absolute(&i.url)).collect(),
        brand: Brand { kind: "Brand", name: &p.brand },
        category: &p.category.name,
        sku: p.variants.first().map(|v| v.sku.as_str()),
        offers,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListLd<T> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<T>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: u64,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// Home › ancestors › the page itself (which, being the page, has no link).
pub fn breadcrumbs(home: &str, trail: &[CategoryRef], current: &str) -> String {
    let links = std::iter::once((home, absolute("/")))
        .chain(trail.iter().map(|c| (c.name.as_str(), absolute(&format!("/c/{}", c.slug)))))
        .map(|(name, link)| (name, Some(link)));
    let elements = links
        .chain(std::iter::once((current, None)))
        .zip(1..)
        .map(|((name, item), position)| ListItem { kind: "ListItem", position, name, item, url: None })
        .collect();
    encode(&ListLd { context: CONTEXT, kind: "BreadcrumbList", item_list_element: elements })
}

/// The products of one listing page; positions continue across pages.
pub fn item_list(products: &[ProductSummary], first_position: u64) -> String {
    let elements = products
        .iter()
        .zip(first_position..)
        .map(|(p, position)| ListItem {
            kind: "ListItem",
            position,
            name: &p.name,
            item: None,
            url: Some(absolute(&format!("/p/{}", p.slug))),
        })
        .collect();
    encode(&ListLd { context: CONTEXT, kind: "ItemList", item_list_element: elements })
}

#[derive(Serialize)]
struct OrganizationLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
    logo: String,
}

/// The retailer behind the store, on its home page.
pub fn organization() -> String {
    encode(&OrganizationLd {
        context: CONTEXT,
        kind: "Organization",
        name: STORE.name,
        url: absolute("/"),
        logo: absolute("/logo.svg"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, Variant};
    use serde_json::Value;

    fn parsed(text: &str) -> Value {
        serde_json::from_str(text).expect("valid JSON")
    }

    fn money(minor: i64, code: &str) -> Money {
        Money::new(minor, Currency::parse(code).unwrap())
    }

    #[test]
    fn offer_prices_are_plain_decimals() {
        assert_eq!(offer_price(&money(129_900, "EUR")), "1299.00");
        assert_eq!(offer_price(&money(5, "USD")), "0.05");
        assert_eq!(offer_price(&money(1200, "JPY")), "1200");
    }

    #[test]
    fn encoded_json_cannot_end_the_script() {
        let text = encode(&serde_json::json!({ "name": "</script><b>" }));
        assert!(!text.contains('<'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><b>");
    }

    fn product(prices: &[Money]) -> Product {
        Product {
            slug: "tee".into(),
            name: "Tee".into(),
            brand: "Nordwind".into(),
            description: "Soft".into(),
            category: CategoryRef { slug: "tops".into(), name: "Tops".into() },
            breadcrumbs: vec![],
            attributes: vec![],
            options: vec![],
            variants: prices
                .iter()
                .enumerate()
                .map(|(i, price)| Variant {
                    sku: format!("TEE-{i}"),
                    options: vec![("color".into(), "Sky Blue".into()), ("size".into(), format!("S{i}"))],
                    price: *price,
                    compare_at: None,
                    stock: crate::model::Stock::counted(i as i64),
                    images: vec![],
                })
                .collect(),
            images: vec![crate::model::Image::new("/media/tshirt-1/default/0.svg", "Tee")],
            related: vec![],
            custom: Default::default(),
            details: Default::default(),
        }
    }

    #[test]
    fn every_variant_is_an_offer_with_price_currency_and_availability() {
        let v = product(&[money(1999, "USD"), money(2499, "USD")]);
        let ld = parsed(&super::product(&v));
        assert_eq!(ld["@type"], "Product");
        let offers = ld["offers"].as_array().unwrap();
        assert_eq!(offers.len(), 2);
        assert_eq!(offers[0]["price"], "19.99");
        assert_eq!(offers[0]["priceCurrency"], "USD");
        assert_eq!(offers[0]["availability"], "https://schema.org/OutOfStock");
        assert_eq!(offers[1]["availability"], "https://schema.org/LimitedAvailability", "one left");
        assert!(offers[1]["url"].as_str().unwrap().ends_with("/p/tee?color=Sky+Blue&size=S1"));
    }

    #[test]
    fn withheld_prices_publish_no_offer() {
        let ld = parsed(&super::product(&product(&[Money::withheld()])));
        assert!(ld.get("offers").is_none());
    }

    #[test]
    fn list_positions_continue_from_the_first_and_link_each_product() {
        let summary = |slug: &str| ProductSummary {
            slug: slug.into(),
            name: slug.into(),
            brand: "B".into(),
            price_from: money(1000, "USD"),
            price_to: None,
            image: crate::model::Image::new("", ""),
            availability: Availability::InStock,
            colors: vec![],
        };
        let ld = parsed(&item_list(&[summary("a"), summary("b")], 25));
        let items = ld["itemListElement"].as_array().unwrap();
        assert_eq!((items[0]["position"].as_u64(), items[1]["position"].as_u64()), (Some(25), Some(26)));
        assert!(items[1]["url"].as_str().unwrap().ends_with("/p/b"));
        assert!(items[1].get("item").is_none());
    }

    #[test]
    fn the_last_crumb_is_the_page_and_has_no_link() {
        let trail = [CategoryRef { slug: "women".into(), name: "Women".into() }];
        let ld = parsed(&breadcrumbs("Home", &trail, "Tee"));
        let items = ld["itemListElement"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[1]["position"], 2);
        assert!(items[1]["item"].as_str().unwrap().ends_with("/c/women"));
        assert!(items[2].get("item").is_none());
    }
}
