//! The store's texts: [`t`] has one function per message of its layered
//! `locales/<locale>.ftl`, generated at build time, so a message that no locale defines
//! does not compile. Plain texts are string constants; messages with placeables (plurals,
//! variables) are formatted by Fluent.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A value for a message's variable: a number (for plurals) or a string.
pub type Arg = FluentValue<'static>;

#[allow(clippy::all)]
pub mod t {
    include!(concat!(env!("OUT_DIR"), "/messages.rs"));
}

fn bundle() -> &'static FluentBundle<FluentResource> {
    static BUNDLE: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let locale = t::LOCALE.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![locale]);
        // Isolation marks around placeables would end up in attributes and test matches.
        bundle.set_use_isolating(false);
        // The source was parsed and checked by the build script.
        let resource = FluentResource::try_new(t::RUNTIME_SOURCE.to_string()).unwrap_or_else(|(r, _)| r);
        if let Err(errors) = bundle.add_resource(resource) {
            debug_assert!(errors.is_empty(), "{errors:?}");
        }
        bundle
    })
}

pub(crate) fn format(id: &str, args: Vec<(&'static str, Arg)>) -> String {
    let bundle = bundle();
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let args: FluentArgs = args.into_iter().collect();
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned()
}

#[cfg(test)]
mod tests {
    use super::t;

    #[test]
    fn plurals_and_variables_format_in_the_store_locale() {
        let one = t::result_count(1);
        let many = t::result_count(24);
        assert!(one.starts_with("1 ") && many.starts_with("24 "), "{one} / {many}");
        assert_ne!(one.trim_start_matches("1 "), many.trim_start_matches("24 "));
        assert!(t::footer_prices("EUR").contains("EUR"));
        assert!(!t::nav_cart().is_empty());
    }
}
