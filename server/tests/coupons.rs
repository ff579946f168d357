//! Demo data only where it is asked for, and the coupons a retailer manages with
//! `server coupons` (what `cargo store coupons` runs), on both databases.

#[macro_use]
mod common;

use std::process::{Command, Output};

use axum::http::StatusCode;
use common::browser::Shopper;
use server::config::Demo;

/// `server coupons …` on the test's database, as a separate process.
fn coupons(db: &common::EitherDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("coupons")
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "error")
        .output()
        .expect("server runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A production start (no demo data) against an empty database: no catalog, no coupon.
async fn bare(url: &str) {
    let database = server::prepare_database(url, Demo::None).await.expect("database");
    assert_eq!(database.product_count().await.unwrap(), 0, "no demo catalog");
    let db = common::EitherDb::over(database.clone());
    assert_eq!(
        db.number("SELECT count(*) FROM coupons").await,
        0,
        "no guessable coupon"
    );
    let seeded = server::prepare_database(url, Demo::Seeded).await.expect("database");
    assert!(
        seeded.product_count().await.unwrap() > 0,
        "a demo start seeds the empty catalog"
    );
    let db = common::EitherDb::over(seeded);
    assert_eq!(
        db.number("SELECT count(*) FROM coupons WHERE code = 'WELCOME10'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retailers_database_gets_no_demo_data_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    bare(&format!("sqlite://{}", dir.path().join("shop.db").display())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retailers_database_gets_no_demo_data_on_postgres() {
    bare(&common::empty_postgres_url().await).await;
}

on_both_databases! {
    async fn a_coupon_added_by_the_retailer_discounts_the_cart_until_removed(app, db) {
        let added = coupons(&db, &["add", "winter15", "--percent", "15", "--from", "2020-01-01"]);
        assert!(added.status.success(), "{}", text(&added));
        let again = coupons(&db, &["add", "WINTER15", "--amount", "5"]);
        assert!(!again.status.success());
        assert!(text(&again).contains("exists"), "{}", text(&again));
        let listed = text(&coupons(&db, &["list"]));
        assert!(listed.contains("WINTER15") && listed.contains("15 % off") && listed.contains("from 2020-01-01"), "{listed}");

        let (sku, _) = db.sku_with_stock(1).await;
        let mut s = Shopper::new(&app);
        s.post("/api/cart-add", &format!("sku={sku}&quantity=1")).await;
        let applied = s.post("/api/cart-coupon", "code=winter15").await;
        assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
        assert!(s.get("/cart").await.body.contains("WINTER15"));

        let removed = coupons(&db, &["remove", "winter15"]);
        assert!(removed.status.success(), "{}", text(&removed));
        assert!(!s.get("/cart").await.body.contains("WINTER15"), "a removed coupon no longer discounts");
        let missing = coupons(&db, &["remove", "winter15"]);
        assert!(!missing.status.success() && text(&missing).contains("no coupon WINTER15"), "{}", text(&missing));
    }

    async fn bad_coupons_are_refused_with_the_reason_and_nothing_is_saved(app, db) {
        let before = db.number("SELECT count(*) FROM coupons").await;
        for (args, reason) in [
            (&["add", "half", "--percent", "150"][..], "1 to 100"),
            (&["add", "five", "--amount", "5,00"], "not an amount"),
            (&["add", "both", "--percent", "5", "--amount", "5"], "either"),
            (&["add", "late", "--percent", "5", "--from", "2026-12-02", "--until", "2026-12-01"], "end before"),
            (&["add", "oops", "--percent", "5", "--until", "31/12/2026"], "not a date"),
            (&["add", "two words", "--percent", "5"], "a code"),
        ] {
            let out = coupons(&db, args);
            assert!(!out.status.success(), "{args:?}");
            assert!(text(&out).contains(reason), "{args:?}: {}", text(&out));
        }
        assert_eq!(db.number("SELECT count(*) FROM coupons").await, before);
    }
}
