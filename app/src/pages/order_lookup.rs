//! `/order/lookup`: a guest's way back to an order, by its number, email and delivery
//! postcode. The link in a guest's order emails opens it with the number filled in.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use super::account::{Field, SubmitButton};
use crate::api::LookupOrder;
use crate::components::FormError;
use crate::i18n::t;

#[component]
pub fn OrderLookupPage() -> impl IntoView {
    let number = use_query_map().read_untracked().get("number").unwrap_or_default();
    view! {
        <Title text=t::lookup_title() />
        <Meta name="robots" content="noindex" />
        <LookupForm number />
    }
}

#[island]
fn LookupForm(number: String) -> impl IntoView {
    let action = ServerAction::<LookupOrder>::new();
    view! {
        <section class="mx-auto max-w-md py-8">
            <h1 class="font-display text-3xl font-bold">{t::lookup_title()}</h1>
            <p class="mt-3 text-ink-soft">{t::lookup_intro()}</p>
            <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="lookup-form">
                <FormError value=Signal::derive(move || action.value().get()) />
                <div>
                    <label for="field-number" class="mb-1 block text-sm font-semibold">{t::lookup_number()}</label>
                    <input id="field-number" name="number" type="text" required value=number autocomplete="off"
                        class="w-full rounded-theme border border-line bg-surface px-3 py-2" />
                </div>
                <Field label=t::field_email() name="email" kind="email" autocomplete="email" />
                <Field label=t::field_postcode() name="postcode" kind="text" autocomplete="postal-code" />
                <SubmitButton label=t::lookup_button() pending=action.pending() />
            </ActionForm>
        </section>
    }
}
