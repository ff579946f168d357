//! Our SQL backend: `SqlCommerce` (in `commerce.rs`) implements the `Commerce` port once,
//! over any `SqlDatabase`. This module holds the shared parts (caches, facet index, row
//! types and their mapping to the model, pricing, passwords, the throttle's rule) and
//! SQLite's queries, one module per kind of thing; PostgreSQL's are in `crate::postgres`.

pub(crate) mod address;
pub(crate) mod cart;
mod catalog;
mod catalog_cache;
pub(crate) mod catalog_reads;
mod clock;
mod commerce;
pub(crate) mod customer;
mod facet_index;
mod facet_key;
mod group_commit;
mod listing;
pub(crate) mod order;
mod password;
mod pricing;
pub(crate) mod product;
mod sku;
mod slugs;
mod sql_database;
mod sqlite;
pub(crate) mod summary;
pub(crate) mod throttle;

use std::str::FromStr;
use std::time::Duration;

use app::commerce::{CommerceError, StoreScope};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use cart::seed_coupons;
pub use catalog::{refresh_price_ranges, CategoryRow};
pub use clock::{CatalogClock, Versions, CATALOG_MAX_AGE};
pub use commerce::SqlCommerce;
pub use customer::session_key;
pub use group_commit::{GroupCommit, WriteError};
pub use sql_database::SqlDatabase;
pub use sqlite::SqliteDatabase;

/// Our SQL backend over the embedded SQLite file.
pub type SqliteCommerce = SqlCommerce<SqliteDatabase>;

/// Now, in Unix seconds: coupon validity, order dates, sign-in windows.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl SqlCommerce<SqliteDatabase> {
    pub fn new(pool: SqlitePool) -> Self {
        SqlCommerce::over(SqliteDatabase::new(pool))
    }

    /// The writing connection, for other writers of this process (sessions).
    pub fn write_pool(&self) -> SqlitePool {
        self.database.write_pool.clone()
    }

    /// Group commit on the writing connection, for other hot writers (new sessions).
    pub fn group_commit(&self) -> GroupCommit {
        self.database.group_commit.clone()
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.database.pool
    }

    /// A listing by SQL alone: the definition the facet index is tested and benchmarked against.
    pub async fn list_products_sql(
        &self,
        store: &StoreScope,
        query: &app::model::ProductQuery,
    ) -> Result<app::model::ProductListing, sqlx::Error> {
        listing::list_products(self.pool(), store, query).await
    }

    /// Deletes guest carts unchanged for `idle` (their lines go with them); customers'
    /// carts stay. Returns how many.
    pub async fn delete_abandoned_carts(&self, idle: Duration) -> Result<u64, sqlx::Error> {
        let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
        let done = sqlx::query("DELETE FROM carts WHERE customer_id IS NULL AND updated_at < unixepoch() - ?")
            .bind(idle)
            .execute(&self.database.write_pool)
            .await?;
        Ok(done.rows_affected())
    }
}

/// Opens (creating if needed) and migrates the database at `url`.
///
/// WAL lets several store binaries read while one writes; the busy timeout makes a
/// writer wait for another instead of failing with "database is locked".
#[tracing::instrument]
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
        // 1 MB of pages per connection instead of 2: listings come from the facet index,
        // the operating system caches the file anyway, and each connection's cache counts
        // towards the server's resident memory.
        .pragma("cache_size", "-1024");
    // Four readers for two cores: listings come from the facet index and pages from
    // memory, and each connection holds its own page cache and thread. A connection to a
    // local file does not go stale, so none is pinged before use: the ping was a round
    // trip to the connection's thread for every query, half of a product page's.
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .min_connections(1)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    // Refreshes the planner's statistics where they are missing or stale; cheap when not.
    sqlx::query("PRAGMA optimize").execute(&pool).await?;
    drop_value_statistics(&pool).await?;
    Ok(pool)
}

/// Fresh planner statistics after a bulk change (without them SQLite drives listings
/// from the wrong index: seconds instead of milliseconds at 100,000 products).
pub async fn analyze(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("ANALYZE").execute(pool).await?;
    drop_value_statistics(pool).await
}

/// Keeps the per-table statistics (`sqlite_stat1`) and drops the per-value samples
/// (`sqlite_stat4`, where the library has them), for every connection: with samples,
/// a statement binding a value they cover is compiled again at every execution in case
/// the value changes the plan, and our key lookups' plans never change. It was a fifth of
/// the writer's time (add to cart 7,900–10,600 → 11,600–11,900 req/s) and of a product
/// page's first render.
async fn drop_value_statistics(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let sampled: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4')")
        .fetch_one(pool)
        .await?;
    if sampled {
        sqlx::query("DELETE FROM sqlite_stat4").execute(pool).await?;
        // Other connections read the statistics again when they next prepare.
        sqlx::query("ANALYZE sqlite_schema").execute(pool).await?;
    }
    Ok(())
}

