//! `Commerce` for our SQL backend, written once over any `SqlDatabase` (SQLite or
//! PostgreSQL): the handles the trait passes are the database's row ids as text (one that
//! is not, or is another store's, finds nothing), passwords are Argon2id hashes checked
//! here, sign-ins throttled here, carts priced by `pricing` from `store.toml`, catalog
//! reads served from the shared caches and facet index.

use app::commerce::{
    Capabilities, Capability, Commerce, CommerceError, CommerceResult, Health, NewAccount, NewOrder, OrderOwner,
    PlacedOrder, SignedIn, StoreScope,
};
use app::model::{
    AccountError, Address, AddressId, BrandRef, Cart, CartError, CartId, Category, Customer, CustomerId, Email, Order,
    OrderError, OrderSummary, Password, Product, ProductListing, ProductQuery, ProductSummary, Quantity, SavedAddress,
    Settlement, ShippingMethod, SkuMatch, Suggestions,
};

use super::catalog_cache::CatalogCache;
use super::clock::CatalogClock;
use super::facet_key::FacetKey;
use super::sql_database::SqlDatabase;
use super::{catalog, order, password, pricing, throttle, unix_now};

/// Our SQL backend over the database `D`.
#[derive(Clone, Debug)]
pub struct SqlCommerce<D> {
    pub(crate) database: D,
    pub(crate) cache: CatalogCache,
}

impl<D: SqlDatabase> SqlCommerce<D> {
    pub fn over(database: D) -> Self {
        let catalog = database.catalog();
        let clock = CatalogClock::new(catalog.clone(), D::CLOCK_MAX_AGE);
        SqlCommerce {
            cache: CatalogCache::new(clock, catalog),
            database,
        }
    }

    /// The catalog version as this process reads it.
    pub fn clock(&self) -> CatalogClock {
        self.cache.clock()
    }

    pub fn database(&self) -> &D {
        &self.database
    }

    /// Builds the store's facet index now rather than at its first listing.
    pub async fn warm(&self, store: &StoreScope) -> Result<(), sqlx::Error> {
        self.cache.index(store).await.map(drop)
    }

    /// A listing from the facet index, past the listing cache.
    pub async fn list_products_indexed(
        &self,
        store: &StoreScope,
        query: &ProductQuery,
    ) -> Result<ProductListing, sqlx::Error> {
        self.cache.listing_uncached(store, query).await
    }

    /// Signs `customer` in: the guest's cart joins theirs.
    async fn sign_in(
        &self,
        store: &StoreScope,
        customer: Customer,
        guest: Option<&CartId>,
    ) -> CommerceResult<SignedIn> {
        let id = row_id(customer.id.as_str()).ok_or_else(|| CommerceError::internal("customer without a row id"))?;
        let guest = guest.and_then(|c| row_id(c.as_str()));
        let cart = self.database.adopt_cart(store, guest, id).await?;
        Ok(SignedIn {
            customer,
            cart: cart.map(|c| CartId::new(c.to_string())),
            at: self.database.now_ms().await?,
        })
    }
}

/// The row id a handle of ours holds; `None` for anything we did not issue.
fn row_id(handle: &str) -> Option<i64> {
    handle.parse().ok().filter(|id| *id > 0)
}

#[async_trait::async_trait]
impl<D: SqlDatabase> Commerce for SqlCommerce<D> {
    fn capabilities(&self) -> Capabilities {
        // Payments are authorized by our provider before the order reaches us.
        Capabilities::all().without(Capability::Payments)
    }

    async fn health(&self) -> Health {
        Health {
            backend: D::NAME,
            problem: self.database.problem().await,
        }
    }

    async fn catalog_version(&self, _store: &StoreScope) -> CommerceResult<u64> {
        let version = self.clock().version().await.map_err(D::storage)?;
        Ok(u64::try_from(version).unwrap_or(0))
    }

