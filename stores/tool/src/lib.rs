//! Store definitions: reading `stores/<id>/store.toml` and resolving `extends` chains.
//!
//! Shared by the `cargo store` command and by the app's build script, which compiles
//! the resolved store into the binary so the browser bundle needs no TOML parser.

mod compile;
mod def;
mod error;
mod layers;
mod locales;
mod modules;
mod resolve;

pub use def::{Checkout, ShippingMethod, StoreFile, Theme};
pub use error::StoreError;
pub use layers::{resolve_tree, Resolved, LAYERED_TREES};
pub use locales::{locale_ids, resolve_locale, Message, Messages, REFERENCE_LOCALE};
pub use modules::module_files;
pub use resolve::{discover, ResolvedStore, Stores};
