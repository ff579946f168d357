//! Placing orders on PostgreSQL, correct with several replicas writing at once: the cart's
//! row is locked first, so two submits of one checkout (to two replicas) queue and the
//! second finds the first order by its key, which the database also keeps unique; stock
//! is taken in variant order, so two orders never wait for each other's rows; numbers
//! come from a sequence. The rules (totals, the payment check, the snapshot) are shared.

use app::commerce::{PlacedOrder, StoreScope};
use app::model::{CartError, Order, OrderError, OrderSummary, Totals};
use sqlx::{PgConnection, PgPool};

use crate::db::cart::LineRow;
use crate::db::order::{
    order_from_rows, order_number, summaries_from_rows, totals_for, OrderLineRow, OrderRow, Placing, ORDER_EVENTS,
    STATUS_OF,
};

pub async fn place(
    pool: &PgPool,
    store: &StoreScope,
    order: &Placing<'_>,
) -> Result<Result<PlacedOrder, OrderError>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Waits for another submit of this checkout; it then sees that one's order below.
    sqlx::query("SELECT id FROM carts WHERE id = $1 AND store_id = $2 FOR UPDATE")
        .bind(order.cart)
        .bind(&store.id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(number) = placed_with(&mut tx, store, order.key).await? {
        return Ok(Ok(PlacedOrder { number, existing: true }));
    }
    let rows = super::cart::line_rows(&mut tx, store, order.cart).await?;
    if rows.is_empty() {
        return Ok(Err(CartError::EmptyCart.into()));
    }
    let from_stock = match take_stock(&mut tx, &rows).await? {
        Ok(taken) => taken,
        Err(e) => return Ok(Err(e.into())),
    };
    let coupon = match rows_coupon(&mut tx, store, order).await? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e.into())),
    };
    let totals = match totals_for(store, order, &rows, coupon.as_ref()) {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    let number = match insert(
        &mut tx,
        store,
        order,
        &totals,
        coupon.map(|c| c.code),
        &rows,
        &from_stock,
    )
    .await
    {
        Ok(number) => number,
        // Another transaction placed this key between our check and insert: its order stands.
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            let existing = placed_with(&mut *pool.acquire().await?, store, order.key).await?;
            return Ok(existing.map_or(Err(OrderError::Incomplete), |number| {
                Ok(PlacedOrder { number, existing: true })
            }));
        }
        Err(e) => return Err(e),
    };
    empty_cart(&mut tx, order.cart).await?;
    tx.commit().await?;
    tracing::info!(%number, total = totals.total.minor, "order placed");
    Ok(Ok(PlacedOrder {
        number,
        existing: false,
    }))
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("23505"))
}

async fn placed_with(conn: &mut PgConnection, store: &StoreScope, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT number FROM orders WHERE store_id = $1 AND idempotency_key = $2")
        .bind(&store.id)
        .bind(key)
        .fetch_optional(conn)
        .await
}

async fn rows_coupon(
    conn: &mut PgConnection,
    store: &StoreScope,
    order: &Placing<'_>,
) -> Result<Result<Option<app::model::Coupon>, CartError>, sqlx::Error> {
    let code: Option<String> = sqlx::query_scalar("SELECT coupon_code FROM carts WHERE id = $1")
        .bind(order.cart)
        .fetch_one(&mut *conn)
        .await?;
    match code {
        None => Ok(Ok(None)),
        Some(code) => Ok(super::cart::coupon(conn, store, &code, order.now).await?.map(Some)),
    }
}

/// Takes every line's quantity from stock, in variant order, or says which line could
/// not be had; how many units of each line (in `rows`' order) came from stock, the rest
/// back-ordered.
async fn take_stock(conn: &mut PgConnection, rows: &[LineRow]) -> Result<Result<Vec<i64>, CartError>, sqlx::Error> {
    let mut ordered: Vec<(usize, &LineRow)> = rows.iter().enumerate().collect();
    ordered.sort_by_key(|(_, r)| r.variant_id);
    let mut from_stock = vec![0; rows.len()];
    for (i, row) in ordered {
        // The row locked and read first: what it held before this order took from it.
        let taken: Option<i64> = sqlx::query_scalar(
            "WITH before AS (SELECT stock FROM variants WHERE id = $2 FOR UPDATE)
             UPDATE variants SET stock = GREATEST(variants.stock - $1, 0) FROM before
              WHERE variants.id = $2 AND (before.stock >= $1 OR variants.backorder)
             RETURNING LEAST(GREATEST(before.stock, 0), $1)",
        )
        .bind(row.quantity)
        .bind(row.variant_id)
        .fetch_optional(&mut *conn)
        .await?;
        from_stock[i] = taken.unwrap_or_default();
        if taken.is_none() {
            let available: i64 = sqlx::query_scalar("SELECT stock FROM variants WHERE id = $1")
                .bind(row.variant_id)
                .fetch_one(&mut *conn)
                .await?;
            return Ok(Err(CartError::OverStock {
                sku: row.sku.clone(),
                available: available.max(0),
            }));
        }
    }
    Ok(Ok(from_stock))
}