    /// Our four named facets (the product option axes are three of them), and every other
    /// option an imported catalog names (`?material=…` picks a variant), read at start.
    async fn facet_names(&self, store: &StoreScope) -> CommerceResult<Vec<String>> {
        let mut names: Vec<String> = FacetKey::ALL
            .into_iter()
            .filter(|k| *k != FacetKey::Price)
            .map(|k| k.param().to_string())
            .collect();
        for name in self.database.option_names(store).await? {
            let key = super::product::option_key(&name);
            if !names.contains(&key) {
                names.push(key);
            }
        }
        Ok(names)
    }

    async fn category_tree(&self, store: &StoreScope) -> CommerceResult<Vec<Category>> {
        let rows = self.cache.categories(store).await.map_err(D::storage)?;
        Ok(catalog::category_tree(&rows))
    }

    async fn category(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Category>> {
        let rows = self.cache.categories(store).await.map_err(D::storage)?;
        Ok(catalog::category(&rows, slug))
    }

    async fn featured_products(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>> {
        self.database.featured(store, limit).await
    }

    async fn list_products(&self, store: &StoreScope, query: &ProductQuery) -> CommerceResult<ProductListing> {
        let listing = self.cache.listing(store, query).await.map_err(D::storage)?;
        Ok((*listing).clone())
    }

    /// From the facet index, in memory: words matched as typed or with one mistake.
    async fn suggest(&self, store: &StoreScope, terms: &[String]) -> CommerceResult<Suggestions> {
        let (products, brands) = self.cache.suggest(store, terms).await.map_err(D::storage)?;
        let tree = self.category_tree(store).await?;
        Ok(Suggestions {
            products,
            categories: app::commerce::suggest::categories(&tree, terms),
            brands: brands
                .into_iter()
                .map(|b| BrandRef {
                    value: b.clone(),
                    label: b,
                })
                .collect(),
        })
    }

    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>> {
        self.database.product(store, slug).await
    }

    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64> {
        self.database.product_count(store).await
    }

    async fn product_slugs(&self, store: &StoreScope, offset: u64, limit: u64) -> CommerceResult<Vec<String>> {
        self.database.product_slugs(store, offset, limit).await
    }

    async fn variants_by_sku(&self, store: &StoreScope, skus: &[String]) -> CommerceResult<Vec<SkuMatch>> {
        self.database.variants_by_sku(store, skus).await
    }

    async fn products_by_slug(&self, store: &StoreScope, slugs: &[String]) -> CommerceResult<Vec<ProductSummary>> {
        self.database.products_by_slug(store, slugs).await
    }

    async fn register(
        &self,
        store: &StoreScope,
        account: &NewAccount,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        let hash = password::hash(&account.password).await?;
        let created = self
            .database
            .create_customer(store, &account.email, &account.name, &hash)
            .await?;
        match created {
            Some(customer) => self.sign_in(store, customer, guest_cart).await.map(Ok),
            None => Ok(Err(AccountError::EmailTaken)),
        }
    }

    async fn authenticate(
        &self,
        store: &StoreScope,
        email: &Email,
        password: &str,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        let attempt = async {
            let (customer, hash) = match self.database.credentials(store, email).await? {
                Some((c, hash)) => (Some(c), hash),
                // Verified all the same, so timing does not tell who has an account.
                None => (None, password::dummy_hash().await?),
            };
            let valid = password::verify(password, hash).await?;
            match customer.filter(|_| valid) {
                Some(customer) => self.sign_in(store, customer, guest_cart).await.map(Ok),
                None => Ok(Err(AccountError::WrongCredentials)),
            }
        };
        throttle::guard(self.database.sign_ins(), &store.id, email.as_str(), attempt).await
    }

    /// Our sessions are the storefront's own: nothing to end here.
    async fn sign_out(&self, _store: &StoreScope, _customer: &CustomerId) -> CommerceResult<()> {
        Ok(())
    }

    async fn customer(&self, store: &StoreScope, id: &CustomerId) -> CommerceResult<Option<Customer>> {
        let Some(id) = row_id(id.as_str()) else { return Ok(None) };
        self.database.customer(store, id).await
    }

    async fn customer_by_email(&self, store: &StoreScope, email: &Email) -> CommerceResult<Option<Customer>> {
        Ok(self
            .database
            .credentials(store, email)
            .await?
            .map(|(customer, _)| customer))
    }

    async fn reset_password(&self, store: &StoreScope, customer: &CustomerId, new: &Password) -> CommerceResult<bool> {
        let Some(id) = row_id(customer.as_str()) else {
            return Ok(false);
        };
        let hash = password::hash(new).await?;
        self.database
            .set_password(store, id, &hash, self.database.now_ms().await?)
            .await
    }

    async fn create_cart(&self, store: &StoreScope, customer: Option<&CustomerId>) -> CommerceResult<CartId> {
        let customer = customer.and_then(|c| row_id(c.as_str()));
        let id = self.database.create_cart(store, customer).await?;
        Ok(CartId::new(id.to_string()))
    }

    async fn start_cart(
        &self,
        store: &StoreScope,
        customer: Option<&CustomerId>,
        sku: &str,
        quantity: Quantity,
    ) -> CommerceResult<Result<CartId, CartError>> {
        let customer = customer.and_then(|c| row_id(c.as_str()));
        let started = self.database.start_cart(store, customer, sku, quantity).await?;
        Ok(started.map(|id| CartId::new(id.to_string())))
    }

    async fn cart(&self, store: &StoreScope, id: &CartId, shipping: Option<&str>) -> CommerceResult<Option<Cart>> {
        let Some(id) = row_id(id.as_str()) else { return Ok(None) };
        let Some(contents) = self.database.cart_contents(store, id).await? else {
            return Ok(None);
        };
        // A coupon that stopped being valid is left out of the totals.
        let coupon = match &contents.coupon_code {
            Some(code) => self.database.coupon(store, code, unix_now()).await?.ok(),
            None => None,
        };
        pricing::cart(store, contents, coupon, shipping)
            .map(Some)
            .map_err(CommerceError::internal)
    }

    async fn customer_cart(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Option<CartId>> {
        let Some(customer) = row_id(customer.as_str()) else {
            return Ok(None);
        };
        let id = self.database.customer_cart(store, customer).await?;
        Ok(id.map(|id| CartId::new(id.to_string())))
    }

    async fn put_in_cart(
        &self,
        store: &StoreScope,
        id: &CartId,
        sku: &str,
        quantity: Quantity,
        add: bool,
    ) -> CommerceResult<Result<(), CartError>> {
        // A cart that is not ours holds nothing, so there is nothing to add to.
        let Some(id) = row_id(id.as_str()) else {
            return Ok(Err(CartError::EmptyCart));
        };
        self.database.put_in_cart(store, id, sku, quantity, add).await
    }

    async fn remove_from_cart(&self, store: &StoreScope, id: &CartId, sku: &str) -> CommerceResult<()> {
        let Some(id) = row_id(id.as_str()) else { return Ok(()) };
        self.database.remove_from_cart(store, id, sku).await
    }

    async fn apply_coupon(&self, store: &StoreScope, id: &CartId, code: &str) -> CommerceResult<Result<(), CartError>> {
        let Some(id) = row_id(id.as_str()) else {
            return Ok(Err(CartError::EmptyCart));
        };
        let coupon = match self.database.coupon(store, code, unix_now()).await? {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        self.database.set_coupon(store, id, Some(&coupon.code)).await.map(Ok)
    }

    async fn remove_coupon(&self, store: &StoreScope, id: &CartId) -> CommerceResult<()> {
        let Some(id) = row_id(id.as_str()) else { return Ok(()) };
        self.database.set_coupon(store, id, None).await
    }

    async fn shipping_methods(&self, store: &StoreScope, _cart: &CartId) -> CommerceResult<Vec<ShippingMethod>> {
        Ok(store.pricing.shipping.clone())
    }

    async fn place_order(&self, store: &StoreScope, new: &NewOrder) -> CommerceResult<Result<PlacedOrder, OrderError>> {
        let Some(cart) = row_id(new.cart.as_str()) else {
            return Ok(Err(CartError::EmptyCart.into()));
        };
        let Some(shipping) = store.pricing.shipping.iter().find(|s| s.id == new.shipping_method) else {
            return Ok(Err(OrderError::Incomplete));
        };
        if new.payment.settlement != Settlement::Authorized {
            // Nothing here takes payments: such an order would never be paid.
            tracing::warn!("an order came without an authorized payment");
            return Ok(Err(OrderError::Incomplete));
        }
        let placing = order::Placing {
            cart,
            customer: new.customer.as_ref().and_then(|c| row_id(c.as_str())),
            key: &new.key,
            email: new.email.as_str(),
            address: &new.address,
            shipping,
            payment: &new.payment,
            now: unix_now(),
        };
        let placed = self.database.place_order(store, &placing).await?;
        if placed.as_ref().is_ok_and(|p| !p.existing) {
            // The order took stock: pages showing it must not wait for the change to be told.
            self.database.catalog_changed_here();
            self.clock().expire();
        }
        Ok(placed)
    }

    async fn order(
        &self,
        store: &StoreScope,
        number: &str,
        viewer: Option<&CustomerId>,
    ) -> CommerceResult<Option<(Order, OrderOwner)>> {
        let found = self.database.order(store, number).await?;
        let viewer = viewer.and_then(|v| row_id(v.as_str()));
        Ok(found.map(|(order, owner)| {
            let owner = match owner {
                None => OrderOwner::Guest,
                Some(id) if Some(id) == viewer => OrderOwner::Viewer,
                Some(_) => OrderOwner::Someone,
            };
            (order, owner)
        }))
    }

    async fn set_order_status(
        &self,
        store: &StoreScope,
        number: &str,
        next: app::model::OrderStatus,
    ) -> CommerceResult<Result<Order, app::model::StatusError>> {
        let at = crate::mail::now_ms() / 1000;
        if let Err(refused) = self.database.set_order_status(store, number, next, at).await? {
            return Ok(Err(refused));
        }
        Ok(self
            .database
            .order(store, number)
            .await?
            .map(|(order, _)| order)
            .ok_or(app::model::StatusError::NotFound))
    }

    async fn orders(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<OrderSummary>> {
        let Some(customer) = row_id(customer.as_str()) else {
            return Ok(Vec::new());
        };
        self.database.orders(store, customer).await
    }

    async fn addresses(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<SavedAddress>> {
        let Some(customer) = row_id(customer.as_str()) else {
            return Ok(Vec::new());
        };
        self.database.addresses(store, customer).await
    }

    async fn save_address(
        &self,
        store: &StoreScope,
        customer: &CustomerId,
        id: Option<&AddressId>,
        a: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<AddressId>> {
        let Some(customer) = row_id(customer.as_str()) else {
            return Ok(None);
        };
        let id = match id {
            Some(id) => match row_id(id.as_str()) {
                Some(id) => Some(id),
                None => return Ok(None),
            },
            None => None,
        };
        let saved = self.database.save_address(store, customer, id, a, make_default).await?;
        Ok(saved.map(|id| AddressId::new(id.to_string())))
    }

    async fn delete_address(&self, store: &StoreScope, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool> {
        let (Some(customer), Some(id)) = (row_id(customer.as_str()), row_id(id.as_str())) else {
            return Ok(false);
        };
        self.database.delete_address(store, customer, id).await
    }

    async fn set_default_address(
        &self,
        store: &StoreScope,
        customer: &CustomerId,
        id: &AddressId,
    ) -> CommerceResult<bool> {
        let (Some(customer), Some(id)) = (row_id(customer.as_str()), row_id(id.as_str())) else {
            return Ok(false);
        };
        self.database.set_default_address(store, customer, id).await
    }
}
