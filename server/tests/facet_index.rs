//! The facet index answers every listing exactly as the SQL definition does: the same
//! products in the same order, the same facet counts, the same pagination.

mod common;

use app::commerce::{Commerce, StoreScope};
use app::model::{ProductListing, ProductQuery, Sort};
use server::db::{SqliteCommerce, CATALOG_MAX_AGE};

fn store(catalog: &str, currency: &str) -> StoreScope {
    common::scope("test", catalog, currency)
}

fn query(category: Option<&str>, pairs: &[(&str, &str)]) -> ProductQuery {
    ProductQuery::parse(category.map(str::to_string), pairs.iter().copied(), &common::facets()).unwrap()
}

async fn same(c: &SqliteCommerce, s: &StoreScope, q: &ProductQuery) -> ProductListing {
    let sql = c.list_products_sql(s, q).await.unwrap();
    let indexed = c.list_products_indexed(s, q).await.unwrap();
    assert_eq!(indexed, sql, "{} {q:?}", s.catalog);
    sql
}

/// Queries a shopper can make: every category, one and two facet values, every sort,
/// later pages, a page past the end, searches, and values no product has.
async fn queries(c: &SqliteCommerce, s: &StoreScope) -> Vec<ProductQuery> {
    let tree = c.category_tree(s).await.unwrap();
    let mut slugs: Vec<Option<String>> = vec![None];
    for root in &tree {
        slugs.push(Some(root.slug.clone()));
        slugs.extend(root.children.iter().map(|c| Some(c.slug.clone())));
    }
    slugs.push(Some("no-such-category".into()));
    let mut out = Vec::new();
    for slug in &slugs {
        let plain = ProductQuery::new(slug.clone(), None);
        let listing = c.list_products_sql(s, &plain).await.unwrap();
        for sort in Sort::ALL {
            out.push(query(slug.as_deref(), &[("sort", sort.param())]));
        }
        out.push(query(slug.as_deref(), &[("page", "2")]));
        out.push(query(slug.as_deref(), &[("page", "99")]));
        let picks: Vec<(String, String)> = listing
            .facets
            .iter()
            .flat_map(|f| f.values.iter().take(2).map(move |v| (f.name.clone(), v.value.clone())))
            .collect();
        for (name, value) in &picks {
            let one = plain.toggled(name, value);
            out.push(one.clone());
            for (other, second) in picks.iter().filter(|(n, _)| n != name).take(4) {
                out.push(one.toggled(other, second));
            }
        }
        out.push(query(slug.as_deref(), &[("color", "No Such Colour")]));
    }
    for text in ["shirt", "dress", "pro", "linen shirt", "zzzzqx", "!!!"] {
        out.push(ProductQuery::new(None, Some(text.into())));
        out.push(query(None, &[("q", text), ("sort", "price-asc")]));
    }
    out
}

#[tokio::test]
async fn the_index_answers_every_listing_as_the_sql_does() {
    let db = common::db().await;
    let c = SqliteCommerce::new(db.pool.clone());
    let mut checked = 0;
    for s in [
        store("apparel", "USD"),
        store("apparel", "EUR"),
        store("electronics", "USD"),
    ] {
        for q in queries(&c, &s).await {
            same(&c, &s, &q).await;
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} queries compared");
}

#[tokio::test]
async fn the_index_follows_catalog_changes_but_not_stock() {
    let db = common::db().await;
    let c = SqliteCommerce::new(db.pool.clone());
    let s = store("apparel", "USD");
    let q = query(Some("women"), &[("sort", "price-asc")]);
    let before = same(&c, &s, &q).await;
    let structure = || async {
        sqlx::query_scalar::<_, i64>("SELECT structure FROM catalog_version")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };

    let at = structure().await;
    sqlx::query("UPDATE variants SET stock = 0 WHERE id = (SELECT MIN(id) FROM variants)")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(structure().await, at, "stock is not the index's business");

    // The cheapest product becomes the dearest: the order and the price facet change.
    let cheapest = &before.products[0].slug;
    sqlx::query("UPDATE prices SET amount = amount + 1000000 WHERE variant_id IN (SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id WHERE p.slug = ?)")
        .bind(cheapest)
        .execute(&db.pool)
        .await
        .unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    server::db::refresh_price_ranges(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert!(structure().await > at);
    tokio::time::sleep(CATALOG_MAX_AGE).await;
    let after = same(&c, &s, &q).await;
    assert_ne!(&after.products[0].slug, cheapest);
}
