//! SQLite under our SQL backend: the queries of this module's siblings (`cart`, `order`,
//! `product`, …), with one writing connection and group commit for the hot writes.

use std::sync::Arc;

use app::commerce::{CommerceResult, PlacedOrder, StoreScope};
use app::model::{
    Address, CartError, Coupon, Customer, Email, Order, OrderError, OrderSummary, Product, ProductSummary, Quantity,
    SavedAddress, SkuMatch,
};
use rustc_hash::FxHashMap;
use sqlx::sqlite::{SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use super::cart::Contents;
use super::catalog::CategoryRow;
use super::catalog_reads::{CatalogReads, IndexRow};
use super::clock::Versions;
use super::order::Placing;
use super::throttle::{FailedSignIns, SignInThrottle};
use super::{address, cart, catalog, customer, order, product, sku, slugs, storage, summary, GroupCommit};

#[derive(Clone, Debug)]
pub struct SqliteDatabase {
    pub(super) pool: SqlitePool,
    /// The one connection every write of this process takes: concurrent writers queue
    /// here for SQLite's single write lock instead of in its busy handler, which sleeps
    /// and retries (add to cart at 64 connections: p50 58 ms that way).
    pub(super) write_pool: SqlitePool,
    /// Group commit on that connection for the hot writes: carts and new sessions.
    pub(super) group_commit: GroupCommit,
    /// In this process's memory: one process writes a SQLite file's sign-ins.
    throttle: Arc<SignInThrottle>,
    catalog: Arc<SqliteCatalog>,
}

impl SqliteDatabase {
    pub fn new(pool: SqlitePool) -> Self {
        let write_pool = SqlitePoolOptions::new()
            .max_connections(1)
            // A ping per acquire is a round trip every write would wait for; a broken
            // connection fails the write it was taken for instead.
            .test_before_acquire(false)
            // Checkpoints run from a reading connection (see `group_commit`), not in a batch.
            // Every commit here waits for the disk (orders, accounts, addresses), but for
            // the group commit's batches of carts and sessions.
            .connect_lazy_with(
                (*pool.connect_options())
                    .clone()
                    .pragma("wal_autocheckpoint", "0")
                    .synchronous(SqliteSynchronous::Full),
            );
        SqliteDatabase {
            group_commit: GroupCommit::start(write_pool.clone(), pool.clone()),
            catalog: Arc::new(SqliteCatalog { pool: pool.clone() }),
            pool,
            write_pool,
            throttle: Arc::default(),
        }
    }
}

/// What the shared catalog caches read from SQLite.
#[derive(Debug)]
pub struct SqliteCatalog {
    pool: SqlitePool,
}

/// One row per product, its variants folded into a string (see `facet_index::build`).
const INDEX_ROWS: &str = "SELECT p.id, p.category_id, p.brand, r.min_amount, p.popularity, p.created_at,
      (SELECT group_concat(
          CASE WHEN v.color IS NULL THEN '' ELSE '=' || v.color END || char(31) ||
          CASE WHEN v.size IS NULL THEN '' ELSE '=' || v.size END || char(31) ||
          CASE WHEN v.capacity IS NULL THEN '' ELSE '=' || v.capacity END, char(30))
         FROM variants v WHERE v.product_id = p.id),
      p.name
   FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = ?
  WHERE p.catalog_id = ? AND p.id > ? ORDER BY p.id LIMIT ?";

#[async_trait::async_trait]
impl CatalogReads for SqliteCatalog {
    async fn versions(&self) -> Result<Versions, sqlx::Error> {
        let (all, structure) = sqlx::query_as("SELECT version, structure FROM catalog_version WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(Versions { all, structure })
    }

    async fn categories(&self, store: &StoreScope) -> Result<Vec<CategoryRow>, sqlx::Error> {
        catalog::all_categories(&self.pool, store).await
    }

    async fn index_sizes(&self, store: &StoreScope) -> Result<(i64, i64), sqlx::Error> {
        sqlx::query_as(
            "SELECT COUNT(DISTINCT p.id), COUNT(v.id)
               FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = ?
               LEFT JOIN variants v ON v.product_id = p.id
              WHERE p.catalog_id = ?",
        )
        .bind(store.currency.code())
        .bind(&store.catalog)
        .fetch_one(&self.pool)
        .await
    }

    async fn index_rows(&self, store: &StoreScope, after: i64, limit: i64) -> Result<Vec<IndexRow>, sqlx::Error> {
        sqlx::query_as(INDEX_ROWS)
            .bind(store.currency.code())
            .bind(&store.catalog)
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
    }

    /// One row of JSON rather than a row per match: sqlx hands rows over one at a time from
    /// its connection's thread, and a common word matches thousands of products (search for
    /// "dress" at 100,000 products: 5,500 rows, p50 27 ms that way).
    async fn text_matches(&self, terms: &[String]) -> Result<FxHashMap<i64, f64>, sqlx::Error> {
        let json: String = sqlx::query_scalar(
            "SELECT json_group_array(json_array(rowid, rank)) FROM product_search WHERE product_search MATCH ?",
        )
        .bind(super::listing::fts_query(terms))
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<(i64, f64)> = serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        Ok(rows.into_iter().collect())
    }

    async fn summaries(&self, store: &StoreScope, ids: &[i64]) -> Result<Vec<ProductSummary>, sqlx::Error> {
        summary::by_ids(&self.pool, store, ids).await
    }
}

#[async_trait::async_trait]
impl super::SqlDatabase for SqliteDatabase {
    const NAME: &'static str = "embedded";
    const CLOCK_MAX_AGE: std::time::Duration = super::CATALOG_MAX_AGE;

    fn storage(err: sqlx::Error) -> app::commerce::CommerceError {
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

    /// Triggers move the version row; the clock is expired by `SqlCommerce`.
    fn catalog_changed_here(&self) {}

    async fn featured(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>> {
        summary::featured(&self.pool, store, limit).await.map_err(storage)
    }

    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>> {
        product::product(&self.pool, store, slug).await.map_err(storage)
    }

    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64> {
        slugs::count(&self.pool, store).await.map_err(storage)
    }

    async fn option_names(&self, store: &StoreScope) -> CommerceResult<Vec<String>> {
        sqlx::query_scalar(super::product::sql::OPTION_NAMES)
            .bind(&store.catalog)
            .fetch_all(&self.pool)
            .await
            .map_err(storage)
    }

    async fn product_slugs(&self, store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>> {
        slugs::slugs(&self.pool, store, offset, limit).await.map_err(storage)
    }

    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>> {
        sku::variants_by_sku(&self.pool, store, skus).await.map_err(storage)
    }

    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>> {
        summary::by_slug(&self.pool, store, slugs).await.map_err(storage)
    }

    async fn create_customer(
        &self,
        store: &StoreScope,
        email: &Email,
        name: &str,
        password_hash: &str,
    ) -> CommerceResult<Option<Customer>> {
        customer::create(&self.write_pool, store, email, name, password_hash)
            .await
            .map_err(storage)
    }

    async fn credentials(&self, store: &StoreScope, email: &Email) -> CommerceResult<Option<(Customer, String)>> {
        customer::credentials(&self.pool, store, email).await.map_err(storage)
    }

    async fn customer(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<Customer>> {
        customer::by_id(&self.pool, store, id).await.map_err(storage)
    }

    async fn now_ms(&self) -> CommerceResult<i64> {
        sqlx::query_scalar("SELECT CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)")
            .fetch_one(&self.pool)
            .await
            .map_err(storage)
    }

    async fn set_password(&self, store: &StoreScope, id: i64, hash: &str, sessions_since: i64) -> CommerceResult<bool> {
        let done = sqlx::query(customer::SET_PASSWORD)
            .bind(hash)
            .bind(sessions_since)
            .bind(&store.id)
            .bind(id)
            .execute(&self.write_pool)
            .await
            .map_err(storage)?;
        Ok(done.rows_affected() == 1)
    }

    fn sign_ins(&self) -> &dyn FailedSignIns {
        &*self.throttle
    }

    async fn create_cart(&self, store: &StoreScope, customer: Option<i64>) -> CommerceResult<i64> {
        cart::create(&self.write_pool, store, customer).await.map_err(storage)
    }

    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<i64>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<i64, CartError>> {
        cart::start(&self.group_commit, &self.pool, store, customer, sku, quantity)
            .await
            .map_err(storage)
    }

    async fn cart_contents(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<Contents>> {
        cart::contents(&self.pool, store, id).await.map_err(storage)
    }

    async fn coupon(&self, store: &StoreScope, code: &str, now: i64) -> CommerceResult<Result<Coupon, CartError>> {
        cart::coupon(&self.pool, store, code, now).await.map_err(storage)
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
        cart::put(&self.group_commit, &self.pool, store, id, sku, quantity, add)
            .await
            .map_err(storage)
    }

    async fn remove_from_cart(&self, store: &StoreScope, id: i64, sku: &str) -> CommerceResult<()> {
        cart::remove(&self.write_pool, store, id, sku).await.map_err(storage)
    }

    async fn set_coupon(&self, store: &StoreScope, id: i64, code: Option<&str>) -> CommerceResult<()> {
        cart::set_coupon(&self.write_pool, store, id, code)
            .await
            .map_err(storage)
    }

    async fn adopt_cart(&self, store: &StoreScope, guest: Option<i64>, customer: i64) -> CommerceResult<Option<i64>> {
        cart::adopt(&self.write_pool, store, guest, customer)
            .await
            .map_err(storage)
    }

    async fn place_order(
        &self,
        store: &StoreScope,
        placing: &Placing<'_>,
    ) -> CommerceResult<Result<PlacedOrder, OrderError>> {
        order::place(&self.write_pool, store, placing).await.map_err(storage)
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
        order::set_status(&self.write_pool, store, number, next, at)
            .await
            .map_err(storage)
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
        address::save(&self.write_pool, store, customer, id, a, make_default)
            .await
            .map_err(storage)
    }

    async fn delete_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool> {
        address::delete(&self.write_pool, store, customer, id)
            .await
            .map_err(storage)
    }

    async fn set_default_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool> {
        address::set_default(&self.write_pool, store, customer, id)
            .await
            .map_err(storage)
    }
}
