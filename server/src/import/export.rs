//! A catalog as our own format (`jsonl`), with its photos as files beside it: what
//! `import` reads back to the same catalog.

use std::collections::HashMap;
use std::path::Path;

use app::model::Currency;

use super::catalog_file::{CatalogFile, ImageRef, ImportProduct, ImportVariant};
use crate::on_either_pool;
use crate::photos::Format;
use crate::Database;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("reading the catalog: {0}")]
    Database(#[from] sqlx::Error),
    #[error("writing {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// A category is named by its name, or by its slug where another has the same name
/// (Women's and Men's "Shoes"), so importing the file puts products back where they were.
/// Folder beside the file that holds the photos it names.
const PHOTOS: &str = "images";

/// Writes the catalog's products priced in `currency` to `output`, photos into
/// `images/` beside it. Returns how many products were written.
pub async fn export(
    database: &Database,
    catalog: &str,
    currency: Currency,
    output: &Path,
) -> Result<usize, ExportError> {
    let (file, hashes) = read(database, catalog, currency).await?;
    let dir = output.parent().unwrap_or(Path::new(".")).join(PHOTOS);
    let failed = |path: &Path| {
        let path = path.display().to_string();
        move |source| ExportError::Write { path, source }
    };
    if !hashes.is_empty() {
        std::fs::create_dir_all(&dir).map_err(failed(&dir))?;
    }
    for (hash, format) in &hashes {
        let path = dir.join(format!("{hash}.{}", format.extension()));
        if path.is_file() {
            continue;
        }
        let Some(bytes) = database.photo(hash).await? else {
            continue;
        };
        std::fs::write(&path, bytes).map_err(failed(&path))?;
    }
    let mut out = Vec::new();
    super::jsonl::write(&file, &mut out).map_err(failed(output))?;
    std::fs::write(output, out).map_err(failed(output))?;
    Ok(file.products.len())
}

type ProductLine = (
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    bool,
    Option<String>,
    Option<String>,
    bool,
    String,
);
type VariantLine = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    bool,
    Option<String>,
    i64,
    Option<i64>,
);

async fn read(
    database: &Database,
    catalog: &str,
    currency: Currency,
) -> Result<(CatalogFile, Vec<(String, Format)>), sqlx::Error> {
    on_either_pool!(database, pool => {
        let products: Vec<ProductLine> = sqlx::query_as(
            "SELECT p.id, p.slug, p.name, p.body_html, p.description, p.brand,
                    CASE WHEN (SELECT count(*) FROM categories o WHERE o.catalog_id = c.catalog_id AND o.name = c.name) > 1
                         THEN c.slug ELSE c.name END,
                    p.tags, p.sold, p.seo_title, p.seo_description, p.featured, p.art
               FROM products p JOIN categories c ON c.id = p.category_id
              WHERE p.catalog_id = $1 ORDER BY p.id",
        )
        .bind(catalog)
        .fetch_all(pool)
        .await?;
        let variants: Vec<VariantLine> = sqlx::query_as(
            "SELECT v.product_id, v.sku, v.color, v.size, v.capacity, v.stock, v.backorder, v.image, pr.amount, pr.compare_at
               FROM variants v JOIN products p ON p.id = v.product_id
               JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $2
              WHERE p.catalog_id = $1 ORDER BY v.product_id, v.position",
        )
        .bind(catalog)
        .bind(currency.code())
        .fetch_all(pool)
        .await?;
        let options: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT v.sku, o.name, o.value FROM variant_options o JOIN variants v ON v.id = o.variant_id
               JOIN products p ON p.id = v.product_id WHERE p.catalog_id = $1 ORDER BY v.id, o.position",
        )
        .bind(catalog)
        .fetch_all(pool)
        .await?;
        let attributes: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT a.product_id, a.name, a.value FROM product_attributes a JOIN products p ON p.id = a.product_id
              WHERE p.catalog_id = $1 ORDER BY a.product_id, a.position",
        )
        .bind(catalog)
        .fetch_all(pool)
        .await?;
        let images: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT pi.product_id, pi.hash, pi.alt, i.content_type FROM product_images pi
               JOIN images i ON i.hash = pi.hash JOIN products p ON p.id = pi.product_id
              WHERE p.catalog_id = $1 ORDER BY pi.product_id, pi.position",
        )
        .bind(catalog)
        .fetch_all(pool)
        .await?;
        Ok(assemble(products, variants, options, attributes, images))
    })
}

