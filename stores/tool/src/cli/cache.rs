//! The build cache: one folder outside every checkout that all of `cargo store`'s builds
//! use, for a developer and CI alike (CI is a fresh clone on the same machine).
//!
//! It holds a *build workspace*: a copy of the checkout's files (tracked and new, as
//! `git ls-files` lists them) with its own `target/`, `node_modules/` and Vendure seed.
//! Each run brings the copy up to date by content: a file is written only when its bytes
//! differ, so its modification time changes exactly when its content does. That is what
//! lets cargo's own fingerprints (which compare modification times) reuse the workspace
//! crates across clones, where every file is new to the clock; a shared `CARGO_TARGET_DIR`
//! alone would rebuild them in every clone, and worse, could take one checkout's
//! artifacts for another's whose files happen to be older. Only this copy ever writes
//! to its `target/`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::step::timed;
use super::{checkout, git, CliError};

/// A `target/` larger than this is emptied before a run (it only grows with old lock
/// files' and toolchains' artifacts; a full run of every store leaves ~NN GiB).
const DEFAULT_MAX_GIB: u64 = 40;

/// `$STOREFRONT_CACHE`, else `$XDG_CACHE_HOME/storefront`, else `~/.cache/storefront`.
pub fn dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("STOREFRONT_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("storefront")
}

/// The build workspace, entered: held for the whole command, so two runs on one machine
/// take turns instead of writing the same files.
pub struct Entered {
    _lock: File,
}

/// Brings the build workspace up to date with the checkout and makes it the root every
/// build step works in ([`super::root`]).
pub fn enter() -> Result<Entered, CliError> {
    let cache = dir();
    let ws = cache.join("workspace");
    std::fs::create_dir_all(&cache).map_err(io(&cache))?;
    let lock_path = cache.join("workspace.lock");
    let lock = File::create(&lock_path).map_err(io(&lock_path))?;
    if lock.try_lock().is_err() {
        println!("→ waiting for another `cargo store` run using {}", cache.display());
        lock.lock().map_err(io(&lock_path))?;
    }
    timed(&format!("build workspace {}", ws.display()), || {
        prune(&cache)?;
        sync(&checkout(), &ws)
    })?;
    // Only the build workspace's own target folder: one set in the environment would be
    // shared with other checkouts (see the module's comment).
    std::env::remove_var("CARGO_TARGET_DIR");
    super::set_root(ws);
    Ok(Entered { _lock: lock })
}

/// Makes `to` hold exactly the files of `from` that git would show (tracked and new, not
/// ignored), writing only those whose content differs. Ignored folders in `to` (`target/`,
/// `node_modules/`, …) are kept: they are the cache.
pub fn sync(from: &Path, to: &Path) -> Result<(), CliError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    if !to.join(".git").exists() {
        // Its own empty repository, so that `git ls-files` lists its files as in a checkout
        // (the walkthrough copies the workspace that way) and `.gitignore` applies.
        git::run(to, &["init", "-q"])?;
    }
    let wanted = git::files(from)?;
    let wanted_set: std::collections::HashSet<&str> = wanted.iter().map(String::as_str).collect();
    for rel in git::files(to)? {
        if !wanted_set.contains(rel.as_str()) {
            let path = to.join(&rel);
            std::fs::remove_file(&path).map_err(io(&path))?;
            remove_empty_parents(to, &path);
        }
    }
    for rel in &wanted {
        let src = from.join(rel);
        let dest = to.join(rel);
        let Ok(bytes) = std::fs::read(&src) else {
            continue; // listed but deleted from the work tree
        };
        let same = std::fs::read(&dest).is_ok_and(|old| old == bytes) && same_mode(&src, &dest);
        if same {
            continue;
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        // Removed first: a hard link or read-only file is replaced, not written through.
        let _ = std::fs::remove_file(&dest);
        std::fs::copy(&src, &dest).map_err(io(&src))?;
    }
    Ok(())
}

fn same_mode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o111).ok();
    mode(a) == mode(b)
}

fn remove_empty_parents(root: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != root) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Empties `target/` when the compiler changed (cargo never reuses another rustc's
/// artifacts, so they are dead weight). Past the bound (`STOREFRONT_CACHE_MAX_GIB`,
/// default 40), what only a link makes again goes first ([`drop_relinkable`]: every past
/// build's test binaries and servers, three quarters of it); only if that is not
/// enough is `target/` emptied.
fn prune(cache: &Path) -> Result<(), CliError> {
    let target = cache.join("workspace/target");
    let stamp = cache.join("rustc-version");
    let rustc = Command::new("rustc")
        .arg("-vV")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let max_gib = std::env::var("STOREFRONT_CACHE_MAX_GIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_MAX_GIB);
    let toolchain_changed = std::fs::read_to_string(&stamp).ok().as_deref() != Some(rustc.as_str());
    let mut size = if target.exists() { size_of(&target) } else { 0 };
    if !toolchain_changed && size > max_gib << 30 {
        println!(
            "→ {} GiB in {}: dropping what a link makes again",
            size >> 30,
            target.display()
        );
        drop_relinkable(&target)?;
        size = size_of(&target);
    }
    if target.exists() && (toolchain_changed || size > max_gib << 30) {
        println!(
            "→ emptying {} ({} GiB{})",
            target.display(),
            size >> 30,
            if toolchain_changed {
                ", built by another rustc"
            } else {
                ""
            }
        );
        std::fs::remove_dir_all(&target).map_err(io(&target))?;
    }
    std::fs::write(&stamp, rustc).map_err(io(&stamp))
}

/// Removes the executables under every `deps/` folder of `target` (test binaries and
/// binaries, a few hundred MB each, one per build of every feature set ever made) and
/// cargo's incremental state: cargo links again, or compiles afresh, what is missing,
/// so nothing is reused wrongly; the libraries that took the time stay.
fn drop_relinkable(target: &Path) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    let mut dirs = vec![target.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            let name = entry.file_name().to_string_lossy().into_owned();
            if kind.is_dir() {
                match name.as_str() {
                    "incremental" => std::fs::remove_dir_all(&path).map_err(io(&path))?,
                    _ => dirs.push(path),
                }
                continue;
            }
            let in_deps = dir.file_name().is_some_and(|d| d == "deps");
            let library = [".so", ".rlib", ".rmeta", ".d", ".wasm"]
                .iter()
                .any(|e| name.ends_with(e));
            let executable = entry.metadata().is_ok_and(|m| m.permissions().mode() & 0o111 != 0);
            if in_deps && kind.is_file() && executable && !library {
                std::fs::remove_file(&path).map_err(io(&path))?;
            }
        }
    }
    Ok(())
}

