//! Carts through the data layer: a new visitor's first line opens the cart, or nothing is
//! saved; later lines add up within stock and the quantity limit.

#[macro_use]
mod common;

use app::commerce::{Commerce, StoreScope};
use app::model::{CartError, Quantity};
use server::db::SqliteCommerce;

fn scope(catalog: &str) -> StoreScope {
    common::scope("default", catalog, "USD")
}

fn qty(n: i64) -> Quantity {
    Quantity::parse(n).unwrap()
}

on_both_databases! {
async fn a_first_line_that_cannot_be_added_saves_no_cart(db) {
    let commerce = db.commerce();
    let store = scope("apparel");
    let sku = db.apparel_sku_with_stock(3).await;
    let before = db.number("SELECT count(*) FROM carts").await;

    assert_eq!(
        commerce.start_cart(&store, None, &sku, qty(4)).await.unwrap(),
        Err(CartError::OverStock {
            sku: sku.clone(),
            available: 3
        })
    );
    assert_eq!(
        commerce.start_cart(&store, None, "NO-SUCH-SKU", qty(1)).await.unwrap(),
        Err(CartError::UnknownSku)
    );
    assert_eq!(
        commerce
            .start_cart(&scope("electronics"), None, &sku, qty(1))
            .await
            .unwrap(),
        Err(CartError::UnknownSku),
        "a SKU of another catalog is unknown to this store"
    );
    assert_eq!(db.number("SELECT count(*) FROM carts").await, before);
}

async fn a_first_line_opens_the_cart_and_later_ones_add_up_within_stock(db) {
    let commerce = db.commerce();
    let store = scope("apparel");
    let sku = db.apparel_sku_with_stock(3).await;

    let cart = commerce.start_cart(&store, None, &sku, qty(2)).await.unwrap().unwrap();
    let quantity = |c: Option<app::model::Cart>| c.unwrap().lines.iter().map(|l| l.quantity).sum::<u32>();
    assert_eq!(quantity(commerce.cart(&store, &cart, None).await.unwrap()), 2);

    commerce
        .put_in_cart(&store, &cart, &sku, qty(1), true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(quantity(commerce.cart(&store, &cart, None).await.unwrap()), 3);
    assert_eq!(
        commerce.put_in_cart(&store, &cart, &sku, qty(1), true).await.unwrap(),
        Err(CartError::OverStock {
            sku: sku.clone(),
            available: 3
        })
    );
    commerce
        .put_in_cart(&store, &cart, &sku, qty(1), false)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        quantity(commerce.cart(&store, &cart, None).await.unwrap()),
        1,
        "without `add` the quantity is set"
    );
}

async fn a_line_stops_at_the_quantity_limit_and_a_foreign_cart_is_not_written(db) {
    let commerce = db.commerce();
    let store = scope("apparel");
    let sku = db.apparel_sku_with_stock(500).await;

    let cart = commerce.start_cart(&store, None, &sku, qty(60)).await.unwrap().unwrap();
    assert_eq!(
        commerce.put_in_cart(&store, &cart, &sku, qty(60), true).await.unwrap(),
        Err(CartError::InvalidQuantity)
    );
    commerce
        .put_in_cart(&store, &cart, &sku, qty(39), true)
        .await
        .unwrap()
        .unwrap();

    let other = StoreScope {
        id: "other".into(),
        ..scope("apparel")
    };
    db.register_store(&other).await;
    assert_eq!(
        commerce.put_in_cart(&other, &cart, &sku, qty(1), false).await.unwrap(),
        Err(CartError::UnknownSku)
    );
    let lines = commerce.cart(&store, &cart, None).await.unwrap().unwrap().lines;
    assert_eq!(lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), [99]);
}

/// A write cancelled at any await (the router runs writes in their own task, but the
/// data layer must not rely on it) may not leave the writing connection inside a
/// transaction: every later write would fail.
async fn writes_cancelled_at_any_point_leave_the_writer_usable(db) {
    let commerce = db.commerce();
    let store = scope("apparel");
    let sku = db.apparel_sku_with_stock(500).await;
    // Many shoppers at once, each cut off after its own while: some wait for the writer,
    // some are inside their transaction, some are beginning or committing it.
    for round in 0..150u64 {
        let mut shoppers = tokio::task::JoinSet::new();
        for i in 0..32u64 {
            let (commerce, store, sku) = (commerce.clone(), store.clone(), sku.clone());
            let cut = std::time::Duration::from_micros((round * 32 + i) % 97 * 20);
            shoppers.spawn(async move {
                let _ = tokio::time::timeout(cut, commerce.start_cart(&store, None, &sku, qty(1))).await;
            });
        }
        shoppers.join_all().await;
    }
    // PostgreSQL's pool drops the connections cut mid-query and opens new ones; until
    // the server has caught up a write may answer "unavailable" (the 503), never fail
    // for good.
    for _ in 0..50 {
        match commerce.start_cart(&store, None, &sku, qty(1)).await {
            Err(app::commerce::CommerceError::Unavailable { .. }) => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await
            }
            other => {
                other.unwrap().unwrap();
                break;
            }
        }
    }
    let cart = commerce.start_cart(&store, None, &sku, qty(1)).await.unwrap().unwrap();
    commerce
        .put_in_cart(&store, &cart, &sku, qty(2), false)
        .await
        .unwrap()
        .unwrap();
}
}

/// A cart holds a bounded number of different products; more quantity of one it holds
/// is still fine, and abandoned guest carts are swept away while customers' stay.
#[tokio::test]
async fn a_cart_holds_at_most_the_line_limit_and_old_guest_carts_are_swept() {
    let db = common::db().await;
    let commerce = SqliteCommerce::new(db.pool.clone());
    let store = scope("apparel");
    let limit = app::model::MAX_CART_LINES as i64;
    sqlx::query("UPDATE variants SET stock = 100")
        .execute(&db.pool)
        .await
        .unwrap();
    let skus: Vec<String> = sqlx::query_scalar(
        "SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id
          WHERE p.catalog_id = 'apparel' ORDER BY v.id LIMIT ?",
    )
    .bind(limit + 1)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let cart = commerce
        .start_cart(&store, None, &skus[0], qty(1))
        .await
        .unwrap()
        .unwrap();
    for sku in &skus[1..limit as usize] {
        assert_eq!(
            commerce.put_in_cart(&store, &cart, sku, qty(1), true).await.unwrap(),
            Ok(())
        );
    }
    assert_eq!(
        commerce
            .put_in_cart(&store, &cart, &skus[limit as usize], qty(1), true)
            .await
            .unwrap(),
        Err(CartError::TooManyLines)
    );
    assert_eq!(
        commerce
            .put_in_cart(&store, &cart, &skus[0], qty(2), true)
            .await
            .unwrap(),
        Ok(())
    );

    sqlx::query("UPDATE carts SET updated_at = unixepoch() - 16 * 86400")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        commerce
            .delete_abandoned_carts(std::time::Duration::from_secs(15 * 86400))
            .await
            .unwrap(),
        1
    );
    let carts: i64 = sqlx::query_scalar("SELECT count(*) FROM carts")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(carts, 0);
}
