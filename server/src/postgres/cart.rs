//! Carts in PostgreSQL's SQL. A change to a cart locks its row first (`FOR UPDATE`), so
//! two requests for the same cart on two replicas add up instead of one overwriting the
//! other; the rules (limits, refusals, pricing) are the shared ones in `crate::db::cart`.

use app::commerce::StoreScope;
use app::model::{CartError, Coupon, Quantity, MAX_CART_LINES, MAX_QUANTITY};
use sqlx::{PgConnection, PgPool};

use crate::db::cart::{coupon_from_row, refusal, Contents, LineRow};

pub async fn create(pool: &PgPool, store: &StoreScope, customer: Option<i64>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO carts (store_id, customer_id) VALUES ($1, $2) RETURNING id")
        .bind(&store.id)
        .bind(customer)
        .fetch_one(pool)
        .await
}

pub(super) async fn line_rows(
    conn: &mut PgConnection,
    store: &StoreScope,
    cart: i64,
) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id AS variant_id, v.sku, v.name, v.slug, v.art, v.color, v.size, v.capacity,
                v.amount, v.stock, cl.quantity
           FROM cart_lines cl
           JOIN sold_variants v ON v.id = cl.variant_id AND v.catalog_id = $1 AND v.currency = $2
          WHERE cl.cart_id = (SELECT id FROM carts WHERE id = $3 AND store_id = $4)
          ORDER BY cl.added_at, v.sku",
    )
    .bind(&store.catalog)
    .bind(store.currency.code())
    .bind(cart)
    .bind(&store.id)
    .fetch_all(conn)
    .await
}

pub async fn contents(pool: &PgPool, store: &StoreScope, cart: i64) -> Result<Option<Contents>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let head: Option<(Option<String>,)> =
        sqlx::query_as("SELECT coupon_code FROM carts WHERE id = $1 AND store_id = $2")
            .bind(cart)
            .bind(&store.id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((coupon_code,)) = head else {
        return Ok(None);
    };
    let rows = line_rows(&mut conn, store, cart).await?;
    Ok(Some(Contents::from_rows(store, rows, coupon_code)))
}

pub async fn of_customer(pool: &PgPool, store: &StoreScope, customer: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM carts WHERE store_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT 1")
        .bind(&store.id)
        .bind(customer)
        .fetch_optional(pool)
        .await
}

/// The variant the store sells under `sku`: its id and stock.
async fn sold(conn: &mut PgConnection, store: &StoreScope, sku: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, stock FROM sold_variants WHERE sku = $1 AND catalog_id = $2 AND currency = $3")
        .bind(sku)
        .bind(&store.catalog)
        .bind(store.currency.code())
        .fetch_optional(conn)
        .await
}

