//! The data layer against a seeded database: facet counts, sorting and pagination.

#[macro_use]
mod common;

use app::commerce::StoreScope;
use app::model::{Facet, ProductQuery, Sort, PER_PAGE};

fn store(catalog: &str, currency: &str) -> StoreScope {
    common::scope("test", catalog, currency)
}

fn query(category: &str, pairs: &[(&str, &str)]) -> ProductQuery {
    ProductQuery::parse(Some(category.into()), pairs.iter().copied(), &common::facets()).unwrap()
}

on_both_databases! {
async fn brand_counts_add_up_to_the_total(db) {
    let c = db.commerce();
    let s = store("apparel", "USD");
    let listing = c.list_products(&s, &query("men", &[("size", "M")])).await.unwrap();
    let brands = listing.facets.iter().find(|f| f.name == "brand").unwrap();
    let sum: u64 = brands.values.iter().map(|v| v.count).sum();
    assert_eq!(sum, listing.pagination.total);
}

async fn facet_counts_predict_the_filtered_total(db) {
    let c = db.commerce();
    let s = store("apparel", "USD");
    let base = query("women", &[("size", "S")]);
    let listing = c.list_products(&s, &base).await.unwrap();
    for key in ["color", "brand", Facet::PRICE] {
        let facet = listing.facets.iter().find(|f| f.name == key).unwrap();
        for value in facet.values.iter().take(3) {
            let narrowed = c.list_products(&s, &base.toggled(key, &value.value)).await.unwrap();
            assert_eq!(narrowed.pagination.total, value.count, "{key:?}={}", value.value);
        }
    }
}

async fn a_selected_facet_is_counted_without_itself(db) {
    let c = db.commerce();
    let s = store("apparel", "USD");
    let open = c.list_products(&s, &query("men", &[])).await.unwrap();
    let chosen = c.list_products(&s, &query("men", &[("color", "Navy")])).await.unwrap();
    let colors = |l: &app::model::ProductListing| l.facets.iter().find(|f| f.name == "color").unwrap().values.clone();
    let (before, after) = (colors(&open), colors(&chosen));
    assert_eq!(
        before.iter().map(|v| v.count).collect::<Vec<_>>(),
        after.iter().map(|v| v.count).collect::<Vec<_>>()
    );
    assert!(after.iter().any(|v| v.value == "Navy" && v.selected));
}

async fn sorts_by_price_both_ways_and_by_date(db) {
    let c = db.commerce();
    let s = store("electronics", "EUR");
    for (sort, check) in [(Sort::PriceAsc, true), (Sort::PriceDesc, false)] {
        let mut q = query("computers", &[]);
        q.sort = sort;
        let prices: Vec<i64> = c
            .list_products(&s, &q)
            .await
            .unwrap()
            .products
            .iter()
            .map(|p| p.price_from.minor)
            .collect();
        let mut sorted = prices.clone();
        sorted.sort();
        if !check {
            sorted.reverse();
        }
        assert_eq!(prices, sorted, "{sort:?}");
        assert!(!prices.is_empty());
    }
    let mut q = query("computers", &[]);
    q.sort = Sort::Newest;
    let first = c.list_products(&s, &q).await.unwrap().products;
    assert!(!first.is_empty());
    assert!(first.iter().all(|p| p.price_from.currency.code() == "EUR"));
}

async fn pagination_covers_every_product_once(db) {
    let c = db.commerce();
    let s = store("apparel", "GBP");
    let first = c.list_products(&s, &query("women", &[])).await.unwrap();
    let pages = first.pagination.pages();
    assert!(pages >= 2);
    let mut seen = Vec::new();
    for page in 1..=pages {
        let l = c.list_products(&s, &query("women", &[]).with_page(page)).await.unwrap();
        assert!(l.products.len() <= PER_PAGE as usize);
        seen.extend(l.products.into_iter().map(|p| p.slug));
    }
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n, "a product appeared twice");
    assert_eq!(n as u64, first.pagination.total);
    let past = c
        .list_products(&s, &query("women", &[]).with_page(pages + 1))
        .await
        .unwrap();
    assert!(past.products.is_empty() && past.pagination.is_past_end());
}

async fn stores_see_only_their_catalog(db) {
    let c = db.commerce();
    let apparel = c.category_tree(&store("apparel", "USD")).await.unwrap();
    let electronics = c.category_tree(&store("electronics", "USD")).await.unwrap();
    assert!(apparel.iter().any(|c| c.slug == "women"));
    assert!(!apparel.iter().any(|c| c.slug == "computers"));
    assert!(electronics.iter().any(|c| c.slug == "computers"));
    let search = c
        .list_products(
            &store("electronics", "USD"),
            &ProductQuery::new(None, Some("shirt".into())),
        )
        .await
        .unwrap();
    assert_eq!(search.pagination.total, 0);
}


