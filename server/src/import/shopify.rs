//! Shopify's product CSV, as Shopify documents and exports it: rows grouped by `Handle`,
//! one per variant and one per extra image, the product's own fields on its first row
//! only. Columns may come in any order; unknown ones are ignored.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use app::model::Currency;

use super::catalog_file::{CatalogFile, ImageRef, ImportProduct, ImportVariant};
use super::report::Report;
#[cfg(test)]
use super::report::Severity;

/// What Shopify exports as the one option of a product without options.
const NO_OPTION: (&str, &str) = ("Title", "Default Title");
/// Shopify allows three options per product.
const OPTIONS: usize = 3;
const MAX_TEXT: usize = 255;

/// The column categories come from unless the import names another.
pub const CATEGORY_COLUMN: &str = "Type";

/// Reads the whole file, noting every problem in `report`; what it returns is only to be
/// written when the report has no error. Prices are read in `currency`; categories from
/// `category_column` (`Type`, or say `Product Category`, whose `A > B > C` paths give `C`).
pub fn parse(input: impl Read, currency: Currency, category_column: &str, report: &mut Report) -> CatalogFile {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let columns = match reader.headers() {
        Ok(headers) => Columns::new(headers),
        Err(e) => {
            report.error(1, None, format!("not a CSV file: {e}"));
            return CatalogFile::default();
        }
    };
    if !columns.has("Handle") {
        report.error(1, None, "no \"Handle\" column: not a Shopify product CSV");
        return CatalogFile::default();
    }
    // Without a Type column, products go to the catalog's "Other"; a column asked for by
    // name must be there.
    if category_column != CATEGORY_COLUMN && !columns.has(category_column) {
        report.error(
            1,
            None,
            format!("no \"{category_column}\" column to take categories from"),
        );
        return CatalogFile::default();
    }
    let mut file = Parsed::new(currency, category_column);
    for record in reader.records() {
        match record {
            Ok(row) => {
                let line = row.position().map_or(0, |p| p.line());
                file.row(
                    &Row {
                        line,
                        columns: &columns,
                        record: &row,
                    },
                    report,
                );
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.error(line, None, format!("unreadable row: {e}"));
            }
        }
    }
    file.finish(report)
}

/// Column indexes by header, which Shopify spells exactly (a byte-order mark tolerated).
struct Columns(HashMap<String, usize>);

impl Columns {
    fn new(headers: &csv::StringRecord) -> Self {
        let index = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim_start_matches('\u{feff}').trim().to_string(), i))
            .collect();
        Columns(index)
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

struct Row<'a> {
    line: u64,
    columns: &'a Columns,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed field, empty when the column or the field is missing.
    fn get(&self, column: &str) -> &str {
        self.columns
            .0
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map_or("", str::trim)
    }

    fn option_name(&self, n: usize) -> &str {
        self.get(&format!("Option{n} Name"))
    }

    fn option_value(&self, n: usize) -> &str {
        self.get(&format!("Option{n} Value"))
    }

    fn is_variant(&self) -> bool {
        ["Variant SKU", "Variant Price", "Option1 Value"]
            .iter()
            .any(|c| !self.get(c).is_empty())
    }
}

/// The products read so far, and what later rows are checked against.
struct Parsed {
    currency: Currency,
    category_column: String,
    products: Vec<ImportProduct>,
    /// Where each product began: a handle seen again after another product is an error.
    handles: HashMap<String, u64>,
    /// Handles whose first row was refused: their later rows say nothing new.
    refused: HashSet<String>,
    /// The handle of the previous row, and of the product whose rows are being read.
    last_handle: String,
    current: Option<String>,
    skus: HashMap<String, u64>,
    /// Image positions of the current product, to order its images.
    positions: Vec<(u32, ImageRef)>,
}

impl Parsed {
    fn new(currency: Currency, category_column: &str) -> Self {
        Parsed {
            currency,
            category_column: category_column.to_string(),
            products: Vec::new(),
            handles: HashMap::new(),
            refused: HashSet::new(),
            last_handle: String::new(),
            current: None,
            skus: HashMap::new(),
            positions: Vec::new(),
        }
    }

    fn row(&mut self, row: &Row, report: &mut Report) {
        let handle = row.get("Handle");
        if handle.is_empty() {
            report.error(row.line, Some("Handle"), "missing handle");
            return;
        }
        if handle != self.last_handle {
            self.last_handle = handle.to_string();
            self.begin(row, report);
        }
        // Rows of a refused product say nothing more.
        if self.current.as_deref() != Some(handle) {
            return;
        }
        if row.is_variant() {
            self.variant(row, report);
        }
        self.image(row, report);
    }

