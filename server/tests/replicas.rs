//! Several replicas of store binaries against one PostgreSQL, as real processes on
//! loopback: three of `default` (this crate's binary) and one of `fashion`
//! (`FASHION_SERVER`, its release build), every shopper's requests spread across them.
//!
//! Run by `cargo store test` after the release builds, one test at a time (one of them
//! stops PostgreSQL): `POSTGRES_URL` reaches the throwaway cluster, `POSTGRES_DATA` is its
//! folder (for `pg_ctl`).

mod common;

use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::shopper::{buy, form_error, send, start_server, wait_healthy, Refusal, Shopper};
use sqlx::PgPool;

const IGNORED: &str = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`";

/// One database, four replicas started at the same moment (migrations and the first
/// seed race, and must not).
struct Replicas {
    default: Vec<(Child, u16)>,
    fashion: (Child, u16),
    pool: PgPool,
}

impl Replicas {
    async fn start() -> Replicas {
        common::log();
        let url = common::empty_postgres_url().await;
        let fashion_bin = PathBuf::from(std::env::var("FASHION_SERVER").expect(IGNORED));
        let default_bin = PathBuf::from(env!("CARGO_BIN_EXE_server"));
        let mut default = Vec::new();
        for _ in 0..3 {
            let port = common::free_port();
            default.push((start_server(&default_bin, &url, port), port));
        }
        let port = common::free_port();
        let fashion = (start_server(&fashion_bin, &url, port), port);
        for (_, port) in default.iter().chain([&fashion]) {
            wait_healthy(*port).await;
        }
        let pool = PgPool::connect(&url).await.unwrap();
        Replicas { default, fashion, pool }
    }

    fn ports(&self) -> Vec<u16> {
        self.default.iter().map(|(_, p)| *p).collect()
    }

    /// An apparel SKU (sold by both stores) with `stock` left.
    async fn sku_with_stock(&self, stock: i64) -> String {
        let sku: String = sqlx::query_scalar(
            "SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id
              WHERE p.catalog_id = 'apparel' ORDER BY v.id LIMIT 1",
        )
        .fetch_one(&self.pool)
        .await
        .unwrap();
        sqlx::query("UPDATE variants SET stock = $1 WHERE sku = $2")
            .bind(stock)
            .bind(&sku)
            .execute(&self.pool)
            .await
            .unwrap();
        sku
    }
}

impl Drop for Replicas {
    fn drop(&mut self) {
        for (child, _) in self.default.iter_mut().chain([&mut self.fashion]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn replicas_starting_together_migrate_and_seed_once() {
    let r = Replicas::start().await;
    let (products, secrets, stores): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM products), (SELECT COUNT(*) FROM secrets), (SELECT COUNT(*) FROM stores)",
    )
    .fetch_one(&r.pool)
    .await
    .unwrap();
    assert_eq!(products, 240, "seeded once");
    assert_eq!(secrets, 1, "one signing key");
    assert_eq!(stores, 2, "default and fashion");
    // A session begun on one replica is known to the others.
    let mut shopper = Shopper::default();
    let sku = r.sku_with_stock(50).await;
    let ports = r.ports();
    shopper
        .request(ports[0], "POST", "/api/cart-add", &format!("sku={sku}&quantity=2"))
        .await
        .unwrap();
    for port in &ports[1..] {
        let cart = shopper.request(*port, "GET", "/cart", "").await.unwrap();
        assert!(cart.body.contains(&sku), "the cart is seen on every replica");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn failed_sign_ins_count_across_replicas() {
    let r = Replicas::start().await;
    let ports = r.ports();
    let email = "throttled%40example.com";
    let mut shopper = Shopper::default();
    let registered = shopper
        .request(
            ports[0],
            "POST",
            "/api/register",
            &format!("name=Ada&email={email}&password=correct+horse+battery"),
        )
        .await
        .unwrap();
    assert!(registered.status / 100 == 3, "registered: {}", registered.status);
    let sign_in = |port: u16, password: &'static str| async move {
        let mut guest = Shopper::default();
        let reply = guest
            .request(
                port,
                "POST",
                "/api/sign-in",
                &format!("email={email}&password={password}"),
            )
            .await
            .unwrap();
        reply.location.unwrap_or_default()
    };
    // Five failures, no more than two on any one replica.
    for i in 0..5 {
        let refused = sign_in(ports[i % ports.len()], "wrong+password+here").await;
        assert!(refused.contains("__err="), "{refused}");
    }
    let locked = sign_in(ports[2], "correct+horse+battery").await;
    let message = form_error(&locked).unwrap_or_default();
    assert!(
        message.contains("Too many failed attempts"),
        "the fifth failure anywhere locks the email everywhere: {locked} {message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn fifty_buyers_of_the_last_five_items_make_five_orders() {
    let r = Replicas::start().await;
    let sku = r.sku_with_stock(5).await;
    let ports = r.ports();
    let fashion = r.fashion.1;
    let buyers: Vec<_> = (0..50)
        .map(|i| {
            // Both stores sell the apparel catalog, from one stock. A quarter of the buyers
            // shop at fashion; the others' steps go round default's replicas, each buyer
            // starting at a different one (a store's cookies are its own).
            let spread = if i % 4 == 3 {
                vec![fashion]
            } else {
                let mut spread = ports.clone();
                spread.rotate_left(i % ports.len());
                spread
            };
            let sku = sku.clone();
            tokio::spawn(async move { buy(&spread, &sku).await })
        })
        .collect();
    let (mut placed, mut refused) = (Vec::new(), Vec::new());
    for buyer in buyers {
        match buyer.await.unwrap() {
            Ok(number) => placed.push(number),
            Err(Refusal::Refused { status, message, step }) => refused.push((step, status, message)),
            Err(Refusal::Io(e)) => panic!("a replica failed: {e}"),
        }
    }
    eprintln!("{} orders, {} refused", placed.len(), refused.len());
    assert_eq!(placed.len(), 5, "{refused:?}");
    for (step, status, message) in &refused {
        assert!(*status < 500, "{step}: {status} {message}");
        assert!(message.contains("in stock"), "{step}: {message}");
    }
    let (stock, orders): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT stock FROM variants WHERE sku = $1), (SELECT COUNT(*) FROM order_lines WHERE sku = $1)",
    )
    .bind(&sku)
    .fetch_one(&r.pool)
    .await
    .unwrap();
    assert_eq!((stock, orders), (0, 5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn one_checkout_submitted_to_two_replicas_places_one_order() {
    let r = Replicas::start().await;
    let sku = r.sku_with_stock(100).await;
    let ports = r.ports();
    for _ in 0..5 {
        let mut shopper = Shopper::default();
        let key = shopper.ready_to_place(&ports, &sku).await.unwrap();
        let (mut first, mut second) = (shopper.clone(), shopper);
        let (a, b) = tokio::join!(first.place(ports[0], &key), second.place(ports[1], &key));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a, b, "both submits name the same order");
        let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE idempotency_key = $1")
            .bind(&key)
            .fetch_one(&r.pool)
            .await
            .unwrap();
        assert_eq!(orders, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn a_price_changed_by_sql_shows_on_every_replica_within_a_second() {
    let r = Replicas::start().await;
    let (slug, variant): (String, i64) = sqlx::query_as(
        "SELECT p.slug, v.id FROM products p JOIN variants v ON v.product_id = p.id
          WHERE p.catalog_id = 'apparel' ORDER BY p.id, v.position LIMIT 1",
    )
    .fetch_one(&r.pool)
    .await
    .unwrap();
    let mut ports = r.ports();
    ports.push(r.fashion.1);
    let path = format!("/p/{slug}");
    for port in &ports {
        let page = send(*port, "GET", &path, &[], "").await.unwrap();
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("9,876.54"));
    }
    let changed = Instant::now();
    sqlx::query("UPDATE prices SET amount = 987654 WHERE variant_id = $1 AND currency = 'USD'")
        .bind(variant)
        .execute(&r.pool)
        .await
        .unwrap();
    let mut slowest = Duration::ZERO;
    for port in &ports {
        loop {
            let page = send(*port, "GET", &path, &[], "").await.unwrap();
            if page.body.contains("9,876.54") {
                slowest = slowest.max(changed.elapsed());
                break;
            }
            assert!(
                changed.elapsed() < Duration::from_secs(1),
                "replica {port} still shows the old price"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    eprintln!("the new price was on all {} replicas after {slowest:?}", ports.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn a_replica_killed_mid_checkout_loses_no_acknowledged_order() {
    let mut r = Replicas::start().await;
    const STOCK: i64 = 1_000;
    let sku = r.sku_with_stock(STOCK).await;
    let ports = r.ports();
    let (confirmed_tx, mut confirmed_rx) = tokio::sync::mpsc::unbounded_channel();
    let shoppers: Vec<_> = (0..24)
        .map(|i| {
            // Every shopper keeps to one replica; a third of them to the one killed.
            let port = ports[i % ports.len()];
            let (sku, confirmed) = (sku.clone(), confirmed_tx.clone());
            tokio::spawn(async move {
                let started = Instant::now();
                while started.elapsed() < Duration::from_secs(4) {
                    match buy(&[port], &sku).await {
                        Ok(number) => {
                            let _ = confirmed.send(number);
                        }
                        Err(Refusal::Io(_)) => break,
                        Err(e) => panic!("{e:?}"),
                    }
                }
            })
        })
        .collect();
    drop(confirmed_tx);
    let mut confirmed = Vec::new();
    while confirmed.len() < 30 {
        confirmed.push(confirmed_rx.recv().await.expect("orders confirmed before the kill"));
    }
    let (victim, _) = &mut r.default[0];
    victim.kill().expect("SIGKILL");
    victim.wait().unwrap();
    for shopper in shoppers {
        shopper.await.unwrap();
    }
    while let Ok(number) = confirmed_rx.try_recv() {
        confirmed.push(number);
    }
    for number in &confirmed {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE number = $1")
            .bind(number)
            .fetch_optional(&r.pool)
            .await
            .unwrap();
        assert!(found.is_some(), "confirmed order {number} lost");
    }
    let half_written: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders o WHERE total <= 0
            OR NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)",
    )
    .fetch_one(&r.pool)
    .await
    .unwrap();
    assert_eq!(half_written, 0, "an order without its lines or total");
    let (stock, sold): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT stock FROM variants WHERE sku = $1),
                (SELECT COALESCE(SUM(quantity), 0)::bigint FROM order_lines WHERE sku = $1)",
    )
    .bind(&sku)
    .fetch_one(&r.pool)
    .await
    .unwrap();
    assert_eq!(stock + sold, STOCK, "stock taken matches the orders");
    eprintln!(
        "{} orders confirmed, {sold} in the database after one replica was killed",
        confirmed.len()
    );
}

/// A form post answered with its page and an error message (a redirect with `__err`).
const FORM_REFUSED: u16 = 1;

/// `pg_ctl` on the test cluster, as the `postgres` user.
fn pg_ctl(args: &[&str]) {
    let dir = PathBuf::from(std::env::var("POSTGRES_DATA").expect(IGNORED));
    // The server it starts writes to its log, not to this test's output.
    let status = Command::new("runuser")
        .args(["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "-D"])
        .arg(dir.join("data"))
        .arg("-l")
        .arg(dir.join("server.log"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("pg_ctl runs");
    assert!(status.success(), "pg_ctl {args:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs FASHION_SERVER and POSTGRES_DATA: run by `cargo store test`"]
async fn postgres_restarted_under_load_answers_503_meanwhile_and_then_serves_again() {
    let r = Replicas::start().await;
    let sku = r.sku_with_stock(10_000).await;
    let mut ports = r.ports();
    ports.push(r.fashion.1);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load: Vec<_> = ports
        .iter()
        .flat_map(|port| (0..3).map(move |n| (*port, n)))
        .map(|(port, n)| {
            let (stop, sku) = (stop.clone(), sku.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                let mut shopper = Shopper::default();
                let mut page = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    page += 1;
                    // Searches no one has made (not in any cache), and cart writes; a
                    // refused form comes back as a redirect carrying its message.
                    let reply = if n == 0 {
                        shopper
                            .request(port, "POST", "/api/cart-add", &format!("sku={sku}&quantity=1"))
                            .await
                    } else {
                        shopper
                            .request(port, "GET", &format!("/search?q=a{port}x{n}x{page}"), "")
                            .await
                    };
                    if let Ok(reply) = reply {
                        let refused = reply.location.as_deref().is_some_and(|l| l.contains("__err="));
                        statuses.push(if refused { FORM_REFUSED } else { reply.status });
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                statuses
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    pg_ctl(&["stop", "-m", "immediate"]);
    tokio::time::sleep(Duration::from_secs(3)).await;
    // `restart` starts it with the options it was started with.
    pg_ctl(&["restart", "-w"]);
    let back = Instant::now();
    for port in &ports {
        loop {
            let ok = send(*port, "GET", "/healthz", &[], "")
                .await
                .is_ok_and(|r| r.status == 200);
            if ok {
                break;
            }
            assert!(
                back.elapsed() < Duration::from_secs(20),
                "replica {port} did not come back"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut all = Vec::new();
    for task in load {
        all.extend(task.await.unwrap());
    }
    let count = |s: u16| all.iter().filter(|x| **x == s).count();
    eprintln!(
        "{} requests: {} × 200, {} × 3xx, {} forms refused, {} × 503, {} × 500, back {:?} after the restart",
        all.len(),
        count(200),
        all.iter().filter(|s| **s / 100 == 3).count(),
        count(FORM_REFUSED),
        count(503),
        count(500),
        back.elapsed()
    );
    assert!(count(503) > 0, "the outage was seen");
    assert!(
        all.iter().all(|s| *s < 500 || *s == 503),
        "only 503s, never a 500: {all:?}"
    );
    // Writes work again on every replica.
    for port in &ports {
        let mut shopper = Shopper::default();
        let reply = shopper
            .request(*port, "POST", "/api/cart-add", &format!("sku={sku}&quantity=1"))
            .await
            .unwrap();
        assert!(reply.status / 100 == 3 && !reply.location.unwrap_or_default().contains("__err"));
    }
}
