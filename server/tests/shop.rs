//! Cart, checkout and orders through the router, as a browser without JavaScript
//! (form posts, redirects, a session cookie) and as the app's fetches; and placing
//! orders through the data layer under contention.

#[macro_use]
mod common;

use axum::http::{header, StatusCode};
use common::browser::{checkout, location, Shopper, DETAILS};

on_both_databases! {
async fn cart_lines_change_and_bad_quantities_are_refused(app, db) {
    let (sku, stock) = db.sku_with_stock(5).await;
    let mut s = Shopper::new(&app);
    assert_eq!(s.count().await, 0);
    // A first line that is refused leaves no cart behind.
    assert_eq!(
        s.post("/api/cart-add", "sku=NO-SUCH-SKU&quantity=1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(db.number("SELECT count(*) FROM carts").await, 0);

    let added = s.post("/api/cart-add", &format!("sku={sku}&quantity=2")).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    s.post("/api/cart-add", &format!("sku={}&quantity=1", sku.to_lowercase()))
        .await;
    assert_eq!(s.count().await, 3, "adding the same SKU adds to its line");

    for (qty, status) in [("0", 422), ("-1", 422), ("100", 422)] {
        let res = s.post("/api/cart-add", &format!("sku={sku}&quantity={qty}")).await;
        assert_eq!(res.status.as_u16(), status, "quantity {qty}: {}", res.body);
        assert!(res.body.contains("from 1 to 99"), "{}", res.body);
    }
    let res = s.post("/api/cart-add", &format!("sku={sku}&quantity=lots")).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = s
        .post("/api/cart-update", &format!("sku={sku}&quantity={}", stock + 1))
        .await;
    if stock < 99 {
        assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
        assert!(res.body.contains(&format!("only {stock} in stock")), "{}", res.body);
    }
    let res = s.post("/api/cart-add", "sku=NO-SUCH-SKU&quantity=1").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // An electronics SKU is not sold in the apparel store.
    let foreign = db
        .text("SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.catalog_id = 'electronics' LIMIT 1")
        .await;
    assert_eq!(
        s.post("/api/cart-add", &format!("sku={foreign}&quantity=1"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.count().await, 3, "refused changes change nothing");

    s.post("/api/cart-update", &format!("sku={sku}&quantity=1")).await;
    assert_eq!(s.count().await, 1);
    let page = s.get("/cart").await;
    assert!(
        page.body.contains(&format!("data-sku=\"{sku}\"")),
        "cart page lists the line"
    );
    s.post("/api/cart-remove", &format!("sku={sku}")).await;
    assert_eq!(s.count().await, 0);
    assert!(s.get("/cart").await.body.contains("data-testid=\"cart-empty\""));
}

async fn coupons_are_checked_per_store_and_date(app, db) {
    let (sku, _) = db.sku_with_stock(1).await;
    db.execute("INSERT INTO stores (id, catalog_id, currency) VALUES ('other', 'apparel', 'USD')")
        .await
        .unwrap();
    db.execute("INSERT INTO coupons (store_id, code, kind, amount, starts_at, ends_at) VALUES ('other', 'OTHER50', 'percent', 50, 0, 4102444800)")
        .await
        .unwrap();
    let mut s = Shopper::new(&app);
    s.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    for (code, status, message) in [
        ("SPRING20", StatusCode::UNPROCESSABLE_ENTITY, "expired"),
        ("NOPE", StatusCode::NOT_FOUND, "not valid in this store"),
        ("OTHER50", StatusCode::NOT_FOUND, "not valid in this store"),
    ] {
        let res = s.post("/api/cart-coupon", &format!("code={code}")).await;
        assert_eq!(res.status, status, "{code}");
        assert!(res.body.contains(message), "{code}: {}", res.body);
    }
    assert!(!s.get("/cart").await.body.contains("data-testid=\"discount\""));
    let ok = s.post("/api/cart-coupon", "code=welcome10").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let cart = s.get("/cart").await.body;
    assert!(
        cart.contains("data-testid=\"discount\"") && cart.contains("WELCOME10"),
        "discount missing"
    );
}

async fn a_guest_buys_once_even_when_submitting_twice(app, db) {
    let (sku, stock) = db.sku_with_stock(3).await;
    let mut s = Shopper::new(&app);
    s.submit("/api/cart-add", &format!("sku={sku}&quantity=2"), "/p/x")
        .await;
    s.post("/api/cart-coupon", "code=WELCOME10").await;
    let key = checkout(&mut s, "payment=invoice").await.expect("checkout accepted");

    let placed = s
        .submit("/api/place-order", &format!("key={key}"), "/checkout/review")
        .await;
    let at = location(&placed);
    assert!(at.starts_with("/order/DEFAULT-"), "{at}");
    let number = at.trim_start_matches("/order/").to_string();
    let again = s
        .submit("/api/place-order", &format!("key={key}"), "/checkout/review")
        .await;
    assert_eq!(location(&again), format!("/order/{number}?again=1"));

    assert_eq!(db.number("SELECT count(*) FROM orders").await, 1, "a double submit places one order");
    assert_eq!(db.stock(&sku).await, stock - 2);
    assert_eq!(s.count().await, 0, "the cart is empty after the order");

    let page = s.get(&at).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&number) && page.body.contains("Grace Hopper"));
    // The order is a snapshot: totals as placed, the coupon and the line.
    let subtotal = db.number("SELECT subtotal FROM orders").await;
    let discount = db.number("SELECT discount FROM orders").await;
    let total = db.number("SELECT total FROM orders").await;
    assert_eq!(discount, (subtotal + 5) / 10);
    assert!(total > subtotal - discount, "shipping and sales tax are added");
    assert!(db.execute("UPDATE orders SET total = 0").await.is_err(), "orders are immutable");

    // Someone else, or nobody, cannot see it.
    let mut stranger = Shopper::new(&app);
    assert_eq!(stranger.get(&at).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        stranger.get(&format!("/account/orders/{number}")).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn declined_cards_and_bad_details_save_no_order(app, db) {
    let (sku, stock) = db.sku_with_stock(1).await;
    let mut s = Shopper::new(&app);
    s.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;

    let declined = s
        .post(
            "/api/checkout-save",
            &format!("{DETAILS}&payment=card&card=4000+0000+0000+0002"),
        )
        .await;
    assert_eq!(declined.status.as_u16(), 402, "{}", declined.body);
    assert!(declined.body.contains("declined"));
    let invalid = s
        .post("/api/checkout-save", &format!("{DETAILS}&payment=card&card=1234"))
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_email = s
        .post(
            "/api/checkout-save",
            &format!("{}&payment=invoice", DETAILS.replace("guest%40example.com", "guest")),
        )
        .await;
    assert_eq!(bad_email.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_postcode = s
        .post(
            "/api/checkout-save",
            &format!("{}&payment=invoice", DETAILS.replace("94107", "9410")),
        )
        .await;
    assert_eq!(bad_postcode.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_postcode.body.contains("postcode"), "{}", bad_postcode.body);
    // Placing without accepted details is refused too.
    let early = s.post("/api/place-order", "key=made-up").await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Without JavaScript the form comes back with the message and what was typed.
    let back = s
        .submit(
            "/api/checkout-save",
            &format!("{}&payment=invoice", DETAILS.replace("94107", "9410")),
            "/checkout",
        )
        .await;
    let form = s.get(&location(&back)).await.body;
    assert!(
        form.contains("role=\"alert\"") && form.contains("Grace Hopper"),
        "form not refilled"
    );

    assert_eq!(db.number("SELECT count(*) FROM orders").await, 0);
    assert_eq!(db.stock(&sku).await, stock);

    let key = checkout(&mut s, "payment=card&card=4242424242424242")
        .await
        .expect("a valid card");
    let placed = s
        .submit("/api/place-order", &format!("key={key}"), "/checkout/review")
        .await;
    assert!(location(&placed).starts_with("/order/"));
}

async fn customers_keep_their_cart_and_see_only_their_orders(app, db) {
    let (sku, _) = db.sku_with_stock(2).await;
    let mut ada = Shopper::new(&app);
    ada.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    assert!(ada.has_cookie("cart-default"), "{:?}", ada.cookies);
    assert!(!ada.has_cookie("session-default"), "a guest's cart needs no session");
    ada.post(
        "/api/register",
        "name=Ada&email=ada%40shop.example&password=analytical+engine",
    )
    .await;
    assert!(!ada.has_cookie("cart-default"), "the customer's cart is in the session");
    assert_eq!(ada.count().await, 1, "the guest cart became the customer's");
    let key = checkout(&mut ada, "payment=invoice").await.expect("checkout");
    let number = location(
        &ada.submit("/api/place-order", &format!("key={key}"), "/checkout/review")
            .await,
    )
    .trim_start_matches("/order/")
    .to_string();
    let account = ada.get("/account").await.body;
    assert!(
        account.contains(&format!("/account/orders/{number}")),
        "order history lists it"
    );
    assert_eq!(
        ada.get(&format!("/account/orders/{number}")).await.status,
        StatusCode::OK
    );

    // Signing out forgets the cart; signing in brings it back.
    ada.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    ada.post("/api/sign-out", "").await;
    assert_eq!(ada.count().await, 0);
    ada.post("/api/sign-in", "email=ada%40shop.example&password=analytical+engine")
        .await;
    assert_eq!(ada.count().await, 1);

    let mut bob = Shopper::new(&app);
    bob.post(
        "/api/register",
        "name=Bob&email=bob%40shop.example&password=difference+engine",
    )
    .await;
    assert_eq!(
        bob.get(&format!("/account/orders/{number}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(bob.get(&format!("/order/{number}")).await.status, StatusCode::NOT_FOUND);
    assert!(!bob.get("/account").await.body.contains(&number));
}

async fn a_guest_cart_is_held_by_a_signed_cookie_without_a_session(app, db) {
    let (sku, _) = db.sku_with_stock(3).await;
    let mut guest = Shopper::new(&app);
    guest.post("/api/cart-add", &format!("sku={sku}&quantity=2")).await;
    assert_eq!(guest.count().await, 2);
    assert_eq!(db.sessions().await, 0, "no session row for a guest's cart");

    // Another guest's cart id under this guest's signature is no cart at all.
    let mut other = Shopper::new(&app);
    other.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    let theirs = other.cookies["cart-default"].clone();
    let mine = guest.cookies["cart-default"].clone();
    // A signed value is the signature (44 characters of base64) followed by the value.
    assert_ne!(theirs[44..], mine[44..]);
    let forged = format!("{}{}", &mine[..44], &theirs[44..]);
    let mut thief = Shopper::new(&app);
    thief.cookies.insert("cart-default".into(), forged);
    assert_eq!(thief.count().await, 0);
    thief.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    assert_eq!(other.count().await, 1, "the forged cookie did not reach the other cart");
    assert_eq!(thief.count().await, 1, "the thief got a cart of their own");
}

async fn the_address_book_answers_only_its_customer(app, db) {
    const HOME: &str = "name=Ada&line1=1+Main+St&line2=&postcode=10001&city=New+York&country=US";
    let mut guest = Shopper::new(&app);
    assert_eq!(
        guest.post("/api/address-save", HOME).await.status,
        StatusCode::UNAUTHORIZED
    );

    let mut ada = Shopper::new(&app);
    ada.post(
        "/api/register",
        "name=Ada&email=ada%40book.example&password=analytical+engine",
    )
    .await;
    let bad = ada.post("/api/address-save", &HOME.replace("10001", "1")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = ada.submit("/api/address-save", HOME, "/account/addresses").await;
    assert_eq!(location(&saved), "/account/addresses");
    let book = ada.get("/account/addresses").await.body;
    assert!(
        book.contains("data-default=\"true\"") && book.contains("New York"),
        "saved as the default"
    );
    let id: String = book
        .split("/account/addresses/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    // The default address fills in the checkout.
    let (sku, _) = db.sku_with_stock(1).await;
    ada.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    assert!(
        ada.get("/checkout").await.body.contains("value=\"1 Main St\""),
        "checkout not filled in"
    );

    let mut bob = Shopper::new(&app);
    bob.post(
        "/api/register",
        "name=Bob&email=bob%40book.example&password=difference+engine",
    )
    .await;
    assert_eq!(
        bob.post("/api/address-delete", &format!("id={id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.post("/api/address-save", &format!("id={id}&{HOME}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.get(&format!("/account/addresses/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        ada.get(&format!("/account/addresses/{id}")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        ada.post("/api/address-delete", &format!("id={id}")).await.status,
        StatusCode::OK
    );
}

async fn pages_about_one_shopper_are_never_stored(app, db) {
    let mut s = Shopper::new(&app);
    for uri in [
        "/cart",
        "/checkout",
        "/account",
        "/account/addresses",
        "/order/DEFAULT-000001",
        "/api/cart-count",
        "/api/cart",
    ] {
        let page = s.get(uri).await;
        assert_eq!(page.headers[header::CACHE_CONTROL], "private, no-store", "{uri}");
    }
    let home = s.get("/").await;
    assert_ne!(
        home.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()),
        Some("private, no-store")
    );
}
}
