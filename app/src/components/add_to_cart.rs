use leptos::prelude::*;

use super::{announce_cart_changed, shopper_message};
use crate::api::AddToCart;
use crate::i18n::t;
use crate::model::Stock;

/// Quantity and "add to cart" for one variant. A form post: without JavaScript the server
/// sends the shopper back to this page with the cart updated; with it the count updates
/// in place (an island) and the result is announced.
#[island]
pub fn AddToCartForm(sku: String, stock: Stock) -> impl IntoView {
    let action = ServerAction::<AddToCart>::new();
    Effect::new(move |_| {
        if let Some(Ok(count)) = action.value().get() {
            announce_cart_changed(count);
        }
    });
    let max = stock.orderable().max(1);
    let sold_out = !stock.is_available();
    view! {
        <ActionForm action attr:class="mt-4 flex flex-wrap items-end gap-3" attr:data-testid="add-to-cart">
            <input type="hidden" name="sku" value=sku />
            <div>
                <label for="quantity" class="mb-1 block text-sm font-semibold">{t::quantity()}</label>
                <input
                    id="quantity"
                    name="quantity"
                    type="number"
                    min="1"
                    max=max
                    value="1"
                    required
                    class="w-20 rounded-theme border border-line bg-surface px-2 py-2"
                />
            </div>
            <button
                type="submit"
                disabled=sold_out
                class="rounded-theme bg-brand px-5 py-2.5 font-semibold text-on-brand disabled:opacity-50"
            >
                {t::add_to_cart()}
            </button>
            <p role="status" class="w-full text-sm" data-testid="add-to-cart-status">
                {move || match action.value().get() {
                    Some(Ok(_)) => Some(view! { <span class="text-ok">{t::added_to_cart()} " " <a href="/cart" class="underline">{t::view_cart()}</a></span> }.into_any()),
                    Some(Err(e)) => Some(view! { <span class="text-danger" role="alert">{shopper_message(&e)}</span> }.into_any()),
                    None => None,
                }}
            </p>
        </ActionForm>
    }
}
