use leptos::prelude::*;

use super::{CartCount, SearchBox};
use crate::api::get_navigation;
use crate::store::STORE;
use crate::i18n::t;

#[component]
pub fn Header() -> impl IntoView {
    let nav = OnceResource::new(get_navigation());
    view! {
        <header class="border-b border-line bg-surface">
            <div class="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3 sm:px-6">
                <a href="/" class="flex items-center gap-2 font-display text-xl font-bold text-ink">
                    <img src="/logo.svg" alt="" width="32" height="32" class="h-8 w-8" />
                    <span>{STORE.name}</span>
                </a>
                <SearchBox
                    form_class="order-last flex w-full sm:order-none sm:ml-auto sm:w-auto".to_string()
                    input_class="w-full rounded-l-theme border border-line bg-surface px-3 py-2 text-sm sm:w-64".to_string()
                    button_class="rounded-r-theme bg-brand px-4 py-2 text-sm font-semibold text-on-brand".to_string()
                />
                {cfg!(feature = "quick-order").then(|| view! {
                    <a href="/quick-order" class="rounded-theme px-3 py-2 text-sm font-semibold hover:bg-muted">{t::nav_quick_order()}</a>
                })}
                {cfg!(feature = "wishlist").then(|| view! {
                    <a href="/wishlist" class="rounded-theme px-3 py-2 text-sm font-semibold hover:bg-muted">{t::nav_wishlist()}</a>
                })}
                <a href="/account" class="rounded-theme px-3 py-2 text-sm font-semibold hover:bg-muted" data-testid="account-link">
                    {t::nav_account()}
                </a>
                <a href="/cart" class="ml-auto rounded-theme px-3 py-2 text-sm font-semibold hover:bg-muted sm:ml-0">
                    {t::nav_cart()}
                    <CartCount />
                </a>
            </div>
            <nav aria-label=t::nav_categories() data-testid="category-nav" class="mx-auto max-w-7xl px-4 sm:px-6">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let categories = nav.await.unwrap_or_default();
                        view! {
                            <ul class="flex gap-1 overflow-x-auto pb-2 text-sm">
                                {categories
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li>
                                                <a
                                                    href=format!("/c/{}", c.slug)
                                                    class="block whitespace-nowrap rounded-theme px-3 py-1.5 font-medium hover:bg-muted"
                                                >
                                                    {c.name}
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                </Suspense>
            </nav>
        </header>
    }
}
