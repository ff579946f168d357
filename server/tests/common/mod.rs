#![allow(dead_code)]

pub mod browser;
pub mod smtp;
#[macro_use]
mod either_db;
pub mod shopper;

pub use either_db::EitherDb;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use sqlx::SqlitePool;
use tower::ServiceExt;

/// A store of `catalog` priced in `currency`, with free standard shipping and no tax, so
/// a cart's total is its lines' sum less any coupon.
pub fn scope(id: &str, catalog: &str, currency: &str) -> app::commerce::StoreScope {
    let currency = app::model::Currency::parse(currency).unwrap();
    app::commerce::StoreScope {
        id: id.into(),
        catalog: catalog.into(),
        currency,
        pricing: app::commerce::PricingRules {
            tax_basis_points: 0,
            tax_included: false,
            shipping: vec![app::model::ShippingMethod {
                id: "standard".into(),
                name: "Standard".into(),
                price: app::model::Money::new(0, currency),
                days: String::new(),
            }],
        },
    }
}

/// The facet names of the embedded backend, as the server reads them at start.
pub fn facets() -> app::model::FacetNames {
    app::model::FacetNames::new(["brand", "color", "size", "capacity"].map(String::from))
}

/// A seeded database in a temporary folder, removed when dropped.
pub struct TestDb {
    pub pool: SqlitePool,
    _dir: tempfile::TempDir,
}

/// `RUST_LOG=debug cargo test …` shows a failing test's log beside its failure (each
/// test's own output, captured by the test harness).
pub fn log() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}

pub async fn db() -> TestDb {
    log();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let pool = server::prepare_database(&url, server::config::Demo::Seeded)
        .await
        .expect("database")
        .sqlite()
        .expect("a SQLite file")
        .clone();
    TestDb { pool, _dir: dir }
}

/// The first apparel SKU, its stock set to `stock`.
pub async fn apparel_sku_with_stock(pool: &SqlitePool, stock: i64) -> String {
    EitherDb::over(pool.clone().into()).apparel_sku_with_stock(stock).await
}

pub(crate) fn options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("storefront")
        .site_root("target/site")
        .build()
}

pub async fn app() -> (Router, TestDb) {
    let db = db().await;
    (router_over(db.pool.clone()).await, db)
}

/// The router over the database at `url`, prepared as the server prepares it at start.
pub async fn app_on(url: &str) -> Router {
    router_over(prepared(url).await).await
}

async fn prepared(url: &str) -> server::Database {
    server::prepare_database(url, server::config::Demo::Seeded)
        .await
        .expect("database")
}

/// Mail of tests that do not read it goes to files in the system's temporary folder.
fn file_mail() -> server::mail::MailSettings {
    server::mail::MailSettings::with(server::mail::Delivery::Files(
        std::env::temp_dir().join("storefront-test-mail"),
    ))
}

async fn router_over(database: impl Into<server::Database>) -> Router {
    server::router_with(options(), database, server::RouterSettings::with_mail(file_mail()))
        .await
        .expect("router")
}

/// The router on a fresh database, behind the proxies `TRUSTED_PROXIES` would list.
pub async fn app_behind(proxies: &str) -> (Router, TestDb) {
    let db = db().await;
    let settings = server::RouterSettings {
        mail: file_mail(),
        proxies: server::TrustedProxies::parse(proxies).expect("proxies"),
    };
    let app = server::router_with(options(), db.pool.clone(), settings)
        .await
        .expect("router");
    (app, db)
}

#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub async fn get(app: &Router, uri: &str) -> Page {
    get_with(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

/// Answers within `LIMIT` or fails the test: a page that never finishes rendering must
/// not hang the whole suite.
pub async fn get_with(app: &Router, req: Request<Body>) -> Page {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(30);
    let uri = req.uri().clone();
    let respond = async {
        let res = app.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        (status, headers, bytes)
    };
    let (status, headers, bytes) = tokio::time::timeout(LIMIT, respond)
        .await
        .unwrap_or_else(|_| panic!("{uri} did not answer within {LIMIT:?}"));
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Product slugs linked from a page, in order.
pub fn product_links(html: &str) -> Vec<String> {
    html.split("href=\"/p/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.split('?').next().unwrap_or(s).to_string())
        .collect()
}

pub fn result_count(html: &str) -> u64 {
    let start = html.find("data-testid=\"result-count\"").expect("result count");
    let rest = &html[start..];
    let after = &rest[rest.find('>').expect("tag end") + 1..];
    let digits: String = after
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().expect("count")
}

/// A fresh PostgreSQL database holding the demo catalog, on the cluster `cargo store test`
/// starts (`POSTGRES_URL`): a copy of a template seeded once per test binary.
pub async fn postgres_url() -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    log();
    let admin = std::env::var("POSTGRES_URL")
        .expect("POSTGRES_URL: run the tests with `cargo store test`, which starts PostgreSQL for them");
    let template = TEMPLATE
        .get_or_init(|| async {
            let name = format!("template_{}", std::process::id());
            create_database(&admin, &name, None).await;
            let url = database_url(&admin, &name);
            let pool = server::postgres::connect(&url, Some(server::seed::DEMO_PRODUCTS))
                .await
                .expect("migrated and seeded");
            // A template must have no connections when it is copied.
            pool.close().await;
            name
        })
        .await;
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    create_database(&admin, &name, Some(template)).await;
    database_url(&admin, &name)
}

/// A fresh, empty PostgreSQL database on the cluster of `POSTGRES_URL`: whatever starts
/// on it migrates and seeds it.
pub async fn empty_postgres_url() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let admin = std::env::var("POSTGRES_URL")
        .expect("POSTGRES_URL: run the tests with `cargo store test`, which starts PostgreSQL for them");
    let name = format!(
        "empty_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    create_database(&admin, &name, None).await;
    database_url(&admin, &name)
}

async fn create_database(admin: &str, name: &str, template: Option<&str>) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .expect("the PostgreSQL of POSTGRES_URL");
    let from = template.map(|t| format!(" TEMPLATE {t}")).unwrap_or_default();
    sqlx::query(&format!("CREATE DATABASE {name}{from}"))
        .execute(&mut conn)
        .await
        .expect("database created");
}

/// `admin` with its database name replaced by `name`.
fn database_url(admin: &str, name: &str) -> String {
    let (base, query) = admin.split_once('?').map_or((admin, None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a database in POSTGRES_URL");
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
