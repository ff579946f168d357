use std::path::{Path, PathBuf};
use std::process::Command;

use super::setup::setup;
use super::step::{loud, quiet, quiet_together, summary, timed};
use super::stores::merged_tree;
use super::{cache, postgres, vendure};
use super::{checkout, root, CliError};

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

fn store_features(cmd: &mut Command, store: &str) {
    if store != "default" {
        cmd.args(["--features", &format!("store-{store}")]);
    }
}

/// The stores a command acts on: one by id, or every store.
pub fn selected(store: Option<&str>) -> Result<Vec<String>, CliError> {
    let stores = store_tool::discover(&root().join("stores"))?;
    match store {
        Some(id) => {
            stores.resolve(id)?;
            Ok(vec![id.to_string()])
        }
        None => Ok(stores.ids().map(str::to_string).collect()),
    }
}

/// Set up, then serve the store with cargo-leptos's hot reload until interrupted.
pub fn dev(store: &str) -> Result<(), CliError> {
    let stores = store_tool::discover(&root().join("stores"))?;
    let resolved = stores.resolve(store)?;
    setup(false)?;
    // Kept between runs, as the embedded backend's data is.
    let backend = backend_for(&resolved, &root().join("data/vendure"), false)?;
    println!("→ {} on http://{} (Ctrl-C stops)", resolved.name, resolved.addr);
    // Where the server's mail goes without SMTP (server/src/mail/settings.rs).
    match std::env::var("SMTP_URL").ok().filter(|u| !u.trim().is_empty()) {
        Some(_) => println!("→ mail: sent over SMTP_URL"),
        None => println!(
            "→ mail: no SMTP_URL, so each message is a file in {}/ (one .eml each)",
            std::env::var_os("DATA_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| root().join("data"))
                .join("mail")
                .join(store)
                .display()
        ),
    }
    let mut cmd = cargo();
    cmd.args(["leptos", "watch"])
        .env("LEPTOS_SITE_ADDR", &resolved.addr)
        .env("DEMO_DATA", "1");
    store_features(&mut cmd, store);
    if let Some(vendure) = &backend {
        cmd.env("VENDURE_URL", &vendure.url);
    }
    loud("cargo leptos watch", &mut cmd)
}

/// The external backend a store runs on, started for as long as the result is held.
fn backend_for(
    store: &store_tool::ResolvedStore,
    run_dir: &Path,
    fresh: bool,
) -> Result<Option<vendure::Running>, CliError> {
    match store.backend.as_str() {
        "vendure" => vendure::start(run_dir, fresh).map(Some),
        _ => Ok(None),
    }
}

/// A self-contained release of one store in `target/stores/<id>/` and `dist/<id>/` of the
/// build workspace: the server binary, its hash file and `site/` with the merged public
/// layers.
pub fn build(store: &str) -> Result<PathBuf, CliError> {
    let root = root();
    let site = root.join("target/stores").join(store).join("site");
    // The browser bundle (a single-threaded link-time optimisation, then wasm-opt) and
    // the server side by side: cargo-leptos runs them one after the other when files
    // are hashed, and they use separate target folders, so neither waits for a lock.
    quiet_together(
        &format!("release build of {store}"),
        &mut [
            ("bundle", &mut release_build(store, &["--frontend-only"])?),
            ("server", &mut release_build(store, &["--server-only"])?),
        ],
    )?;
    let dist = root.join("dist").join(store);
    let _ = std::fs::remove_dir_all(&dist);
    copy_dir(&site, &dist.join("site"))?;
    timed(&format!("precompress {store}"), || precompress(&dist.join("site/pkg")))?;
    for file in ["server", "hash.txt"] {
        let from = root.join("target/release").join(file);
        if from.exists() {
            copy(&from, &dist.join(file))?;
        }
    }
    Ok(dist)
}

/// `cargo leptos build --release` of a store, with `extra` arguments: the one place its
/// features and environment are set, so every command that needs a store's release
/// (`build`, `test`, `bench`, the server's own commands) shares one build of it.
fn release_build(store: &str, extra: &[&str]) -> Result<Command, CliError> {
    let work = root().join("target/stores").join(store);
    let public = merged_tree(store, "public", &work.join("public"))?;
    let mut cmd = cargo();
    cmd.args(["leptos", "build", "--release"])
        .args(extra)
        .env("LEPTOS_ASSETS_DIR", &public)
        .env("LEPTOS_SITE_ROOT", work.join("site"));
    store_features(&mut cmd, store);
    Ok(cmd)
}

/// Writes `<file>.br` (brotli, quality 11) beside each bundle file: compressed once at
/// build time as tightly as brotli goes, instead of on every download at the quality a
/// server can afford per request. The server sends them to browsers that accept brotli.
fn precompress(pkg: &Path) -> Result<(), CliError> {
    let entries = std::fs::read_dir(pkg).map_err(|e| CliError::Other(format!("{}: {e}", pkg.display())))?;
    for path in entries.flatten().map(|e| e.path()) {
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("wasm" | "js" | "css")) {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| CliError::Other(format!("{}: {e}", path.display())))?;
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams::default();
        brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| CliError::Other(e.to_string()))?;
        let target = PathBuf::from(format!("{}.br", path.display()));
        std::fs::write(&target, out).map_err(|e| CliError::Other(format!("{}: {e}", target.display())))?;
    }
    Ok(())
}

