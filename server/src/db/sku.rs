use app::commerce::StoreScope;
use app::model::{Money, SkuMatch, Stock};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

/// Variants of the store's catalog priced in its currency, by SKU. Unknown SKUs (and
/// SKUs of other catalogs) are simply absent from the result.
#[tracing::instrument(skip(pool))]
pub async fn variants_by_sku(
    pool: &SqlitePool,
    store: &StoreScope,
    skus: &[String],
) -> Result<Vec<SkuMatch>, sqlx::Error> {
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT v.sku, v.name, v.slug, v.amount, v.stock FROM sold_variants v WHERE v.currency = ",
    );
    qb.push_bind(store.currency.code().to_string());
    qb.push(" AND v.catalog_id = ").push_bind(store.catalog.clone());
    super::push_in(&mut qb, "v.sku", skus);
    let rows: Vec<(String, String, String, i64, i64)> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows
        .into_iter()
        .map(|(sku, product_name, product_slug, amount, stock)| SkuMatch {
            sku,
            product_name,
            product_slug,
            price: Money::new(amount, store.currency),
            stock: Stock::counted(stock),
        })
        .collect())
}
