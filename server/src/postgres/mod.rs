//! Our SQL backend on PostgreSQL, for running several replicas of each store binary
//! against one database: the same `SqlCommerce` as on SQLite (`crate::db`), over the
//! queries of this module, which are the only PostgreSQL-specific part.

mod account;
mod announce;
mod cart;
mod catalog;
mod order;
mod seed;

use std::sync::Arc;
use std::time::Duration;

use app::commerce::{CommerceError, CommerceResult, PlacedOrder, StoreScope};
use app::model::{
    Address, CartError, Coupon, Customer, Email, Order, OrderError, OrderSummary, Product, ProductSummary, Quantity,
    SavedAddress, SkuMatch,
};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use crate::db::cart::Contents;
use crate::db::catalog_reads::CatalogReads;
use crate::db::order::Placing;
use crate::db::throttle::FailedSignIns;
use crate::db::{SqlCommerce, SqlDatabase};

use announce::Announced;
pub use seed::{refresh_price_ranges, replace as seed};

/// Our SQL backend over PostgreSQL.
pub type PostgresCommerce = SqlCommerce<PostgresDatabase>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-postgres");

/// Held while one replica migrates and seeds; the others wait for it.
const START_LOCK: i64 = 0x5354_4f52_4546_524f;

/// Connections per replica: `PG_POOL_SIZE`, default 8. Each replica holds at most this
/// many, so N replicas need N × it (plus one listening connection each) within the
/// server's `max_connections` (100 by default).
fn pool_size() -> u32 {
    std::env::var("PG_POOL_SIZE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(8)
}

/// Opens the pool, then migrates and seeds the demo catalog (`seed` products) if the
/// database has none, under an advisory lock so replicas starting together take turns.
pub async fn connect(url: &str, seed: Option<usize>) -> Result<PgPool, sqlx::Error> {
    let options: PgConnectOptions = url.parse()?;
    let pool = PgPoolOptions::new()
        .max_connections(pool_size())
        .min_connections(1)
        // A database that is down answers the 503 page within this, not after 30 s.
        .acquire_timeout(Duration::from_secs(3))
        .connect_with(options)
        .await?;
    let mut conn = pool.acquire().await?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(START_LOCK)
        .execute(&mut *conn)
        .await?;
    let prepared = async {
        MIGRATOR.run(&mut *conn).await?;
        tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
            .migrate()
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("session table: {e}")))?;
        if let Some(total) = seed {
            seed::seed_if_empty(&mut conn, total).await?;
        }
        Ok::<_, sqlx::Error>(())
    }
    .await;
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(START_LOCK)
        .execute(&mut *conn)
        .await?;
    prepared?;
    Ok(pool)
}

/// The key that signs session and cart cookies: drawn by the first replica to start,
/// read by every other (the insert that loses the race changes nothing).
pub async fn session_key(pool: &PgPool) -> Result<Vec<u8>, sqlx::Error> {
    use rand::RngCore;
    let mut fresh = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    sqlx::query("INSERT INTO secrets (name, value) VALUES ('session-key', $1) ON CONFLICT (name) DO NOTHING")
        .bind(&fresh[..])
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT value FROM secrets WHERE name = 'session-key'")
        .fetch_one(pool)
        .await
}

/// Records the store's catalog and currency; idempotent.
pub async fn register_store(pool: &PgPool, store: &StoreScope) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO catalogs (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING")
        .bind(&store.catalog)
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO stores (id, catalog_id, currency) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET catalog_id = excluded.catalog_id, currency = excluded.currency",
    )
    .bind(&store.id)
    .bind(&store.catalog)
    .bind(store.currency.code())
    .execute(pool)
    .await?;
    Ok(())
}

