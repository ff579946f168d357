//! The port the pages read through. The server plugs in the sqlx implementation;
//! tests may plug in anything else.
#![cfg(feature = "ssr")]

use async_trait::async_trait;

use crate::model::{Category, Currency, Customer, Email, Product, ProductListing, ProductQuery, ProductSummary, SkuMatch};

/// Which store a call is for. Every query takes one, so stores never leak into each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreScope {
    pub id: String,
    pub catalog: String,
    pub currency: Currency,
}

#[derive(Debug, thiserror::Error)]
pub enum CommerceError {
    /// The storage layer failed; logged with its cause, shown to nobody.
    #[error("storage error: {0}")]
    Storage(#[source] Box<dyn std::error::Error + Send + Sync>),
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
}
