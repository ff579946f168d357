//! Installs what building and testing need, skipping what is already there. Every tool
//! comes from a package registry; nothing is downloaded from anywhere else.

use std::path::Path;
use std::process::Command;

use super::step::{output, quiet, skip};
use super::{root, CliError};

/// Newer releases need a newer rustc than this machine's 1.95.
pub const CARGO_LEPTOS_VERSION: &str = "0.3.10";
/// Must equal the `wasm-bindgen` crate in Cargo.lock (checked by a test).
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// `browsers`: also what only the tests need: Chromium for the Playwright suite, and an
/// SMTP server for the mail tests.
pub fn setup(browsers: bool) -> Result<(), CliError> {
    put_cargo_bin_on_path();
    wasm_target()?;
    cargo_leptos()?;
    wasm_bindgen()?;
    node()?;
    npm_packages()?;
    if browsers {
        chromium()?;
        smtp_server()?;
    }
    Ok(())
}

/// Tools installed by `cargo install` must be found by cargo-leptos.
fn put_cargo_bin_on_path() {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(bin) = home.map(|h| h.join("bin")) {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs: Vec<_> = std::env::split_paths(&path).collect();
        if !dirs.contains(&bin) {
            dirs.insert(0, bin);
            if let Ok(joined) = std::env::join_paths(dirs) {
                std::env::set_var("PATH", joined);
            }
        }
    }
}

fn wasm_target() -> Result<(), CliError> {
    let name = "wasm32-unknown-unknown target";
    if output("rustup", &["target", "list", "--installed"])
        .is_some_and(|t| t.lines().any(|l| l == "wasm32-unknown-unknown"))
    {
        skip(name, "installed");
        return Ok(());
    }
    quiet(
        name,
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )
}

fn cargo_leptos() -> Result<(), CliError> {
    let name = format!("cargo-leptos {CARGO_LEPTOS_VERSION}");
    if output("cargo-leptos", &["--version"]).is_some_and(|v| v.ends_with(CARGO_LEPTOS_VERSION)) {
        skip(&name, "installed");
        return Ok(());
    }
    // It only orchestrates (cargo, wasm-bindgen, wasm-opt and Tailwind do the work), so a
    // debug build runs fast enough, and one without debug info builds in 4 minutes here
    // instead of 10.5 (27.5 for its release profile).
    quiet(
        &format!("{name} (compiles for about 5 minutes)"),
        Command::new("cargo")
            .args([
                "install",
                "cargo-leptos",
                "--version",
                CARGO_LEPTOS_VERSION,
                "--locked",
                "--debug",
                "--features",
                "no_downloads",
            ])
            .env("CARGO_PROFILE_DEV_DEBUG", "0"),
    )
}

fn wasm_bindgen() -> Result<(), CliError> {
    let name = format!("wasm-bindgen-cli {WASM_BINDGEN_VERSION}");
    if output("wasm-bindgen", &["--version"]).is_some_and(|v| v.ends_with(WASM_BINDGEN_VERSION)) {
        skip(&name, "installed");
        return Ok(());
    }
    // Not --locked: its lock file pins a crate version the registry no longer serves.
    quiet(
        &format!("{name} (compiles for a few minutes)"),
        Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            WASM_BINDGEN_VERSION,
            "--force",
        ]),
    )
}

fn node() -> Result<(), CliError> {
    if output("npm", &["--version"]).is_some() {
        skip("node and npm", "installed");
        return Ok(());
    }
    apt_install("node and npm", &["nodejs", "npm"])
}

/// Tailwind, wasm-opt (binaryen; Debian's older one breaks hydration) and Playwright.
fn npm_packages() -> Result<(), CliError> {
    let root = root();
    let bin = root.join("node_modules/.bin");
    let have_all = ["tailwindcss", "wasm-opt", "playwright"]
        .iter()
        .all(|b| bin.join(b).exists());
    let lock = root.join("package-lock.json");
    let stamp = root.join("node_modules/.installed-from-package-lock.json");
    if have_all && same_content(&[&lock], &stamp) {
        skip("npm packages", "installed from this package-lock.json");
        return Ok(());
    }
    quiet(
        "npm packages",
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&root),
    )?;
    write_stamp(&[&lock], &stamp)
}