/// Records which catalog and currency a store sells, so later rows (carts, orders) can
/// reference it. Idempotent: every start of a store binary calls it.
pub async fn register_store(pool: &SqlitePool, store: &StoreScope) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT OR IGNORE INTO catalogs (id, name) VALUES (?1, ?1)")
        .bind(&store.catalog)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO stores (id, catalog_id, currency) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET catalog_id = excluded.catalog_id, currency = excluded.currency",
    )
    .bind(&store.id)
    .bind(&store.catalog)
    .bind(store.currency.code())
    .execute(pool)
    .await?;
    Ok(())
}

/// Appends ` AND {column} IN (?, …)` binding `values`; nothing when there are none.
pub(crate) fn push_in(qb: &mut sqlx::QueryBuilder<'_, sqlx::Sqlite>, column: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    qb.push(format!(" AND {column} IN ("));
    let mut list = qb.separated(", ");
    for v in values {
        list.push_bind(v.clone());
    }
    list.push_unseparated(")");
}

/// `BEGIN IMMEDIATE` on `pool`, carried through even when the caller is cancelled (a
/// shopper who leaves mid-request drops the request's future). sqlx's `begin_with` sends
/// BEGIN, then checks the transaction in a second step; a future dropped between the two
/// leaves the connection inside a transaction nothing rolls back, and every later write
/// on the one writing connection fails (`server/tests/carts.rs` cuts shoppers off at
/// random points to show it). Spawned, the begin completes, and a transaction nobody
/// awaits any more is dropped and so rolled back.
pub(crate) async fn begin_immediate(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    let pool = pool.clone();
    tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await })
        .await
        .map_err(|_| sqlx::Error::WorkerCrashed)?
}

/// A storage failure, told apart by whether trying again may work: the database busy
/// or locked past the busy timeout, no connection free in time, or its file unreadable
/// is the backend being unavailable (503), anything else a failure (500).
pub(crate) fn storage(err: impl std::error::Error + Send + Sync + 'static) -> CommerceError {
    if unavailable(&err) {
        CommerceError::unavailable(err)
    } else {
        CommerceError::internal(err)
    }
}

fn unavailable(err: &(dyn std::error::Error + 'static)) -> bool {
    use rusqlite::ffi::ErrorCode;
    let mut cause = Some(err);
    while let Some(e) = cause {
        if let Some(e) = e.downcast_ref::<sqlx::Error>() {
            match e {
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::WorkerCrashed => return true,
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), extended codes included.
                sqlx::Error::Database(db) => {
                    let primary = db.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff);
                    if matches!(primary, Some(5 | 6)) {
                        return true;
                    }
                }
                _ => {}
            }
        }
        if let Some(rusqlite::Error::SqliteFailure(e, _)) = e.downcast_ref::<rusqlite::Error>() {
            if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) {
                return true;
            }
        }
        match e.downcast_ref::<WriteError>() {
            Some(WriteError::Stopped) => return true,
            // Its source is the `Arc`, whose own source skips what it holds.
            Some(WriteError::Database(inner)) => return unavailable(&**inner),
            _ => {}
        }
        cause = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn busy() -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None)
    }

    #[test]
    fn a_busy_or_unreachable_database_is_unavailable_and_the_rest_a_failure() {
        assert!(matches!(
            storage(WriteError::from(busy())),
            CommerceError::Unavailable { .. }
        ));
        assert!(matches!(
            storage(WriteError::Stopped),
            CommerceError::Unavailable { .. }
        ));
        assert!(matches!(
            storage(sqlx::Error::PoolTimedOut),
            CommerceError::Unavailable { .. }
        ));
        assert!(matches!(storage(sqlx::Error::RowNotFound), CommerceError::Internal(_)));
        assert!(matches!(storage(WriteError::Panicked), CommerceError::Internal(_)));
    }

    /// `.cargo/config.toml`'s `LIBSQLITE3_FLAGS` reached the SQLite this binary links.
    #[tokio::test]
    async fn sqlite_is_built_without_its_process_wide_mutexes() {
        let pool = SqlitePool::connect("sqlite::memory:").await.unwrap();
        let used = |option: &'static str| {
            sqlx::query_scalar::<_, bool>("SELECT sqlite_compileoption_used(?)")
                .bind(option)
                .fetch_one(&pool)
        };
        assert!(!used("ENABLE_MEMORY_MANAGEMENT").await.unwrap());
        assert!(used("DEFAULT_MEMSTATUS=0").await.unwrap());
    }
}
