//! The demo catalog written into PostgreSQL: the same generated products as SQLite's
//! (`crate::seed`), in one transaction.

use sqlx::{PgConnection, Postgres, Transaction};

use crate::seed::{generate, plan, CatalogSpec, SEED};

/// Seeds `total` products unless the catalog holds some already. Runs under the start-up
/// lock (`super::connect`), so replicas starting together seed once.
pub async fn seed_if_empty(conn: &mut PgConnection, total: usize) -> Result<bool, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
        .fetch_one(&mut *conn)
        .await?;
    if count > 0 {
        return Ok(false);
    }
    replace(conn, total).await?;
    Ok(true)
}

/// Replaces the whole catalog with `total` generated products, in one transaction so a
/// failure leaves the previous catalog in place (carts lose lines of products that go).
pub async fn replace(conn: &mut PgConnection, total: usize) -> Result<(), sqlx::Error> {
    let started = std::time::Instant::now();
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    sqlx::query("TRUNCATE prices, price_ranges, variants, product_attributes, products, categories CASCADE")
        .execute(&mut *tx)
        .await?;
    for (spec, count) in plan(total) {
        insert_catalog(&mut tx, spec, count).await?;
    }
    sqlx::query(
        "INSERT INTO price_ranges (product_id, currency, min_amount, max_amount, in_stock)
         SELECT v.product_id, pr.currency, MIN(pr.amount), MAX(pr.amount), bool_or(v.stock > 0)
           FROM variants v JOIN prices pr ON pr.variant_id = v.id
          GROUP BY v.product_id, pr.currency",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    tracing::info!(
        products = total,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "catalog seeded"
    );
    Ok(())
}

async fn insert_catalog(
    tx: &mut Transaction<'_, Postgres>,
    spec: &CatalogSpec,
    count: usize,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO catalogs (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
        .bind(spec.id)
        .bind(spec.name)
        .execute(&mut **tx)
        .await?;
    let mut category_ids = std::collections::HashMap::new();
    for (pos, (slug, name, children)) in spec.tree.iter().enumerate() {
        let parent = insert_category(tx, spec.id, None, slug, name, pos).await?;
        for (cpos, (cslug, cname, _)) in children.iter().enumerate() {
            let id = insert_category(tx, spec.id, Some(parent), cslug, cname, cpos).await?;
            category_ids.insert(*cslug, id);
        }
    }
    for p in generate::products(spec, count, SEED) {
        let product_id: i64 = sqlx::query_scalar(
            "INSERT INTO products (catalog_id, category_id, slug, name, brand, description, art, featured, popularity, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(p.catalog)
        .bind(category_ids[p.category])
        .bind(&p.slug)
        .bind(&p.name)
        .bind(p.brand)
        .bind(&p.description)
        .bind(&p.art)
        .bind(p.featured)
        .bind(p.popularity)
        .bind(p.created_at)
        .fetch_one(&mut **tx)
        .await?;
        let (names, values): (Vec<&str>, Vec<&str>) = p.attributes.iter().copied().unzip();
        sqlx::query(
            "INSERT INTO product_attributes (product_id, position, name, value)
             SELECT $1, ordinality - 1, name, value FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS a(name, value)",
        )
        .bind(product_id)
        .bind(names)
        .bind(values)
        .execute(&mut **tx)
        .await?;
        for (pos, v) in p.variants.iter().enumerate() {
            let variant_id: i64 = sqlx::query_scalar(
                "INSERT INTO variants (product_id, position, sku, color, size, capacity, stock)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(product_id)
            .bind(pos as i64)
            .bind(&v.sku)
            .bind(v.color)
            .bind(v.size)
            .bind(v.capacity)
            .bind(v.stock)
            .fetch_one(&mut **tx)
            .await?;
            let (currencies, amounts): (Vec<&str>, Vec<i64>) = v.prices.iter().copied().unzip();
            sqlx::query(
                "INSERT INTO prices (variant_id, currency, amount) SELECT $1, c, a FROM unnest($2::text[], $3::bigint[]) AS p(c, a)",
            )
            .bind(variant_id)
            .bind(currencies)
            .bind(amounts)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

async fn insert_category(
    tx: &mut Transaction<'_, Postgres>,
    catalog: &str,
    parent: Option<i64>,
    slug: &str,
    name: &str,
    position: usize,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (catalog_id, parent_id, slug, name, position) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(catalog)
    .bind(parent)
    .bind(slug)
    .bind(name)
    .bind(position as i64)
    .fetch_one(&mut **tx)
    .await
}
