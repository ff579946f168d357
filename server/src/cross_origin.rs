//! Writes only from the store's own pages. SameSite=Lax cookies stop another *site*
//! from posting with the shopper's session, but not another store on the same host
//! (browsers count every port of a host as one site), and not login CSRF, which needs
//! no cookie at all. So every request that may change state (anything but GET, HEAD,
//! OPTIONS) is checked before it reaches a handler:
//!
//! - `Sec-Fetch-Site` (sent by every current browser): only `same-origin`, or `none`
//!   (typed or bookmarked by the shopper), passes;
//! - else `Origin`, else `Referer`: its origin must be the store's own, the one in
//!   `base_url` or the one the request was sent to (`Host`);
//! - a request with none of the three does not come from a browser's page, so it carries
//!   no shopper's ambient authority from another site, and passes.
//!
//! Server functions accept only the form encoding the app's forms and fetches send; a
//! JSON or multipart body, which no page of ours sends, is refused with 415.

use app::i18n::t;
use app::routes::API_PREFIX;
use app::store::STORE;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;

use crate::error_page::refusal;

const FORM: &str = "application/x-www-form-urlencoded";

/// The refusal for a request that may change state and does not come from the store's
/// own pages, or sends a body of a kind the app never sends; `None` to let it through.
pub fn refusal_of(req: &Request) -> Option<Response> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    if let Err(why) = from_own_origin(req.headers()) {
        tracing::warn!(method = %req.method(), path = req.uri().path(), why, "cross-origin write refused");
        return Some(refusal(
            req.uri().path(),
            req.headers(),
            StatusCode::FORBIDDEN,
            t::error_cross_site(),
        ));
    }
    if req.uri().path().starts_with(API_PREFIX) && !is_form(req.headers()) {
        return Some(refusal(
            req.uri().path(),
            req.headers(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            t::error_unsupported_type(),
        ));
    }
    None
}

/// `Err` with the header that gave the request away.
fn from_own_origin(headers: &HeaderMap) -> Result<(), &'static str> {
    let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}"));
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        if !matches!(site, "same-origin" | "none") {
            return Err("Sec-Fetch-Site");
        }
    }
    let host = text(header::HOST);
    if let Some(origin) = text(header::ORIGIN) {
        return own(origin, host).then_some(()).ok_or("Origin");
    }
    if let Some(referer) = text(header::REFERER) {
        return own(origin_of(referer), host).then_some(()).ok_or("Referer");
    }
    Ok(())
}

/// `scheme://host[:port]` of a URL, as `Origin` would send it.
fn origin_of(url: &str) -> &str {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &url[..scheme.len() + 3 + end]
}

fn own(origin: &str, host: Option<&str>) -> bool {
    let store = origin_of(STORE.base_url);
    if origin.eq_ignore_ascii_case(store) {
        return true;
    }
    let authority = origin.split_once("://").map(|(_, authority)| authority);
    authority.is_some() && authority == host
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case(FORM))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (header::HeaderName::from_static(k), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn the_store_itself_and_non_browsers_may_write() {
        let own = origin_of(STORE.base_url);
        let own_referer = format!("{own}/cart?x=1");
        let ok: &[HeaderMap] = &[
            headers(&[]),
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("sec-fetch-site", "none")]),
            [(header::ORIGIN, own.parse().unwrap())].into_iter().collect(),
            [(header::REFERER, own_referer.parse().unwrap())].into_iter().collect(),
            headers(&[("origin", "http://shop.test:8080"), ("host", "shop.test:8080")]),
        ];
        for h in ok {
            assert_eq!(from_own_origin(h), Ok(()), "{h:?}");
        }
    }

    #[test]
    fn other_sites_and_other_stores_on_the_host_may_not() {
        let refused = [
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site"), ("origin", "http://127.0.0.1:3011")]),
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("origin", "http://127.0.0.1:3011"), ("host", "127.0.0.1:3000")]),
            headers(&[("referer", "https://evil.example/page")]),
            headers(&[("referer", "http://127.0.0.1:3000.evil.example/")]),
            headers(&[("origin", "http://evil.example"), ("referer", "http://127.0.0.1:3000/")]),
        ];
        for h in &refused {
            assert!(from_own_origin(h).is_err(), "{h:?}");
        }
    }

    #[test]
    fn origins_are_cut_from_urls() {
        assert_eq!(origin_of("http://a.test:3000/x?y#z"), "http://a.test:3000");
        assert_eq!(origin_of("https://a.test"), "https://a.test");
        assert_eq!(origin_of("garbage"), "garbage");
    }

    #[test]
    fn only_the_form_encoding_is_accepted() {
        assert!(is_form(&headers(&[(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8"
        )])));
        for other in ["application/json", "text/plain", "multipart/form-data; boundary=x"] {
            assert!(!is_form(
                &[(header::CONTENT_TYPE, other.parse().unwrap())].into_iter().collect()
            ));
        }
        assert!(!is_form(&headers(&[])));
    }
}
