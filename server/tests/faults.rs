//! Faults that cross a process: another process holding the database locked, and the
//! server killed in the middle of checkouts.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, apparel_sku_with_stock, get_with};

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
        assert!(!page.body.contains("SQLITE") && !page.body.contains("locked"), "{}", page.body);
    }
    assert!(started.elapsed() < Duration::from_secs(11), "answered within the request timeout");
    let carts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM carts").fetch_one(&db.pool).await.unwrap();
    assert_eq!(carts, 0, "nothing saved half-way");

    assert!(holder.wait().unwrap().success());
    let page = get_with(&app, add_to_cart(&sku)).await;
    assert_eq!(page.status, StatusCode::OK, "recovered: {}", page.body);
}
