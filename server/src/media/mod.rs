//! Product images drawn on request as SVG from the product's art recipe and colour, so
//! the demo catalog looks real without shipping image files.

mod palette;
mod shapes;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub use palette::{APPAREL, ELECTRONICS};
pub use shapes::SHAPES;

/// Drawn pictures are square, this many pixels a side.
const SIZE: u32 = 400;
/// Views drawn of each colour.
const VIEWS: u8 = 3;

/// One drawn picture of `art` in `color`: `/media/{art}/{colour}/{view}.svg`.
pub fn picture(art: &str, color: Option<&str>, view: u8, alt: String) -> app::model::Image {
    let url = format!(
        "/media/{art}/{}/{view}.svg",
        app::model::url_segment(color.unwrap_or("default"))
    );
    app::model::Image::new(url, alt).sized(SIZE, SIZE)
}

/// Every view of `art` in `color`, described for a product called `name`.
pub fn gallery(art: &str, color: Option<&str>, name: &str) -> Vec<app::model::Image> {
    (0..VIEWS)
        .map(|view| {
            let alt = format!("{name} in {}, view {}", color.unwrap_or("its default colour"), view + 1);
            picture(art, color, view, alt)
        })
        .collect()
}

/// `GET /media/{art}/{colour}/{view}.svg`; a colour the palette does not know (an
/// imported product's) is drawn in the default grey.
pub async fn image(Path((art, color, file)): Path<(String, String, String)>) -> Response {
    let view = file
        .strip_suffix(".svg")
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|v| *v < VIEWS);
    let Some(((shape, seed), (hex, view))) =
        parse_art(&art).zip(palette::hex(&color).or(palette::hex("default")).zip(view))
    else {
        return (StatusCode::NOT_FOUND, "no such image").into_response();
    };
    let svg = shapes::draw(shape, seed, hex, view);
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            // The URL names everything the image depends on, so it never changes.
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        svg,
    )
        .into_response()
}

/// A drawing for a product that brings no photo, the same for the same handle.
pub fn art_for(handle: &str) -> String {
    let h = xxhash_rust::xxh3::xxh3_64(handle.as_bytes());
    format!("{}-{}", SHAPES[(h % SHAPES.len() as u64) as usize], h % 1000)
}

/// `tshirt-42` → (`tshirt`, 42), for known shapes only.
fn parse_art(art: &str) -> Option<(&'static str, u32)> {
    let (shape, seed) = art.rsplit_once('-')?;
    let shape = SHAPES.iter().find(|s| **s == shape)?;
    Some((shape, seed.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_known_art() {
        assert_eq!(parse_art("tshirt-42"), Some(("tshirt", 42)));
        assert_eq!(parse_art("spaceship-1"), None);
        assert_eq!(parse_art("tshirt-x"), None);
        assert_eq!(parse_art("tshirt"), None);
    }

    #[test]
    fn picture_urls_are_path_safe_and_sized() {
        let p = super::picture("tshirt-1", Some("Sky Blue"), 2, "x".into());
        assert_eq!(p.url, "/media/tshirt-1/sky-blue/2.svg");
        assert_eq!((p.width, p.height), (Some(400), Some(400)));
    }
}
