//! The storefront app: components, pages, layouts and routes, rendered on the server
//! (feature `ssr`) and hydrated in the browser (feature `hydrate`).
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/mods_root.rs"));

pub use crate::app::{shell, App};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
