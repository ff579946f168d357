//! Transactional email through a real SMTP server (aiosmtpd, in its own process): what
//! arrives after an order and a registration, per store; mail that waits for a server
//! that is down at first and loses nothing; `.eml` files without SMTP.

#[macro_use]
mod common;

use std::time::Duration;

use app::store::STORE;
use common::browser::{checkout, location, Shopper};
use common::smtp::SmtpServer;
use mail_parser::MessageParser;
use server::mail::{Delivery, MailSettings};

/// Mail over `url`, retried quickly: a test waits seconds, not minutes.
fn over(url: String) -> MailSettings {
    let mut settings = MailSettings::with(Delivery::Smtp(url));
    settings.first_retry = Duration::from_millis(300);
    settings.poll = Duration::from_millis(100);
    settings
}

/// A message as its reader sees it.
#[derive(Debug)]
struct Mail {
    to: String,
    from: String,
    subject: String,
    text: String,
    html: String,
}

fn read(raw: &[u8]) -> Mail {
    let m = MessageParser::default().parse(raw).expect("a message");
    assert_eq!(
        (m.text_body_count(), m.html_body_count()),
        (1, 1),
        "multipart: text and HTML"
    );
    let address = |a: Option<&mail_parser::Address>| {
        a.and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string()
    };
    Mail {
        to: address(m.to()),
        from: address(m.from()),
        subject: m.subject().unwrap_or_default().to_string(),
        text: m.body_text(0).unwrap_or_default().into_owned(),
        html: m.body_html(0).unwrap_or_default().into_owned(),
    }
}

async fn register(s: &mut Shopper<'_>, email: &str) {
    let form = format!(
        "name=Ada+Lovelace&email={}&password=correct+horse+battery",
        email.replace('@', "%40")
    );
    let page = s.submit("/api/register", &form, "/account/register").await;
    assert!(page.status.is_redirection(), "{}", page.status);
}

