//! The demo catalog written into PostgreSQL: the same generated products as SQLite's
//! (`crate::seed`, which walks them), in one transaction.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::seed::generate::GenProduct;
use crate::seed::{load, CatalogLoad};

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
    load(&mut *tx, total).await?;
    refresh_price_ranges(&mut tx).await?;
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    tracing::info!(
        products = total,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "catalog seeded"
    );
    Ok(())
}

/// Each batch in four statements (products, attributes, variants, prices), the rows as
/// arrays: a round trip per row made 20,000 products take two minutes.
impl CatalogLoad for PgConnection {
    async fn catalog(&mut self, id: &str, name: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO catalogs (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING")
            .bind(id)
            .bind(name)
            .execute(&mut *self)
            .await?;
        Ok(())
    }

    async fn category(
        &mut self,
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
        .fetch_one(&mut *self)
        .await
    }

    async fn products(&mut self, category_ids: &HashMap<&str, i64>, batch: &[GenProduct]) -> Result<(), sqlx::Error> {
        let Some(catalog) = batch.first().map(|p| p.catalog) else {
            return Ok(());
        };
        let column = |f: fn(&GenProduct) -> String| batch.iter().map(f).collect::<Vec<_>>();
        let ids: Vec<(i64, String)> = sqlx::query_as(
            "INSERT INTO products (catalog_id, category_id, slug, name, brand, description, art, featured, popularity, created_at)
             SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                      $8::boolean[], $9::bigint[], $10::bigint[])
             RETURNING id, slug",
        )
        .bind(catalog)
        .bind(batch.iter().map(|p| category_ids[p.category]).collect::<Vec<_>>())
        .bind(column(|p| p.slug.clone()))
        .bind(column(|p| p.name.clone()))
        .bind(column(|p| p.brand.to_string()))
        .bind(column(|p| p.description.clone()))
        .bind(column(|p| p.art.clone()))
        .bind(batch.iter().map(|p| p.featured).collect::<Vec<_>>())
        .bind(batch.iter().map(|p| p.popularity).collect::<Vec<_>>())
        .bind(batch.iter().map(|p| p.created_at).collect::<Vec<_>>())
        .fetch_all(&mut *self)
        .await?;
        let product_ids: HashMap<String, i64> = ids.into_iter().map(|(id, slug)| (slug, id)).collect();
        let product_id = |p: &GenProduct| product_ids[&p.slug];

        let attributes = batch.iter().flat_map(|p| {
            let id = product_id(p);
            p.attributes
                .iter()
                .enumerate()
                .map(move |(pos, (name, value))| (id, pos as i64, *name, *value))
        });
        let (mut of, mut position, mut name, mut value) = (vec![], vec![], vec![], vec![]);
        for (id, pos, n, v) in attributes {
            of.push(id);
            position.push(pos);
            name.push(n);
            value.push(v);
        }
        sqlx::query(
            "INSERT INTO product_attributes (product_id, position, name, value)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])",
        )
        .bind(of)
        .bind(position)
        .bind(name)
        .bind(value)
        .execute(&mut *self)
        .await?;

        let variants: Vec<_> = batch
            .iter()
            .flat_map(|p| {
                p.variants
                    .iter()
                    .enumerate()
                    .map(move |(pos, v)| (product_id(p), pos as i64, v))
            })
            .collect();
        let ids: Vec<(i64, String)> = sqlx::query_as(
            "INSERT INTO variants (product_id, position, sku, color, size, capacity, stock)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
             RETURNING id, sku",
        )
        .bind(variants.iter().map(|(id, ..)| *id).collect::<Vec<_>>())
        .bind(variants.iter().map(|(_, pos, _)| *pos).collect::<Vec<_>>())
        .bind(variants.iter().map(|(.., v)| v.sku.as_str()).collect::<Vec<_>>())
        .bind(variants.iter().map(|(.., v)| v.color).collect::<Vec<_>>())
        .bind(variants.iter().map(|(.., v)| v.size).collect::<Vec<_>>())
        .bind(variants.iter().map(|(.., v)| v.capacity).collect::<Vec<_>>())
        .bind(variants.iter().map(|(.., v)| v.stock).collect::<Vec<_>>())
        .fetch_all(&mut *self)
        .await?;
        let variant_ids: HashMap<String, i64> = ids.into_iter().map(|(id, sku)| (sku, id)).collect();

        let prices: Vec<_> = variants
            .iter()
            .flat_map(|(.., v)| {
                v.prices
                    .iter()
                    .map(|(currency, amount)| (variant_ids[&v.sku], *currency, *amount))
            })
            .collect();
        sqlx::query(
            "INSERT INTO prices (variant_id, currency, amount)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])",
        )
        .bind(prices.iter().map(|(id, ..)| *id).collect::<Vec<_>>())
        .bind(prices.iter().map(|(_, c, _)| *c).collect::<Vec<_>>())
        .bind(prices.iter().map(|(.., a)| *a).collect::<Vec<_>>())
        .execute(&mut *self)
        .await?;
        Ok(())
    }
}

/// Rebuilds every product's lowest and highest price and stock per currency from what
/// is sold (see SQLite's `db::refresh_price_ranges`).
pub async fn refresh_price_ranges(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM price_ranges").execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO price_ranges (product_id, currency, min_amount, max_amount, in_stock)
         SELECT product_id, currency, MIN(amount), MAX(amount), bool_or(stock > 0)
           FROM sold_variants GROUP BY product_id, currency",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
