//! The Vendure connector: `Commerce` over Vendure's GraphQL Shop API, for stores whose
//! `[backend] kind` is `vendure`. Vendure prices carts, keeps customers and their
//! credentials, and places orders; a shopper's handle (cart and customer alike) is the
//! session token Vendure issued. Catalog structure (facets, option groups, collections)
//! is read once per [`CATALOG_TTL`]; listings and products come from Vendure each time
//! the page cache needs them.

mod account;
mod cart;
mod catalog;
mod client;
mod order;
mod queries;
mod types;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::commerce::{
    Capabilities, Capability, Commerce, CommerceResult, Health, NewAccount, NewOrder, OrderOwner, PlacedOrder,
    SignedIn, StoreScope,
};
use app::model::{
    AccountError, Address, AddressId, Cart, CartError, CartId, Category, Customer, CustomerId, Email, Order,
    OrderError, OrderSummary, Product, ProductListing, ProductQuery, ProductSummary, Quantity, SavedAddress,
    ShippingMethod, SkuMatch,
};
use sqlx::SqlitePool;

pub use client::Settings;

use crate::db::throttle::SignInThrottle;

/// How long catalog structure and pages may be stale: Vendure tells nobody when its
/// catalog changes, so the catalog version moves on this period.
pub const CATALOG_TTL: Duration = Duration::from_secs(30);

/// Catalog structure and when it was read.
type Fetched = (Instant, Arc<catalog::CatalogMeta>);

#[derive(Clone)]
pub struct VendureCommerce {
    client: client::Client,
    /// The storefront's own database: checkout keys of orders placed here.
    pool: SqlitePool,
    meta: Arc<tokio::sync::Mutex<Option<Fetched>>>,
    skus: moka::future::Cache<String, types::SearchItem>,
    throttle: Arc<SignInThrottle>,
}

impl VendureCommerce {
    pub fn new(settings: Settings, pool: SqlitePool) -> Result<Self, String> {
        let client = client::Client::new(settings).map_err(|e| e.to_string())?;
        Ok(VendureCommerce {
            client,
            pool,
            meta: Default::default(),
            skus: moka::future::Cache::builder()
                .max_capacity(10_000)
                .time_to_live(CATALOG_TTL)
                .build(),
            throttle: Default::default(),
        })
    }

    /// Facets, option groups and collections, at most [`CATALOG_TTL`] old.
    async fn meta(&self) -> CommerceResult<Arc<catalog::CatalogMeta>> {
        let mut held = self.meta.lock().await;
        if let Some((at, meta)) = held.as_ref() {
            if at.elapsed() < CATALOG_TTL {
                return Ok(meta.clone());
            }
        }
        let meta = Arc::new(self.load_meta().await?);
        *held = Some((Instant::now(), meta.clone()));
        Ok(meta)
    }

    /// Where product images come from, for the pages' content policy.
    pub fn asset_origin(&self) -> String {
        self.client.settings().url.trim_end_matches('/').to_string()
    }
}

#[async_trait::async_trait]
impl Commerce for VendureCommerce {
    fn capabilities(&self) -> Capabilities {
        [
            Capability::SkuLookup,
            Capability::AddressBook,
            Capability::Coupons,
            Capability::ProductsBySlug,
            Capability::Payments,
        ]
        .into_iter()
        .collect()
    }

    async fn health(&self) -> Health {
        Health {
            backend: "vendure",
            problem: self.client.healthy().await.err(),
        }
    }

