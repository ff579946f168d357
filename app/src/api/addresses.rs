//! The signed-in customer's address book. Form posts: each redirects back to the address
//! book (the page is not an island, so with or without JavaScript).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::SavedAddress;

/// The customer's addresses, default first; `None` when nobody is signed in.
#[server(endpoint = "addresses", input = GetUrl)]
pub async fn get_addresses() -> Result<Option<Vec<SavedAddress>>, ServerFnError> {
    use super::context::{handle, internal};
    let Some(customer) = super::session::current_customer().await? else {
        return Ok(None);
    };
    let h = handle()?;
    h.commerce.addresses(&h.scope, &customer.id).await.map_err(internal).map(Some)
}

#[server(endpoint = "address-save")]
pub async fn save_address(
    id: Option<String>,
    name: String,
    line1: String,
    line2: Option<String>,
    postcode: String,
    city: String,
    country: String,
    make_default: Option<String>,
) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    use super::session::reject;
    use crate::model::Address;

    let customer = book::customer().await?;
    let id = match id.as_deref().filter(|i| !i.is_empty()) {
        Some(raw) => Some(book::address_id(raw)?),
        None => None,
    };
    let raw = Address::from_form(name, line1, line2, postcode, city, country);
    let address = Address::parse(&raw).map_err(|e| reject(422, e.message()))?;
    let h = handle()?;
    let saved = h
        .commerce
        .save_address(&h.scope, &customer, id.as_ref(), &address, make_default.is_some())
        .await
        .map_err(internal)?;
    if saved.is_none() {
        return Err(book::not_found());
    }
    leptos_axum::redirect("/account/addresses");
    Ok(())
}

#[server(endpoint = "address-delete")]
pub async fn delete_address(id: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    let customer = book::customer().await?;
    let id = book::address_id(&id)?;
    let h = handle()?;
    if !h.commerce.delete_address(&h.scope, &customer, &id).await.map_err(internal)? {
        return Err(book::not_found());
    }
    Ok(())
}

#[server(endpoint = "address-default")]
pub async fn set_default_address(id: String) -> Result<(), ServerFnError> {
    use super::context::{handle, internal};
    let customer = book::customer().await?;
    let id = book::address_id(&id)?;
    let h = handle()?;
    if !h.commerce.set_default_address(&h.scope, &customer, &id).await.map_err(internal)? {
        return Err(book::not_found());
    }
    Ok(())
}

#[cfg(feature = "ssr")]
mod book {
    use leptos::prelude::ServerFnError;

    use super::super::session::{current_customer, reject};
    use crate::i18n::t;
    use crate::model::{AddressId, CustomerId};

    /// The signed-in customer's id; 401 for anyone else.
    pub async fn customer() -> Result<CustomerId, ServerFnError> {
        match current_customer().await? {
            Some(c) => Ok(c.id),
            None => Err(reject(401, t::checkout_sign_in())),
        }
    }

    /// An id from the form; one no backend issued is answered as not found.
    pub fn address_id(raw: &str) -> Result<AddressId, ServerFnError> {
        AddressId::parse(raw).ok_or_else(not_found)
    }

    /// Someone else's address, or none at all: the same answer.
    pub fn not_found() -> ServerFnError {
        reject(404, t::address_not_found())
    }
}
