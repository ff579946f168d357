//! The generated catalog in SQLite's SQL: a row at a time, which in-process costs no
//! round trips.

use std::collections::HashMap;

use sqlx::SqliteConnection;

use super::generate::GenProduct;
use super::CatalogLoad;

impl CatalogLoad for SqliteConnection {
    async fn catalog(&mut self, id: &str, name: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT OR IGNORE INTO catalogs (id, name) VALUES (?, ?)")
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
            "INSERT INTO categories (catalog_id, parent_id, slug, name, position) VALUES (?, ?, ?, ?, ?) RETURNING id",
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
        for p in batch {
            let product_id: i64 = sqlx::query_scalar(
                "INSERT INTO products (catalog_id, category_id, slug, name, brand, description, art, featured, popularity, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            .fetch_one(&mut *self)
            .await?;
            for (pos, (name, value)) in p.attributes.iter().enumerate() {
                sqlx::query("INSERT INTO product_attributes (product_id, position, name, value) VALUES (?, ?, ?, ?)")
                    .bind(product_id)
                    .bind(pos as i64)
                    .bind(name)
                    .bind(value)
                    .execute(&mut *self)
                    .await?;
            }
            for (pos, v) in p.variants.iter().enumerate() {
                let variant_id: i64 = sqlx::query_scalar(
                    "INSERT INTO variants (product_id, position, sku, color, size, capacity, stock)
                     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                )
                .bind(product_id)
                .bind(pos as i64)
                .bind(&v.sku)
                .bind(v.color)
                .bind(v.size)
                .bind(v.capacity)
                .bind(v.stock)
                .fetch_one(&mut *self)
                .await?;
                for (currency, amount) in v.prices {
                    sqlx::query("INSERT INTO prices (variant_id, currency, amount) VALUES (?, ?, ?)")
                        .bind(variant_id)
                        .bind(currency)
                        .bind(amount)
                        .execute(&mut *self)
                        .await?;
                }
            }
        }
        Ok(())
    }
}
