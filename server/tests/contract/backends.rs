//! One fixture per backend: the backend behind the trait, a store scope for it, and what
//! a test cannot discover through the trait (a coupon that is valid there).

use std::sync::Arc;

use app::commerce::{Commerce, StoreScope};
use app::model::{CartId, Quantity};

use crate::common;

pub struct Fixture {
    pub commerce: Arc<dyn Commerce>,
    pub scope: StoreScope,
    /// A coupon code the backend accepts.
    pub coupon: &'static str,
    /// What the backend's data lives in, kept for the test's length.
    _data: Option<common::TestDb>,
}

impl Fixture {
    pub async fn embedded() -> Fixture {
        let db = common::db().await;
        let scope = common::scope("default", "apparel", "USD");
        server::db::register_store(&db.pool, &scope).await.unwrap();
        server::db::seed_coupons(&db.pool, &scope).await.unwrap();
        Fixture {
            commerce: Arc::new(server::db::SqliteCommerce::new(db.pool.clone())),
            scope,
            coupon: "WELCOME10",
            _data: Some(db),
        }
    }

    /// Our SQL backend on PostgreSQL, in a fresh database of the cluster `cargo store
    /// test` starts (`POSTGRES_URL`).
    pub async fn postgres() -> Fixture {
        let url = common::postgres_url().await;
        let pool = server::postgres::connect(&url, None).await.unwrap();
        let scope = common::scope("default", "apparel", "USD");
        server::postgres::register_store(&pool, &scope).await.unwrap();
        server::postgres::seed_coupons(&pool, &scope).await.unwrap();
        Fixture {
            commerce: Arc::new(server::postgres::PostgresCommerce::postgres(pool)),
            scope,
            coupon: "WELCOME10",
            _data: None,
        }
    }

    /// Vendure with its sample catalog, started by `cargo store test` (`VENDURE_URL`).
    #[cfg(feature = "vendure")]
    pub async fn vendure() -> Fixture {
        let url = std::env::var("VENDURE_URL")
            .expect("VENDURE_URL: run the tests with `cargo store test`, which starts Vendure for them");
        let db = common::db().await;
        let settings = server::vendure::Settings {
            url,
            channel: None,
            language: None,
        };
        let vendure = server::vendure::VendureCommerce::new(settings, db.pool.clone()).unwrap();
        Fixture {
            commerce: Arc::new(vendure),
            scope: common::scope("vendure-test", "vendure", "USD"),
            coupon: "SAVE10",
            _data: Some(db),
        }
    }

    /// A SKU that is in stock, and its product's slug, found through the trait.
    pub async fn sku_in_stock(&self) -> (String, String) {
        let tree = self.commerce.category_tree(&self.scope).await.unwrap();
        for category in tree
            .iter()
            .flat_map(|c| std::iter::once(c.slug.clone()).chain(c.children.iter().map(|k| k.slug.clone())))
        {
            let listing = self
                .commerce
                .list_products(&self.scope, &app::model::ProductQuery::new(Some(category), None))
                .await
                .unwrap();
            for summary in &listing.products {
                let product = self
                    .commerce
                    .product(&self.scope, &summary.slug)
                    .await
                    .unwrap()
                    .unwrap();
                if let Some(v) = product.variants.iter().find(|v| v.stock.orderable() >= 10) {
                    return (v.sku.clone(), product.slug.clone());
                }
            }
        }
        panic!("no variant with stock in any category");
    }

    /// A guest cart holding one of `sku`.
    pub async fn cart_with(&self, sku: &str) -> CartId {
        self.commerce
            .start_cart(&self.scope, None, sku, Quantity::parse(1).unwrap())
            .await
            .unwrap()
            .unwrap()
    }
}

/// An address every backend ships to.
pub fn address() -> app::model::Address {
    app::model::Address {
        name: "Ada Lovelace".into(),
        line1: "1 Main Street".into(),
        line2: String::new(),
        postcode: "10115".into(),
        city: "Berlin".into(),
        country: "DE".into(),
    }
}

/// An email no other test uses.
pub fn unique_email(what: &str) -> app::model::Email {
    let n: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    app::model::Email::parse(&format!("{what}-{n}@example.com")).unwrap()
}