    /// The first row of a handle: the product's own row, or why it is refused.
    fn begin(&mut self, row: &Row, report: &mut Report) {
        if self.current.take().is_some() {
            self.close_images();
        }
        let handle = row.get("Handle");
        if self.refused.contains(handle) {
            return;
        }
        if let Some(first) = self.handles.get(handle) {
            report.error(
                row.line,
                Some("Handle"),
                format!("\"{handle}\" began on line {first}; a product's rows must follow each other"),
            );
            return;
        }
        if row.get("Title").is_empty() {
            report.error(
                row.line,
                Some("Title"),
                format!("a row of \"{handle}\" before its product row (the first row of a product has its Title)"),
            );
            self.refused.insert(handle.to_string());
            return;
        }
        match self.product(row, report) {
            Some(product) => {
                self.handles.insert(handle.to_string(), row.line);
                self.products.push(product);
                self.current = Some(handle.to_string());
            }
            None => {
                self.refused.insert(handle.to_string());
            }
        }
    }

    /// The product's own fields, from its first row.
    fn product(&self, row: &Row, report: &mut Report) -> Option<ImportProduct> {
        let handle = row.get("Handle");
        if !super::is_handle(handle) {
            report.error(
                row.line,
                Some("Handle"),
                format!("\"{handle}\" is not a URL handle (lowercase letters, digits and hyphens, at most {MAX_TEXT})"),
            );
            return None;
        }
        let title = row.get("Title");
        if title.chars().count() > MAX_TEXT {
            report.error(row.line, Some("Title"), format!("longer than {MAX_TEXT} characters"));
        }
        let status = row.get("Status").to_ascii_lowercase();
        let active = match status.as_str() {
            "" | "active" => true,
            "draft" | "archived" => false,
            other => {
                report.error(
                    row.line,
                    Some("Status"),
                    format!("\"{other}\" is not active, draft or archived"),
                );
                true
            }
        };
        let published = match flag(row.get("Published")) {
            Some(p) => p,
            None => {
                report.error(
                    row.line,
                    Some("Published"),
                    format!("\"{}\" is not TRUE or FALSE", row.get("Published")),
                );
                true
            }
        };
        let mut options = Vec::new();
        for n in 1..=OPTIONS {
            let name = row.option_name(n);
            if name.is_empty() {
                continue;
            }
            if options.len() + 1 != n {
                report.error(
                    row.line,
                    Some(&format!("Option{n} Name")),
                    format!("Option{} Name is empty", n - 1),
                );
            }
            let only_default = n == 1 && name == NO_OPTION.0 && row.option_value(1) == NO_OPTION.1;
            if !only_default {
                if let Some(problem) = super::catalog_file::option_name_problem(name) {
                    report.error(row.line, Some(&format!("Option{n} Name")), problem);
                }
                options.push(name.to_string());
            }
        }
        let text = |c: &str| Some(row.get(c).to_string()).filter(|t| !t.is_empty());
        Some(ImportProduct {
            handle: handle.to_string(),
            title: title.to_string(),
            body_html: row.get("Body (HTML)").to_string(),
            brand: row.get("Vendor").to_string(),
            category: row
                .get(&self.category_column)
                .rsplit('>')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            tags: row
                .get("Tags")
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            sold: active && published,
            seo_title: text("SEO Title"),
            seo_description: text("SEO Description"),
            options,
            ..ImportProduct::default()
        })
    }

