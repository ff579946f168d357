//! The catalog version as this process last read it. Triggers bump the version on every
//! catalog change (migration 0005); reading it for each request cost a pool round trip
//! per page hit, more than serving the cached page itself. So it is read at most once
//! per [`CATALOG_MAX_AGE`]: a change by another process (an import, another store
//! binary) shows within that time, and a change by this process (stock taken by an
//! order) at once, because its writes [`CatalogClock::expire`] the reading.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::SqlitePool;

/// How stale a page may be after another process changed the catalog.
pub const CATALOG_MAX_AGE: Duration = Duration::from_millis(100);

#[derive(Clone, Debug)]
pub struct CatalogClock {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    pool: SqlitePool,
    max_age: Duration,
    state: Mutex<State>,
    /// One reader at a time: the others wait for its answer instead of querying too.
    reading: tokio::sync::Mutex<()>,
}

/// The two numbers migration 0005/0006's triggers keep: `all` changes with anything a
/// catalog page shows, `structure` with all of it but stock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Versions {
    pub all: i64,
    pub structure: i64,
}

#[derive(Debug)]
struct State {
    /// The versions and when the query that returned them started.
    last: Option<(Versions, Instant)>,
    /// Readings started before this are out of date.
    expired_at: Instant,
}

impl CatalogClock {
    pub fn new(pool: SqlitePool) -> Self {
        Self::with_max_age(pool, CATALOG_MAX_AGE)
    }

    fn with_max_age(pool: SqlitePool, max_age: Duration) -> Self {
        let state = State {
            last: None,
            expired_at: Instant::now(),
        };
        CatalogClock {
            inner: Arc::new(Inner {
                pool,
                max_age,
                state: Mutex::new(state),
                reading: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The current catalog version, at most [`CATALOG_MAX_AGE`] old.
    pub async fn version(&self) -> Result<i64, sqlx::Error> {
        Ok(self.versions().await?.all)
    }

    /// Both versions from one reading, at most [`CATALOG_MAX_AGE`] old.
    pub async fn versions(&self) -> Result<Versions, sqlx::Error> {
        if let Some(versions) = self.fresh() {
            return Ok(versions);
        }
        let _one = self.inner.reading.lock().await;
        if let Some(versions) = self.fresh() {
            return Ok(versions);
        }
        let started = Instant::now();
        let (all, structure) = sqlx::query_as("SELECT version, structure FROM catalog_version WHERE id = 1")
            .fetch_one(&self.inner.pool)
            .await?;
        let versions = Versions { all, structure };
        self.state().last = Some((versions, started));
        Ok(versions)
    }

    /// This process changed the catalog: the next request reads the version again.
    pub fn expire(&self) {
        self.state().expired_at = Instant::now();
    }

    fn fresh(&self) -> Option<Versions> {
        let state = self.state();
        let (versions, at) = state.last?;
        (at > state.expired_at && at.elapsed() < self.inner.max_age).then_some(versions)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is two plain values, consistent even if a holder panicked.
        self.inner.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn database() -> SqlitePool {
        // One connection: each in-memory connection would be a database of its own.
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        sqlx::query("CREATE TABLE catalog_version (id INTEGER PRIMARY KEY, version INTEGER, structure INTEGER)")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO catalog_version VALUES (1, 7, 3)")
            .execute(&pool)
            .await
            .unwrap();
        pool
    }

    async fn bump(pool: &SqlitePool) {
        sqlx::query("UPDATE catalog_version SET version = version + 1")
            .execute(pool)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_reading_is_kept_for_the_max_age() {
        let pool = database().await;
        let clock = CatalogClock::with_max_age(pool.clone(), Duration::from_secs(3600));
        assert_eq!(clock.version().await.unwrap(), 7);
        bump(&pool).await;
        assert_eq!(clock.version().await.unwrap(), 7);
    }

    #[tokio::test]
    async fn an_old_reading_is_read_again() {
        let pool = database().await;
        let clock = CatalogClock::with_max_age(pool.clone(), Duration::ZERO);
        assert_eq!(clock.version().await.unwrap(), 7);
        bump(&pool).await;
        assert_eq!(clock.version().await.unwrap(), 8);
    }

    #[tokio::test]
    async fn this_process_sees_its_own_change_at_once() {
        let pool = database().await;
        let clock = CatalogClock::with_max_age(pool.clone(), Duration::from_secs(3600));
        assert_eq!(clock.version().await.unwrap(), 7);
        bump(&pool).await;
        clock.expire();
        assert_eq!(clock.version().await.unwrap(), 8);
    }
}
