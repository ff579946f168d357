//! Faults that cross a process: another process holding the database locked, and the
//! server killed in the middle of checkouts.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::shopper::{buy, start_server, wait_healthy};
use common::{app, apparel_sku_with_stock, free_port, get_with};

/// Holds the write lock on `file` from another process for `seconds`; returns once
/// the lock is held.
fn lock_from_another_process(file: &std::path::Path, seconds: u32) -> std::process::Child {
    let script = format!(
        "import sqlite3, sys, time\n\
         c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n\
         c.execute('BEGIN IMMEDIATE')\n\
         print('locked', flush=True)\n\
         time.sleep({seconds})\n\
         c.execute('ROLLBACK')\n"
    );
    let mut child = Command::new("python3")
        .args(["-c", &script])
        .arg(file)
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("lock taken");
    assert_eq!(line.trim(), "locked");
    child
}

fn add_to_cart(sku: &str) -> Request<Body> {
    Request::post("/api/cart-add")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("sku={sku}&quantity=1")))
        .unwrap()
}

/// Writes wait out the busy timeout, then answer 503 with nothing saved; reads go on;
/// nothing waits longer than the request timeout; once the lock is gone, writes work
/// again without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_locked_by_another_process_answers_503_and_recovers() {
    let (app, db) = app().await;
    let sku = apparel_sku_with_stock(&db.pool, 100).await;
    let file = db.pool.connect_options().get_filename().to_owned();
    let mut holder = lock_from_another_process(&file, 12);

    let started = Instant::now();
    let writes: Vec<_> = (0..4)
        .map(|_| {
            let (app, sku) = (app.clone(), sku.clone());
            tokio::spawn(async move { get_with(&app, add_to_cart(&sku)).await })
        })
        .collect();
    let read = get_with(&app, Request::get("/c/women").body(Body::empty()).unwrap()).await;
    assert_eq!(read.status, StatusCode::OK, "reads go on while writes wait");
    for write in writes {
        let page = write.await.unwrap();
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{}", page.body);
        assert!(
            !page.body.contains("SQLITE") && !page.body.contains("locked"),
            "{}",
            page.body
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(11),
        "answered within the request timeout"
    );
    let carts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carts")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(carts, 0, "nothing saved half-way");

    assert!(holder.wait().unwrap().success());
    let page = get_with(&app, add_to_cart(&sku)).await;
    assert_eq!(page.status, StatusCode::OK, "recovered: {}", page.body);
}

/// SIGKILL in the middle of a burst of checkouts, then a restart: every order whose
/// confirmation reached a shopper is there, none is half-written, and the stock
/// taken is exactly what the orders hold.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_survive_the_server_being_killed_mid_checkout() {
    const STOCK: i64 = 1_000;
    let db = common::db().await;
    let sku = apparel_sku_with_stock(&db.pool, STOCK).await;
    let file = db.pool.connect_options().get_filename().to_owned();
    db.pool.close().await;

    let port = free_port();
    let url = format!("sqlite://{}", file.display());
    let server_bin = std::path::Path::new(env!("CARGO_BIN_EXE_server"));
    let mut server = start_server(server_bin, &url, port);
    wait_healthy(port).await;
    let (confirmed_tx, mut confirmed_rx) = tokio::sync::mpsc::unbounded_channel();
    let shoppers: Vec<_> = (0..32)
        .map(|_| {
            let (sku, confirmed) = (sku.clone(), confirmed_tx.clone());
            tokio::spawn(async move {
                // Each shopper buys until the server is gone.
                while let Ok(number) = buy(&[port], &sku).await {
                    let _ = confirmed.send(number);
                }
            })
        })
        .collect();
    drop(confirmed_tx);
    let mut confirmed = Vec::new();
    while confirmed.len() < 20 {
        confirmed.push(confirmed_rx.recv().await.expect("orders confirmed before the kill"));
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for shopper in shoppers {
        shopper.await.unwrap();
    }
    while let Ok(number) = confirmed_rx.try_recv() {
        confirmed.push(number);
    }

    let mut restarted = start_server(server_bin, &url, port);
    wait_healthy(port).await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    for number in &confirmed {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM orders WHERE number = ?")
            .bind(number)
            .fetch_optional(&pool)
            .await
            .unwrap();
        assert!(found.is_some(), "confirmed order {number} lost");
    }
    let half_written: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM orders o WHERE total <= 0
            OR NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(half_written, 0, "an order without its lines or total");
    let (stock, sold): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT stock FROM variants WHERE sku = ?1),
                (SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE sku = ?1)",
    )
    .bind(&sku)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stock + sold, STOCK, "stock taken matches the orders");
    assert!(sold >= confirmed.len() as i64);
    eprintln!(
        "{} orders confirmed before the kill, {sold} in the database after it",
        confirmed.len()
    );
    restarted.kill().unwrap();
    restarted.wait().unwrap();
}