    async fn catalog_version(&self, _store: &StoreScope) -> CommerceResult<u64> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Ok(now.as_secs() / CATALOG_TTL.as_secs())
    }

    async fn facet_names(&self, _store: &StoreScope) -> CommerceResult<Vec<String>> {
        let meta = self.meta().await?;
        Ok(meta
            .facets
            .iter()
            .map(|f| f.code.clone())
            .chain(meta.option_groups.iter().cloned())
            .collect())
    }

    async fn category_tree(&self, _store: &StoreScope) -> CommerceResult<Vec<Category>> {
        self.categories().await
    }

    async fn category(&self, _store: &StoreScope, slug: &str) -> CommerceResult<Option<Category>> {
        self.category_by_slug(slug).await
    }

    async fn featured_products(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>> {
        self.featured(store, limit).await
    }

    async fn list_products(&self, store: &StoreScope, query: &ProductQuery) -> CommerceResult<ProductListing> {
        self.listing(store, query).await
    }

    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>> {
        self.product_by_slug(store, slug).await
    }

    async fn product_count(&self, _store: &StoreScope) -> CommerceResult<u64> {
        Ok(self.all_slugs().await?.len() as u64)
    }

    async fn product_slugs(&self, _store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>> {
        let slugs = self.all_slugs().await?;
        Ok(slugs
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .collect())
    }

    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>> {
        let mut found = Vec::new();
        for sku in skus {
            if let Some(v) = self.variant(sku).await? {
                found.push(SkuMatch {
                    sku: sku.clone(),
                    product_name: v.product_name.clone(),
                    product_slug: v.slug.clone(),
                    price: self.shelf(store, v.price.range().0, v.price_with_tax.range().0),
                    stock: app::model::Stock::state(if v.in_stock {
                        app::model::Availability::InStock
                    } else {
                        app::model::Availability::OutOfStock
                    }),
                });
            }
        }
        Ok(found)
    }

    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>> {
        let mut found = Vec::new();
        for slug in slugs {
            if let Some(p) = self.product_by_slug(store, slug).await? {
                let (from, to) = p.variants.iter().fold((i64::MAX, i64::MIN), |(lo, hi), v| {
                    (lo.min(v.price.minor), hi.max(v.price.minor))
                });
                found.push(ProductSummary {
                    image: p
                        .images
                        .first()
                        .cloned()
                        .unwrap_or_else(|| app::model::Image::new("", &p.name)),
                    price_from: app::model::Money::new(from, store.currency),
                    price_to: (to != from).then(|| app::model::Money::new(to, store.currency)),
                    availability: if p.variants.iter().any(|v| v.stock.is_available()) {
                        app::model::Availability::InStock
                    } else {
                        app::model::Availability::OutOfStock
                    },
                    slug: p.slug,
                    name: p.name,
                    brand: p.brand,
                    colors: Vec::new(),
                });
            }
        }
        Ok(found)
    }

    async fn register(
        &self,
        _store: &StoreScope,
        account: &NewAccount,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        self.sign_up(account, guest_cart).await
    }

    async fn authenticate(
        &self,
        store: &StoreScope,
        email: &Email,
        password: &str,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        let attempt = self.login(email, password, guest_cart);
        crate::db::throttle::guard(&*self.throttle, &store.id, email.as_str(), attempt).await
    }

    async fn sign_out(&self, _store: &StoreScope, customer: &CustomerId) -> CommerceResult<()> {
        self.client
            .write::<serde_json::Value>(queries::LOGOUT, serde_json::json!({}), Some(customer.as_str()))
            .await
            .map(drop)
    }

    async fn customer(&self, _store: &StoreScope, customer: &CustomerId) -> CommerceResult<Option<Customer>> {
        self.me(customer.as_str()).await
    }

    async fn create_cart(&self, _store: &StoreScope, customer: Option<&CustomerId>) -> CommerceResult<CartId> {
        if let Some(c) = customer {
            return Ok(CartId::new(c.as_str()));
        }
        let reply = self
            .client
            .read::<serde_json::Value>(&queries::active_order(), serde_json::json!({}), None)
            .await?;
        reply
            .token
            .map(CartId::new)
            .ok_or_else(|| app::commerce::CommerceError::internal("Vendure issued no session token"))
    }

    async fn start_cart(
        &self,
        _store: &StoreScope,
        customer: Option<&CustomerId>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<CartId, CartError>> {
        self.start(customer.map(CustomerId::as_str), sku, quantity).await
    }

    async fn cart(&self, store: &StoreScope, cart: &CartId, shipping: Option<&str>) -> CommerceResult<Option<Cart>> {
        self.priced(store, cart, shipping).await
    }

    /// A signed-in shopper's session carries their cart.
    async fn customer_cart(&self, _store: &StoreScope, customer: &CustomerId) -> CommerceResult<Option<CartId>> {
        Ok(Some(CartId::new(customer.as_str())))
    }

    async fn put_in_cart(
        &self,
        _store: &StoreScope,
        cart: &CartId,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>> {
        self.put(cart, sku, quantity, add).await
    }

    async fn remove_from_cart(&self, _store: &StoreScope, cart: &CartId, sku: &str) -> CommerceResult<()> {
        self.remove(cart, sku).await
    }

    async fn apply_coupon(
        &self,
        _store: &StoreScope,
        cart: &CartId,
        code: &str,
    ) -> CommerceResult<Result<(), CartError>> {
        self.coupon(cart, code).await
    }

    async fn remove_coupon(&self, _store: &StoreScope, cart: &CartId) -> CommerceResult<()> {
        self.uncoupon(cart).await
    }

    async fn shipping_methods(&self, store: &StoreScope, cart: &CartId) -> CommerceResult<Vec<ShippingMethod>> {
        self.shipping(store, cart).await
    }

    async fn place_order(
        &self,
        store: &StoreScope,
        order: &NewOrder,
    ) -> CommerceResult<Result<PlacedOrder, OrderError>> {
        self.place(store, order).await
    }

    async fn order(
        &self,
        store: &StoreScope,
        number: &str,
        viewer: Option<&CustomerId>,
    ) -> CommerceResult<Option<(Order, OrderOwner)>> {
        self.by_code(store, number, viewer).await
    }

    async fn orders(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<OrderSummary>> {
        self.history(store, customer).await
    }

    async fn addresses(&self, _store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<SavedAddress>> {
        self.address_book(customer).await
    }

    async fn save_address(
        &self,
        _store: &StoreScope,
        customer: &CustomerId,
        id: Option<&AddressId>,
        address: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<AddressId>> {
        self.save_to_book(customer, id, address, make_default).await
    }

    async fn delete_address(&self, _store: &StoreScope, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool> {
        self.drop_from_book(customer, id).await
    }

    async fn set_default_address(
        &self,
        _store: &StoreScope,
        customer: &CustomerId,
        id: &AddressId,
    ) -> CommerceResult<bool> {
        self.make_default(customer, id).await
    }
}
