use app::commerce::StoreScope;
use app::model::{Availability, Money, ProductSummary};
use sqlx::{FromRow, SqlitePool};

/// The columns a product card needs. Callers add `FROM products p JOIN price_ranges r …`,
/// binding the currency to the join.
pub(super) const SUMMARY_COLUMNS: &str = concat!(
    "SELECT p.slug, p.name, p.brand, p.art, r.min_amount, r.max_amount, r.in_stock,
    (SELECT group_concat(color, '|') FROM (
        SELECT color FROM variants WHERE product_id = p.id AND color IS NOT NULL
         GROUP BY color ORDER BY MIN(position))) AS colors, ",
    photo_column!()
);

/// A card's photo, for imported products: `hash content-type width height` of the first.
macro_rules! photo_column {
    () => {
        "(SELECT pi.hash || ' ' || i.content_type || ' ' || i.width || ' ' || i.height
            FROM product_images pi JOIN images i ON i.hash = pi.hash
           WHERE pi.product_id = p.id ORDER BY pi.position LIMIT 1) AS photo"
    };
}
pub(crate) use photo_column;

#[derive(FromRow)]
pub(crate) struct SummaryRow {
    slug: String,
    name: String,
    brand: String,
    art: String,
    min_amount: i64,
    max_amount: i64,
    in_stock: bool,
    colors: Option<String>,
    photo: Option<String>,
}

impl SummaryRow {
    pub(crate) fn into_summary(self, store: &StoreScope) -> ProductSummary {
        let colors: Vec<String> = self
            .colors
            .map(|c| c.split('|').map(str::to_string).collect())
            .unwrap_or_default();
        let photo = self.photo.as_deref().and_then(|p| {
            let mut parts = p.split(' ');
            let (hash, content_type) = (parts.next()?, parts.next()?);
            let width = parts.next()?.parse().ok()?;
            let height = parts.next()?.parse().ok()?;
            let format = crate::photos::Format::from_content_type(content_type)?;
            Some(crate::photos::image(hash, format, width, height, &self.name))
        });
        ProductSummary {
            image: photo.unwrap_or_else(|| {
                crate::media::picture(&self.art, colors.first().map(String::as_str), 0, self.name.clone())
            }),
            slug: self.slug,
            name: self.name,
            brand: self.brand,
            price_from: Money::new(self.min_amount, store.currency),
            price_to: (self.max_amount != self.min_amount).then(|| Money::new(self.max_amount, store.currency)),
            availability: if self.in_stock {
                Availability::InStock
            } else {
                Availability::OutOfStock
            },
            colors,
        }
    }
}

#[tracing::instrument(skip(pool))]
pub async fn featured(pool: &SqlitePool, store: &StoreScope, limit: u32) -> Result<Vec<ProductSummary>, sqlx::Error> {
    let sql = format!(
        "{SUMMARY_COLUMNS} FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = ?
          WHERE p.catalog_id = ? AND p.featured = 1 ORDER BY p.popularity DESC, p.id LIMIT ?"
    );
    let rows: Vec<SummaryRow> = sqlx::query_as(&sql)
        .bind(store.currency.code())
        .bind(&store.catalog)
        .bind(limit)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary(store)).collect())
}

#[tracing::instrument(skip(pool))]
pub async fn by_slug(
    pool: &SqlitePool,
    store: &StoreScope,
    slugs: &[String],
) -> Result<Vec<ProductSummary>, sqlx::Error> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = cards_of(store, "");
    super::push_in(&mut qb, "p.slug", slugs);
    let rows: Vec<SummaryRow> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|r| r.into_summary(store)).collect())
}

/// Product cards for `ids`, in that order; ids the store does not sell are left out.
#[tracing::instrument(skip(pool))]
pub async fn by_ids(pool: &SqlitePool, store: &StoreScope, ids: &[i64]) -> Result<Vec<ProductSummary>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = cards_of(store, ", p.id AS id");
    qb.push(" AND p.id IN (");
    let mut list = qb.separated(", ");
    for id in ids {
        list.push_bind(*id);
    }
    list.push_unseparated(")");
    let rows: Vec<IdentifiedRow> = qb.build_query_as().fetch_all(pool).await?;
    Ok(in_order_of(
        ids,
        rows.into_iter().map(|r| (r.id, r.summary)).collect(),
        store,
    ))
}

/// Cards of `rows` (by product id) in the order of `ids`.
pub(crate) fn in_order_of(ids: &[i64], rows: Vec<(i64, SummaryRow)>, store: &StoreScope) -> Vec<ProductSummary> {
    let mut rows: Vec<(usize, SummaryRow)> = rows
        .into_iter()
        .filter_map(|(id, row)| Some((ids.iter().position(|i| *i == id)?, row)))
        .collect();
    rows.sort_by_key(|(at, _)| *at);
    rows.into_iter().map(|(_, r)| r.into_summary(store)).collect()
}

/// `SELECT` the card columns (and `extra`) of the products the store sells; callers add
/// `AND …` conditions.
fn cards_of(store: &StoreScope, extra: &str) -> sqlx::QueryBuilder<'static, sqlx::Sqlite> {
    let mut qb = sqlx::QueryBuilder::<sqlx::Sqlite>::new(SUMMARY_COLUMNS);
    qb.push(extra)
        .push(" FROM products p JOIN price_ranges r ON r.product_id = p.id AND r.currency = ")
        .push_bind(store.currency.code().to_string())
        .push(" WHERE p.catalog_id = ")
        .push_bind(store.catalog.clone());
    qb
}

#[derive(FromRow)]
struct IdentifiedRow {
    id: i64,
    #[sqlx(flatten)]
    summary: SummaryRow,
}
