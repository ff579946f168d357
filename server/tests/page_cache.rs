//! Catalog pages come from memory until the catalog changes, for every shopper: what is
//! about one of them is never in a cached page, and never reaches another.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::browser::{location, Shopper};
use common::{app, get, get_with, product_links};
use server::db::CATALOG_MAX_AGE;

/// The product page's stock line.
fn stock(html: &str) -> &str {
    let at = html.find("data-testid=\"stock\"").expect("a stock line");
    let text = &html[at..];
    let text = &text[text.find('>').unwrap() + 1..];
    &text[..text.find('<').unwrap()]
}

/// The first SKU a product page of `/c/women` offers to add, with its page.
async fn a_product(s: &mut Shopper<'_>) -> (String, String) {
    for slug in product_links(&s.get("/c/women").await.body) {
        let path = format!("/p/{slug}");
        let page = s.get(&path).await;
        if let Some(sku) = page
            .body
            .split("name=\"sku\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            return (path, sku.to_string());
        }
    }
    panic!("no product to add on /c/women");
}

on_both_databases! {
async fn a_cached_page_is_replaced_once_the_catalog_changes(app, db) {
    let listing = get(&app, "/c/women").await;
    let slug = product_links(&listing.body).remove(0);
    let path = format!("/p/{slug}");
    let first = get(&app, &path).await;
    assert_eq!(first.status, StatusCode::OK);
    let name = db.text(&format!("SELECT name FROM products WHERE slug = '{slug}'")).await;
    assert!(first.body.contains(&name));

    db.execute(&format!("UPDATE products SET name = 'Renamed In The Database' WHERE slug = '{slug}'"))
        .await
        .unwrap();
    // Another process's change: shown once this process's reading of the version is old.
    tokio::time::sleep(CATALOG_MAX_AGE).await;
    let after = get(&app, &path).await;
    assert!(
        after.body.contains("Renamed In The Database"),
        "the rename shows within the max age"
    );

    db.execute(&format!(
        "UPDATE variants SET stock = 0 WHERE product_id = (SELECT id FROM products WHERE slug = '{slug}')"
    ))
    .await
    .unwrap();
    tokio::time::sleep(CATALOG_MAX_AGE).await;
    let sold_out = get(&app, &path).await;
    assert_eq!(stock(&after.body), "In stock");
    assert_eq!(stock(&sold_out.body), "Out of stock", "a stock change shows within the max age");
}

async fn an_option_added_after_start_is_in_the_product_pages_key(app, db) {
    let sku_on = |html: &str| html.split("name=\"sku\" value=\"").nth(1).and_then(|r| r.split('"').next()).map(str::to_string);
    let slug = product_links(&get(&app, "/c/women").await.body).remove(0);
    let path = format!("/p/{slug}");
    get(&app, &path).await;
    // An import adds an option the backend had no facet for when the server started.
    let variants = db
        .texts(&format!(
            "SELECT CAST(v.id AS TEXT) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.slug = '{slug}' ORDER BY v.position, v.id"
        ))
        .await;
    assert!(variants.len() >= 2, "{slug} has one variant");
    for (i, id) in variants.iter().enumerate() {
        let value = if i == 0 { "Cotton" } else { "Wool" };
        db.execute(&format!("UPDATE variants SET stock = 5 WHERE id = {id}")).await.unwrap();
        db.execute(&format!("INSERT INTO variant_options (variant_id, position, name, value) VALUES ({id}, 0, 'material', '{value}')"))
            .await
            .unwrap();
    }
    tokio::time::sleep(CATALOG_MAX_AGE).await;
    let wool = get(&app, &format!("{path}?material=Wool")).await;
    let plain = get(&app, &path).await;
    let (wool, plain) = (sku_on(&wool.body).expect("a SKU"), sku_on(&plain.body).expect("a SKU"));
    assert_ne!(wool, plain, "one shopper's ?material=Wool is not the page everyone gets");
}

async fn shoppers_get_the_shared_page_and_only_their_own_cart(app, db) {
    let mut anonymous = Shopper::new(&app);
    let (product, sku) = a_product(&mut anonymous).await;
    let mut guest = Shopper::new(&app);
    assert_eq!(guest.post("/api/cart-add", &format!("sku={sku}&quantity=2")).await.status, StatusCode::OK);
    let mut customer = Shopper::new(&app);
    let registered = customer
        .submit("/api/register", "name=Zelda+Quux&email=zelda%40example.com&password=correct+horse+battery", "/account/register")
        .await;
    assert!(registered.status.is_redirection());
    assert_eq!(customer.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await.status, StatusCode::OK);
    assert!(guest.has_cookie("cart-default") && customer.has_cookie("session-default"));

    // The signed-in customer renders these pages first, the others get them from memory.
    for path in ["/c/men", "/search?q=shirt", product.as_str(), "/"] {
        let theirs = customer.get(path).await;
        assert_eq!(theirs.status, StatusCode::OK, "{path}");
        assert!(!theirs.body.contains("Zelda") && !theirs.body.contains("zelda%40"), "{path} shows no one");
        assert!(!theirs.body.contains("data-testid=\"cart-count\""), "{path}: the count is read after load");
        assert_eq!(theirs.headers[header::CACHE_CONTROL], "private, no-cache", "{path}");
        for other in [&mut guest, &mut anonymous] {
            assert_eq!(other.get(path).await.body, theirs.body, "{path} is one page for everyone");
        }
    }
    assert_eq!(guest.count().await, 2);
    assert_eq!(customer.count().await, 1);
    assert_eq!(anonymous.count().await, 0);
    // Without JavaScript an add lands on the cart, which shows it.
    let added = guest.submit("/api/cart-add", &format!("sku={sku}&quantity=1"), &product).await;
    assert_eq!(location(&added), "/cart");
    assert!(guest.get("/cart").await.body.contains("data-testid=\"cart-count\""));
}
}

