//! The Unified Data Layer: the one boundary every page reads and writes through, and
//! that any commerce platform can sit behind. Our SQL backend (`server::db`) implements
//! it over the embedded database; a connector implements it over a platform's API.
//!
//! Shapes a platform fits naturally: ids are opaque handles it issues; it authenticates
//! shoppers itself; it prices carts (lines, discounts, shipping, tax, total); facets are
//! whatever it names; stock is a state with the number where it has one; images are URLs.
//! What it cannot do it leaves out of [`Commerce::capabilities`], and pages hide it.
#![cfg(feature = "ssr")]

mod error;
mod scope;
pub mod suggest;

use async_trait::async_trait;

pub use crate::model::{Capabilities, Capability};
pub use error::{CommerceError, CommerceResult, DEFAULT_RETRY};
pub use scope::{PricingRules, StoreScope};

use crate::model::{
    AccountError, Address, AddressId, Authorization, Cart, CartError, CartId, Category, Customer, CustomerId, Email,
    Order, OrderError, OrderSummary, Password, Product, ProductListing, ProductQuery, ProductSummary, Quantity,
    SavedAddress, ShippingMethod, SkuMatch, Suggestions};

/// Everything placing an order needs besides the cart, whose lines are read (and their
/// stock taken) by the backend as it places it.
#[derive(Clone, Debug)]
pub struct NewOrder {
    pub cart: CartId,
    /// From the checkout form: a second submit with the same key finds the first order,
    /// whether or not the platform has keys of its own.
    pub key: String,
    pub customer: Option<CustomerId>,
    pub email: Email,
    pub address: Address,
    /// One of [`Commerce::shipping_methods`].
    pub shipping_method: String,
    /// Authorized for the total the shopper was shown; the backend refuses the order
    /// when its total differs.
    pub payment: Authorization,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedOrder {
    pub number: String,
    /// True when the key had placed this order before.
    pub existing: bool,
}

/// Whose an order is, as the backend tells it to the shopper asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderOwner {
    /// Placed without an account: the browser that placed it may see it.
    Guest,
    /// The signed-in shopper's own.
    Viewer,
    /// Another customer's.
    Someone,
}

/// A registration as the form gave it, checked.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub name: String,
    pub email: Email,
    pub password: Password,
}

/// A shopper the backend has signed in, and the cart they have now: theirs, with the
/// guest cart they brought merged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub customer: Customer,
    pub cart: Option<CartId>,
    /// When, by the backend's clock (Unix ms): compared with the customer's
    /// `sessions_since`, which the same clock wrote.
    pub at: i64,
}

/// What `/healthz` reports of the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Health {
    pub backend: &'static str,
    /// `None` when it answers; else why not, for operators.
    pub problem: Option<String>,
}

