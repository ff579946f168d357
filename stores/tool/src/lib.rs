//! Store definitions: reading `stores/<id>/store.toml` and resolving `extends` chains.
//!
//! Shared by the `cargo store` command and by the app's build script, which compiles
//! the resolved store into the binary so the browser bundle needs no TOML parser.

mod def;
mod error;
mod resolve;

pub use def::{StoreFile, Theme};
pub use error::StoreError;
pub use resolve::{discover, ResolvedStore, Stores};
