//! Sends what is due, one message at a time, and schedules the next attempt of what
//! failed: 30 s, then twice as long each time, at most an hour apart, and gives up after
//! [`MAX_ATTEMPTS`] (about a day), keeping the last reason.

use std::time::Duration;

use tokio::task::JoinHandle;

use super::outbox::{now_ms, SqlOutbox};
use super::settings::MailSettings;
use super::transport::Transport;

/// How long a worker holds a message it took: longer than any SMTP exchange.
const LEASE: Duration = Duration::from_secs(120);
const BATCH: i64 = 20;
/// Attempts before a message that keeps failing for now is given up: 30 s doubling to an
/// hour apart, so about a day of trying.
pub const MAX_ATTEMPTS: i32 = 30;

pub fn start(outbox: SqlOutbox, transport: Transport, settings: MailSettings) -> JoinHandle<()> {
    if let super::Delivery::Files(folder) = &settings.delivery {
        if !cfg!(debug_assertions) {
            tracing::warn!(
                folder = %folder.display(),
                "no SMTP_URL: mail is written to files here, and no shopper receives it"
            );
        }
    }
    tokio::spawn(async move {
        loop {
            let sent_any = match round(&outbox, &transport, &settings).await {
                Ok(n) => n > 0,
                Err(e) => {
                    tracing::warn!(error = %e, "outbox unreadable; trying again");
                    false
                }
            };
            if !sent_any {
                tokio::select! {
                    _ = outbox.queued.notified() => {}
                    _ = tokio::time::sleep(settings.poll) => {}
                }
            }
        }
    })
}

/// One pass over the due messages; how many it handled.
async fn round(outbox: &SqlOutbox, transport: &Transport, settings: &MailSettings) -> Result<usize, sqlx::Error> {
    let now = now_ms();
    let due = outbox.due(now, BATCH).await?;
    let mut handled = 0;
    for message in due {
        let lease = now + i64::try_from(LEASE.as_millis()).unwrap_or(i64::MAX);
        if !outbox.take(&message, lease).await? {
            continue;
        }
        handled += 1;
        match transport.send(&settings.from, &message).await {
            Ok(()) => {
                outbox.sent(message.id, now_ms()).await?;
                tracing::info!(id = message.id, "mail sent");
            }
            Err(e) if e.permanent => {
                tracing::error!(id = message.id, error = %e, "mail refused for good");
                outbox
                    .failed_attempt(message.id, lease, Some(now_ms()), &e.message)
                    .await?;
            }
            Err(e) if message.attempts + 1 >= MAX_ATTEMPTS => {
                tracing::error!(id = message.id, error = %e, attempts = MAX_ATTEMPTS, "mail given up");
                let reason = format!("given up after {MAX_ATTEMPTS} attempts: {}", e.message);
                outbox
                    .failed_attempt(message.id, lease, Some(now_ms()), &reason)
                    .await?;
            }
            Err(e) => {
                let wait = backoff(message.attempts + 1, settings);
                tracing::warn!(id = message.id, error = %e, retry_in_ms = wait.as_millis() as u64, "mail not sent yet");
                let next = now_ms() + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
                outbox.failed_attempt(message.id, next, None, &e.message).await?;
            }
        }
    }
    Ok(handled)
}

/// The wait after the `attempts`-th failure.
fn backoff(attempts: i32, settings: &MailSettings) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(20);
    settings
        .first_retry
        .saturating_mul(1 << doublings)
        .min(settings.max_retry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::Delivery;

    #[test]
    fn each_failure_doubles_the_wait_up_to_the_most() {
        let s = MailSettings::with(Delivery::Files(Default::default()));
        assert_eq!(backoff(1, &s), Duration::from_secs(30));
        assert_eq!(backoff(2, &s), Duration::from_secs(60));
        assert_eq!(backoff(5, &s), Duration::from_secs(480));
        assert_eq!(backoff(8, &s), Duration::from_secs(3600));
        assert_eq!(backoff(1_000, &s), Duration::from_secs(3600));
    }
}