/// Everything CI checks, in the order that fails fastest, then each store's browser suite;
/// at the end, every step's time.
pub fn test(store: Option<&str>) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let result = test_steps(store);
    println!("\n{}", summary(started.elapsed()));
    println!(
        "Browser reports and screenshots: {}; step logs: {}",
        root().join("target/e2e").display(),
        root().join("target/store-logs").display()
    );
    result
}

fn test_steps(store: Option<&str>) -> Result<(), CliError> {
    let stores = selected(store)?;
    let _workspace = cache::enter()?;
    setup(true)?;
    quiet("cargo fmt --check", cargo().args(["fmt", "--all", "--", "--check"]))?;
    clippy(
        "server and tools",
        &[
            "--workspace",
            "--exclude",
            "front",
            "--all-targets",
            "--features",
            "store-tool/cli,server/vendure",
        ],
    )?;
    clippy(
        "capabilities",
        &["-p", "app", "--features", "ssr,quick-order,wishlist,price-gate"],
    )?;
    clippy("browser bundle", &["-p", "front", "--target", "wasm32-unknown-unknown"])?;
    // The data layer's contract tests run against PostgreSQL and Vendure too. In parallel, as many
    // tests as cores. (They once ran one at a time: building a router suppressed every
    // resource load in the process, so a test rendering while another built its router
    // hung; see `server::startup::routes`.)
    let contract_vendure = vendure::start(&root().join("target/vendure/contract"), true)?;
    let contract_postgres = postgres::start("test")?;
    loud(
        "cargo test",
        cargo()
            .args([
                "test",
                "-q",
                // Every failing test binary in one run, not only the first.
                "--no-fail-fast",
                "--workspace",
                "--exclude",
                "front",
                "--features",
                "store-tool/cli,server/vendure",
            ])
            .env("VENDURE_URL", &contract_vendure.url)
            .env("POSTGRES_URL", &contract_postgres.url),
    )?;
    drop(contract_vendure);
    drop(contract_postgres);
    timed("walkthrough", super::walkthrough)?;
    let defs = store_tool::discover(&root().join("stores"))?;
    for (i, id) in stores.iter().enumerate() {
        let def = defs.resolve(id)?;
        let dist = build(id)?;
        let tests = merged_tree(
            id,
            "end2end/tests",
            &root().join("target/stores").join(id).join("e2e-tests"),
        )?;
        let db = root().join("target/stores").join(id).join("e2e.db");
        let _ = std::fs::remove_file(&db);
        let backend = backend_for(&def, &root().join("target/stores").join(id).join("vendure"), true)?;
        let mut playwright = Command::new("npx");
        if let Some(vendure) = &backend {
            playwright.env("VENDURE_URL", &vendure.url);
        }
        let playwright_env = |cmd: &mut Command, tests: &Path| {
            cmd.args(["playwright", "test"])
                .current_dir(root().join("end2end"))
                .env("E2E_STORE", id)
                .env("E2E_BACKEND", &def.backend)
                .env("E2E_LOCALE", &def.locale)
                .env("E2E_CURRENCY", &def.currency)
                .env("E2E_BASE_URL", &def.base_url)
                .env("E2E_SERVER", dist.join("server"))
                .env("E2E_TESTS", tests)
                .env("E2E_DATABASE_URL", format!("sqlite://{}", db.display()))
                .env("E2E_PORT", (3100 + i).to_string());
        };
        playwright_env(&mut playwright, &tests);
        loud(&format!("playwright: {id}"), &mut playwright)?;
        // With its backend frozen: on its own, since it stops the backend for everyone.
        if let Some(vendure) = &backend {
            let mut faults = Command::new("npx");
            playwright_env(&mut faults, &root().join("end2end/faults"));
            faults
                .env("VENDURE_URL", &vendure.url)
                .env("E2E_BACKEND_PID", vendure.pid().to_string());
            loud(&format!("playwright: {id} with its backend down"), &mut faults)?;
        }
    }
    if ["default", "fashion"].iter().all(|id| stores.iter().any(|s| s == id)) {
        replicas()?;
    }
    Ok(())
}

