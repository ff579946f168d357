//! Compiles the selected store into the crate:
//! - its resolved `store.toml` as constants, so the server and the browser bundle agree on
//!   it and neither parses TOML at run time;
//! - its module tree, each module from the file that wins in the store's layers, compiled
//!   where it lives so errors name the store's own file;
//! - its theme: every layer's `style/theme.css`, base first, so a child's tokens win;
//! - its texts: `locales/<locale>.ftl` merged key by key down the chain and checked
//!   against the base `en-US.ftl`, as one function per message.

use std::{env, fs, path::PathBuf};

#[path = "build/names.rs"]
mod names;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.join("..");
    let root = root.canonicalize().unwrap_or(root);
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for watched in ["stores", "app/src", "style", "locales"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    let id = selected_store();
    let stores = store_tool::discover(&root.join("stores")).unwrap_or_else(|e| fail(&e));
    let store = stores.resolve(&id).unwrap_or_else(|e| fail(&e));

    // Store public folders, nearest first; the server serves them over the base `public/`.
    let public: Vec<String> = store
        .chain
        .iter()
        .map(|s| root.join("stores").join(s).join("public"))
        .filter(|p| p.is_dir())
        .map(|p| p.display().to_string())
        .collect();
    let siblings = stores.siblings(&id).unwrap_or_else(|e| fail(&e));
    let alternates: Vec<String> = match siblings.len() {
        1 => Vec::new(),
        _ => siblings
            .iter()
            .map(|s| {
                let language = names::language_in_itself(&s.locale).unwrap_or_else(|e| fail_with(&e));
                format!(
                    "Alternate {{ id: {:?}, locale: {:?}, language: {language:?}, base_url: {:?} }}",
                    s.id, s.locale, s.base_url
                )
            })
            .collect(),
    };
    let config = format!(
        "{}\n/// Store layers of `public/`, nearest first.\npub const PUBLIC_LAYERS: &[&str] = &{public:?};\n\
         /// This store and its siblings in other languages, the family's root first.\n\
         pub const ALTERNATES: &[Alternate] = &[{}];\n",
        store_config(&store),
        alternates.join(", ")
    );
    write(&out.join("store_config.rs"), &config);

    let countries = names::countries(&store.locale).unwrap_or_else(|e| fail_with(&e));
    let rows: Vec<String> = countries
        .iter()
        .map(|(code, name)| format!("({code:?}, {name:?})"))
        .collect();
    write(
        &out.join("country_names.rs"),
        &format!(
            "/// Every country as `(ISO code, name in the store's language)`, in that language's order.\n\
             pub const COUNTRY_NAMES: &[(&str, &str)] = &[{}];\n",
            rows.join(", ")
        ),
    );

    let src = store_tool::resolve_tree(&root, &store.chain, "app/src");
    for (name, code) in store_tool::module_files(&src) {
        write(&out.join(name), &code);
    }

    let messages = store_tool::resolve_locale(&root, &store.chain, &store.locale).unwrap_or_else(|e| fail(&e));
    let module = messages.rust_module(&root).unwrap_or_else(|e| fail(&e));
    write(&out.join("messages.rs"), &module);

    let mut theme = String::new();
    let mut layers: Vec<PathBuf> = vec![root.join("style/theme.css")];
    layers.extend(
        store
            .chain
            .iter()
            .rev()
            .map(|s| root.join("stores").join(s).join("style/theme.css")),
    );
    for layer in layers.iter().filter(|p| p.is_file()) {
        theme.push_str(&format!(
            "/* {} */\n",
            layer.strip_prefix(&root).unwrap_or(layer).display()
        ));
        theme.push_str(&fs::read_to_string(layer).unwrap_or_default());
        theme.push('\n');
    }
    write(&out.join("theme.css"), &theme);
}

fn store_config(store: &store_tool::ResolvedStore) -> String {
    let theme = &store.theme;
    let opt = |v: &Option<String>| format!("{:?}", v.as_deref().unwrap_or(""));
    let shipping: Vec<String> = store
        .shipping
        .iter()
        .map(|m| {
            format!(
                "ShippingOption {{ id: {:?}, name: {:?}, price: {}, days: {:?} }}",
                m.id, m.name, m.price, m.days
            )
        })
        .collect();
    format!(
        "/// The store this binary was compiled for.\npub const STORE: StoreConfig = StoreConfig {{\n    id: {:?},\n    name: {:?},\n    chain: &{:?},\n    locale: {:?},\n    currency: {:?},\n    catalog: {:?},\n    base_url: {:?},\n    addr: {:?},\n    capabilities: &{:?},\n    tagline: {},\n    hero_title: {},\n    hero_text: {},\n    tax_basis_points: {},\n    prices_include_tax: {},\n    shipping: &[{}],\n    backend: Backend {{ kind: {:?}, channel: {:?}, language: {:?} }},\n}};\n",
        store.id,
        store.name,
        store.chain,
        store.locale,
        store.currency,
        store.catalog,
        store.base_url,
        store.addr,
        store.capabilities,
        opt(&theme.tagline),
        opt(&theme.hero_title),
        opt(&theme.hero_text),
        store.tax_basis_points,
        store.prices_include_tax,
        shipping.join(", "),
        store.backend,
        store.backend_channel,
        store.backend_language,
    )
}

/// Writes only when the contents change, so an unchanged store does not recompile.
fn write(path: &PathBuf, contents: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
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
    fail_with(&e.to_string())
}

fn fail_with(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
