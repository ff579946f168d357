//! The sqlx implementation of the `Commerce` port over SQLite.

mod address;
mod cart;
mod catalog;
mod catalog_cache;
mod clock;
mod customer;
mod facet_index;
mod listing;
mod order;
mod product;
mod sku;
mod slugs;
mod summary;
mod writer;

use std::str::FromStr;
use std::time::Duration;

use app::commerce::{CartContents, CommerceError, CommerceResult, NewOrder, PlacedOrder, StoreScope};
use app::model::{Address, CartError, Coupon, Order, OrderError, OrderSummary, Quantity, SavedAddress};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

pub use cart::seed_coupons;
pub use catalog::refresh_price_ranges;
pub use clock::{CatalogClock, CATALOG_MAX_AGE};
pub use customer::session_key;
pub use writer::{WriteError, Writer};

/// The data layer every store binary shares; calls are scoped by [`StoreScope`].
#[derive(Clone, Debug)]
pub struct SqliteCommerce {
    pool: SqlitePool,
    /// One connection for every write of this process: concurrent writers queue here for
    /// SQLite's single write lock instead of in its busy handler, which sleeps and retries
    /// (add to cart at 64 connections: p50 58 ms that way).
    writer: SqlitePool,
    /// Group commit on that connection for the hot writes: carts and new sessions.
    writes: Writer,
    cache: catalog_cache::CatalogCache,
}

impl SqliteCommerce {
    pub fn new(pool: SqlitePool) -> Self {
        let clock = CatalogClock::new(pool.clone());
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            // A ping per acquire is a round trip every write would wait for; a broken
            // connection fails the write it was taken for instead.
            .test_before_acquire(false)
            // Checkpoints run from a reading connection (see `writer`), not in a batch.
            // Every commit here waits for the disk (orders, accounts, addresses), but for
            // the group commit's batches of carts and sessions (see `writer`).
            .connect_lazy_with(
                (*pool.connect_options())
                    .clone()
                    .pragma("wal_autocheckpoint", "0")
                    .synchronous(SqliteSynchronous::Full),
            );
        SqliteCommerce {
            writes: Writer::start(writer.clone(), pool.clone()),
            pool,
            writer,
            cache: catalog_cache::CatalogCache::new(clock),
        }
    }

    /// The writing connection, for other writers of this process (sessions).
    pub fn writer(&self) -> SqlitePool {
        self.writer.clone()
    }

    /// Group commit on the writing connection, for other hot writers (new sessions).
    pub fn writes(&self) -> Writer {
        self.writes.clone()
    }

    /// The catalog version as this process reads it; page caches share it.
    pub fn clock(&self) -> CatalogClock {
        self.cache.clock()
    }

    /// A listing by SQL alone: the definition the facet index is tested and benchmarked against.
    pub async fn list_products_sql(
        &self,
        store: &StoreScope,
        query: &app::model::ProductQuery,
    ) -> Result<app::model::ProductListing, sqlx::Error> {
        listing::list_products(&self.pool, store, query).await
    }

    /// A listing from the facet index, past the listing cache.
    pub async fn list_products_indexed(
        &self,
        store: &StoreScope,
        query: &app::model::ProductQuery,
    ) -> Result<app::model::ProductListing, sqlx::Error> {
        self.cache.listing_uncached(&self.pool, store, query).await
    }

