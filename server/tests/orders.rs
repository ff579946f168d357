//! Orders through the data layer: contention for the last items, and stores that share
//! the database but never each other's carts and orders.

#[macro_use]
mod common;

use std::time::Instant;

use app::commerce::{NewOrder, StoreScope};
use app::model::{
    Address, Authorization, CartError, CartId, Coupon, CouponKind, Email, Money, OrderError, PaymentMethod, Quantity,
    Settlement, Totals,
};
use common::EitherDb;

fn scope(id: &str) -> StoreScope {
    common::scope(id, "apparel", "USD")
}

async fn last_items(db: &EitherDb, k: i64) -> (String, Money) {
    let sku = db.apparel_sku_with_stock(k).await;
    let amount = db
        .number(&format!(
            "SELECT pr.amount FROM prices pr JOIN variants v ON v.id = pr.variant_id
              WHERE v.sku = '{sku}' AND pr.currency = 'USD'"
        ))
        .await;
    (sku, Money::new(amount, scope("default").currency))
}

fn order(cart: &CartId, key: String, amount: Money) -> NewOrder {
    order_with(cart, key, amount, None)
}

fn order_with(cart: &CartId, key: String, amount: Money, coupon: Option<&Coupon>) -> NewOrder {
    let totals = Totals::compute(
        amount.currency,
        &[(amount, 1)],
        coupon,
        Money::new(0, amount.currency),
        0,
        false,
    )
    .unwrap();
    NewOrder {
        cart: cart.clone(),
        key,
        customer: None,
        email: Email::parse("buyer@example.com").unwrap(),
        address: Address {
            name: "Buyer".into(),
            line1: "1 Main St".into(),
            line2: String::new(),
            postcode: "10001".into(),
            city: "New York".into(),
            country: "US".into(),
        },
        shipping_method: "standard".into(),
        payment: Authorization {
            method: PaymentMethod::Invoice,
            reference: "invoice".into(),
            amount_minor: totals.total.minor,
            settlement: Settlement::Authorized,
        },
    }
}

on_both_databases! {
async fn n_buyers_of_the_last_k_items_make_exactly_k_orders(db) {
    const N: usize = 24;
    const K: i64 = 5;
    let store = scope("default");
    let commerce = db.commerce();
    let (sku, price) = last_items(&db, K).await;
    // With a coupon, so its check inside the order's transaction runs under contention too.
    let coupon = Coupon {
        code: "WELCOME10".into(),
        kind: CouponKind::Percent,
        amount: 10,
    };
    let mut carts = Vec::new();
    for _ in 0..N {
        let cart = commerce.create_cart(&store, None).await.unwrap();
        commerce
            .put_in_cart(&store, &cart, &sku, Quantity::parse(1).unwrap(), true)
            .await
            .unwrap()
            .unwrap();
        commerce
            .apply_coupon(&store, &cart, &coupon.code)
            .await
            .unwrap()
            .unwrap();
        carts.push(cart);
    }
    let started = Instant::now();
    let tasks: Vec<_> = carts
        .into_iter()
        .enumerate()
        .map(|(i, cart)| {
            let (commerce, store) = (commerce.clone(), store.clone());
            let new = order_with(&cart, format!("key-{i}"), price, Some(&coupon));
            tokio::spawn(async move { commerce.place_order(&store, &new).await })
        })
        .collect();
    let mut placed = 0;
    let mut refused = 0;
    for t in tasks {
        match t.await.unwrap().unwrap() {
            Ok(_) => placed += 1,
            Err(OrderError::Cart(CartError::OverStock { .. })) => refused += 1,
            Err(e) => panic!("unexpected refusal: {e}"),
        }
    }
    println!(
        "{N} buyers for the last {K} items: {placed} orders, {refused} refused, in {:?}",
        started.elapsed()
    );
    assert_eq!(placed, K);
    assert_eq!(refused, N as i64 - K);
    assert_eq!(db.stock(&sku).await, 0);
    assert_eq!(db.number("SELECT count(*) FROM orders").await, K);
    // Refused buyers keep their carts as they were.
    assert_eq!(db.number("SELECT count(*) FROM cart_lines").await, N as i64 - K);
}

async fn carts_and_orders_of_one_store_are_invisible_to_another(db) {
    let (home, other) = (scope("default"), scope("other"));
    db.register_store(&other).await;
    let commerce = db.commerce();
    let (sku, price) = last_items(&db, 3).await;
    let cart = commerce.create_cart(&home, None).await.unwrap();
    let one = Quantity::parse(1).unwrap();
    commerce
        .put_in_cart(&home, &cart, &sku, one, true)
        .await
        .unwrap()
        .unwrap();

    assert_eq!(commerce.cart(&other, &cart, None).await.unwrap(), None);
    assert_eq!(
        commerce.put_in_cart(&other, &cart, &sku, one, true).await.unwrap(),
        Err(CartError::UnknownSku),
        "another store cannot write to this cart"
    );
    commerce.remove_from_cart(&other, &cart, &sku).await.unwrap();
    assert_eq!(commerce.cart(&home, &cart, None).await.unwrap().unwrap().lines.len(), 1);
    assert!(matches!(
        commerce
            .place_order(&other, &order(&cart, "k".into(), price))
            .await
            .unwrap(),
        Err(OrderError::Cart(CartError::EmptyCart))
    ));

    let placed = commerce
        .place_order(&home, &order(&cart, "k".into(), price))
        .await
        .unwrap()
        .unwrap();
    assert!(commerce.order(&home, &placed.number, None).await.unwrap().is_some());
    assert!(commerce.order(&other, &placed.number, None).await.unwrap().is_none());
    // Placing again with the same key finds the first order.
    let again = commerce
        .place_order(&home, &order(&cart, "k".into(), price))
        .await
        .unwrap()
        .unwrap();
    assert!(again.existing && again.number == placed.number);
}
}
