//! Sign-up, sign-in and sign-out, as form posts: without JavaScript the server redirects
//! (to the next page, or back to the form with the error); with it the router follows.
//! The session lives in a signed, HttpOnly, SameSite=Lax cookie (tower-sessions) whose
//! id is renewed at sign-in.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::model::Customer;

#[cfg(feature = "ssr")]
pub(crate) use session::current_customer;

/// The signed-in customer of this store, if any.
#[server(endpoint = "customer", input = GetUrl)]
pub async fn get_customer() -> Result<Option<Customer>, ServerFnError> {
    current_customer().await
}

#[server(endpoint = "sign-in")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(password)))]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use crate::model::{safe_next, AccountError, Email};

    let email = Email::parse(&email).map_err(session::reject)?;
    if session::throttle::blocked(email.as_str()) {
        return Err(session::reject(AccountError::Throttled));
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
        None => (None, session::dummy_hash().await?),
    };
    let valid = session::verify_password(password, hash).await?;
    match customer.filter(|_| valid) {
        Some(customer) => {
            session::throttle::clear(email.as_str());
            session::start(&customer).await?;
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        None => {
            session::throttle::failed(email.as_str());
            Err(session::reject(AccountError::WrongCredentials))
        }
    }
}

#[server(endpoint = "register")]
#[cfg_attr(feature = "ssr", tracing::instrument(level = "debug", skip(password)))]
pub async fn register(name: String, email: String, password: String, next: Option<String>) -> Result<(), ServerFnError> {
    use crate::model::{parse_name, safe_next, AccountError, Email, Password};

    let name = parse_name(&name).map_err(session::reject)?;
    let email = Email::parse(&email).map_err(session::reject)?;
    let password = Password::parse(&password).map_err(session::reject)?;
    let hash = session::hash_password(password).await?;
    let h = super::context::handle()?;
    let created = h
        .commerce
        .create_customer(&h.scope, &email, &name, &hash)
        .await
        .map_err(super::context::internal)?;
    let Some(customer) = created else {
        return Err(session::reject(AccountError::EmailTaken));
    };
    tracing::info!(customer = customer.id, "registered");
    session::start(&customer).await?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    session::end().await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[cfg(feature = "ssr")]
mod session {
    use leptos::prelude::*;
    use tower_sessions::Session;

    use crate::model::{AccountError, Customer, Password};

    const CUSTOMER_KEY: &str = "customer";

    /// A hash with the same parameters as real ones, verified when the email is unknown.
    pub async fn dummy_hash() -> Result<String, ServerFnError> {
        static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
        DUMMY
            .get_or_try_init(|| async {
                let password = Password::parse("not a real password").map_err(|e| ServerFnError::new(e.to_string()))?;
                hash_password(password).await
            })
            .await
            .cloned()
    }

    /// A client error: its status on the response, its message in the store's language.
    /// A plain form post (no JavaScript) keeps the redirect back to its form instead,
    /// which carries the error.
    pub fn reject(e: AccountError) -> ServerFnError {
        let plain_form = use_context::<http::request::Parts>().is_some_and(|p| {
            p.headers
                .get(http::header::ACCEPT)
                .and_then(|a| a.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
        });
        if plain_form {
            return ServerFnError::new(e.message());
        }
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(e.status()) {
                res.set_status(status);
            }
        }
        ServerFnError::new(e.message())
    }

    fn internal(e: impl std::fmt::Display) -> ServerFnError {
        tracing::error!(error = %e, "session store failed");
        ServerFnError::new(super::super::context::INTERNAL)
    }

    async fn session() -> Result<Session, ServerFnError> {
        leptos_axum::extract::<Session>().await.map_err(internal)
    }

    pub async fn current_customer() -> Result<Option<Customer>, ServerFnError> {
        let session = session().await?;
        let Some(id) = session.get::<i64>(CUSTOMER_KEY).await.map_err(internal)? else {
            return Ok(None);
        };
        let h = super::super::context::handle()?;
        h.commerce.customer(&h.scope, id).await.map_err(super::super::context::internal)
    }

    /// Signs the customer in under a new session id, so an id planted before sign-in is useless.
    pub async fn start(customer: &Customer) -> Result<(), ServerFnError> {
        let session = session().await?;
        session.cycle_id().await.map_err(internal)?;
        session.insert(CUSTOMER_KEY, customer.id).await.map_err(internal)
    }

    pub async fn end() -> Result<(), ServerFnError> {
        session().await?.flush().await.map_err(internal)
    }

    /// Argon2 is slow on purpose: it runs off the async workers.
    pub async fn hash_password(password: Password) -> Result<String, ServerFnError> {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2::Argon2::default()
                .hash_password(password.expose().as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await
        .map_err(internal)?
        .map_err(internal)
    }

    pub async fn verify_password(password: String, hash: String) -> Result<bool, ServerFnError> {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&hash).map_err(|e| e.to_string())?;
            Ok::<bool, String>(argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
        .map_err(internal)?
        .map_err(internal)
    }

    /// Failed sign-ins per email: after `LIMIT` within `WINDOW`, further tries are refused
    /// until the window has passed. Per process, which is per store binary.
    pub mod throttle {
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock};
        use std::time::{Duration, Instant};

        const LIMIT: u32 = 5;
        const WINDOW: Duration = Duration::from_secs(60);

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
            let entry = map.entry(email.to_string()).or_insert((0, Instant::now()));
            entry.0 += 1;
        }

        pub fn clear(email: &str) {
            failures().lock().unwrap_or_else(|p| p.into_inner()).remove(email);
        }
    }
}
