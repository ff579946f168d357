//! A picture a catalog brings, checked once at import: a known format, whole, within
//! the sizes a server can resize without running out of memory.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

/// Larger files are not product photos (a 6,000-pixel JPEG is a few megabytes).
pub const MAX_BYTES: usize = 25 * 1024 * 1024;
/// Neither side longer: resizing decodes the whole picture, 4 bytes a pixel.
pub const MAX_SIDE: u32 = 6_000;
/// Nor more pixels (6,000 × 4,000): what one decode may hold is bounded by this.
pub const MAX_PIXELS: u64 = 24_000_000;
/// The most one decode may allocate: the pixels at 4 bytes each, and the decoder's own
/// buffers. Resizes run one per core, so their memory is bounded too.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4 + 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("not a picture (JPEG, PNG, GIF or WebP)")]
    NotAnImage,
    #[error("larger than {} MB", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("{width}×{height} pixels: at most {MAX_SIDE} a side and 24 megapixels")]
    TooManyPixels { width: u32, height: u32 },
    #[error("cannot be decoded: {0}")]
    Broken(String),
}

/// A checked picture: its bytes as they came, named by their hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub hash: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// The formats served: the original's, and WebP for every picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }

    pub fn from_content_type(text: &str) -> Option<Self> {
        [Format::Jpeg, Format::Png, Format::Gif, Format::Webp]
            .into_iter()
            .find(|f| f.content_type() == text)
    }

    pub fn from_extension(text: &str) -> Option<Self> {
        [Format::Jpeg, Format::Png, Format::Gif, Format::Webp]
            .into_iter()
            .find(|f| f.extension() == text)
    }

    fn of(format: ImageFormat) -> Option<Self> {
        match format {
            ImageFormat::Jpeg => Some(Format::Jpeg),
            ImageFormat::Png => Some(Format::Png),
            ImageFormat::Gif => Some(Format::Gif),
            ImageFormat::WebP => Some(Format::Webp),
            _ => None,
        }
    }

    pub(super) fn image_format(self) -> ImageFormat {
        match self {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::Gif => ImageFormat::Gif,
            Format::Webp => ImageFormat::WebP,
        }
    }
}

/// The limits every decode runs under, at import and when resizing.
pub(super) fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

impl Photo {
    /// Checks `bytes` by decoding them whole: a truncated file fails here, not when a
    /// shopper asks for it.
    pub fn parse(bytes: Vec<u8>) -> Result<Photo, PhotoError> {
        if bytes.len() > MAX_BYTES {
            return Err(PhotoError::TooLarge);
        }
        let format = image::guess_format(&bytes)
            .ok()
            .and_then(Format::of)
            .ok_or(PhotoError::NotAnImage)?;
        let reader = || ImageReader::with_format(Cursor::new(&bytes), format.image_format());
        let (width, height) = reader()
            .into_dimensions()
            .map_err(|e| PhotoError::Broken(e.to_string()))?;
        if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(PhotoError::TooManyPixels { width, height });
        }
        if width == 0 || height == 0 {
            return Err(PhotoError::Broken("no pixels".into()));
        }
        // The JPEG decoder fills a cut-off picture with grey rather than failing; the
        // end-of-image marker cannot occur in the coded data (0xFF is stuffed there).
        if format == Format::Jpeg
            && !bytes[bytes.len().saturating_sub(1024)..]
                .windows(2)
                .any(|w| w == [0xFF, 0xD9])
        {
            return Err(PhotoError::Broken("cut off before its end".into()));
        }
        let mut full = reader();
        full.limits(limits());
        full.decode().map_err(|e| PhotoError::Broken(e.to_string()))?;
        let hash = Sha256::digest(&bytes)
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Photo {
            hash,
            format,
            width,
            height,
            bytes,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A real PNG of `width`×`height` in one colour.
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 40]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_picture_is_named_by_its_content() {
        let a = Photo::parse(png(40, 30)).unwrap();
        assert_eq!((a.width, a.height, a.format), (40, 30, Format::Png));
        assert_eq!(a.hash.len(), 32);
        assert_eq!(Photo::parse(png(40, 30)).unwrap().hash, a.hash);
        assert_ne!(Photo::parse(png(41, 30)).unwrap().hash, a.hash);
    }

    #[test]
    fn what_is_not_a_whole_picture_is_refused() {
        assert_eq!(
            Photo::parse(b"<html>not found</html>".to_vec()),
            Err(PhotoError::NotAnImage)
        );
        let bytes = png(300, 300);
        let cut = bytes[..bytes.len() / 2].to_vec();
        assert!(matches!(Photo::parse(cut), Err(PhotoError::Broken(_))));
    }

    #[test]
    fn a_cut_off_jpeg_is_refused() {
        let img = image::RgbImage::from_pixel(64, 64, image::Rgb([10, 20, 30]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        let whole = out.into_inner();
        assert!(Photo::parse(whole.clone()).is_ok());
        assert!(matches!(
            Photo::parse(whole[..whole.len() - 40].to_vec()),
            Err(PhotoError::Broken(_))
        ));
    }

    /// A PNG's signature and header chunk for `width`×`height` RGBA pixels, with hardly
    /// any pixel data: what a decoder reads before it allocates.
    pub(crate) fn png_header(width: u32, height: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut chunk = b"IHDR".to_vec();
        chunk.extend(width.to_be_bytes());
        chunk.extend(height.to_be_bytes());
        chunk.extend([8, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
        // A little compressed data: the header is all a decoder checks before allocating.
        let mut data = b"IDAT".to_vec();
        data.extend([0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        png.extend(8u32.to_be_bytes());
        png.extend(&data);
        png.extend(crc32(&data).to_be_bytes());
        png.extend([0, 0, 0, 0]);
        png.extend(b"IEND");
        png.extend(crc32(b"IEND").to_be_bytes());
        png
    }

    #[test]
    fn a_picture_within_each_side_but_over_the_pixels_is_refused() {
        let (w, h) = (6_000, 5_000);
        assert!(
            u64::from(w) * u64::from(h) * 4 > MAX_DECODE_BYTES,
            "a decode would pass the bound"
        );
        assert_eq!(
            Photo::parse(png_header(w, h)),
            Err(PhotoError::TooManyPixels { width: w, height: h })
        );
    }

    #[test]
    fn enormous_dimensions_are_refused_before_decoding() {
        // A PNG header claiming 100,000 × 100,000 pixels, with no pixel data.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(matches!(
            Photo::parse(bytes),
            Err(PhotoError::TooManyPixels { width: 100_000, .. }) | Err(PhotoError::Broken(_))
        ));
    }
}
