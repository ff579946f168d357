//! What our SQL backend asks of its database, in row ids and rows: SQLite
//! (`SqliteDatabase`) and PostgreSQL (`crate::postgres::PostgresDatabase`) each answer it
//! in their own SQL. Everything else — handles, passwords, the sign-in throttle's rule,
//! pricing, the catalog caches and facet index — is written once, in `SqlCommerce`.

use app::commerce::{CommerceError, CommerceResult, PlacedOrder, StoreScope};
use app::model::{
    Address, CartError, Coupon, Customer, Email, Order, OrderError, OrderSummary, Product, ProductSummary, Quantity,
    SavedAddress, SkuMatch,
};

use super::cart::Contents;
use super::catalog_reads::CatalogReads;
use super::order::Placing;
use super::throttle::FailedSignIns;

#[async_trait::async_trait]
pub trait SqlDatabase: Send + Sync + std::fmt::Debug + 'static {
    /// The backend's name in `/healthz`.
    const NAME: &'static str;
    /// How long a reading of the catalog versions is used before it is read again.
    const CLOCK_MAX_AGE: std::time::Duration;

    /// A failure of this database as the trait reports it: unavailable (503) when
    /// trying again may work, a failure (500) otherwise.
    fn storage(err: sqlx::Error) -> CommerceError;

    /// What the catalog caches and the facet index read.
    fn catalog(&self) -> std::sync::Arc<dyn CatalogReads>;

    /// `None` when the database answers; what went wrong otherwise.
    async fn problem(&self) -> Option<String>;

    /// This process changed the catalog (an order took stock): its caches must not wait
    /// for the change to be announced.
    fn catalog_changed_here(&self);

    async fn featured(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>>;
    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>>;
    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64>;
    /// The names of the catalog's variant options, as imported files give them.
    async fn option_names(&self, store: &StoreScope) -> CommerceResult<Vec<String>>;
    async fn product_slugs(&self, store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>>;
    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>>;
    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>>;

    /// `None` when the email has an account in this store already.
    async fn create_customer(
        &self,
        store: &StoreScope,
        email: &Email,
        name: &str,
        password_hash: &str,
    ) -> CommerceResult<Option<Customer>>;
    async fn credentials(&self, store: &StoreScope, email: &Email) -> CommerceResult<Option<(Customer, String)>>;
    async fn customer(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<Customer>>;
    /// The database's clock (Unix ms): sign-ins and password changes are timed by it, so
    /// replicas with clocks apart agree on which sessions a new password ended.
    async fn now_ms(&self) -> CommerceResult<i64>;
    /// A new password hash; sessions begun before `sessions_since` end. False when the
    /// store has no such customer.
    async fn set_password(&self, store: &StoreScope, id: i64, hash: &str, sessions_since: i64) -> CommerceResult<bool>;
    /// Where failed sign-ins are counted for the throttle.
    fn sign_ins(&self) -> &dyn FailedSignIns;

    async fn create_cart(&self, store: &StoreScope, customer: Option<i64>) -> CommerceResult<i64>;
    /// A new cart holding its first line; none is left behind when the line is refused.
    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<i64>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<i64, CartError>>;
    async fn cart_contents(&self, store: &StoreScope, cart: i64) -> CommerceResult<Option<Contents>>;
    /// The store's coupon with this code (case-insensitive), if it is valid at `now`.
    async fn coupon(&self, store: &StoreScope, code: &str, now: i64) -> CommerceResult<Result<Coupon, CartError>>;
    async fn customer_cart(&self, store: &StoreScope, customer: i64) -> CommerceResult<Option<i64>>;
    async fn put_in_cart(
        &self,
        store: &StoreScope,
        cart: i64,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>>;
    async fn remove_from_cart(&self, store: &StoreScope, cart: i64, sku: &str) -> CommerceResult<()>;
    async fn set_coupon(&self, store: &StoreScope, cart: i64, code: Option<&str>) -> CommerceResult<()>;
    /// At sign-in: the guest cart's lines join the customer's cart, or it becomes theirs.
    async fn adopt_cart(&self, store: &StoreScope, guest: Option<i64>, customer: i64) -> CommerceResult<Option<i64>>;

    async fn place_order(
        &self,
        store: &StoreScope,
        order: &Placing<'_>,
    ) -> CommerceResult<Result<PlacedOrder, OrderError>>;
    /// An order of this store by number, with the customer it belongs to (none for guests).
    async fn order(&self, store: &StoreScope, number: &str) -> CommerceResult<Option<(Order, Option<i64>)>>;
    async fn orders(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<OrderSummary>>;
    /// Moves the order on at `at` (Unix seconds), if its status allows (`order::set_status`).
    async fn set_order_status(
        &self,
        store: &StoreScope,
        number: &str,
        next: app::model::OrderStatus,
        at: i64,
    ) -> CommerceResult<Result<(), app::model::StatusError>>;

    async fn addresses(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<SavedAddress>>;
    /// Adds (`id` none) or changes one of the customer's addresses; `None` when `id` is not theirs.
    async fn save_address(
        &self,
        store: &StoreScope,
        customer: i64,
        id: Option<i64>,
        address: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<i64>>;
    async fn delete_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool>;
    async fn set_default_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool>;
}
