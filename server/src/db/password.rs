//! Customers' passwords: Argon2id, off the async workers, because it is slow on purpose.

use app::commerce::CommerceError;
use app::model::Password;

/// Each hash holds 19 MiB for tens of milliseconds: at most one per core at a time, and
/// a request that cannot have a turn within `WAIT` is told to come back (503) rather
/// than queueing without bound.
const WAIT: std::time::Duration = std::time::Duration::from_secs(5);

async fn turn() -> Result<tokio::sync::SemaphorePermit<'static>, CommerceError> {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let turns =
        TURNS.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, usize::from)));
    match tokio::time::timeout(WAIT, turns.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            tracing::warn!("password hashing busy; request refused");
            Err(CommerceError::unavailable("password hashing busy"))
        }
    }
}

fn failed(e: impl std::fmt::Display) -> CommerceError {
    CommerceError::internal(format!("password hashing: {e}"))
}

pub async fn hash(password: &Password) -> Result<String, CommerceError> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let password = password.expose().to_string();
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(failed)?
    .map_err(failed)
}

pub async fn verify(password: &str, hash: String) -> Result<bool, CommerceError> {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let password = password.to_string();
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| e.to_string())?;
        Ok::<bool, String>(
            argon2::Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok(),
        )
    })
    .await
    .map_err(failed)?
    .map_err(failed)
}

/// A hash with the same parameters as real ones, verified when the email is unknown, so
/// timing does not tell who has an account.
pub async fn dummy_hash() -> Result<String, CommerceError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async {
            let password = Password::parse("not a real password").map_err(failed)?;
            hash(&password).await
        })
        .await
        .cloned()
}
