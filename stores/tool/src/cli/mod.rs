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

/// Forgets what `cargo run` told this process about its own package (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_*`, …), so that the cargo commands it runs do not inherit it: build scripts
/// that read those variables (ring's asks to rerun when `CARGO_MANIFEST_DIR` changes) saw
/// a new value in every clone and recompiled, with everything above them.
pub fn forget_own_package() {
    let own: Vec<_> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| is_own_package_variable(k))
        .collect();
    for key in own {
        std::env::remove_var(key);
    }
}

fn is_own_package_variable(key: &str) -> bool {
    key.starts_with("CARGO_PKG_")
        || key.starts_with("CARGO_MANIFEST_")
        || matches!(key, "CARGO_CRATE_NAME" | "CARGO_BIN_NAME" | "CARGO_PRIMARY_PACKAGE")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_variables_cargo_run_sets_for_its_package_are_forgotten() {
        for key in [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_PKG_NAME",
            "CARGO_CRATE_NAME",
        ] {
            assert!(is_own_package_variable(key), "{key}");
        }
        for key in [
            "CARGO",
            "CARGO_HOME",
            "CARGO_INCREMENTAL",
            "CARGO_TERM_COLOR",
            "RUSTUP_HOME",
        ] {
            assert!(!is_own_package_variable(key), "{key}");
        }
    }
}
