//! Locale files, layered key by key: a store's `locales/<locale>.ftl` sets only the
//! messages it changes and inherits the rest. The base `locales/en-US.ftl` is the
//! reference: it names every message the app may use, and the variables each takes.
//!
//! The result is checked at build time (unknown, missing and malformed messages fail
//! the build naming the file and the key) and compiled into one Rust function per
//! message (see `compile`), so a key the code asks for and no locale defines does not
//! compile either, and nothing parses Fluent at run time.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, Resource};

use crate::StoreError;

/// The locale whose base file defines the set of messages.
pub const REFERENCE_LOCALE: &str = "en-US";

/// A store's messages in its locale, merged down its chain.
#[derive(Debug, Clone)]
pub struct Messages {
    pub locale: String,
    /// The files that contributed, base first.
    pub layers: Vec<PathBuf>,
    pub messages: BTreeMap<String, Message>,
    /// Terms (`-brand = …`), nearest layer winning.
    terms: BTreeMap<String, Pattern<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The file the winning definition comes from.
    pub from: PathBuf,
    /// The text, when the message has no placeables and so needs no formatting at run time.
    pub text: Option<String>,
    /// Variables of the reference message, in order of first use: the accessor's arguments.
    pub variables: Vec<String>,
    /// The winning definition.
    pattern: Pattern<String>,
}

/// Merges `locales/<locale>.ftl` over the base and the stores of `chain` (nearest first).
pub fn resolve_locale(root: &Path, chain: &[String], locale: &str) -> Result<Messages, StoreError> {
    let reference_path = root.join("locales").join(format!("{REFERENCE_LOCALE}.ftl"));
    let reference = parse_file(&reference_path)?;
    let reference_vars: BTreeMap<String, Vec<String>> = messages_of(&reference_path, &reference)?
        .into_iter()
        .map(|(id, (vars, _, _))| (id, vars))
        .collect();

    let mut dirs = vec![root.join("locales")];
    dirs.extend(
        chain
            .iter()
            .rev()
            .map(|id| root.join("stores").join(id).join("locales")),
    );
    let layers: Vec<PathBuf> = dirs
        .into_iter()
        .map(|d| d.join(format!("{locale}.ftl")))
        .filter(|p| p.is_file())
        .collect();
    if layers.is_empty() {
        return Err(StoreError::Locale {
            path: root.join("locales").join(format!("{locale}.ftl")),
            message: format!("no locale file for `{locale}` in the base or any store of the chain"),
        });
    }

    let mut messages = BTreeMap::new();
    let mut terms = BTreeMap::new();
    for path in &layers {
        let resource = parse_file(path)?;
        for (id, (vars, text, pattern)) in messages_of(path, &resource)? {
            let Some(allowed) = reference_vars.get(&id) else {
                return Err(invalid(
                    path,
                    &id,
                    "unknown message: the base locales/en-US.ftl does not define it",
                ));
            };
            if let Some(extra) = vars.iter().find(|v| !allowed.contains(v)) {
                return Err(invalid(
                    path,
                    &id,
                    &format!("uses `${extra}`, which the message does not take"),
                ));
            }
            let message = Message {
                from: path.clone(),
                text,
                variables: allowed.clone(),
                pattern,
            };
            messages.insert(id, message);
        }
        for entry in &resource.body {
            if let Entry::Term(term) = entry {
                terms.insert(term.id.name.to_string(), term.value.clone());
            }
        }
    }
    let missing: Vec<&str> = reference_vars
        .keys()
        .filter(|id| !messages.contains_key(*id))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(StoreError::Locale {
            path: layers[0].clone(),
            message: format!("missing messages: {}", missing.join(", ")),
        });
    }
    Ok(Messages {
        locale: locale.to_string(),
        layers,
        messages,
        terms,
    })
}

