//! Customers, scoped by store: every query names the store, so an id or email of
//! another store finds nothing.

use app::commerce::StoreScope;
use app::model::{Customer, CustomerId, Email};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
pub(crate) struct CustomerRow {
    id: i64,
    email: String,
    name: String,
    sessions_since: i64,
}

impl From<CustomerRow> for Customer {
    fn from(r: CustomerRow) -> Self {
        Customer {
            id: CustomerId::new(r.id.to_string()),
            email: r.email,
            name: r.name,
            sessions_since: r.sessions_since,
        }
    }
}

pub async fn create(
    pool: &SqlitePool,
    store: &StoreScope,
    email: &Email,
    name: &str,
    password_hash: &str,
) -> Result<Option<Customer>, sqlx::Error> {
    // The unique (store, email) index decides races between two sign-ups.
    let row = sqlx::query_as::<_, CustomerRow>(
        "INSERT INTO customers (store_id, email, name, password_hash) VALUES (?, ?, ?, ?)
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
    pool: &SqlitePool,
    store: &StoreScope,
    email: &Email,
) -> Result<Option<(Customer, String)>, sqlx::Error> {
    let row: Option<(i64, String, String, i64, String)> = sqlx::query_as(
        "SELECT id, email, name, sessions_since, password_hash FROM customers WHERE store_id = ? AND email = ?",
    )
    .bind(&store.id)
    .bind(email.as_str())
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(id, email, name, sessions_since, hash)| {
        let id = CustomerId::new(id.to_string());
        (
            Customer {
                id,
                email,
                name,
                sessions_since,
            },
            hash,
        )
    }))
}

pub async fn by_id(pool: &SqlitePool, store: &StoreScope, id: i64) -> Result<Option<Customer>, sqlx::Error> {
    let row = sqlx::query_as::<_, CustomerRow>(
        "SELECT id, email, name, sessions_since FROM customers WHERE store_id = ? AND id = ?",
    )
    .bind(&store.id)
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(Customer::from))
}

/// A new password, and every session begun before `sessions_since` signed out; false
/// when the store has no such customer. The same SQL on PostgreSQL.
pub(crate) const SET_PASSWORD: &str =
    "UPDATE customers SET password_hash = $1, sessions_since = $2 WHERE store_id = $3 AND id = $4";

/// The key that signs session and cart cookies, shared by every store binary on the
/// database: drawn from the operating system's generator by the first to start; the
/// others, and every later start, read that one.
pub async fn session_key(pool: &SqlitePool) -> Result<Vec<u8>, sqlx::Error> {
    use rand::RngCore;
    let mut fresh = [0u8; 64];
    rand::rngs::OsRng.fill_bytes(&mut fresh);
    sqlx::query("INSERT INTO secrets (name, value) VALUES ('session-key', ?) ON CONFLICT (name) DO NOTHING")
        .bind(&fresh[..])
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT value FROM secrets WHERE name = 'session-key'")
        .fetch_one(pool)
        .await
}
