//! The backend a store's `[backend]` names, opened at start. A store whose features
//! need what that backend cannot do does not start, and says which.

use std::sync::Arc;
use std::time::Duration;

use app::commerce::{Capabilities, Commerce, StoreScope};
use app::store::STORE;

use crate::database::Database;
use crate::db::SqliteCommerce;
use crate::error::StartupError;
use crate::postgres::PostgresCommerce;

/// A store's backend, as opened.
pub enum Backend {
    /// Our SQL backend, in the storefront's own SQLite file.
    Embedded(SqliteCommerce),
    /// Our SQL backend on PostgreSQL, shared by every replica.
    Postgres(PostgresCommerce),
    /// Vendure over its Shop API; the storefront's own database keeps sessions and
    /// checkout keys.
    #[cfg(feature = "vendure")]
    Vendure(crate::vendure::VendureCommerce),
}

impl Backend {
    pub fn commerce(&self) -> Arc<dyn Commerce> {
        match self {
            Backend::Embedded(sqlite) => Arc::new(sqlite.clone()),
            Backend::Postgres(postgres) => Arc::new(postgres.clone()),
            #[cfg(feature = "vendure")]
            Backend::Vendure(vendure) => Arc::new(vendure.clone()),
        }
    }

    /// Origins other than the store's own that its pages show images from.
    pub fn image_origins(&self) -> Vec<String> {
        match self {
            Backend::Embedded(_) | Backend::Postgres(_) => Vec::new(),
            #[cfg(feature = "vendure")]
            Backend::Vendure(vendure) => vec![vendure.asset_origin()],
        }
    }

    /// Builds our SQL backend's facet index in the background, so the first listing
    /// does not wait for it.
    pub fn warm(&self, scope: StoreScope) {
        fn spawn<F: std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'static>(warming: F) {
            tokio::spawn(async move {
                if let Err(e) = warming.await {
                    tracing::warn!(error = %e, "facet index not built at start");
                }
            });
        }
        match self {
            Backend::Embedded(sqlite) => {
                let sqlite = sqlite.clone();
                spawn(async move { sqlite.warm(&scope).await });
            }
            Backend::Postgres(postgres) => {
                let postgres = postgres.clone();
                spawn(async move { postgres.warm(&scope).await });
            }
            #[cfg(feature = "vendure")]
            Backend::Vendure(_) => {}
        }
    }

    /// Deletes guest carts idle for `idle` in our SQL backend; none elsewhere.
    pub async fn delete_abandoned_carts(&self, idle: Duration) -> Result<u64, sqlx::Error> {
        match self {
            Backend::Embedded(sqlite) => sqlite.delete_abandoned_carts(idle).await,
            Backend::Postgres(postgres) => postgres.database().tidy(idle).await,
            #[cfg(feature = "vendure")]
            Backend::Vendure(_) => Ok(0),
        }
    }
}

/// Opens the backend the store names over the storefront's own database (`local`, the
/// SQLite backend over it when it is a file) and checks it can serve the store's features.
pub fn open(database: &Database, local: Option<&SqliteCommerce>) -> Result<Backend, StartupError> {
    let backend = match (STORE.backend.kind, database, local) {
        ("embedded", _, Some(sqlite)) => Backend::Embedded(sqlite.clone()),
        ("embedded", Database::Postgres(pool), _) => Backend::Postgres(PostgresCommerce::postgres(pool.clone())),
        #[cfg(feature = "vendure")]
        ("vendure", _, local) => {
            let Some(local) = local else {
                return Err(StartupError::Store(format!(
                    "store `{}` runs on Vendure, whose checkout keys are kept in a SQLite file: \
                     give it a sqlite:// DATABASE_URL",
                    STORE.id
                )));
            };
            let url = std::env::var("VENDURE_URL").map_err(|_| {
                StartupError::Store(format!(
                    "store `{}` runs on Vendure: set VENDURE_URL to its address, such as http://127.0.0.1:3100 \
                     (`cargo store dev {0}` starts one and sets it)",
                    STORE.id
                ))
            })?;
            let settings = crate::vendure::Settings {
                url,
                channel: STORE.backend.channel.map(str::to_string),
                language: STORE.backend.language.map(str::to_string),
            };
            let vendure = crate::vendure::VendureCommerce::new(settings, local.pool().clone())
                .map_err(|e| StartupError::Store(format!("Vendure client: {e}")))?;
            Backend::Vendure(vendure)
        }
        (other, _, _) => {
            return Err(StartupError::Store(format!(
                "store `{}` uses the `{other}` backend, which this server was built without \
                 or which needs another DATABASE_URL (build it with `cargo store build {0}`, which \
                 turns on the store's features)",
                STORE.id
            )))
        }
    };
    check(
        STORE.id,
        STORE.capabilities,
        STORE.backend.kind,
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
