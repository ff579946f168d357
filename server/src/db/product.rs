use app::commerce::StoreScope;
use app::model::{CategoryRef, CustomFields, Money, OptionAxis, Product, ProductSummary, Stock, Variant};
use sqlx::{FromRow, SqlitePool};

use super::summary::{SummaryRow, SUMMARY_COLUMNS};

#[derive(FromRow)]
pub(crate) struct ProductRow {
    pub id: i64,
    pub category_id: i64,
    slug: String,
    name: String,
    brand: String,
    description: String,
    art: String,
}

#[derive(FromRow)]
pub(crate) struct VariantRow {
    sku: String,
    color: Option<String>,
    size: Option<String>,
    capacity: Option<String>,
    stock: i64,
    amount: i64,
}

/// Option axes in the order a shopper chooses them.
const AXES: [&str; 3] = ["color", "size", "capacity"];

/// A product of the store's catalog with the variants priced in its currency. A product
/// with no price in that currency is not for sale here, so it is not found.
#[tracing::instrument(skip(pool))]
pub async fn product(pool: &SqlitePool, store: &StoreScope, slug: &str) -> Result<Option<Product>, sqlx::Error> {
    let row: Option<ProductRow> = sqlx::query_as(
        "SELECT id, category_id, slug, name, brand, description, art FROM products WHERE catalog_id = ? AND slug = ?",
    )
    .bind(&store.catalog)
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };

    let variant_rows: Vec<VariantRow> = sqlx::query_as(
        "SELECT v.sku, v.color, v.size, v.capacity, v.stock, v.amount
           FROM sold_variants v WHERE v.currency = ? AND v.product_id = ? ORDER BY v.position",
    )
    .bind(store.currency.code())
    .bind(row.id)
    .fetch_all(pool)
    .await?;
    if variant_rows.is_empty() {
        return Ok(None);
    }
    let breadcrumbs: Vec<CategoryRef> = sqlx::query_as::<_, (String, String)>(
        "WITH RECURSIVE up(id, parent_id, slug, name, depth) AS (
             SELECT id, parent_id, slug, name, 0 FROM categories WHERE id = ?
             UNION ALL
             SELECT c.id, c.parent_id, c.slug, c.name, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
              WHERE up.depth < 16)
         SELECT slug, name FROM up ORDER BY depth DESC",
    )
    .bind(row.category_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(slug, name)| CategoryRef { slug, name })
    .collect();

    let attributes: Vec<(String, String)> =
        sqlx::query_as("SELECT name, value FROM product_attributes WHERE product_id = ? ORDER BY position")
            .bind(row.id)
            .fetch_all(pool)
            .await?;

    let related = related(pool, store, row.id, row.category_id).await?;
    Ok(Some(assemble(
        store,
        row,
        variant_rows,
        breadcrumbs,
        attributes,
        related,
    )))
}

/// A product from its rows, whichever database they came from.
pub(crate) fn assemble(
    store: &StoreScope,
    row: ProductRow,
    variant_rows: Vec<VariantRow>,
    breadcrumbs: Vec<CategoryRef>,
    attributes: Vec<(String, String)>,
    related: Vec<ProductSummary>,
) -> Product {
    let variants: Vec<Variant> = variant_rows
        .into_iter()
        .map(|v| Variant {
            images: crate::media::gallery(&row.art, v.color.as_deref(), &row.name),
            options: [("color", v.color), ("size", v.size), ("capacity", v.capacity)]
                .into_iter()
                .filter_map(|(axis, value)| value.map(|value| (axis.to_string(), value)))
                .collect(),
            sku: v.sku,
            price: Money::new(v.amount, store.currency),
            stock: Stock::counted(v.stock),
        })
        .collect();

    let category = breadcrumbs.last().cloned().unwrap_or(CategoryRef {
        slug: String::new(),
        name: String::new(),
    });
    Product {
        images: crate::media::gallery(&row.art, None, &row.name),
        options: option_axes(&variants),
        slug: row.slug,
        name: row.name,
        brand: row.brand,
        description: row.description,
        category,
        breadcrumbs,
        attributes,
        variants,
        related,
        custom: CustomFields::default(),
    }
}

/// Each axis any variant has, with its values in first-seen order.
fn option_axes(variants: &[Variant]) -> Vec<OptionAxis> {
    AXES.iter()
        .filter_map(|axis| {
            let mut values: Vec<String> = Vec::new();
            for v in variants {
                if let Some(value) = v.option(axis) {
                    if !values.iter().any(|x| x == value) {
                        values.push(value.to_string());
                    }
                }
            }
            (!values.is_empty()).then(|| OptionAxis {
                name: axis.to_string(),
                label: super::facet_key::FacetKey::of_axis(axis)
                    .map_or_else(|| axis.to_string(), |k| k.label().to_string()),
                values,
            })
        })
        .collect()
}

async fn related(
    pool: &SqlitePool,
    store: &StoreScope,
    product_id: i64,
    category_id: i64,
) -> Result<Vec<ProductSummary>, sqlx::Error> {
    let sql = format!(
        "{SUMMARY_COLUMNS} FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = ?
          WHERE p.category_id = ? AND p.id != ? ORDER BY p.popularity DESC, p.id LIMIT 4"
    );
    let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
        .bind(store.currency.code())
        .bind(category_id)
        .bind(product_id)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary(store)).collect())
}
