use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::ErrorPage;
use crate::api::{get_cart, ApplyCoupon, RemoveCartLine, RemoveCoupon, UpdateCartLine};
use crate::components::{shopper_message, FormError, Price, TotalsTable};
use crate::i18n::t;
use crate::model::{offered, Cart, CartLine, Capability, MAX_QUANTITY};

/// `/cart`: lines with quantities, coupon, totals with a shipping estimate. Every change
/// is a form that posts and redirects back here, with or without JavaScript: the cart is
/// not an island, since rendering prices and totals in the browser would cost about 28 KB
/// of the bundle's 200 KB budget (README, "Islands").
#[component]
pub fn CartPage() -> impl IntoView {
    let update = ServerAction::<UpdateCartLine>::new();
    let remove = ServerAction::<RemoveCartLine>::new();
    let coupon = ServerAction::<ApplyCoupon>::new();
    let uncoupon = ServerAction::<RemoveCoupon>::new();
    let cart = OnceResource::new(get_cart());
    view! {
        <Title text=t::cart_title() />
        <Meta name="robots" content="noindex" />
        <h1 class="mb-6 font-display text-3xl font-bold">{t::cart_title()}</h1>
        <FormError value=Signal::derive(move || update.value().get()) />
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match cart.await {
                    Err(e) => view! { <ErrorPage message=shopper_message(&e) /> }.into_any(),
                    Ok(cart) if cart.lines.is_empty() => view! { <EmptyCart /> }.into_any(),
                    Ok(cart) => view! { <CartView cart update remove coupon uncoupon /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EmptyCart() -> impl IntoView {
    view! {
        <section class="mx-auto max-w-xl py-12 text-center" data-testid="cart-empty">
            <p class="font-display text-2xl font-bold">{t::cart_empty()}</p>
            <a href="/" class="mt-6 inline-block rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::continue_shopping()}</a>
        </section>
    }
}

#[component]
fn CartView(
    cart: Cart,
    update: ServerAction<UpdateCartLine>,
    remove: ServerAction<RemoveCartLine>,
    coupon: ServerAction<ApplyCoupon>,
    uncoupon: ServerAction<RemoveCoupon>,
) -> impl IntoView {
    let applied = cart.coupon_code.clone();
    let coupons = offered(Capability::Coupons);
    view! {
        <div class="grid gap-8 lg:grid-cols-[1fr_20rem]">
            <ul class="divide-y divide-line border-y border-line" data-testid="cart-lines">
                {cart.lines.into_iter().map(|line| view! { <LineRow line update remove /> }).collect_view()}
            </ul>
            <aside class="space-y-6" aria-label=t::order_summary()>
                {coupons.then(move || view! { <div class="rounded-theme border border-line p-4">
                    {match applied {
                        Some(code) => view! {
                            <ActionForm action=uncoupon attr:class="flex items-center justify-between text-sm" attr:data-testid="coupon-applied">
                                <span>{t::coupon_applied(code)}</span>
                                <button type="submit" class="underline">{t::remove()}</button>
                            </ActionForm>
                        }.into_any(),
                        None => view! {
                            <ActionForm action=coupon attr:class="space-y-2" attr:data-testid="coupon-form">
                                <label for="coupon" class="block text-sm font-semibold">{t::coupon_label()}</label>
                                <FormError value=Signal::derive(move || coupon.value().get()) />
                                <div class="flex gap-2">
                                    <input id="coupon" name="code" required class="w-full rounded-theme border border-line bg-surface px-2 py-1.5 uppercase" />
                                    <button type="submit" class="rounded-theme border border-line px-3 py-1.5 font-semibold hover:bg-muted">{t::apply()}</button>
                                </div>
                            </ActionForm>
                        }.into_any(),
                    }}
                </div> })}
                <TotalsTable totals=cart.totals shipping_label=t::shipping_estimate() />
                <a href="/checkout" class="block rounded-theme bg-brand px-4 py-3 text-center font-semibold text-on-brand" data-testid="to-checkout">
                    {t::checkout_button()}
                </a>
            </aside>
        </div>
    }
}

#[component]
fn LineRow(line: CartLine, update: ServerAction<UpdateCartLine>, remove: ServerAction<RemoveCartLine>) -> impl IntoView {
    let options: Vec<String> = line.options.iter().map(|(_, v)| v.clone()).collect();
    let qty_id = format!("qty-{}", line.sku);
    let (sku_update, sku_remove, sku_shown) = (line.sku.clone(), line.sku.clone(), line.sku.clone());
    view! {
        <li class="flex gap-4 py-4" data-testid="cart-line" data-sku=line.sku>
            <img src=line.image.url alt="" width="96" height="96" class="h-24 w-24 rounded-theme bg-muted object-cover" />
            <div class="flex flex-1 flex-col gap-1">
                <a href=format!("/p/{}", line.product_slug) class="font-medium hover:underline">{line.product_name}</a>
                <p class="text-sm text-ink-soft">{options.join(" · ")} " · " {sku_shown}</p>
                <p class="text-sm"><Price money=line.unit_price /></p>
                <div class="mt-auto flex flex-wrap items-end gap-3">
                    <ActionForm action=update attr:class="flex items-end gap-2">
                        <input type="hidden" name="sku" value=sku_update />
                        <label for=qty_id.clone() class="sr-only">{t::quantity()}</label>
                        <input id=qty_id name="quantity" type="number" min="1" max=MAX_QUANTITY value=line.quantity
                            class="w-20 rounded-theme border border-line bg-surface px-2 py-1" />
                        <button type="submit" class="text-sm underline">{t::update()}</button>
                    </ActionForm>
                    <ActionForm action=remove>
                        <input type="hidden" name="sku" value=sku_remove />
                        <button type="submit" class="text-sm text-danger underline">{t::remove()}</button>
                    </ActionForm>
                </div>
            </div>
            <p class="font-semibold" data-testid="line-total"><Price money=line.line_total /></p>
        </li>
    }
}
