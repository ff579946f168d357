//! Catalog pages, kept in memory until the catalog changes and served to every shopper,
//! cookies or not. Each is rendered without the request's cookies for an [`Audience`]
//! (everyone; in a `price-gate` store signed in or not; on a wishlist store's product
//! page whether it is saved), which is part of its key, so nothing about one shopper is
//! in it; the cart's count is read by its island after the page loads. Every hit first
//! asks the backend for its catalog version, so a price, stock or name change is shown as
//! soon as the backend's version moves (the embedded one: within its clock's max age, at
//! once when this process made it). Each page keeps its ETag, so a hit is not hashed
//! again. Concurrent requests for a page not yet cached wait for one render instead of
//! each rendering it (on a cold page under load, dozens of identical renders queued for
//! the database and answered in seconds). Each page is compressed once per encoding
//! (`encoding.rs`), not on every hit.

mod encoding;

use std::sync::{Arc, OnceLock};

use app::api::Audience;
use app::commerce::{Commerce, StoreScope};
use app::model::FacetNames;
use app::routes::{self, RouteKind, ACTION_ERROR_PARAMS};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::future::Cache;
use tower_sessions::cookie::Key;

use crate::session::Sessions;
use encoding::Encoding;

/// Enough for thousands of pages; the weigher counts their bytes.
const CAPACITY_BYTES: u64 = 16 * 1024 * 1024;
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

pub struct PageCache {
    /// By catalog version, audience and URI: a new version makes every old entry unreachable.
    pages: Cache<(u64, Audience, String), Arc<Page>>,
    /// Each page's last good version: answered when a render fails because the backend is
    /// down (stale-if-error). The pages are shared with `pages`.
    last_good: Cache<(Audience, String), Arc<Page>>,
    commerce: Arc<dyn Commerce>,
    scope: StoreScope,
    /// The parameters listings and product pages read besides their own.
    facets: FacetNames,
    /// Asked who is signed in where that changes a page ([`Audience::SIGNED_IN_MATTERS`]).
    sessions: Sessions,
    key: Key,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// Whether later requests may be answered with it, or only those that waited for it.
    keep: bool,
    brotli: OnceLock<Option<Bytes>>,
    gzip: OnceLock<Option<Bytes>>,
}

impl Page {
    fn new(status: StatusCode, headers: HeaderMap, body: Bytes, keep: bool) -> Self {
        Page {
            status,
            headers,
            body,
            keep,
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        }
    }

    /// The page for a request: compressed as it prefers, the copy made by the first request
    /// that asked for it.
    fn response(&self, preferred: Encoding) -> Response {
        let compressible = encoding::compressible(&self.headers, &self.body);
        let wanted = if compressible { preferred } else { Encoding::Identity };
        let copy = match wanted {
            Encoding::Brotli => self.brotli.get_or_init(|| wanted.compress(&self.body)),
            Encoding::Gzip => self.gzip.get_or_init(|| wanted.compress(&self.body)),
            Encoding::Identity => &None,
        };
        let mut res = (self.status, copy.clone().unwrap_or_else(|| self.body.clone())).into_response();
        *res.headers_mut() = self.headers.clone();
        if let (Some(_), Some(value)) = (copy, wanted.header()) {
            res.headers_mut().insert(header::CONTENT_ENCODING, value);
        }
        if compressible {
            crate::caching::vary_on(res.headers_mut(), header::ACCEPT_ENCODING);
        }
        res
    }
}

impl PageCache {
    pub fn new(
        commerce: Arc<dyn Commerce>,
        scope: StoreScope,
        facets: FacetNames,
        sessions: Sessions,
        key: Key,
    ) -> Self {
        let pages = Cache::builder()
            .max_capacity(CAPACITY_BYTES)
            .weigher(|key: &(u64, Audience, String), page: &Arc<Page>| {
                (key.2.len() + page.body.len()).try_into().unwrap_or(u32::MAX)
            })
            .build();
        let last_good = Cache::builder()
            .max_capacity(CAPACITY_BYTES)
            .weigher(|key: &(Audience, String), page: &Arc<Page>| {
                (key.1.len() + page.body.len()).try_into().unwrap_or(u32::MAX)
            })
            .build();
        PageCache {
            pages,
            last_good,
            commerce,
            scope,
            facets,
            sessions,
            key,
        }
    }

