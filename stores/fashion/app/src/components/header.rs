//! Maison Fjell's header: a centred wordmark over the category bar, search tucked right.
use leptos::prelude::*;

use super::{CartCount, SearchBox};
use crate::api::get_navigation;
use crate::i18n::t;
use crate::store::STORE;

#[component]
pub fn Header() -> impl IntoView {
    let nav = OnceResource::new(get_navigation());
    view! {
        <header class="border-b border-line bg-surface" data-testid="brand-header">
            <div class="mx-auto grid max-w-7xl grid-cols-[1fr_auto_1fr] items-center gap-4 px-4 py-5 sm:px-6">
                <div class="flex gap-4 justify-self-start text-xs font-semibold uppercase tracking-[0.2em]">
                    <a href="/cart">{t::nav_cart()} <CartCount /></a>
                    <a href="/account" data-testid="account-link">{t::nav_account()}</a>
                    {cfg!(feature = "wishlist").then(|| view! { <a href="/wishlist">{t::nav_wishlist()}</a> })}
                </div>
                <a href="/" class="flex items-center gap-3 font-display text-2xl uppercase tracking-[0.3em] text-ink">
                    <img src="/logo.svg" alt="" width="28" height="28" class="h-7 w-7" />
                    <span>{STORE.name}</span>
                </a>
                <SearchBox
                    form_class="flex justify-self-end".to_string()
                    input_class="w-28 border-b border-ink bg-transparent px-1 py-1 text-sm sm:w-48".to_string()
                    button_class="ml-2 text-xs font-semibold uppercase tracking-[0.2em]".to_string()
                />
            </div>
            <nav aria-label=t::nav_categories() data-testid="category-nav" class="border-t border-line">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let categories = nav.await.unwrap_or_default();
                        view! {
                            <ul class="flex justify-center gap-8 py-3 text-xs font-semibold uppercase tracking-[0.2em]">
                                {categories
                                    .into_iter()
                                    .map(|c| view! { <li><a href=format!("/c/{}", c.slug) class="hover:underline">{c.name}</a></li> })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                </Suspense>
            </nav>
        </header>
    }
}
