//! Directory layering: for every path under a layered tree, the first match wins,
//! the store first, then its parent, and on up to the base.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The trees a store may override, relative to the workspace root (and to `stores/<id>/`).
pub const LAYERED_TREES: &[&str] = &["app/src", "style", "public", "locales", "end2end/tests"];

/// Where a resolved file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// A store id, or `None` for the base app.
    pub layer: Option<String>,
    pub path: PathBuf,
    /// True when the file exists in this layer only: an addition rather than an override.
    pub addition: bool,
}

/// Every file of `tree` as the store sees it, keyed by its path relative to the tree.
pub fn resolve_tree(root: &Path, chain: &[String], tree: &str) -> BTreeMap<PathBuf, Resolved> {
    let mut layers: Vec<(Option<String>, PathBuf)> = chain
        .iter()
        .map(|id| (Some(id.clone()), root.join("stores").join(id).join(tree)))
        .collect();
    layers.push((None, root.join(tree)));
    let mut out: BTreeMap<PathBuf, Resolved> = BTreeMap::new();
    let mut seen_in: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (layer, dir) in &layers {
        for file in walk(dir) {
            let rel = file
                .strip_prefix(dir)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| file.clone());
            *seen_in.entry(rel.clone()).or_default() += 1;
            out.entry(rel).or_insert(Resolved {
                layer: layer.clone(),
                path: file,
                addition: false,
            });
        }
    }
    for (rel, resolved) in out.iter_mut() {
        resolved.addition = resolved.layer.is_some() && seen_in.get(rel) == Some(&1);
    }
    out
}

/// Files under `dir`, sorted, skipping hidden entries.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, rel).unwrap();
    }

    #[test]
    fn first_match_wins_and_additions_are_marked() {
        let dir = std::env::temp_dir().join(format!("layers-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        touch(&dir, "app/src/lib.rs");
        touch(&dir, "app/src/components/header.rs");
        touch(&dir, "app/src/components/footer.rs");
        touch(&dir, "stores/brand/app/src/components/header.rs");
        touch(&dir, "stores/brand/app/src/components/footer.rs");
        touch(&dir, "stores/region/app/src/components/footer.rs");
        touch(&dir, "stores/region/app/src/pages/extra.rs");
        let chain = vec!["region".to_string(), "brand".to_string()];
        let r = resolve_tree(&dir, &chain, "app/src");
        let at = |p: &str| r.get(Path::new(p)).unwrap();
        assert_eq!(at("lib.rs").layer, None);
        assert_eq!(at("components/header.rs").layer.as_deref(), Some("brand"));
        assert_eq!(at("components/footer.rs").layer.as_deref(), Some("region"));
        assert!(!at("components/footer.rs").addition);
        assert!(at("pages/extra.rs").addition);
        assert!(at("components/footer.rs")
            .path
            .ends_with("stores/region/app/src/components/footer.rs"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
