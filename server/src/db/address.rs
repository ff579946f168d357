//! Address books: every query names the store and the customer, so an address id of
//! someone else finds nothing.

use app::commerce::StoreScope;
use app::model::{Address, AddressId, SavedAddress};
use sqlx::{FromRow, SqlitePool};

#[derive(FromRow)]
pub(crate) struct AddressRow {
    id: i64,
    name: String,
    line1: String,
    line2: String,
    postcode: String,
    city: String,
    country: String,
    is_default: bool,
}

impl From<AddressRow> for SavedAddress {
    fn from(r: AddressRow) -> Self {
        SavedAddress {
            id: AddressId::new(r.id.to_string()),
            is_default: r.is_default,
            address: Address {
                name: r.name,
                line1: r.line1,
                line2: r.line2,
                postcode: r.postcode,
                city: r.city,
                country: r.country,
            },
        }
    }
}

/// The default address first, then the newest.
pub async fn list(pool: &SqlitePool, store: &StoreScope, customer: i64) -> Result<Vec<SavedAddress>, sqlx::Error> {
    let rows: Vec<AddressRow> = sqlx::query_as(
        "SELECT id, name, line1, line2, postcode, city, country, is_default FROM addresses
          WHERE store_id = ? AND customer_id = ? ORDER BY is_default DESC, id DESC",
    )
    .bind(&store.id)
    .bind(customer)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(SavedAddress::from).collect())
}

/// Adds (`id` none) or changes one of the customer's addresses; `None` when `id` is not
/// theirs. The first address, and one saved as default, becomes the default.
pub async fn save(
    pool: &SqlitePool,
    store: &StoreScope,
    customer: i64,
    id: Option<i64>,
    a: &Address,
    make_default: bool,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = super::begin_immediate(pool).await?;
    let id = match id {
        Some(id) => {
            let changed = sqlx::query(
                "UPDATE addresses SET name = ?, line1 = ?, line2 = ?, postcode = ?, city = ?, country = ?
                  WHERE id = ? AND store_id = ? AND customer_id = ?",
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
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(None);
            }
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO addresses (store_id, customer_id, name, line1, line2, postcode, city, country)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            .await?
        }
    };
    let has_default: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM addresses WHERE store_id = ? AND customer_id = ? AND is_default = 1)",
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

pub async fn set_default(pool: &SqlitePool, store: &StoreScope, customer: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = super::begin_immediate(pool).await?;
    let found = mark_default(&mut tx, store, customer, id).await?;
    tx.commit().await?;
    Ok(found)
}

async fn mark_default(
    tx: &mut sqlx::SqliteConnection,
    store: &StoreScope,
    customer: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let mine: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM addresses WHERE id = ? AND store_id = ? AND customer_id = ?)")
            .bind(id)
            .bind(&store.id)
            .bind(customer)
            .fetch_one(&mut *tx)
            .await?;
    if !mine {
        return Ok(false);
    }
    sqlx::query("UPDATE addresses SET is_default = (id = ?) WHERE store_id = ? AND customer_id = ?")
        .bind(id)
        .bind(&store.id)
        .bind(customer)
        .execute(&mut *tx)
        .await?;
    Ok(true)
}

/// Removes one of the customer's addresses; when it was the default, the newest left
/// becomes the default. False when `id` is not theirs.
pub async fn delete(pool: &SqlitePool, store: &StoreScope, customer: i64, id: i64) -> Result<bool, sqlx::Error> {
    let mut tx = super::begin_immediate(pool).await?;
    let gone = sqlx::query("DELETE FROM addresses WHERE id = ? AND store_id = ? AND customer_id = ?")
        .bind(id)
        .bind(&store.id)
        .bind(customer)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query(
        "UPDATE addresses SET is_default = 1 WHERE id = (SELECT id FROM addresses WHERE store_id = ? AND customer_id = ? ORDER BY id DESC LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM addresses WHERE store_id = ? AND customer_id = ? AND is_default = 1)",
    )
    .bind(&store.id)
    .bind(customer)
    .bind(&store.id)
    .bind(customer)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(gone > 0)
}
