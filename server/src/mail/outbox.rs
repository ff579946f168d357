//! The outbox table (migrations 0012 / PostgreSQL 0003), on either database.

use std::sync::Arc;

use app::emails::{Message, Outbox, OutboxError};
use app::store::STORE;
use tokio::sync::Notify;

use crate::on_either_pool;
use crate::Database;

/// This store's outbox: requests queue into it, the worker takes from it.
#[derive(Clone, Debug)]
pub struct SqlOutbox {
    pub(super) database: Database,
    /// Wakes this process's worker when a message is queued here.
    pub(super) queued: Arc<Notify>,
}

/// A message waiting to be sent, as the worker reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct Queued {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i32,
    pub next_attempt_at: i64,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl SqlOutbox {
    pub fn new(database: Database) -> Self {
        SqlOutbox {
            database,
            queued: Arc::default(),
        }
    }

    /// Up to `limit` of this store's messages due now, oldest first.
    pub(super) async fn due(&self, now: i64, limit: i64) -> Result<Vec<Queued>, sqlx::Error> {
        const DUE: &str = "SELECT id, recipient, subject, text_body, html_body, attempts, next_attempt_at FROM outbox
                            WHERE store = $1 AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2
                            ORDER BY next_attempt_at, id LIMIT $3";
        on_either_pool!(&self.database, pool => sqlx::query_as(DUE).bind(STORE.id).bind(now).bind(limit).fetch_all(pool).await)
    }

    /// Takes `message` for this worker until `lease_until`: false when another worker
    /// (another replica) took it first.
    pub(super) async fn take(&self, message: &Queued, lease_until: i64) -> Result<bool, sqlx::Error> {
        const TAKE: &str = "UPDATE outbox SET next_attempt_at = $1
                             WHERE id = $2 AND next_attempt_at = $3 AND sent_at IS NULL AND failed_at IS NULL";
        let taken = on_either_pool!(&self.database, pool => sqlx::query(TAKE)
            .bind(lease_until).bind(message.id).bind(message.next_attempt_at).execute(pool).await?.rows_affected());
        Ok(taken == 1)
    }

    pub(super) async fn sent(&self, id: i64, at: i64) -> Result<(), sqlx::Error> {
        const SENT: &str = "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2";
        on_either_pool!(&self.database, pool => sqlx::query(SENT).bind(at).bind(id).execute(pool).await.map(drop))
    }

    /// Deletes messages sent before `sent_before` (their bodies are of no more use, and
    /// a reset link in one must not outlive it) and those given up before `failed_before`
    /// (kept until then with the reason); how many.
    pub async fn prune(&self, sent_before: i64, failed_before: i64) -> Result<u64, sqlx::Error> {
        const PRUNE: &str = "DELETE FROM outbox WHERE sent_at < $1 OR failed_at < $2";
        on_either_pool!(&self.database, pool => sqlx::query(PRUNE)
            .bind(sent_before).bind(failed_before).execute(pool).await.map(|r| r.rows_affected()))
    }

    /// A failed attempt: tried again at `next`, or never when `failed_at` is set.
    pub(super) async fn failed_attempt(
        &self,
        id: i64,
        next: i64,
        failed_at: Option<i64>,
        error: &str,
    ) -> Result<(), sqlx::Error> {
        const FAILED: &str =
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, failed_at = $2, last_error = $3
                               WHERE id = $4";
        on_either_pool!(&self.database, pool => sqlx::query(FAILED)
            .bind(next).bind(failed_at).bind(error).bind(id).execute(pool).await.map(drop))
    }
}

#[async_trait::async_trait]
impl Outbox for SqlOutbox {
    async fn queue(&self, message: Message) -> Result<(), OutboxError> {
        const QUEUE: &str =
            "INSERT INTO outbox (store, recipient, subject, text_body, html_body, created_at, next_attempt_at)
                             VALUES ($1, $2, $3, $4, $5, $6, $6)";
        let now = now_ms();
        on_either_pool!(&self.database, pool => sqlx::query(QUEUE)
            .bind(STORE.id)
            .bind(message.to.as_str())
            .bind(&message.subject)
            .bind(&message.text)
            .bind(&message.html)
            .bind(now)
            .execute(pool)
            .await
            .map(drop))
        .map_err(|e| OutboxError(e.to_string()))?;
        self.queued.notify_one();
        Ok(())
    }
}
