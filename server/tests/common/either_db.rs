//! A router test's database, SQLite or PostgreSQL, so one test body runs on both
//! (`on_both_databases!`). Tests read and change rows in SQL both accept: `$1`
//! parameters, no dialect functions.

use std::sync::Arc;

use app::commerce::Commerce;
use axum::Router;
use server::Database;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::FromRow;

/// The database under a test's router: a SQLite file of its own (removed on drop) or a
/// fresh copy of the seeded PostgreSQL template.
pub struct EitherDb {
    pub database: Database,
    /// What a server process started on it is given as `DATABASE_URL`.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl EitherDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        EitherDb {
            database: super::prepared(&url).await,
            url,
            _dir: Some(dir),
        }
    }

    pub async fn postgres() -> Self {
        let url = super::postgres_url().await;
        EitherDb {
            database: super::prepared(&url).await,
            url,
            _dir: None,
        }
    }

    /// Queries on a database another helper made (a data-layer test's SQLite file).
    pub fn over(database: Database) -> Self {
        EitherDb {
            database,
            url: String::new(),
            _dir: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.database, Database::Postgres(_))
    }

    pub async fn app(&self) -> Router {
        super::router_over(self.database.clone()).await
    }

    /// The router sending mail as `mail` says.
    pub async fn app_with_mail(&self, mail: server::mail::MailSettings) -> Router {
        server::router_with(
            super::options(),
            self.database.clone(),
            server::RouterSettings::with_mail(mail),
        )
        .await
        .expect("router")
    }

    /// Our SQL backend over this database, as the server opens it.
    pub fn commerce(&self) -> Arc<dyn Commerce> {
        match &self.database {
            Database::Sqlite(pool) => Arc::new(server::db::SqliteCommerce::new(pool.clone())),
            Database::Postgres(pool) => Arc::new(server::postgres::PostgresCommerce::postgres(pool.clone())),
        }
    }

    /// Registers another store, as the server does for its own at start.
    pub async fn register_store(&self, store: &app::commerce::StoreScope) {
        match &self.database {
            Database::Sqlite(pool) => server::db::register_store(pool, store).await,
            Database::Postgres(pool) => server::postgres::register_store(pool, store).await,
        }
        .expect("store registered")
    }

    /// A statement without parameters; an error is the test's to judge.
    pub async fn execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        server::on_either_pool!(&self.database, pool => sqlx::query(sql)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }

    /// The one number a query answers (a count, a stock level).
    pub async fn number(&self, sql: &str) -> i64 {
        server::on_either_pool!(&self.database, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The one text a query answers (a SKU).
    pub async fn text(&self, sql: &str) -> String {
        server::on_either_pool!(&self.database, pool => sqlx::query_scalar(sql).fetch_one(pool).await)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The first column of every row a query answers.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        server::on_either_pool!(&self.database, pool => sqlx::query_scalar(sql).fetch_all(pool).await)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The first row a query answers, as a tuple.
    pub async fn row<T>(&self, sql: &str) -> T
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        server::on_either_pool!(&self.database, pool => sqlx::query_as(sql).fetch_one(pool).await)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub async fn stock(&self, sku: &str) -> i64 {
        server::on_either_pool!(&self.database, pool => sqlx::query_scalar(
            "SELECT stock FROM variants WHERE sku = $1"
        )
        .bind(sku)
        .fetch_one(pool)
        .await)
        .expect("the SKU's stock")
    }

    /// An in-stock SKU of the default store's catalog with at least `min` items, and its
    /// stock.
    pub async fn sku_with_stock(&self, min: i64) -> (String, i64) {
        server::on_either_pool!(&self.database, pool => sqlx::query_as(
            "SELECT v.sku, v.stock FROM variants v JOIN products p ON p.id = v.product_id
              WHERE p.catalog_id = 'apparel' AND v.stock >= $1 ORDER BY v.id LIMIT 1",
        )
        .bind(min)
        .fetch_one(pool)
        .await)
        .expect("a SKU with stock")
    }

    /// The first apparel SKU, its stock set to `stock`.
    pub async fn apparel_sku_with_stock(&self, stock: i64) -> String {
        let sku = self
            .text("SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.catalog_id = 'apparel' ORDER BY v.id LIMIT 1")
            .await;
        server::on_either_pool!(&self.database, pool => sqlx::query(
            "UPDATE variants SET stock = $1 WHERE sku = $2"
        )
        .bind(stock)
        .bind(&sku)
        .execute(pool)
        .await
        .map(|_| ()))
        .expect("stock set");
        sku
    }

    /// Sessions stored, in whichever table the database's session store keeps them.
    pub async fn sessions(&self) -> i64 {
        self.number(if self.is_postgres() {
            "SELECT count(*) FROM tower_sessions.session"
        } else {
            "SELECT count(*) FROM tower_sessions"
        })
        .await
    }
}

/// Each `async fn name(app, db) { … }` (or `name(db)`, without the router) becomes a
/// module `name` with two tests, `sqlite` and `postgres`, running the same body on each
/// database.
#[allow(unused_macros)]
macro_rules! on_both_databases {
    ($($(#[$doc:meta])* async fn $name:ident($app:ident, $db:ident) $body:block)*) => {$(
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[allow(unused_variables)]
            async fn run($app: axum::Router, $db: common::EitherDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = common::EitherDb::sqlite().await;
                run(db.app().await, db).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = common::EitherDb::postgres().await;
                run(db.app().await, db).await
            }
        }
    )*};
    // Data-layer tests: the database alone, no router.
    ($($(#[$doc:meta])* async fn $name:ident($db:ident) $body:block)*) => {$(
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($db: common::EitherDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run(common::EitherDb::sqlite().await).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run(common::EitherDb::postgres().await).await
            }
        }
    )*};
}
