//! What concurrency must not do: stall a page because another router is being built
//! (the hang that once made the suite run one test at a time), or let hostile requests
//! slow ordinary shoppers down.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, apparel_sku_with_stock, get_with};
use leptos::config::LeptosOptions;

/// Building a router generates the app's routes, which once suppressed every resource
/// load in the process while it ran: a page rendering in another test waited forever.
#[test]
fn pages_render_while_other_routers_are_built() {
    let stop = Arc::new(AtomicBool::new(false));
    let builder = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let db = common::db().await;
                let options = LeptosOptions::builder()
                    .output_name("storefront")
                    .site_root("target/site")
                    .build();
                while !stop.load(Ordering::Relaxed) {
                    drop(server::router(options.clone(), db.pool.clone()).await.expect("router"));
                }
            });
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (app, _db) = app().await;
        for i in 0..60 {
            // A cookie: rendered for this shopper, never from the page cache.
            let req = Request::get(format!("/c/women?page={}", 1 + i % 2))
                .header(header::COOKIE, "session-default=unknown")
                .body(Body::empty())
                .unwrap();
            let started = Instant::now();
            let page = tokio::time::timeout(Duration::from_secs(5), get_with(&app, req))
                .await
                .unwrap_or_else(|_| panic!("render {i} stalled while routers were built"));
            assert_eq!(page.status, StatusCode::OK, "render {i}");
            assert!(started.elapsed() < Duration::from_secs(5));
        }
    });
    stop.store(true, Ordering::Relaxed);
    builder.join().unwrap();
}

/// Hostile requests (cache-busting, oversized, cross-site, malformed) mixed with ordinary
/// shoppers on a multi-threaded runtime, as in production: every ordinary request is
/// answered within a second, and nothing answers 5xx.
#[test]
fn hostile_traffic_does_not_slow_ordinary_shoppers() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (app, db) = app().await;
        let sku = apparel_sku_with_stock(&db.pool, 10_000).await;
        let hostile = |i: usize| -> Request<Body> {
            match i % 6 {
                0 => Request::get(format!("/c/women?x={i}&utm={}", "z".repeat(i % 500)))
                    .body(Body::empty())
                    .unwrap(),
                1 => Request::post("/api/cart-add")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::CONTENT_LENGTH, "100000000")
                    .body(Body::from("sku=x"))
                    .unwrap(),
                2 => Request::post("/api/sign-in")
                    .header(header::ORIGIN, "https://evil.example")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from("email=a%40b.c&password=xxxxxxxx"))
                    .unwrap(),
                3 => Request::post("/api/cart-add")
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from("{\"sku\":1}"))
                    .unwrap(),
                4 => Request::get(format!("/search?q={}&brand={}", "%22%27*".repeat(20), "%00".repeat(30)))
                    .body(Body::empty())
                    .unwrap(),
                _ => Request::get("/p/does-not-exist?color=%ff%fe")
                    .header(header::COOKIE, "session-default=forged.signature; cart-default=1.2")
                    .body(Body::empty())
                    .unwrap(),
            }
        };
        let ordinary = |i: usize, sku: &str| -> Request<Body> {
            match i % 3 {
                0 => Request::get("/c/women").body(Body::empty()).unwrap(),
                1 => Request::get("/").body(Body::empty()).unwrap(),
                _ => Request::post("/api/cart-add")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!("sku={sku}&quantity=1")))
                    .unwrap(),
            }
        };
        let mut tasks = Vec::new();
        for i in 0..300 {
            let (router, req) = (app.clone(), hostile(i));
            tasks.push(tokio::spawn(async move {
                (false, Instant::now(), get_with(&router, req).await)
            }));
            if i % 3 == 0 {
                let (router, req) = (app.clone(), ordinary(i / 3, &sku));
                tasks.push(tokio::spawn(async move {
                    (true, Instant::now(), get_with(&router, req).await)
                }));
            }
        }
        for task in tasks {
            let (is_ordinary, started, page) = task.await.unwrap();
            let took = started.elapsed();
            assert!(!page.status.is_server_error(), "{}: {}", page.status, page.body);
            if is_ordinary {
                assert!(page.status.is_success(), "{}: {}", page.status, page.body);
                assert!(took < Duration::from_secs(1), "an ordinary request took {took:?}");
            }
        }
    });
}
