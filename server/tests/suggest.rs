//! Predictive search on our SQL backend: the data layer's matching (as typed, one typo
//! forgiven, most popular first) and `/api/suggest` through the router.

#[macro_use]
mod common;

use app::model::suggest::{terms, words, MAX_PRODUCTS};
use app::model::Suggestions;
use axum::http::{header, StatusCode};
use common::get;

fn names(found: &Suggestions) -> Vec<String> {
    found.products.iter().map(|p| p.name.to_lowercase()).collect()
}

on_both_databases! {
async fn a_word_typed_with_one_mistake_still_finds_its_products(db) {
    let c = db.commerce();
    let s = common::scope("default", "apparel", "USD");
    let typed = c.suggest(&s, &terms("shirt")).await.unwrap();
    assert!(!typed.products.is_empty());
    for mistyped in ["shrit", "shrt", "shirtt", "sbirt"] {
        let found = c.suggest(&s, &terms(mistyped)).await.unwrap();
        assert!(!found.products.is_empty(), "{mistyped}");
        for name in names(&found) {
            assert!(words(&name).any(|w| w.starts_with("shirt")), "{mistyped} → {name}");
        }
    }
    assert!(c.suggest(&s, &terms("shxxt")).await.unwrap().products.is_empty(), "two mistakes are too many");
}

async fn the_most_popular_matching_products_come_first(db) {
    let c = db.commerce();
    let s = common::scope("default", "apparel", "USD");
    let found = c.suggest(&s, &terms("shi")).await.unwrap();
    assert_eq!(found.products.len(), MAX_PRODUCTS);
    let mut popularity = Vec::new();
    for p in &found.products {
        popularity.push(db.number(&format!("SELECT popularity FROM products WHERE slug = '{}'", p.slug)).await);
    }
    assert!(popularity.windows(2).all(|w| w[0] >= w[1]), "{popularity:?}");
    let rows = db
        .texts("SELECT name || ' ' || brand || '|' || popularity FROM products WHERE catalog_id = 'apparel'")
        .await;
    let best = rows
        .iter()
        .filter_map(|r| r.rsplit_once('|'))
        .filter(|(text, _)| words(text).any(|w| w.starts_with("shi")))
        .filter_map(|(_, n)| n.parse::<i64>().ok())
        .max()
        .unwrap();
    assert_eq!(popularity[0], best);
    assert!(
        found.categories.iter().any(|c| c.name.to_lowercase().starts_with("shi")),
        "a shirts category: {:?}",
        found.categories
    );
}

}

on_both_databases! {
async fn the_endpoint_answers_typed_text_and_is_cacheable(app, db) {
    let page = get(&app, "/api/suggest?q=shirt").await;
    assert_eq!(page.status, StatusCode::OK);
    let found: Suggestions = serde_json::from_str(&page.body).unwrap();
    assert!(!found.products.is_empty());
    let cache = page.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(cache, "public, no-cache");
    let tag = page.headers.get(header::ETAG).expect("an ETag").clone();
    let again = common::get_with(
        &app,
        axum::http::Request::get("/api/suggest?q=shirt").header(header::IF_NONE_MATCH, tag).body(axum::body::Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    for short in ["/api/suggest?q=s", "/api/suggest?q=%20%21", "/api/suggest?q="] {
        let page = get(&app, short).await;
        assert_eq!(page.status, StatusCode::OK, "{short}");
        let found: Suggestions = serde_json::from_str(&page.body).unwrap();
        assert!(found.is_empty(), "{short}");
    }
    let long = format!("/api/suggest?q={}", "shirt%20".repeat(2_000));
    let page = get(&app, &long).await;
    assert!(page.status == StatusCode::OK || page.status == StatusCode::URI_TOO_LONG || page.status.is_client_error(), "{}", page.status);
    assert!(!page.status.is_server_error());
    let missing = get(&app, "/api/suggest").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
}
}
