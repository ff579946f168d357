mod bench;
mod commands;
mod postgres;
mod setup;
mod step;
mod stores;
mod vendure;
mod walkthrough;

pub use bench::{bench, Options as BenchOptions};
pub use commands::{absolute, build_all, catalog_file, coupons, dev, flag, list, seed, test};
pub use setup::setup;
pub use stores::{changed, explain, new};
pub use walkthrough::walkthrough;

use std::path::PathBuf;

/// The workspace root, fixed at build time: `cargo store` always runs from this checkout.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")))
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{step} failed (exit {code}); see the output above{log}")]
    StepFailed { step: String, code: i32, log: String },
    #[error("cannot run `{program}`: {source}")]
    Spawn { program: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] store_tool::StoreError),
    #[error("{0}")]
    Other(String),
}
