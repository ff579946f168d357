//! Commands about store folders: explain, new, changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use store_tool::{resolve_tree, Stores, LAYERED_TREES, REFERENCE_LOCALE};

use super::{root, CliError};

/// Every resolved file of a store (or one), with the layer it comes from.
pub fn explain(id: &str, path: Option<&str>) -> Result<(), CliError> {
    let root = root();
    let stores = store_tool::discover(&root.join("stores"))?;
    let store = stores.resolve(id)?;
    let mut found = false;
    for tree in LAYERED_TREES {
        for (rel, r) in resolve_tree(&root, &store.chain, tree) {
            let shown = Path::new(tree).join(&rel);
            if path.is_some_and(|p| Path::new(p) != shown) {
                continue;
            }
            found = true;
            let rel_str = rel.to_string_lossy();
            if cascades(tree, &rel_str) {
                // Every layer's copy applies (CSS cascade, messages merged one by one).
                let mut layers: Vec<&str> = store
                    .chain
                    .iter()
                    .map(String::as_str)
                    .filter(|s| root.join("stores").join(s).join(tree).join(&rel).is_file())
                    .collect();
                if root.join(tree).join(&rel).is_file() {
                    layers.push("base");
                }
                let note = if *tree == "locales" && rel_str != format!("{}.ftl", store.locale) {
                    format!("(unused: the store's locale is {})", store.locale)
                } else {
                    "(merged: the nearest layer wins per rule or message)".to_string()
                };
                println!("{}\t{}\t{note}", shown.display(), layers.join(" + "));
                continue;
            }
            let layer = r.layer.as_deref().unwrap_or("base");
            let note = if r.addition {
                "\t(addition: no parent has this file)"
            } else {
                ""
            };
            println!("{}\t{layer}{note}", shown.display());
        }
    }
    if !found {
        return Err(CliError::Other(format!(
            "no file {} in any layer of `{id}`",
            path.unwrap_or("(any)")
        )));
    }
    Ok(())
}

/// The browser bundle's cargo feature for a store: its app feature.
fn front_feature_line(id: &str) -> String {
    format!("store-{id} = [\"app/store-{id}\"]")
}

/// The server's cargo feature for a store: its app feature, and the connector of its
/// backend (a server feature named as the backend's kind) when that is not the embedded one.
fn server_feature_line(id: &str, backend: &str) -> String {
    let mut features = vec![format!("\"app/store-{id}\"")];
    if backend != "embedded" {
        features.push(format!("\"{backend}\""));
    }
    format!("store-{id} = [{}]", features.join(", "))
}

/// Scaffolds `stores/<id>/store.toml` and the cargo features that select it.
pub fn new(id: &str, parent: &str) -> Result<(), CliError> {
    new_in(&root(), id, parent)
}

/// [`new`] in the workspace at `root`.
pub fn new_in(root: &Path, id: &str, parent: &str) -> Result<(), CliError> {
    let stores = store_tool::discover(&root.join("stores"))?;
    let parent_store = stores.resolve(parent)?;
    let dir = root.join("stores").join(id);
    if dir.exists() {
        return Err(CliError::Other(format!("{} exists already", dir.display())));
    }
    let port = next_port(&stores)?;
    let toml = format!(
        "# Extends `{parent}`: every value not set here is inherited.\nid = \"{id}\"\nextends = \"{parent}\"\nbase_url = \"http://127.0.0.1:{port}\"\naddr = \"127.0.0.1:{port}\"\n"
    );
    // Validate before writing anything, so a bad id leaves no trace.
    let mut check = Stores::default();
    for sid in stores.ids() {
        let path = stores.path(sid).expect("listed ids have paths").to_path_buf();
        check.insert(path.clone(), &std::fs::read_to_string(&path).unwrap_or_default())?;
    }
    check.insert(dir.join("store.toml"), &toml)?;
    let features: Vec<String> = parent_store.capabilities.iter().map(|c| format!("\"{c}\"")).collect();
    add_feature(
        &root.join("app/Cargo.toml"),
        &format!("store-{id} = [{}]", features.join(", ")),
    )?;
    add_feature(
        &root.join("server/Cargo.toml"),
        &server_feature_line(id, &parent_store.backend),
    )?;
    add_feature(&root.join("front/Cargo.toml"), &front_feature_line(id))?;
    std::fs::create_dir_all(&dir).map_err(|e| CliError::Other(format!("{}: {e}", dir.display())))?;
    std::fs::write(dir.join("store.toml"), toml).map_err(|e| CliError::Other(e.to_string()))?;
    println!("created stores/{id}/store.toml (extends {parent}, serves on 127.0.0.1:{port})");
    println!("run it: cargo store dev {id}");
    Ok(())
}

