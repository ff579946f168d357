//! Every route and server function fed what an attacker would send: overlong, control
//! characters, unicode, SQL and FTS syntax, negative and huge numbers, missing and
//! repeated parameters, wrong content types, malformed bodies, tampered cookies. Never
//! a 5xx, never internals in a body. And the defences that need the whole router:
//! cross-origin writes, return paths, security headers, cookies.

#[macro_use]
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{get_with, Page};

const VALUES: &[&str] = &[
    "",
    "\u{0}",
    "a\r\nSet-Cookie: x=y",
    "\u{ff11}\u{ff12}\u{ff13}\u{ff14}\u{ff15}",
    "123\u{e9}45",
    "' OR 1=1 --",
    "\"*) NEAR( OR ^",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "%zz",
    "/%09/evil.example",
    "<script>alert(1)</script>",
];

/// Server functions that change state, with a plausible value for every field.
const WRITES: &[(&str, &[(&str, &str)])] = &[
    (
        "sign-in",
        &[
            ("email", "ada@example.com"),
            ("password", "analytical engine"),
            ("next", "/"),
        ],
    ),
    (
        "register",
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("password", "analytical engine"),
            ("next", "/"),
        ],
    ),
    (
        "checkout-save",
        &[
            ("email", "ada@example.com"),
            ("name", "Ada"),
            ("line1", "1 Main St"),
            ("line2", ""),
            ("postcode", "1011 AB"),
            ("city", "Amsterdam"),
            ("country", "NL"),
            ("shipping", "standard"),
            ("payment", "invoice"),
            ("card", ""),
        ],
    ),
    ("place-order", &[("key", "k")]),
    (
        "address-save",
        &[
            ("id", "1"),
            ("name", "Ada"),
            ("line1", "1 Main St"),
            ("postcode", "10115"),
            ("city", "Berlin"),
            ("country", "DE"),
        ],
    ),
    ("address-delete", &[("id", "1")]),
    ("address-default", &[("id", "1")]),
    ("cart-add", &[("sku", "SKU"), ("quantity", "1")]),
    ("cart-update", &[("sku", "SKU"), ("quantity", "1")]),
    ("cart-remove", &[("sku", "SKU")]),
    ("cart-coupon", &[("code", "WELCOME10")]),
    ("cart-coupon-remove", &[]),
    ("wishlist-toggle", &[("slug", "x")]),
    // Last: it ends the session the others run in.
    ("sign-out", &[]),
];

const PAGES: &[&str] = &[
    "/",
    "/c/women",
    "/p/x",
    "/search",
    "/cart",
    "/checkout",
    "/checkout/review",
    "/order/x",
    "/account",
    "/account/orders/x",
    "/account/addresses",
    "/account/addresses/x",
    "/account/sign-in",
    "/account/register",
    "/wishlist",
    "/quick-order",
    "/sitemap.xml",
    "/sitemap/x.xml",
    "/robots.txt",
    "/media/a/b/c.svg",
    "/api/navigation",
    "/api/listing",
    "/api/product",
    "/api/order",
    "/api/cart",
    "/api/quick-order",
];

const PARAMS: &[&str] = &[
    "q", "page", "sort", "price", "brand", "color", "size", "view", "next", "number", "slug", "lines", "__err",
];

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn form(uri: &str, body: String) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

/// A signed-in customer with a cart: every write then gets past "sign in first" and
/// "your cart is empty" to the checks of its own fields.
async fn customer_with_cart(app: &axum::Router, sku: &str) -> String {
    let registered = get_with(
        app,
        form(
            "/api/register",
            "name=Eve&email=eve%40example.com&password=analytical+engine".into(),
        ),
    )
    .await;
    let cookie = registered
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .collect::<Vec<_>>()
        .join("; ");
    let mut add = form("/api/cart-add", format!("sku={sku}&quantity=1"));
    add.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
    assert_eq!(get_with(app, add).await.status, StatusCode::OK);
    cookie
}

/// No server error, and nothing of the machinery behind it.
fn assert_answered(what: &str, page: &Page) {
    assert!(!page.status.is_server_error(), "{what}: {} {}", page.status, page.body);
    for leak in [
        "sqlx::",
        "SqliteError",
        "error returned from database",
        "panicked at",
        ".rs:",
        "stack backtrace",
    ] {
        assert!(!page.body.contains(leak), "{what} shows `{leak}`: {}", page.body);
    }
}

fn futures_body(text: String) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text.into_bytes().chunks(1000).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