/// The store's demo coupons, kept where they exist.
pub async fn seed_coupons(pool: &PgPool, store: &StoreScope) -> Result<(), sqlx::Error> {
    for (code, kind, amount, starts, ends) in crate::db::cart::demo_coupons(store) {
        sqlx::query(
            "INSERT INTO coupons (store_id, code, kind, amount, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (store_id, code) DO NOTHING",
        )
        .bind(&store.id)
        .bind(code)
        .bind(kind)
        .bind(amount)
        .bind(starts)
        .bind(ends)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// PostgreSQL under our SQL backend.
#[derive(Debug, Clone)]
pub struct PostgresDatabase {
    pool: PgPool,
    catalog: Arc<catalog::PgCatalog>,
    sign_ins: account::SharedSignIns,
}

impl PostgresDatabase {
    /// Starts listening for catalog changes: call within the runtime.
    pub fn new(pool: PgPool) -> Self {
        let announced = Arc::new(Announced::default());
        announce::start(pool.clone(), announced.clone());
        PostgresDatabase {
            catalog: Arc::new(catalog::PgCatalog {
                pool: pool.clone(),
                announced,
            }),
            sign_ins: account::SharedSignIns { pool: pool.clone() },
            pool,
        }
    }

    /// The catalog's versions as this replica has heard of them: what its caches key on.
    pub fn heard_versions(&self) -> crate::db::Versions {
        self.catalog.announced.versions()
    }

    /// Hourly housekeeping: deletes guest carts unchanged for `idle` (returns how many),
    /// sign-in failures past the throttle's window and catalog changes older than an hour
    /// (long since heard by every replica).
    pub async fn tidy(&self, idle: Duration) -> Result<u64, sqlx::Error> {
        let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
        let carts = sqlx::query(
            "DELETE FROM carts WHERE customer_id IS NULL AND updated_at < extract(epoch FROM now())::bigint - $1",
        )
        .bind(idle)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let window = i64::try_from(app::model::AccountError::THROTTLE_WINDOW.as_secs()).unwrap_or(i64::MAX);
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < extract(epoch FROM now())::bigint - $1")
            .bind(window)
            .execute(&self.pool)
            .await?;
        // Counted as they go, in the same statement: the poll's counts stay what they were.
        sqlx::query(
            "WITH gone AS (DELETE FROM catalog_changes WHERE changed_at < now() - interval '1 hour' RETURNING structure)
             UPDATE catalog_changes_pruned SET total = total + (SELECT COUNT(*) FROM gone),
                    structural = structural + (SELECT COUNT(*) FILTER (WHERE structure) FROM gone)",
        )
        .execute(&self.pool)
        .await?;
        Ok(carts)
    }
}

impl PostgresCommerce {
    pub fn postgres(pool: PgPool) -> Self {
        SqlCommerce::over(PostgresDatabase::new(pool))
    }
}

/// A database failure, told apart by whether trying again may work: no connection (the
/// server down, restarting, out of connections) or a conflict PostgreSQL asks to retry
/// is the backend being unavailable (503), anything else a failure (500).
pub(crate) fn storage(err: sqlx::Error) -> CommerceError {
    let retry = match &err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // 08: connection exceptions; 57P0x: shutting down or starting; 53300: too
            // many connections; 40001 / 40P01: serialization failure, deadlock.
            code.starts_with("08") || code.starts_with("57P0") || code == "53300" || code.starts_with("40")
        }),
        _ => false,
    };
    // 22021 / 22P05: text PostgreSQL cannot hold (a NUL character), which SQLite takes:
    // the shopper's input, refused, not a failure of ours.
    let unstorable =
        matches!(&err, sqlx::Error::Database(db) if db.code().is_some_and(|c| c == "22021" || c == "22P05"));
    if retry {
        CommerceError::unavailable(err)
    } else if unstorable {
        CommerceError::Rejected("The text contains a character that cannot be stored.".into())
    } else {
        CommerceError::internal(err)
    }
}

#[async_trait::async_trait]
impl SqlDatabase for PostgresDatabase {
    const NAME: &'static str = "postgres";
    /// Reading the versions is reading this process's counts of announcements.
    const CLOCK_MAX_AGE: Duration = Duration::ZERO;

    fn storage(err: sqlx::Error) -> CommerceError {
        storage(err)
    }

    fn catalog(&self) -> Arc<dyn CatalogReads> {
        self.catalog.clone()
    }

