//! The storefront's own database: sessions, the key that signs cookies, and for our SQL
//! backend the catalog, carts, customers and orders. `DATABASE_URL` chooses it: a SQLite
//! file (`sqlite://…`, the default; every store binary on one machine shares it) or
//! PostgreSQL (`postgres://…`; any number of replicas of every store share it).

use app::commerce::StoreScope;
use app::store::STORE;
use sqlx::{PgPool, SqlitePool};

use crate::config::{self, Demo};
use crate::error::StartupError;
use crate::{db, postgres, seed};

/// Runs the same code on whichever pool the database is: the SQL in it must be what
/// both accept (`$n` parameters).
#[macro_export]
macro_rules! on_either_pool {
    ($database:expr, $pool:ident => $body:expr) => {
        match $database {
            $crate::Database::Sqlite($pool) => $body,
            $crate::Database::Postgres($pool) => $body,
        }
    };
}

#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl From<SqlitePool> for Database {
    fn from(pool: SqlitePool) -> Self {
        Database::Sqlite(pool)
    }
}

impl Database {
    /// Whether a URL names PostgreSQL rather than a SQLite file.
    pub fn is_postgres_url(url: &str) -> bool {
        url.starts_with("postgres://") || url.starts_with("postgresql://")
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_either_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }

    /// An imported photo's original bytes.
    pub async fn photo(&self, hash: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
        const PHOTO: &str = "SELECT bytes FROM images WHERE hash = $1";
        on_either_pool!(self, pool => sqlx::query_scalar(PHOTO).bind(hash).fetch_optional(pool).await)
    }

    /// The key session and guest-cart cookies are signed with: drawn by the first store
    /// binary (or replica) to start, read by every other.
    pub async fn signing_key(&self) -> Result<Vec<u8>, sqlx::Error> {
        match self {
            Database::Sqlite(pool) => db::session_key(pool).await,
            Database::Postgres(pool) => postgres::session_key(pool).await,
        }
    }

    /// The SQLite pool, when the database is a SQLite file.
    pub fn sqlite(&self) -> Option<&SqlitePool> {
        match self {
            Database::Sqlite(pool) => Some(pool),
            Database::Postgres(_) => None,
        }
    }

    /// The demo coupons of `store` (see `db::cart::demo_coupons`), kept where they exist.
    pub async fn add_demo_coupons(&self, store: &StoreScope) -> Result<(), sqlx::Error> {
        match self {
            Database::Sqlite(pool) => db::seed_coupons(pool, store).await,
            Database::Postgres(pool) => postgres::seed_coupons(pool, store).await,
        }
    }

    /// Products in every catalog: none means nothing was seeded or imported yet.
    pub async fn product_count(&self) -> Result<i64, sqlx::Error> {
        on_either_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(pool).await)
    }

    pub async fn close(&self) {
        on_either_pool!(self, pool => pool.close().await)
    }
}

/// Opens the database and registers this store; with [`Demo::Seeded`], seeds the demo
/// catalog into a database that has none (a store on our SQL backend) and gives the store
/// its demo coupons.
pub async fn prepare(url: &str, demo: Demo) -> Result<Database, StartupError> {
    let ours = STORE.backend.kind == "embedded";
    let scope = STORE.scope().map_err(|e| StartupError::Store(e.to_string()))?;
    let seed = (ours && demo == Demo::Seeded).then_some(seed::DEMO_PRODUCTS);
    let database = if Database::is_postgres_url(url) {
        let pool = postgres::connect(url, seed).await?;
        postgres::register_store(&pool, &scope).await?;
        Database::Postgres(pool)
    } else {
        config::ensure_sqlite_dir(url).map_err(StartupError::DataDir)?;
        let pool = db::connect(url).await?;
        if let Some(products) = seed {
            seed::seed_if_empty(&pool, products).await?;
        }
        db::register_store(&pool, &scope).await?;
        Database::Sqlite(pool)
    };
    if demo == Demo::Seeded {
        database.add_demo_coupons(&scope).await?;
    }
    Ok(database)
}
