//! What browsers and shared caches may keep: nothing about one shopper, every catalog
//! page revalidated by ETag, hashed bundle files for a year.

use app::routes::RouteKind;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Pages are a few hundred KB at most; anything larger is passed on untouched.
const MAX_TAGGED_BODY: usize = 4 * 1024 * 1024;

/// Catalog pages (home, listings, search, products) carry a weak ETag of their HTML and answer a
/// matching `If-None-Match` with 304 and no body. They may be stored but are revalidated
/// every time, so a price or stock change shows at once; a signed-in shopper's page
/// (header cart count, B2B prices) is `private`, and `Vary: Cookie` keeps the two apart.
pub async fn etag(req: Request<Body>, next: Next) -> Response {
    if req.method() != Method::GET || !RouteKind::of(req.uri().path()).tagged() {
        return next.run(req).await;
    }
    let has_cookie = req.headers().contains_key(header::COOKIE);
    let wanted = req.headers().get(header::IF_NONE_MATCH).cloned();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // A page from the page cache carries its tag; anything else is read and hashed.
    let (tag, body) = match parts.headers.get(header::ETAG) {
        Some(tag) => (tag.clone(), body),
        None => {
            let Ok(bytes) = axum::body::to_bytes(body, MAX_TAGGED_BODY).await else {
                tracing::warn!("page too large to tag");
                return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
            };
            (page_tag(&bytes), Body::from(bytes))
        }
    };
    let headers = &mut parts.headers;
    headers.insert(header::ETAG, tag.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if has_cookie {
            "private, no-cache"
        } else {
            "public, no-cache"
        }),
    );
    vary_on(headers, header::COOKIE);
    if wanted.is_some_and(|w| matches(&w, &tag)) {
        // A 304's headers replace the stored response's: the page's own policy goes along,
        // or the browser would keep the page under another one.
        let mut not_modified = HeaderMap::new();
        for name in [
            header::ETAG,
            header::CACHE_CONTROL,
            header::VARY,
            header::CONTENT_SECURITY_POLICY,
        ] {
            for v in parts.headers.get_all(&name) {
                not_modified.append(name.clone(), v.clone());
            }
        }
        return (StatusCode::NOT_MODIFIED, not_modified).into_response();
    }
    Response::from_parts(parts, body)
}

/// Adds `name` to the response's `Vary` unless it is there already (the page cache adds
/// `Accept-Encoding`, this layer `Cookie`).
pub fn vary_on(headers: &mut HeaderMap, name: HeaderName) {
    let listed = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case(name.as_str()));
    if !listed {
        headers.append(header::VARY, HeaderValue::from(name));
    }
}

/// A hash of the page without its script nonce: leptos_axum draws a new one for every
/// request, and a tag that changes every time would never match.
pub fn page_tag(body: &[u8]) -> HeaderValue {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    match std::str::from_utf8(body).ok().and_then(nonce_of) {
        Some(nonce) => {
            let html = std::str::from_utf8(body).unwrap_or_default();
            html.split(nonce).for_each(|part| hasher.update(part.as_bytes()));
        }
        None => hasher.update(body),
    }
    let tag = format!("W/\"{:032x}\"", hasher.digest128());
    HeaderValue::from_str(&tag).expect("hex digits are a valid header value")
}

fn nonce_of(html: &str) -> Option<&str> {
    let start = html.find(" nonce=\"")? + " nonce=\"".len();
    let len = html[start..].find('"')?;
    (len > 0).then(|| &html[start..start + len])
}

/// `If-None-Match` compares weakly: `*`, or any listed tag with or without `W/`.
fn matches(wanted: &HeaderValue, tag: &HeaderValue) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let tag = tag.to_str().map(bare).unwrap_or_default();
    wanted
        .to_str()
        .map(|w| w.split(',').any(|t| t.trim() == "*" || bare(t) == tag))
        .unwrap_or(false)
}

/// Pages and answers about one shopper (cart, checkout, account, orders, wishlist) must
/// never be stored by a shared cache, nor kept by the browser after sign-out.
pub async fn private_pages(req: Request<Body>, next: Next) -> Response {
    let private = RouteKind::of(req.uri().path()).private();
    let mut res = next.run(req).await;
    if private {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    res
}

/// Hashed bundle files never change under their name, so browsers may keep them for a
/// year; other static files are revalidated hourly.
pub async fn cache_static(State(hashed): State<bool>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if !res.status().is_success() || res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let value = if path.starts_with("/pkg/") && hashed {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/pkg/") || path.rsplit('/').next().is_some_and(|f| f.contains('.')) {
        "public, max-age=3600"
    } else {
        return res;
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_differing_only_in_their_nonce_share_a_tag() {
        let page = |nonce: &str, text: &str| {
            format!("<link crossorigin=\"{nonce}\"><script nonce=\"{nonce}\"></script>{text}")
        };
        assert_eq!(
            page_tag(page("abc", "x").as_bytes()),
            page_tag(page("xyz", "x").as_bytes())
        );
        assert_ne!(
            page_tag(page("abc", "x").as_bytes()),
            page_tag(page("abc", "y").as_bytes())
        );
        assert_ne!(page_tag(b"plain"), page_tag(b"plainer"));
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let tag = HeaderValue::from_static("W/\"abc\"");
        for wanted in ["W/\"abc\"", "\"abc\"", "\"x\", W/\"abc\"", "*"] {
            assert!(matches(&HeaderValue::from_static(wanted), &tag), "{wanted}");
        }
        assert!(!matches(&HeaderValue::from_static("W/\"abd\""), &tag));
    }
}
