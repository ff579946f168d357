//! Catalog pages as anonymous shoppers see them, kept in memory until the catalog
//! changes. Every hit first reads the catalog version (one indexed row), so a price,
//! stock or name change anywhere, by any process sharing the database, is shown by the
//! next request. A request with a cookie (a session, a wishlist) is about one shopper
//! and always rendered.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::sync::Cache;
use sqlx::SqlitePool;

/// Enough for thousands of pages; the weigher counts their bytes.
const CAPACITY_BYTES: u64 = 16 * 1024 * 1024;
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone)]
pub struct PageCache {
    pages: Cache<String, Arc<Page>>,
    pool: SqlitePool,
}

struct Page {
    version: i64,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    pub fn new(pool: SqlitePool) -> Self {
        let pages = Cache::builder()
            .max_capacity(CAPACITY_BYTES)
            .weigher(|key: &String, page: &Arc<Page>| (key.len() + page.body.len()).try_into().unwrap_or(u32::MAX))
            .build();
        PageCache { pages, pool }
    }

    async fn version(&self) -> Option<i64> {
        sqlx::query_scalar("SELECT version FROM catalog_version WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| tracing::warn!(error = %e, "catalog version unreadable; not caching"))
            .ok()
    }
}

/// Pages and the server functions behind them that show only the catalog.
fn cacheable(req: &Request) -> bool {
    const API: &[&str] = &["/api/navigation", "/api/home", "/api/listing", "/api/product"];
    let path = req.uri().path();
    req.method() == Method::GET
        && !req.headers().contains_key(header::COOKIE)
        && (path == "/"
            || path == "/search"
            || path.starts_with("/c/")
            || path.starts_with("/p/")
            || API.contains(&path))
}

pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    if !cacheable(&req) {
        return next.run(req).await;
    }
    let Some(version) = cache.version().await else {
        return next.run(req).await;
    };
    let key = req.uri().to_string();
    if let Some(page) = cache.pages.get(&key).filter(|p| p.version == version) {
        let mut res = (page.status, page.body.clone()).into_response();
        *res.headers_mut() = page.headers.clone();
        return res;
    }
    let res = next.run(req).await;
    // Not-found pages are cached too: a crawler probing bad URLs renders each once.
    let keep = matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND)
        && !res.headers().contains_key(header::SET_COOKIE);
    if !keep {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::warn!(%key, "page too large to cache");
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    let page = Page {
        version,
        status: parts.status,
        headers: parts.headers.clone(),
        body: body.clone(),
    };
    cache.pages.insert(key, Arc::new(page));
    Response::from_parts(parts, Body::from(body))
}