    /// Builds the store's facet index now rather than at its first listing.
    pub async fn warm(&self, store: &StoreScope) -> Result<(), sqlx::Error> {
        self.cache.index(&self.pool, store).await.map(drop)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Deletes guest carts unchanged for `idle` (their lines go with them); customers'
    /// carts stay. Returns how many.
    pub async fn delete_abandoned_carts(&self, idle: Duration) -> Result<u64, sqlx::Error> {
        let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
        let done = sqlx::query("DELETE FROM carts WHERE customer_id IS NULL AND updated_at < unixepoch() - ?")
            .bind(idle)
            .execute(&self.writer)
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
    // memory, and each connection holds its own page cache and thread.
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .min_connections(1)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    // Refreshes the planner's statistics where they are missing or stale; cheap when not.
    sqlx::query("PRAGMA optimize").execute(&pool).await?;
    Ok(pool)
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
        CommerceError::Unavailable(Box::new(err))
    } else {
        CommerceError::Storage(Box::new(err))
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

#[async_trait::async_trait]
impl app::commerce::Commerce for SqliteCommerce {
    async fn category_tree(&self, store: &StoreScope) -> app::commerce::CommerceResult<Vec<app::model::Category>> {
        let rows = self.cache.categories(&self.pool, store).await.map_err(storage)?;
        Ok(catalog::category_tree(&rows))
    }

    async fn category(
        &self,
        store: &StoreScope,
        slug: &str,
    ) -> app::commerce::CommerceResult<Option<app::model::Category>> {
        let rows = self.cache.categories(&self.pool, store).await.map_err(storage)?;
        Ok(catalog::category(&rows, slug))
    }

    async fn featured_products(
        &self,
        store: &StoreScope,
        limit: u32,
    ) -> app::commerce::CommerceResult<Vec<app::model::ProductSummary>> {
        summary::featured(&self.pool, store, limit).await.map_err(storage)
    }

    async fn list_products(
        &self,
        store: &StoreScope,
        query: &app::model::ProductQuery,
    ) -> app::commerce::CommerceResult<app::model::ProductListing> {
        let listing = self.cache.listing(&self.pool, store, query).await.map_err(storage)?;
        Ok((*listing).clone())
    }

    async fn product(
        &self,
        store: &StoreScope,
        slug: &str,
    ) -> app::commerce::CommerceResult<Option<app::model::Product>> {
        product::product(&self.pool, store, slug).await.map_err(storage)
    }

    async fn product_count(&self, store: &StoreScope) -> app::commerce::CommerceResult<u64> {
        slugs::count(&self.pool, store).await.map_err(storage)
    }

    async fn product_slugs(
        &self,
        store: &StoreScope,
        offset: u64,
        limit: u64,
    ) -> app::commerce::CommerceResult<Vec<String>> {
        slugs::slugs(&self.pool, store, offset, limit).await.map_err(storage)
    }

    async fn variants_by_sku(
        &self,
        store: &StoreScope,
        skus: &[String],
    ) -> app::commerce::CommerceResult<Vec<app::model::SkuMatch>> {
        sku::variants_by_sku(&self.pool, store, skus).await.map_err(storage)
    }

    async fn products_by_slug(
        &self,
        store: &StoreScope,
        slugs: &[String],
    ) -> app::commerce::CommerceResult<Vec<app::model::ProductSummary>> {
        summary::by_slug(&self.pool, store, slugs).await.map_err(storage)
    }

    async fn create_customer(
        &self,
        store: &StoreScope,
        email: &app::model::Email,
        name: &str,
        password_hash: &str,
    ) -> app::commerce::CommerceResult<Option<app::model::Customer>> {
        customer::create(&self.writer, store, email, name, password_hash)
            .await
            .map_err(storage)
    }

    async fn customer_credentials(
        &self,
        store: &StoreScope,
        email: &app::model::Email,
    ) -> app::commerce::CommerceResult<Option<(app::model::Customer, String)>> {
        customer::credentials(&self.pool, store, email).await.map_err(storage)
    }

    async fn customer(
        &self,
        store: &StoreScope,
        id: i64,
    ) -> app::commerce::CommerceResult<Option<app::model::Customer>> {
        customer::by_id(&self.pool, store, id).await.map_err(storage)
    }

    async fn create_cart(&self, store: &StoreScope, customer: Option<i64>) -> CommerceResult<i64> {
        cart::create(&self.writer, store, customer).await.map_err(storage)
    }

    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<i64>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<i64, CartError>> {
        cart::start(&self.writes, &self.pool, store, customer, sku, quantity)
            .await
            .map_err(storage)
    }

    async fn cart(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<CartContents>> {
        cart::contents(&self.pool, store, id).await.map_err(storage)
    }

    async fn customer_cart(&self, store: &StoreScope, customer: i64) -> CommerceResult<Option<i64>> {
        cart::of_customer(&self.pool, store, customer).await.map_err(storage)
    }

    async fn put_in_cart(
        &self,
        store: &StoreScope,
        id: i64,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>> {
        cart::put(&self.writes, &self.pool, store, id, sku, quantity, add)
            .await
            .map_err(storage)
    }

    async fn remove_from_cart(&self, store: &StoreScope, id: i64, sku: &str) -> CommerceResult<()> {
        cart::remove(&self.writer, store, id, sku).await.map_err(storage)
    }

    async fn coupon(&self, store: &StoreScope, code: &str, now: i64) -> CommerceResult<Result<Coupon, CartError>> {
        cart::coupon(&self.pool, store, code, now).await.map_err(storage)
    }

    async fn set_cart_coupon(&self, store: &StoreScope, id: i64, code: Option<&str>) -> CommerceResult<()> {
        cart::set_coupon(&self.writer, store, id, code).await.map_err(storage)
    }

    async fn adopt_cart(
        &self,
        store: &StoreScope,
        anonymous: Option<i64>,
        customer: i64,
    ) -> CommerceResult<Option<i64>> {
        cart::adopt(&self.writer, store, anonymous, customer)
            .await
            .map_err(storage)
    }

    async fn place_order(&self, store: &StoreScope, new: &NewOrder) -> CommerceResult<Result<PlacedOrder, OrderError>> {
        let placed = order::place(&self.writer, store, new).await.map_err(storage)?;
        if placed.is_ok() {
            // The order took stock: pages showing it must not wait out the clock.
            self.clock().expire();
        }
        Ok(placed)
    }

    async fn order(&self, store: &StoreScope, number: &str) -> CommerceResult<Option<(Order, Option<i64>)>> {
        order::by_number(&self.pool, store, number).await.map_err(storage)
    }

    async fn orders(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<OrderSummary>> {
        order::of_customer(&self.pool, store, customer).await.map_err(storage)
    }

    async fn addresses(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<SavedAddress>> {
        address::list(&self.pool, store, customer).await.map_err(storage)
    }

    async fn save_address(
        &self,
        store: &StoreScope,
        customer: i64,
        id: Option<i64>,
        a: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<i64>> {
        address::save(&self.writer, store, customer, id, a, make_default)
            .await
            .map_err(storage)
    }

    async fn delete_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool> {
        address::delete(&self.writer, store, customer, id)
            .await
            .map_err(storage)
    }

    async fn set_default_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool> {
        address::set_default(&self.writer, store, customer, id)
            .await
            .map_err(storage)
    }
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
            CommerceError::Unavailable(_)
        ));
        assert!(matches!(storage(WriteError::Stopped), CommerceError::Unavailable(_)));
        assert!(matches!(
            storage(sqlx::Error::PoolTimedOut),
            CommerceError::Unavailable(_)
        ));
        assert!(matches!(storage(sqlx::Error::RowNotFound), CommerceError::Storage(_)));
        assert!(matches!(storage(WriteError::Panicked), CommerceError::Storage(_)));
    }
}