fn assemble(
    products: Vec<ProductLine>,
    variants: Vec<VariantLine>,
    options: Vec<(String, String, String)>,
    attributes: Vec<(i64, String, String)>,
    images: Vec<(i64, String, String, String)>,
) -> (CatalogFile, Vec<(String, Format)>) {
    let src = |hash: &str, format: Format| format!("{PHOTOS}/{hash}.{}", format.extension());
    let mut named: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (sku, name, value) in options {
        named.entry(sku).or_default().push((name, value));
    }
    let mut by_product: HashMap<i64, Vec<VariantLine>> = HashMap::new();
    for v in variants {
        by_product.entry(v.0).or_default().push(v);
    }
    let attributes = super::write::grouped(attributes);
    let mut hashes: Vec<(String, Format)> = Vec::new();
    let mut formats: HashMap<String, Format> = HashMap::new();
    let mut pictures: HashMap<i64, Vec<ImageRef>> = HashMap::new();
    for (product, hash, alt, content_type) in images {
        let format = Format::from_content_type(&content_type).unwrap_or(Format::Jpeg);
        if !formats.contains_key(&hash) {
            formats.insert(hash.clone(), format);
            hashes.push((hash.clone(), format));
        }
        pictures.entry(product).or_default().push(ImageRef {
            src: src(&hash, format),
            alt,
            line: 0,
        });
    }
    let mut file = CatalogFile::default();
    for (
        id,
        slug,
        name,
        body_html,
        description,
        brand,
        category,
        tags,
        sold,
        seo_title,
        seo_description,
        featured,
        art,
    ) in products
    {
        let Some(rows) = by_product.remove(&id) else { continue };
        // Options as the catalog names them; the generated catalog has only the columns.
        let option_names: Vec<String> = match named.get(&rows[0].1) {
            Some(pairs) => pairs.iter().map(|(n, _)| n.clone()).collect(),
            None => [("color", &rows[0].2), ("size", &rows[0].3), ("capacity", &rows[0].4)]
                .into_iter()
                .filter(|(_, v)| v.is_some())
                .map(|(n, _)| n.to_string())
                .collect(),
        };
        let variants = rows
            .into_iter()
            .map(
                |(_, sku, color, size, capacity, stock, backorder, image, amount, compare_at)| {
                    let values = match named.get(&sku) {
                        Some(pairs) => pairs.iter().map(|(_, v)| v.clone()).collect(),
                        None => [color, size, capacity].into_iter().flatten().collect(),
                    };
                    ImportVariant {
                        sku,
                        options: values,
                        price: amount,
                        compare_at,
                        stock,
                        backorder,
                        image: image.map(|h| src(&h, formats.get(&h).copied().unwrap_or(Format::Jpeg))),
                        line: 0,
                    }
                },
            )
            .collect();
        file.products.push(ImportProduct {
            handle: slug,
            title: name,
            body_html: body_html.unwrap_or_else(|| html_escape::encode_text(&description).into_owned()),
            brand,
            category,
            tags: tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            sold,
            seo_title,
            seo_description,
            options: option_names,
            variants,
            images: pictures.remove(&id).unwrap_or_default(),
            attributes: attributes.get(&id).cloned().unwrap_or_default(),
            featured,
            art: Some(art).filter(|a| !a.is_empty()),
        });
    }
    (file, hashes)
}
