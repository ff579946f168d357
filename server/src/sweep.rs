//! Clears away, hourly, what would otherwise grow for ever: guest carts nobody can reach
//! any more (their cookie has expired), the attempt budgets' idle clients and targets,
//! mail sent or given up, used and expired password reset links.
//! Expired sessions are deleted by the session store's own task (`session.rs`).

use std::time::Duration;

use std::sync::Arc;

use crate::backend::Backend;
use crate::limits::CredentialLimiter;
use crate::mail::SqlOutbox;
use crate::reset_links::SqlResetLinks;

const EVERY: Duration = Duration::from_secs(3600);
/// A guest's cart cookie lasts 14 days from the cart's last change; a day more, so a
/// clock apart between two store binaries deletes nothing still reachable.
pub const GUEST_CART_IDLE: Duration = Duration::from_secs(15 * 24 * 3600);
/// A sent message's body goes an hour after (a password reset link in it has expired by then).
const SENT_MAIL_KEPT_MS: i64 = crate::reset_links::VALID_FOR_MS;
/// A message given up is kept a month, with its reason, for whoever looks into it.
const FAILED_MAIL_KEPT_MS: i64 = 30 * 24 * 3600 * 1000;

/// What the hourly sweep tidies.
pub struct Sweep {
    pub backend: Arc<Backend>,
    pub limiter: CredentialLimiter,
    pub outbox: SqlOutbox,
    pub reset_links: SqlResetLinks,
}

/// Runs until the runtime ends.
pub fn start(sweep: Sweep) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            sweep.once().await;
        }
    });
}

impl Sweep {
    pub async fn once(&self) {
        self.limiter.forget_idle();
        match self.backend.delete_abandoned_carts(GUEST_CART_IDLE).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(carts = n, "abandoned guest carts deleted"),
            Err(e) => tracing::warn!(error = %e, "abandoned guest carts not deleted"),
        }
        let now = crate::mail::now_ms();
        match self
            .outbox
            .prune(now - SENT_MAIL_KEPT_MS, now - FAILED_MAIL_KEPT_MS)
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "sent and given-up mail deleted"),
            Err(e) => tracing::warn!(error = %e, "old mail not deleted"),
        }
        match self.reset_links.prune(now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(links = n, "used and expired reset links deleted"),
            Err(e) => tracing::warn!(error = %e, "old reset links not deleted"),
        }
    }
}
