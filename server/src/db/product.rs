use app::commerce::StoreScope;
use app::model::{
    CategoryRef, CustomFields, Image, Money, OptionAxis, Product, ProductDetails, ProductSummary, Stock, Variant,
};
use sqlx::{FromRow, SqlitePool};

use super::summary::{SummaryRow, SUMMARY_COLUMNS};
use crate::photos::Format;

#[derive(FromRow)]
pub(crate) struct ProductRow {
    pub id: i64,
    pub category_id: i64,
    slug: String,
    name: String,
    brand: String,
    description: String,
    art: String,
    body_html: Option<String>,
    seo_title: Option<String>,
    seo_description: Option<String>,
}

#[derive(FromRow)]
pub(crate) struct VariantRow {
    sku: String,
    color: Option<String>,
    size: Option<String>,
    capacity: Option<String>,
    stock: i64,
    amount: i64,
    compare_at: Option<i64>,
    image: Option<String>,
}

/// An imported photo of the product, in its place.
#[derive(FromRow)]
pub(crate) struct PhotoRow {
    hash: String,
    content_type: String,
    width: i64,
    height: i64,
    alt: String,
}

/// What a product page reads besides related products, in SQL both databases accept.
pub(crate) mod sql {
    pub const PRODUCT: &str =
        "SELECT id, category_id, slug, name, brand, description, art, body_html, seo_title, seo_description
          FROM products WHERE catalog_id = $1 AND slug = $2";
    pub const VARIANTS: &str = "SELECT v.sku, v.color, v.size, v.capacity, v.stock, v.amount, v.compare_at, v.image
           FROM sold_variants v WHERE v.currency = $1 AND v.product_id = $2 ORDER BY v.position";
    pub const BREADCRUMBS: &str = "WITH RECURSIVE up(id, parent_id, slug, name, depth) AS (
             SELECT id, parent_id, slug, name, 0 FROM categories WHERE id = $1
             UNION ALL
             SELECT c.id, c.parent_id, c.slug, c.name, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
              WHERE up.depth < 16)
         SELECT slug, name FROM up ORDER BY depth DESC";
    pub const ATTRIBUTES: &str = "SELECT name, value FROM product_attributes WHERE product_id = $1 ORDER BY position";
    pub const OPTIONS: &str =
        "SELECT v.sku, o.name, o.value FROM variant_options o JOIN variants v ON v.id = o.variant_id
          WHERE v.product_id = $1 ORDER BY v.position, o.position";
    pub const OPTION_NAMES: &str =
        "SELECT DISTINCT o.name FROM variant_options o JOIN variants v ON v.id = o.variant_id
           JOIN products p ON p.id = v.product_id WHERE p.catalog_id = $1";
    pub const PHOTOS: &str = "SELECT i.hash, i.content_type, i.width, i.height, pi.alt
           FROM product_images pi JOIN images i ON i.hash = pi.hash WHERE pi.product_id = $1 ORDER BY pi.position";
}

/// Everything of a product page but related products, read from `$pool` (either
/// database's): `None` when the store does not sell the product.
macro_rules! read_product {
    ($pool:expr, $store:expr, $slug:expr) => {
        async {
            use $crate::db::product::{sql, PhotoRow, ProductParts, ProductRow, VariantRow};
            let row: Option<ProductRow> = sqlx::query_as(sql::PRODUCT)
                .bind(&$store.catalog)
                .bind($slug)
                .fetch_optional($pool)
                .await?;
            let Some(row) = row else {
                return Ok::<_, sqlx::Error>(None);
            };
            let variants: Vec<VariantRow> = sqlx::query_as(sql::VARIANTS)
                .bind($store.currency.code())
                .bind(row.id)
                .fetch_all($pool)
                .await?;
            if variants.is_empty() {
                return Ok(None);
            }
            let breadcrumbs = sqlx::query_as::<_, (String, String)>(sql::BREADCRUMBS)
                .bind(row.category_id)
                .fetch_all($pool)
                .await?
                .into_iter()
                .map(|(slug, name)| app::model::CategoryRef { slug, name })
                .collect();
            let attributes = sqlx::query_as(sql::ATTRIBUTES).bind(row.id).fetch_all($pool).await?;
            let options = sqlx::query_as(sql::OPTIONS).bind(row.id).fetch_all($pool).await?;
            let photos: Vec<PhotoRow> = sqlx::query_as(sql::PHOTOS).bind(row.id).fetch_all($pool).await?;
            Ok(Some(ProductParts {
                row,
                variants,
                breadcrumbs,
                attributes,
                options,
                photos,
            }))
        }
    };
}
pub(crate) use read_product;

/// A product's rows, whichever database they came from.
pub(crate) struct ProductParts {
    pub row: ProductRow,
    pub variants: Vec<VariantRow>,
    pub breadcrumbs: Vec<CategoryRef>,
    pub attributes: Vec<(String, String)>,
    /// (SKU, option name, value) of every variant, for options beyond the three columns.
    pub options: Vec<(String, String, String)>,
    pub photos: Vec<PhotoRow>,
}