#[async_trait]
pub trait Commerce: Send + Sync + 'static {
    /// What this backend can do; constant for its lifetime.
    fn capabilities(&self) -> Capabilities;

    /// Whether the backend answers, for `/healthz` and load balancers.
    async fn health(&self) -> Health;

    /// A number that changes whenever the store's catalog pages may show something
    /// else: our SQL backend counts its catalog changes; a remote one may change it on a
    /// webhook or when a time to live runs out. The page and listing caches key on it.
    async fn catalog_version(&self, store: &StoreScope) -> CommerceResult<u64>;

    // --- Catalog ---

    /// Every name a catalog URL may carry as a parameter: the facets listings filter by
    /// and the option axes of products (`?color=…&size=…`). Read once at start; only
    /// these reach a listing's query and the page cache's keys.
    async fn facet_names(&self, store: &StoreScope) -> CommerceResult<Vec<String>>;

    /// Top-level categories with their children, in display order.
    async fn category_tree(&self, store: &StoreScope) -> CommerceResult<Vec<Category>>;

    async fn category(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Category>>;

    async fn featured_products(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>>;

    /// A page of products with facet counts. A `category` that does not exist yields
    /// an empty listing; callers check the category first to answer 404.
    async fn list_products(&self, store: &StoreScope, query: &ProductQuery) -> CommerceResult<ProductListing>;

    /// What the search box offers as a shopper types `terms` (`model::suggest::terms`):
    /// by default the backend's own search ([`suggest::by_search`]).
    async fn suggest(&self, store: &StoreScope, terms: &[String]) -> CommerceResult<Suggestions> {
        suggest::by_search(self, store, terms).await
    }

    /// A product with its variants, attributes and related products.
    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>>;

    /// How many products the store sells.
    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64>;

    /// Slugs of the store's products in a stable order, `limit` from `offset` (the sitemap).
    async fn product_slugs(&self, store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>>;

    /// Variants by SKU (quick order, [`Capability::SkuLookup`]); unknown SKUs are left out.
    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>>;

    /// Summaries of the products with these slugs, in no particular order.
    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>>;

    // --- Accounts: the backend keeps the credentials and decides ---

    /// A new customer, signed in; `EmailTaken` when the email has an account here.
    async fn register(
        &self,
        store: &StoreScope,
        account: &NewAccount,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>>;

    /// Checks the credentials (throttling repeated failures) and signs the customer in.
    async fn authenticate(
        &self,
        store: &StoreScope,
        email: &Email,
        password: &str,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>>;

    /// Ends the customer's session with the backend, where it keeps one.
    async fn sign_out(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<()>;

    /// The signed-in customer, if the handle is still good in this store.
    async fn customer(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Option<Customer>>;

    /// The customer with this email in this store ([`Capability::PasswordReset`]).
    async fn customer_by_email(&self, _store: &StoreScope, _email: &Email) -> CommerceResult<Option<Customer>> {
        Err(CommerceError::unsupported(Capability::PasswordReset))
    }

    /// Sets `password` without the old one (the storefront checked a reset link) and
    /// ends every session of the customer begun before now; false when there is no such
    /// customer ([`Capability::PasswordReset`]).
    async fn reset_password(&self, _store: &StoreScope, _customer: &CustomerId, _password: &Password) -> CommerceResult<bool> {
        Err(CommerceError::unsupported(Capability::PasswordReset))
    }

    // --- Carts: priced by the backend ---

    /// A new, empty cart.
    async fn create_cart(&self, store: &StoreScope, customer: Option<&CustomerId>) -> CommerceResult<CartId>;

    /// A new cart holding `quantity` of `sku`, or nothing at all when that cannot be added.
    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<&CustomerId>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<CartId, CartError>>;

    /// The cart priced with `shipping` (one of [`Commerce::shipping_methods`]), else with
    /// the cheapest method as an estimate; `None` when it is not one of this store's.
    async fn cart(&self, store: &StoreScope, cart: &CartId, shipping: Option<&str>) -> CommerceResult<Option<Cart>>;

    /// Items in the cart, counting quantities (the header's count).
    async fn cart_count(&self, store: &StoreScope, cart: &CartId) -> CommerceResult<u32> {
        Ok(self.cart(store, cart, None).await?.map_or(0, |c| c.count))
    }

    /// The customer's cart, if they have one.
    async fn customer_cart(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Option<CartId>>;

    /// Adds to (or, without `add`, sets) the quantity of a SKU, within stock and limits.
    async fn put_in_cart(
        &self,
        store: &StoreScope,
        cart: &CartId,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>>;

    async fn remove_from_cart(&self, store: &StoreScope, cart: &CartId, sku: &str) -> CommerceResult<()>;

    /// Puts a coupon on the cart, replacing any other, or says why not.
    async fn apply_coupon(&self, store: &StoreScope, cart: &CartId, code: &str) -> CommerceResult<Result<(), CartError>>;

    async fn remove_coupon(&self, store: &StoreScope, cart: &CartId) -> CommerceResult<()>;

    /// The ways this cart can be shipped, with their prices, in the order to offer them.
    async fn shipping_methods(&self, store: &StoreScope, cart: &CartId) -> CommerceResult<Vec<ShippingMethod>>;

    // --- Orders ---

    /// Places the order, or saves nothing and says why. Idempotent by `order.key`.
    async fn place_order(&self, store: &StoreScope, order: &NewOrder) -> CommerceResult<Result<PlacedOrder, OrderError>>;

    /// An order of this store, and whose it is as seen by `viewer` (the signed-in
    /// customer, if any): a platform knows its customers by more than one handle.
    async fn order(
        &self,
        store: &StoreScope,
        number: &str,
        viewer: Option<&CustomerId>,
    ) -> CommerceResult<Option<(Order, OrderOwner)>>;

    /// Moves an order on, dated now; cancelling puts its stock back
    /// ([`Capability::OrderStatus`]). Returns the order as it is then.
    async fn set_order_status(
        &self,
        _store: &StoreScope,
        _number: &str,
        _next: crate::model::OrderStatus,
    ) -> CommerceResult<Result<Order, crate::model::StatusError>> {
        Err(CommerceError::unsupported(Capability::OrderStatus))
    }

    /// The customer's orders, newest first.
    async fn orders(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<OrderSummary>>;

    // --- Address book ([`Capability::AddressBook`]) ---

    /// Default first.
    async fn addresses(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<SavedAddress>>;

    /// Adds an address (`id` none) or changes one of theirs; `None` when `id` is not theirs.
    async fn save_address(
        &self,
        store: &StoreScope,
        customer: &CustomerId,
        id: Option<&AddressId>,
        address: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<AddressId>>;

    /// False when the address is not theirs.
    async fn delete_address(&self, store: &StoreScope, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool>;

    /// False when the address is not theirs.
    async fn set_default_address(&self, store: &StoreScope, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool>;
}
