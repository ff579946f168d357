//! Bounds on what one request may cost, each answered plainly instead of by a hang or
//! a 500: a body too large (413), too many sign-in or register attempts from one
//! address (429 with `Retry-After`), a request that takes too long (503).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use app::i18n::t;
use app::routes::{API_PREFIX, CREDENTIAL_ENDPOINTS};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error_page::{error_page, refusal};

/// Longer than any page or write takes under load here (p99 under 10 ms), shorter
/// than a shopper waits before giving up.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// A server function's form: a checkout's details are under 2 KB.
const API_BODY_LIMIT: usize = 16 * 1024;
/// Nothing else takes a body.
const OTHER_BODY_LIMIT: usize = 1024;
/// Sign-in and register attempts per client address: a shop's own office behind one
/// address stays well under it; a password sprayer does not.
const CREDENTIAL_ATTEMPTS_PER_MINUTE: u32 = 20;

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
/// endpoints' rate.
pub async fn guard(State(limiter): State<CredentialLimiter>, req: Request, next: Next) -> Response {
    let refused = crate::cross_origin::refusal_of(&req)
        .or_else(|| oversized(&req))
        .or_else(|| limiter.refusal_of(&req));
    match refused {
        Some(refused) => refused,
        None => next.run(with_body_limit(req)).await,
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

/// Attempts at the credential endpoints, per client address.
#[derive(Clone)]
pub struct CredentialLimiter(Arc<DefaultKeyedRateLimiter<IpAddr>>);

impl Default for CredentialLimiter {
    fn default() -> Self {
        let per_minute = NonZeroU32::new(CREDENTIAL_ATTEMPTS_PER_MINUTE).expect("a positive quota");
        CredentialLimiter(Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))))
    }
}

impl CredentialLimiter {
    /// Forgets addresses whose allowance is full again, so the map stays small.
    pub fn forget_idle(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

impl CredentialLimiter {
    /// 429 with `Retry-After` for an attempt at a credential endpoint over the client
    /// address's allowance; `None` for anything else.
    fn refusal_of(&self, req: &Request) -> Option<Response> {
        let endpoint = req.uri().path().strip_prefix(API_PREFIX)?;
        if !CREDENTIAL_ENDPOINTS.contains(&endpoint) {
            return None;
        }
        // Behind a load balancer every client has its address; see README, "Security".
        let client = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let not_until = self.0.check_key(&client).err()?;
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        tracing::warn!(%client, path = req.uri().path(), "credential attempts over the limit");
        let mut res = refusal(
            req.uri().path(),
            req.headers(),
            StatusCode::TOO_MANY_REQUESTS,
            t::error_too_many(),
        );
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        Some(res)
    }
}
