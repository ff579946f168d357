//! Carts, scoped by store: a cart id of another store finds nothing here.

use app::commerce::StoreScope;
use app::model::{CartError, CartLine, Coupon, CouponKind, Money, Quantity, Stock, MAX_CART_LINES, MAX_QUANTITY};
use rusqlite::params;
use sqlx::{FromRow, SqliteConnection, SqlitePool};

use super::{GroupCommit, WriteError};

#[derive(FromRow)]
pub(crate) struct LineRow {
    pub variant_id: i64,
    pub sku: String,
    pub name: String,
    pub slug: String,
    pub art: String,
    pub color: Option<String>,
    pub size: Option<String>,
    pub capacity: Option<String>,
    pub amount: i64,
    pub stock: i64,
    pub quantity: i64,
}

impl LineRow {
    fn options(&self) -> Vec<(String, String)> {
        [
            ("color", &self.color),
            ("size", &self.size),
            ("capacity", &self.capacity),
        ]
        .into_iter()
        .filter_map(|(axis, value)| value.clone().map(|v| (axis.to_string(), v)))
        .collect()
    }

    /// The options as an order line keeps them: `color: Navy, size: M`.
    pub(crate) fn options_text(&self) -> String {
        let options: Vec<String> = self.options().into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
        options.join(", ")
    }

    fn into_line(self, store: &StoreScope) -> CartLine {
        let unit_price = Money::new(self.amount, store.currency);
        let quantity = u32::try_from(self.quantity).unwrap_or(0);
        CartLine {
            options: self.options(),
            image: crate::media::picture(&self.art, self.color.as_deref(), 0, self.name.clone()),
            line_total: Money::new(self.amount.saturating_mul(self.quantity), store.currency),
            sku: self.sku,
            product_name: self.name,
            product_slug: self.slug,
            unit_price,
            quantity,
            stock: Stock::counted(self.stock),
        }
    }
}

/// The lines of a cart of this store, priced in its currency, oldest first.
pub(crate) async fn line_rows(
    conn: &mut SqliteConnection,
    store: &StoreScope,
    cart: i64,
) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.id AS variant_id, v.sku, v.name, v.slug, v.art, v.color, v.size, v.capacity,
                v.amount, v.stock, cl.quantity
           FROM cart_lines cl
           JOIN sold_variants v ON v.id = cl.variant_id AND v.catalog_id = ? AND v.currency = ?
          WHERE cl.cart_id = (SELECT id FROM carts WHERE id = ? AND store_id = ?)
          ORDER BY cl.added_at, v.sku",
    )
    .bind(&store.catalog)
    .bind(store.currency.code())
    .bind(cart)
    .bind(&store.id)
    .fetch_all(conn)
    .await
}

pub async fn create(pool: &SqlitePool, store: &StoreScope, customer: Option<i64>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO carts (store_id, customer_id) VALUES (?, ?) RETURNING id")
        .bind(&store.id)
        .bind(customer)
        .fetch_one(pool)
        .await
}

/// A cart as stored: its lines at today's prices and stock, and the coupon code on it.
pub struct Contents {
    pub lines: Vec<CartLine>,
    pub coupon_code: Option<String>,
}

impl Contents {
    pub(crate) fn from_rows(store: &StoreScope, rows: Vec<LineRow>, coupon_code: Option<String>) -> Self {
        Contents {
            lines: rows.into_iter().map(|r| r.into_line(store)).collect(),
            coupon_code,
        }
    }
}

pub async fn contents(pool: &SqlitePool, store: &StoreScope, cart: i64) -> Result<Option<Contents>, sqlx::Error> {
    let head: Option<(Option<String>,)> = sqlx::query_as("SELECT coupon_code FROM carts WHERE id = ? AND store_id = ?")
        .bind(cart)
        .bind(&store.id)
        .fetch_optional(pool)
        .await?;
    let Some((coupon_code,)) = head else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    let rows = line_rows(&mut conn, store, cart).await?;
    Ok(Some(Contents::from_rows(store, rows, coupon_code)))
}

