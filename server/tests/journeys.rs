//! Shopper journeys through the Axum router, the same whichever database the storefront
//! runs on: each test runs as `name::sqlite` (the file) and `name::postgres` (the cluster
//! `cargo store test` starts, `POSTGRES_URL`).

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::browser::{checkout, location, Shopper};
use common::{product_links, result_count};

/// The SKU the first in-stock product of a listing offers to add.
async fn a_sku(s: &mut Shopper<'_>) -> String {
    let listing = s.get("/c/women").await;
    for slug in product_links(&listing.body) {
        let page = s.get(&format!("/p/{slug}")).await;
        if let Some(sku) = page
            .body
            .split("name=\"sku\" value=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            return sku.to_string();
        }
    }
    panic!("no product to add on /c/women");
}

on_both_databases! {
    async fn the_catalog_lists_searches_and_shows_products(app, db) {
        let mut s = Shopper::new(&app);
        let home = s.get("/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(!product_links(&home.body).is_empty(), "featured products");
        let women = s.get("/c/women").await;
        assert_eq!(women.status, StatusCode::OK);
        let all = result_count(&women.body);
        assert!(all > 0);
        let narrowed = s.get("/c/women?size=M").await;
        assert!(result_count(&narrowed.body) <= all);
        let word = s.get("/search?q=shirt").await;
        let prefix = s.get("/search?q=shi").await;
        assert!(result_count(&word.body) > 0, "a whole word finds products");
        assert!(result_count(&prefix.body) >= result_count(&word.body), "every word is a prefix");
        let slug = product_links(&women.body).remove(0);
        assert_eq!(s.get(&format!("/p/{slug}")).await.status, StatusCode::OK);
        assert_eq!(s.get("/p/no-such-product").await.status, StatusCode::NOT_FOUND);
        assert_eq!(s.get("/healthz").await.status, StatusCode::OK);
    }

    async fn a_guest_fills_a_cart_and_buys_once(app, db) {
        let mut s = Shopper::new(&app);
        let sku = a_sku(&mut s).await;
        let added = s.post("/api/cart-add", &format!("sku={sku}&quantity=2")).await;
        assert_eq!(added.status, StatusCode::OK);
        assert_eq!(added.body, "2", "an add answers the cart's new count");
        assert_eq!(s.count().await, 2);
        let cart = s.get("/cart").await;
        assert!(cart.body.contains(&sku));
        let key = checkout(&mut s, "payment=invoice").await.expect("details accepted");
        let placed = s.submit("/api/place-order", &format!("key={key}"), "/checkout/review").await;
        let at = location(&placed);
        assert!(at.starts_with("/order/"), "{at}");
        let again = s.submit("/api/place-order", &format!("key={key}"), "/checkout/review").await;
        assert_eq!(location(&again).split('?').next(), at.split('?').next(), "the same order");
        let order = s.get(&at).await;
        assert_eq!(order.status, StatusCode::OK);
        assert!(order.body.contains(&sku));
        assert_eq!(s.count().await, 0, "the cart is spent");
    }

    async fn a_customer_registers_signs_out_and_signs_in(app, db) {
        let mut s = Shopper::new(&app);
        let email = format!("journey-{}%40example.com", std::process::id());
        let registered = s
            .submit("/api/register", &format!("name=Ada&email={email}&password=correct+horse+battery"), "/account/register")
            .await;
        assert!(registered.status.is_redirection());
        assert_eq!(s.get("/account").await.status, StatusCode::OK);
        s.submit("/api/sign-out", "", "/account").await;
        let wrong = s
            .submit("/api/sign-in", &format!("email={email}&password=not+the+password"), "/account/sign-in")
            .await;
        assert!(location(&wrong).contains("__err="), "refused");
        let right = s
            .submit("/api/sign-in", &format!("email={email}&password=correct+horse+battery"), "/account/sign-in")
            .await;
        assert!(!location(&right).contains("__err="), "{}", location(&right));
        let account = s.get("/account").await;
        assert!(account.body.contains("Ada"), "signed in as Ada");
    }
}
