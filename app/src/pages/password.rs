//! `/account/forgot` (ask for a reset link) and `/account/reset?token=…` (choose a new
//! password). Both forms post plainly without JavaScript and in place with it.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::account::{Field, SubmitButton};
use crate::api::{reset_link_valid, RequestPasswordReset, ResetPassword};
use crate::components::FormError;
use crate::i18n::t;
use crate::model::{offered, Capability};

/// Only where the backend can set a password; elsewhere the page does not exist.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    if !offered(Capability::PasswordReset) {
        return view! { <super::NotFound /> }.into_any();
    }
    let sent = use_query_map().read_untracked().get("sent").is_some();
    view! {
        <Title text=t::forgot_title() />
        <Meta name="robots" content="noindex" />
        <ForgotForm sent />
    }
    .into_any()
}

#[island]
fn ForgotForm(sent: bool) -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let done = move || sent || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section class="mx-auto max-w-md py-8">
            <h1 class="font-display text-3xl font-bold">{t::forgot_title()}</h1>
            <Show
                when=done
                fallback=move || view! {
                    <p class="mt-3 text-ink-soft">{t::forgot_intro()}</p>
                    <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="forgot-form">
                        <FormError value=Signal::derive(move || action.value().get()) />
                        <Field label=t::field_email() name="email" kind="email" autocomplete="email" />
                        <SubmitButton label=t::forgot_button() pending=action.pending() />
                    </ActionForm>
                }
            >
                <p role="status" class="mt-6 rounded-theme border border-line px-3 py-2" data-testid="reset-sent">{t::forgot_sent()}</p>
            </Show>
            <p class="mt-6 text-sm"><a href="/account/sign-in" class="font-semibold underline">{t::sign_in_title()}</a></p>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = use_query_map().read_untracked().get("token").unwrap_or_default();
    let valid = {
        let token = token.clone();
        OnceResource::new(reset_link_valid(token))
    };
    view! {
        <Title text=t::reset_title() />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p class="py-8">{t::loading()}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match valid.await {
                        Ok(true) => view! { <ResetForm token /> }.into_any(),
                        Ok(false) => view! { <LinkInvalid /> }.into_any(),
                        Err(e) => view! { <super::ErrorPage message=crate::components::shopper_message(&e) /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn LinkInvalid() -> impl IntoView {
    view! {
        <section class="mx-auto max-w-md py-8" data-testid="reset-invalid">
            <h1 class="font-display text-3xl font-bold">{t::reset_title()}</h1>
            <p class="mt-3">{t::reset_link_invalid()}</p>
            <p class="mt-6"><a href="/account/forgot" class="font-semibold underline">{t::forgot_title()}</a></p>
        </section>
    }
}

#[island]
fn ResetForm(token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <section class="mx-auto max-w-md py-8">
            <h1 class="font-display text-3xl font-bold">{t::reset_title()}</h1>
            <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="reset-form">
                <input type="hidden" name="token" value=token />
                <FormError value=Signal::derive(move || action.value().get()) />
                <Field label=t::reset_new_password() name="password" kind="password" autocomplete="new-password" />
                <p class="text-xs text-ink-soft">{t::password_hint()}</p>
                <SubmitButton label=t::reset_button() pending=action.pending() />
            </ActionForm>
        </section>
    }
}
