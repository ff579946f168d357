//! Failed sign-ins per store and email: after `LIMIT` within the window, further tries
//! are refused until it has passed. In this process's memory, so per store binary.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use app::model::AccountError;

const LIMIT: u32 = 5;

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

    /// Runs a sign-in `attempt` unless this email is throttled in this store, and counts
    /// its outcome: a success clears the failures, a refusal adds one.
    pub async fn guard<T>(
        &self,
        store: &str,
        email: &str,
        attempt: impl std::future::Future<Output = Result<Result<T, AccountError>, app::commerce::CommerceError>>,
    ) -> Result<Result<T, AccountError>, app::commerce::CommerceError> {
        if self.blocked(store, email) {
            return Ok(Err(AccountError::Throttled));
        }
        let outcome = attempt.await?;
        match &outcome {
            Ok(_) => self.clear(store, email),
            Err(_) => self.failed(store, email),
        }
        Ok(outcome)
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
