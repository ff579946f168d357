//! The credential endpoints' budgets through the router: per client (behind trusted
//! proxies, the forwarded client; never a header from anyone else), per IPv6 /64, per
//! endpoint, and per target whoever asks.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{app_behind, get_with};

/// A form post to `/api/<endpoint>` arriving from `peer`, with `headers` as sent.
async fn attempt(app: &Router, peer: &str, endpoint: &str, body: &str, headers: &[(&str, &str)]) -> StatusCode {
    let mut req =
        Request::post(format!("/api/{endpoint}")).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let mut req = req.body(Body::from(body.to_string())).expect("request");
    let peer: SocketAddr = peer.parse().expect("peer");
    req.extensions_mut().insert(ConnectInfo(peer));
    get_with(app, req).await.status
}

/// An invalid registration: refused at once, but counted like any attempt.
const REGISTER: &str = "name=&email=not-an-email&password=x";

async fn until_refused(app: &Router, peer: &str, headers: &[(&str, &str)]) -> usize {
    for n in 0..50 {
        if attempt(app, peer, "register", REGISTER, headers).await == StatusCode::TOO_MANY_REQUESTS {
            return n;
        }
    }
    panic!("50 attempts and no 429");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let (app, _db) = app_behind("10.0.0.0/8").await;
    let allowed = until_refused(&app, "10.0.0.7:5000", &[("x-forwarded-for", "198.51.100.1")]).await;
    assert!(allowed >= 5, "a client gets several tries: {allowed}");
    // The same proxy, another shopper: not locked out by the first.
    let other = attempt(
        &app,
        "10.0.0.7:5000",
        "register",
        REGISTER,
        &[("x-forwarded-for", "198.51.100.2")],
    )
    .await;
    assert_ne!(other, StatusCode::TOO_MANY_REQUESTS);
    let other = attempt(
        &app,
        "10.0.0.7:5000",
        "register",
        REGISTER,
        &[("forwarded", "for=198.51.100.3")],
    )
    .await;
    assert_ne!(other, StatusCode::TOO_MANY_REQUESTS);
    // The first, through another of the proxies: still refused.
    let again = attempt(
        &app,
        "10.9.9.9:5000",
        "register",
        REGISTER,
        &[("x-forwarded-for", "198.51.100.1")],
    )
    .await;
    assert_eq!(again, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_forwarded_header_from_an_untrusted_peer_changes_nothing() {
    let (app, _db) = app_behind("10.0.0.0/8").await;
    let mut refused = false;
    for n in 0..50 {
        let spoof = format!("198.51.100.{n}");
        let status = attempt(
            &app,
            "203.0.113.5:5000",
            "register",
            REGISTER,
            &[("x-forwarded-for", &spoof), ("forwarded", &format!("for={spoof}"))],
        )
        .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            refused = true;
            break;
        }
    }
    assert!(refused, "a new address in a header each time must not buy new attempts");
}

#[tokio::test]
async fn one_ipv6_64_is_one_client() {
    let (app, _db) = app_behind("").await;
    let mut refused = false;
    for n in 1..50 {
        let peer = format!("[2001:db8:7:7::{n:x}]:5000");
        if attempt(&app, &peer, "register", REGISTER, &[]).await == StatusCode::TOO_MANY_REQUESTS {
            refused = true;
            break;
        }
    }
    assert!(
        refused,
        "a new address in the same /64 each time must not buy new attempts"
    );
    let neighbour = attempt(&app, "[2001:db8:7:8::1]:5000", "register", REGISTER, &[]).await;
    assert_ne!(neighbour, StatusCode::TOO_MANY_REQUESTS, "the next /64 is someone else");
}

#[tokio::test]
async fn each_endpoint_has_its_own_budget() {
    let (app, _db) = app_behind("").await;
    until_refused(&app, "192.0.2.1:5000", &[]).await;
    let sign_in = attempt(
        &app,
        "192.0.2.1:5000",
        "sign-in",
        "email=a%40example.com&password=wrong+password",
        &[],
    )
    .await;
    assert_eq!(
        sign_in,
        StatusCode::UNAUTHORIZED,
        "sign-in is not spent by register's attempts"
    );
}

#[tokio::test]
async fn a_target_has_its_budget_whoever_asks() {
    let (app, _db) = app_behind("").await;
    let mut statuses = Vec::new();
    for n in 1..=12 {
        // A new client each time, always the same email (written differently).
        let email = if n % 2 == 0 {
            "victim%40example.com"
        } else {
            "+VICTIM%40Example.com+"
        };
        let peer = format!("192.0.2.{n}:5000");
        statuses.push(attempt(&app, &peer, "password-forgot", &format!("email={email}"), &[]).await);
    }
    assert!(
        statuses[..5].iter().all(|s| *s != StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    // Another email is untouched.
    let other = attempt(
        &app,
        "192.0.2.99:5000",
        "password-forgot",
        "email=other%40example.com",
        &[],
    )
    .await;
    assert_ne!(other, StatusCode::TOO_MANY_REQUESTS);

    // An order number is a target of its own: many emails, one number.
    let mut statuses = Vec::new();
    for n in 1..=8 {
        let peer = format!("198.51.100.{n}:5000");
        statuses.push(
            attempt(
                &app,
                &peer,
                "order-lookup",
                &format!("number=DEFAULT-000001&email=x{n}%40example.com"),
                &[],
            )
            .await,
        );
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}
