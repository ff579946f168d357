//! `Commerce` for our SQL backend: the handles the trait passes are this database's row
//! ids as text (one that is not, or is another store's, finds nothing), passwords are
//! Argon2id hashes checked here, carts are priced by `pricing` from `store.toml`.

use app::commerce::{
    Capabilities, Capability, Commerce, CommerceError, CommerceResult, Health, NewAccount, NewOrder, OrderOwner,
    PlacedOrder, SignedIn, StoreScope,
};
use app::model::{
    AccountError, Address, AddressId, Cart, CartError, CartId, Category, Customer, CustomerId, Email, Order,
    OrderError, OrderSummary, Product, ProductListing, ProductQuery, ProductSummary, Quantity, SavedAddress,
    Settlement, ShippingMethod, SkuMatch,
};

use super::facet_key::FacetKey;
use super::{
    address, cart, catalog, customer, order, password, pricing, product, sku, slugs, storage, summary, SqliteCommerce,
};

/// The row id a handle of ours holds; `None` for anything we did not issue.
fn row_id(handle: &str) -> Option<i64> {
    handle.parse().ok().filter(|id| *id > 0)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl SqliteCommerce {
    /// Signs `customer` in: the guest's cart joins theirs.
    async fn sign_in(
        &self,
        store: &StoreScope,
        customer: Customer,
        guest: Option<&CartId>,
    ) -> CommerceResult<SignedIn> {
        let id = row_id(customer.id.as_str()).ok_or_else(|| CommerceError::internal("customer without a row id"))?;
        let guest = guest.and_then(|c| row_id(c.as_str()));
        let cart = cart::adopt(&self.write_pool, store, guest, id).await.map_err(storage)?;
        Ok(SignedIn {
            customer,
            cart: cart.map(|c| CartId::new(c.to_string())),
        })
    }
}

#[async_trait::async_trait]
impl Commerce for SqliteCommerce {
    fn capabilities(&self) -> Capabilities {
        // Payments are authorized by our provider before the order reaches us.
        Capabilities::all().without(Capability::Payments)
    }

    async fn health(&self) -> Health {
        let problem = sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .err()
            .map(|e| e.to_string());
        Health {
            backend: "embedded",
            problem,
        }
    }

    async fn catalog_version(&self, _store: &StoreScope) -> CommerceResult<u64> {
        let version = self.clock().version().await.map_err(storage)?;
        Ok(u64::try_from(version).unwrap_or(0))
    }

    /// Our four named facets; the product option axes are three of them.
    async fn facet_names(&self, _store: &StoreScope) -> CommerceResult<Vec<String>> {
        Ok(FacetKey::ALL
            .into_iter()
            .filter(|k| *k != FacetKey::Price)
            .map(|k| k.param().to_string())
            .collect())
    }

    async fn category_tree(&self, store: &StoreScope) -> CommerceResult<Vec<Category>> {
        let rows = self.cache.categories(&self.pool, store).await.map_err(storage)?;
        Ok(catalog::category_tree(&rows))
    }

    async fn category(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Category>> {
        let rows = self.cache.categories(&self.pool, store).await.map_err(storage)?;
        Ok(catalog::category(&rows, slug))
    }

    async fn featured_products(&self, store: &StoreScope, limit: u32) -> CommerceResult<Vec<ProductSummary>> {
        summary::featured(&self.pool, store, limit).await.map_err(storage)
    }

    async fn list_products(&self, store: &StoreScope, query: &ProductQuery) -> CommerceResult<ProductListing> {
        let listing = self.cache.listing(&self.pool, store, query).await.map_err(storage)?;
        Ok((*listing).clone())
    }

    async fn product(&self, store: &StoreScope, slug: &str) -> CommerceResult<Option<Product>> {
        product::product(&self.pool, store, slug).await.map_err(storage)
    }

    async fn product_count(&self, store: &StoreScope) -> CommerceResult<u64> {
        slugs::count(&self.pool, store).await.map_err(storage)
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

    async fn register(
        &self,
        store: &StoreScope,
        account: &NewAccount,
        guest_cart: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        let hash = password::hash(&account.password).await?;
        let created = customer::create(&self.write_pool, store, &account.email, &account.name, &hash)
            .await
            .map_err(storage)?;
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
            let found = customer::credentials(&self.pool, store, email).await.map_err(storage)?;
            let (customer, hash) = match found {
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
        self.throttle.guard(&store.id, email.as_str(), attempt).await
    }

    /// Our sessions are the storefront's own: nothing to end here.
    async fn sign_out(&self, _store: &StoreScope, _customer: &CustomerId) -> CommerceResult<()> {
        Ok(())
    }

    async fn customer(&self, store: &StoreScope, id: &CustomerId) -> CommerceResult<Option<Customer>> {
        let Some(id) = row_id(id.as_str()) else { return Ok(None) };
        customer::by_id(&self.pool, store, id).await.map_err(storage)
    }

    async fn create_cart(&self, store: &StoreScope, customer: Option<&CustomerId>) -> CommerceResult<CartId> {
        let customer = customer.and_then(|c| row_id(c.as_str()));
        let id = cart::create(&self.write_pool, store, customer).await.map_err(storage)?;
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
        let started = cart::start(&self.group_commit, &self.pool, store, customer, sku, quantity)
            .await
            .map_err(storage)?;
        Ok(started.map(|id| CartId::new(id.to_string())))
    }

    async fn cart(&self, store: &StoreScope, id: &CartId, shipping: Option<&str>) -> CommerceResult<Option<Cart>> {
        let Some(id) = row_id(id.as_str()) else { return Ok(None) };
        let Some(contents) = cart::contents(&self.pool, store, id).await.map_err(storage)? else {
            return Ok(None);
        };
        // A coupon that stopped being valid is left out of the totals.
        let coupon = match &contents.coupon_code {
            Some(code) => cart::coupon(&self.pool, store, code, now())
                .await
                .map_err(storage)?
                .ok(),
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
        let id = cart::of_customer(&self.pool, store, customer).await.map_err(storage)?;
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
        cart::put(&self.group_commit, &self.pool, store, id, sku, quantity, add)
            .await
            .map_err(storage)
    }

    async fn remove_from_cart(&self, store: &StoreScope, id: &CartId, sku: &str) -> CommerceResult<()> {
        let Some(id) = row_id(id.as_str()) else { return Ok(()) };
        cart::remove(&self.write_pool, store, id, sku).await.map_err(storage)
    }

    async fn apply_coupon(&self, store: &StoreScope, id: &CartId, code: &str) -> CommerceResult<Result<(), CartError>> {
        let Some(id) = row_id(id.as_str()) else {
            return Ok(Err(CartError::EmptyCart));
        };
        let coupon = match cart::coupon(&self.pool, store, code, now()).await.map_err(storage)? {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        cart::set_coupon(&self.write_pool, store, id, Some(&coupon.code))
            .await
            .map_err(storage)
            .map(Ok)
    }

    async fn remove_coupon(&self, store: &StoreScope, id: &CartId) -> CommerceResult<()> {
        let Some(id) = row_id(id.as_str()) else { return Ok(()) };
        cart::set_coupon(&self.write_pool, store, id, None)
            .await
            .map_err(storage)
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
            now: now(),
        };
        let placed = order::place(&self.write_pool, store, &placing).await.map_err(storage)?;
        if placed.is_ok() {
            // The order took stock: pages showing it must not wait out the clock.
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
        let found = order::by_number(&self.pool, store, number).await.map_err(storage)?;
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

    async fn orders(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<OrderSummary>> {
        let Some(customer) = row_id(customer.as_str()) else {
            return Ok(Vec::new());
        };
        order::of_customer(&self.pool, store, customer).await.map_err(storage)
    }

    async fn addresses(&self, store: &StoreScope, customer: &CustomerId) -> CommerceResult<Vec<SavedAddress>> {
        let Some(customer) = row_id(customer.as_str()) else {
            return Ok(Vec::new());
        };
        address::list(&self.pool, store, customer).await.map_err(storage)
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
        let saved = address::save(&self.write_pool, store, customer, id, a, make_default)
            .await
            .map_err(storage)?;
        Ok(saved.map(|id| AddressId::new(id.to_string())))
    }

    async fn delete_address(&self, store: &StoreScope, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool> {
        let (Some(customer), Some(id)) = (row_id(customer.as_str()), row_id(id.as_str())) else {
            return Ok(false);
        };
        address::delete(&self.write_pool, store, customer, id)
            .await
            .map_err(storage)
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
        address::set_default(&self.write_pool, store, customer, id)
            .await
            .map_err(storage)
    }
}
