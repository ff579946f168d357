//! Failed sign-ins per store and email: after `LIMIT` within the window, further tries
//! are refused until it has passed. The rule is [`guard`]; where the failures are counted
//! is a [`FailedSignIns`]: this process's memory ([`SignInThrottle`], for a store binary
//! alone on its data) or a database every replica shares (`crate::postgres`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use app::commerce::{CommerceError, CommerceResult};
use app::model::AccountError;

pub(crate) const LIMIT: u32 = 5;

/// Where failed sign-ins are counted.
#[async_trait::async_trait]
pub trait FailedSignIns: Send + Sync {
    /// Whether `LIMIT` failures of this email in this store fall within the window.
    async fn blocked(&self, store: &str, email: &str) -> CommerceResult<bool>;
    /// A failure (`failed`), or a success, which clears the failures.
    async fn record(&self, store: &str, email: &str, failed: bool) -> CommerceResult<()>;
}

/// Runs a sign-in `attempt` unless this email is throttled in this store, and counts its
/// outcome: a success clears the failures, a refusal adds one.
pub async fn guard<T>(
    failures: &dyn FailedSignIns,
    store: &str,
    email: &str,
    attempt: impl std::future::Future<Output = Result<Result<T, AccountError>, CommerceError>>,
) -> Result<Result<T, AccountError>, CommerceError> {
    if failures.blocked(store, email).await? {
        return Ok(Err(AccountError::Throttled));
    }
    let outcome = attempt.await?;
    failures.record(store, email, outcome.is_err()).await?;
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

    pub fn blocked(&self, store: &str, email: &str) -> bool {
        let mut map = self.failures();
        map.retain(|_, (_, since)| since.elapsed() < AccountError::THROTTLE_WINDOW);
        map.get(&(store.to_string(), email.to_string()))
            .is_some_and(|(n, _)| *n >= LIMIT)
    }

    pub fn failed(&self, store: &str, email: &str) {
        self.failures()
            .entry((store.to_string(), email.to_string()))
            .or_insert((0, Instant::now()))
            .0 += 1;
    }

    pub fn clear(&self, store: &str, email: &str) {
        self.failures().remove(&(store.to_string(), email.to_string()));
    }
}

#[async_trait::async_trait]
impl FailedSignIns for SignInThrottle {
    async fn blocked(&self, store: &str, email: &str) -> CommerceResult<bool> {
        Ok(SignInThrottle::blocked(self, store, email))
    }

    async fn record(&self, store: &str, email: &str, failed: bool) -> CommerceResult<()> {
        if failed {
            self.failed(store, email);
        } else {
            self.clear(store, email);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_block_that_email_in_that_store_only() {
        let t = SignInThrottle::default();
        for _ in 0..LIMIT {
            assert!(!t.blocked("a", "x@y.z"));
            t.failed("a", "x@y.z");
        }
        assert!(t.blocked("a", "x@y.z"));
        assert!(!t.blocked("b", "x@y.z"));
        assert!(!t.blocked("a", "w@y.z"));
        t.clear("a", "x@y.z");
        assert!(!t.blocked("a", "x@y.z"));
    }
}
