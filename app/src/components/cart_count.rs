use leptos::prelude::*;

use crate::api::get_cart_count;
use crate::i18n::t;

/// The browser event a cart island sends after changing the cart. Islands do not share a
/// reactive context, so the header's count listens for this instead.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const CART_CHANGED: &str = "cart-changed";

/// Tells the header's count that the cart changed, with the new count when the change
/// answered it (in the browser; nothing on the server).
pub fn announce_cart_changed(count: Option<u32>) {
    #[cfg(feature = "hydrate")]
    {
        let init = web_sys::CustomEventInit::new();
        if let Some(n) = count {
            init.set_detail(&n.into());
        }
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(CART_CHANGED, &init) {
            let _ = window().dispatch_event(&event);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = count;
}

/// The cart link's item count: read on the server with a page about this shopper; on a
/// page every shopper shares (the page cache's), read by the browser after it loads.
#[component]
pub fn CartCount() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if crate::api::audience::shared().is_some() {
        return view! { <CartCountBadge count=None /> }.into_any();
    }
    let count = OnceResource::new(get_cart_count());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { view! { <CartCountBadge count=Some(count.await.unwrap_or(0)) /> } })}
        </Suspense>
    }
    .into_any()
}

/// The count itself; nothing when the cart is empty. An island: it reads the count when
/// the page did not carry it, and again when a cart island announces a change.
#[island]
fn CartCountBadge(count: Option<u32>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let unread = count.is_none();
    let count = RwSignal::new(count.unwrap_or(0));
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // How many changes islands have told of: a read started before the last of them
        // may answer after it with the older count.
        let changes = StoredValue::new(0u32);
        let listener = window_event_listener_untyped(CART_CHANGED, move |event| {
            changes.update_value(|n| *n += 1);
            let told = event
                .dyn_ref::<web_sys::CustomEvent>()
                .and_then(|e| e.detail().as_f64())
                .map(|n| n as u32);
            match told {
                Some(n) => count.set(n),
                None => refresh(count, changes, 1),
            }
        });
        on_cleanup(move || listener.remove());
        if unread {
            refresh(count, changes, 1);
        }
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

/// Reads the count again; a busy backend should not leave it stale, so a failed read is
/// tried again after a pause.
#[cfg(feature = "hydrate")]
fn refresh(count: RwSignal<u32>, changes: StoredValue<u32>, tries_left: u8) {
    let seen = changes.get_value();
    leptos::task::spawn_local(async move {
        match get_cart_count().await {
            Ok(n) if changes.get_value() == seen => count.set(n),
            Ok(_) => {}
            Err(_) if tries_left > 0 => set_timeout(
                move || refresh(count, changes, tries_left - 1),
                std::time::Duration::from_millis(500),
            ),
            Err(_) => {}
        }
    });
}
