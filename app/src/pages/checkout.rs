//! `/checkout` (email, address, shipping, payment) and `/checkout/review` (place order).
//! Both forms are islands: without JavaScript they post and redirect; with it a declined
//! card or a sold-out line is shown in place, and "place order" cannot be sent twice.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use super::ErrorPage;
use crate::api::{get_checkout, CheckoutView, PlaceOrder, SaveCheckout};
use crate::components::{shopper_message, AddressFields, FormError, PostalAddress, Price, TextInput, TotalsTable};
use crate::i18n::t;
use crate::model::PaymentMethod;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let data = OnceResource::new(get_checkout());
    view! {
        <Title text=t::checkout_title() />
        <Meta name="robots" content="noindex" />
        <h1 class="mb-6 font-display text-3xl font-bold">{t::checkout_title()}</h1>
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match blocked(data.await) {
                    Err(instead) => instead,
                    Ok(v) => view! { <DetailsForm view=v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a checkout step shows instead of its form: an error, the way to sign in, or the
/// empty cart.
fn blocked(data: Result<CheckoutView, ServerFnError>) -> Result<CheckoutView, AnyView> {
    match data {
        Err(e) => Err(view! { <ErrorPage message=shopper_message(&e) /> }.into_any()),
        Ok(v) if v.sign_in_required => Err(view! { <SignInFirst /> }.into_any()),
        Ok(v) if v.cart.lines.is_empty() => Err(view! { <EmptyCheckout /> }.into_any()),
        Ok(v) => Ok(v),
    }
}

#[component]
fn SignInFirst() -> impl IntoView {
    view! {
        <p data-testid="checkout-sign-in">
            {t::checkout_sign_in()} " "
            <a href="/account/sign-in?next=%2Fcheckout" class="font-semibold underline">{t::sign_in_title()}</a>
        </p>
    }
}

#[component]
fn EmptyCheckout() -> impl IntoView {
    view! {
        <p data-testid="checkout-empty">
            {t::cart_empty()} " " <a href="/" class="font-semibold underline">{t::continue_shopping()}</a>
        </p>
    }
}

#[component]
fn DetailsForm(view: CheckoutView) -> impl IntoView {
    let d = view.draft;
    let methods = view.shipping_methods;
    let chosen = methods
        .iter()
        .find(|s| s.id == d.shipping)
        .or(methods.first())
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let paying = d.payment.as_ref().map(|p| p.method).unwrap_or(PaymentMethod::Invoice);
    view! {
        <div class="grid gap-8 lg:grid-cols-[1fr_20rem]">
            <SaveDetails>
                <fieldset class="space-y-3">
                    <legend class="mb-2 font-display text-xl font-bold">"1. " {t::checkout_step_email()}</legend>
                    <TextInput id="email" label=t::field_email() kind="email" value=d.email autocomplete="email" />
                </fieldset>
                <fieldset>
                    <legend class="mb-2 font-display text-xl font-bold">"2. " {t::checkout_step_address()}</legend>
                    <AddressFields address=d.address />
                </fieldset>
                <fieldset class="space-y-2">
                    <legend class="mb-2 font-display text-xl font-bold">"3. " {t::checkout_step_shipping()}</legend>
                    {methods.into_iter().map(|s| view! {
                        <label class="flex cursor-pointer items-center gap-3 rounded-theme border border-line p-3">
                            <input type="radio" name="shipping" value=s.id.clone() checked=s.id == chosen class="accent-brand" />
                            <span class="flex-1">{s.name} <span class="block text-xs text-ink-soft">{s.days}</span></span>
                            <Price money=s.price />
                        </label>
                    }).collect_view()}
                </fieldset>
                <fieldset class="space-y-2">
                    <legend class="mb-2 font-display text-xl font-bold">"4. " {t::checkout_step_payment()}</legend>
                    <label class="flex cursor-pointer items-center gap-3 rounded-theme border border-line p-3">
                        <input type="radio" name="payment" value="invoice" checked=paying == PaymentMethod::Invoice class="accent-brand" />
                        {t::payment_invoice()}
                    </label>
                    <label class="flex cursor-pointer items-center gap-3 rounded-theme border border-line p-3">
                        <input type="radio" name="payment" value="card" checked=paying == PaymentMethod::Card class="accent-brand" />
                        {t::payment_card()}
                    </label>
                    <TextInput id="card" label=t::field_card() value=String::new() autocomplete="cc-number" optional=true />
                    <p class="text-xs text-ink-soft">{t::payment_card_hint()}</p>
                </fieldset>
                <button type="submit" class="w-full rounded-theme bg-brand px-4 py-3 font-semibold text-on-brand sm:w-auto">
                    {t::checkout_continue()}
                </button>
            </SaveDetails>
            <aside aria-label=t::order_summary()>
                <TotalsTable totals=view.cart.totals shipping_label=t::shipping() />
            </aside>
        </div>
    }
}

/// The details form around its fields. An island whose fields are children: they are
/// rendered on the server only, so the browser bundle holds none of their code.
#[island]
fn SaveDetails(children: Children) -> impl IntoView {
    let action = ServerAction::<SaveCheckout>::new();
    view! {
        <ActionForm action attr:class="space-y-8" attr:data-testid="checkout-form">
            <FormError value=Signal::derive(move || action.value().get()) />
            {children()}
        </ActionForm>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let data = OnceResource::new(get_checkout());
    view! {
        <Title text=t::review_title() />
        <Meta name="robots" content="noindex" />
        <h1 class="mb-6 font-display text-3xl font-bold">{t::review_title()}</h1>
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match blocked(data.await) {
                    Err(instead) => instead,
                    Ok(v) if v.draft.payment.is_none() => view! {
                        <p>{t::checkout_incomplete()} " " <a href="/checkout" class="font-semibold underline">{t::checkout_title()}</a></p>
                    }.into_any(),
                    Ok(v) => view! { <Review view=v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Review(view: CheckoutView) -> impl IntoView {
    let d = view.draft;
    let a = d.address;
    let shipping = view.cart.shipping.map(|s| s.name).unwrap_or_default();
    let payment = d.payment.map(|p| p.reference).unwrap_or_default();
    view! {
        <div class="grid gap-8 lg:grid-cols-[1fr_20rem]" data-testid="review">
            <div class="space-y-6">
                <ul class="divide-y divide-line border-y border-line">
                    {view.cart.lines.into_iter().map(|l| view! {
                        <li class="flex justify-between py-2">
                            <span>{l.quantity} " × " {l.product_name} <span class="text-sm text-ink-soft">" · " {l.sku}</span></span>
                            <Price money=l.line_total />
                        </li>
                    }).collect_view()}
                </ul>
                <dl class="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
                    <dt class="text-ink-soft">{t::field_email()}</dt><dd>{d.email}</dd>
                    <dt class="text-ink-soft">{t::checkout_step_address()}</dt>
                    <dd><PostalAddress address=a /></dd>
                    <dt class="text-ink-soft">{t::checkout_step_shipping()}</dt><dd>{shipping}</dd>
                    <dt class="text-ink-soft">{t::checkout_step_payment()}</dt><dd>{payment}</dd>
                </dl>
                <a href="/checkout" class="text-sm underline">{t::checkout_edit()}</a>
            </div>
            <aside class="space-y-4" aria-label=t::order_summary()>
                <TotalsTable totals=view.cart.totals shipping_label=t::shipping() />
                <PlaceOrderForm key=d.key />
            </aside>
        </div>
    }
}

#[island]
fn PlaceOrderForm(key: String) -> impl IntoView {
    let action = ServerAction::<PlaceOrder>::new();
    view! {
        <ActionForm action attr:data-testid="place-order-form">
            <input type="hidden" name="key" value=key />
            <FormError value=Signal::derive(move || action.value().get()) />
            <button type="submit" disabled=move || action.pending().get()
                class="mt-2 w-full rounded-theme bg-brand px-4 py-3 font-semibold text-on-brand disabled:opacity-60">
                {t::place_order()}
            </button>
        </ActionForm>
    }
}
