//! What crawlers fetch besides pages: `/robots.txt` and the sitemap, both per store.

use std::fmt::Write;
use std::sync::Arc;

use app::commerce::{Commerce, StoreScope};
use app::store::STORE;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::HttpError;

/// The protocol's limit of URLs per sitemap file.
pub const URLS_PER_FILE: u64 = 50_000;

/// Pages about one shopper are of no use in a search index.
pub async fn robots() -> Response {
    let mut text = String::from("User-agent: *\n");
    for path in app::routes::crawler_disallowed() {
        let _ = writeln!(text, "Disallow: {path}");
    }
    let _ = writeln!(text, "\nSitemap: {}", url("/sitemap.xml"));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// `/sitemap.xml`: every URL of the store, or, past [`URLS_PER_FILE`], an index of files.
pub async fn index(State(commerce): State<Arc<dyn Commerce>>) -> Result<Response, HttpError> {
    let scope = scope()?;
    let sitemap = Sitemap::of(commerce.as_ref(), &scope, URLS_PER_FILE).await?;
    let xml = match sitemap.files() {
        1 => sitemap.file(commerce.as_ref(), &scope, 1).await?,
        n => sitemap.index(n),
    };
    Ok(xml_response(xml))
}

/// `/sitemap/{n}.xml`: one file of a split sitemap.
pub async fn file(State(commerce): State<Arc<dyn Commerce>>, Path(name): Path<String>) -> Result<Response, HttpError> {
    let scope = scope()?;
    let n: u64 = name
        .strip_suffix(".xml")
        .and_then(|n| n.parse().ok())
        .ok_or(HttpError::NotFound)?;
    let sitemap = Sitemap::of(commerce.as_ref(), &scope, URLS_PER_FILE).await?;
    if n == 0 || n > sitemap.files() {
        return Err(HttpError::NotFound);
    }
    Ok(xml_response(sitemap.file(commerce.as_ref(), &scope, n).await?))
}

/// The store's URLs in a fixed order: home, categories, then products by slug.
pub struct Sitemap {
    fixed: Vec<String>,
    products: u64,
    per_file: u64,
}

impl Sitemap {
    pub async fn of(commerce: &dyn Commerce, scope: &StoreScope, per_file: u64) -> Result<Self, HttpError> {
        let mut fixed = vec![url("/")];
        let mut stack = commerce.category_tree(scope).await?;
        while let Some(c) = stack.pop() {
            fixed.push(url(&format!("/c/{}", c.slug)));
            for child in c.children.iter().rev() {
                if let Some(full) = commerce.category(scope, &child.slug).await? {
                    stack.push(full);
                }
            }
        }
        let products = commerce.product_count(scope).await?;
        Ok(Sitemap {
            fixed,
            products,
            per_file: per_file.max(1),
        })
    }

    pub fn total(&self) -> u64 {
        self.fixed.len() as u64 + self.products
    }

    pub fn files(&self) -> u64 {
        self.total().div_ceil(self.per_file).max(1)
    }

    /// The `<urlset>` of file `n` (from 1).
    pub async fn file(&self, commerce: &dyn Commerce, scope: &StoreScope, n: u64) -> Result<String, HttpError> {
        let start = (n - 1) * self.per_file;
        let end = (start + self.per_file).min(self.total());
        let fixed = self.fixed.len() as u64;
        let mut urls: Vec<String> = self
            .fixed
            .iter()
            .skip(start as usize)
            .take(end.saturating_sub(start) as usize)
            .cloned()
            .collect();
        if end > fixed {
            let from = start.saturating_sub(fixed);
            let slugs = commerce.product_slugs(scope, from, end - fixed - from).await?;
            urls.extend(slugs.iter().map(|s| url(&format!("/p/{s}"))));
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for u in urls {
            let _ = writeln!(xml, "<url><loc>{}</loc></url>", escape(&u));
        }
        xml.push_str("</urlset>\n");
        Ok(xml)
    }

    pub fn index(&self, files: u64) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for n in 1..=files {
            let _ = writeln!(
                xml,
                "<sitemap><loc>{}</loc></sitemap>",
                escape(&url(&format!("/sitemap/{n}.xml")))
            );
        }
        xml.push_str("</sitemapindex>\n");
        xml
    }
}

fn scope() -> Result<StoreScope, HttpError> {
    STORE
        .scope()
        .map_err(|e| HttpError::Storage(app::commerce::CommerceError::internal(e)))
}

fn url(path: &str) -> String {
    app::seo::absolute(path)
}

/// Markup's five special characters, for XML and HTML text and attributes alike.
pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn xml_response(xml: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        xml,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(escape("/p/a&b<c>"), "/p/a&amp;b&lt;c&gt;");
    }
}