pub async fn of_customer(pool: &SqlitePool, store: &StoreScope, customer: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM carts WHERE store_id = ? AND customer_id = ? ORDER BY id DESC LIMIT 1")
        .bind(&store.id)
        .bind(customer)
        .fetch_optional(pool)
        .await
}

/// Adds `quantity` to the line of `sku` (or sets it, with `add` false), within stock and
/// the quantity and line limits: one guarded upsert and the cart's date, in the writer's next batch.
/// Only when nothing was written is the reason read. The cart is checked in a subquery,
/// a rowid lookup: joined, SQLite scanned the store's carts whenever the statistics
/// (taken at seed time) said there were few.
pub async fn put(
    group_commit: &GroupCommit,
    pool: &SqlitePool,
    store: &StoreScope,
    cart: i64,
    sku: &str,
    quantity: Quantity,
    add: bool,
) -> Result<Result<(), CartError>, WriteError> {
    let (scope, code) = (store.clone(), sku.to_string());
    let written = group_commit
        .run(move |conn| {
            let written = conn
                .prepare_cached(
                    "INSERT INTO cart_lines (cart_id, variant_id, quantity)
                     SELECT ?5, v.id, ?1 + IIF(?2, COALESCE(l.quantity, 0), 0) FROM sold_variants v
                       LEFT JOIN cart_lines l ON l.cart_id = ?5 AND l.variant_id = v.id
                      WHERE v.sku = ?7 AND v.catalog_id = ?3 AND v.currency = ?4 AND ?1 + IIF(?2, COALESCE(l.quantity, 0), 0) <= MIN(v.stock, ?8)
                        AND EXISTS (SELECT 1 FROM carts WHERE id = ?5 AND store_id = ?6)
                        AND (l.quantity IS NOT NULL OR (SELECT COUNT(*) FROM cart_lines WHERE cart_id = ?5) < ?9)
                     ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity",
                )?
                .execute(params![
                    quantity.get(),
                    add,
                    scope.catalog,
                    scope.currency.code(),
                    cart,
                    scope.id,
                    code,
                    MAX_QUANTITY,
                    MAX_CART_LINES
                ])?;
            if written > 0 {
                conn.prepare_cached("UPDATE carts SET updated_at = unixepoch() WHERE id = ?")?
                    .execute([cart])?;
            }
            Ok(written > 0)
        })
        .await?;
    if written {
        return Ok(Ok(()));
    }
    let found: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT v.stock, COALESCE(l.quantity, 0), (SELECT COUNT(*) FROM cart_lines WHERE cart_id = ?3)
           FROM sold_variants v LEFT JOIN cart_lines l ON l.cart_id = ?3 AND l.variant_id = v.id
          WHERE v.sku = ?5 AND v.catalog_id = ?1 AND v.currency = ?2 AND EXISTS (SELECT 1 FROM carts WHERE id = ?3 AND store_id = ?4)",
    )
    .bind(&store.catalog)
    .bind(store.currency.code())
    .bind(cart)
    .bind(&store.id)
    .bind(sku)
    .fetch_optional(pool)
    .await?;
    let Some((stock, current, lines)) = found else {
        return Ok(Err(CartError::UnknownSku));
    };
    // Quantities are at least 1, so no line reads as 0.
    if current == 0 && lines >= i64::from(MAX_CART_LINES) {
        return Ok(Err(CartError::TooManyLines));
    }
    let wanted = i64::from(quantity.get()) + if add { current } else { 0 };
    Ok(Err(refusal(sku, wanted, stock)))
}

