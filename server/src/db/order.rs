//! Placing orders: one write transaction takes the stock, snapshots lines, prices,
//! taxes, address and shipping, and empties the cart; a failure anywhere leaves nothing.

use app::commerce::{PlacedOrder, StoreScope};
use app::model::{
    Address, Authorization, CartError, Coupon, Money, Order, OrderError, OrderItem, OrderStatus, OrderSummary,
    ShippingMethod, StatusChange, StatusError, Totals,
};
use sqlx::{FromRow, Sqlite, SqlitePool, Transaction};

use super::cart::{line_rows, LineRow};

/// An order as this backend places it: the trait's `NewOrder` with its handles read as
/// row ids and its shipping method found among the store's.
pub struct Placing<'a> {
    pub cart: i64,
    pub customer: Option<i64>,
    pub key: &'a str,
    pub email: &'a str,
    pub address: &'a Address,
    pub shipping: &'a ShippingMethod,
    pub payment: &'a Authorization,
    /// Unix seconds, for coupon validity and the order date.
    pub now: i64,
}

#[tracing::instrument(skip(pool, order), fields(cart = order.cart))]
pub async fn place(
    pool: &SqlitePool,
    store: &StoreScope,
    order: &Placing<'_>,
) -> Result<Result<PlacedOrder, OrderError>, sqlx::Error> {
    // IMMEDIATE takes the write lock now: concurrent buyers queue (busy timeout) instead
    // of failing when their read snapshot turns stale.
    let mut tx = super::begin_immediate(pool).await?;
    let existing: Option<String> =
        sqlx::query_scalar("SELECT number FROM orders WHERE store_id = ? AND idempotency_key = ?")
            .bind(&store.id)
            .bind(order.key)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(number) = existing {
        return Ok(Ok(PlacedOrder { number, existing: true }));
    }
    let rows = line_rows(&mut tx, store, order.cart).await?;
    if rows.is_empty() {
        return Ok(Err(CartError::EmptyCart.into()));
    }
    let from_stock = match take_stock(&mut tx, &rows).await? {
        Ok(taken) => taken,
        // Dropping the transaction rolls back the stock already taken.
        Err(e) => return Ok(Err(e.into())),
    };
    let (totals, coupon_code) = match price(&mut tx, store, order, &rows).await? {
        Ok(priced) => priced,
        Err(e) => return Ok(Err(e)),
    };
    let number = insert(&mut tx, store, order, &totals, coupon_code, &rows, &from_stock).await?;
    empty_cart(&mut tx, order.cart).await?;
    // Synced to disk before it returns (the writing connection is FULL; see `writer`):
    // an order confirmed to the shopper survives a power cut.
    tx.commit().await?;
    tracing::info!(%number, total = totals.total.minor, "order placed");
    Ok(Ok(PlacedOrder {
        number,
        existing: false,
    }))
}

/// Takes every line's quantity from stock, or says which line could not be had; how
/// many units of each line came from stock (the rest is back-ordered).
async fn take_stock(
    tx: &mut Transaction<'static, Sqlite>,
    rows: &[LineRow],
) -> Result<Result<Vec<i64>, CartError>, sqlx::Error> {
    let mut from_stock = Vec::with_capacity(rows.len());
    for row in rows {
        // The shelf itself (a row's `stock` counts a back-orderable variant as plenty),
        // read in this transaction, which holds the write lock since it began.
        let shelf: i64 = sqlx::query_scalar("SELECT stock FROM variants WHERE id = ?")
            .bind(row.variant_id)
            .fetch_one(&mut **tx)
            .await?;
        let taken =
            sqlx::query("UPDATE variants SET stock = MAX(stock - ?1, 0) WHERE id = ?2 AND (stock >= ?1 OR backorder)")
                .bind(row.quantity)
                .bind(row.variant_id)
                .execute(&mut **tx)
                .await?
                .rows_affected();
        if taken == 0 {
            return Ok(Err(CartError::OverStock {
                sku: row.sku.clone(),
                available: row.stock.max(0),
            }));
        }
        from_stock.push(row.quantity.min(shelf.max(0)));
    }
    Ok(Ok(from_stock))
}