on_both_databases! {
async fn every_write_survives_every_hostile_field(app, db) {
    let sku = db.apparel_sku_with_stock(5).await;
    let cookie = customer_with_cart(&app, &sku).await;
    let form = |uri: &str, body: String| {
        let mut req = form(uri, body);
        req.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        req
    };
    for (endpoint, fields) in WRITES {
        let uri = format!("/api/{endpoint}");
        let valid = |name: &str, value: &str| {
            if value == "SKU" {
                sku.clone()
            } else if name == "x" {
                String::new()
            } else {
                value.to_string()
            }
        };
        for (i, (field, _)) in fields.iter().enumerate() {
            for value in VALUES {
                let body: Vec<String> = fields
                    .iter()
                    .enumerate()
                    .map(|(j, (name, v))| {
                        format!(
                            "{name}={}",
                            enc(&if i == j { value.to_string() } else { valid(name, v) })
                        )
                    })
                    .collect();
                let page = get_with(&app, form(&uri, body.join("&"))).await;
                assert_answered(&format!("{uri} {field}={value:?}"), &page);
            }
            // Missing, repeated and overlong.
            let without: Vec<String> = fields
                .iter()
                .filter(|(n, _)| n != field)
                .map(|(n, v)| format!("{n}={}", enc(&valid(n, v))))
                .collect();
            assert_answered(
                &format!("{uri} without {field}"),
                &get_with(&app, form(&uri, without.join("&"))).await,
            );
            let repeated = format!("{field}=a&{field}=b&{}", without.join("&"));
            assert_answered(
                &format!("{uri} {field} twice"),
                &get_with(&app, form(&uri, repeated)).await,
            );
            let long = format!("{field}={}&{}", "x".repeat(15_000), without.join("&"));
            assert_answered(
                &format!("{uri} {field} overlong"),
                &get_with(&app, form(&uri, long)).await,
            );
        }
        for body in ["%", "=&=&", "\u{0}", "a=%zz&&&"] {
            assert_answered(
                &format!("{uri} body {body:?}"),
                &get_with(&app, form(&uri, body.into())).await,
            );
        }
    }
}

async fn every_page_survives_every_hostile_parameter_and_cookie(app, db) {
    let cookies = [
        "session-default=garbage",
        "session-default=%00%ff; cart-default=1",
        "cart-default=12.forged-signature",
        "wishlist-default=../../etc/passwd.<script>",
    ];
    for path in PAGES {
        for param in PARAMS {
            for value in VALUES {
                let uri = format!("{path}?{param}={}&{param}=2", enc(value));
                let page = get_with(&app, Request::get(&uri).body(Body::empty()).unwrap()).await;
                assert_answered(&uri, &page);
            }
        }
        for cookie in cookies {
            let req = Request::get(*path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            assert_answered(&format!("{path} with {cookie}"), &get_with(&app, req).await);
        }
        let long = format!("{path}?q={}", "y".repeat(20_000));
        assert_answered(
            &long[..60],
            &get_with(&app, Request::get(&long).body(Body::empty()).unwrap()).await,
        );
    }
}

/// Bodies of the wrong kind or size are refused before anything reads them.
async fn wrong_content_types_and_large_bodies_are_refused(app, db) {
    for content_type in ["application/json", "text/plain", "multipart/form-data; boundary=x"] {
        let req = Request::post("/api/cart-add")
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from("sku=x&quantity=1"))
            .unwrap();
        let page = get_with(&app, req).await;
        assert_eq!(page.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
    }
    let mut big = form("/api/cart-add", format!("sku={}", "x".repeat(100_000)));
    big.headers_mut().insert(header::CONTENT_LENGTH, 100_004.into());
    assert_eq!(get_with(&app, big).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Without a length, the body is cut at the limit: the handler cannot read it.
    let stream = futures_body("sku=".to_string() + &"x".repeat(100_000));
    let req = Request::post("/api/cart-add")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(stream)
        .unwrap();
    let page = get_with(&app, req).await;
    assert!(page.status.is_client_error(), "{}", page.status);
}

/// Another site, or another store on the same host, cannot change a shopper's state;
/// the store's own pages can.
async fn cross_origin_writes_are_refused_before_anything_changes(app, db) {
    let sku = db.apparel_sku_with_stock(5).await;
    let add = |headers: &[(&str, &str)]| {
        let mut req = Request::post("/api/cart-add").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(Body::from(format!("sku={sku}&quantity=1"))).unwrap()
    };
    for hostile in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "http://127.0.0.1:3011"), ("host", "127.0.0.1:3000")],
        &[("sec-fetch-site", "same-site")],
        &[("sec-fetch-site", "cross-site")],
        &[("referer", "https://evil.example/shop")],
        &[("origin", "null")],
    ] {
        let page = get_with(&app, add(hostile)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{hostile:?}");
        assert!(
            page.headers.get(header::SET_COOKIE).is_none(),
            "{hostile:?} started a cart"
        );
    }
    let html = get_with(
        &app,
        Request::post("/api/sign-in")
            .header(header::ORIGIN, "https://evil.example")
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("email=a%40b.example&password=whatever1"))
            .unwrap(),
    )
    .await;
    assert_eq!(html.status, StatusCode::FORBIDDEN);
    assert!(html.body.contains("data-testid=\"error-page\""), "{}", html.body);
    assert_eq!(db.number("SELECT COUNT(*) FROM carts").await, 0, "a refused write changed nothing");

    for own in [
        &[("origin", "http://127.0.0.1:3000")][..],
        &[("origin", "http://shop.test"), ("host", "shop.test")],
        &[("sec-fetch-site", "same-origin"), ("origin", "http://127.0.0.1:3000")],
        &[("referer", "http://127.0.0.1:3000/p/x")],
        &[],
    ] {
        let page = get_with(&app, add(own)).await;
        assert_eq!(page.status, StatusCode::OK, "{own:?}: {}", page.body);
    }
}

