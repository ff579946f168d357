use leptos::prelude::*;

use crate::api::get_cart_count;
use crate::i18n::t;

/// The browser event a cart island sends after changing the cart. Islands do not share a
/// reactive context, so the header's count listens for this instead.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const CART_CHANGED: &str = "cart-changed";

/// Tells the header's count that the cart changed (in the browser; nothing on the server).
pub fn announce_cart_changed() {
    #[cfg(feature = "hydrate")]
    if let Ok(event) = leptos::web_sys::CustomEvent::new(CART_CHANGED) {
        let _ = window().dispatch_event(&event);
    }
}

/// The cart link's item count, read on the server with the page.
#[component]
pub fn CartCount() -> impl IntoView {
    let count = OnceResource::new(get_cart_count());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { view! { <CartCountBadge count=count.await.unwrap_or(0) /> } })}
        </Suspense>
    }
}

/// The count itself; nothing when the cart is empty. An island: it re-reads the count
/// when a cart island announces a change, without reloading the page.
#[island]
fn CartCountBadge(count: u32) -> impl IntoView {
    let count = RwSignal::new(count);
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener_untyped(CART_CHANGED, move |_| {
            leptos::task::spawn_local(async move {
                if let Ok(n) = get_cart_count().await {
                    count.set(n);
                }
            });
        });
        on_cleanup(move || listener.remove());
    }
    move || {
        let n = count.get();
        (n > 0).then(|| {
            view! {
                <span
                    class="ml-1 inline-flex min-w-5 items-center justify-center rounded-full bg-brand px-1.5 text-xs font-bold text-on-brand"
                    data-testid="cart-count"
                    aria-label=t::cart_items(n)
                >
                    {n}
                </span>
            }
        })
    }
}
