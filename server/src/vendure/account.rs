//! Customers: Vendure keeps the credentials; a signed-in shopper's handle is the session
//! token Vendure issued at login, which also carries their cart.

use app::commerce::{CommerceError, CommerceResult, NewAccount, SignedIn};
use app::model::{AccountError, Address, AddressId, CartId, Customer, CustomerId, Email, SavedAddress};
use serde_json::json;

use super::queries;
use super::types::*;
use super::VendureCommerce;

/// Vendure wants a first and a last name; the storefront asks for one name.
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    match name.split_once(' ') {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (name.to_string(), String::new()),
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    active_customer: Option<CustomerDef>,
}

impl VendureCommerce {
    /// The customer a session token is signed in as.
    pub(super) async fn me(&self, token: &str) -> CommerceResult<Option<Customer>> {
        let reply = self.client.read::<Me>(queries::ME, json!({}), Some(token)).await?;
        if reply.token.as_deref().is_some_and(|t| t != token) {
            return Ok(None);
        }
        Ok(reply.data.active_customer.map(|c| Customer {
            id: CustomerId::new(token),
            email: c.email_address,
            name: format!("{} {}", c.first_name, c.last_name).trim().to_string(),
            sessions_since: 0,
        }))
    }

    /// Logs in on the guest's session, so Vendure merges the guest's cart.
    pub(super) async fn login(
        &self,
        email: &Email,
        password: &str,
        guest: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        let (outcome, issued) = self
            .change(
                queries::LOGIN,
                json!({ "email": email.as_str(), "password": password }),
                guest.map(CartId::as_str),
            )
            .await?;
        if outcome.error_code.is_some() {
            return Ok(Err(AccountError::WrongCredentials));
        }
        let token = issued
            .or_else(|| guest.map(|g| g.as_str().to_string()))
            .ok_or_else(|| CommerceError::internal("Vendure issued no session token at login"))?;
        let customer = self
            .me(&token)
            .await?
            .ok_or_else(|| CommerceError::internal("signed in, yet no active customer"))?;
        Ok(Ok(SignedIn {
            customer,
            cart: Some(CartId::new(token)),
            // Vendure ends its own sessions; its customers' `sessions_since` is always 0.
            at: crate::mail::now_ms(),
        }))
    }

    pub(super) async fn sign_up(
        &self,
        account: &NewAccount,
        guest: Option<&CartId>,
    ) -> CommerceResult<Result<SignedIn, AccountError>> {
        let (first, last) = split_name(&account.name);
        let input = json!({
            "emailAddress": account.email.as_str(),
            "firstName": first,
            "lastName": last,
            "password": account.password.expose(),
        });
        let (outcome, _) = self
            .change(queries::REGISTER, json!({ "input": input }), guest.map(CartId::as_str))
            .await?;
        if let Some(code) = outcome.error_code {
            return Err(CommerceError::Rejected(outcome.message.unwrap_or(code)));
        }
        // Vendure answers a registration of a known email with success and changes
        // nothing: only signing in with this password tells the two apart.
        match self.login(&account.email, account.password.expose(), guest).await? {
            Ok(signed_in) => Ok(Ok(signed_in)),
            Err(_) => Ok(Err(AccountError::EmailTaken)),
        }
    }

    pub(super) async fn address_book(&self, customer: &CustomerId) -> CommerceResult<Vec<SavedAddress>> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Data {
            active_customer: Option<Book>,
        }
        #[derive(serde::Deserialize)]
        struct Book {
            addresses: Vec<AddressDef>,
        }
        let data: Data = self
            .client
            .read(queries::ADDRESSES, json!({}), Some(customer.as_str()))
            .await?
            .data;
        let mut book: Vec<SavedAddress> = data
            .active_customer
            .map(|c| c.addresses)
            .unwrap_or_default()
            .into_iter()
            .map(|a| SavedAddress {
                id: AddressId::new(a.id),
                is_default: a.default_shipping_address.unwrap_or(false),
                address: Address {
                    name: a.full_name.unwrap_or_default(),
                    line1: a.street_line1,
                    line2: a.street_line2.unwrap_or_default(),
                    postcode: a.postal_code.unwrap_or_default(),
                    city: a.city.unwrap_or_default(),
                    country: a.country.code.to_uppercase(),
                },
            })
            .collect();
        book.sort_by_key(|a| !a.is_default);
        Ok(book)
    }

    pub(super) async fn save_to_book(
        &self,
        customer: &CustomerId,
        id: Option<&AddressId>,
        a: &Address,
        make_default: bool,
    ) -> CommerceResult<Option<AddressId>> {
        let book = self.address_book(customer).await?;
        if let Some(id) = id {
            if !book.iter().any(|b| &b.id == id) {
                return Ok(None);
            }
        }
        let mut input = address_input(a);
        input["defaultShippingAddress"] = json!(make_default || book.is_empty());
        let doc = match id {
            Some(id) => {
                input["id"] = json!(id.as_str());
                queries::UPDATE_ADDRESS
            }
            None => queries::CREATE_ADDRESS,
        };
        let reply = self
            .client
            .write::<serde_json::Map<String, serde_json::Value>>(
                doc,
                json!({ "input": input }),
                Some(customer.as_str()),
            )
            .await?;
        let saved = reply
            .data
            .values()
            .next()
            .and_then(|v| v.get("id"))
            .and_then(|v| v.as_str())
            .map(AddressId::new);
        Ok(saved)
    }

    pub(super) async fn drop_from_book(&self, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool> {
        if !self.address_book(customer).await?.iter().any(|b| &b.id == id) {
            return Ok(false);
        }
        self.client
            .write::<serde_json::Value>(
                queries::DELETE_ADDRESS,
                json!({ "id": id.as_str() }),
                Some(customer.as_str()),
            )
            .await?;
        Ok(true)
    }

    pub(super) async fn make_default(&self, customer: &CustomerId, id: &AddressId) -> CommerceResult<bool> {
        if !self.address_book(customer).await?.iter().any(|b| &b.id == id) {
            return Ok(false);
        }
        let input = json!({ "id": id.as_str(), "defaultShippingAddress": true });
        self.client
            .write::<serde_json::Value>(
                queries::UPDATE_ADDRESS,
                json!({ "input": input }),
                Some(customer.as_str()),
            )
            .await?;
        Ok(true)
    }
}

/// Vendure's `CreateAddressInput` for one of ours.
pub fn address_input(a: &Address) -> serde_json::Value {
    json!({
        "fullName": a.name,
        "streetLine1": a.line1,
        "streetLine2": a.line2,
        "postalCode": a.postcode,
        "city": a.city,
        "countryCode": a.country,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_name_becomes_a_first_and_a_last() {
        assert_eq!(super::split_name(" Ada  Lovelace "), ("Ada".into(), "Lovelace".into()));
        assert_eq!(super::split_name("Cher"), ("Cher".into(), String::new()));
    }
}
