//! Customers, their address books and failed sign-ins in PostgreSQL's SQL. Failed
//! sign-ins are rows here, not a process's memory, so every replica counts the same ones.

use app::commerce::{CommerceResult, StoreScope};
use app::model::{AccountError, Address, Customer, Email, SavedAddress};
use sqlx::{PgConnection, PgPool};

use crate::db::address::AddressRow;
use crate::db::customer::CustomerRow;
use crate::db::throttle::{FailedSignIns, LIMIT};

pub async fn create(
    pool: &PgPool,
    store: &StoreScope,
    email: &Email,
    name: &str,
    password_hash: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    let row: Option<CustomerRow> = sqlx::query_as(
        "INSERT INTO customers (store_id, email, name, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (store_id, email) DO NOTHING
         RETURNING id, email, name, sessions_since",
    )
    .bind(&store.id)
    .bind(email.as_str())
    .bind(name)
    .bind(password_hash)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Customer::from))
}

pub async fn credentials(
    pool: &PgPool,
    store: &StoreScope,
    email: &Email,
) -> Result<Option<(Customer, String)>, sqlx::Error> {
    let row: Option<(CustomerRow, String)> = sqlx::query_as::<_, CredentialsRow>(
        "SELECT id, email, name, sessions_since, password_hash FROM customers WHERE store_id = $1 AND email = $2",
    )
    .bind(&store.id)
    .bind(email.as_str())
    .fetch_optional(pool)
    .await?
    .map(|r| (r.customer, r.password_hash));
    Ok(row.map(|(c, hash)| (Customer::from(c), hash)))
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    #[sqlx(flatten)]
    customer: CustomerRow,
    password_hash: String,
}

pub async fn by_id(pool: &PgPool, store: &StoreScope, id: i64) -> Result<Option<Customer>, sqlx::Error> {
    let row: Option<CustomerRow> =
        sqlx::query_as("SELECT id, email, name, sessions_since FROM customers WHERE store_id = $1 AND id = $2")
            .bind(&store.id)
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(Customer::from))
}

/// Failed sign-ins as rows, so every replica counts the same ones.
#[derive(Debug, Clone)]
pub struct SharedSignIns {
    pub pool: PgPool,
}

/// The database's clock, Unix seconds: every replica's failures are timed alike.
const NOW: &str = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS BIGINT)";

#[async_trait::async_trait]
impl FailedSignIns for SharedSignIns {
    async fn reserve(&self, store: &str, email: &str) -> CommerceResult<bool> {
        let window = i64::try_from(AccountError::THROTTLE_WINDOW.as_secs()).unwrap_or(i64::MAX);
        let mut tx = self.pool.begin().await.map_err(super::storage)?;
        // One attempt at a time per email, across replicas: the lock is held until commit.
        // A store id has no `/`, so the key is unambiguous.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))")
            .bind(store)
            .bind(email)
            .execute(&mut *tx)
            .await
            .map_err(super::storage)?;
        let reserved = sqlx::query(&format!(
            "INSERT INTO sign_in_failures (store_id, email, failed_at)
             SELECT $1, $2, {NOW}
              WHERE (SELECT COUNT(*) FROM sign_in_failures
                      WHERE store_id = $1 AND email = $2 AND failed_at > {NOW} - $3) < $4"
        ))
        .bind(store)
        .bind(email)
        .bind(window)
        .bind(i64::from(LIMIT))
        .execute(&mut *tx)
        .await
        .map_err(super::storage)?
        .rows_affected()
            == 1;
        tx.commit().await.map_err(super::storage)?;
        Ok(reserved)
    }

    async fn succeeded(&self, store: &str, email: &str) -> CommerceResult<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE store_id = $1 AND email = $2")
            .bind(store)
            .bind(email)
            .execute(&self.pool)
            .await
            .map_err(super::storage)?;
        Ok(())
    }
}