/// The order's totals as the cart page showed them, checked against the payment.
async fn price(
    tx: &mut Transaction<'static, Sqlite>,
    store: &StoreScope,
    order: &Placing<'_>,
    rows: &[LineRow],
) -> Result<Result<(Totals, Option<String>), OrderError>, sqlx::Error> {
    let coupon_code: Option<String> = sqlx::query_scalar("SELECT coupon_code FROM carts WHERE id = ?")
        .bind(order.cart)
        .fetch_one(&mut **tx)
        .await?;
    let coupon = match &coupon_code {
        None => None,
        // On the transaction's connection: waiting for a second one could deadlock
        // against queued buyers holding the rest of the pool.
        Some(code) => match super::cart::coupon(&mut **tx, store, code, order.now).await? {
            Ok(c) => Some(c),
            Err(e) => return Ok(Err(e.into())),
        },
    };
    let totals = totals_for(store, order, rows, coupon.as_ref());
    Ok(totals.map(|t| (t, coupon.map(|c| c.code))))
}

/// The order's totals from its lines at today's prices, refused unless they are what the
/// payment was authorized for.
pub(crate) fn totals_for(
    store: &StoreScope,
    order: &Placing<'_>,
    rows: &[LineRow],
    coupon: Option<&Coupon>,
) -> Result<Totals, OrderError> {
    let priced: Vec<(Money, u32)> = rows
        .iter()
        .map(|r| {
            (
                Money::new(r.amount, store.currency),
                u32::try_from(r.quantity).unwrap_or(0),
            )
        })
        .collect();
    let Ok(totals) = super::pricing::totals(store, &priced, coupon, order.shipping.price) else {
        return Err(OrderError::Incomplete);
    };
    if totals.total.minor != order.payment.amount_minor {
        return Err(CartError::TotalChanged.into());
    }
    Ok(totals)
}

/// An order's number from its id: `DEFAULT-000042`.
pub(crate) fn order_number(store: &StoreScope, id: i64) -> String {
    format!("{}-{id:06}", store.id.to_uppercase())
}

/// Writes the order and its lines; returns its number.
async fn insert(
    tx: &mut Transaction<'static, Sqlite>,
    store: &StoreScope,
    order: &Placing<'_>,
    totals: &Totals,
    coupon_code: Option<String>,
    rows: &[LineRow],
    from_stock: &[i64],
) -> Result<String, sqlx::Error> {
    // One writer at a time (BEGIN IMMEDIATE): no other order can take this id meanwhile.
    let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM orders")
        .fetch_one(&mut **tx)
        .await?;
    let number = order_number(store, id);
    let a = order.address;
    sqlx::query(
        "INSERT INTO orders (id, store_id, number, customer_id, idempotency_key, email, currency,
            subtotal, discount, shipping, tax, total, tax_included, tax_basis_points, coupon_code,
            shipping_method, ship_name, ship_line1, ship_line2, ship_postcode, ship_city, ship_country,
            payment_method, payment_ref, placed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .bind(totals.tax_basis_points)
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
    .execute(&mut **tx)
    .await?;
    for (position, row) in rows.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, position, sku, product_name, product_slug, options, unit_price, quantity, line_total, from_stock)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .execute(&mut **tx)
        .await?;
    }
    Ok(number)
}

/// Empties the ordered cart, keeping listings' "in stock" true to the variants it took.
async fn empty_cart(tx: &mut Transaction<'static, Sqlite>, cart: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE price_ranges SET in_stock = EXISTS (SELECT 1 FROM variants v WHERE v.product_id = price_ranges.product_id AND (v.stock > 0 OR v.backorder))
          WHERE product_id IN (SELECT v.product_id FROM cart_lines cl JOIN variants v ON v.id = cl.variant_id WHERE cl.cart_id = ?)",
    )
    .bind(cart)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM cart_lines WHERE cart_id = ?")
        .bind(cart)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE carts SET coupon_code = NULL WHERE id = ?")
        .bind(cart)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow)]
pub(crate) struct OrderRow {
    pub id: i64,
    number: String,
    customer_id: Option<i64>,
    email: String,
    subtotal: i64,
    discount: i64,
    shipping: i64,
    tax: i64,
    total: i64,
    tax_included: bool,
    tax_basis_points: i64,
    coupon_code: Option<String>,
    shipping_method: String,
    ship_name: String,
    ship_line1: String,
    ship_line2: String,
    ship_postcode: String,
    ship_city: String,
    ship_country: String,
    payment_method: String,
    payment_ref: String,
    placed_at: i64,
}

