//! Compiles the selected store's resolved `store.toml` into the crate, so the server and
//! the browser bundle agree on it and neither parses TOML at run time.

use std::{env, fs, path::PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let stores_dir = manifest.join("../stores");
    println!("cargo:rerun-if-changed={}", stores_dir.display());
    println!("cargo:rerun-if-env-changed=STORE");
    let id = selected_store();
    let stores = store_tool::discover(&stores_dir).unwrap_or_else(|e| fail(&e));
    for sid in stores.ids() {
        if let Some(path) = stores.path(sid) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let store = stores.resolve(&id).unwrap_or_else(|e| fail(&e));
    let theme = &store.theme;
    let opt = |v: &Option<String>| format!("{:?}", v.as_deref().unwrap_or(""));
    let code = format!(
        "/// The store this binary was compiled for.\npub const STORE: StoreConfig = StoreConfig {{\n    id: {:?},\n    name: {:?},\n    chain: &{:?},\n    locale: {:?},\n    currency: {:?},\n    catalog: {:?},\n    base_url: {:?},\n    addr: {:?},\n    capabilities: &{:?},\n    tagline: {},\n    hero_title: {},\n    hero_text: {},\n}};\n",
        store.id, store.name, store.chain, store.locale, store.currency, store.catalog,
        store.base_url, store.addr, store.capabilities,
        opt(&theme.tagline), opt(&theme.hero_title), opt(&theme.hero_text),
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("store_config.rs");
    fs::write(out, code).expect("write store_config.rs");
}

/// `store-<id>` cargo features select a store; none selects `default`.
fn selected_store() -> String {
    let mut picked: Vec<String> = env::vars()
        .filter_map(|(k, _)| {
            k.strip_prefix("CARGO_FEATURE_STORE_")
                .map(|s| s.to_lowercase().replace('_', "-"))
        })
        .collect();
    match picked.len() {
        0 => "default".into(),
        1 => picked.remove(0),
        _ => {
            eprintln!("error: several store features are on ({}); pick one", picked.join(", "));
            std::process::exit(1);
        }
    }
}

fn fail(e: &store_tool::StoreError) -> ! {
    eprintln!("error: {e}");
    std::process::exit(1);
}
