//! The photos a catalog file names: read from paths relative to the file, or fetched
//! from URLs, and checked before anything is written. A file that cannot be read or is
//! not a whole picture is an error; a URL that cannot be reached is a warning (the
//! product is imported without that photo).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use crate::photos::{Photo, MAX_BYTES};

use super::catalog_file::CatalogFile;
use super::report::Report;

const COLUMN: &str = "Image Src";

/// Every photo `file` names, by its reference. References that failed are taken out of
/// `file`, so what is written names only photos that exist.
pub async fn load(file: &mut CatalogFile, base: &Path, report: &mut Report) -> HashMap<String, Photo> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("an HTTP client without custom TLS settings builds");
    let mut photos: HashMap<String, Photo> = HashMap::new();
    let mut failed: Vec<String> = Vec::new();
    for image in file.products.iter().flat_map(|p| &p.images) {
        if photos.contains_key(&image.src) || failed.contains(&image.src) {
            continue;
        }
        let src = image.src.clone();
        let bytes = if src.starts_with("http://") || src.starts_with("https://") {
            match fetch(&client, &src).await {
                Ok(bytes) => bytes,
                Err(why) => {
                    report.warning(image.line, Some(COLUMN), format!("{src}: {why}; imported without it"));
                    failed.push(src);
                    continue;
                }
            }
        } else {
            match read(base, &src).await {
                Ok(bytes) => bytes,
                Err(why) => {
                    report.error(image.line, Some(COLUMN), format!("{src}: {why}"));
                    failed.push(src);
                    continue;
                }
            }
        };
        match tokio::task::spawn_blocking(move || Photo::parse(bytes)).await {
            Ok(Ok(photo)) => {
                photos.insert(src, photo);
            }
            Ok(Err(why)) => {
                report.error(image.line, Some(COLUMN), format!("{src}: {why}"));
                failed.push(src);
            }
            Err(e) => {
                report.error(image.line, Some(COLUMN), format!("{src}: {e}"));
                failed.push(src);
            }
        }
    }
    for product in &mut file.products {
        product.images.retain(|i| photos.contains_key(&i.src));
        for v in &mut product.variants {
            if v.image.as_ref().is_some_and(|src| !photos.contains_key(src)) {
                v.image = None;
            }
        }
    }
    photos
}

/// A path relative to the file's folder; never outside the file system's usual files.
async fn read(base: &Path, src: &str) -> Result<Vec<u8>, String> {
    let path = base.join(src);
    let meta = tokio::fs::metadata(&path)
        .await
        .map_err(|e| format!("cannot be read ({e})"))?;
    if !meta.is_file() {
        return Err("is not a file".into());
    }
    if meta.len() > MAX_BYTES as u64 {
        return Err(format!("larger than {} MB", MAX_BYTES / 1024 / 1024));
    }
    tokio::fs::read(&path)
        .await
        .map_err(|e| format!("cannot be read ({e})"))
}

async fn fetch(client: &reqwest::Client, url: &str) -> Result<Vec<u8>, String> {
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot be fetched ({e})"))?;
    if !response.status().is_success() {
        return Err(format!("answered {}", response.status()));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| format!("cannot be fetched ({e})"))? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_BYTES {
            return Err(format!("larger than {} MB", MAX_BYTES / 1024 / 1024));
        }
    }
    Ok(bytes)
}