/// Replicas of `default` (the test build) and of `fashion` (its release build, made above)
/// on one throwaway PostgreSQL of their own, one test at a time: one stops PostgreSQL.
/// The same features as `cargo test` above, so nothing is built again.
fn replicas() -> Result<(), CliError> {
    let postgres = postgres::start("replicas")?;
    loud(
        "replicas on PostgreSQL",
        cargo()
            .args([
                "test",
                "-q",
                // Every failing test binary in one run, not only the first.
                "--no-fail-fast",
                "--workspace",
                "--exclude",
                "front",
                "--features",
                "store-tool/cli,server/vendure",
                "--test",
                "replicas",
                "--",
                "--ignored",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("POSTGRES_URL", &postgres.url)
            .env("POSTGRES_DATA", postgres.dir())
            .env("FASHION_SERVER", root().join("dist/fashion/server")),
    )
}

/// Clippy with warnings as errors over one build configuration.
fn clippy(what: &str, args: &[&str]) -> Result<(), CliError> {
    quiet(
        &format!("clippy ({what})"),
        cargo().args(["clippy", "-q"]).args(args).args(["--", "-D", "warnings"]),
    )
}

/// Release builds in the build workspace, each copied to the checkout's `dist/<id>/`.
pub fn build_all(store: Option<&str>) -> Result<(), CliError> {
    let ids = selected(store)?;
    let _workspace = cache::enter()?;
    setup(false)?;
    for id in ids {
        let built = build(&id)?;
        let dist = checkout().join("dist").join(&id);
        let _ = std::fs::remove_dir_all(&dist);
        copy_dir(&built, &dist)?;
        println!("  {id}: {}", dist.display());
    }
    Ok(())
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
    let mut cmd = release_server("default")?;
    cmd.args(["seed", "--products", &products.to_string()]);
    quiet(&format!("seed {products} products"), &mut cmd)
}

/// Runs the store's server on the store's coupons.
pub fn coupons(store: &str, args: &[String]) -> Result<(), CliError> {
    let mut cmd = release_server(store)?;
    cmd.arg("coupons").args(args);
    loud(&format!("coupons of {store}"), &mut cmd)
}

/// Runs one of the store's server's own commands: `import FILE …`, `export --output
/// FILE …`, `order NUMBER ACTION`.
pub fn catalog_file(store: &str, command: &str, args: &[String]) -> Result<(), CliError> {
    let mut cmd = release_server(store)?;
    cmd.arg(command).args(args);
    loud(&format!("{command} for {store}"), &mut cmd)
}

/// A path the user gave, as the server (run from the workspace's root) finds it.
pub fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// `--name value` when a value is given.
pub fn flag(name: &str, value: Option<String>) -> Vec<String> {
    value.map(|v| vec![name.to_string(), v]).unwrap_or_default()
}

/// The store's release server for a command of its own, its arguments to follow: the
/// same build as `cargo store build` (server half only; nothing compiles when that build
/// is current), run in the checkout so that its `data/` is the one meant.
fn release_server(store: &str) -> Result<Command, CliError> {
    store_tool::discover(&checkout().join("stores"))?.resolve(store)?;
    let workspace = cache::enter()?;
    setup(false)?;
    quiet(
        &format!("release build of {store}'s server"),
        &mut release_build(store, &["--server-only"])?,
    )?;
    // The build workspace's lock is for building; the command runs on its own.
    drop(workspace);
    let mut cmd = Command::new(root().join("target/release/server"));
    cmd.current_dir(checkout());
    Ok(cmd)
}

fn copy(from: &Path, to: &Path) -> Result<(), CliError> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| CliError::Other(format!("{}: {e}", dir.display())))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| CliError::Other(format!("{}: {e}", from.display())))
}

pub(super) fn copy_dir(from: &Path, to: &Path) -> Result<(), CliError> {
    let entries = std::fs::read_dir(from).map_err(|e| CliError::Other(format!("{}: {e}", from.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            copy(&path, &dest)?;
        }
    }
    Ok(())
}