    fn variant(&mut self, row: &Row, report: &mut Report) {
        let line = row.line;
        let product = self.products.last_mut().expect("a product before its variants");
        let mut values = Vec::new();
        for n in 1..=OPTIONS {
            let value = row.option_value(n);
            let column = format!("Option{n} Value");
            match (product.options.get(n - 1), value.is_empty()) {
                (Some(name), true) => report.error(line, Some(&column), format!("no value for \"{name}\"")),
                (Some(_), false) => values.push(value.to_string()),
                (None, false) if !(n == 1 && value == NO_OPTION.1) => report.error(
                    line,
                    Some(&column),
                    format!("\"{value}\" has no option name (Option{n} Name on the product's first row)"),
                ),
                (None, _) => {}
            }
        }
        if product.variants.iter().any(|v| v.options == values) {
            report.error(
                line,
                Some("Option1 Value"),
                format!("\"{}\" has two variants with the options {values:?}", product.handle),
            );
        }
        let price = match row.get("Variant Price") {
            "" => {
                report.error(line, Some("Variant Price"), "missing price");
                0
            }
            text => self.currency.amount(text).map(|m| m.minor).unwrap_or_else(|| {
                report.error(line, Some("Variant Price"), format!("\"{text}\" is not a price"));
                0
            }),
        };
        let compare_at = match row.get("Variant Compare At Price") {
            "" => None,
            text => match self.currency.amount(text).map(|m| m.minor) {
                Some(before) if before > price => Some(before),
                Some(_) => {
                    report.warning(
                        line,
                        Some("Variant Compare At Price"),
                        "not above the price; no sale shown",
                    );
                    None
                }
                None => {
                    report.error(
                        line,
                        Some("Variant Compare At Price"),
                        format!("\"{text}\" is not a price"),
                    );
                    None
                }
            },
        };
        let stock = match row.get("Variant Inventory Qty") {
            "" => 0,
            text => match text.parse::<i64>() {
                Ok(n) if n < 0 => {
                    report.warning(line, Some("Variant Inventory Qty"), format!("{n} counted as 0"));
                    0
                }
                Ok(n) => n,
                Err(_) => {
                    report.error(
                        line,
                        Some("Variant Inventory Qty"),
                        format!("\"{text}\" is not a whole number"),
                    );
                    0
                }
            },
        };
        let backorder = match row.get("Variant Inventory Policy").to_ascii_lowercase().as_str() {
            "" | "deny" => false,
            "continue" => true,
            other => {
                report.error(
                    line,
                    Some("Variant Inventory Policy"),
                    format!("\"{other}\" is not deny or continue"),
                );
                false
            }
        };
        // Carts look SKUs up in capitals.
        let mut sku = row.get("Variant SKU").to_uppercase();
        if sku.is_empty() {
            sku = format!("{}-{}", product.handle.to_uppercase(), product.variants.len() + 1);
            report.warning(line, Some("Variant SKU"), format!("no SKU; named {sku}"));
        } else if sku.chars().count() > app::model::MAX_SKU_LEN {
            report.error(
                line,
                Some("Variant SKU"),
                format!("longer than {} characters", app::model::MAX_SKU_LEN),
            );
        }
        if let Some(first) = self.skus.get(&sku) {
            report.error(line, Some("Variant SKU"), format!("{sku} is also on line {first}"));
        } else {
            self.skus.insert(sku.clone(), line);
        }
        let image = Some(row.get("Variant Image").to_string()).filter(|s| !s.is_empty());
        product.variants.push(ImportVariant {
            sku,
            options: values,
            price,
            compare_at,
            stock,
            backorder,
            image,
            line,
        });
    }

    fn image(&mut self, row: &Row, report: &mut Report) {
        let src = row.get("Image Src");
        if src.is_empty() {
            return;
        }
        let position = match row.get("Image Position") {
            "" => u32::MAX,
            text => text.parse().unwrap_or_else(|_| {
                report.warning(
                    row.line,
                    Some("Image Position"),
                    format!("\"{text}\" is not a position; placed last"),
                );
                u32::MAX
            }),
        };
        if self.positions.iter().any(|(_, i)| i.src == src) {
            return;
        }
        let alt = row.get("Image Alt Text").to_string();
        self.positions.push((
            position,
            ImageRef {
                src: src.to_string(),
                alt,
                line: row.line,
            },
        ));
    }

    /// The current product's images in their positions (file order where equal), then
    /// any variant image the rows did not list.
    fn close_images(&mut self) {
        let Some(product) = self.products.last_mut() else {
            return;
        };
        let mut positions = std::mem::take(&mut self.positions);
        positions.sort_by_key(|(p, _)| *p);
        product.images = positions.into_iter().map(|(_, i)| i).collect();
        for v in &product.variants {
            if let Some(src) = &v.image {
                if !product.images.iter().any(|i| &i.src == src) {
                    let line = self.handles.get(&product.handle).copied().unwrap_or(0);
                    product.images.push(ImageRef {
                        src: src.clone(),
                        alt: product.title.clone(),
                        line,
                    });
                }
            }
        }
    }