    async fn problem(&self) -> Option<String> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .err()
            .map(|e| e.to_string())
    }

    fn catalog_changed_here(&self) {
        self.catalog.announced.changed(false);
    }

    async fn featured(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>> {
        catalog::featured(&self.pool, store, limit).await.map_err(storage)
    }

    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>> {
        catalog::product(&self.pool, store, slug).await.map_err(storage)
    }

    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64> {
        catalog::count(&self.pool, store).await.map_err(storage)
    }

    async fn option_names(&self, store: &StoreScope) -> CommerceResult<Vec<String>> {
        sqlx::query_scalar(crate::db::product::sql::OPTION_NAMES)
            .bind(&store.catalog)
            .fetch_all(&self.pool)
            .await
            .map_err(storage)
    }

    async fn product_slugs(&self, store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>> {
        catalog::slugs(&self.pool, store, offset, limit).await.map_err(storage)
    }

    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>> {
        catalog::variants_by_sku(&self.pool, store, skus).await.map_err(storage)
    }

    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>> {
        catalog::by_slug(&self.pool, store, slugs).await.map_err(storage)
    }

    async fn create_customer(
        &self,
        store: &StoreScope,
        email: &Email,
        name: &str,
        password_hash: &str,
    ) -> CommerceResult<Option<Customer>> {
        account::create(&self.pool, store, email, name, password_hash)
            .await
            .map_err(storage)
    }

    async fn credentials(&self, store: &StoreScope, email: &Email) -> CommerceResult<Option<(Customer, String)>> {
        account::credentials(&self.pool, store, email).await.map_err(storage)
    }

    async fn customer(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<Customer>> {
        account::by_id(&self.pool, store, id).await.map_err(storage)
    }

    async fn now_ms(&self) -> CommerceResult<i64> {
        sqlx::query_scalar("SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)")
            .fetch_one(&self.pool)
            .await
            .map_err(storage)
    }

    async fn set_password(&self, store: &StoreScope, id: i64, hash: &str, sessions_since: i64) -> CommerceResult<bool> {
        let done = sqlx::query(crate::db::customer::SET_PASSWORD)
            .bind(hash)
            .bind(sessions_since)
            .bind(&store.id)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    fn sign_ins(&self) -> &dyn FailedSignIns {
        &self.sign_ins
    }

    async fn create_cart(&self, store: &StoreScope, customer: Option<i64>) -> CommerceResult<i64> {
        cart::create(&self.pool, store, customer).await.map_err(storage)
    }

    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<i64>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<i64, CartError>> {
        cart::start(&self.pool, store, customer, sku, quantity)
            .await
            .map_err(storage)
    }

    async fn cart_contents(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<Contents>> {
        cart::contents(&self.pool, store, id).await.map_err(storage)
    }

    async fn coupon(&self, store: &StoreScope, code: &str, now: i64) -> CommerceResult<Result<Coupon, CartError>> {
        let mut conn = self.pool.acquire().await.map_err(storage)?;
        cart::coupon(&mut conn, store, code, now).await.map_err(storage)
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
        cart::put(&self.pool, store, id, sku, quantity, add)
            .await
            .map_err(storage)
    }

    async fn remove_from_cart(&self, store: &StoreScope, id: i64, sku: &str) -> CommerceResult<()> {
        cart::remove(&self.pool, store, id, sku).await.map_err(storage)
    }

    async fn set_coupon(&self, store: &StoreScope, id: i64, code: Option<&str>) -> CommerceResult<()> {
        cart::set_coupon(&self.pool, store, id, code).await.map_err(storage)
    }

    async fn adopt_cart(&self, store: &StoreScope, guest: Option<i64>, customer: i64) -> CommerceResult<Option<i64>> {
        cart::adopt(&self.pool, store, guest, customer).await.map_err(storage)
    }

    async fn place_order(
        &self,
        store: &StoreScope,
        placing: &Placing<'_>,
    ) -> CommerceResult<Result<PlacedOrder, OrderError>> {
        order::place(&self.pool, store, placing).await.map_err(storage)
    }

    async fn order(&self, store: &StoreScope, number: &str) -> CommerceResult<Option<(Order, Option<i64>)>> {
        order::by_number(&self.pool, store, number).await.map_err(storage)
    }

    async fn orders(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<OrderSummary>> {
        order::of_customer(&self.pool, store, customer).await.map_err(storage)
    }

    async fn set_order_status(
        &self,
        store: &StoreScope,
        number: &str,
        next: app::model::OrderStatus,
        at: i64,
    ) -> CommerceResult<Result<(), app::model::StatusError>> {
        crate::db::order::set_status_pg(&self.pool, store, number, next, at)
            .await
            .map_err(storage)
    }

    async fn addresses(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<SavedAddress>> {
        account::addresses(&self.pool, store, customer).await.map_err(storage)
    }

    async fn save_address(
        &self,
        store: &StoreScope,
        customer: i64,
        id: Option<i64>,
        address: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<i64>> {
        account::save_address(&self.pool, store, customer, id, address, make_default)
            .await
            .map_err(storage)
    }

    async fn delete_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool> {
        account::delete_address(&self.pool, store, customer, id)
            .await
            .map_err(storage)
    }

    async fn set_default_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool> {
        account::set_default(&self.pool, store, customer, id)
            .await
            .map_err(storage)
    }
}