async fn skus_are_found_only_in_the_store_catalog(db) {
    let c = db.commerce();
    let (ele, app_sku): (String, String) = db
        .row(
            "SELECT (SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.catalog_id = 'electronics' LIMIT 1),
                    (SELECT v.sku FROM variants v JOIN products p ON p.id = v.product_id WHERE p.catalog_id = 'apparel' LIMIT 1)",
        )
        .await;
    let found = c
        .variants_by_sku(&store("electronics", "EUR"), &[ele.clone(), app_sku, "NOPE".into()])
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].sku, ele);
    assert_eq!(found[0].price.currency.code(), "EUR");
}

async fn products_by_slug_stay_in_the_store_catalog(db) {
    let c = db.commerce();
    let slugs = db
        .texts("SELECT slug FROM products WHERE catalog_id = 'apparel' ORDER BY id LIMIT 3")
        .await;
    let mut asked = slugs.clone();
    asked.push("no-such-product".into());
    let found = c.products_by_slug(&store("apparel", "USD"), &asked).await.unwrap();
    let mut got: Vec<String> = found.into_iter().map(|p| p.slug).collect();
    got.sort();
    let mut want = slugs.clone();
    want.sort();
    assert_eq!(got, want);
    assert!(c
        .products_by_slug(&store("electronics", "USD"), &slugs)
        .await
        .unwrap()
        .is_empty());
}

/// Short prefixes come from the prefix index and find what the whole word finds.
async fn one_to_three_letter_prefixes_find_what_the_word_finds(db) {
    let c = db.commerce();
    let s = store("apparel", "USD");
    let total = |text: &str| {
        let q = ProductQuery::new(None, Some(text.into()));
        let c = &c;
        let s = &s;
        async move { c.list_products(s, &q).await.unwrap().pagination.total }
    };
    let shirt = total("shirt").await;
    assert!(shirt > 0);
    for prefix in ["s", "sh", "shi"] {
        assert!(total(prefix).await >= shirt, "{prefix}");
    }
}
}

/// The same size gives the same products, variants and prices, on either database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_is_deterministic_and_the_same_on_both_databases() {
    const ROWS: &str = "SELECT slug || sku || amount FROM products p JOIN variants v ON v.product_id = p.id
                          JOIN prices pr ON pr.variant_id = v.id ORDER BY p.id, v.id, pr.currency";
    let a = common::EitherDb::sqlite().await.texts(ROWS).await;
    let b = common::EitherDb::sqlite().await.texts(ROWS).await;
    let pg = common::EitherDb::postgres().await.texts(ROWS).await;
    assert!(a.len() > 1000);
    assert_eq!(a, b);
    assert_eq!(a, pg, "PostgreSQL holds the catalog SQLite holds");
}

/// SQLite's full-text table keeps its prefix index (the short prefixes above use it).
#[tokio::test]
async fn the_sqlite_search_table_has_its_prefix_index() {
    let db = common::db().await;
    let kept: (String,) = sqlx::query_as("SELECT sql FROM sqlite_master WHERE name = 'product_search'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(kept.0.contains("prefix"), "{}", kept.0);
}

/// Replicas on PostgreSQL poll the change log as a fall-back; the hourly tidy that
/// prunes it must not read to them as a catalog change (a facet-index rebuild and a page
/// cache flush on every replica, every hour).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pruning_the_change_log_is_no_catalog_change() {
    use std::time::{Duration, Instant};
    let url = common::postgres_url().await;
    let pool = server::postgres::connect(&url, None).await.expect("connected");
    let replica = server::postgres::PostgresDatabase::new(pool.clone());
    let versions = || replica.heard_versions();
    // Let the poll take its first reading, then log a change no one announces.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let start = versions();
    sqlx::query("INSERT INTO catalog_changes (structure) VALUES (TRUE)")
        .execute(&pool)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while versions() == start {
        assert!(Instant::now() < deadline, "the poll never heard of the change");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let heard = versions();

    sqlx::query("UPDATE catalog_changes SET changed_at = now() - interval '2 hours'")
        .execute(&pool)
        .await
        .unwrap();
    replica.tidy(Duration::from_secs(3600)).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM catalog_changes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "the tidy pruned the log");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(versions(), heard, "a prune is no change");
}
