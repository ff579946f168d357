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

async fn cancelling_a_back_ordered_order_puts_back_only_what_it_took(app, db) {
    let sku = db.apparel_sku_with_stock(1).await;
    db.execute(&format!("UPDATE variants SET backorder = TRUE WHERE sku = '{sku}'")).await.unwrap();
    let mut s = Shopper::new(&app);
    s.post("/api/cart-add", &format!("sku={sku}&quantity=3")).await;
    let key = checkout(&mut s, "payment=invoice").await.expect("details accepted");
    let placed = s.submit("/api/place-order", &format!("key={key}"), "/checkout/review").await;
    let number = location(&placed).trim_start_matches("/order/").split('?').next().unwrap().to_string();
    assert_eq!(db.stock(&sku).await, 0, "one from the shelf, two back-ordered");
    move_on(&db.database, &number, OrderStatus::Cancelled).await.unwrap();
    assert_eq!(db.stock(&sku).await, 1, "the one unit taken goes back; the two never existed");
}

async fn a_guest_finds_an_order_by_number_email_and_postcode(app, db) {
    let mut buyer = Shopper::new(&app);
    let (number, _) = guest_order(&mut buyer, &db, 1).await;

    let mut other = Shopper::new(&app);
    assert_eq!(other.get(&format!("/order/{number}")).await.status, StatusCode::NOT_FOUND, "not without the details");
    let wrong_email = other.post("/api/order-lookup", &format!("number={number}&email=someone%40example.com&postcode=94107")).await;
    let wrong_number = other.post("/api/order-lookup", "number=NO-SUCH-1&email=guest%40example.com&postcode=94107").await;
    let email_alone = other.post("/api/order-lookup", &format!("number={number}&email=guest%40example.com&postcode=")).await;
    let wrong_postcode = other.post("/api/order-lookup", &format!("number={number}&email=guest%40example.com&postcode=10115")).await;
    assert_eq!(wrong_email.status, StatusCode::NOT_FOUND);
    for answer in [&wrong_number, &email_alone, &wrong_postcode] {
        assert_eq!((wrong_email.status, &wrong_email.body), (answer.status, &answer.body), "the same answer");
    }
    assert_eq!(other.get(&format!("/order/{number}")).await.status, StatusCode::NOT_FOUND);

    let page = other.get(&format!("/order/lookup?number={number}")).await;
    assert!(page.body.contains(&format!("value=\"{number}\"")), "the email's link fills the number in");
    let found = other
        .submit("/api/order-lookup", &format!("number={number}&email=GUEST%40example.com&postcode=+94-107+"), "/order/lookup")
        .await;
    assert_eq!(location(&found), format!("/order/{number}"));
    let order = other.get(&format!("/order/{number}")).await;
    assert_eq!(order.status, StatusCode::OK);
    assert!(order.body.contains("data-status=\"placed\""));
}

async fn a_customers_order_is_not_found_by_lookup(app, db) {
    let mut customer = Shopper::new(&app);
    let registered = customer
        .submit("/api/register", "name=Ada&email=ada%40example.com&password=analytical+engine", "/account/register")
        .await;
    assert!(registered.status.is_redirection());
    let sku = db.apparel_sku_with_stock(5).await;
    customer.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    let key = checkout(&mut customer, "payment=invoice").await.expect("details accepted");
    let placed = customer.submit("/api/place-order", &format!("key={key}"), "/checkout/review").await;
    let number = location(&placed).trim_start_matches("/order/").split('?').next().unwrap().to_string();
    assert_eq!(customer.get(&format!("/order/{number}")).await.status, StatusCode::OK, "in the account");
    let email = db.text(&format!("SELECT email FROM orders WHERE number = '{number}'")).await;

    // Every detail right: still not found.
    let mut other = Shopper::new(&app);
    let email: String = form_urlencoded::byte_serialize(email.as_bytes()).collect();
    let tried = other.post("/api/order-lookup", &format!("number={number}&email={email}&postcode=94107")).await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND, "a customer's order is theirs to see, signed in");
    assert_eq!(other.get(&format!("/order/{number}")).await.status, StatusCode::NOT_FOUND);
}

async fn order_lookups_are_throttled(app, db) {
    let mut s = Shopper::new(&app);
    let mut statuses = Vec::new();
    for i in 0..25 {
        statuses.push(s.post("/api/order-lookup", &format!("number=GUESS-{i}&email=a%40example.com&postcode=1")).await.status);
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert!(!statuses.iter().any(|s| s.is_server_error()));
}
}

/// `cargo store order` is a process of its own beside the store's server: on SQLite, a
/// move that read before the server's write committed must still be able to write.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_an_order_on_waits_for_another_processes_write() {
    let db = common::EitherDb::sqlite().await;
    let app = db.app().await;
    let mut s = Shopper::new(&app);
    let (number, sku) = guest_order(&mut s, &db, 1).await;
    // The server, another process, in the middle of a write.
    let server = server::db::connect(&db.url).await.unwrap();
    let mut writing = server.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("UPDATE variants SET stock = stock + 1 WHERE sku = $1")
        .bind(&sku)
        .execute(&mut *writing)
        .await
        .unwrap();
    let database = db.database.clone();
    let moving = tokio::spawn(async move { move_on(&database, &number, OrderStatus::Paid).await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    writing.commit().await.unwrap();
    let moved = moving.await.unwrap().expect("moved on once the write was done");
    assert_eq!(moved.status, OrderStatus::Paid);
}
