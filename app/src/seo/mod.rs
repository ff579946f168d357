//! What search engines and link previews read: the head tags of a page (title,
//! description, canonical, `hreflang`, OpenGraph, Twitter) and its JSON-LD.

include!(concat!(env!("OUT_DIR"), "/mods_seo.rs"));

pub use head::{absolute, Seo};
pub use json_ld::JsonLd;
