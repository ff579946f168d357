use leptos::prelude::*;

/// Save or unsave a product (the `wishlist` capability), read on the server with the page:
/// from the audience a shared page is rendered for, else from the shopper's wishlist.
#[cfg(feature = "wishlist")]
#[component]
pub fn WishlistButton(#[prop(into)] slug: String) -> impl IntoView {
    use crate::api::get_wishlist;

    #[cfg(feature = "ssr")]
    if let Some(audience) = crate::api::audience::shared() {
        return view! { <WishlistToggle slug saved=audience.saved /> }.into_any();
    }
    let saved = OnceResource::new({
        let slug = slug.clone();
        async move { get_wishlist().await.map(|list| list.iter().any(|p| p.slug == slug)).unwrap_or(false) }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move { view! { <WishlistToggle slug saved=saved.await /> } })
            }}
        </Suspense>
    }
    .into_any()
}

/// A form post: without JavaScript the server sends the shopper back to this page; with
/// it (an island) the label flips in place.
#[cfg(feature = "wishlist")]
#[island]
fn WishlistToggle(slug: String, saved: bool) -> impl IntoView {
    use crate::api::ToggleWishlist;
    use crate::i18n::t;

    let toggle = ServerAction::<ToggleWishlist>::new();
    let saved = move || match toggle.value().get() {
        Some(Ok(now)) => now,
        _ => saved,
    };
    view! {
        <ActionForm action=toggle attr:class="mt-4">
            <input type="hidden" name="slug" value=slug />
            <button type="submit" data-testid="wishlist-toggle" aria-pressed=move || saved().to_string() class="rounded-theme border border-line px-4 py-2 text-sm font-semibold hover:bg-muted">
                {move || if saved() { t::wishlist_saved() } else { t::wishlist_save() }}
            </button>
        </ActionForm>
    }
}

/// Compiled out: stores without the capability render nothing.
#[cfg(not(feature = "wishlist"))]
#[component]
pub fn WishlistButton(#[prop(into)] slug: String) -> impl IntoView {
    let _ = slug;
}
