//! "Forgot your password?" through the router and a real SMTP server: the same answer
//! for any email, a link that works once and expires, that cannot be forged, and a new
//! password that ends the customer's other sessions.

#[macro_use]
mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::browser::{location, Shopper};
use common::smtp::SmtpServer;
use mail_parser::MessageParser;
use server::mail::{Delivery, MailSettings};

fn over(url: String) -> MailSettings {
    let mut settings = MailSettings::with(Delivery::Smtp(url));
    settings.poll = Duration::from_millis(100);
    settings
}

async fn register(s: &mut Shopper<'_>, email: &str, password: &str) {
    let form = format!("name=Ada&email={}&password={password}", email.replace('@', "%40"));
    assert!(s
        .submit("/api/register", &form, "/account/register")
        .await
        .status
        .is_redirection());
}

async fn signed_in(s: &mut Shopper<'_>) -> bool {
    s.get("/api/customer").await.body.trim() != "null"
}

/// The token of the reset link in a message.
fn token(raw: &[u8]) -> String {
    let m = MessageParser::default().parse(raw).unwrap();
    let text = m.body_text(0).unwrap().into_owned();
    let at = text.find("/account/reset?token=").expect("a reset link") + "/account/reset?token=".len();
    text[at..]
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap()
        .to_string()
}

async fn forgot(s: &mut Shopper<'_>, email: &str) -> String {
    let page = s
        .submit(
            "/api/password-forgot",
            &format!("email={}", email.replace('@', "%40")),
            "/account/forgot",
        )
        .await;
    assert!(page.status.is_redirection(), "{}", page.status);
    location(&page)
}

on_both_databases! {
async fn a_reset_link_sets_a_new_password_once(db) {
    let smtp = SmtpServer::start().await;
    let app = db.app_with_mail(over(smtp.url())).await;
    let mut owner = Shopper::new(&app);
    register(&mut owner, "reset@example.com", "the+old+password").await;
    smtp.wait_for(1).await; // the welcome

    // Another browser of the same customer stays signed in until the password changes.
    let mut other = Shopper::new(&app);
    other.submit("/api/sign-in", "email=reset%40example.com&password=the+old+password", "/account/sign-in").await;
    assert!(signed_in(&mut other).await);

    let mut s = Shopper::new(&app);
    assert_eq!(forgot(&mut s, "reset@example.com").await, "/account/forgot?sent=1");
    assert_eq!(forgot(&mut s, "nobody@example.com").await, "/account/forgot?sent=1", "the same answer");
    let mails = smtp.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 2, "no mail for an email without an account");
    let link = mails.iter().map(|m| m.as_slice()).find(|m| String::from_utf8_lossy(m).contains("token=")).map(token).unwrap();

    let page = s.get(&format!("/account/reset?token={link}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data-testid=\"reset-form\""));

    // A password that is refused does not use the link up.
    let weak = s.post("/api/password-reset", &format!("token={link}&password=short")).await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = s.submit("/api/password-reset", &format!("token={link}&password=a+brand+new+secret"), "/account/reset").await;
    assert_eq!(location(&done), "/account?reset=1");
    assert!(signed_in(&mut s).await, "the browser that reset is signed in");
    assert!(!signed_in(&mut other).await, "every other session has ended");
    assert!(!signed_in(&mut owner).await, "the session that registered too");

    let again = s.post("/api/password-reset", &format!("token={link}&password=yet+another+secret")).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a link works once");
    let page = s.get(&format!("/account/reset?token={link}")).await;
    assert!(page.body.contains("data-testid=\"reset-invalid\""));

    let mut fresh = Shopper::new(&app);
    let old = fresh.post("/api/sign-in", "email=reset%40example.com&password=the+old+password").await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = fresh.post("/api/sign-in", "email=reset%40example.com&password=a+brand+new+secret").await;
    assert!(new.status.is_success() || new.status.is_redirection(), "{}", new.status);
}

async fn a_session_from_before_a_reset_reaches_no_cart_of_the_customer(db) {
    let smtp = SmtpServer::start().await;
    let app = db.app_with_mail(over(smtp.url())).await;
    let (sku, _) = db.sku_with_stock(5).await;
    let mut stale = Shopper::new(&app);
    register(&mut stale, "carts@example.com", "the+old+password").await;
    smtp.wait_for(1).await;
    stale.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
    assert_eq!(stale.get("/api/cart-count").await.body.trim(), "1");

    let mut s = Shopper::new(&app);
    forgot(&mut s, "carts@example.com").await;
    let mails = smtp.wait_for(2).await;
    let link = mails.iter().map(|m| m.as_slice()).find(|m| String::from_utf8_lossy(m).contains("token=")).map(token).unwrap();
    let done = s.submit("/api/password-reset", &format!("token={link}&password=a+brand+new+secret"), "/account/reset").await;
    assert_eq!(location(&done), "/account?reset=1");
    assert_eq!(s.get("/api/cart-count").await.body.trim(), "1", "the customer's cart is theirs after the reset");

    // The old session asks for the cart first, before anything that reads the customer.
    assert_eq!(stale.get("/api/cart-count").await.body.trim(), "0", "the old session no longer reads the customer's cart");
    assert!(!stale.get("/api/cart").await.body.contains(&sku));
    stale.post("/api/cart-add", &format!("sku={sku}&quantity=2")).await;
    assert_eq!(s.get("/api/cart-count").await.body.trim(), "1", "nor changes it");
    assert!(!signed_in(&mut stale).await);
}

async fn links_expire_cannot_be_forged_and_are_not_sent_twice_a_minute(db) {
    let smtp = SmtpServer::start().await;
    let app = db.app_with_mail(over(smtp.url())).await;
    let mut s = Shopper::new(&app);
    register(&mut s, "expiry@example.com", "the+old+password").await;
    s.submit("/api/sign-out", "", "/account").await;
    forgot(&mut s, "expiry@example.com").await;
    forgot(&mut s, "expiry@example.com").await;
    let mails = smtp.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 2, "a welcome and one link: the second request within a minute sends none");
    let link = mails.iter().map(|m| m.as_slice()).find(|m| String::from_utf8_lossy(m).contains("token=")).map(token).unwrap();

    let (nonce, signature) = link.split_once('.').unwrap();
    let forged = [
        format!("{}.{signature}", nonce.chars().rev().collect::<String>()),
        format!("{nonce}.AAAAAAAAAAAAAAAAAAAAAA"),
        "not-a-token".to_string(),
        String::new(),
    ];
    for token in forged {
        let page = s.post("/api/password-reset", &format!("token={token}&password=a+brand+new+secret")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{token}");
    }

    db.execute("UPDATE password_resets SET expires_at = 0").await.unwrap();
    let late = s.post("/api/password-reset", &format!("token={link}&password=a+brand+new+secret")).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "an expired link");
    let old = s.post("/api/sign-in", "email=expiry%40example.com&password=the+old+password").await;
    assert!(old.status.is_success() || old.status.is_redirection(), "the password is unchanged: {}", old.status);

    let bad = s.post("/api/password-forgot", "email=not-an-email").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}
}
