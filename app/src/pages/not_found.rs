use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::status::HttpStatus;
use crate::i18n::t;

/// Sent with status 404, for unknown routes, categories and products alike.
#[component]
pub fn NotFound() -> impl IntoView {
    HttpStatus::from_context().set(404);
    view! {
        <Title text=t::not_found_title() />
        <Meta name="robots" content="noindex" />
        <section class="mx-auto max-w-xl py-16 text-center" data-testid="not-found">
            <p class="text-sm font-semibold text-brand">"404"</p>
            <h1 class="mt-2 font-display text-3xl font-bold">{t::not_found_heading()}</h1>
            <p class="mt-3 text-ink-soft">{t::not_found_text()}</p>
            <div class="mt-6 flex justify-center gap-3">
                <a href="/" class="rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::go_home()}</a>
                <a href="/search" class="rounded-theme border border-line px-4 py-2 font-semibold">{t::search_title()}</a>
            </div>
        </section>
    }
}
