//! Orders move on (`cargo store order`'s `server::orders::move_on`): a dated history on
//! the order page and in the account, the shopper emailed through the outbox, stock back
//! on cancel; and a guest's order found by number and email, the same answer for either
//! mistake, throttled.

#[macro_use]
mod common;

use app::model::{OrderStatus, StatusError};
use axum::http::StatusCode;
use common::browser::{checkout, location, Shopper};
use server::orders::move_on;

/// A guest's order of `quantity` of an in-stock SKU; its number and the SKU.
async fn guest_order(s: &mut Shopper<'_>, db: &common::EitherDb, quantity: u32) -> (String, String) {
    let sku = db.apparel_sku_with_stock(10).await;
    s.post("/api/cart-add", &format!("sku={sku}&quantity={quantity}")).await;
    let key = checkout(s, "payment=invoice").await.expect("details accepted");
    let placed = s
        .submit("/api/place-order", &format!("key={key}"), "/checkout/review")
        .await;
    let number = location(&placed)
        .trim_start_matches("/order/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    (number, sku)
}

on_both_databases! {
async fn an_order_moves_on_with_a_dated_history_and_an_email(app, db) {
    let mut s = Shopper::new(&app);
    let (number, _) = guest_order(&mut s, &db, 1).await;
    let page = s.get(&format!("/order/{number}")).await;
    assert!(page.body.contains("data-status=\"placed\""), "a new order is placed");

    let shipped = move_on(&db.database, &number, OrderStatus::Shipped).await.unwrap();
    assert_eq!(shipped.status, OrderStatus::Shipped);
    assert_eq!(shipped.history.iter().map(|c| c.status).collect::<Vec<_>>(), [OrderStatus::Placed, OrderStatus::Shipped]);
    assert!(shipped.history.windows(2).all(|w| w[0].at <= w[1].at));
    let page = s.get(&format!("/order/{number}")).await;
    assert!(page.body.contains("data-testid=\"order-status\" data-status=\"shipped\""), "the page shows it");
    assert_eq!(page.body.matches("<li data-status=").count(), 2, "two dated steps");

    let err = move_on(&db.database, &number, OrderStatus::Cancelled).await.unwrap_err().to_string();
    assert!(err.contains("cannot become cancelled"), "{err}");
    move_on(&db.database, &number, OrderStatus::Delivered).await.unwrap();
    assert!(move_on(&db.database, "NO-SUCH-ORDER", OrderStatus::Shipped).await.unwrap_err().to_string().contains(&StatusError::NotFound.to_string()));

    // Each move queued one email for the shopper, linking a guest to the lookup.
    let queued = db
        .texts(&format!("SELECT subject || '|' || recipient || '|' || text_body FROM outbox WHERE subject LIKE '%{number}%' ORDER BY id"))
        .await;
    assert_eq!(queued.len(), 3, "confirmation, shipped, delivered: {queued:?}");
    assert!(queued[1].contains("Shipped") && queued[1].contains("guest@example.com"));
    assert!(queued[2].contains("Delivered") && queued[2].contains(&format!("/order/lookup?number={number}")));
}

async fn cancelling_puts_the_stock_back(app, db) {
    let mut s = Shopper::new(&app);
    let (number, sku) = guest_order(&mut s, &db, 3).await;
    let after_order = db.stock(&sku).await;
    move_on(&db.database, &number, OrderStatus::Cancelled).await.unwrap();
    assert_eq!(db.stock(&sku).await, after_order + 3);
    let err = move_on(&db.database, &number, OrderStatus::Cancelled).await.unwrap_err().to_string();
    assert!(err.contains("cannot become cancelled"), "once: {err}");
    assert_eq!(db.stock(&sku).await, after_order + 3, "and only once");
}

async fn a_guest_finds_an_order_by_number_and_email_alone(app, db) {
    let mut buyer = Shopper::new(&app);
    let (number, _) = guest_order(&mut buyer, &db, 1).await;

    let mut other = Shopper::new(&app);
    assert_eq!(other.get(&format!("/order/{number}")).await.status, StatusCode::NOT_FOUND, "not without the email");
    let wrong_email = other.post("/api/order-lookup", &format!("number={number}&email=someone%40example.com")).await;
    let wrong_number = other.post("/api/order-lookup", "number=NO-SUCH-1&email=guest%40example.com").await;
    assert_eq!(wrong_email.status, StatusCode::NOT_FOUND);
    assert_eq!((wrong_email.status, &wrong_email.body), (wrong_number.status, &wrong_number.body), "the same answer");
    assert_eq!(other.get(&format!("/order/{number}")).await.status, StatusCode::NOT_FOUND);

    let page = other.get(&format!("/order/lookup?number={number}")).await;
    assert!(page.body.contains(&format!("value=\"{number}\"")), "the email's link fills the number in");
    let found = other
        .submit("/api/order-lookup", &format!("number={number}&email=GUEST%40example.com"), "/order/lookup")
        .await;
    assert_eq!(location(&found), format!("/order/{number}"));
    let order = other.get(&format!("/order/{number}")).await;
    assert_eq!(order.status, StatusCode::OK);
    assert!(order.body.contains("data-status=\"placed\""));
}

async fn order_lookups_are_throttled(app, db) {
    let mut s = Shopper::new(&app);
    let mut statuses = Vec::new();
    for i in 0..25 {
        statuses.push(s.post("/api/order-lookup", &format!("number=GUESS-{i}&email=a%40example.com")).await.status);
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert!(!statuses.iter().any(|s| s.is_server_error()));
}
}
