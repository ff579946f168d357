//! The browser bundle: `cargo leptos` builds this crate for `wasm32-unknown-unknown` and
//! the page's loader calls [`hydrate`], which hydrates the app's islands.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::hydrate();
}
