use leptos::prelude::*;

use super::StoreSwitcher;
use crate::i18n::t;
use crate::store::STORE;

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="mt-12 border-t border-line bg-muted">
            <div class="mx-auto grid max-w-7xl gap-6 px-4 py-8 text-sm sm:grid-cols-3 sm:px-6">
                <div>
                    <p class="font-display font-bold">{STORE.name}</p>
                    <p class="mt-1 text-ink-soft">{STORE.tagline}</p>
                </div>
                <div>
                    <p class="font-semibold">{t::footer_service()}</p>
                    <ul class="mt-1 space-y-1 text-ink-soft">
                        <li>{t::footer_returns()}</li>
                        <li>{t::footer_delivery()}</li>
                    </ul>
                </div>
                <div class="space-y-3 sm:text-right">
                    <StoreSwitcher />
                    <p class="text-ink-soft">{t::footer_prices(STORE.currency)} " · " {STORE.locale}</p>
                </div>
            </div>
        </footer>
    }
}