async fn insert(
    conn: &mut PgConnection,
    store: &StoreScope,
    order: &Placing<'_>,
    totals: &Totals,
    coupon_code: Option<String>,
    rows: &[LineRow],
    from_stock: &[i64],
) -> Result<String, sqlx::Error> {
    let id: i64 = sqlx::query_scalar("SELECT nextval('order_numbers')")
        .fetch_one(&mut *conn)
        .await?;
    let number = order_number(store, id);
    let a = order.address;
    sqlx::query(
        "INSERT INTO orders (id, store_id, number, customer_id, idempotency_key, email, currency,
            subtotal, discount, shipping, tax, total, tax_included, tax_basis_points, coupon_code,
            shipping_method, ship_name, ship_line1, ship_line2, ship_postcode, ship_city, ship_country,
            payment_method, payment_ref, placed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                 $21, $22, $23, $24, $25)",
    )
    .bind(id)
    .bind(&store.id)
    .bind(&number)
    .bind(order.customer)
    .bind(order.key)
    .bind(order.email)
    .bind(store.currency.code())
    .bind(totals.subtotal.minor)
    .bind(totals.discount.minor)
    .bind(totals.shipping.minor)
    .bind(totals.tax.minor)
    .bind(totals.total.minor)
    .bind(totals.tax_included)
    .bind(i64::from(totals.tax_basis_points))
    .bind(coupon_code)
    .bind(&order.shipping.name)
    .bind(&a.name)
    .bind(&a.line1)
    .bind(&a.line2)
    .bind(&a.postcode)
    .bind(&a.city)
    .bind(&a.country)
    .bind(order.payment.method.param())
    .bind(&order.payment.reference)
    .bind(order.now)
    .execute(&mut *conn)
    .await?;
    for (position, row) in rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, position, sku, product_name, product_slug, options, unit_price, quantity, line_total, from_stock)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&row.sku)
        .bind(&row.name)
        .bind(&row.slug)
        .bind(row.options_text())
        .bind(row.amount)
        .bind(row.quantity)
        .bind(row.amount * row.quantity)
        .bind(from_stock[position])
        .execute(&mut *conn)
        .await?;
    }
    Ok(number)
}

/// Empties the ordered cart, keeping listings' "in stock" true to the variants it took.
async fn empty_cart(conn: &mut PgConnection, cart: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE price_ranges SET in_stock = EXISTS (SELECT 1 FROM variants v WHERE v.product_id = price_ranges.product_id AND (v.stock > 0 OR v.backorder))
          WHERE product_id IN (SELECT v.product_id FROM cart_lines cl JOIN variants v ON v.id = cl.variant_id WHERE cl.cart_id = $1)",
    )
    .bind(cart)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
        .bind(cart)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE carts SET coupon_code = NULL WHERE id = $1")
        .bind(cart)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn by_number(
    pool: &PgPool,
    store: &StoreScope,
    number: &str,
) -> Result<Option<(Order, Option<i64>)>, sqlx::Error> {
    let row: Option<OrderRow> = sqlx::query_as(
        "SELECT id, number, customer_id, email, subtotal, discount, shipping, tax, total, tax_included,
                tax_basis_points, coupon_code, shipping_method, ship_name, ship_line1, ship_line2,
                ship_postcode, ship_city, ship_country, payment_method, payment_ref, placed_at
           FROM orders WHERE store_id = $1 AND number = $2",
    )
    .bind(&store.id)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let lines: Vec<OrderLineRow> = sqlx::query_as(
        "SELECT sku, product_name, product_slug, options, unit_price, quantity, line_total
           FROM order_lines WHERE order_id = $1 ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(pool)
    .await?;
    let events: Vec<(String, i64)> = sqlx::query_as(ORDER_EVENTS).bind(row.id).fetch_all(pool).await?;
    Ok(Some(order_from_rows(store, row, lines, events)))
}

pub async fn of_customer(pool: &PgPool, store: &StoreScope, customer: i64) -> Result<Vec<OrderSummary>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT o.number, o.placed_at, (SELECT SUM(quantity) FROM order_lines WHERE order_id = o.id)::bigint, o.total,
                {STATUS_OF}
           FROM orders o WHERE o.store_id = $1 AND o.customer_id = $2 ORDER BY o.id DESC"
    ))
    .bind(&store.id)
    .bind(customer)
    .fetch_all(pool)
    .await?;
    Ok(summaries_from_rows(store, rows))
}
