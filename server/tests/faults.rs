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

/// A response read off a real socket: status, the headers a shopper keeps, the body.
struct Reply {
    status: u16,
    cookies: Vec<String>,
    location: Option<String>,
    body: String,
}

/// One HTTP/1.1 request to the server process, as a browser without JavaScript sends it.
async fn send(port: u16, method: &str, path: &str, cookies: &[String], body: &str) -> std::io::Result<Reply> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let cookie = if cookies.is_empty() {
        String::new()
    } else {
        format!("Cookie: {}\r\n", cookies.join("; "))
    };
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/html\r\n{cookie}\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or(std::io::ErrorKind::UnexpectedEof)?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or(std::io::ErrorKind::InvalidData)?;
    let (mut cookies, mut location) = (Vec::new(), None);
    for line in lines {
        let Some((name, value)) = line.split_once(": ") else {
            continue;
        };
        match name.to_ascii_lowercase().as_str() {
            "set-cookie" => cookies.push(value.split(';').next().unwrap_or_default().to_string()),
            "location" => location = Some(value.to_string()),
            _ => {}
        }
    }
    Ok(Reply {
        status,
        cookies,
        location,
        body: body.to_string(),
    })
}

/// A guest's whole checkout: add, details, review, place. The order number once the
/// confirmation has reached the shopper; an error if the server went away first.
async fn buy(port: u16, sku: &str) -> std::io::Result<String> {
    let broken = |what: &str| std::io::Error::other(what.to_string());
    let mut jar: Vec<String> = Vec::new();
    let keep = |reply: &Reply, jar: &mut Vec<String>| {
        for c in &reply.cookies {
            let name = c.split('=').next().unwrap_or_default();
            jar.retain(|k| k.split('=').next() != Some(name));
            jar.push(c.clone());
        }
    };
    let added = send(port, "POST", "/api/cart-add", &jar, &format!("sku={sku}&quantity=1")).await?;
    keep(&added, &mut jar);
    let details = "email=kill%40example.com&name=Ada&line1=1+Main+St&line2=&postcode=94107&city=SF&country=US&shipping=standard&payment=invoice";
    let saved = send(port, "POST", "/api/checkout-save", &jar, details).await?;
    keep(&saved, &mut jar);
    if saved.location.as_deref() != Some("/checkout/review") {
        return Err(broken("details refused"));
    }
    let review = send(port, "GET", "/checkout/review", &jar, "").await?;
    let key = review
        .body
        .split("name=\"key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .ok_or_else(|| broken("no key"))?
        .to_string();
    let placed = send(port, "POST", "/api/place-order", &jar, &format!("key={key}")).await?;
    match placed.location {
        Some(at) if placed.status / 100 == 3 && at.starts_with("/order/") => Ok(at
            .trim_start_matches("/order/")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string()),
        _ => Err(broken("order not placed")),
    }
}

fn start_server(db_file: &std::path::Path, port: u16) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .env("ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", format!("sqlite://{}", db_file.display()))
        .env("LEPTOS_OUTPUT_NAME", "storefront")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("server starts")
}

async fn wait_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if send(port, "GET", "/healthz", &[], "")
            .await
            .is_ok_and(|r| r.status == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become healthy");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
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
    let mut server = start_server(&file, port);
    wait_healthy(port).await;
    let (confirmed_tx, mut confirmed_rx) = tokio::sync::mpsc::unbounded_channel();
    let shoppers: Vec<_> = (0..32)
        .map(|_| {
            let (sku, confirmed) = (sku.clone(), confirmed_tx.clone());
            tokio::spawn(async move {
                // Each shopper buys until the server is gone.
                while let Ok(number) = buy(port, &sku).await {
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

    let mut restarted = start_server(&file, port);
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
