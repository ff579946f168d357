//! Colour names used by the catalog and the hex values the image art paints them with.

pub const APPAREL: &[(&str, &str)] = &[
    ("Black", "#1f2328"),
    ("White", "#f4f1ea"),
    ("Navy", "#1e3a5f"),
    ("Red", "#b3261e"),
    ("Olive", "#5b6236"),
    ("Sand", "#d8c3a0"),
    ("Sky", "#7fb5e0"),
    ("Plum", "#6d2f5a"),
    ("Forest", "#2e5e3e"),
    ("Rust", "#b5562b"),
];

pub const ELECTRONICS: &[(&str, &str)] = &[
    ("Graphite", "#3a3d42"),
    ("Silver", "#c9ccd1"),
    ("Midnight", "#1c2340"),
    ("Rose", "#e3b4b8"),
    ("Glacier", "#cfe3ea"),
    ("Sage", "#a7b89b"),
];

/// The hex colour for a URL colour segment (`sky`, `graphite`), if it is one of ours.
pub fn hex(url_name: &str) -> Option<&'static str> {
    APPAREL
        .iter()
        .chain(ELECTRONICS)
        .find(|(name, _)| name.eq_ignore_ascii_case(url_name))
        .map(|(_, hex)| *hex)
        .or((url_name == "default").then_some("#8a8f98"))
}
