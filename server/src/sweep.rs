//! Clears away, hourly, what anonymous visitors leave behind: guest carts nobody can
//! reach any more (their cookie has expired) and the rate limiter's idle addresses.
//! Expired sessions are deleted by the session store's own task (`session.rs`).

use std::time::Duration;

use std::sync::Arc;

use crate::backend::Backend;
use crate::limits::CredentialLimiter;

const EVERY: Duration = Duration::from_secs(3600);
/// A guest's cart cookie lasts 14 days from the cart's last change; a day more, so a
/// clock apart between two store binaries deletes nothing still reachable.
pub const GUEST_CART_IDLE: Duration = Duration::from_secs(15 * 24 * 3600);

/// Runs until the runtime ends.
pub fn start(backend: Arc<Backend>, limiter: CredentialLimiter) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            limiter.forget_idle();
            match backend.delete_abandoned_carts(GUEST_CART_IDLE).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(carts = n, "abandoned guest carts deleted"),
                Err(e) => tracing::warn!(error = %e, "abandoned guest carts not deleted"),
            }
        }
    });
}
