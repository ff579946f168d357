use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::def::{valid_id, valid_locale, ShippingMethod, StoreFile, Theme, BACKENDS, CURRENCIES};
use crate::StoreError;

/// Every store found under a `stores/` folder, keyed by id.
#[derive(Debug, Default)]
pub struct Stores {
    files: BTreeMap<String, (PathBuf, StoreFile)>,
}

/// A store with its chain merged: every value present, the child's winning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedStore {
    pub id: String,
    pub name: String,
    /// The store first, then its parent, and so on up; the base app is implied after it.
    pub chain: Vec<String>,
    pub locale: String,
    pub currency: String,
    pub catalog: String,
    pub base_url: String,
    pub addr: String,
    pub capabilities: Vec<String>,
    pub theme: Theme,
    pub tax_basis_points: u32,
    pub prices_include_tax: bool,
    pub shipping: Vec<ShippingMethod>,
    /// One of [`BACKENDS`], with its settings.
    pub backend: String,
    pub backend_channel: Option<String>,
    pub backend_language: Option<String>,
}

/// Reads `<dir>/*/store.toml`. Folders without one (such as this crate's) are not stores.
pub fn discover(dir: &Path) -> Result<Stores, StoreError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| StoreError::Io { path, source }
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path().join("store.toml")))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    let mut stores = Stores::default();
    for path in entries {
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        stores.insert(path, &text)?;
    }
    Ok(stores)
}

impl Stores {
    /// Adds one definition; `path` is only used to name the file in errors.
    pub fn insert(&mut self, path: PathBuf, text: &str) -> Result<(), StoreError> {
        let file: StoreFile = toml::from_str(text).map_err(|e| StoreError::Parse {
            path: path.clone(),
            message: e.message().to_string(),
        })?;
        check_values(&path, &file)?;
        if let Some((other, _)) = self.files.get(&file.id) {
            return Err(StoreError::DuplicateId {
                path,
                id: file.id.clone(),
                other: other.clone(),
            });
        }
        self.files.insert(file.id.clone(), (path, file));
        Ok(())
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn path(&self, id: &str) -> Option<&Path> {
        self.files.get(id).map(|(p, _)| p.as_path())
    }

    /// Walks `extends` up to the base and merges values down it.
    pub fn resolve(&self, id: &str) -> Result<ResolvedStore, StoreError> {
        let chain = self.chain(id)?;
        let (leaf_path, _) = &self.files[id];
        // Merge from the root down so each child's value overwrites its parent's.
        let mut merged = StoreFile::default();
        for link in chain.iter().rev() {
            let file = self.files[link].1.clone();
            merged = StoreFile {
                id: file.id,
                name: file.name.or(merged.name),
                extends: file.extends,
                locale: file.locale.or(merged.locale),
                currency: file.currency.or(merged.currency),
                catalog: file.catalog.or(merged.catalog),
                base_url: file.base_url.or(merged.base_url),
                addr: file.addr.or(merged.addr),
                capabilities: file.capabilities.or(merged.capabilities),
                theme: file.theme.over(&merged.theme),
                checkout: file.checkout.over(&merged.checkout),
                backend: file.backend.over(&merged.backend),
            };
        }
        let need = |value: Option<String>, key: &'static str| {
            value.ok_or_else(|| StoreError::Invalid {
                path: leaf_path.clone(),
                key,
                message: "missing here and in every parent".into(),
            })
        };
        Ok(ResolvedStore {
            id: id.to_string(),
            name: need(merged.name, "name")?,
            locale: need(merged.locale, "locale")?,
            currency: need(merged.currency, "currency")?,
            catalog: need(merged.catalog, "catalog")?,
            base_url: need(merged.base_url, "base_url")?,
            addr: need(merged.addr, "addr")?,
            capabilities: merged.capabilities.unwrap_or_default(),
            theme: merged.theme,
            tax_basis_points: merged.checkout.tax_basis_points.unwrap_or(0),
            prices_include_tax: merged.checkout.prices_include_tax.unwrap_or(false),
            shipping: match merged.checkout.shipping {
                Some(list) if !list.is_empty() => list,
                _ => {
                    return Err(StoreError::Invalid {
                        path: leaf_path.clone(),
                        key: "checkout.shipping",
                        message: "at least one shipping method, here or in a parent".into(),
                    })
                }
            },
            backend: merged.backend.kind.unwrap_or_else(|| BACKENDS[0].to_string()),
            backend_channel: merged.backend.channel,
            backend_language: merged.backend.language,
            chain,
        })
    }

