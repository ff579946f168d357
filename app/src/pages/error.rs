use leptos::prelude::*;
use leptos_meta::Title;

use super::status::HttpStatus;
use crate::i18n::t;

/// A failure on our side or a request we cannot answer. Shows `message`, which callers
/// keep free of internals (the server logs those), and sets `status`.
#[component]
pub fn ErrorPage(#[prop(into)] message: String, #[prop(default = 500)] status: u16) -> impl IntoView {
    HttpStatus::from_context().set(status);
    let heading = if status >= 500 {
        t::error_title()
    } else {
        t::bad_request_title()
    };
    view! {
        <Title text=heading />
        <section class="mx-auto max-w-xl py-16 text-center" data-testid="error-page" data-status=status>
            <p class="text-sm font-semibold text-danger">{status}</p>
            <h1 class="mt-2 font-display text-3xl font-bold">{heading}</h1>
            <p class="mt-3 text-ink-soft">{message}</p>
            <a href="/" class="mt-6 inline-block rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::go_home()}</a>
        </section>
    }
}