#[tokio::test]
async fn pages_are_served_from_memory_with_cookies_or_without() {
    let (app, db) = app().await;
    let cached = get(&app, "/").await;
    assert_eq!(cached.headers[header::CACHE_CONTROL], "public, no-cache");
    // Change the featured products' names but put the version back: only a render sees it.
    let version: i64 = sqlx::query_scalar("SELECT version FROM catalog_version")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE products SET name = name || ' Zeta'")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE catalog_version SET version = ?")
        .bind(version)
        .execute(&db.pool)
        .await
        .unwrap();
    tokio::time::sleep(CATALOG_MAX_AGE).await;

    let again = get(&app, "/").await;
    assert_eq!(again.body, cached.body, "served from memory");
    let shopper = get_with(
        &app,
        Request::get("/")
            .header(header::COOKIE, "session-default=unknown")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(shopper.status, StatusCode::OK);
    assert_eq!(shopper.body, cached.body, "a shopper's page is served from memory too");
    assert_eq!(shopper.headers[header::CACHE_CONTROL], "private, no-cache");
}

/// Browsers ask for compressed pages: a cached page goes out compressed as the request
/// prefers, decodes to the page itself, varies on both headers, and still revalidates.
#[tokio::test]
async fn cached_pages_are_sent_compressed_as_the_browser_asks() {
    use http_body_util::BodyExt;
    use std::io::Read;
    use tower::ServiceExt;

    let (app, _db) = app().await;
    let plain = get(&app, "/c/women").await;
    assert!(!plain.headers.contains_key(header::CONTENT_ENCODING));
    let request = |accept: &str| {
        Request::get("/c/women")
            .header(header::ACCEPT_ENCODING, accept)
            .body(Body::empty())
            .unwrap()
    };
    for (accept, encoding) in [("gzip, deflate, br, zstd", "gzip"), ("br, gzip;q=0.5", "br")] {
        // The second request is answered with the copy the first one made.
        for _ in 0..2 {
            let res = app.clone().oneshot(request(accept)).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()[header::CONTENT_ENCODING], encoding);
            assert_eq!(res.headers()[header::ETAG], plain.headers[header::ETAG]);
            let vary: Vec<String> = res
                .headers()
                .get_all(header::VARY)
                .iter()
                .map(|v| v.to_str().unwrap().to_ascii_lowercase())
                .collect();
            assert!(
                vary.iter().any(|v| v == "cookie") && vary.iter().any(|v| v == "accept-encoding"),
                "{vary:?}"
            );
            let bytes = res.into_body().collect().await.unwrap().to_bytes();
            let mut decoded = String::new();
            match encoding {
                "br" => brotli::Decompressor::new(&bytes[..], 4096).read_to_string(&mut decoded),
                _ => flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut decoded),
            }
            .unwrap();
            assert_eq!(decoded, plain.body);
        }
    }
    let mut revalidate = request("br");
    revalidate
        .headers_mut()
        .insert(header::IF_NONE_MATCH, plain.headers[header::ETAG].clone());
    let res = app.clone().oneshot(revalidate).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers().get_all(header::VARY).iter().count(), 2);
}
