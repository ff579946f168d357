//! Drives the whole router: pages, statuses, bad input, media and headers.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{get, get_with, product_links, result_count};

on_both_databases! {
async fn health_answers_ok(app, db) {
    let page = get(&app, "/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
}

async fn home_shows_store_hero_and_featured_products(app, db) {
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en-US\""), "lang missing");
    assert!(page.body.contains(app::store::STORE.hero_title));
    assert!(product_links(&page.body).len() >= 8, "featured products missing");
    assert!(page.body.contains("href=\"/c/women\""), "category navigation missing");
}

async fn category_lists_facets_and_filters_narrow_it(app, db) {
    let all = get(&app, "/c/women").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.contains("data-facet=\"brand\"") && all.body.contains("data-facet=\"size\""));
    let total = result_count(&all.body);
    assert!(total > 24, "women should span pages, has {total}");
    assert_eq!(product_links(&all.body).len(), 24);

    let navy = get(&app, "/c/women?color=Navy").await;
    let narrowed = result_count(&navy.body);
    assert!(narrowed > 0 && narrowed < total, "{narrowed} of {total}");
    assert!(
        navy.body.contains("value=\"Navy\" checked"),
        "selected facet not checked"
    );
}

async fn subcategory_products_are_in_the_parent_listing(app, db) {
    let parent = result_count(&get(&app, "/c/women").await.body);
    let mut sum = 0;
    for child in ["women-dresses", "women-tops", "women-jeans", "women-shoes"] {
        sum += result_count(&get(&app, &format!("/c/{child}")).await.body);
    }
    assert_eq!(parent, sum);
}

async fn unknown_things_are_404(app, db) {
    for uri in [
        "/c/nope",
        "/p/nope",
        "/nothing/here",
        "/media/tshirt-1/red/9.svg",
        "/media/rocket-1/red/0.svg",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{uri}");
    }
    let page = get(&app, "/p/nope").await;
    assert!(page.body.contains("data-testid=\"not-found\""));
}

async fn electronics_are_not_sold_in_the_apparel_store(app, db) {
    let slug = db.text("SELECT slug FROM products WHERE catalog_id = 'electronics' LIMIT 1").await;
    assert_eq!(get(&app, &format!("/p/{slug}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/c/laptops").await.status, StatusCode::NOT_FOUND);
}

async fn malformed_queries_are_400_never_500(app, db) {
    for uri in [
        "/c/women?page=abc",
        "/c/women?page=0",
        "/c/women?sort=cheapest",
        "/c/women?price=lots",
        "/search?q=x&page=-2",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(page.body.contains("data-testid=\"error-page\""), "{uri}");
    }
    // Unknown parameters and unknown facet values are not errors.
    assert_eq!(
        get(&app, "/c/women?utm_source=x&color=Chartreuse").await.status,
        StatusCode::OK
    );
}

async fn a_page_past_the_end_is_empty_with_a_way_back(app, db) {
    let page = get(&app, "/c/women?page=4000000000").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(product_links(&page.body).is_empty());
    assert!(page.body.contains("Back to the last page"));
}

async fn search_finds_by_name_and_survives_fts_syntax(app, db) {
    let page = get(&app, "/search?q=shirt").await;
    assert_eq!(page.status, StatusCode::OK);
    let links = product_links(&page.body);
    assert!(!links.is_empty());
    assert!(
        links
            .iter()
            .take(5)
            .all(|l| l.contains("shirt") || l.contains("tee") || l.contains("henley")),
        "{links:?}"
    );
    for q in ["%22", "NEAR(a", "*", "a%20OR%20", "col%3Ax", "%F0%9F%91%95"] {
        let page = get(&app, &format!("/search?q={q}")).await;
        assert_eq!(page.status, StatusCode::OK, "q={q}");
    }
}

async fn product_page_selects_the_variant_in_the_url(app, db) {
    let (slug, sku, color, size): (String, String, String, String) = db
        .row(
            "SELECT p.slug, v.sku, v.color, v.size FROM products p JOIN variants v ON v.product_id = p.id
              WHERE p.catalog_id = 'apparel' AND v.size IS NOT NULL ORDER BY p.id, v.position DESC LIMIT 1",
        )
        .await;
    let page = get(&app, &format!("/p/{slug}?color={color}&size={size}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("data-testid=\"sku\">{sku}<")),
        "variant {sku} not selected"
    );
}

async fn pages_and_media_are_compressed_and_cached(app, db) {
    let req = Request::get("/c/men")
        .header(header::ACCEPT_ENCODING, "br")
        .body(Body::empty())
        .unwrap();
    let page = get_with(&app, req).await;
    assert_eq!(page.headers.get(header::CONTENT_ENCODING).unwrap(), "br");

    let media = get(&app, "/media/tshirt-12/navy/0.svg").await;
    assert_eq!(media.status, StatusCode::OK);
    assert!(media.body.starts_with("<svg"));
    assert!(media
        .headers
        .get(header::CACHE_CONTROL)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("immutable"));
}

async fn capabilities_a_store_lacks_are_compiled_out(app, db) {
    // The default store has no `quick-order`: the route is the 404 page, not a hidden form.
    let page = get(&app, "/quick-order").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Quick order"));
}

async fn the_wishlist_is_compiled_out_of_stores_without_it(app, db) {
    assert_eq!(get(&app, "/wishlist").await.status, StatusCode::NOT_FOUND);
    let slug = db.text("SELECT slug FROM products WHERE catalog_id = 'apparel' LIMIT 1").await;
    let page = get(&app, &format!("/p/{slug}")).await;
    assert!(!page.body.contains("wishlist-toggle"));
}
}
