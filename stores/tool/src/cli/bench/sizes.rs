//! What a browser downloads: the bundle files of each store's release site, raw and
//! brotli-compressed, and the bytes of a first visit to a category page as served.

use std::path::Path;

use super::super::CliError;
use super::http;

/// Raw and brotli (quality 11) bytes of one file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    pub raw: u64,
    pub brotli: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bundle {
    pub wasm: Size,
    pub js: Size,
    pub css: Size,
}

/// The `.wasm`, `.js` and `.css` files of a site's `pkg/` folder.
pub fn bundle(pkg: &Path) -> Result<Bundle, CliError> {
    let entries = std::fs::read_dir(pkg).map_err(|e| CliError::Other(format!("{}: {e}", pkg.display())))?;
    let mut bundle = Bundle::default();
    for entry in entries.flatten() {
        let path = entry.path();
        let slot = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => &mut bundle.wasm,
            Some("js") => &mut bundle.js,
            Some("css") => &mut bundle.css,
            _ => continue,
        };
        let bytes = std::fs::read(&path).map_err(|e| CliError::Other(format!("{}: {e}", path.display())))?;
        slot.raw += bytes.len() as u64;
        slot.brotli += brotli_len(&bytes);
    }
    Ok(bundle)
}

pub fn brotli_len(bytes: &[u8]) -> u64 {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams::default();
    // Writing into memory cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out.len() as u64
}

/// Bytes on the wire for a first visit to `page`: the HTML and every `/pkg/` file it
/// loads, each as the server sends it to a browser that accepts brotli. Images are left
/// out: they load lazily and differ per product.
pub fn first_load(addr: &str, page: &str) -> Result<u64, CliError> {
    let html = http::get(addr, page, Some("br, gzip"))?;
    let text = http::get(addr, page, None)?.text();
    let mut total = html.body.len() as u64;
    for asset in pkg_links(&text) {
        total += http::get(addr, &asset, Some("br, gzip"))?.body.len() as u64;
    }
    Ok(total)
}

/// `/pkg/…` URLs a page refers to, once each.
pub fn pkg_links(html: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for part in html.split("\"/pkg/").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let link = format!("/pkg/{}", &part[..end]);
        if !links.contains(&link) {
            links.push(link);
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_bundle_file_once() {
        let html = r#"<link href="/pkg/site-1a.css" rel="stylesheet"><link rel="modulepreload" href="/pkg/site-1a.js"><link rel="preload" href="/pkg/site-1a_bg.wasm"><script>import("/pkg/site-1a.js")</script>"#;
        assert_eq!(
            pkg_links(html),
            ["/pkg/site-1a.css", "/pkg/site-1a.js", "/pkg/site-1a_bg.wasm"]
        );
    }

    #[test]
    fn brotli_shrinks_repetitive_bytes() {
        let bytes = b"storefront ".repeat(1000);
        assert!(brotli_len(&bytes) < bytes.len() as u64 / 20);
    }
}
