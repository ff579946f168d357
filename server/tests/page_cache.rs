//! Anonymous catalog pages come from memory until the catalog changes.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, get, get_with, product_links};
use server::db::CATALOG_MAX_AGE;

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
    assert!(sold_out.body.contains("data-testid=\"stock\""));
    assert_ne!(sold_out.body, after.body, "a stock change shows within the max age");
}
}

#[tokio::test]
async fn anonymous_requests_are_served_from_memory_and_shoppers_with_a_cookie_are_not() {
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
    assert!(shopper.body.contains(" Zeta"), "a shopper's page is rendered");
    assert_eq!(shopper.headers[header::CACHE_CONTROL], "private, no-cache");
}