/// A new cart holding its first line, written together in the writer's next batch: a
/// line that cannot be added leaves no empty cart behind. Only when nothing was written
/// is the reason read.
pub async fn start(
    group_commit: &GroupCommit,
    pool: &SqlitePool,
    store: &StoreScope,
    customer: Option<i64>,
    sku: &str,
    quantity: Quantity,
) -> Result<Result<i64, CartError>, WriteError> {
    let wanted = i64::from(quantity.get());
    let (scope, code) = (store.clone(), sku.to_string());
    let started = group_commit
        .run(move |conn| {
            let carts = conn
                .prepare_cached(
                    "INSERT INTO carts (store_id, customer_id)
                     SELECT ?1, ?2 FROM sold_variants v
                      WHERE v.sku = ?5 AND v.catalog_id = ?3 AND v.currency = ?4 AND ?6 <= v.stock",
                )?
                .execute(params![
                    scope.id,
                    customer,
                    scope.catalog,
                    scope.currency.code(),
                    code,
                    wanted
                ])?;
            if carts == 0 {
                return Ok(None);
            }
            let id = conn.last_insert_rowid();
            conn.prepare_cached(
                "INSERT INTO cart_lines (cart_id, variant_id, quantity) SELECT ?1, id, ?2 FROM variants WHERE sku = ?3",
            )?
            .execute(params![id, wanted, code])?;
            Ok(Some(id))
        })
        .await?;
    if let Some(id) = started {
        return Ok(Ok(id));
    }
    let found = super::sku::variants_by_sku(pool, store, &[sku.to_string()]).await?;
    Ok(Err(match found.first() {
        None => CartError::UnknownSku,
        Some(m) => refusal(sku, wanted, m.stock.exact.unwrap_or(0)),
    }))
}

/// Why a line of a known SKU cannot hold `wanted` with `stock` left. Read after a guarded
/// write wrote nothing; if the stock has grown since, it is still "over stock" and the
/// shopper may simply try again.
pub(crate) fn refusal(sku: &str, wanted: i64, stock: i64) -> CartError {
    if wanted > i64::from(MAX_QUANTITY) {
        return CartError::InvalidQuantity;
    }
    CartError::OverStock {
        sku: sku.to_string(),
        available: stock.max(0),
    }
}

pub async fn remove(pool: &SqlitePool, store: &StoreScope, cart: i64, sku: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM cart_lines WHERE cart_id = (SELECT id FROM carts WHERE id = ? AND store_id = ?)
            AND variant_id = (SELECT id FROM variants WHERE sku = ?)",
    )
    .bind(cart)
    .bind(&store.id)
    .bind(sku)
    .execute(pool)
    .await?;
    Ok(())
}

/// The store's coupon with this code (case-insensitive), if it is valid at `now`.
pub async fn coupon<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    store: &StoreScope,
    code: &str,
    now: i64,
) -> Result<Result<Coupon, CartError>, sqlx::Error> {
    let row: Option<(String, String, i64, i64, i64)> =
        sqlx::query_as("SELECT code, kind, amount, starts_at, ends_at FROM coupons WHERE store_id = ? AND code = ?")
            .bind(&store.id)
            .bind(code.trim().to_uppercase())
            .fetch_optional(db)
            .await?;
    Ok(coupon_from_row(row, now))
}

/// A coupon row (code, kind, amount, start, end) as the cart may use it at `now`.
pub(crate) fn coupon_from_row(row: Option<(String, String, i64, i64, i64)>, now: i64) -> Result<Coupon, CartError> {
    match row {
        None => Err(CartError::UnknownCoupon),
        Some((_, _, _, starts, ends)) if now < starts || now >= ends => Err(CartError::ExpiredCoupon),
        Some((code, kind, amount, _, _)) => Ok(Coupon {
            code,
            kind: if kind == "percent" {
                CouponKind::Percent
            } else {
                CouponKind::Fixed
            },
            amount,
        }),
    }
}