pub async fn start(
    pool: &PgPool,
    store: &StoreScope,
    customer: Option<i64>,
    sku: &str,
    quantity: Quantity,
) -> Result<Result<i64, CartError>, sqlx::Error> {
    let wanted = i64::from(quantity.get());
    let mut tx = pool.begin().await?;
    let Some((variant, stock)) = sold(&mut tx, store, sku).await? else {
        return Ok(Err(CartError::UnknownSku));
    };
    if wanted > stock {
        return Ok(Err(refusal(sku, wanted, stock)));
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO carts (store_id, customer_id) VALUES ($1, $2) RETURNING id")
        .bind(&store.id)
        .bind(customer)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO cart_lines (cart_id, variant_id, quantity) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(variant)
        .bind(wanted)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Adds `quantity` to the line of `sku` (or sets it, with `add` false), within stock and
/// the quantity and line limits.
pub async fn put(
    pool: &PgPool,
    store: &StoreScope,
    cart: i64,
    sku: &str,
    quantity: Quantity,
    add: bool,
) -> Result<Result<(), CartError>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let mine: Option<i64> = sqlx::query_scalar("SELECT id FROM carts WHERE id = $1 AND store_id = $2 FOR UPDATE")
        .bind(cart)
        .bind(&store.id)
        .fetch_optional(&mut *tx)
        .await?;
    let (Some(_), Some((variant, stock))) = (mine, sold(&mut tx, store, sku).await?) else {
        return Ok(Err(CartError::UnknownSku));
    };
    let (current, lines): (Option<i64>, i64) = sqlx::query_as(
        "SELECT (SELECT quantity FROM cart_lines WHERE cart_id = $1 AND variant_id = $2),
                (SELECT COUNT(*) FROM cart_lines WHERE cart_id = $1)",
    )
    .bind(cart)
    .bind(variant)
    .fetch_one(&mut *tx)
    .await?;
    if current.is_none() && lines >= i64::from(MAX_CART_LINES) {
        return Ok(Err(CartError::TooManyLines));
    }
    let wanted = i64::from(quantity.get()) + if add { current.unwrap_or(0) } else { 0 };
    if wanted > stock.min(i64::from(MAX_QUANTITY)) {
        return Ok(Err(refusal(sku, wanted, stock)));
    }
    sqlx::query(
        "INSERT INTO cart_lines (cart_id, variant_id, quantity) VALUES ($1, $2, $3)
         ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity",
    )
    .bind(cart)
    .bind(variant)
    .bind(wanted)
    .execute(&mut *tx)
    .await?;
    touch(&mut tx, cart).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

async fn touch(conn: &mut PgConnection, cart: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE carts SET updated_at = extract(epoch FROM now())::bigint WHERE id = $1")
        .bind(cart)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn remove(pool: &PgPool, store: &StoreScope, cart: i64, sku: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM cart_lines WHERE cart_id = (SELECT id FROM carts WHERE id = $1 AND store_id = $2)
            AND variant_id = (SELECT id FROM variants WHERE sku = $3)",
    )
    .bind(cart)
    .bind(&store.id)
    .bind(sku)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn coupon(
    conn: &mut PgConnection,
    store: &StoreScope,
    code: &str,
    now: i64,
) -> Result<Result<Coupon, CartError>, sqlx::Error> {
    let row: Option<(String, String, i64, i64, i64)> =
        sqlx::query_as("SELECT code, kind, amount, starts_at, ends_at FROM coupons WHERE store_id = $1 AND code = $2")
            .bind(&store.id)
            .bind(code.trim().to_uppercase())
            .fetch_optional(conn)
            .await?;
    Ok(coupon_from_row(row, now))
}

pub async fn set_coupon(pool: &PgPool, store: &StoreScope, cart: i64, code: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE carts SET coupon_code = $1, updated_at = extract(epoch FROM now())::bigint
          WHERE id = $2 AND store_id = $3",
    )
    .bind(code)
    .bind(cart)
    .bind(&store.id)
    .execute(pool)
    .await?;
    Ok(())
}

/// At sign-in: the guest cart's lines join the customer's cart (quantities added, capped
/// by stock), or the guest cart becomes the customer's. Returns their cart.
pub async fn adopt(
    pool: &PgPool,
    store: &StoreScope,
    guest: Option<i64>,
    customer: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let own: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM carts WHERE store_id = $1 AND customer_id = $2 ORDER BY id DESC LIMIT 1 FOR UPDATE",
    )
    .bind(&store.id)
    .bind(customer)
    .fetch_optional(&mut *tx)
    .await?;
    let guest: Option<i64> = match guest {
        Some(id) => {
            sqlx::query_scalar(
                "SELECT id FROM carts WHERE id = $1 AND store_id = $2 AND customer_id IS NULL FOR UPDATE",
            )
            .bind(id)
            .bind(&store.id)
            .fetch_optional(&mut *tx)
            .await?
        }
        None => None,
    };
    let result = match (own, guest) {
        (Some(own), Some(guest)) if own != guest => {
            sqlx::query(
                "INSERT INTO cart_lines (cart_id, variant_id, quantity)
                 SELECT $1, cl.variant_id, LEAST(cl.quantity, $2, v.stock) FROM cart_lines cl
                   JOIN variants v ON v.id = cl.variant_id WHERE cl.cart_id = $3 AND v.stock > 0
                 ON CONFLICT (cart_id, variant_id) DO UPDATE
                   SET quantity = LEAST(cart_lines.quantity + excluded.quantity, $2,
                                        (SELECT stock FROM variants WHERE id = excluded.variant_id))",
            )
            .bind(own)
            .bind(i64::from(MAX_QUANTITY))
            .bind(guest)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE carts SET coupon_code = COALESCE(coupon_code, (SELECT coupon_code FROM carts WHERE id = $1))
                  WHERE id = $2",
            )
            .bind(guest)
            .bind(own)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM carts WHERE id = $1")
                .bind(guest)
                .execute(&mut *tx)
                .await?;
            Some(own)
        }
        (Some(own), _) => Some(own),
        (None, Some(guest)) => {
            sqlx::query("UPDATE carts SET customer_id = $1 WHERE id = $2")
                .bind(customer)
                .bind(guest)
                .execute(&mut *tx)
                .await?;
            Some(guest)
        }
        (None, None) => None,
    };
    tx.commit().await?;
    Ok(result)
}
