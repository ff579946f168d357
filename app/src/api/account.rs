//! Sign-up, sign-in and sign-out, as form posts: without JavaScript the server redirects
//! (to the next page, or back to the form with the error); with it the router follows.
//! The session id is renewed at sign-in and the guest's cart joins the customer's.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::Customer;

/// The signed-in customer of this store, if any.
#[server(endpoint = "customer", input = GetUrl)]
pub async fn get_customer() -> Result<Option<Customer>, ServerFnError> {
    super::session::current_customer().await
}

#[server(endpoint = "sign-in")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(password)))]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use super::session::{reject, start};
    use crate::model::{AccountError, Email, ReturnPath};

    let fail = |e: AccountError| reject(e.status(), e.message());
    let email = Email::parse(&email).map_err(fail)?;
    if throttle::blocked(email.as_str()) {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(throttle::WINDOW.as_secs()));
        }
        return Err(fail(AccountError::Throttled));
    }
    let h = super::context::handle()?;
    let found = h
        .commerce
        .customer_credentials(&h.scope, &email)
        .await
        .map_err(super::context::internal)?;
    let (customer, hash) = match found {
        Some((c, hash)) => (Some(c), hash),
        // Verify against a dummy hash all the same, so timing does not tell who has an account.
        None => (None, password::dummy_hash().await?),
    };
    let valid = password::verify(password, hash).await?;
    match customer.filter(|_| valid) {
        Some(customer) => {
            throttle::clear(email.as_str());
            start(&customer).await?;
            leptos_axum::redirect(ReturnPath::parse(next.as_deref()).as_str());
            Ok(())
        }
        None => {
            throttle::failed(email.as_str());
            Err(fail(AccountError::WrongCredentials))
        }
    }
}

#[server(endpoint = "register")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(password)))]
pub async fn register(name: String, email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use super::session::{reject, start};
    use crate::model::{parse_name, AccountError, Email, Password, ReturnPath};

    let fail = |e: AccountError| reject(e.status(), e.message());
    let name = parse_name(&name).map_err(fail)?;
    let email = Email::parse(&email).map_err(fail)?;
    let password = Password::parse(&password).map_err(fail)?;
    let hash = password::hash(password).await?;
    let h = super::context::handle()?;
    let created = h
        .commerce
        .create_customer(&h.scope, &email, &name, &hash)
        .await
        .map_err(super::context::internal)?;
    let Some(customer) = created else {
        return Err(fail(AccountError::EmailTaken));
    };
    tracing::info!(customer = customer.id, "registered");
    start(&customer).await?;
    leptos_axum::redirect(ReturnPath::parse(next.as_deref()).as_str());
    Ok(())
}

#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    super::session::end().await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Argon2id, off the async workers: it is slow on purpose.
#[cfg(feature = "ssr")]
mod password {
    use leptos::prelude::ServerFnError;

    use crate::model::Password;

    fn failed(e: impl std::fmt::Display) -> ServerFnError {
        tracing::error!(error = %e, "password hashing failed");
        ServerFnError::new(super::super::context::INTERNAL)
    }

    /// Each hash holds 19 MiB for tens of milliseconds: at most one per core at a time,
    /// and a request that cannot have a turn within `WAIT` is told to come back (503)
    /// rather than queueing without bound.
    const WAIT: std::time::Duration = std::time::Duration::from_secs(5);

    async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, ServerFnError> {
        static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
        let turns = TURNS.get_or_init(|| {
            tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, usize::from))
        });
        match tokio::time::timeout(WAIT, turns.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => {
                tracing::warn!("password hashing busy; request refused");
                Err(super::super::session::reject(503, crate::i18n::t::error_busy()))
            }
        }
    }

    pub async fn hash(password: Password) -> Result<String, ServerFnError> {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        let _turn = turn().await?;
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2::Argon2::default()
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await
        .map_err(failed)?
        .map_err(failed)
    }

    pub async fn verify(password: String, hash: String) -> Result<bool, ServerFnError> {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        let _turn = turn().await?;
        tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&hash).map_err(|e| e.to_string())?;
            Ok::<bool, String>(argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(failed)?
        .map_err(failed)
    }

    /// A hash with the same parameters as real ones, verified when the email is unknown.
    pub async fn dummy_hash() -> Result<String, ServerFnError> {
        static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        DUMMY
            .get_or_try_init(|| async {
                let password = Password::parse("not a real password").map_err(failed)?;
                hash(password).await
            })
            .await
            .cloned()
    }
}

/// Failed sign-ins per email: after `LIMIT` within `WINDOW`, further tries are refused
/// until the window has passed. Per process, which is per store binary.
#[cfg(feature = "ssr")]
mod throttle {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    use std::time::{Duration, Instant};

    const LIMIT: u32 = 5;
    pub const WINDOW: Duration = Duration::from_secs(60);

    fn failures() -> &'static Mutex<HashMap<String, (u32, Instant)>> {
        static FAILURES: OnceLock<Mutex<HashMap<String, (u32, Instant)>>> = OnceLock::new();
        FAILURES.get_or_init(Default::default)
    }

    pub fn blocked(email: &str) -> bool {
        let mut map = failures().lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        map.get(email).is_some_and(|(n, _)| *n >= LIMIT)
    }

    pub fn failed(email: &str) {
        let mut map = failures().lock().unwrap_or_else(|p| p.into_inner());
        map.entry(email.to_string()).or_insert((0, Instant::now())).0 += 1;
    }

    pub fn clear(email: &str) {
        failures().lock().unwrap_or_else(|p| p.into_inner()).remove(email);
    }
}
