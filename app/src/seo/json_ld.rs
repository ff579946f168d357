//! schema.org structured data. It is built on the server only: crawlers read the first
//! response, and hydration leaves a script's contents alone, so the browser never calls
//! the builders and its bundle drops them.

use leptos::prelude::*;
use serde_json::{json, Value};

use super::absolute;
use crate::model::{Availability, CategoryRef, Money, Product, ProductSummary};
use crate::store::STORE;

/// A `<script type="application/ld+json">` with what `data` returns, rendered on the server.
#[component]
pub fn JsonLd<F>(data: F) -> impl IntoView
where
    F: FnOnce() -> Value + 'static,
{
    #[cfg(feature = "ssr")]
    let text = encode(&data());
    #[cfg(not(feature = "ssr"))]
    let text = {
        drop(data);
        String::new()
    };
    view! { <script type="application/ld+json" inner_html=text></script> }
}

/// JSON that cannot close its `<script>`: `<` only occurs inside strings, where `\u003c`
/// means the same.
pub fn encode(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
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

/// A product with one `Offer` per variant; a withheld price (the B2B price gate) leaves
/// the offers out rather than publish a made-up one.
pub fn product(p: &Product) -> Value {
    let url = absolute(&format!("/p/{}", p.slug));
    let offers: Vec<Value> = p
        .variants
        .iter()
        .filter(|v| !v.price.is_withheld())
        .map(|v| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.extend_pairs(v.options.iter().map(|(k, val)| (k.as_str(), val.as_str())));
            let availability = match v.stock.availability {
                Availability::InStock => "InStock",
                Availability::Low => "LimitedAvailability",
                Availability::OutOfStock => "OutOfStock",
            };
            json!({
                "@type": "Offer",
                "sku": v.sku,
                "price": offer_price(&v.price),
                "priceCurrency": v.price.currency.code(),
                "availability": format!("https://schema.org/{availability}"),
                "itemCondition": "https://schema.org/NewCondition",
                "url": format!("{url}?{}", query.finish()),
            })
        })
        .collect();
    let gallery = p.variants.first().map_or(&p.images[..], |v| p.gallery(v));
    let images: Vec<String> = gallery.iter().map(|i| absolute(&i.url)).collect();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "description": p.description,
        "url": url,
        "image": images,
        "brand": { "@type": "Brand", "name": p.brand },
        "category": p.category.name,
    });
    if let Some(first) = p.variants.first() {
        value["sku"] = json!(first.sku);
    }
    if !offers.is_empty() {
        value["offers"] = Value::Array(offers);
    }
    value
}

/// Home › ancestors › the page itself (which, being the page, has no link).
pub fn breadcrumbs(home: &str, trail: &[CategoryRef], current: &str) -> Value {
    let mut items = vec![(home.to_string(), Some(absolute("/")))];
    items.extend(trail.iter().map(|c| (c.name.clone(), Some(absolute(&format!("/c/{}", c.slug))))));
    items.push((current.to_string(), None));
    let elements: Vec<Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, (name, item))| {
            let mut el = json!({ "@type": "ListItem", "position": i + 1, "name": name });
            if let Some(item) = item {
                el["item"] = json!(item);
            }
            el
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": elements })
}

/// The products of one listing page; positions continue across pages.
pub fn item_list(products: &[ProductSummary], first_position: u64) -> Value {
    let elements: Vec<Value> = products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "@type": "ListItem",
                "position": first_position + i as u64,
                "url": absolute(&format!("/p/{}", p.slug)),
                "name": p.name,
            })
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "ItemList", "itemListElement": elements })
}

/// The retailer behind the store, on its home page.
pub fn organization() -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": STORE.name,
        "url": absolute("/"),
        "logo": absolute("/logo.svg"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Currency, Variant};

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
        let text = encode(&json!({ "name": "</script><b>" }));
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
        let ld = super::product(&v);
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
        let ld = super::product(&product(&[Money::withheld()]));
        assert!(ld.get("offers").is_none());
    }

    #[test]
    fn the_last_crumb_is_the_page_and_has_no_link() {
        let trail = [CategoryRef { slug: "women".into(), name: "Women".into() }];
        let ld = breadcrumbs("Home", &trail, "Tee");
        let items = ld["itemListElement"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[1]["position"], 2);
        assert!(items[1]["item"].as_str().unwrap().ends_with("/c/women"));
        assert!(items[2].get("item").is_none());
    }
}
