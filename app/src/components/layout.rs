use leptos::prelude::*;

use super::{Footer, Header};
use crate::i18n::t;

/// Skip link, header, the page, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-ink focus:px-4 focus:py-2 focus:text-surface"
        >
            {t::skip_to_content()}
        </a>
        <Header />
        <main id="main" class="mx-auto min-h-[60vh] max-w-7xl px-4 py-6 sm:px-6">
            {children()}
        </main>
        <Footer />
    }
}
