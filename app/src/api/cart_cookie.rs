#![cfg(feature = "ssr")]
//! A guest's cart id, in a signed cookie of its own rather than in a server session:
//! a new visitor's first add to cart is then one write (the cart) instead of two (the
//! cart, then a session row after it), and a guest's cart pages read no session.
//! Signed-in customers keep their cart in the session, next to who they are.

use leptos::prelude::*;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::{Cookie, CookieJar, Key, SameSite};

use crate::model::CartId;
use crate::store::STORE;

/// The key the cookie is signed with (the session key), in every request's context.
#[derive(Clone)]
pub struct CartCookie(Key);

impl CartCookie {
    pub fn new(key: Key) -> Self {
        CartCookie(key)
    }
}

/// What this request set, for reads later in the same request: its own headers still
/// carry the cookie the browser sent.
#[derive(Clone)]
struct Written(Option<CartId>);

fn name() -> String {
    STORE.cookie_name("cart")
}

fn key() -> Option<Key> {
    let key = use_context::<CartCookie>().map(|c| c.0);
    if key.is_none() {
        tracing::error!("CartCookie missing from context");
    }
    key
}

/// The guest cart this browser holds; a cookie whose signature fails holds none.
pub fn read() -> Option<CartId> {
    if let Some(Written(id)) = use_context::<Written>() {
        return id;
    }
    let parts = use_context::<http::request::Parts>()?;
    from_headers(&parts.headers, &key()?)
}

fn from_headers(headers: &http::HeaderMap, key: &Key) -> Option<CartId> {
    let name = name();
    let mut jar = CookieJar::new();
    let sent = headers.get_all(http::header::COOKIE).iter().filter_map(|h| h.to_str().ok());
    for cookie in sent.flat_map(Cookie::split_parse).flatten() {
        if cookie.name() == name {
            jar.add_original(cookie.into_owned());
        }
    }
    CartId::parse(jar.signed(key).get(&name)?.value())
}

/// Remembers the guest's cart for 14 days from its last change, as sessions last.
pub fn write(id: CartId) {
    set(Some(id));
}

pub fn clear() {
    set(None);
}

fn set(id: Option<CartId>) {
    provide_context(Written(id.clone()));
    let (Some(key), Some(res)) = (key(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(&set_cookie(id.as_ref(), &key)) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

fn set_cookie(id: Option<&CartId>, key: &Key) -> String {
    let cookie = Cookie::build((name(), id.map(|i| i.to_string()).unwrap_or_default()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(STORE.secure_cookies())
        .max_age(if id.is_some() { Duration::days(14) } else { Duration::ZERO })
        .build();
    let mut jar = CookieJar::new();
    match id {
        Some(_) => jar.signed_mut(key).add(cookie),
        None => jar.add(cookie),
    }
    jar.get(&name()).map(|c| c.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(set_cookie: &str) -> http::HeaderMap {
        let pair = set_cookie.split(';').next().unwrap();
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, format!("theme=dark; {pair}").parse().unwrap());
        headers
    }

    #[test]
    fn a_written_cart_reads_back_with_its_key_only() {
        let key = Key::generate();
        let set = set_cookie(Some(&CartId::new("42")), &key);
        assert!(set.starts_with(&format!("{}=", name())), "{set}");
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Max-Age=1209600"), "{set}");
        assert_eq!(from_headers(&sent(&set), &key), Some(CartId::new("42")));
        assert_eq!(from_headers(&sent(&set), &Key::generate()), None, "another key's signature");
    }

    #[test]
    fn a_forged_or_cleared_cookie_holds_no_cart() {
        let key = Key::generate();
        let set = set_cookie(Some(&CartId::new("42")), &key);
        let forged = set.replacen("42;", "43;", 1);
        assert_ne!(forged, set);
        assert_eq!(from_headers(&sent(&forged), &key), None);
        let unsigned = format!("{}=42", name());
        assert_eq!(from_headers(&sent(&unsigned), &key), None);
        let cleared = set_cookie(None, &key);
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        assert_eq!(from_headers(&sent(&cleared), &key), None);
    }
}
