#![cfg(feature = "ssr")]

use std::sync::Arc;

use leptos::prelude::*;

use crate::commerce::{Commerce, CommerceError, StoreScope};
use crate::store::STORE;

/// The data layer as the server provides it to every request's context.
#[derive(Clone)]
pub struct CommerceHandle {
    pub commerce: Arc<dyn Commerce>,
    pub scope: StoreScope,
}

impl CommerceHandle {
    pub fn new(commerce: Arc<dyn Commerce>) -> Result<Self, crate::model::MoneyError> {
        Ok(CommerceHandle {
            commerce,
            scope: STORE.scope()?,
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
    if cfg!(feature = "price-gate") {
        Ok(super::session::current_customer().await?.is_some())
    } else {
        Ok(true)
    }
}

/// A data layer failure as the shopper sees it: 503 and "try again" when the backend is
/// unavailable, else 500 and "something went wrong"; the cause goes to the log only.
pub(crate) fn internal(err: CommerceError) -> ServerFnError {
    tracing::error!(error = %err, source = ?std::error::Error::source(&err), "data layer failed");
    match err {
        CommerceError::Unavailable(_) => super::session::reject(503, crate::i18n::t::error_busy()),
        CommerceError::Storage(_) => ServerFnError::new(INTERNAL),
    }
}
