//! Attempts at the credential endpoints (sign-in, register, reset, order lookup): each
//! has a budget per client — an IPv4 address or an IPv6 /64, behind the operator's
//! proxies the address they forwarded (`client.rs`) — and, where the form names a target
//! an attacker would walk (an email, an order number, a reset token), a budget per
//! target too, whoever asks. Over either: 429 with `Retry-After`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use app::i18n::t;
use app::routes::API_PREFIX;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, NotUntil, Quota, RateLimiter};

use super::client::{budget_key, TrustedProxies};
use crate::error_page::refusal;

/// What one endpoint allows.
struct Budget {
    /// The server function's endpoint (`#[server(endpoint = …)]`).
    endpoint: &'static str,
    /// Attempts per minute from one client: a shop's own office behind one address
    /// stays well under it; a password sprayer does not.
    per_client_per_minute: u32,
    /// Form fields naming a target, and the attempts per hour at each target.
    per_target_per_hour: &'static [(&'static str, u32)],
}

/// Sign-in's per-email budget is the data layer's (`db/throttle.rs`): it counts
/// failures only, so a customer who knows their password is never kept out.
const BUDGETS: &[Budget] = &[
    Budget {
        endpoint: "sign-in",
        per_client_per_minute: 20,
        per_target_per_hour: &[],
    },
    Budget {
        endpoint: "register",
        per_client_per_minute: 10,
        per_target_per_hour: &[],
    },
    Budget {
        endpoint: "password-forgot",
        per_client_per_minute: 10,
        per_target_per_hour: &[("email", 5)],
    },
    Budget {
        endpoint: "password-reset",
        per_client_per_minute: 10,
        per_target_per_hour: &[("token", 10)],
    },
    Budget {
        endpoint: "order-lookup",
        per_client_per_minute: 10,
        per_target_per_hour: &[("email", 10), ("number", 5)],
    },
];

/// A target longer than this is cut: the key is for counting, not for reading back.
const MAX_TARGET_LEN: usize = 256;

struct EndpointLimits {
    clients: DefaultKeyedRateLimiter<IpAddr>,
    targets: Vec<(&'static str, DefaultKeyedRateLimiter<String>)>,
}

struct Limits {
    proxies: TrustedProxies,
    endpoints: HashMap<&'static str, EndpointLimits>,
}

/// Every credential endpoint's budgets; cloned per request, so shared.
#[derive(Clone)]
pub struct CredentialLimiter(Arc<Limits>);

fn quota(attempts: u32, per: fn(NonZeroU32) -> Quota) -> Quota {
    per(NonZeroU32::new(attempts).expect("a budget allows at least one attempt"))
}

impl CredentialLimiter {
    pub fn new(proxies: TrustedProxies) -> Self {
        let endpoints = BUDGETS
            .iter()
            .map(|b| {
                let limits = EndpointLimits {
                    clients: RateLimiter::keyed(quota(b.per_client_per_minute, Quota::per_minute)),
                    targets: b
                        .per_target_per_hour
                        .iter()
                        .map(|(field, n)| (*field, RateLimiter::keyed(quota(*n, Quota::per_hour))))
                        .collect(),
                };
                (b.endpoint, limits)
            })
            .collect();
        CredentialLimiter(Arc::new(Limits { proxies, endpoints }))
    }

    /// Forgets clients and targets whose allowance is full again, so the maps stay small.
    pub fn forget_idle(&self) {
        for limits in self.0.endpoints.values() {
            limits.clients.retain_recent();
            limits.clients.shrink_to_fit();
            for (_, targets) in &limits.targets {
                targets.retain_recent();
                targets.shrink_to_fit();
            }
        }
    }

    /// The request back, its body read and put back where a target is counted; or the
    /// refusal of an attempt over a budget. Anything but a credential endpoint passes.
    pub async fn admit(&self, req: Request, body_limit: usize) -> Result<Request, Response> {
        let Some(limits) = req
            .uri()
            .path()
            .strip_prefix(API_PREFIX)
            .and_then(|e| self.0.endpoints.get(e))
        else {
            return Ok(req);
        };
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let client = self.0.proxies.client(peer, req.headers());
        if let Err(not_until) = limits.clients.check_key(&budget_key(client)) {
            tracing::warn!(%client, path = req.uri().path(), "credential attempts over the client's limit");
            return Err(too_many(&req, not_until));
        }
        if limits.targets.is_empty() {
            return Ok(req);
        }
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, body_limit).await else {
            return Err(refusal(
                parts.uri.path(),
                &parts.headers,
                StatusCode::PAYLOAD_TOO_LARGE,
                t::error_too_large(),
            ));
        };
        let req = Request::from_parts(parts, Body::from(bytes.clone()));
        for (name, value) in form_urlencoded::parse(&bytes) {
            let Some((field, targets)) = limits.targets.iter().find(|(f, _)| *f == name) else {
                continue;
            };
            let target: String = value.trim().to_lowercase().chars().take(MAX_TARGET_LEN).collect();
            if let Err(not_until) = targets.check_key(&target) {
                tracing::warn!(%client, path = req.uri().path(), field, "credential attempts over the target's limit");
                return Err(too_many(&req, not_until));
            }
        }
        Ok(req)
    }
}

fn too_many(req: &Request, not_until: NotUntil<<DefaultClock as Clock>::Instant>) -> Response {
    let wait: Duration = not_until.wait_time_from(DefaultClock::default().now());
    let mut res = refusal(
        req.uri().path(),
        req.headers(),
        StatusCode::TOO_MANY_REQUESTS,
        t::error_too_many(),
    );
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    res
}
