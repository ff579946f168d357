//! Sessions for carts and sign-in: tower-sessions over the shared database.
//!
//! Every store binary may run on the same host, and browsers send cookies to every port
//! of a host, so each store has its own cookie name; the data behind a session is
//! scoped by store as well (a customer id of another store finds nobody here).

use sqlx::SqlitePool;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::service::SignedCookie;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::error::StartupError;

pub async fn layer(pool: &SqlitePool) -> Result<SessionManagerLayer<SqliteStore, SignedCookie>, StartupError> {
    let store = SqliteStore::new(pool.clone());
    store
        .migrate()
        .await
        .map_err(|e| StartupError::Sessions(e.to_string()))?;
    // Expired sessions are deleted hourly; the task ends with the runtime.
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    let key = crate::db::session_key(pool).await?;
    let key = Key::try_from(key.as_slice()).map_err(|e| StartupError::Sessions(e.to_string()))?;
    let secure = app::store::STORE.base_url.starts_with("https://");
    Ok(SessionManagerLayer::new(store)
        .with_name(format!("session-{}", app::store::STORE.id))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::days(14)))
        .with_signed(key))
}
