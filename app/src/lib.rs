//! The storefront app: components, pages, layouts and routes, rendered on the server
//! (feature `ssr`); in the browser (feature `hydrate`) only its islands hydrate.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/mods_root.rs"));

pub use crate::app::{shell, App};

/// Hydrates the page's islands; the browser bundle (`front`) calls it on load.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
    // The loader hydrates the page's islands right after this returns, in microtasks; a
    // timer runs after them all, so `data-hydrated` tells a test the islands are live.
    leptos::prelude::set_timeout(
        || {
            if let Some(root) = leptos::prelude::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "");
            }
        },
        std::time::Duration::ZERO,
    );
}
