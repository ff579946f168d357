//! The port the pages read through. The server plugs in the sqlx implementation;
//! tests may plug in anything else.
#![cfg(feature = "ssr")]

use async_trait::async_trait;

use crate::model::{
    Address, Authorization, CartError, CartLine, Category, Coupon, Currency, Customer, Email, Money, Order, OrderError,
    OrderSummary, Quantity, SavedAddress, Product, ProductListing, ProductQuery, ProductSummary, SkuMatch};

/// Which store a call is for. Every query takes one, so stores never leak into each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreScope {
    pub id: String,
    pub catalog: String,
    pub currency: Currency,
}

/// A cart as stored: its lines at today's prices and stock, and the coupon code on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartContents {
    pub lines: Vec<CartLine>,
    pub coupon_code: Option<String>,
    pub customer_id: Option<i64>,
}

/// Everything placing an order needs besides the cart's lines, which are read (and
/// their stock taken) inside the order's transaction.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub cart_id: i64,
    /// From the checkout form: a second submit with the same key finds the first order.
    pub key: String,
    pub customer_id: Option<i64>,
    pub email: String,
    pub address: Address,
    pub shipping_name: String,
    pub shipping_price: Money,
    pub tax_basis_points: u32,
    pub tax_included: bool,
    pub payment: Authorization,
    /// Unix seconds, for coupon validity and the order date.
    pub now: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedOrder {
    pub number: String,
    /// True when the key had placed this order before.
    pub existing: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CommerceError {
    /// The storage layer failed; logged with its cause, shown to nobody.
    #[error("storage error: {0}")]
    Storage(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The backend is down, locked or overloaded: the shopper may try again shortly
    /// (503), and nothing was saved.
    #[error("backend unavailable: {0}")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

pub type CommerceResult<T> = Result<T, CommerceError>;

#[async_trait]
pub trait Commerce: Send + Sync + 'static {
    /// Top-level categories with their children, in display order.
    async fn category_tree(&self, store: &StoreScope) -> CommerceResult<Vec<Category>>;

    async fn category(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Category>>;

    async fn featured_products(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>>;

    /// A page of products with facet counts. A `category` that does not exist yields
    /// an empty listing; callers check the category first to answer 404.
    async fn list_products(&self, store: &StoreScope, query: &ProductQuery) -> CommerceResult<ProductListing>;

    /// A product with its variants, attributes and related products.
    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>>;

    /// How many products the store sells (in its catalog, priced in its currency).
    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64>;

    /// Slugs of the store's products in slug order, `limit` from `offset` (the sitemap).
    async fn product_slugs(&self, store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>>;

    /// Variants of the store's catalog by SKU (quick order); unknown SKUs are left out.
    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>>;

    /// Summaries of the store's products with these slugs, in no particular order.
    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>>;

    /// A new customer of this store; `None` when the email is registered here already.
    async fn create_customer(
        &self,
        store: &StoreScope,
        email: &Email,
        name: &str,
        password_hash: &str,
    ) -> CommerceResult<Option<Customer>>;

    /// The customer with this email in this store and their password hash.
    async fn customer_credentials(&self, store: &StoreScope, email: &Email) -> CommerceResult<Option<(Customer, String)>>;

    /// The customer with this id, if they belong to this store.
    async fn customer(&self, store: &StoreScope, id: i64) -> CommerceResult<Option<Customer>>;

    /// A new, empty cart of this store.
    async fn create_cart(&self, store: &StoreScope, customer: Option<i64>) -> CommerceResult<i64>;

    /// A new cart holding `quantity` of `sku`, or nothing at all when that cannot be added.
    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<i64>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<i64, CartError>>;

    /// The cart, if it is one of this store's.
    async fn cart(&self, store: &StoreScope, cart: i64) -> CommerceResult<Option<CartContents>>;

    /// The customer's cart in this store, if they have one.
    async fn customer_cart(&self, store: &StoreScope, customer: i64) -> CommerceResult<Option<i64>>;

    /// Adds to (or, without `add`, sets) the quantity of a SKU, within stock and limits.
    async fn put_in_cart(
        &self,
        store: &StoreScope,
        cart: i64,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>>;

    async fn remove_from_cart(&self, store: &StoreScope, cart: i64, sku: &str) -> CommerceResult<()>;

    /// This store's coupon with `code`, if valid at `now` (unix seconds).
    async fn coupon(&self, store: &StoreScope, code: &str, now: i64) -> CommerceResult<Result<Coupon, CartError>>;

    async fn set_cart_coupon(&self, store: &StoreScope, cart: i64, code: Option<&str>) -> CommerceResult<()>;

    /// At sign-in: merges the anonymous cart into the customer's; returns their cart.
    async fn adopt_cart(&self, store: &StoreScope, anonymous: Option<i64>, customer: i64) -> CommerceResult<Option<i64>>;

    /// Places the order in one transaction, or saves nothing and says why.
    async fn place_order(&self, store: &StoreScope, order: &NewOrder) -> CommerceResult<Result<PlacedOrder, OrderError>>;

    /// An order of this store and the customer it belongs to (`None` for a guest's).
    async fn order(&self, store: &StoreScope, number: &str) -> CommerceResult<Option<(Order, Option<i64>)>>;

    /// The customer's orders in this store, newest first.
    async fn orders(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<OrderSummary>>;

    /// The customer's address book, default first.
    async fn addresses(&self, store: &StoreScope, customer: i64) -> CommerceResult<Vec<SavedAddress>>;

    /// Adds an address (`id` none) or changes one of theirs; `None` when `id` is not theirs.
    async fn save_address(
        &self,
        store: &StoreScope,
        customer: i64,
        id: Option<i64>,
        address: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<i64>>;

    /// False when the address is not theirs.
    async fn delete_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool>;

    /// False when the address is not theirs.
    async fn set_default_address(&self, store: &StoreScope, customer: i64, id: i64) -> CommerceResult<bool>;
}
