#![cfg(feature = "ssr")]

use std::sync::Arc;

use leptos::prelude::*;

use crate::commerce::{Commerce, CommerceError, StoreScope};
use crate::store::STORE;

/// The data layer as the server provides it to every request's context. Cloned into
/// every request and out of it by each server function, so the scope (strings and the
/// shipping methods) is shared, not copied.
#[derive(Clone)]
pub struct CommerceHandle {
    pub commerce: Arc<dyn Commerce>,
    pub scope: Arc<StoreScope>,
}

impl CommerceHandle {
    pub fn new(commerce: Arc<dyn Commerce>) -> Result<Self, crate::model::MoneyError> {
        Ok(CommerceHandle {
            commerce,
            scope: Arc::new(STORE.scope()?),
        })
    }
}

pub(crate) fn handle() -> Result<CommerceHandle, ServerFnError> {
    use_context::<CommerceHandle>().ok_or_else(|| {
        tracing::error!("CommerceHandle missing from context");
        ServerFnError::new(INTERNAL)
    })
}

/// What the shopper sees of an internal error; the cause goes to the log only.
pub(crate) const INTERNAL: &str = "Something went wrong on our side. Please try again.";

/// Whether this response may carry prices: always, unless the store shows them to
/// signed-in customers only (the `price-gate` capability).
pub(crate) async fn prices_visible() -> Result<bool, ServerFnError> {
    if let Some(audience) = super::audience::shared() {
        Ok(!cfg!(feature = "price-gate") || audience.signed_in)
    } else if cfg!(feature = "price-gate") {
        Ok(super::session::current_customer().await?.is_some())
    } else {
        Ok(true)
    }
}

/// A data layer failure as the shopper sees it: 503 and "try again" (with
/// `Retry-After`) when the backend is unavailable or slow, 404 or the platform's own
/// reason when it refused, else 500 and "something went wrong". Only the log has the cause.
pub(crate) fn internal(err: CommerceError) -> ServerFnError {
    use super::session::reject;
    let status = err.status();
    if status >= 500 {
        tracing::error!(error = %err, source = ?std::error::Error::source(&err), "data layer failed");
    } else {
        tracing::info!(error = %err, "backend refused");
    }
    if let (Some(wait), Some(res)) = (err.retry_after(), use_context::<leptos_axum::ResponseOptions>()) {
        res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(wait.as_secs()));
    }
    match err {
        CommerceError::Unavailable { .. } | CommerceError::TimedOut(_) => reject(status, crate::i18n::t::error_busy()),
        CommerceError::NotFound => reject(status, crate::i18n::t::not_found_title()),
        CommerceError::Rejected(reason) => reject(status, reason),
        CommerceError::Internal(_) => ServerFnError::new(INTERNAL),
    }
}
