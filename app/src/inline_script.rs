//! The only script written into pages by hand: inline event handlers. The server's
//! Content-Security-Policy allows each of these by its hash and no other inline
//! handler, so a handler used in a component must be one of these constants.

/// Applies a GET form (the facets) as soon as a control changes, before any wasm has
/// loaded; without JavaScript the form's Apply button does it.
pub const SUBMIT_ON_CHANGE: &str = "this.requestSubmit()";

pub const INLINE_HANDLERS: &[&str] = &[SUBMIT_ON_CHANGE];