on_both_databases! {
async fn an_order_is_confirmed_by_email_once(db) {
    let smtp = SmtpServer::start().await;
    let app = db.app_with_mail(over(smtp.url())).await;
    let mut s = Shopper::new(&app);
    let sku = db.apparel_sku_with_stock(5).await;
    s.post("/api/cart-add", &format!("sku={sku}&quantity=2")).await;
    let key = checkout(&mut s, "payment=invoice").await.expect("details accepted");
    let placed = s.submit("/api/place-order", &format!("key={key}"), "/checkout/review").await;
    let number = location(&placed).trim_start_matches("/order/").split('?').next().unwrap().to_string();

    let mail = read(&smtp.wait_for(1).await[0]);
    assert_eq!(mail.to, "guest@example.com");
    assert!(mail.from.starts_with("shop@"), "{}", mail.from);
    assert!(mail.subject.contains(&number) && mail.subject.contains(STORE.name), "{}", mail.subject);
    let order = db.commerce().order(&STORE.scope().unwrap(), &number, None).await.unwrap().unwrap().0;
    let total = STORE.format_money(&order.totals.total);
    let link = format!("{}/order/lookup?number={number}", STORE.base_url);
    for body in [&mail.text, &mail.html] {
        assert!(body.contains(&number), "{body}");
        assert!(body.contains(&total), "the total, {total}, as the store writes money: {body}");
        assert!(body.contains(&link), "a guest's link to the order lookup: {body}");
        assert!(body.contains("San Francisco 94107"), "the address as the US writes it: {body}");
    }
    assert!(mail.text.contains(&order.lines[0].product_name));

    // The same order key again: the same order, no second confirmation.
    s.submit("/api/place-order", &format!("key={key}"), "/checkout/review").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(smtp.received().len(), 1);
}

async fn registering_sends_a_welcome(db) {
    let smtp = SmtpServer::start().await;
    let app = db.app_with_mail(over(smtp.url())).await;
    let mut s = Shopper::new(&app);
    register(&mut s, "ada@example.com").await;
    let mail = read(&smtp.wait_for(1).await[0]);
    assert_eq!(mail.to, "ada@example.com");
    assert!(mail.subject.contains(STORE.name), "{}", mail.subject);
    assert!(mail.text.contains("Ada Lovelace"));
    assert!(mail.html.contains(&format!("href=\"{}/\"", STORE.base_url)), "{}", mail.html);
}

async fn mail_waits_for_a_server_that_is_down_and_none_is_lost(db) {
    let port = common::free_port();
    let app = db.app_with_mail(over(format!("smtp://127.0.0.1:{port}"))).await;
    let mut s = Shopper::new(&app);
    for who in ["one", "two"] {
        register(&mut s, &format!("{who}@example.com")).await;
        s.submit("/api/sign-out", "", "/account").await;
    }
    // Both registrations stand; their mail has been tried and waits.
    let started = std::time::Instant::now();
    while db.number("SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND sent_at IS NULL").await < 2 {
        assert!(started.elapsed() < Duration::from_secs(20), "no attempt was made");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(db.number("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL").await, 0);

    let smtp = SmtpServer::start_on(port).await;
    let mut to: Vec<String> = smtp.wait_for(2).await.iter().map(|raw| read(raw).to).collect();
    to.sort();
    assert_eq!(to, ["one@example.com", "two@example.com"]);
    let started = std::time::Instant::now();
    while db.number("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").await < 2 {
        assert!(started.elapsed() < Duration::from_secs(10), "sent messages are marked sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.received().len(), 2, "each message sent once");
}

async fn mail_that_keeps_failing_is_given_up_with_its_reason(db) {
    let mut settings = over(format!("smtp://127.0.0.1:{}", common::free_port()));
    settings.first_retry = Duration::from_millis(1);
    settings.max_retry = Duration::from_millis(1);
    let app = db.app_with_mail(settings).await;
    let mut s = Shopper::new(&app);
    register(&mut s, "nowhere@example.com").await;
    let started = std::time::Instant::now();
    while db.number("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL").await < 1 {
        assert!(started.elapsed() < Duration::from_secs(30), "still trying: {}", db.number("SELECT CAST(MAX(attempts) AS BIGINT) FROM outbox").await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reason = db.text("SELECT last_error FROM outbox WHERE failed_at IS NOT NULL").await;
    assert!(reason.starts_with(&format!("given up after {} attempts", server::mail::MAX_ATTEMPTS)), "{reason}");
    let attempts = db.number("SELECT CAST(attempts AS BIGINT) FROM outbox WHERE failed_at IS NOT NULL").await;
    assert_eq!(attempts, i64::from(server::mail::MAX_ATTEMPTS));
}

async fn sent_and_given_up_mail_is_pruned_and_waiting_mail_kept(db) {
    let now = server::mail::now_ms();
    let hour = 3_600_000;
    for (subject, sent, failed) in [("sent", Some(now - 2 * hour), None), ("recent", Some(now - 1000), None), ("failed", None, Some(now - 31 * 24 * hour)), ("waiting", None, None)] {
        let at = |t: Option<i64>| t.map_or("NULL".to_string(), |t| t.to_string());
        db.execute(&format!(
            "INSERT INTO outbox (store, recipient, subject, text_body, html_body, created_at, next_attempt_at, sent_at, failed_at)
             VALUES ('{}', 'a@example.com', '{subject}', 'body', 'body', {now}, {now}, {}, {})",
            STORE.id, at(sent), at(failed)
        ))
        .await
        .unwrap();
    }
    let pruned = server::mail::SqlOutbox::new(db.database.clone()).prune(now - hour, now - 30 * 24 * hour).await.unwrap();
    assert_eq!(pruned, 2);
    assert_eq!(db.texts("SELECT subject FROM outbox ORDER BY subject").await, ["recent", "waiting"]);
}

async fn without_smtp_each_message_is_an_eml_file(db) {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = MailSettings::with(Delivery::Files(dir.path().to_path_buf()));
    settings.poll = Duration::from_millis(100);
    let app = db.app_with_mail(settings).await;
    let mut s = Shopper::new(&app);
    register(&mut s, "files@example.com").await;
    let started = std::time::Instant::now();
    let file = loop {
        let found = std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "eml"));
        if let Some(file) = found {
            break file;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "no .eml file");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(read(&std::fs::read(file).unwrap()).to, "files@example.com");
}
}
