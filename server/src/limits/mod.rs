//! Bounds on what one request may cost, each answered plainly instead of by a hang or
//! a 500: a body too large (413), too many attempts at a credential endpoint from one
//! client or at one target (429 with `Retry-After`, `budgets.rs`), a request that takes
//! too long (503).

mod budgets;
mod client;

use std::time::Duration;

use app::i18n::t;
use app::routes::API_PREFIX;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

pub use budgets::CredentialLimiter;
pub use client::{ProxiesError, TrustedProxies};

use crate::error_page::{error_page, refusal};

/// Longer than any page or write takes under load here (p99 under 10 ms), shorter
/// than a shopper waits before giving up.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A server function's form: a checkout's details are under 2 KB.
const API_BODY_LIMIT: usize = 16 * 1024;
/// Nothing else takes a body.
const OTHER_BODY_LIMIT: usize = 1024;

/// 503 with the error page when the rest of the stack has not answered in time. A write
/// (a POST) runs in a task of its own and finishes even then, or when the shopper leaves:
/// cut at an await, its transaction would take its database connection down with it,
/// and a burst of those has the pool reconnecting while other shoppers wait.
pub async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let answer = async {
        if req.method() != Method::POST {
            return next.run(req).await;
        }
        tokio::spawn(next.run(req)).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, path, "request task failed");
            error_page(StatusCode::INTERNAL_SERVER_ERROR, t::error_internal())
        })
    };
    match tokio::time::timeout(limit, answer).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(path, ?limit, "request timed out");
            error_page(StatusCode::SERVICE_UNAVAILABLE, t::error_busy())
        }
    }
}

/// What every request passes before anything reads its body or a cookie, in one layer
/// (each `from_fn` layer clones the whole stack below it per request): cross-origin
/// writes and foreign body types (`cross_origin`), the body's size, the credential
/// endpoints' budgets.
pub async fn guard(State(limiter): State<CredentialLimiter>, req: Request, next: Next) -> Response {
    if let Some(refused) = crate::cross_origin::refusal_of(&req).or_else(|| oversized(&req)) {
        return refused;
    }
    let limit = body_limit(&req);
    match limiter.admit(req, limit).await {
        Ok(req) => next.run(with_body_limit(req)).await,
        Err(refused) => refused,
    }
}

fn body_limit(req: &Request) -> usize {
    if req.uri().path().starts_with(API_PREFIX) {
        API_BODY_LIMIT
    } else {
        OTHER_BODY_LIMIT
    }
}

/// 413 for a declared length over the route's limit.
fn oversized(req: &Request) -> Option<Response> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())?;
    (declared > body_limit(req) as u64).then(|| {
        refusal(
            req.uri().path(),
            req.headers(),
            StatusCode::PAYLOAD_TOO_LARGE,
            t::error_too_large(),
        )
    })
}

/// A body sent without a length is cut at the limit: the handler reading it gets an
/// error (400).
fn with_body_limit(req: Request) -> Request {
    let limit = body_limit(&req);
    let (parts, body) = req.into_parts();
    Request::from_parts(parts, Body::new(http_body_util::Limited::new(body, limit)))
}
