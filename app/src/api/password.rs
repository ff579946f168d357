//! "Forgot your password?": a reset link by email, then a new password. The answer to a
//! request is the same whether or not the email has an account (the link is issued and
//! mailed off the request, so its time does not tell either); a link is signed, works
//! once and expires within the hour (the server's `ResetLinks`); the new password ends
//! every other session of the customer and signs this browser in. Both endpoints are
//! limited per client and per email or link (the server's `limits/budgets.rs`).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// Where reset links are issued and redeemed: the server's, in the storefront's own
/// database, for any backend with [`crate::model::Capability::PasswordReset`].
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait ResetLinks: Send + Sync {
    /// A new link's token for `customer`; none when one was issued within the last
    /// minute, so a form cannot be used to flood a mailbox.
    async fn issue(&self, customer: &crate::model::CustomerId) -> Result<Option<String>, String>;
    /// The customer a valid link (signed, unexpired, unused) is for, using it up along
    /// with every other link of theirs; none for any other token.
    async fn redeem(&self, token: &str) -> Result<Option<crate::model::CustomerId>, String>;
    /// Whether `token` is a valid link now, without using it (the page's form).
    async fn valid(&self, token: &str) -> Result<bool, String>;
}

#[cfg(feature = "ssr")]
fn links() -> Result<std::sync::Arc<dyn ResetLinks>, ServerFnError> {
    use_context::<std::sync::Arc<dyn ResetLinks>>().ok_or_else(|| {
        tracing::error!("ResetLinks missing from context");
        ServerFnError::new(super::context::INTERNAL)
    })
}

#[cfg(feature = "ssr")]
fn link_failed(e: String) -> ServerFnError {
    tracing::error!(error = %e, "reset links unreadable");
    ServerFnError::new(super::context::INTERNAL)
}

/// Refuses a store whose backend cannot set a password: its pages offer no reset.
#[cfg(feature = "ssr")]
fn offered() -> Result<super::context::CommerceHandle, ServerFnError> {
    let h = super::context::handle()?;
    if h.commerce.capabilities().has(crate::model::Capability::PasswordReset) {
        Ok(h)
    } else {
        Err(super::session::reject(404, crate::i18n::t::not_found_title()))
    }
}

#[server(endpoint = "password-forgot")]
pub async fn request_password_reset(email: String) -> Result<(), ServerFnError> {
    use crate::emails::{password_reset::password_reset, Outbox};
    use crate::model::Email;

    let email = Email::parse(&email).map_err(|e| super::session::reject(e.status(), e.message()))?;
    let h = offered()?;
    let links = links()?;
    let outbox = use_context::<std::sync::Arc<dyn Outbox>>();
    let customer = h.commerce.customer_by_email(&h.scope, &email).await.map_err(super::context::internal)?;
    if let (Some(customer), Some(outbox)) = (customer, outbox) {
        tokio::spawn(async move {
            match links.issue(&customer.id).await {
                Ok(Some(token)) => {
                    if let Err(e) = outbox.queue(password_reset(email, &token)).await {
                        tracing::error!(error = %e, "reset link not queued");
                    }
                }
                Ok(None) => tracing::info!("reset link asked for again within a minute: none sent"),
                Err(e) => tracing::error!(error = %e, "reset link not issued"),
            }
        });
    }
    leptos_axum::redirect("/account/forgot?sent=1");
    Ok(())
}

/// Whether a reset link's token is valid now (the reset page shows its form or says why not).
#[server(endpoint = "password-link", input = GetUrl)]
pub async fn reset_link_valid(token: String) -> Result<bool, ServerFnError> {
    offered()?;
    links()?.valid(&token).await.map_err(link_failed)
}

#[server(endpoint = "password-reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), ServerFnError> {
    use super::session::{guest_cart, reject, start};
    use crate::i18n::t;
    use crate::model::{Email, Password};

    // A password that would be refused does not use the link up.
    let password = Password::parse(&password).map_err(|e| reject(e.status(), e.message()))?;
    let h = offered()?;
    let Some(customer) = links()?.redeem(&token).await.map_err(link_failed)? else {
        return Err(reject(422, t::reset_link_invalid()));
    };
    let found = h.commerce.customer(&h.scope, &customer).await.map_err(super::context::internal)?;
    let (Some(found), true) = (
        found,
        h.commerce.reset_password(&h.scope, &customer, &password).await.map_err(super::context::internal)?,
    ) else {
        return Err(reject(422, t::reset_link_invalid()));
    };
    tracing::info!("password reset");
    // Signed in here with the new password: this browser's session is the one that stays.
    let email = Email::parse(&found.email).map_err(|e| reject(e.status(), e.message()))?;
    let cart = guest_cart().await?;
    match h.commerce.authenticate(&h.scope, &email, password.expose(), cart.as_ref()).await.map_err(super::context::internal)? {
        Ok(signed_in) => start(&signed_in).await?,
        Err(e) => tracing::warn!(error = %e, "sign-in after a reset refused"),
    }
    leptos_axum::redirect("/account?reset=1");
    Ok(())
}