/// The default address first, then the newest.
pub async fn addresses(pool: &PgPool, store: &StoreScope, customer: i64) -> Result<Vec<SavedAddress>, sqlx::Error> {
    let rows: Vec<AddressRow> = sqlx::query_as(
        "SELECT id, name, line1, line2, postcode, city, country, is_default FROM addresses
          WHERE store_id = $1 AND customer_id = $2 ORDER BY is_default DESC, id DESC",
    )
    .bind(&store.id)
    .bind(customer)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(SavedAddress::from).collect())
}

/// Locks the customer's row: their address book changes one request at a time, so the
/// one-default rule holds whichever replicas the requests reach.
async fn lock_book(conn: &mut PgConnection, store: &StoreScope, customer: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM customers WHERE id = $1 AND store_id = $2 FOR UPDATE")
        .bind(customer)
        .bind(&store.id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

pub async fn save_address(
    pool: &PgPool,
    store: &StoreScope,
    customer: i64,
    id: Option<i64>,
    a: &Address,
    make_default: bool,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock_book(&mut tx, store, customer).await? {
        return Ok(None);
    }
    let id: Option<i64> = match id {
        Some(id) => {
            sqlx::query_scalar(
                "UPDATE addresses SET name = $1, line1 = $2, line2 = $3, postcode = $4, city = $5, country = $6
                  WHERE id = $7 AND store_id = $8 AND customer_id = $9 RETURNING id",
            )
            .bind(&a.name)
            .bind(&a.line1)
            .bind(&a.line2)
            .bind(&a.postcode)
            .bind(&a.city)
            .bind(&a.country)
            .bind(id)
            .bind(&store.id)
            .bind(customer)
            .fetch_optional(&mut *tx)
            .await?
        }
        None => Some(
            sqlx::query_scalar(
                "INSERT INTO addresses (store_id, customer_id, name, line1, line2, postcode, city, country)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&store.id)
            .bind(customer)
            .bind(&a.name)
            .bind(&a.line1)
            .bind(&a.line2)
            .bind(&a.postcode)
            .bind(&a.city)
            .bind(&a.country)
            .fetch_one(&mut *tx)
            .await?,
        ),
    };
    let Some(id) = id else { return Ok(None) };
    let has_default: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM addresses WHERE store_id = $1 AND customer_id = $2 AND is_default)",
    )
    .bind(&store.id)
    .bind(customer)
    .fetch_one(&mut *tx)
    .await?;
    if make_default || !has_default {
        mark_default(&mut tx, store, customer, id).await?;
    }
    tx.commit().await?;
    Ok(Some(id))
}

pub async fn set_default(pool: &PgPool, store: &StoreScope, customer: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock_book(&mut tx, store, customer).await? {
        return Ok(false);
    }
    let found = mark_default(&mut tx, store, customer, id).await?;
    tx.commit().await?;
    Ok(found)
}

async fn mark_default(
    conn: &mut PgConnection,
    store: &StoreScope,
    customer: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    // Two statements: the partial unique index allows one default at any moment.
    let mine: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM addresses WHERE id = $1 AND store_id = $2 AND customer_id = $3)",
    )
    .bind(id)
    .bind(&store.id)
    .bind(customer)
    .fetch_one(&mut *conn)
    .await?;
    if !mine {
        return Ok(false);
    }
    sqlx::query("UPDATE addresses SET is_default = false WHERE store_id = $1 AND customer_id = $2 AND is_default")
        .bind(&store.id)
        .bind(customer)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE addresses SET is_default = true WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

pub async fn delete_address(pool: &PgPool, store: &StoreScope, customer: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if !lock_book(&mut tx, store, customer).await? {
        return Ok(false);
    }
    let gone = sqlx::query("DELETE FROM addresses WHERE id = $1 AND store_id = $2 AND customer_id = $3")
        .bind(id)
        .bind(&store.id)
        .bind(customer)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query(
        "UPDATE addresses SET is_default = true
          WHERE id = (SELECT id FROM addresses WHERE store_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT 1)
            AND NOT EXISTS (SELECT 1 FROM addresses WHERE store_id = $1 AND customer_id = $2 AND is_default)",
    )
    .bind(&store.id)
    .bind(customer)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(gone > 0)
}
