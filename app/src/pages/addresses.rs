//! `/account/addresses` (the address book) and `/account/addresses/{id}` (one address).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use super::{ErrorPage, NotFound};
use crate::api::{get_addresses, DeleteAddress, SaveAddress, SetDefaultAddress};
use crate::components::{shopper_message, AddressFields, FormError, PostalAddress};
use crate::i18n::t;
use crate::model::{Address, SavedAddress};

#[component]
pub fn AddressBookPage() -> impl IntoView {
    let delete = ServerAction::<DeleteAddress>::new();
    let default = ServerAction::<SetDefaultAddress>::new();
    let save = ServerAction::<SaveAddress>::new();
    let list = OnceResource::new(get_addresses());
    view! {
        <Title text=t::addresses_title() />
        <Meta name="robots" content="noindex" />
        <h1 class="mb-6 font-display text-3xl font-bold">{t::addresses_title()}</h1>
        <Suspense fallback=|| view! { <p>{t::loading()}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage message=shopper_message(&e) /> }.into_any(),
                    Ok(None) => view! { <SignInLink /> }.into_any(),
                    Ok(Some(addresses)) => view! {
                        <ul class="grid gap-4 md:grid-cols-2" data-testid="address-book">
                            {addresses.into_iter().map(|a| view! { <AddressCard saved=a delete default /> }).collect_view()}
                        </ul>
                        <section class="mt-10 max-w-xl" aria-labelledby="new-address">
                            <h2 id="new-address" class="mb-4 font-display text-2xl font-bold">{t::address_add()}</h2>
                            <ActionForm action=save attr:class="space-y-4" attr:data-testid="address-form">
                                <FormError value=Signal::derive(move || save.value().get()) />
                                <AddressFields address=Address::default() />
                                <label class="flex items-center gap-2 text-sm">
                                    <input type="checkbox" name="make_default" value="1" class="accent-brand" />
                                    {t::address_make_default()}
                                </label>
                                <button type="submit" class="rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::address_save()}</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInLink() -> impl IntoView {
    view! {
        <p>{t::checkout_sign_in()} " " <a href="/account/sign-in?next=%2Faccount%2Faddresses" class="font-semibold underline">{t::sign_in_title()}</a></p>
    }
}

#[component]
fn AddressCard(saved: SavedAddress, delete: ServerAction<DeleteAddress>, default: ServerAction<SetDefaultAddress>) -> impl IntoView {
    let a = saved.address;
    let id = saved.id.to_string();
    let id_for_delete = id.clone();
    let edit = format!("/account/addresses/{}", form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>());
    view! {
        <li class="rounded-theme border border-line p-4" data-testid="address" data-default=saved.is_default.to_string()>
            <div class="text-sm"><PostalAddress address=a /></div>
            <div class="mt-3 flex flex-wrap items-center gap-3 text-sm">
                {if saved.is_default {
                    view! { <span class="font-semibold text-ok" data-testid="default-address">{t::address_default()}</span> }.into_any()
                } else {
                    view! {
                        <ActionForm action=default>
                            <input type="hidden" name="id" value=id.clone() />
                            <button type="submit" class="underline">{t::address_make_default()}</button>
                        </ActionForm>
                    }.into_any()
                }}
                <a href=edit class="underline">{t::address_edit()}</a>
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id_for_delete />
                    <button type="submit" class="text-danger underline">{t::remove()}</button>
                </ActionForm>
            </div>
        </li>
    }
}

#[component]
pub fn EditAddressPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id");
    let save = ServerAction::<SaveAddress>::new();
    let list = OnceResource::new(get_addresses());
    view! {
        <Title text=t::address_edit() />
        <Meta name="robots" content="noindex" />
        <Suspense fallback=|| view! { <p>{t::loading()}</p> }>
            {move || Suspend::new(async move {
                let found = match list.await {
                    Err(e) => return view! { <ErrorPage message=shopper_message(&e) /> }.into_any(),
                    Ok(None) => return view! { <SignInLink /> }.into_any(),
                    Ok(Some(all)) => all.into_iter().find(|a| Some(a.id.as_str()) == id().as_deref()),
                };
                let Some(saved) = found else { return view! { <NotFound /> }.into_any() };
                view! {
                    <section class="max-w-xl">
                        <h1 class="mb-6 font-display text-3xl font-bold">{t::address_edit()}</h1>
                        <ActionForm action=save attr:class="space-y-4" attr:data-testid="address-form">
                            <input type="hidden" name="id" value=saved.id.to_string() />
                            <FormError value=Signal::derive(move || save.value().get()) />
                            <AddressFields address=saved.address />
                            <button type="submit" class="rounded-theme bg-brand px-4 py-2 font-semibold text-on-brand">{t::address_save()}</button>
                        </ActionForm>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