/// Whatever `next` holds, sign-in and register send the shopper to a path of this site.
async fn return_paths_never_leave_the_site(app, db) {
    for (i, next) in [
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/a\r\nSet-Cookie: x=y",
        "/\u{0}",
        &format!("/{}", "a".repeat(2_000))[..],
    ]
    .iter()
    .enumerate()
    {
        let body = format!(
            "name=Ada&email=ada{i}%40example.com&password=analytical+engine&next={}",
            enc(next)
        );
        let req = Request::post("/api/register")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .body(Body::from(body))
            .unwrap();
        let page = get_with(&app, req).await;
        assert!(page.status.is_redirection(), "{next:?}: {} {}", page.status, page.body);
        assert_eq!(page.headers[header::LOCATION], "/account", "{next:?}");
    }
}

async fn every_kind_of_response_carries_the_security_headers(app, db) {
    let refused = Request::post("/api/cart-add")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let shopper = Request::get("/cart")
        .header(header::COOKIE, "a=b")
        .body(Body::empty())
        .unwrap();
    for (what, req) in [
        ("catalog page", Request::get("/c/women").body(Body::empty()).unwrap()),
        ("shopper page", shopper),
        (
            "server function",
            Request::get("/api/cart-count").body(Body::empty()).unwrap(),
        ),
        ("robots", Request::get("/robots.txt").body(Body::empty()).unwrap()),
        ("not found", Request::get("/nope").body(Body::empty()).unwrap()),
        ("refused", refused),
    ] {
        let page = get_with(&app, req).await;
        let h = &page.headers;
        assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(h["x-frame-options"], "DENY", "{what}");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin", "{what}");
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert!(
            !csp.contains("'unsafe-eval'") && !csp.contains("nonce-"),
            "{what}: {csp}"
        );
        // The demo stores are served over http: no HSTS.
        assert!(h.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "{what}");
    }
    // A page's policy names its inline scripts by hash, the same for every shopper
    // served the cached page.
    let first = get_with(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    let second = get_with(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    let csp = first.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("'sha256-"), "{csp}");
    assert_eq!(
        first.headers[header::CONTENT_SECURITY_POLICY],
        second.headers[header::CONTENT_SECURITY_POLICY]
    );
    assert_eq!(first.body, second.body);
    // A 304's headers replace those of the page the browser kept: the page's own policy,
    // not the locked-down one that would stop its scripts.
    let revalidated = get_with(
        &app,
        Request::get("/")
            .header(header::IF_NONE_MATCH, first.headers[header::ETAG].clone())
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert_eq!(
        revalidated.headers[header::CONTENT_SECURITY_POLICY],
        first.headers[header::CONTENT_SECURITY_POLICY]
    );
}

/// The page cache keys a page by the parameters it reads: random ones do not make
/// new entries, and a form's error on a page is never served to someone else.
async fn cache_busting_parameters_share_the_page_and_errors_are_not_cached(app, db) {
    let plain = get_with(&app, Request::get("/c/women").body(Body::empty()).unwrap()).await;
    let busted = get_with(
        &app,
        Request::get("/c/women?x=123&utm_source=y").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(plain.headers[header::ETAG], busted.headers[header::ETAG]);
    let error = get_with(
        &app,
        Request::get("/c/women?__path=%2Fapi%2Fcart-add&__err=Only+3+left")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(error.status, StatusCode::OK);
    let after = get_with(&app, Request::get("/c/women").body(Body::empty()).unwrap()).await;
    assert!(!after.body.contains("Only 3 left"));
}
}

/// A link carrying a form error (`?__path=…&__err=…`) shows it only when the server
/// signed it for the shopper's own failed submission: anyone's text in a real form's
/// error box is a phishing tool.
#[tokio::test]
async fn a_form_error_shows_only_when_the_server_signed_it() {
    use base64::Engine;
    use common::browser::{location, Shopper};
    let (app, _db) = common::app().await;
    let planted = base64::engine::general_purpose::STANDARD.encode("ServerError|Your account is locked: call 555-0100");
    let planted: String = form_urlencoded::byte_serialize(planted.as_bytes()).collect();
    for sig in ["", "&__sig=1.AAAA", "&__sig=garbage"] {
        let page = get_with(
            &app,
            Request::get(format!("/account/sign-in?__path=%2Fapi%2Fsign-in&__err={planted}{sig}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("555-0100"), "planted text shown with `{sig}`");
    }

    // The shopper's own mistake, posted without JavaScript, still comes back to the form.
    let mut s = Shopper::new(&app);
    let wrong = s
        .submit(
            "/api/sign-in",
            "email=nobody%40example.com&password=not+the+password",
            "/account/sign-in",
        )
        .await;
    let back = location(&wrong);
    assert!(back.contains("__sig="), "{back}");
    let message = common::shopper::form_error(&back).expect("an error");
    let page = s.get(&back).await;
    assert!(page.body.contains(&message), "the form shows `{message}`");
}
