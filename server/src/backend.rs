//! The backend a store's `[backend]` names, opened at start. A store whose features
//! need what that backend cannot do does not start, and says which.

use std::sync::Arc;

use app::commerce::{Capabilities, Commerce};
use app::store::STORE;
use sqlx::SqlitePool;

use crate::db::SqliteCommerce;
use crate::error::StartupError;

/// A store's backend, as opened.
pub enum Backend {
    /// Our SQL backend, in the storefront's own database.
    Embedded(SqliteCommerce),
}

impl Backend {
    pub fn commerce(&self) -> Arc<dyn Commerce> {
        match self {
            Backend::Embedded(sqlite) => Arc::new(sqlite.clone()),
        }
    }
}

/// Opens the backend the store names and checks it can serve the store's features.
pub fn open(pool: &SqlitePool) -> Result<Backend, StartupError> {
    let backend = match STORE.backend {
        "embedded" => Backend::Embedded(SqliteCommerce::new(pool.clone())),
        // `stores/tool` accepts only the kinds this match knows.
        other => {
            return Err(StartupError::Store(format!(
                "store `{}`: no backend `{other}`",
                STORE.id
            )))
        }
    };
    check(
        STORE.id,
        STORE.capabilities,
        STORE.backend,
        backend.commerce().capabilities(),
    )?;
    Ok(backend)
}

/// Refuses a store whose features need a capability its backend lacks.
pub fn check(
    store: &'static str,
    features: &'static [&'static str],
    backend: &'static str,
    offered: Capabilities,
) -> Result<(), StartupError> {
    match offered.missing_for(features) {
        Some((feature, capability)) => Err(StartupError::MissingCapability {
            store,
            feature,
            capability,
            backend,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use app::commerce::{Capabilities, Capability};

    #[test]
    fn a_store_needing_what_its_backend_lacks_is_refused_by_name() {
        let without_sku = Capability::ALL
            .into_iter()
            .filter(|c| *c != Capability::SkuLookup)
            .collect();
        let err = super::check("electronics-b2b", &["price-gate", "quick-order"], "remote", without_sku).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("`electronics-b2b`")
                && message.contains("`quick-order`")
                && message.contains("`sku-lookup`"),
            "{message}"
        );
        assert!(super::check("default", &["quick-order"], "embedded", Capabilities::all()).is_ok());
    }
}
