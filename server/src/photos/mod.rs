//! Imported product photos, served at a few fixed widths in WebP and their own format:
//! `/images/{hash}/{width}.{ext}`. Originals are in the database (every replica reads
//! them); resized copies are made on first request and kept on this machine's disk.

mod photo;
mod resize;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::Database;
pub use photo::{Format, Photo, PhotoError, MAX_BYTES, MAX_SIDE};

/// The widths pages ask for; any other is not found, so the cache stays bounded.
pub const WIDTHS: [u32; 4] = [320, 640, 960, 1280];
/// The width a page's `src` names, for browsers that ignore `srcset`.
const DEFAULT_WIDTH: u32 = 640;

/// How a page shows a photo of `width`×`height`: its `src` in the original's format and
/// a `srcset` of WebP widths up to the original's.
pub fn image(hash: &str, format: Format, width: u32, height: u32, alt: &str) -> app::model::Image {
    let url = |w: u32, f: Format| format!("/images/{hash}/{w}.{}", f.extension());
    let mut candidates: Vec<String> = WIDTHS
        .iter()
        .filter(|w| **w < width)
        .map(|w| format!("{} {w}w", url(*w, Format::Webp)))
        .collect();
    // The first width at least as wide as the original answers the original's size.
    if let Some(w) = WIDTHS.iter().find(|w| **w >= width) {
        candidates.push(format!("{} {width}w", url(*w, Format::Webp)));
    }
    let src = WIDTHS
        .iter()
        .copied()
        .find(|w| *w >= DEFAULT_WIDTH.min(width))
        .unwrap_or(DEFAULT_WIDTH);
    let mut image = app::model::Image::new(url(src, format), alt).sized(width, height);
    image.srcset = (!candidates.is_empty()).then(|| candidates.join(", "));
    image
}

/// A resized copy: a photo's hash, a width, a format.
type Variant = (String, u32, Format);

/// Resized copies on disk; how many are made at once (each decodes a whole photo, up to
/// `photo::MAX_DECODE_BYTES`); and the ones being made, so that concurrent requests for
/// one copy wait for a single resize instead of each making it.
#[derive(Clone)]
pub struct PhotoCache {
    dir: PathBuf,
    resizing: Arc<Semaphore>,
    making: moka::future::Cache<Variant, Option<Bytes>>,
}

impl PhotoCache {
    pub fn new(dir: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        PhotoCache {
            dir,
            resizing: Arc::new(Semaphore::new(cores)),
            // Kept only for as long as requests that came together need it: the copy
            // on disk is what later ones read.
            making: moka::future::Cache::builder()
                .max_capacity(64)
                .time_to_live(Duration::from_secs(10))
                .build(),
        }
    }
}

/// `GET /images/{hash}/{width}.{ext}`
pub async fn serve(
    State(database): State<Database>,
    State(cache): State<PhotoCache>,
    Path((hash, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some((width, format)) = parse_request(&hash, &file) else {
        return (StatusCode::NOT_FOUND, "no such image").into_response();
    };
    // The URL names everything the bytes depend on: they never change.
    let etag = format!("\"{hash}-{width}.{}\"", format.extension());
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    match resized(&database, &cache, hash.clone(), width, format).await {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, format.content_type().to_string()),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable".into()),
                (header::ETAG, etag),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "no such image").into_response(),
        Err(e) => {
            tracing::error!(hash, width, error = %e, "resizing a photo failed");
            let status = if matches!(*e, ServeError::Database(_)) {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            (status, "the image cannot be shown now").into_response()
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum ServeError {
    #[error("reading the original: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Resize(#[from] resize::ResizeError),
}

/// A hash as imports write them (hex) and a known width and format.
fn parse_request(hash: &str, file: &str) -> Option<(u32, Format)> {
    if hash.len() != 32 || !hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return None;
    }
    let (width, ext) = file.split_once('.')?;
    let width: u32 = width.parse().ok().filter(|w| WIDTHS.contains(w))?;
    Some((width, Format::from_extension(ext)?))
}

async fn resized(
    database: &Database,
    cache: &PhotoCache,
    hash: String,
    width: u32,
    format: Format,
) -> Result<Option<Bytes>, Arc<ServeError>> {
    let path = cache.dir.join(format!("{hash}-{width}.{}", format.extension()));
    if let Ok(bytes) = tokio::fs::read(&path).await {
        return Ok(Some(bytes.into()));
    }
    let make = make(database, cache, hash.clone(), width, format, path);
    cache.making.try_get_with((hash, width, format), make).await
}

/// Resizes the original and keeps the copy on disk.
async fn make(
    database: &Database,
    cache: &PhotoCache,
    hash: String,
    width: u32,
    format: Format,
    path: PathBuf,
) -> Result<Option<Bytes>, ServeError> {
    // A turn is taken before the original (up to 25 MB) is read, so requests waiting
    // for one hold no copy of theirs.
    let _permit = cache.resizing.acquire().await.ok();
    let Some(original) = database.photo(&hash).await? else {
        return Ok(None);
    };
    let bytes = tokio::task::spawn_blocking(move || resize::render(&original, width, format))
        .await
        .map_err(|e| resize::ResizeError::Encode(e.to_string()))??;
    // Written aside and renamed, so a reader never finds half a file.
    let aside = path.with_extension(format!("{}.{}", format.extension(), std::process::id()));
    let stored = async {
        tokio::fs::create_dir_all(&cache.dir).await?;
        tokio::fs::write(&aside, &bytes).await?;
        tokio::fs::rename(&aside, &path).await
    };
    if let Err(e) = stored.await {
        tracing::warn!(path = %path.display(), error = %e, "a resized photo was not cached");
    }
    Ok(Some(bytes.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_offers_webp_up_to_the_original_width() {
        let big = image("ab", Format::Jpeg, 1000, 800, "A");
        assert_eq!(big.url, "/images/ab/640.jpg");
        assert_eq!(
            big.srcset.as_deref(),
            Some("/images/ab/320.webp 320w, /images/ab/640.webp 640w, /images/ab/960.webp 960w, /images/ab/1280.webp 1000w")
        );
        assert_eq!((big.width, big.height), (Some(1000), Some(800)));
        let small = image("ab", Format::Png, 200, 100, "A");
        assert_eq!(small.url, "/images/ab/320.png");
        assert_eq!(small.srcset.as_deref(), Some("/images/ab/320.webp 200w"));
    }

    #[test]
    fn only_known_widths_and_formats_are_asked_for() {
        let hash = "0123456789abcdef0123456789abcdef";
        assert_eq!(parse_request(hash, "640.webp"), Some((640, Format::Webp)));
        assert_eq!(parse_request(hash, "641.webp"), None);
        assert_eq!(parse_request(hash, "640.svg"), None);
        assert_eq!(parse_request("../../etc/passwd", "640.webp"), None);
    }
}