/// An order of this store by number, with the customer it belongs to (none for guests).
pub async fn by_number(
    pool: &SqlitePool,
    store: &StoreScope,
    number: &str,
) -> Result<Option<(Order, Option<i64>)>, sqlx::Error> {
    let row: Option<OrderRow> = sqlx::query_as(
        "SELECT id, number, customer_id, email, subtotal, discount, shipping, tax, total, tax_included,
                tax_basis_points, coupon_code, shipping_method, ship_name, ship_line1, ship_line2,
                ship_postcode, ship_city, ship_country, payment_method, payment_ref, placed_at
           FROM orders WHERE store_id = ? AND number = ?",
    )
    .bind(&store.id)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let lines: Vec<OrderLineRow> = sqlx::query_as(
        "SELECT sku, product_name, product_slug, options, unit_price, quantity, line_total
           FROM order_lines WHERE order_id = ? ORDER BY position",
    )
    .bind(row.id)
    .fetch_all(pool)
    .await?;
    let events: Vec<(String, i64)> = sqlx::query_as(ORDER_EVENTS).bind(row.id).fetch_all(pool).await?;
    Ok(Some(order_from_rows(store, row, lines, events)))
}

/// The steps of an order after it was placed, oldest first (status, Unix seconds). The
/// SQL here is the same on PostgreSQL.
pub(crate) const ORDER_EVENTS: &str = "SELECT status, at FROM order_events WHERE order_id = $1 ORDER BY id";
/// An order's (`o`) status now: its last step, or placed.
pub(crate) const STATUS_OF: &str =
    "COALESCE((SELECT e.status FROM order_events e WHERE e.order_id = o.id ORDER BY e.id DESC LIMIT 1), 'placed')";
const ADD_EVENT: &str = "INSERT INTO order_events (order_id, status, at) VALUES ($1, $2, $3)";
/// Back-ordered units were never on the shelf: only those taken from stock go back.
const LINES_TO_RESTOCK: &str = "SELECT sku, COALESCE(from_stock, quantity) FROM order_lines WHERE order_id = $1";
/// A cancelled order's quantities back on the shelf, by SKU in the store's catalog.
const RESTOCK: &str =
    "UPDATE variants SET stock = stock + $1 WHERE sku = $2 AND product_id IN (SELECT id FROM products WHERE catalog_id = $3)";

/// The step itself, in `$tx` once the order `$id` is found (and locked, where the
/// database can): its status checked, the step appended, a cancelled order's quantities
/// put back, committed. A macro because SQLite's and PostgreSQL's transactions differ
/// in type only.
macro_rules! step_order {
    ($tx:ident, $store:expr, $id:expr, $next:expr, $at:expr) => {{
        let now: String = sqlx::query_scalar(&format!("SELECT {STATUS_OF} FROM orders o WHERE o.id = $1"))
            .bind($id)
            .fetch_one(&mut *$tx)
            .await?;
        let from = OrderStatus::parse(&now).unwrap_or_default();
        if !from.can_become($next) {
            return Ok(Err(StatusError::Transition { from, to: $next }));
        }
        sqlx::query(ADD_EVENT)
            .bind($id)
            .bind($next.as_str())
            .bind($at)
            .execute(&mut *$tx)
            .await?;
        if $next.restocks() {
            let lines: Vec<(String, i64)> = sqlx::query_as(LINES_TO_RESTOCK).bind($id).fetch_all(&mut *$tx).await?;
            for (sku, quantity) in lines {
                sqlx::query(RESTOCK)
                    .bind(quantity)
                    .bind(sku)
                    .bind(&$store.catalog)
                    .execute(&mut *$tx)
                    .await?;
            }
        }
        $tx.commit().await?;
        Ok(Ok(()))
    }};
}