    /// The stores that sell the same products as `id` in other languages: the same brand
    /// (the root of their `extends` chain) and the same catalog, `id` itself included,
    /// one per locale (the store itself, then by id). Search engines link them by
    /// `hreflang`; the first is the family's root when it is one of them (`x-default`).
    pub fn siblings(&self, id: &str) -> Result<Vec<ResolvedStore>, StoreError> {
        let me = self.resolve(id)?;
        let root = me.chain.last().cloned();
        let mut family = vec![me.clone()];
        for other in self.files.keys().filter(|o| o.as_str() != id) {
            let other = self.resolve(other)?;
            let same = other.chain.last() == root.as_ref() && other.catalog == me.catalog;
            if same && family.iter().all(|s| s.locale != other.locale) {
                family.push(other);
            }
        }
        if family.len() == 1 {
            return Ok(family);
        }
        family.sort_by_key(|s| (Some(&s.id) != root.as_ref(), s.id.clone()));
        Ok(family)
    }

    /// The ids from `id` up to the root store, failing on unknown parents and cycles.
    pub fn chain(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut chain = vec![id.to_string()];
        let mut current = id;
        loop {
            let (path, file) = self
                .files
                .get(current)
                .ok_or_else(|| StoreError::UnknownStore(current.to_string()))?;
            let Some(parent) = file.extends.as_deref() else {
                return Ok(chain);
            };
            if !self.files.contains_key(parent) {
                return Err(StoreError::UnknownParent {
                    path: path.clone(),
                    parent: parent.to_string(),
                });
            }
            if chain.iter().any(|c| c == parent) {
                chain.push(parent.to_string());
                return Err(StoreError::Cycle {
                    path: path.clone(),
                    chain: chain.join(" -> "),
                });
            }
            chain.push(parent.to_string());
            current = parent;
        }
    }
}

