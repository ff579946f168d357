//! Sessions for carts and sign-in: tower-sessions over the storefront's own database
//! (a SQLite file, or PostgreSQL shared by every replica).
//!
//! Every store binary may run on the same host, and browsers send cookies to every port
//! of a host, so each store has its own cookie name; the data behind a session is
//! scoped by store as well (a customer id of another store finds nobody here).

use tower_sessions::cookie::time::format_description::well_known::Rfc3339;
use tower_sessions::cookie::{Key, SameSite};
use tower_sessions::service::SignedCookie;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::SessionStore;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::database::Database;
use crate::db::{GroupCommit, SqliteCommerce};
use crate::error::StartupError;

/// Sessions read on the shared pool and written on the process's one writing connection
/// (see `SqliteCommerce`); new ones, one per new visitor, in the writer's batches.
#[derive(Clone, Debug)]
pub struct SplitStore {
    read: SqliteStore,
    write: SqliteStore,
    group_commit: GroupCommit,
}

#[async_trait::async_trait]
impl SessionStore for SplitStore {
    /// One statement in the writer's next batch, where `SqliteStore` takes a transaction
    /// of three of its own: every new visitor's first write creates a session. The
    /// encoding is the store's own (MessagePack, the expiry as RFC 3339 text), which reads
    /// the row back.
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let data = rmp_serde::to_vec(&*record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
            let expiry = record
                .expiry_date
                .format(&Rfc3339)
                .map_err(|e| session_store::Error::Encode(e.to_string()))?;
            let id = record.id.to_string();
            let inserted = self
                .group_commit
                .run(move |conn| {
                    conn.prepare_cached(
                        "INSERT INTO tower_sessions (id, data, expiry_date) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    )?
                    .execute(rusqlite::params![id, data, expiry])
                })
                .await
                .map_err(|e| session_store::Error::Backend(e.to_string()))?;
            if inserted == 1 {
                return Ok(());
            }
            // A 128-bit id already taken: draw another, as `SqliteStore` does.
            record.id = Id::default();
        }
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

/// Where sessions are kept: the storefront's own database, whichever it is.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SplitStore),
    /// One table every replica reads, so a shopper may reach any of them.
    Postgres(PostgresStore),
}

impl Sessions {
    /// The store over `database` (on a SQLite file, written through `local`'s writing
    /// connection), its table made if missing, its expired sessions deleted hourly.
    pub async fn open(database: &Database, local: Option<&SqliteCommerce>) -> Result<Sessions, StartupError> {
        let sessions = match (database, local) {
            (Database::Sqlite(pool), Some(local)) => {
                // Opened now, while nothing else writes: opening runs pragmas that may meet a
                // busy database, and a lazily opened writer then retried for the pool's whole timeout.
                let write_pool = local.write_pool();
                drop(write_pool.acquire().await?);
                let store = SplitStore {
                    read: SqliteStore::new(pool.clone()),
                    write: SqliteStore::new(write_pool),
                    group_commit: local.group_commit(),
                };
                store
                    .write
                    .migrate()
                    .await
                    .map_err(|e| StartupError::Sessions(e.to_string()))?;
                tokio::spawn(store.write.clone().continuously_delete_expired(CLEAN_EVERY));
                Sessions::Sqlite(store)
            }
            // Its table is made with the migrations (`postgres::connect`), under the lock
            // that keeps replicas starting together from racing.
            (Database::Postgres(pool), _) => {
                let store = PostgresStore::new(pool.clone());
                tokio::spawn(store.clone().continuously_delete_expired(CLEAN_EVERY));
                Sessions::Postgres(store)
            }
            (Database::Sqlite(_), None) => {
                return Err(StartupError::Sessions("a SQLite database without its writer".into()));
            }
        };
        Ok(sessions)
    }
}

impl Sessions {
    /// The customer the request's session cookie (signed with `key`) is signed in as, if
    /// any, and when it signed in: the page cache's question, asked before any session is
    /// loaded for the request.
    pub async fn customer_of(
        &self,
        headers: &axum::http::HeaderMap,
        key: &Key,
    ) -> session_store::Result<Option<(app::model::CustomerId, i64)>> {
        let name = app::store::STORE.cookie_name("session");
        let mut jar = tower_sessions::cookie::CookieJar::new();
        let sent = headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok());
        for cookie in sent.flat_map(tower_sessions::cookie::Cookie::split_parse).flatten() {
            if cookie.name() == name {
                jar.add_original(cookie.into_owned());
            }
        }
        let Some(id) = jar.signed(key).get(&name).and_then(|c| c.value().parse::<Id>().ok()) else {
            return Ok(None);
        };
        let Some(record) = self.load(&id).await? else {
            return Ok(None);
        };
        let customer = record
            .data
            .get(app::api::SESSION_CUSTOMER)
            .and_then(|v| serde_json::from_value(v.clone()).ok());
        let signed_in_at = record
            .data
            .get(app::api::SESSION_SIGNED_IN_AT)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0);
        Ok(customer.map(|c| (c, signed_in_at)))
    }
}

const CLEAN_EVERY: tokio::time::Duration = tokio::time::Duration::from_secs(3600);

#[async_trait::async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.create(record).await,
            Sessions::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.save(record).await,
            Sessions::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(s) => s.load(id).await,
            Sessions::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.delete(id).await,
            Sessions::Postgres(s) => s.delete(id).await,
        }
    }
}

/// The key session and guest-cart cookies are signed with, shared by every store binary.
pub async fn signing_key(database: &Database) -> Result<Key, StartupError> {
    let key = database.signing_key().await?;
    Key::try_from(key.as_slice()).map_err(|e| StartupError::Sessions(e.to_string()))
}

pub fn layer(store: Sessions, key: Key) -> SessionManagerLayer<Sessions, SignedCookie> {
    SessionManagerLayer::new(store)
        .with_name(app::store::STORE.cookie_name("session"))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(app::store::STORE.secure_cookies())
        .with_expiry(Expiry::OnInactivity(tower_sessions::cookie::time::Duration::days(14)))
        .with_signed(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;
    use tower_sessions::cookie::time::{Duration, OffsetDateTime};

    async fn store() -> SplitStore {
        // One in-memory database: a single connection, shared by reads and writes.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        let store = SqliteStore::new(pool.clone());
        store.migrate().await.unwrap();
        SplitStore {
            read: store.clone(),
            write: store,
            group_commit: GroupCommit::start(pool.clone(), pool),
        }
    }

    fn record(id: Id, cart: i64) -> Record {
        Record {
            id,
            data: [("cart".to_string(), serde_json::json!(cart))].into(),
            expiry_date: OffsetDateTime::now_utc() + Duration::days(14),
        }
    }

    #[tokio::test]
    async fn a_created_session_loads_through_the_session_store() {
        let store = store().await;
        let mut created = record(Id::default(), 7);
        store.create(&mut created).await.unwrap();
        assert_eq!(store.load(&created.id).await.unwrap(), Some(created));
    }

    #[tokio::test]
    async fn a_taken_id_draws_a_new_one_and_leaves_the_first_session_alone() {
        let store = store().await;
        let mut first = record(Id::default(), 1);
        store.create(&mut first).await.unwrap();
        let mut second = record(first.id, 2);
        store.create(&mut second).await.unwrap();
        assert_ne!(second.id, first.id);
        assert_eq!(store.load(&first.id).await.unwrap(), Some(first));
        assert_eq!(store.load(&second.id).await.unwrap(), Some(second));
    }
}
