//! A cached page's compressed copies, each made once, on the first request that asks for
//! it, and kept with the page. The compression layer outside the cache compressed every
//! hit again: every browser asks for compression, and a cached listing answered browsers
//! ~1,100 req/s (p99 110 ms) against 13,700 req/s for wrk, which asks for none.

use std::io::Write;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};

/// For a client that ranks brotli first: with a window fitted to the page, a 20 KB product
/// page and a 49 KB listing ~4× and ~8× smaller in 0.3 and 0.8 ms (alone; under load more,
/// see [`Encoding::preferred`]). 5 saves a few hundred bytes more for three times the time,
/// and its tables at the default 4 MB window cost a first render ~11 ms of CPU under load.
const BROTLI_QUALITY: i32 = 4;
const GZIP_LEVEL: u32 = 6;
/// Below this a compressed copy saves less than its headers cost.
const MIN_BYTES: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The one the request's `Accept-Encoding` ranks highest among br and gzip; gzip on a
    /// tie, which is what browsers send (no ranks). Our pages come out the same size either
    /// way (gzip 6: 4,888 and 6,561 bytes; brotli 4: 4,884 and 6,419), but brotli's tables
    /// are fresh memory on every page: ~170 page faults each, and a first render under load
    /// took 4.5 ms of CPU with it against 2.4 ms with gzip.
    pub fn preferred(headers: &HeaderMap) -> Self {
        let (mut br, mut gzip, mut any) = (None, None, None);
        let items = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','));
        for item in items {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let is = |coding: &str| name.eq_ignore_ascii_case(coding);
            if is("br") {
                br = Some(q);
            } else if is("gzip") || is("x-gzip") {
                gzip = Some(q);
            } else if name == "*" {
                any = Some(q);
            }
        }
        let br = br.or(any).unwrap_or(0.0);
        let gzip = gzip.or(any).unwrap_or(0.0);
        if gzip > 0.0 && gzip >= br {
            Encoding::Gzip
        } else if br > 0.0 {
            Encoding::Brotli
        } else {
            Encoding::Identity
        }
    }

    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
            Encoding::Identity => None,
        }
    }

    /// `None` if the encoder failed (the page is then sent as it is).
    pub fn compress(self, body: &[u8]) -> Option<Bytes> {
        let compressed = match self {
            Encoding::Brotli => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: BROTLI_QUALITY,
                    lgwin: (usize::BITS - body.len().leading_zeros()).clamp(10, 22) as i32,
                    size_hint: body.len(),
                    mode: brotli::enc::backward_references::BrotliEncoderMode::BROTLI_MODE_TEXT,
                    ..Default::default()
                };
                let mut out = Vec::with_capacity(body.len() / 4);
                brotli::BrotliCompress(&mut &body[..], &mut out, &params).map(|_| out)
            }
            Encoding::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(body.len() / 4),
                    flate2::Compression::new(GZIP_LEVEL),
                );
                encoder.write_all(body).and_then(|()| encoder.finish())
            }
            Encoding::Identity => return None,
        };
        compressed
            .map(Bytes::from)
            .map_err(|e| tracing::error!(error = %e, encoding = ?self, "page not compressed"))
            .ok()
    }
}

/// Whether a response's body is worth compressing: text of some size (not a picture).
pub fn compressible(headers: &HeaderMap, body: &[u8]) -> bool {
    let image = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("image/") && !v.starts_with("image/svg"));
    body.len() >= MIN_BYTES && !image && !headers.contains_key(header::CONTENT_ENCODING)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn preferred(accept: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        Encoding::preferred(&headers)
    }

    #[test]
    fn the_highest_ranked_accepted_encoding_wins() {
        assert_eq!(preferred("gzip, deflate, br, zstd"), Encoding::Gzip);
        assert_eq!(preferred("br"), Encoding::Brotli);
        assert_eq!(preferred("BR, GZip;Q=0.5"), Encoding::Brotli);
        assert_eq!(preferred("br;q=1, gzip;q=0.8"), Encoding::Brotli);
        assert_eq!(preferred("gzip;q=1.0, br;q=0.5"), Encoding::Gzip);
        assert_eq!(preferred("br;q=0, gzip"), Encoding::Gzip);
        assert_eq!(preferred("gzip;q=0, *"), Encoding::Brotli);
        assert_eq!(preferred("*"), Encoding::Gzip);
        assert_eq!(preferred("identity"), Encoding::Identity);
        assert_eq!(preferred("br;q=0, gzip;q=0"), Encoding::Identity);
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_copies_decode_to_the_page() {
        let page = "<p>the same words again and again</p>".repeat(200);
        let br = Encoding::Brotli.compress(page.as_bytes()).unwrap();
        let mut decoded = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        let gz = Encoding::Gzip.compress(page.as_bytes()).unwrap();
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut decoded)
            .unwrap();
        assert_eq!(decoded, page);
        assert!(br.len() < page.len() / 10 && gz.len() < page.len() / 10);
    }
}
