//! The document head's links to the build's stylesheet and island bundle.

use std::sync::OnceLock;

use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use leptos_meta::HashedStylesheet;

/// The stylesheet, the bundle's preloads and the script that loads the islands, as
/// leptos's `HashedStylesheet` and `HydrationScripts` render them. Those two read the
/// build's hash file from disk every time they render (three system calls and a parse
/// per page, twice); the tags only change with the build, so they are rendered once per
/// process and copied into each page.
#[component]
pub fn BundleLinks(options: LeptosOptions) -> impl IntoView {
    static TAGS: OnceLock<String> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        // A root of its own: not the first request's owner, whose shared context this
        // render would change and whose nonce it would copy into every page (the CSP
        // admits inline scripts by hash, see server/src/security_headers.rs). Making a
        // root makes it the current owner, so the request's is put back after.
        let request = Owner::current();
        let tags = Owner::new_root(None).with(|| {
            view! {
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=true />
            }
            .to_html()
        });
        if let Some(owner) = request {
            owner.set();
        }
        tags
    });
    // What `HydrationScripts` does besides its tags: with islands, nothing outside an
    // island hydrates, so no resource outside one is written into the page.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    InertElement::new(tags.as_str())
}
