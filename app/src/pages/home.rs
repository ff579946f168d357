use leptos::prelude::*;

use super::ErrorPage;
use crate::api::get_home;
use crate::components::ProductGrid;
use crate::seo::{json_ld, JsonLd, Seo};
use crate::store::STORE;
use crate::i18n::t;

#[component]
pub fn HomePage() -> impl IntoView {
    let data = OnceResource::new(get_home());
    view! {
        <Seo title="" description=STORE.tagline path="/" />
        <JsonLd json=json_ld::organization() />
        <section class="relative overflow-hidden rounded-theme bg-hero px-6 py-16 text-on-brand sm:px-12 sm:py-24" data-testid="hero">
            <p class="text-sm font-semibold uppercase tracking-widest opacity-80">{STORE.tagline}</p>
            <h1 class="mt-3 max-w-2xl font-display text-4xl font-bold sm:text-5xl">{STORE.hero_title}</h1>
            <p class="mt-4 max-w-xl text-lg opacity-90">{STORE.hero_text}</p>
            <a href="#featured" class="mt-8 inline-block rounded-theme bg-surface px-5 py-3 font-semibold text-ink">{t::home_cta()}</a>
        </section>
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage message=e.to_string() /> }.into_any(),
                    Ok(home) => view! {
                        <section class="mt-12" aria-labelledby="cats">
                            <h2 id="cats" class="font-display text-2xl font-bold">{t::home_categories()}</h2>
                            <ul class="mt-4 grid grid-cols-2 gap-4 md:grid-cols-4">
                                {home.categories.into_iter().map(|c| view! {
                                    <li class="rounded-theme border border-line p-4">
                                        <a href=format!("/c/{}", c.slug) class="font-display text-lg font-semibold hover:underline">{c.name}</a>
                                        <ul class="mt-2 space-y-1 text-sm text-ink-soft">
                                            {c.children.into_iter().map(|s| view! {
                                                <li><a href=format!("/c/{}", s.slug) class="hover:underline">{s.name}</a></li>
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                        <section id="featured" class="mt-12" aria-labelledby="picks">
                            <h2 id="picks" class="mb-4 font-display text-2xl font-bold">{t::home_featured()}</h2>
                            <ProductGrid products=home.featured />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
