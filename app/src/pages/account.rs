//! `/account`, `/account/sign-in` and `/account/register`. Every form is an
//! `ActionForm`: a plain POST and redirect without JavaScript. The sign-in and register
//! forms are islands: with JavaScript a mistake is shown without leaving the page.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::api::{get_customer, Register, SignIn, SignOut};
use crate::i18n::t;
use crate::components::{shopper_message, FormError};
use crate::model::{offered, Capability};
use crate::pages::account_orders::OrderHistory;
use crate::pages::ErrorPage;

#[component]
pub fn AccountPage() -> impl IntoView {
    let customer = OnceResource::new(get_customer());
    let sign_out = ServerAction::<SignOut>::new();
    let reset = use_query_map().read_untracked().get("reset").is_some();
    view! {
        <Title text=t::account_title() />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match customer.await {
                    Err(e) => view! { <ErrorPage message=shopper_message(&e) /> }.into_any(),
                    // Not signed in: the sign-in form, coming back here afterwards.
                    Ok(None) => view! { <SignInForm next="/account".to_string() /> }.into_any(),
                    Ok(Some(c)) => view! {
                        <section class="mx-auto max-w-md py-8" data-testid="account">
                            <h1 class="font-display text-3xl font-bold">{t::account_title()}</h1>
                            {reset.then(|| view! { <p role="status" class="mt-4 rounded-theme border border-ok px-3 py-2 text-sm" data-testid="password-changed">{t::reset_done()}</p> })}
                            <p class="mt-3 text-ink-soft" data-testid="signed-in-as">{t::account_signed_in_as(c.name, c.email)}</p>
                            <ActionForm action=sign_out attr:class="mt-6">
                                <button type="submit" class="rounded-theme border border-line px-4 py-2 font-semibold hover:bg-muted">
                                    {t::sign_out_button()}
                                </button>
                            </ActionForm>
                            {offered(Capability::AddressBook).then(|| view! {
                                <a href="/account/addresses" class="mt-4 inline-block font-semibold underline" data-testid="address-book-link">{t::addresses_title()}</a>
                            })}
                            <OrderHistory />
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    view! {
        <Title text=t::sign_in_title() />
        <Meta name="robots" content="noindex" />
        <SignInForm next />
    }
}

#[island]
fn SignInForm(next: String) -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let register = format!("/account/register?next={}", encode(&next));
    view! {
        <section class="mx-auto max-w-md py-8">
            <h1 class="font-display text-3xl font-bold">{t::sign_in_title()}</h1>
            <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="sign-in-form">
                <input type="hidden" name="next" value=next />
                <FormError value=Signal::derive(move || action.value().get()) />
                <Field label=t::field_email() name="email" kind="email" autocomplete="email" />
                <Field label=t::field_password() name="password" kind="password" autocomplete="current-password" />
                <SubmitButton label=t::sign_in_button() pending=action.pending() />
            </ActionForm>
            {offered(Capability::PasswordReset).then(|| view! {
                <p class="mt-4 text-sm"><a href="/account/forgot" class="font-semibold underline" data-testid="forgot-link">{t::forgot_link()}</a></p>
            })}
            <p class="mt-6 text-sm">
                {t::register_prompt()} " " <a href=register class="font-semibold underline">{t::register_title()}</a>
            </p>
            <p class="mt-2 text-sm">
                {t::lookup_prompt()} " " <a href="/order/lookup" class="font-semibold underline" data-testid="lookup-link">{t::lookup_title()}</a>
            </p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    view! {
        <Title text=t::register_title() />
        <Meta name="robots" content="noindex" />
        <RegisterForm next />
    }
}

#[island]
fn RegisterForm(next: String) -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let sign_in = format!("/account/sign-in?next={}", encode(&next));
    view! {
        <section class="mx-auto max-w-md py-8">
            <h1 class="font-display text-3xl font-bold">{t::register_title()}</h1>
            <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="register-form">
                <input type="hidden" name="next" value=next />
                <FormError value=Signal::derive(move || action.value().get()) />
                <Field label=t::field_name() name="name" kind="text" autocomplete="name" />
                <Field label=t::field_email() name="email" kind="email" autocomplete="email" />
                <Field label=t::field_password() name="password" kind="password" autocomplete="new-password" />
                <p class="text-xs text-ink-soft">{t::password_hint()}</p>
                <SubmitButton label=t::register_button() pending=action.pending() />
            </ActionForm>
            <p class="mt-6 text-sm">
                {t::sign_in_prompt()} " " <a href=sign_in class="font-semibold underline">{t::sign_in_title()}</a>
            </p>
        </section>
    }
}

#[component]
pub(crate) fn Field(label: &'static str, name: &'static str, kind: &'static str, autocomplete: &'static str) -> impl IntoView {
    let id = format!("field-{name}");
    view! {
        <div>
            <label for=id.clone() class="mb-1 block text-sm font-semibold">{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required
                class="w-full rounded-theme border border-line bg-surface px-3 py-2"
            />
        </div>
    }
}

#[component]
pub(crate) fn SubmitButton(label: &'static str, pending: Memo<bool>) -> impl IntoView {
    view! {
        <button
            type="submit"
            disabled=move || pending.get()
            class="w-full rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand disabled:opacity-60"
        >
            {label}
        </button>
    }
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