fn check_values(path: &Path, file: &StoreFile) -> Result<(), StoreError> {
    let invalid = |key, message: String| StoreError::Invalid {
        path: path.to_path_buf(),
        key,
        message,
    };
    if !valid_id(&file.id) {
        return Err(invalid(
            "id",
            format!("`{}` must be lowercase letters, digits and dashes", file.id),
        ));
    }
    if let Some(folder) = path.parent().and_then(|p| p.file_name()) {
        if folder != file.id.as_str() {
            return Err(invalid(
                "id",
                format!("`{}` must match its folder name {folder:?}", file.id),
            ));
        }
    }
    if let Some(locale) = &file.locale {
        if !valid_locale(locale) {
            return Err(invalid("locale", format!("`{locale}` is not a locale like `en-US`")));
        }
    }
    if let Some(bp) = file.checkout.tax_basis_points {
        if bp > 10_000 {
            return Err(invalid("checkout.tax_basis_points", format!("{bp} is over 100 %")));
        }
    }
    for m in file.checkout.shipping.iter().flatten() {
        if !valid_id(&m.id) || m.price < 0 || m.name.trim().is_empty() {
            return Err(invalid(
                "checkout.shipping",
                format!(
                    "method `{}` needs a lowercase id, a name and a price of 0 or more",
                    m.id
                ),
            ));
        }
    }
    if let Some(kind) = &file.backend.kind {
        if kind == "embedded" && (file.backend.channel.is_some() || file.backend.language.is_some()) {
            return Err(invalid(
                "backend",
                "the embedded backend takes no `channel` or `language`".into(),
            ));
        }
        if !BACKENDS.contains(&kind.as_str()) {
            return Err(invalid(
                "backend.kind",
                format!(
                    "`{kind}` is not a backend this storefront has ({})",
                    BACKENDS.join(", ")
                ),
            ));
        }
    }
    if let Some(currency) = &file.currency {
        if !CURRENCIES.contains(&currency.as_str()) {
            return Err(invalid(
                "currency",
                format!(
                    "`{currency}` is not a supported ISO 4217 code ({})",
                    CURRENCIES.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stores(defs: &[(&str, &str)]) -> Result<Stores, StoreError> {
        let mut s = Stores::default();
        for (id, text) in defs {
            s.insert(PathBuf::from(format!("stores/{id}/store.toml")), text)?;
        }
        Ok(s)
    }

    const BASE: &str = r#"
        id = "base"
        name = "Base"
        locale = "en-US"
        currency = "USD"
        catalog = "apparel"
        base_url = "http://localhost:3000"
        addr = "127.0.0.1:3000"
        capabilities = ["wishlist"]
        [theme]
        tagline = "Base tagline"
        hero_title = "Base hero"
        [checkout]
        tax_basis_points = 700
        shipping = [{ id = "standard", name = "Standard", price = 495, days = "3–5 days" }]
    "#;

    #[test]
    fn the_backend_defaults_to_embedded_is_inherited_and_must_be_known() {
        let s = stores(&[
            ("base", &format!("{BASE}\n[backend]\nkind = \"embedded\"")),
            ("kid", "id = \"kid\"\nextends = \"base\""),
        ])
        .unwrap();
        assert_eq!(s.resolve("kid").unwrap().backend, "embedded");
        assert_eq!(
            stores(&[("base", BASE)]).unwrap().resolve("base").unwrap().backend,
            "embedded"
        );
        let err = stores(&[("base", &format!("{BASE}\n[backend]\nkind = \"magento\""))]).unwrap_err();
        assert!(
            err.to_string().contains("backend.kind") && err.to_string().contains("magento"),
            "{err}"
        );
    }

    #[test]
    fn siblings_share_the_root_and_catalog_one_per_locale() {
        let s = stores(&[
            ("base", BASE),
            (
                "kid",
                "id = \"kid\"\nextends = \"base\"\nlocale = \"de-DE\"\ncurrency = \"EUR\"",
            ),
            ("twin", "id = \"twin\"\nextends = \"base\"\nlocale = \"de-DE\""),
            ("other", &BASE.replace("\"base\"", "\"other\"")),
            (
                "tech",
                "id = \"tech\"\nextends = \"base\"\nlocale = \"fr-FR\"\ncatalog = \"electronics\"",
            ),
        ])
        .unwrap();
        let ids = |id: &str| s.siblings(id).unwrap().into_iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(
            ids("kid"),
            ["base", "kid"],
            "root first; a second de-DE store is left out"
        );
        assert_eq!(ids("base"), ["base", "kid"]);
        assert_eq!(ids("other"), ["other"], "another brand is not a sibling");
        assert_eq!(ids("tech"), ["tech"], "another catalog is not a sibling");
    }

    #[test]
    fn child_values_win_and_the_rest_is_inherited() {
        let s = stores(&[
            ("base", BASE),
            ("kid", "id = \"kid\"\nextends = \"base\"\nlocale = \"de-DE\"\ncurrency = \"EUR\"\n[theme]\nhero_title = \"Hallo\""),
        ])
        .unwrap();
        let kid = s.resolve("kid").unwrap();
        assert_eq!(kid.chain, ["kid", "base"]);
        assert_eq!(kid.locale, "de-DE");
        assert_eq!(kid.currency, "EUR");
        assert_eq!(kid.name, "Base");
        assert_eq!(kid.capabilities, ["wishlist"]);
        assert_eq!(kid.theme.hero_title.as_deref(), Some("Hallo"));
        assert_eq!(kid.theme.tagline.as_deref(), Some("Base tagline"));
    }

    #[test]
    fn unknown_parent_names_file_and_key() {
        let s = stores(&[("kid", "id = \"kid\"\nextends = \"nope\"")]).unwrap();
        let err = s.resolve("kid").unwrap_err().to_string();
        assert!(err.contains("stores/kid/store.toml"), "{err}");
        assert!(err.contains("`extends`") && err.contains("nope"), "{err}");
    }

    #[test]
    fn cycles_are_reported_with_the_chain() {
        let s = stores(&[
            ("a", "id = \"a\"\nextends = \"b\""),
            ("b", "id = \"b\"\nextends = \"a\""),
        ])
        .unwrap();
        let err = s.resolve("a").unwrap_err().to_string();
        assert!(err.contains("cycle a -> b -> a"), "{err}");
    }

    #[test]
    fn unknown_keys_fail_with_the_file_name() {
        let err = stores(&[("x", "id = \"x\"\ncolour = \"red\"")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("stores/x/store.toml") && err.contains("colour"), "{err}");
    }

    #[test]
    fn invalid_locale_and_currency_name_the_key() {
        let err = stores(&[("x", "id = \"x\"\nlocale = \"german\"")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("`locale`"), "{err}");
        let err = stores(&[("x", "id = \"x\"\ncurrency = \"EURO\"")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("`currency`"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let mut s = Stores::default();
        s.insert("stores/x/store.toml".into(), "id = \"x\"").unwrap();
        let err = s.insert("stores/x/store.toml".into(), "id = \"x\"").unwrap_err();
        assert!(matches!(err, StoreError::DuplicateId { .. }));
    }

    #[test]
    fn id_must_match_folder() {
        let err = stores(&[("x", "id = \"y\"")]).unwrap_err().to_string();
        assert!(err.contains("folder"), "{err}");
    }

    #[test]
    fn missing_root_values_are_named() {
        let s = stores(&[("x", "id = \"x\"")]).unwrap();
        let err = s.resolve("x").unwrap_err().to_string();
        assert!(err.contains("`name`"), "{err}");
    }
}
