//! Accounts through the router: register, sign in and out as plain form posts (no
//! JavaScript) and as fetches (with it), with the statuses and messages a shopper gets.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{get_with, Page};

const SESSION: &str = "session-default";

fn form(uri: &str, body: &str, cookie: Option<&str>, html: bool) -> Request<Body> {
    let mut req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::REFERER, "http://127.0.0.1:3000/account/register");
    if html {
        // What a browser without JavaScript sends for a form post.
        req = req.header(header::ACCEPT, "text/html,application/xhtml+xml");
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body.to_string())).expect("request")
}

fn page(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::empty()).expect("request")
}

/// The `name=value` of the session cookie a response sets.
fn session_cookie(p: &Page) -> Option<String> {
    p.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(SESSION))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

const ADA: &str = "name=Ada+Lovelace&email=Ada%40Example.com&password=analytical+engine&next=%2Fc%2Fwomen";

on_both_databases! {
async fn register_without_javascript_signs_in_and_redirects_to_next(app, db) {
    let res = get_with(&app, form("/api/register", ADA, None, true)).await;
    assert!(res.status.is_redirection(), "{}: {}", res.status, res.body);
    assert_eq!(res.headers[header::LOCATION], "/c/women");
    let set = res
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(SESSION))
        .expect("session cookie")
        .to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    let cookie = session_cookie(&res).unwrap();

    let account = get_with(&app, page("/account", Some(&cookie))).await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(
        account.body.contains("Signed in as Ada Lovelace (ada@example.com)"),
        "{}",
        account.body
    );

    // What the browser may read of the customer: no id (on Vendure, the bearer token of
    // their session there, which the HttpOnly cookie keeps from scripts).
    let me = get_with(&app, page("/api/customer", Some(&cookie))).await;
    let me: serde_json::Value = serde_json::from_str(&me.body).expect("JSON");
    assert_eq!(me["name"], "Ada Lovelace");
    let fields: Vec<&String> = me.as_object().expect("an object").keys().collect();
    assert_eq!(fields, ["email", "name"], "{me}");

    // A tampered cookie is no session: the signature does not match.
    let forged = format!("{}x", cookie);
    let anon = get_with(&app, page("/account", Some(&forged))).await;
    assert!(anon.body.contains("data-testid=\"sign-in-form\""));
}

async fn bad_input_gets_its_status_and_message_and_saves_nothing(app, db) {
    let cases = [
        (
            "name=Ada&email=not-an-email&password=analytical+engine",
            StatusCode::UNPROCESSABLE_ENTITY,
            "valid email",
        ),
        (
            "name=Ada&email=ada%40example.com&password=short",
            StatusCode::UNPROCESSABLE_ENTITY,
            "at least 8",
        ),
        (
            "name=+&email=ada%40example.com&password=analytical+engine",
            StatusCode::UNPROCESSABLE_ENTITY,
            "your name",
        ),
    ];
    for (body, status, message) in cases {
        let res = get_with(&app, form("/api/register", body, None, false)).await;
        assert_eq!(res.status, status, "{body}");
        assert!(res.body.contains(message), "{body}: {}", res.body);
    }
    assert_eq!(db.number("SELECT count(*) FROM customers").await, 0);

    // A body that does not parse is the client's fault.
    let res = get_with(&app, form("/api/register", "name=Ada", None, false)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);

    let first = get_with(&app, form("/api/register", ADA, None, false)).await;
    assert!(
        first.status.is_success() || first.status.is_redirection(),
        "{}",
        first.status
    );
    let again = get_with(&app, form("/api/register", ADA, None, false)).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("exists already"), "{}", again.body);
}

async fn without_javascript_an_error_comes_back_on_the_form(app, db) {
    let res = get_with(
        &app,
        form(
            "/api/register",
            "name=Ada&email=nope&password=analytical+engine",
            None,
            true,
        ),
    )
    .await;
    assert!(res.status.is_redirection(), "{}", res.status);
    let back = res.headers[header::LOCATION].to_str().unwrap().to_string();
    assert!(back.starts_with("http://127.0.0.1:3000/account/register?"), "{back}");
    let path = back.trim_start_matches("http://127.0.0.1:3000");
    let form_page = get_with(&app, page(path, None)).await;
    assert!(form_page.body.contains("role=\"alert\""), "no error shown");
    assert!(form_page.body.contains("Please enter a valid email address."));
}