/// Bytes under `dir`, by `du` (walking millions of artifacts in Rust gains nothing).
fn size_of(dir: &Path) -> u64 {
    Command::new("du")
        .args(["-sb"])
        .arg(dir)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |e| CliError::Other(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("store-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn mtime(p: &Path) -> SystemTime {
        std::fs::metadata(p).unwrap().modified().unwrap()
    }

    #[test]
    fn only_changed_files_are_written_and_removed_files_go() {
        let from = scratch("from");
        let to = scratch("to").join("not-yet");
        git::run(&from, &["init", "-q"]).unwrap();
        std::fs::write(from.join(".gitignore"), "/target\n").unwrap();
        std::fs::create_dir_all(from.join("app/src")).unwrap();
        std::fs::write(from.join("app/src/lib.rs"), "one").unwrap();
        std::fs::write(from.join("app/src/gone.rs"), "gone").unwrap();
        std::fs::write(from.join("kept.rs"), "kept").unwrap();
        sync(&from, &to).unwrap();
        std::fs::create_dir_all(to.join("target")).unwrap();
        std::fs::write(to.join("target/artifact"), "built").unwrap();
        let kept_time = mtime(&to.join("kept.rs"));
        let lib_time = mtime(&to.join("app/src/lib.rs"));

        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(from.join("app/src/lib.rs"), "two").unwrap();
        std::fs::write(from.join("kept.rs"), "kept").unwrap(); // touched, same bytes
        std::fs::remove_file(from.join("app/src/gone.rs")).unwrap();
        sync(&from, &to).unwrap();

        assert_eq!(std::fs::read_to_string(to.join("app/src/lib.rs")).unwrap(), "two");
        assert!(
            mtime(&to.join("app/src/lib.rs")) > lib_time,
            "a changed file gets a new time"
        );
        assert_eq!(mtime(&to.join("kept.rs")), kept_time, "same bytes keep their time");
        assert!(
            !to.join("app/src/gone.rs").exists(),
            "a file gone from the checkout goes"
        );
        assert!(to.join("target/artifact").exists(), "ignored folders are the cache");
        let _ = std::fs::remove_dir_all(&from);
        let _ = std::fs::remove_dir_all(&to);
    }

    #[test]
    fn over_the_bound_binaries_and_incremental_state_go_and_libraries_stay() {
        use std::os::unix::fs::PermissionsExt;
        let target = scratch("relink");
        let deps = target.join("debug/deps");
        std::fs::create_dir_all(&deps).unwrap();
        std::fs::create_dir_all(target.join("debug/incremental/app-1")).unwrap();
        std::fs::create_dir_all(target.join("debug/build/x-1")).unwrap();
        for (name, exec) in [
            ("journeys-1a2b", true),
            ("libapp-1a2b.rlib", false),
            ("libmacros-1a2b.so", true),
            ("journeys-1a2b.d", false),
        ] {
            std::fs::write(deps.join(name), b"x").unwrap();
            let mode = if exec { 0o755 } else { 0o644 };
            std::fs::set_permissions(deps.join(name), std::fs::Permissions::from_mode(mode)).unwrap();
        }
        std::fs::write(target.join("debug/build/x-1/build-script-build"), b"x").unwrap();
        std::fs::set_permissions(
            target.join("debug/build/x-1/build-script-build"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        drop_relinkable(&target).unwrap();
        let left: std::collections::BTreeSet<String> = std::fs::read_dir(&deps)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            left,
            ["journeys-1a2b.d", "libapp-1a2b.rlib", "libmacros-1a2b.so"]
                .map(String::from)
                .into()
        );
        assert!(!target.join("debug/incremental").exists());
        assert!(
            target.join("debug/build/x-1/build-script-build").exists(),
            "build scripts are not in deps"
        );
        let _ = std::fs::remove_dir_all(&target);
    }

    #[test]
    fn a_file_that_becomes_executable_is_written_again() {
        use std::os::unix::fs::PermissionsExt;
        let from = scratch("mode-from");
        let to = scratch("mode-to");
        git::run(&from, &["init", "-q"]).unwrap();
        std::fs::write(from.join("run"), "#!/bin/sh\n").unwrap();
        sync(&from, &to).unwrap();
        std::fs::set_permissions(from.join("run"), std::fs::Permissions::from_mode(0o755)).unwrap();
        sync(&from, &to).unwrap();
        let mode = std::fs::metadata(to.join("run")).unwrap().permissions().mode();
        assert_eq!(mode & 0o111, 0o111);
        let _ = std::fs::remove_dir_all(&from);
        let _ = std::fs::remove_dir_all(&to);
    }
}