impl Messages {
    /// One Rust function per message, named after its id (`cart-count` → `cart_count`):
    /// a string constant for plain text, code that builds the text for the rest. A
    /// construct the compiler does not support fails naming the file and the message.
    pub fn rust_module(&self, root: &Path) -> Result<String, StoreError> {
        let plain: BTreeMap<String, String> = self
            .messages
            .iter()
            .filter_map(|(id, m)| m.text.clone().map(|t| (id.clone(), t)))
            .collect();
        let scope = crate::compile::Scope {
            terms: &self.terms,
            plain: &plain,
        };
        let mut code = format!(
            "// Generated by app/build.rs from the layered locales/{}.ftl.\n\
             /// The store's locale.\npub const LOCALE: &str = {:?};\n",
            self.locale, self.locale,
        );
        for (id, m) in &self.messages {
            let from = m.from.strip_prefix(root).unwrap_or(&m.from).display().to_string();
            let name = crate::compile::ident(id);
            code.push_str(&format!("/// `{id}`, from {from}\n"));
            if let (Some(text), true) = (&m.text, m.variables.is_empty()) {
                code.push_str(&format!("pub fn {name}() -> &'static str {{\n    {text:?}\n}}\n"));
                continue;
            }
            if m.variables.iter().any(|v| v == "out") {
                return Err(invalid(&m.from, id, "a variable cannot be called `$out`"));
            }
            let body = crate::compile::pattern(&m.pattern, &scope, 0).map_err(|e| invalid(&m.from, id, &e))?;
            let vars: Vec<String> = m.variables.iter().map(|v| crate::compile::ident(v)).collect();
            let params: Vec<String> = vars.iter().map(|v| format!("{v}: impl Into<super::Arg>")).collect();
            let converts: String = vars
                .iter()
                .map(|v| format!("    let {v}: super::Arg = {v}.into();\n"))
                .collect();
            code.push_str(&format!(
                "pub fn {name}({}) -> String {{\n{converts}    let mut out = String::new();\n{body}    out\n}}\n",
                params.join(", "),
            ));
        }
        Ok(code)
    }
}

fn parse_file(path: &Path) -> Result<Resource<String>, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    fluent_syntax::parser::parse(text.clone()).map_err(|(_, errors)| {
        let first = &errors[0];
        let line = text[..first.pos.start.min(text.len())].lines().count().max(1);
        StoreError::Locale {
            path: path.to_path_buf(),
            message: format!("line {line}: {}", first.kind),
        }
    })
}

type Parsed = (Vec<String>, Option<String>, Pattern<String>);

/// Every message of a file: its variables, its plain text if it has no placeables, its pattern.
fn messages_of(path: &Path, resource: &Resource<String>) -> Result<BTreeMap<String, Parsed>, StoreError> {
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        let Entry::Message(message) = entry else { continue };
        let id = message.id.name.clone();
        let Some(value) = &message.value else {
            return Err(invalid(path, &id, "has no value"));
        };
        if !message.attributes.is_empty() {
            return Err(invalid(
                path,
                &id,
                "attributes are not supported; use a message of its own",
            ));
        }
        let mut vars = Vec::new();
        collect_variables(value, &mut vars);
        let text = plain_text(value);
        if out.insert(id.clone(), (vars, text, value.clone())).is_some() {
            return Err(invalid(path, &id, "defined twice in the same file"));
        }
    }
    Ok(out)
}

fn plain_text(pattern: &Pattern<String>) -> Option<String> {
    pattern
        .elements
        .iter()
        .map(|e| match e {
            PatternElement::TextElement { value } => Some(value.as_str()),
            PatternElement::Placeable { .. } => None,
        })
        .collect()
}

fn collect_variables(pattern: &Pattern<String>, out: &mut Vec<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            match expression {
                Expression::Inline(inline) => inline_variables(inline, out),
                Expression::Select { selector, variants } => {
                    inline_variables(selector, out);
                    for v in variants {
                        collect_variables(&v.value, out);
                    }
                }
            }
        }
    }
}

fn inline_variables(expr: &InlineExpression<String>, out: &mut Vec<String>) {
    match expr {
        InlineExpression::VariableReference { id } if !out.contains(&id.name) => {
            out.push(id.name.clone());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, out);
            }
        }
        InlineExpression::Placeable { expression } => {
            let pattern = Pattern {
                elements: vec![PatternElement::Placeable {
                    expression: (**expression).clone(),
                }],
            };
            collect_variables(&pattern, out);
        }
        _ => {}
    }
}

