//! Two store binaries against one SQLite file: WAL mode and busy timeouts keep a writer
//! from locking readers out and from corrupting what they read.

mod common;

use app::commerce::{Commerce, StoreScope};
use app::model::ProductQuery;
use server::db::SqliteCommerce;

fn scope(id: &str, catalog: &str, currency: &str) -> StoreScope {
    common::scope(id, catalog, currency)
}

#[tokio::test]
async fn two_stores_share_one_file_while_the_catalog_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("shared.db").display());
    // Two pools stand for two store processes: they share nothing but the file.
    let first = server::prepare_database(&url, server::config::Demo::Seeded)
        .await
        .unwrap()
        .sqlite()
        .unwrap()
        .clone();
    let second = server::db::connect(&url).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&second)
        .await
        .unwrap();
    assert_eq!(mode, "wal");

    let fashion = scope("fashion", "apparel", "USD");
    let b2b = scope("electronics-b2b", "electronics", "USD");
    server::db::register_store(&first, &fashion).await.unwrap();
    server::db::register_store(&second, &b2b).await.unwrap();

    let reader = {
        let commerce = SqliteCommerce::new(second.clone());
        tokio::spawn(async move {
            let mut seen = Vec::new();
            for _ in 0..40 {
                let listing = commerce
                    .list_products(&b2b, &ProductQuery::new(Some("computers".into()), None))
                    .await;
                seen.push(
                    listing
                        .expect("reads never fail while another store writes")
                        .pagination
                        .total,
                );
            }
            seen
        })
    };
    let writer = {
        let pool = first.clone();
        tokio::spawn(async move {
            for size in [120, 300, 240] {
                server::seed::seed(&pool, size)
                    .await
                    .expect("writes wait for each other instead of failing");
            }
        })
    };
    writer.await.unwrap();
    let totals = reader.await.unwrap();
    // Each read saw a whole catalog: never a half-written one (zero products mid-rewrite).
    assert!(totals.iter().all(|t| *t > 0), "{totals:?}");

    let stores: Vec<String> = sqlx::query_scalar("SELECT id FROM stores ORDER BY id")
        .fetch_all(&first)
        .await
        .unwrap();
    assert_eq!(stores, ["default", "electronics-b2b", "fashion"]);
}