    /// Who the request's page is for; `None` when the session or the customer could not
    /// be read (the page is then rendered for the request itself, which reports it).
    async fn audience(&self, path: &str, headers: &HeaderMap) -> Option<Audience> {
        let signed_in = Audience::SIGNED_IN_MATTERS && headers.contains_key(header::COOKIE) && {
            let customer = self
                .sessions
                .customer_of(headers, &self.key)
                .await
                .map_err(|e| tracing::warn!(error = %e, "session unreadable; rendering for the request"))
                .ok()?;
            match customer {
                Some((id, signed_in_at)) => self
                    .commerce
                    .customer(&self.scope, &id)
                    .await
                    .map_err(|e| tracing::warn!(error = %e, "customer unreadable; rendering for the request"))
                    .ok()?
                    .is_some_and(|c| app::api::still_signed_in(&c, signed_in_at)),
                None => false,
            }
        };
        Some(Audience::of(path, headers, signed_in))
    }

    async fn version(&self) -> Option<u64> {
        self.commerce
            .catalog_version(&self.scope)
            .await
            .map_err(|e| tracing::warn!(error = %e, "catalog version unreadable; not caching"))
            .ok()
    }
}

/// The key of a GET the page cache may answer: its path and the parameters the page
/// reads, in a stable order. `None` for anything else, and for a form's error carried
/// back to its page (about one shopper).
fn key_of(req: &Request, facets: &FacetNames) -> Option<String> {
    let path = req.uri().path();
    let kind = RouteKind::of(path);
    if req.method() != Method::GET || !kind.page_cached() {
        return None;
    }
    // A server function reads its own arguments, empty ones too. A page reads its own
    // parameters, an empty one as absent.
    let reads = |name: &str, value: &str| match kind {
        RouteKind::CatalogData => routes::data_reads(path, name),
        _ => routes::page_reads(path, name, facets) && !value.trim().is_empty(),
    };
    let mut params: Vec<(String, String)> = Vec::new();
    for (name, value) in form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes()) {
        if ACTION_ERROR_PARAMS.contains(&name.as_ref()) {
            return None;
        }
        if reads(&name, &value) {
            params.push((name.into_owned(), value.into_owned()));
        }
    }
    // Stable: the order of one parameter's values can matter, that of names cannot.
    params.sort_by(|a, b| a.0.cmp(&b.0));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    Some(if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    })
}

pub async fn serve(State(cache): State<Arc<PageCache>>, mut req: Request, next: Next) -> Response {
    let Some(uri) = key_of(&req, &cache.facets) else {
        return next.run(req).await;
    };
    let Some(version) = cache.version().await else {
        return next.run(req).await;
    };
    let Some(audience) = cache.audience(req.uri().path(), req.headers()).await else {
        return next.run(req).await;
    };
    let preferred = Encoding::preferred(req.headers());
    // Rendered for everyone in the audience: no cookie of this shopper's reaches it.
    req.headers_mut().remove(header::COOKIE);
    req.extensions_mut().insert(audience);
    let key = (version, audience, uri);
    let entry = cache.pages.entry(key.clone()).or_insert_with(render(req, next)).await;
    let fresh = entry.is_fresh();
    let mut page = entry.into_value();
    if !page.keep {
        cache.pages.invalidate(&key).await;
    }
    let (_, audience, uri) = key;
    if fresh && page.keep && page.status == StatusCode::OK {
        cache.last_good.insert((audience, uri), page.clone()).await;
    } else if page.status == StatusCode::SERVICE_UNAVAILABLE {
        // The backend is down: the page as it last was beats the error page.
        if let Some(stale) = cache.last_good.get(&(audience, uri.clone())).await {
            tracing::warn!(%uri, "backend unavailable; answering the last good page");
            page = stale;
        }
    }
    page.response(preferred)
}

