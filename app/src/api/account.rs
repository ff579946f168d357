//! Sign-up, sign-in and sign-out, as form posts: without JavaScript the server redirects
//! (to the next page, or back to the form with the error); with it the router follows.
//! The backend checks the credentials (and throttles); the session id is renewed at
//! sign-in and the guest's cart joins the customer's.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::CustomerProfile;

/// The signed-in customer of this store, if any: what the page shows of them.
#[server(endpoint = "customer", input = GetUrl)]
pub async fn get_customer() -> Result<Option<CustomerProfile>, ServerFnError> {
    Ok(super::session::current_customer().await?.map(CustomerProfile::from))
}

#[server(endpoint = "sign-in")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(password)))]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use super::session::{guest_cart, start};
    use crate::model::{Email, Password, ReturnPath};

    let email = Email::parse(&email).map_err(fail)?;
    // No valid password is longer; a longer one is not hashed.
    if password.chars().count() > Password::MAX {
        return Err(fail(crate::model::AccountError::WrongCredentials));
    }
    let h = super::context::handle()?;
    let guest_cart = guest_cart().await?;
    let signed_in = h
        .commerce
        .authenticate(&h.scope, &email, &password, guest_cart.as_ref())
        .await
        .map_err(super::context::internal)?
        .map_err(fail)?;
    start(&signed_in).await?;
    leptos_axum::redirect(ReturnPath::parse(next.as_deref()).as_str());
    Ok(())
}

/// A refused sign-in or sign-up on the form; a throttled one also says when to try again.
#[cfg(feature = "ssr")]
fn fail(e: crate::model::AccountError) -> ServerFnError {
    if let (crate::model::AccountError::Throttled, Some(res)) = (e, use_context::<leptos_axum::ResponseOptions>()) {
        let wait = crate::model::AccountError::THROTTLE_WINDOW.as_secs();
        res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(wait));
    }
    super::session::reject(e.status(), e.message())
}

#[server(endpoint = "register")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(password)))]
pub async fn register(name: String, email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use super::session::{guest_cart, start};
    use crate::commerce::NewAccount;
    use crate::model::{parse_name, Email, Password, ReturnPath};

    let account = NewAccount {
        name: parse_name(&name).map_err(fail)?,
        email: Email::parse(&email).map_err(fail)?,
        password: Password::parse(&password).map_err(fail)?,
    };
    let h = super::context::handle()?;
    let guest_cart = guest_cart().await?;
    let signed_in = h
        .commerce
        .register(&h.scope, &account, guest_cart.as_ref())
        .await
        .map_err(super::context::internal)?
        .map_err(fail)?;
    // Not the customer's handle: on a platform it is their session token.
    tracing::info!("customer registered");
    start(&signed_in).await?;
    crate::emails::queue(crate::emails::welcome::welcome(account.email.clone(), &account.name)).await;
    leptos_axum::redirect(ReturnPath::parse(next.as_deref()).as_str());
    Ok(())
}

#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    super::session::end().await?;
    leptos_axum::redirect("/");
    Ok(())
}