async fn sign_in_renews_the_session_and_sign_out_ends_it(app, db) {
    let registered = get_with(&app, form("/api/register", ADA, None, false)).await;
    let first = session_cookie(&registered).expect("cookie");

    let wrong = get_with(
        &app,
        form(
            "/api/sign-in",
            "email=ada%40example.com&password=difference+engine",
            None,
            false,
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("The email or password is wrong."), "{}", wrong.body);
    let unknown = get_with(
        &app,
        form(
            "/api/sign-in",
            "email=bob%40example.com&password=analytical+engine",
            None,
            false,
        ),
    )
    .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNAUTHORIZED,
        "unknown emails answer like wrong passwords"
    );

    let ok = get_with(
        &app,
        form(
            "/api/sign-in",
            "email=ADA%40example.com&password=analytical+engine",
            Some(&first),
            false,
        ),
    )
    .await;
    assert!(
        ok.status.is_success() || ok.status.is_redirection(),
        "{}: {}",
        ok.status,
        ok.body
    );
    let second = session_cookie(&ok).expect("a renewed session id");
    assert_ne!(first, second);
    let account = get_with(&app, page("/account", Some(&second))).await;
    assert!(account.body.contains("ada@example.com"));

    let out = get_with(&app, form("/api/sign-out", "", Some(&second), true)).await;
    assert!(out.status.is_redirection());
    let after = get_with(&app, page("/account", Some(&second))).await;
    assert!(
        after.body.contains("data-testid=\"sign-in-form\""),
        "still signed in after sign-out"
    );
}

async fn failed_sign_ins_are_throttled(app, db) {
    // Failures count per process: an email of its own keeps other tests out of it.
    let grace = "name=Grace&email=grace%40example.com&password=compiler+first";
    get_with(&app, form("/api/register", grace, None, false)).await;
    for _ in 0..5 {
        let res = get_with(
            &app,
            form(
                "/api/sign-in",
                "email=grace%40example.com&password=wrong+password",
                None,
                false,
            ),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let res = get_with(
        &app,
        form(
            "/api/sign-in",
            "email=grace%40example.com&password=compiler+first",
            None,
            false,
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn concurrent_wrong_passwords_get_no_more_tries_than_one_after_another(app, db) {
    let hopper = "name=Grace&email=hopper%40example.com&password=compiler+first";
    get_with(&app, form("/api/register", hopper, None, false)).await;
    let attempts = (0..50).map(|_| {
        get_with(&app, form("/api/sign-in", "email=hopper%40example.com&password=wrong+password", None, false))
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(attempts).await.into_iter().map(|p| p.status).collect();
    let verified = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert!(verified <= 5, "{verified} passwords verified at once: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
}

async fn customers_of_another_store_cannot_sign_in_here(app, db) {
    db.execute("INSERT INTO stores (id, catalog_id, currency) VALUES ('other', 'apparel', 'EUR')")
        .await
        .unwrap();
    // Registered in `other`: the same email and password mean nothing in this store.
    let hash: String = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(b"analytical engine", &salt)
            .unwrap()
            .to_string()
    };
    // A PHC string holds no quote.
    db.execute(&format!(
        "INSERT INTO customers (store_id, email, name, password_hash) VALUES ('other', 'ada@example.com', 'Ada', '{hash}')"
    ))
    .await
    .unwrap();
    let res = get_with(
        &app,
        form(
            "/api/sign-in",
            "email=ada%40example.com&password=analytical+engine",
            None,
            false,
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // And the email is free to register here.
    let res = get_with(&app, form("/api/register", ADA, None, false)).await;
    assert!(res.status.is_success() || res.status.is_redirection(), "{}", res.status);
}
}