async fn render(req: Request, next: Next) -> Arc<Page> {
    let tagged = RouteKind::of(req.uri().path()).tagged();
    let res = next.run(req).await;
    // Not-found pages are kept too: a crawler probing bad URLs renders each once.
    let keep = matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && !res.headers().contains_key(header::SET_COOKIE);
    let (mut parts, body) = res.into_parts();
    // Never handed to anyone else: a cookie belongs to the request that caused it.
    parts.headers.remove(header::SET_COOKIE);
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "page unreadable or too large to cache");
            return Arc::new(Page::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                HeaderMap::new(),
                Bytes::from_static(b"internal error"),
                false,
            ));
        }
    };
    if tagged && parts.status == StatusCode::OK {
        parts.headers.insert(header::ETAG, crate::caching::page_tag(&body));
    }
    Arc::new(Page::new(parts.status, parts.headers, body, keep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(uri: &str) -> Option<String> {
        key_of(&Request::get(uri).body(axum::body::Body::empty()).unwrap(), &facets())
    }

    fn facets() -> FacetNames {
        FacetNames::new(["brand", "color", "size"].map(String::from))
    }

    #[test]
    fn keys_keep_only_what_the_page_reads_in_a_stable_order() {
        assert_eq!(key("/c/shirts?utm_source=x&x=123"), Some("/c/shirts".into()));
        assert_eq!(
            key("/c/shirts?size=M&color=Navy&page="),
            key("/c/shirts?color=Navy&size=M")
        );
        assert_eq!(
            key("/c/shirts?brand=B&brand=A").as_deref(),
            Some("/c/shirts?brand=B&brand=A")
        );
        assert_eq!(
            key("/p/shirt?color=Navy&view=2").as_deref(),
            Some("/p/shirt?color=Navy&view=2")
        );
        assert_eq!(key("/sitemap.xml"), Some("/sitemap.xml".into()));
        assert_ne!(key("/api/product?slug=a"), key("/api/product?slug=b"));
    }

    #[test]
    fn catalog_data_is_keyed_by_its_own_arguments_only() {
        assert_eq!(key("/api/suggest?q=tee&junk=1"), key("/api/suggest?q=tee"));
        assert_eq!(key("/api/suggest?q=tee&junk=1").as_deref(), Some("/api/suggest?q=tee"));
        assert_ne!(key("/api/suggest?q="), key("/api/suggest"), "an empty argument is read");
        assert_eq!(key("/api/navigation?x=1").as_deref(), Some("/api/navigation"));
        assert_eq!(
            key("/api/listing?query=color%3DNavy&category=shirts&utm=1").as_deref(),
            Some("/api/listing?category=shirts&query=color%3DNavy")
        );
    }

    #[tokio::test]
    async fn a_page_is_compressed_once_per_encoding() {
        use http_body_util::BodyExt;
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, "text/html; charset=utf-8".parse().unwrap());
        let page = Page::new(StatusCode::OK, headers, Bytes::from("<p>a page</p>".repeat(100)), true);
        let body = |res: Response| async move { res.into_body().collect().await.unwrap().to_bytes() };
        let first = body(page.response(Encoding::Brotli)).await;
        let again = body(page.response(Encoding::Brotli)).await;
        assert_eq!(first.as_ptr(), again.as_ptr(), "the same copy, not compressed again");
        assert!(first.len() < page.body.len() / 10);
        assert!(
            page.gzip.get().is_none(),
            "no copy made for an encoding nobody asked for"
        );
        let plain = page.response(Encoding::Identity);
        assert!(!plain.headers().contains_key(header::CONTENT_ENCODING));
        assert_eq!(plain.headers()[header::VARY], "accept-encoding");
        assert_eq!(body(plain).await, page.body);

        let tiny = Page::new(StatusCode::OK, HeaderMap::new(), Bytes::from_static(b"ok"), true);
        let res = tiny.response(Encoding::Brotli);
        assert!(!res.headers().contains_key(header::CONTENT_ENCODING) && !res.headers().contains_key(header::VARY));
    }

    #[test]
    fn shopper_pages_and_errors_are_never_cached() {
        assert_eq!(key("/cart"), None);
        assert_eq!(key("/api/cart-count"), None);
        assert_eq!(key("/p/shirt?__path=/api/cart-add&__err=x"), None);
        let with_cookie = Request::get("/c/shirts")
            .header(header::COOKIE, "a=b")
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(key_of(&with_cookie, &facets()).as_deref(), Some("/c/shirts"));
    }
}
