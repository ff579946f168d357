//! Sessions for carts and sign-in: tower-sessions over the shared database.
//!
//! Every store binary may run on the same host, and browsers send cookies to every port
//! of a host, so each store has its own cookie name; the data behind a session is
//! scoped by store as well (a customer id of another store finds nobody here).

use sqlx::SqlitePool;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::service::SignedCookie;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::SessionStore;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::SqliteStore;

use crate::error::StartupError;

/// Sessions read on the shared pool and written on the process's one writing connection
/// (see `SqliteCommerce`), so a new visitor's session queues behind the cart it creates.
#[derive(Clone, Debug)]
pub struct SplitStore {
    read: SqliteStore,
    write: SqliteStore,
}

#[async_trait::async_trait]
impl SessionStore for SplitStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.write.create(record).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.write.save(record).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        self.read.load(id).await
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.write.delete(id).await
    }
}

pub async fn layer(
    pool: &SqlitePool,
    writer: &SqlitePool,
) -> Result<SessionManagerLayer<SplitStore, SignedCookie>, StartupError> {
    let store = SplitStore {
        read: SqliteStore::new(pool.clone()),
        write: SqliteStore::new(writer.clone()),
    };
    store
        .write
        .migrate()
        .await
        .map_err(|e| StartupError::Sessions(e.to_string()))?;
    // Expired sessions are deleted hourly; the task ends with the runtime.
    tokio::spawn(
        store
            .write
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