/// A product of the store's catalog with the variants priced in its currency. A product
/// with no price in that currency is not for sale here, so it is not found.
#[tracing::instrument(skip(pool))]
pub async fn product(pool: &SqlitePool, store: &StoreScope, slug: &str) -> Result<Option<Product>, sqlx::Error> {
    // One connection for the page's seven reads: each acquire from the pool costs.
    let mut conn = pool.acquire().await?;
    let Some(parts) = read_product!(&mut *conn, store, slug).await? else {
        return Ok(None);
    };
    let related = related(&mut conn, store, parts.row.id, parts.row.category_id).await?;
    Ok(Some(assemble(store, parts, related)))
}

/// The key an option goes by in URLs and facets: colour, size and capacity by their
/// column's name (a file's "Colour" is our `color`), any other in URL form.
pub fn option_key(name: &str) -> String {
    match name.trim().to_lowercase().as_str() {
        "color" | "colour" => "color".into(),
        "size" => "size".into(),
        "capacity" => "capacity".into(),
        other => app::model::url_segment(other),
    }
}

/// A product from its rows.
pub(crate) fn assemble(store: &StoreScope, parts: ProductParts, related: Vec<ProductSummary>) -> Product {
    let ProductParts {
        row,
        variants: variant_rows,
        breadcrumbs,
        attributes,
        options,
        photos,
    } = parts;
    let photos: Vec<(String, Image)> = photos
        .into_iter()
        .map(|p| {
            let format = Format::from_content_type(&p.content_type).unwrap_or(Format::Jpeg);
            let (w, h) = (
                u32::try_from(p.width).unwrap_or(0),
                u32::try_from(p.height).unwrap_or(0),
            );
            let alt = if p.alt.is_empty() { row.name.clone() } else { p.alt };
            (p.hash.clone(), crate::photos::image(&p.hash, format, w, h, &alt))
        })
        .collect();
    // Options as the catalog names them, when it does (imports); else the three columns.
    let mut labels: Vec<(String, String)> = Vec::new();
    let variants: Vec<Variant> = variant_rows
        .into_iter()
        .map(|v| {
            let named: Vec<(String, String)> = options
                .iter()
                .filter(|(sku, ..)| *sku == v.sku)
                .map(|(_, name, value)| {
                    let key = option_key(name);
                    if !labels.iter().any(|(k, _)| *k == key) {
                        labels.push((key.clone(), name.clone()));
                    }
                    (key, value.clone())
                })
                .collect();
            let options = if named.is_empty() {
                [("color", v.color.clone()), ("size", v.size), ("capacity", v.capacity)]
                    .into_iter()
                    .filter_map(|(axis, value)| value.map(|value| (axis.to_string(), value)))
                    .collect()
            } else {
                named
            };
            let images = if photos.is_empty() {
                crate::media::gallery(&row.art, v.color.as_deref(), &row.name)
            } else {
                // The variant's own photo first, then the product's others.
                match v
                    .image
                    .as_deref()
                    .and_then(|h| photos.iter().position(|(hash, _)| hash == h))
                {
                    Some(first) => std::iter::once(&photos[first])
                        .chain(photos.iter().enumerate().filter(|(i, _)| *i != first).map(|(_, p)| p))
                        .map(|(_, img)| img.clone())
                        .collect(),
                    None => Vec::new(),
                }
            };
            Variant {
                images,
                options,
                sku: v.sku,
                price: Money::new(v.amount, store.currency),
                compare_at: v
                    .compare_at
                    .filter(|c| *c > v.amount)
                    .map(|c| Money::new(c, store.currency)),
                stock: Stock::counted(v.stock),
            }
        })
        .collect();

    let category = breadcrumbs.last().cloned().unwrap_or(CategoryRef {
        slug: String::new(),
        name: String::new(),
    });
    let images = if photos.is_empty() {
        crate::media::gallery(&row.art, None, &row.name)
    } else {
        photos.into_iter().map(|(_, img)| img).collect()
    };
    Product {
        images,
        options: option_axes(&variants, &labels),
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
        details: ProductDetails {
            description_html: row.body_html,
            seo_title: row.seo_title,
            seo_description: row.seo_description,
        },
    }
}

/// Each axis any variant has, with its values in first-seen order; labelled as the
/// catalog names it where it does (`labels`, by key), else in the store's language.
fn option_axes(variants: &[Variant], labels: &[(String, String)]) -> Vec<OptionAxis> {
    let mut axes: Vec<OptionAxis> = Vec::new();
    for v in variants {
        for (axis, value) in &v.options {
            let i = match axes.iter().position(|a| a.name == *axis) {
                Some(i) => i,
                None => {
                    let label = super::facet_key::FacetKey::of_axis(axis)
                        .map(|k| k.label().to_string())
                        .or_else(|| labels.iter().find(|(k, _)| k == axis).map(|(_, l)| l.clone()))
                        .unwrap_or_else(|| axis.clone());
                    axes.push(OptionAxis {
                        name: axis.clone(),
                        label,
                        values: Vec::new(),
                    });
                    axes.len() - 1
                }
            };
            if !axes[i].values.iter().any(|x| x == value) {
                axes[i].values.push(value.clone());
            }
        }
    }
    axes
}

async fn related(
    conn: &mut sqlx::SqliteConnection,
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
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.into_summary(store)).collect())
}