pub async fn set_coupon(
    pool: &SqlitePool,
    store: &StoreScope,
    cart: i64,
    code: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE carts SET coupon_code = ?, updated_at = unixepoch() WHERE id = ? AND store_id = ?")
        .bind(code)
        .bind(cart)
        .bind(&store.id)
        .execute(pool)
        .await?;
    Ok(())
}

/// At sign-in: the anonymous cart's lines join the customer's cart (quantities added,
/// capped by stock), or the anonymous cart becomes the customer's. Returns their cart.
pub async fn adopt(
    pool: &SqlitePool,
    store: &StoreScope,
    anonymous: Option<i64>,
    customer: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let mut tx = super::begin_immediate(pool).await?;
    let own: Option<i64> =
        sqlx::query_scalar("SELECT id FROM carts WHERE store_id = ? AND customer_id = ? ORDER BY id DESC LIMIT 1")
            .bind(&store.id)
            .bind(customer)
            .fetch_optional(&mut *tx)
            .await?;
    let anonymous: Option<i64> = match anonymous {
        Some(id) => {
            sqlx::query_scalar("SELECT id FROM carts WHERE id = ? AND store_id = ? AND customer_id IS NULL")
                .bind(id)
                .bind(&store.id)
                .fetch_optional(&mut *tx)
                .await?
        }
        None => None,
    };
    let result = match (own, anonymous) {
        (Some(own), Some(anon)) if own != anon => {
            sqlx::query(
                "INSERT INTO cart_lines (cart_id, variant_id, quantity)
                 SELECT ?, cl.variant_id, MIN(cl.quantity, ?, v.stock) FROM cart_lines cl
                   JOIN variants v ON v.id = cl.variant_id WHERE cl.cart_id = ? AND v.stock > 0
                 ON CONFLICT (cart_id, variant_id) DO UPDATE
                   SET quantity = MIN(cart_lines.quantity + excluded.quantity, ?,
                                      (SELECT stock FROM variants WHERE id = excluded.variant_id))",
            )
            .bind(own)
            .bind(MAX_QUANTITY)
            .bind(anon)
            .bind(MAX_QUANTITY)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE carts SET coupon_code = COALESCE(coupon_code, (SELECT coupon_code FROM carts WHERE id = ?)) WHERE id = ?")
                .bind(anon)
                .bind(own)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM carts WHERE id = ?")
                .bind(anon)
                .execute(&mut *tx)
                .await?;
            Some(own)
        }
        (Some(own), _) => Some(own),
        (None, Some(anon)) => {
            sqlx::query("UPDATE carts SET customer_id = ? WHERE id = ?")
                .bind(customer)
                .bind(anon)
                .execute(&mut *tx)
                .await?;
            Some(anon)
        }
        (None, None) => None,
    };
    tx.commit().await?;
    Ok(result)
}

/// Demo coupons for a store, idempotent: every start of a store binary calls it.
pub async fn seed_coupons(pool: &SqlitePool, store: &StoreScope) -> Result<(), sqlx::Error> {
    for (code, kind, amount, starts, ends) in demo_coupons(store) {
        sqlx::query("INSERT OR IGNORE INTO coupons (store_id, code, kind, amount, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&store.id)
            .bind(code)
            .bind(kind)
            .bind(amount)
            .bind(starts)
            .bind(ends)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The demo coupons of a store as (code, kind, amount, start, end): WELCOME10, 10 % off
/// until 2100; SAVE5, 5 units of the store's currency off; SPRING20, expired at the end
/// of May 2024.
pub(crate) fn demo_coupons(store: &StoreScope) -> [(&'static str, &'static str, i64, i64, i64); 3] {
    let five = 5 * 10i64.pow(store.currency.minor_units());
    [
        ("WELCOME10", "percent", 10, 0, 4_102_444_800),
        ("SAVE5", "fixed", five, 0, 4_102_444_800),
        ("SPRING20", "percent", 20, 1_709_251_200, 1_717_200_000),
    ]
}
