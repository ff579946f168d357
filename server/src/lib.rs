//! The storefront server: one store's compiled app over the shared data layer.

mod backend;
pub mod bench;
mod caching;
pub mod config;
mod cross_origin;
pub mod db;
pub mod error;
mod error_page;
mod limits;
pub mod media;
pub mod memory;
mod page_cache;
pub mod postgres;
mod security_headers;
pub mod seed;
pub mod seo;
mod session;
mod startup;
mod sweep;
pub mod telemetry;
#[cfg(feature = "vendure")]
pub mod vendure;

pub use startup::{router, AppState};

use app::store::STORE;
use sqlx::SqlitePool;

use crate::error::StartupError;

/// Opens the shared database, registers this store and seeds the demo catalog on a
/// fresh database.
pub async fn prepare_database(url: &str) -> Result<SqlitePool, StartupError> {
    config::ensure_sqlite_dir(url).map_err(StartupError::DataDir)?;
    let pool = db::connect(url).await?;
    // A store on another backend sells that backend's catalog, not ours.
    if STORE.backend.kind == "embedded" {
        seed::seed_if_empty(&pool).await?;
    }
    let scope = STORE.scope().map_err(|e| StartupError::Store(e.to_string()))?;
    db::register_store(&pool, &scope).await?;
    db::seed_coupons(&pool, &scope).await?;
    Ok(pool)
}