    fn finish(mut self, report: &mut Report) -> CatalogFile {
        if self.current.take().is_some() {
            self.close_images();
        }
        for p in &self.products {
            if p.variants.is_empty() {
                let line = self.handles.get(&p.handle).copied().unwrap_or(0);
                report.error(
                    line,
                    None,
                    format!("\"{}\" has no variant row (a row with its price)", p.handle),
                );
            }
        }
        CatalogFile {
            products: self.products,
        }
    }
}

/// `TRUE`/`FALSE` as Shopify writes them, any case; empty means published.
fn flag(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "" | "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> (CatalogFile, Report) {
        let mut report = Report::new("t.csv");
        let file = parse(
            csv.as_bytes(),
            Currency::parse("USD").unwrap(),
            CATEGORY_COLUMN,
            &mut report,
        );
        (file, report)
    }

    const HEADER: &str = "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,Variant Inventory Qty,Variant Inventory Policy,Variant Price,Variant Compare At Price,Image Src,Image Position,Image Alt Text,Variant Image,SEO Title,SEO Description,Status";

    #[test]
    fn a_product_with_three_options_its_variants_and_images() {
        let csv = format!(
            "\u{feff}{HEADER}\n\
             tee,Tee,\"<p>Soft, \"\"heavy\"\"\ncotton</p>\",Atelier,Shirts,\"summer, cotton\",TRUE,Color,Navy,Size,M,Fit,Slim,tee-nm,5,deny,19.99,25.00,img/tee-back.jpg,2,Back,img/tee-navy.jpg,Tee!,A tee.,active\n\
             tee,,,,,,,,Navy,,L,,Slim,TEE-NL,0,continue,19.99,,img/tee-front.jpg,1,Front,,,,\n\
             tee,,,,,,,,,,,,,,,,,,img/tee-side.jpg,3,Side,,,,\n"
        );
        let (file, report) = read(&csv);
        assert_eq!(report.errors(), 0, "{report}");
        let [tee] = &file.products[..] else { panic!("{file:?}") };
        assert_eq!(tee.title, "Tee");
        assert_eq!(tee.body_html, "<p>Soft, \"heavy\"\ncotton</p>");
        assert_eq!((tee.brand.as_str(), tee.category.as_str()), ("Atelier", "Shirts"));
        assert_eq!(tee.tags, ["summer", "cotton"]);
        assert_eq!(tee.options, ["Color", "Size", "Fit"]);
        assert!(tee.sold);
        assert_eq!(tee.seo_title.as_deref(), Some("Tee!"));
        let skus: Vec<_> = tee.variants.iter().map(|v| v.sku.as_str()).collect();
        assert_eq!(skus, ["TEE-NM", "TEE-NL"], "SKUs in capitals, as carts look them up");
        assert_eq!(tee.variants[0].options, ["Navy", "M", "Slim"]);
        assert_eq!((tee.variants[0].price, tee.variants[0].compare_at), (1999, Some(2500)));
        assert_eq!((tee.variants[1].stock, tee.variants[1].backorder), (0, true));
        let images: Vec<_> = tee.images.iter().map(|i| i.src.as_str()).collect();
        assert_eq!(
            images,
            [
                "img/tee-front.jpg",
                "img/tee-back.jpg",
                "img/tee-side.jpg",
                "img/tee-navy.jpg"
            ],
            "by position, then the variant's own"
        );
        assert_eq!(tee.variants[0].image.as_deref(), Some("img/tee-navy.jpg"));
    }

    #[test]
    fn drafts_archived_and_unpublished_are_not_sold_and_default_title_is_no_option() {
        let csv = format!(
            "{HEADER}\n\
             a,A,,,,,TRUE,Title,Default Title,,,,,A1,1,,1.00,,,,,,,,draft\n\
             b,B,,,,,FALSE,Title,Default Title,,,,,B1,1,,1.00,,,,,,,,active\n\
             c,C,,,,,TRUE,Title,Default Title,,,,,C1,1,,1.00,,,,,,,,archived\n\
             d,D,,,,,,Title,Default Title,,,,,D1,1,,1.00,,,,,,,,\n"
        );
        let (file, report) = read(&csv);
        assert_eq!(report.errors(), 0, "{report}");
        let sold: Vec<_> = file.products.iter().map(|p| (p.handle.as_str(), p.sold)).collect();
        assert_eq!(sold, [("a", false), ("b", false), ("c", false), ("d", true)]);
        assert!(file
            .products
            .iter()
            .all(|p| p.options.is_empty() && p.variants[0].options.is_empty()));
    }

    #[test]
    fn an_option_that_cannot_be_a_url_parameter_is_refused_with_the_reason() {
        let long = "Finish ".repeat(6);
        let csv = format!(
            "{HEADER}\n\
             mug,Mug,,,,,TRUE,Page,Big,Material,Stone,{long},Matte,M1,1,,5.00,,,,,,,,active\n"
        );
        let (_, report) = read(&csv);
        let refused: Vec<_> = report
            .problems
            .iter()
            .map(|p| (p.column.clone().unwrap_or_default(), p.message.clone()))
            .collect();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert_eq!(refused[0].0, "Option1 Name");
        assert!(
            refused[0].1.contains("\"Page\"") && refused[0].1.contains("\"page\""),
            "{}",
            refused[0].1
        );
        assert_eq!(refused[1].0, "Option3 Name");
    }

    #[test]
    fn columns_in_any_order_and_unknown_ones_ignored() {
        let csv = "Variant Price,Extra,Title,Handle,Variant SKU\n5.00,x,Cap,cap,cap-1\n";
        let (file, report) = read(csv);
        assert_eq!(report.errors(), 0, "{report}");
        assert_eq!(file.products[0].variants[0].price, 500);
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_column() {
        let csv = format!(
            "{HEADER}\n\
             ,Nameless,,,,,,,,,,,,X1,1,,1.00,,,,,,,,\n\
             orphan,,,,,,,Size,M,,,,,O1,1,,1.00,,,,,,,,\n\
             shirt,Shirt,,,,,,Size,M,,,,,S1,1,,abc,,,,,,,,\n\
             shirt,,,,,,,,L,,,,,S1,1,,2.00,,,,,,,,\n\
             shirt,,,,,,,,XL,,Wide,,,S3,1,,2.00,1.00,,,,,,,\n\
             hat,Hat,,,,,,,,,,,,H1,2,sometimes,1.00,,,,,,,,\n\
             shirt,,,,,,,,S,,,,,S4,1,,2.00,,,,,,,,\n\
             Bad Handle,Bad,,,,,,,,,,,,B1,1,,1.00,,,,,,,,\n\
             empty,Empty,,,,,,,,,,,,,,,,,img.jpg,,,,,,\n"
        );
        let (_, report) = read(&csv);
        let found: Vec<_> = report
            .problems
            .iter()
            .map(|p| (p.severity, p.line, p.column.clone().unwrap_or_default()))
            .collect();
        use Severity::*;
        let want = [
            (Error, 2, "Handle".to_string()),
            (Error, 3, "Title".into()),
            (Error, 4, "Variant Price".into()),
            (Error, 5, "Variant SKU".into()),
            (Error, 6, "Option2 Value".into()),
            (Warning, 6, "Variant Compare At Price".into()),
            (Error, 7, "Variant Inventory Policy".into()),
            (Error, 8, "Handle".into()),
            (Error, 9, "Handle".into()),
            (Error, 10, String::new()),
        ];
        assert_eq!(found, want, "{report}");
        assert!(
            report
                .to_string()
                .contains("t.csv:5: error: column \"Variant SKU\": S1 is also on line 4"),
            "{report}"
        );
    }

    #[test]
    fn categories_from_a_column_of_the_retailers_choice() {
        let csv = "Handle,Title,Type,Product Category,Variant SKU,Variant Price\n\
                   coat,Coat,Outerwear,Apparel & Accessories > Clothing > Coats & Jackets,C-1,90.00\n";
        let mut report = Report::new("t.csv");
        let usd = Currency::parse("USD").unwrap();
        let file = parse(csv.as_bytes(), usd, "Product Category", &mut report);
        assert_eq!(report.errors(), 0, "{report}");
        assert_eq!(file.products[0].category, "Coats & Jackets");
        let file = parse(csv.as_bytes(), usd, CATEGORY_COLUMN, &mut report);
        assert_eq!(file.products[0].category, "Outerwear");
        let mut report = Report::new("t.csv");
        parse(csv.as_bytes(), usd, "Collection", &mut report);
        assert!(
            report.to_string().contains("t.csv:1: error: no \"Collection\" column"),
            "{report}"
        );
    }

    #[test]
    fn not_a_shopify_file() {
        let (_, report) = read("name,price\nx,1\n");
        assert_eq!(report.errors(), 1);
        assert!(report.to_string().contains("Handle"));
    }
}
