use std::process::Command;

use super::setup::setup;
use super::step::{loud, quiet};
use super::{root, CliError};

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Set up, then serve the store with cargo-leptos's hot reload until interrupted.
pub fn dev(store: &str) -> Result<(), CliError> {
    let stores = store_tool::discover(&root().join("stores"))?;
    let resolved = stores.resolve(store)?;
    setup(false)?;
    println!("→ {} on http://{} (Ctrl-C stops)", resolved.name, resolved.addr);
    let mut cmd = cargo();
    cmd.args(["leptos", "watch"]).env("LEPTOS_SITE_ADDR", &resolved.addr);
    if store != "default" {
        cmd.args(["--features", &format!("store-{store}")]);
    }
    loud("cargo leptos watch", &mut cmd)
}

/// Everything CI checks, in the order that fails fastest.
pub fn test() -> Result<(), CliError> {
    setup(true)?;
    quiet("cargo fmt --check", cargo().args(["fmt", "--all", "--", "--check"]))?;
    quiet(
        "clippy (server and tools)",
        cargo().args(["clippy", "-q", "--workspace", "--all-targets", "--", "-D", "warnings"]),
    )?;
    quiet(
        "clippy (browser bundle)",
        cargo().args([
            "clippy",
            "-q",
            "-p",
            "app",
            "--features",
            "hydrate",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    loud("cargo test", cargo().args(["test", "-q", "--workspace"]))?;
    quiet(
        "release build (cargo leptos build --release)",
        cargo().args(["leptos", "build", "--release"]),
    )?;
    let e2e = root().join("end2end");
    let _ = std::fs::remove_dir_all(root().join("target/e2e"));
    loud(
        "playwright (end2end)",
        Command::new("npx").args(["playwright", "test"]).current_dir(e2e),
    )
}

pub fn list() -> Result<(), CliError> {
    let stores = store_tool::discover(&root().join("stores"))?;
    for id in stores.ids() {
        let store = stores.resolve(id)?;
        println!("{}\t{}\t{}", store.id, store.chain.join(" → ") + " → base", store.name);
    }
    Ok(())
}

pub fn seed(products: usize) -> Result<(), CliError> {
    quiet(
        &format!("seed {products} products"),
        cargo().args([
            "run",
            "-q",
            "--release",
            "-p",
            "server",
            "--",
            "seed",
            "--products",
            &products.to_string(),
        ]),
    )
}
