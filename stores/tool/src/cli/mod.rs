mod bench;
mod cache;
mod commands;
mod git;
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
use std::sync::OnceLock;

/// The checkout `cargo store` was built from, fixed at build time: where a developer's
/// files are, and where `dev`, `new` and `explain` work.
pub fn checkout() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")))
}

static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// The workspace a command works in: the build cache's copy of the checkout once a
/// building command has entered it ([`cache::enter`]), the checkout before.
pub fn root() -> PathBuf {
    ROOT.get().cloned().unwrap_or_else(checkout)
}

fn set_root(dir: PathBuf) {
    let _ = ROOT.set(dir);
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
