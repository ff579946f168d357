//! A browser as the router sees it: cookies kept across requests, forms posted as the
//! app's fetches (statuses) or without JavaScript (redirects).

use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;

use super::{get_with, Page};

/// A browser: keeps the cookies it is given (the session, a guest's cart) across requests.
pub struct Shopper<'a> {
    app: &'a Router,
    pub cookies: std::collections::BTreeMap<String, String>,
}

impl<'a> Shopper<'a> {
    pub fn new(app: &'a Router) -> Self {
        Shopper {
            app,
            cookies: Default::default(),
        }
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Page {
        if !self.cookies.is_empty() {
            let sent: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req.headers_mut()
                .insert(header::COOKIE, sent.join("; ").parse().unwrap());
        }
        let page = get_with(self.app, req).await;
        for set in page
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        page
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.contains_key(name)
    }

    /// A form post as the app's fetch sends it: statuses, not redirects.
    pub async fn post(&mut self, uri: &str, body: &str) -> Page {
        let req = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// A form post as a browser without JavaScript sends it: answered with a redirect.
    pub async fn submit(&mut self, uri: &str, body: &str, from: &str) -> Page {
        let req = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, format!("http://127.0.0.1:3000{from}"))
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    pub async fn get(&mut self, uri: &str) -> Page {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn count(&mut self) -> u32 {
        self.get("/api/cart-count").await.body.trim().parse().expect("count")
    }
}

pub fn location(p: &Page) -> String {
    p.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .trim_start_matches("http://127.0.0.1:3000")
        .to_string()
}

pub const DETAILS: &str = "email=guest%40example.com&name=Grace+Hopper&line1=1+Harbor+Way&line2=&postcode=94107&city=San+Francisco&country=US&shipping=standard";

/// Runs the checkout as a browser without JavaScript; returns the review page's key.
pub async fn checkout(s: &mut Shopper<'_>, payment: &str) -> Result<String, Page> {
    let saved = s
        .submit("/api/checkout-save", &format!("{DETAILS}&{payment}"), "/checkout")
        .await;
    assert!(saved.status.is_redirection(), "{}", saved.status);
    if location(&saved) != "/checkout/review" {
        return Err(saved);
    }
    let review = s.get("/checkout/review").await;
    let key = review
        .body
        .split("name=\"key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("order key on the review page")
        .to_string();
    Ok(key)
}
