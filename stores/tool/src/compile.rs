//! Compiles Fluent patterns to Rust at build time, so the browser bundle carries neither
//! a Fluent parser nor its formatter: a message becomes code that pushes its text and
//! variables, and a select expression an `if` chain over the variable.
//!
//! Supported: text, variables, string and number literals, select expressions on a
//! variable (exact numbers first, then plural categories or strings), terms, and
//! references to plain messages. Functions such as `NUMBER()` fail the build.

use std::collections::BTreeMap;

use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, VariantKey};

/// What a pattern may refer to besides its variables.
pub struct Scope<'a> {
    pub terms: &'a BTreeMap<String, Pattern<String>>,
    /// Messages without placeables, by id: what a message reference may name.
    pub plain: &'a BTreeMap<String, String>,
}

/// Statements that push the pattern onto `out: String`; `Err` says what is unsupported.
pub fn pattern(p: &Pattern<String>, scope: &Scope<'_>, depth: usize) -> Result<String, String> {
    if depth > 8 {
        return Err("terms refer to each other too deeply (a cycle?)".into());
    }
    let mut code = String::new();
    for element in &p.elements {
        match element {
            PatternElement::TextElement { value } => code.push_str(&format!("out.push_str({value:?});\n")),
            PatternElement::Placeable { expression } => code.push_str(&expression_code(expression, scope, depth)?),
        }
    }
    Ok(code)
}

fn expression_code(e: &Expression<String>, scope: &Scope<'_>, depth: usize) -> Result<String, String> {
    match e {
        Expression::Inline(inline) => inline_code(inline, scope, depth),
        Expression::Select { selector, variants } => {
            let InlineExpression::VariableReference { id } = selector else {
                return Err("a select expression must choose on a variable".into());
            };
            let var = ident(&id.name);
            let mut default = None;
            let (mut exact, mut named) = (Vec::new(), Vec::new());
            for v in variants {
                let body = pattern(&v.value, scope, depth)?;
                if v.default {
                    default = Some(body.clone());
                }
                match &v.key {
                    VariantKey::NumberLiteral { value } => exact.push((format!("{var}.is_number({value:?})"), body)),
                    VariantKey::Identifier { name } => named.push((format!("{var}.is({name:?})"), body)),
                }
            }
            let default = default.ok_or("a select expression needs a default variant (*[…])")?;
            let mut code = String::new();
            for (cond, body) in exact.into_iter().chain(named) {
                code.push_str(&format!("if {cond} {{\n{body}}} else "));
            }
            code.push_str(&format!("{{\n{default}}}\n"));
            Ok(code)
        }
    }
}

fn inline_code(e: &InlineExpression<String>, scope: &Scope<'_>, depth: usize) -> Result<String, String> {
    match e {
        InlineExpression::VariableReference { id } => Ok(format!("out.push_str(&{}.to_string());\n", ident(&id.name))),
        InlineExpression::StringLiteral { value } => Ok(format!("out.push_str({:?});\n", unescape(value))),
        InlineExpression::NumberLiteral { value } => Ok(format!("out.push_str({value:?});\n")),
        InlineExpression::Placeable { expression } => expression_code(expression, scope, depth),
        InlineExpression::TermReference {
            id,
            attribute: None,
            arguments: None,
        } => {
            let term = scope
                .terms
                .get(&id.name)
                .ok_or_else(|| format!("unknown term `-{}`", id.name))?;
            pattern(term, scope, depth + 1)
        }
        InlineExpression::TermReference { id, .. } => Err(format!(
            "term `-{}`: attributes and arguments are not supported",
            id.name
        )),
        InlineExpression::MessageReference { id, attribute: None } => match scope.plain.get(&id.name) {
            Some(text) => Ok(format!("out.push_str({text:?});\n")),
            None => Err(format!(
                "`{}`: only messages without placeables can be referenced",
                id.name
            )),
        },
        InlineExpression::MessageReference { id, .. } => Err(format!("`{}`: attributes are not supported", id.name)),
        InlineExpression::FunctionReference { id, .. } => Err(format!("{}(): functions are not supported", id.name)),
    }
}

/// The Rust name of a message or variable: `cart-count` → `cart_count`.
pub fn ident(name: &str) -> String {
    name.replace('-', "_")
}

/// Fluent string literals escape `\"`, `\\` and `\uXXXX`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::Entry;

    fn compile(src: &str) -> Result<String, String> {
        let resource = fluent_syntax::parser::parse(src.to_string()).expect("valid Fluent");
        let mut terms = BTreeMap::new();
        let mut message = None;
        for entry in resource.body {
            match entry {
                Entry::Term(t) => {
                    terms.insert(t.id.name.clone(), t.value);
                }
                Entry::Message(m) => message = m.value,
                _ => {}
            }
        }
        let plain = BTreeMap::from([("brand".to_string(), "Fjell".to_string())]);
        pattern(
            &message.expect("a message"),
            &Scope {
                terms: &terms,
                plain: &plain,
            },
            0,
        )
    }

    #[test]
    fn text_and_variables_are_pushed_in_order() {
        assert_eq!(
            compile("m = Only { $count } left").unwrap(),
            "out.push_str(\"Only \");\nout.push_str(&count.to_string());\nout.push_str(\" left\");\n"
        );
    }

    #[test]
    fn selects_try_exact_numbers_then_categories_then_the_default() {
        let code = compile("m = { $n ->\n  [one] one\n  [0] none\n *[other] many\n}").unwrap();
        let exact = code.find("n.is_number(\"0\")").unwrap();
        let one = code.find("n.is(\"one\")").unwrap();
        assert!(exact < one, "{code}");
        assert!(code.trim_end().ends_with("{\nout.push_str(\"many\");\n}"), "{code}");
    }

    #[test]
    fn terms_and_plain_messages_are_inlined() {
        let code = compile("-shop = Maison\nm = { -shop } by { brand }").unwrap();
        assert!(code.contains("\"Maison\"") && code.contains("\"Fjell\""), "{code}");
    }

    #[test]
    fn functions_and_unknown_terms_are_refused_by_name() {
        assert!(compile("m = { NUMBER($n) }").unwrap_err().contains("NUMBER()"));
        assert!(compile("m = { -nope }").unwrap_err().contains("-nope"));
    }

    #[test]
    fn string_literal_escapes() {
        assert_eq!(unescape(r#"a\"b\\c\u00e9"#), "a\"b\\cé");
    }
}
