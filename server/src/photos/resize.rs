//! One photo at one width in one format.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageReader};

use super::photo::{limits, Format};

/// WebP's quality (0–100) for photos: visually lossless at product sizes.
const WEBP_QUALITY: f32 = 80.0;
const JPEG_QUALITY: u8 = 78;

#[derive(Debug, thiserror::Error)]
pub enum ResizeError {
    #[error("decoding: {0}")]
    Decode(#[from] image::ImageError),
    #[error("encoding: {0}")]
    Encode(String),
}

/// `original` scaled to `width` (never up), encoded as `format`.
pub fn render(original: &[u8], width: u32, format: Format) -> Result<Vec<u8>, ResizeError> {
    let mut reader = ImageReader::new(Cursor::new(original))
        .with_guessed_format()
        .map_err(image::ImageError::IoError)?;
    reader.limits(limits());
    let img = reader.decode()?;
    let img = if img.width() > width {
        let height = (u64::from(img.height()) * u64::from(width) / u64::from(img.width())).max(1) as u32;
        img.resize_exact(width, height, FilterType::CatmullRom)
    } else {
        img
    };
    encode(&img, format)
}

fn encode(img: &DynamicImage, format: Format) -> Result<Vec<u8>, ResizeError> {
    match format {
        Format::Webp => {
            // libwebp takes 8-bit RGB or RGBA.
            let img = if img.color().has_alpha() {
                DynamicImage::ImageRgba8(img.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(img.to_rgb8())
            };
            let encoder = webp::Encoder::from_image(&img).map_err(|e| ResizeError::Encode(e.to_string()))?;
            Ok(encoder.encode(WEBP_QUALITY).to_vec())
        }
        Format::Jpeg => {
            let mut out = Cursor::new(Vec::new());
            let rgb = img.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).encode_image(&rgb)?;
            Ok(out.into_inner())
        }
        other => {
            let mut out = Cursor::new(Vec::new());
            img.write_to(&mut out, other.image_format())?;
            Ok(out.into_inner())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photos::photo::tests::{png, png_header};

    #[test]
    fn a_resize_never_decodes_more_than_the_bound() {
        // A picture stored before the bound (or written by hand): refused for its size
        // before anything is allocated.
        let err = render(&png_header(6_000, 5_000), 640, Format::Webp).unwrap_err();
        assert!(
            matches!(err, ResizeError::Decode(image::ImageError::Limits(_))),
            "{err}"
        );
    }

    #[test]
    fn scales_down_keeping_the_aspect_and_never_up() {
        let original = png(1000, 500);
        let webp = render(&original, 320, Format::Webp).unwrap();
        let small = image::load_from_memory(&webp).unwrap();
        assert_eq!((small.width(), small.height()), (320, 160));
        let jpeg = render(&png(200, 100), 640, Format::Jpeg).unwrap();
        let same = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((same.width(), same.height()), (200, 100));
    }
}
