use leptos::prelude::*;

/// Save or unsave a product (the `wishlist` capability). A form post: without JavaScript
/// the server sends the shopper back to this page; with it, the label flips in place.
#[cfg(feature = "wishlist")]
#[component]
pub fn WishlistButton(#[prop(into)] slug: String) -> impl IntoView {
    use crate::api::{get_wishlist, ToggleWishlist};
    use crate::i18n::t;

    let toggle = ServerAction::<ToggleWishlist>::new();
    let saved = Resource::new(move || toggle.version().get(), {
        let slug = slug.clone();
        move |_| {
            let slug = slug.clone();
            async move { get_wishlist().await.map(|list| list.iter().any(|p| p.slug == slug)).unwrap_or(false) }
        }
    });
    view! {
        <ActionForm action=toggle attr:class="mt-4">
            <input type="hidden" name="slug" value=slug />
            <Suspense fallback=|| view! { <button type="submit" class="rounded-theme border border-line px-4 py-2 text-sm">{t::wishlist_save()}</button> }>
                {move || Suspend::new(async move {
                    let is_saved = saved.await;
                    view! {
                        <button type="submit" data-testid="wishlist-toggle" aria-pressed=is_saved.to_string() class="rounded-theme border border-line px-4 py-2 text-sm font-semibold hover:bg-muted">
                            {if is_saved { t::wishlist_saved() } else { t::wishlist_save() }}
                        </button>
                    }
                })}
            </Suspense>
        </ActionForm>
    }
}

/// Compiled out: stores without the capability render nothing.
#[cfg(not(feature = "wishlist"))]
#[component]
pub fn WishlistButton(#[prop(into)] slug: String) -> impl IntoView {
    let _ = slug;
}