/// The load generator of `cargo store bench`, from Debian.
pub fn wrk() -> Result<(), CliError> {
    if Path::new("/usr/bin/wrk").exists() {
        skip("wrk", "installed");
        return Ok(());
    }
    apt_install("wrk", &["wrk"])
}

fn chromium() -> Result<(), CliError> {
    if Path::new("/usr/bin/chromium").exists() {
        skip("chromium", "installed");
        return Ok(());
    }
    apt_install("chromium", &["chromium"])
}

/// The real SMTP server the mail tests send to (`server/tests/common/smtp.rs`): Debian's
/// aiosmtpd, for Debian's own Python.
fn smtp_server() -> Result<(), CliError> {
    if Path::new("/usr/lib/python3/dist-packages/aiosmtpd").is_dir() {
        skip("aiosmtpd", "installed");
        return Ok(());
    }
    apt_install("aiosmtpd", &["python3-aiosmtpd"])
}

pub(super) fn apt_install(name: &str, packages: &[&str]) -> Result<(), CliError> {
    quiet(
        &format!("{name}: apt-get update"),
        Command::new("apt-get").args(["update", "-q"]),
    )?;
    quiet(
        name,
        Command::new("apt-get")
            .args(["install", "-y", "-q"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Whether `stamp` holds the content of `inputs` (as [`write_stamp`] left it): what was
/// made from them is current. By content, not by time, which a fresh clone resets.
pub(super) fn same_content(inputs: &[&Path], stamp: &Path) -> bool {
    match (concatenated(inputs), std::fs::read(stamp)) {
        (Some(now), Ok(then)) => now == then,
        _ => false,
    }
}

/// Records that what is beside `stamp` was made from `inputs` as they are now.
pub(super) fn write_stamp(inputs: &[&Path], stamp: &Path) -> Result<(), CliError> {
    let bytes = concatenated(inputs)
        .ok_or_else(|| CliError::Other(format!("cannot read the inputs of {}", stamp.display())))?;
    std::fs::write(stamp, bytes).map_err(|e| CliError::Other(format!("{}: {e}", stamp.display())))
}

fn concatenated(inputs: &[&Path]) -> Option<Vec<u8>> {
    let mut all = Vec::new();
    for input in inputs {
        all.extend(std::fs::read(input).ok()?);
        all.push(0);
    }
    Some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_current_only_for_the_same_content() {
        let dir = std::env::temp_dir().join(format!("store-stamp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (lock, script, stamp) = (dir.join("lock"), dir.join("script"), dir.join("stamp"));
        std::fs::write(&lock, "a").unwrap();
        std::fs::write(&script, "b").unwrap();
        assert!(!same_content(&[&lock, &script], &stamp), "no stamp yet");
        write_stamp(&[&lock, &script], &stamp).unwrap();
        assert!(same_content(&[&lock, &script], &stamp));
        std::fs::write(&script, "b").unwrap(); // touched, same bytes
        assert!(same_content(&[&lock, &script], &stamp));
        std::fs::write(&lock, "ab").unwrap();
        std::fs::write(&script, "").unwrap(); // the same bytes moved between files
        assert!(!same_content(&[&lock, &script], &stamp));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn wasm_bindgen_cli_matches_the_locked_crate() {
        let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
        let locked = lock
            .split("[[package]]")
            .find(|p| p.contains("name = \"wasm-bindgen\"\n"))
            .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
            .map(|v| v.trim_end_matches('"'))
            .expect("wasm-bindgen in Cargo.lock");
        assert_eq!(locked, WASM_BINDGEN_VERSION);
    }
}
