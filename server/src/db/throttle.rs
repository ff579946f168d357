//! Failed sign-ins per store and email: after `LIMIT` within the window, further tries
//! are refused until it has passed. The rule is [`guard`]; where the failures are counted
//! is a [`FailedSignIns`]: this process's memory ([`SignInThrottle`], for a store binary
//! alone on its data) or a database every replica shares (`crate::postgres`).
//!
//! An attempt is counted as a failure *before* its password is verified, and the count
//! checked in the same step: concurrent attempts cannot all pass a check made before any
//! of them had failed. A success clears the count.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use app::commerce::{CommerceError, CommerceResult};
use app::model::AccountError;

pub(crate) const LIMIT: u32 = 5;

/// Where failed sign-ins are counted.
#[async_trait::async_trait]
pub trait FailedSignIns: Send + Sync {
    /// Counts an attempt as a failure unless `LIMIT` of this email in this store fall
    /// within the window already, in one atomic step: true when it may go ahead.
    async fn reserve(&self, store: &str, email: &str) -> CommerceResult<bool>;
    /// The attempt succeeded: this email's failures are cleared.
    async fn succeeded(&self, store: &str, email: &str) -> CommerceResult<()>;
}

/// Runs a sign-in `attempt` unless this email is throttled in this store: it counts as
/// a failure until it succeeds, which clears the failures.
pub async fn guard<T>(
    failures: &dyn FailedSignIns,
    store: &str,
    email: &str,
    attempt: impl std::future::Future<Output = Result<Result<T, AccountError>, CommerceError>>,
) -> Result<Result<T, AccountError>, CommerceError> {
    if !failures.reserve(store, email).await? {
        return Ok(Err(AccountError::Throttled));
    }
    let outcome = attempt.await?;
    if outcome.is_ok() {
        failures.succeeded(store, email).await?;
    }
    Ok(outcome)
}

#[derive(Debug, Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<(String, String), (u32, Instant)>>,
}

impl SignInThrottle {
    fn failures(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), (u32, Instant)>> {
        self.failures.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Checks and counts under one lock.
    pub fn reserve(&self, store: &str, email: &str) -> bool {
        let mut map = self.failures();
        map.retain(|_, (_, since)| since.elapsed() < AccountError::THROTTLE_WINDOW);
        let (count, _) = map
            .entry((store.to_string(), email.to_string()))
            .or_insert((0, Instant::now()));
        if *count >= LIMIT {
            return false;
        }
        *count += 1;
        true
    }

    pub fn clear(&self, store: &str, email: &str) {
        self.failures().remove(&(store.to_string(), email.to_string()));
    }
}

#[async_trait::async_trait]
impl FailedSignIns for SignInThrottle {
    async fn reserve(&self, store: &str, email: &str) -> CommerceResult<bool> {
        Ok(SignInThrottle::reserve(self, store, email))
    }

    async fn succeeded(&self, store: &str, email: &str) -> CommerceResult<()> {
        self.clear(store, email);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_attempts_block_that_email_in_that_store_only() {
        let t = SignInThrottle::default();
        for _ in 0..LIMIT {
            assert!(t.reserve("a", "x@y.z"));
        }
        assert!(!t.reserve("a", "x@y.z"));
        assert!(t.reserve("b", "x@y.z"));
        assert!(t.reserve("a", "w@y.z"));
        t.clear("a", "x@y.z");
        assert!(t.reserve("a", "x@y.z"));
    }
}
