//! Our own catalog format: JSON lines, one product per line, everything the catalog
//! holds (see README, "Catalog files"). Amounts are in the minor units of the import's
//! currency (cents). `export` writes it; `import` reads it back unchanged.

use std::collections::HashSet;
use std::io::BufRead;

use super::catalog_file::{CatalogFile, ImportProduct};
use super::report::Report;

pub fn parse(input: impl BufRead, report: &mut Report) -> CatalogFile {
    let mut products = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let number = i as u64 + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                report.error(number, None, format!("unreadable: {e}"));
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<ImportProduct>(&line) {
            Ok(mut product) => {
                for v in &mut product.variants {
                    v.line = number;
                }
                for image in &mut product.images {
                    image.line = number;
                }
                products.push((number, product));
            }
            Err(e) => report.error(number, None, format!("not a product: {e}")),
        }
    }
    check(&products, report);
    CatalogFile {
        products: products.into_iter().map(|(_, p)| p).collect(),
    }
}

/// What the model requires that JSON alone does not say.
fn check(products: &[(u64, ImportProduct)], report: &mut Report) {
    let mut handles = HashSet::new();
    let mut skus = HashSet::new();
    for (line, p) in products {
        let line = *line;
        if !super::is_handle(&p.handle) {
            report.error(
                line,
                Some("handle"),
                format!("\"{}\" is not a handle (a-z, 0-9 and dashes)", p.handle),
            );
        }
        if !handles.insert(p.handle.as_str()) {
            report.error(
                line,
                Some("handle"),
                format!("\"{}\" is a second product with this handle", p.handle),
            );
        }
        if p.title.trim().is_empty() {
            report.error(line, Some("title"), "no title");
        }
        if p.variants.is_empty() {
            report.error(line, Some("variants"), "no variant");
        }
        for problem in p
            .options
            .iter()
            .filter_map(|o| super::catalog_file::option_name_problem(o))
        {
            report.error(line, Some("options"), problem);
        }
        for v in &p.variants {
            if v.sku.trim().is_empty() {
                report.error(line, Some("sku"), "a variant without a SKU");
            } else if !skus.insert(v.sku.as_str()) {
                report.error(line, Some("sku"), format!("{} is in the file twice", v.sku));
            }
            if v.options.len() != p.options.len() {
                report.error(
                    line,
                    Some("options"),
                    format!(
                        "{} has {} option values for {} options",
                        v.sku,
                        v.options.len(),
                        p.options.len()
                    ),
                );
            }
            if v.price < 0 || v.compare_at.is_some_and(|c| c < 0) {
                report.error(line, Some("price"), format!("{} has a negative price", v.sku));
            }
            if let Some(src) = &v.image {
                if !p.images.iter().any(|i| &i.src == src) {
                    report.error(
                        line,
                        Some("image"),
                        format!("{}'s image {src} is not among the product's images", v.sku),
                    );
                }
            }
        }
    }
}

/// One line per product, in the order given.
pub fn write(file: &CatalogFile, out: &mut impl std::io::Write) -> std::io::Result<()> {
    for p in &file.products {
        serde_json::to_writer(&mut *out, p)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes_and_reports_lines() {
        let text = r#"{"handle":"tee","title":"Tee","body_html":"","brand":"B","category":"Tops","tags":[],"sold":true,"seo_title":null,"seo_description":null,"options":["Size"],"variants":[{"sku":"T-S","options":["S"],"price":1000,"compare_at":null,"stock":3,"backorder":false,"image":null}],"images":[]}
not json
{"handle":"Bad Handle","title":"","body_html":"","brand":"","category":"","tags":[],"sold":true,"seo_title":null,"seo_description":null,"options":[],"variants":[{"sku":"T-S","options":["x"],"price":-1,"compare_at":null,"stock":0,"backorder":false,"image":"nope.jpg"}],"images":[]}
"#;
        let mut report = Report::new("c.jsonl");
        let file = parse(text.as_bytes(), &mut report);
        assert_eq!(file.products.len(), 2);
        let printed = report.to_string();
        for expected in [
            "c.jsonl:2: error: not a product",
            "c.jsonl:3: error: column \"handle\": \"Bad Handle\" is not a handle",
            "c.jsonl:3: error: column \"title\": no title",
            "c.jsonl:3: error: column \"sku\": T-S is in the file twice",
            "c.jsonl:3: error: column \"options\": T-S has 1 option values for 0 options",
            "c.jsonl:3: error: column \"price\": T-S has a negative price",
            "c.jsonl:3: error: column \"image\": T-S's image nope.jpg is not among the product's images",
        ] {
            assert!(printed.contains(expected), "{expected} missing from:\n{printed}");
        }
        let mut out = Vec::new();
        write(
            &CatalogFile {
                products: vec![file.products[0].clone()],
            },
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            text.lines().next().unwrap().to_string() + "\n"
        );
    }
}