/// Moves the order on to `next` at `at` (Unix seconds), if its status allows; cancelling
/// puts its quantities back in stock, in the same transaction. IMMEDIATE: it writes
/// after reading, and `cargo store order` is another process than the store's server; a
/// deferred transaction whose read turned stale meanwhile could not write at all.
pub async fn set_status(
    pool: &SqlitePool,
    store: &StoreScope,
    number: &str,
    next: OrderStatus,
    at: i64,
) -> Result<Result<(), StatusError>, sqlx::Error> {
    let mut tx = super::begin_immediate(pool).await?;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE store_id = $1 AND number = $2")
        .bind(&store.id)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else {
        return Ok(Err(StatusError::NotFound));
    };
    step_order!(tx, store, id, next, at)
}

/// The same on PostgreSQL, the order's row locked first so two moves cannot both pass.
pub async fn set_status_pg(
    pool: &sqlx::PgPool,
    store: &StoreScope,
    number: &str,
    next: OrderStatus,
    at: i64,
) -> Result<Result<(), StatusError>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE store_id = $1 AND number = $2 FOR UPDATE")
        .bind(&store.id)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else {
        return Ok(Err(StatusError::NotFound));
    };
    step_order!(tx, store, id, next, at)
}

/// sku, product name, product slug, options, unit price, quantity, line total.
pub(crate) type OrderLineRow = (String, String, String, String, i64, i64, i64);

/// An order and the customer it belongs to, from its rows.
pub(crate) fn order_from_rows(
    store: &StoreScope,
    r: OrderRow,
    lines: Vec<OrderLineRow>,
    events: Vec<(String, i64)>,
) -> (Order, Option<i64>) {
    let money = |minor| Money::new(minor, store.currency);
    let history: Vec<StatusChange> = std::iter::once(StatusChange {
        status: OrderStatus::Placed,
        at: r.placed_at,
    })
    .chain(
        events
            .into_iter()
            .filter_map(|(s, at)| OrderStatus::parse(&s).map(|status| StatusChange { status, at })),
    )
    .collect();
    let order = Order {
        number: r.number,
        placed_at: r.placed_at,
        email: r.email,
        lines: lines
            .into_iter()
            .map(
                |(sku, product_name, product_slug, options, unit, qty, total)| OrderItem {
                    sku,
                    product_name,
                    product_slug,
                    options,
                    unit_price: money(unit),
                    quantity: u32::try_from(qty).unwrap_or(0),
                    line_total: money(total),
                },
            )
            .collect(),
        totals: Totals {
            subtotal: money(r.subtotal),
            discount: money(r.discount),
            shipping: money(r.shipping),
            tax: money(r.tax),
            total: money(r.total),
            tax_included: r.tax_included,
            tax_basis_points: u32::try_from(r.tax_basis_points).unwrap_or(0),
        },
        coupon_code: r.coupon_code,
        shipping_method: r.shipping_method,
        address: Address {
            name: r.ship_name,
            line1: r.ship_line1,
            line2: r.ship_line2,
            postcode: r.ship_postcode,
            city: r.ship_city,
            country: r.ship_country,
        },
        payment_method: r.payment_method,
        payment_ref: r.payment_ref,
        status: history.last().map_or(OrderStatus::Placed, |c| c.status),
        history,
    };
    (order, r.customer_id)
}

pub async fn of_customer(
    pool: &SqlitePool,
    store: &StoreScope,
    customer: i64,
) -> Result<Vec<OrderSummary>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64, String)> = sqlx::query_as(&format!(
        "SELECT o.number, o.placed_at, (SELECT SUM(quantity) FROM order_lines WHERE order_id = o.id), o.total, {STATUS_OF}
           FROM orders o WHERE o.store_id = $1 AND o.customer_id = $2 ORDER BY o.id DESC"
    ))
    .bind(&store.id)
    .bind(customer)
    .fetch_all(pool)
    .await?;
    Ok(summaries_from_rows(store, rows))
}

/// Order summaries from (number, placed at, items, total, status) rows.
pub(crate) fn summaries_from_rows(store: &StoreScope, rows: Vec<(String, i64, i64, i64, String)>) -> Vec<OrderSummary> {
    rows.into_iter()
        .map(|(number, placed_at, items, total, status)| OrderSummary {
            number,
            placed_at,
            items: u32::try_from(items).unwrap_or(0),
            total: Money::new(total, store.currency),
            status: OrderStatus::parse(&status).unwrap_or_default(),
        })
        .collect()
}