fn next_port(stores: &Stores) -> Result<u16, CliError> {
    let mut max = 3000;
    for id in stores.ids() {
        let s = stores.resolve(id)?;
        if let Some(port) = s.addr.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()) {
            max = max.max(port);
        }
    }
    Ok(max + 1)
}

/// Inserts a feature line after the `# One feature per store` marker of a manifest.
fn add_feature(manifest: &Path, line: &str) -> Result<(), CliError> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| CliError::Other(format!("{}: {e}", manifest.display())))?;
    let marker = text
        .lines()
        .find(|l| l.starts_with("# One feature per store"))
        .ok_or_else(|| CliError::Other(format!("{}: no `# One feature per store` marker", manifest.display())))?;
    let updated = text.replacen(marker, &format!("{marker}\n{line}"), 1);
    std::fs::write(manifest, updated).map_err(|e| CliError::Other(e.to_string()))
}

/// Files that every store is built from, outside the layered trees.
fn is_global(path: &str) -> bool {
    const GLOBAL_PREFIXES: &[&str] = &[
        "server/",
        "front/",
        "stores/tool/",
        ".cargo/",
        "app/build.rs",
        "app/Cargo.toml",
    ];
    const GLOBAL_FILES: &[&str] = &[
        "Cargo.toml",
        "Cargo.lock",
        "package.json",
        "package-lock.json",
        "rust-toolchain.toml",
        "end2end/playwright.config.ts",
    ];
    GLOBAL_FILES.contains(&path) || GLOBAL_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The stores a change since `git_ref` affects, one `<id>\t<reason>` line each.
pub fn changed(since: &str) -> Result<(), CliError> {
    let root = root();
    let files = changed_files(&root, since)?;
    let stores = store_tool::discover(&root.join("stores"))?;
    for id in stores.ids() {
        let store = stores.resolve(id)?;
        if let Some(reason) = files.iter().find_map(|f| reason(&root, &store.chain, &store.locale, f)) {
            println!("{id}\t{reason}");
        }
    }
    Ok(())
}

/// Why `file` affects the store with `chain` and `locale`, or `None` when it does not.
pub fn reason(root: &Path, chain: &[String], locale: &str, file: &str) -> Option<String> {
    if is_global(file) {
        return Some(format!("global {file}"));
    }
    if let Some(rest) = file.strip_prefix("stores/") {
        let (owner, inner) = rest.split_once('/')?;
        let pos = chain.iter().position(|c| c == owner)?;
        let who = if pos == 0 {
            "store itself".to_string()
        } else {
            format!("ancestor {owner}")
        };
        if inner == "store.toml" {
            return Some(format!("{who}: {file}"));
        }
        let (tree, rel) = split_tree(inner)?;
        if tree == "locales" && rel != format!("{locale}.ftl") {
            return None;
        }
        // A nearer layer with the same file shadows this one, except the theme, whose
        // layers all load (the CSS cascade does the overriding).
        let shadowed = !cascades(tree, rel)
            && chain[..pos]
                .iter()
                .any(|near| root.join("stores").join(near).join(tree).join(rel).exists());
        return (!shadowed).then(|| format!("{who}: {file}"));
    }
    let (tree, rel) = split_tree(file)?;
    // The base reference locale defines every store's messages; other locale files
    // reach only the stores that speak them.
    if tree == "locales" && rel != format!("{locale}.ftl") && rel != format!("{REFERENCE_LOCALE}.ftl") {
        return None;
    }
    let shadowed = !cascades(tree, rel)
        && chain
            .iter()
            .any(|s| root.join("stores").join(s).join(tree).join(rel).exists());
    (!shadowed).then(|| format!("base {file}"))
}

/// `style/theme.css` is concatenated over every layer rather than replaced, and locale
/// files merge key by key.
fn cascades(tree: &str, rel: &str) -> bool {
    (tree == "style" && rel == "theme.css") || tree == "locales"
}

fn split_tree(path: &str) -> Option<(&'static str, &str)> {
    LAYERED_TREES
        .iter()
        .find_map(|t| path.strip_prefix(t).and_then(|r| r.strip_prefix('/')).map(|r| (*t, r)))
}

fn changed_files(root: &Path, since: &str) -> Result<BTreeSet<String>, CliError> {
    let git = |args: &[&str]| super::git::run(root, args);
    let mut files: BTreeSet<String> = git(&["diff", "--name-only", since])?
        .lines()
        .map(str::to_string)
        .collect();
    files.extend(
        git(&["ls-files", "--others", "--exclude-standard"])?
            .lines()
            .map(str::to_string),
    );
    Ok(files)
}

/// The layered `end2end/tests` of a store, copied into one folder for Playwright.
pub fn merged_tree(id: &str, tree: &str, into: &Path) -> Result<PathBuf, CliError> {
    let root = root();
    let stores = store_tool::discover(&root.join("stores"))?;
    let chain = stores.chain(id)?;
    let _ = std::fs::remove_dir_all(into);
    for (rel, r) in resolve_tree(&root, &chain, tree) {
        let dest = into.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CliError::Other(e.to_string()))?;
        }
        std::fs::copy(&r.path, &dest).map_err(|e| CliError::Other(format!("{}: {e}", r.path.display())))?;
    }
    Ok(into.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reasons_follow_the_layers() {
        let root = root();
        // The real demo stores: fashion overrides the base header, fashion-de does not.
        let de = chain(&["fashion-de", "fashion"]);
        let default = chain(&["default"]);
        assert_eq!(
            reason(&root, &default, "en-US", "app/src/components/header.rs").as_deref(),
            Some("base app/src/components/header.rs")
        );
        assert_eq!(reason(&root, &de, "de-DE", "app/src/components/header.rs"), None);
        assert_eq!(
            reason(&root, &de, "de-DE", "stores/fashion/app/src/components/header.rs").as_deref(),
            Some("ancestor fashion: stores/fashion/app/src/components/header.rs")
        );
        assert_eq!(
            reason(&root, &default, "en-US", "stores/fashion/app/src/components/header.rs"),
            None
        );
        assert_eq!(
            reason(&root, &de, "de-DE", "stores/fashion-de/store.toml").as_deref(),
            Some("store itself: stores/fashion-de/store.toml")
        );
        assert_eq!(
            reason(&root, &default, "en-US", "Cargo.lock").as_deref(),
            Some("global Cargo.lock")
        );
        // Theme layers cascade: the base theme reaches a store with a theme of its own.
        assert_eq!(
            reason(&root, &chain(&["fashion"]), "en-US", "style/theme.css").as_deref(),
            Some("base style/theme.css")
        );
        assert_eq!(reason(&root, &default, "en-US", "README.md"), None);
        // Locale files merge key by key: the base reference reaches every store, a
        // brand's English wording only its English stores.
        let fashion = chain(&["fashion"]);
        assert_eq!(
            reason(&root, &de, "de-DE", "locales/en-US.ftl").as_deref(),
            Some("base locales/en-US.ftl")
        );
        assert_eq!(reason(&root, &default, "en-US", "locales/de-DE.ftl"), None);
        assert_eq!(
            reason(&root, &fashion, "en-US", "stores/fashion/locales/en-US.ftl").as_deref(),
            Some("store itself: stores/fashion/locales/en-US.ftl")
        );
        assert_eq!(reason(&root, &de, "de-DE", "stores/fashion/locales/en-US.ftl"), None);
        assert_eq!(
            reason(&root, &de, "de-DE", "locales/de-DE.ftl").as_deref(),
            Some("base locales/de-DE.ftl")
        );
    }

    #[test]
    fn every_store_has_its_cargo_features_with_its_capabilities() {
        let root = root();
        let app = std::fs::read_to_string(root.join("app/Cargo.toml")).unwrap();
        let server = std::fs::read_to_string(root.join("server/Cargo.toml")).unwrap();
        let front = std::fs::read_to_string(root.join("front/Cargo.toml")).unwrap();
        let stores = store_tool::discover(&root.join("stores")).unwrap();
        for id in stores.ids().filter(|id| *id != "default") {
            let store = stores.resolve(id).unwrap();
            let caps: Vec<String> = store.capabilities.iter().map(|c| format!("\"{c}\"")).collect();
            let line = format!("store-{id} = [{}]", caps.join(", "));
            assert!(app.lines().any(|l| l == line), "app/Cargo.toml lacks `{line}`");
            let line = server_feature_line(id, &store.backend);
            assert!(server.lines().any(|l| l == line), "server/Cargo.toml lacks `{line}`");
            let line = front_feature_line(id);
            assert!(front.lines().any(|l| l == line), "front/Cargo.toml lacks `{line}`");
        }
    }
}
