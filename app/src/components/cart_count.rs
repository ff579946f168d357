use leptos::prelude::*;

use crate::api::get_cart_count;
use crate::i18n::t;

/// Bumped whenever a cart action completes, so the mini-cart refetches at once.
#[derive(Clone, Copy)]
pub struct CartRevision(RwSignal<u32>);

impl CartRevision {
    pub fn provide() {
        provide_context(CartRevision(RwSignal::new(0)));
    }

    /// Call after dispatching a cart action: refetches when the action has finished.
    pub fn follow(version: RwSignal<usize>) {
        let Some(rev) = use_context::<CartRevision>() else { return };
        Effect::new(move |_| {
            if version.get() > 0 {
                rev.0.update(|n| *n += 1);
            }
        });
    }
}

/// The cart link's item count; nothing when the cart is empty.
#[component]
pub fn CartCount() -> impl IntoView {
    let rev = use_context::<CartRevision>().map(|r| r.0);
    let count = Resource::new(move || rev.map(|r| r.get()).unwrap_or(0), |_| get_cart_count());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                count.await.ok().filter(|n| *n > 0).map(|n| view! {
                    <span
                        class="ml-1 inline-flex min-w-5 items-center justify-center rounded-full bg-brand px-1.5 text-xs font-bold text-on-brand"
                        data-testid="cart-count"
                        aria-label=t::cart_items(n)
                    >
                        {n}
                    </span>
                })
            })}
        </Suspense>
    }
}
