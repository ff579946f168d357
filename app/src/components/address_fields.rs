use leptos::prelude::*;

use crate::i18n::t;
use crate::model::{home_country, shipping_countries, Address};

/// The inputs of a postal address, named as the server functions take them. Shared by
/// checkout and the address book so both check and look the same.
#[component]
pub fn AddressFields(address: Address) -> impl IntoView {
    let country = if address.country.is_empty() { home_country().to_string() } else { address.country.clone() };
    view! {
        <div class="grid gap-3 sm:grid-cols-2">
            <div class="sm:col-span-2"><TextInput id="name" label=t::field_name() value=address.name autocomplete="name" /></div>
            <div class="sm:col-span-2"><TextInput id="line1" label=t::field_street() value=address.line1 autocomplete="address-line1" /></div>
            <div class="sm:col-span-2"><TextInput id="line2" label=t::field_street2() value=address.line2 autocomplete="address-line2" optional=true /></div>
            <TextInput id="postcode" label=t::field_postcode() value=address.postcode autocomplete="postal-code" />
            <TextInput id="city" label=t::field_city() value=address.city autocomplete="address-level2" />
            <div class="sm:col-span-2">
                <label for="country" class="mb-1 block text-sm font-semibold">{t::field_country()}</label>
                <select id="country" name="country" autocomplete="country" class="w-full rounded-theme border border-line bg-surface px-3 py-2">
                    {shipping_countries().map(|(code, name)| view! { <option value=code selected=code == country>{name}</option> }).collect_view()}
                </select>
            </div>
        </div>
    }
}

/// A labelled input whose name is its id.
#[component]
pub fn TextInput(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: String,
    autocomplete: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    view! {
        <div>
            <label for=id class="mb-1 block text-sm font-semibold">{label}</label>
            <input id=id name=id type=kind value=value autocomplete=autocomplete required=!optional
                class="w-full rounded-theme border border-line bg-surface px-3 py-2" />
        </div>
    }
}