fn invalid(path: &Path, id: &str, message: &str) -> StoreError {
    StoreError::Locale {
        path: path.to_path_buf(),
        message: format!("message `{id}`: {message}"),
    }
}

/// The locales a tree of locale files defines, for checks over every store.
pub fn locale_ids(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_string_lossy().strip_suffix(".ftl").map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn fixture(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("locales-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        write(
            &dir,
            "locales/en-US.ftl",
            "nav-cart = Cart\nsearch = Search\nresult-count = { $count ->\n    [one] { $count } product\n   *[other] { $count } products\n}\n",
        );
        write(
            &dir,
            "locales/de-DE.ftl",
            "nav-cart = Warenkorb\nsearch = Suche\nresult-count = { $count } Produkte\n",
        );
        dir
    }

    fn chain(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn nearest_layer_wins_key_by_key() {
        let root = fixture("merge");
        write(&root, "stores/brand/locales/en-US.ftl", "nav-cart = Bag\n");
        write(&root, "stores/shop/locales/en-US.ftl", "search = Find\n");
        let m = resolve_locale(&root, &chain(&["shop", "brand"]), "en-US").unwrap();
        assert_eq!(m.messages["nav-cart"].text.as_deref(), Some("Bag"));
        assert_eq!(m.messages["search"].text.as_deref(), Some("Find"));
        assert!(m.messages["search"].from.ends_with("stores/shop/locales/en-US.ftl"));
        assert_eq!(m.messages["result-count"].text, None);
        assert_eq!(m.messages["result-count"].variables, vec!["count".to_string()]);
        // A brand's English wording does not reach a German child.
        let de = resolve_locale(&root, &chain(&["shop-de", "brand"]), "de-DE").unwrap();
        assert_eq!(de.messages["nav-cart"].text.as_deref(), Some("Warenkorb"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn unknown_missing_and_malformed_messages_name_file_and_key() {
        let root = fixture("errors");
        write(&root, "stores/typo/locales/en-US.ftl", "nav-kart = Bag\n");
        let e = resolve_locale(&root, &chain(&["typo"]), "en-US")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("stores/typo/locales/en-US.ftl") && e.contains("`nav-kart`"),
            "{e}"
        );

        write(&root, "locales/fr-FR.ftl", "nav-cart = Panier\n");
        let e = resolve_locale(&root, &[], "fr-FR").unwrap_err().to_string();
        assert!(
            e.contains("fr-FR.ftl") && e.contains("result-count") && e.contains("search"),
            "{e}"
        );

        write(&root, "stores/vars/locales/en-US.ftl", "search = Search { $term }\n");
        let e = resolve_locale(&root, &chain(&["vars"]), "en-US")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`search`") && e.contains("$term"), "{e}");

        write(
            &root,
            "stores/broken/locales/en-US.ftl",
            "search = Search\nnav-cart = { $\n",
        );
        let e = resolve_locale(&root, &chain(&["broken"]), "en-US")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("stores/broken/locales/en-US.ftl") && e.contains("line 2"),
            "{e}"
        );

        let e = resolve_locale(&root, &[], "it-IT").unwrap_err().to_string();
        assert!(e.contains("it-IT"), "{e}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn generates_one_function_per_message() {
        let root = fixture("codegen");
        let m = resolve_locale(&root, &[], "en-US").unwrap();
        let code = m.rust_module(&root).unwrap();
        assert!(
            code.contains("pub fn nav_cart() -> &'static str {\n    \"Cart\"\n}"),
            "{code}"
        );
        assert!(
            code.contains("pub fn result_count(count: impl Into<super::Arg>) -> String"),
            "{code}"
        );
        assert!(code.contains("/// `nav-cart`, from locales/en-US.ftl"), "{code}");
        assert!(code.contains("if count.is(\"one\")"), "{code}");

        write(
            &root,
            "stores/fn/locales/en-US.ftl",
            "result-count = { NUMBER($count) }\n",
        );
        let e = resolve_locale(&root, &chain(&["fn"]), "en-US")
            .and_then(|m| m.rust_module(&root))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("stores/fn/locales/en-US.ftl") && e.contains("NUMBER()"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
