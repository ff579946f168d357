//! What crawlers read: head tags, JSON-LD, the sitemap, robots.txt and revalidation.

#[macro_use]
mod common;

use std::collections::BTreeSet;

use app::store::STORE;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{get, get_with, product_links};
use serde_json::Value;
use server::seo::Sitemap;

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| {
            let text = &s[..s.find("</script>").expect("script end")];
            serde_json::from_str(text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
        })
        .collect()
}

fn of_type<'a>(blocks: &'a [Value], kind: &str) -> &'a Value {
    blocks
        .iter()
        .find(|b| b["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {blocks:?}"))
}

fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|s| s[..s.find("</loc>").expect("loc end")].to_string())
        .collect()
}

on_both_databases! {
async fn product_page_has_head_tags_and_a_product_with_an_offer_per_variant(app, db) {
    let home = get(&app, "/c/women").await;
    let slug = product_links(&home.body).remove(0);
    let page = get(&app, &format!("/p/{slug}?size=M")).await;
    assert_eq!(page.status, StatusCode::OK);
    let canonical = format!("{}/p/{slug}", STORE.base_url);
    assert!(
        page.body
            .contains(&format!("<link href=\"{canonical}\" rel=\"canonical\">")),
        "canonical drops the variant"
    );
    for tag in ["og:title", "og:description", "og:url", "og:image"] {
        assert!(page.body.contains(&format!("property=\"{tag}\"")), "{tag} missing");
    }
    assert!(page.body.contains("<meta property=\"og:type\" content=\"product\""));
    for tag in ["twitter:card", "twitter:title", "twitter:description"] {
        assert!(page.body.contains(&format!("name=\"{tag}\"")), "{tag} missing");
    }
    assert!(!page.body.contains("hreflang"), "the default store has no sibling: no alternate links, no store switcher");

    let blocks = json_ld(&page.body);
    let product = of_type(&blocks, "Product");
    assert_eq!(product["@context"], "https://schema.org");
    assert_eq!(product["url"], canonical);
    assert!(product["name"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(product["image"][0].as_str().unwrap().starts_with(STORE.base_url));
    let offers = product["offers"].as_array().expect("offers");
    assert!(offers.len() > 1, "one offer per variant");
    for offer in offers {
        assert_eq!(offer["@type"], "Offer");
        assert_eq!(offer["priceCurrency"], STORE.currency);
        let price: f64 = offer["price"].as_str().unwrap().parse().expect("a decimal price");
        assert!(price > 0.0);
        let availability = offer["availability"].as_str().unwrap();
        let states = ["InStock", "LimitedAvailability", "OutOfStock"].map(|s| format!("https://schema.org/{s}"));
        assert!(states.iter().any(|s| s == availability), "{availability}");
        assert!(offer["sku"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let crumbs = of_type(&blocks, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap();
    assert_eq!(crumbs[0]["item"], format!("{}/", STORE.base_url));
    assert_eq!(crumbs.last().unwrap()["name"], product["name"]);
}

async fn listing_has_an_item_list_of_its_products_and_home_the_organization(app, db) {
    let page = get(&app, "/c/women?sort=price-asc&page=2").await;
    let blocks = json_ld(&page.body);
    let items = of_type(&blocks, "ItemList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    let links: Vec<String> = product_links(&page.body);
    assert!(!items.is_empty());
    assert_eq!(items[0]["position"], 25, "positions continue from page 1");
    for item in &items {
        let url = item["url"].as_str().unwrap();
        let slug = url
            .strip_prefix(&format!("{}/p/", STORE.base_url))
            .expect("absolute product URL");
        assert!(links.iter().any(|l| l == slug), "{slug} is not on the page");
    }
    assert!(
        of_type(&blocks, "BreadcrumbList")["itemListElement"]
            .as_array()
            .unwrap()
            .len()
            >= 2
    );
    assert!(page.body.contains(&format!(
        "<link href=\"{}/c/women?page=2\" rel=\"canonical\">",
        STORE.base_url
    )));

    let home = get(&app, "/").await;
    let org = of_type(&json_ld(&home.body), "Organization").clone();
    assert_eq!(org["name"], STORE.name);
    assert_eq!(org["url"], format!("{}/", STORE.base_url));
}

async fn sitemap_lists_every_product_of_the_store_and_no_other(app, db) {
    let page = get(&app, "/sitemap.xml").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/xml"));
    assert!(page.body.contains("<urlset"), "a small catalog fits one file");
    let urls = locs(&page.body);
    assert!(
        urls.iter().all(|u| u.starts_with(STORE.base_url)),
        "only this store's origin"
    );
    let listed: BTreeSet<String> = urls
        .iter()
        .filter_map(|u| u.strip_prefix(&format!("{}/p/", STORE.base_url)).map(str::to_string))
        .collect();
    let sold: BTreeSet<String> = db
        .texts(&format!(
            "SELECT p.slug FROM products p JOIN prices pr ON pr.variant_id IN (SELECT id FROM variants WHERE product_id = p.id)
              WHERE p.catalog_id = '{}' AND pr.currency = '{}'",
            STORE.catalog, STORE.currency
        ))
        .await
        .into_iter()
        .collect();
    assert!(!sold.is_empty());
    assert_eq!(listed, sold, "exactly the products this store sells");
    let elsewhere = db
        .texts(&format!("SELECT slug FROM products WHERE catalog_id <> '{}'", STORE.catalog))
        .await;
    assert!(!elsewhere.is_empty(), "the shared database holds another catalog");
    let leaked: Vec<&String> = elsewhere.iter().filter(|s| listed.contains(*s)).collect();
    assert!(leaked.is_empty(), "another catalog's products listed: {leaked:?}");
    assert!(urls.contains(&format!("{}/c/women", STORE.base_url)));
    assert_eq!(urls.len(), BTreeSet::from_iter(urls.iter()).len(), "no URL twice");
}

async fn a_large_sitemap_splits_into_files_that_together_list_every_url(app, db) {
    let commerce = db.commerce();
    let commerce = commerce.as_ref();
    let scope = STORE.scope().unwrap();
    let whole = Sitemap::of(commerce, &scope, u64::MAX).await.unwrap();
    let all = locs(&whole.file(commerce, &scope, 1).await.unwrap());
    let split = Sitemap::of(commerce, &scope, 7).await.unwrap();
    assert_eq!(split.files(), (all.len() as u64).div_ceil(7));
    let mut joined = Vec::new();
    for n in 1..=split.files() {
        let part = locs(&split.file(commerce, &scope, n).await.unwrap());
        assert!(part.len() <= 7 && !part.is_empty(), "file {n} has {}", part.len());
        joined.extend(part);
    }
    assert_eq!(joined, all, "the files in order are the whole sitemap");
    let index = split.index(split.files());
    assert!(index.contains("<sitemapindex"));
    assert_eq!(
        locs(&index).last().unwrap(),
        &format!("{}/sitemap/{}.xml", STORE.base_url, split.files())
    );
    assert_eq!(
        commerce.product_count(&scope).await.unwrap() as usize,
        all.iter().filter(|u| u.contains("/p/")).count()
    );

    assert_eq!(get(&app, "/sitemap/1.xml").await.status, StatusCode::OK);
    for missing in ["/sitemap/0.xml", "/sitemap/2.xml", "/sitemap/one.xml"] {
        assert_eq!(get(&app, missing).await.status, StatusCode::NOT_FOUND, "{missing}");
    }
}

async fn robots_keeps_crawlers_out_of_shopper_pages_and_names_the_sitemap(app, db) {
    let page = get(&app, "/robots.txt").await;
    assert_eq!(page.status, StatusCode::OK);
    for path in ["/cart", "/checkout", "/account"] {
        assert!(
            page.body.lines().any(|l| l == format!("Disallow: {path}")),
            "{path} allowed:\n{}",
            page.body
        );
    }
    assert!(page.body.contains(&format!("Sitemap: {}/sitemap.xml", STORE.base_url)));
}

async fn catalog_pages_revalidate_by_etag_and_change_when_the_catalog_does(app, db) {
    let first = get(&app, "/c/women").await;
    let tag = first.headers.get(header::ETAG).expect("an ETag").clone();
    assert_eq!(first.headers[header::CACHE_CONTROL], "public, no-cache");
    let again = get(&app, "/c/women").await;
    assert_eq!(again.headers[header::ETAG], tag, "the same page has the same tag");

    let conditional = |tag: &str| {
        Request::get("/c/women")
            .header(header::IF_NONE_MATCH, tag)
            .body(Body::empty())
            .unwrap()
    };
    let not_modified = get_with(&app, conditional(tag.to_str().unwrap())).await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.body.is_empty());
    assert_eq!(not_modified.headers[header::ETAG], tag);
    assert_eq!(get_with(&app, conditional("W/\"stale\"")).await.status, StatusCode::OK);

    db.execute(&format!("UPDATE products SET name = name || ' II' WHERE catalog_id = '{}'", STORE.catalog))
        .await
        .unwrap();
    tokio::time::sleep(server::db::CATALOG_MAX_AGE).await;
    let changed = get_with(&app, conditional(tag.to_str().unwrap())).await;
    assert_eq!(changed.status, StatusCode::OK, "a renamed product changes the page");
    assert_ne!(changed.headers[header::ETAG], tag);

    let cart = get(&app, "/cart").await;
    assert!(cart.headers.get(header::ETAG).is_none());
    assert_eq!(cart.headers[header::CACHE_CONTROL], "private, no-store");
}
}
