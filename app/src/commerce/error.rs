//! What a backend call can fail with, told apart by what the shopper should see.

use std::time::Duration;

type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum CommerceError {
    /// The backend is down, locked or overloaded and nothing was saved: the shopper may
    /// try again shortly (503 with `Retry-After`).
    #[error("backend unavailable: {cause}")]
    Unavailable {
        #[source]
        cause: Cause,
        retry_after: Option<Duration>,
    },
    /// The backend did not answer in time (503); a write may or may not have happened,
    /// which is why only reads are retried.
    #[error("backend timed out: {0}")]
    TimedOut(#[source] Cause),
    /// The thing asked for does not exist there (404).
    #[error("not found")]
    NotFound,
    /// The platform refused the request and said why, in words a shopper may read (422).
    #[error("rejected by the backend: {0}")]
    Rejected(String),
    /// Anything else: a bug, a schema mismatch, a storage failure. Logged with its
    /// cause, shown to nobody (500).
    #[error("backend failed: {0}")]
    Internal(#[source] Cause),
}

impl CommerceError {
    pub fn unavailable(cause: impl Into<Cause>) -> Self {
        CommerceError::Unavailable {
            cause: cause.into(),
            retry_after: None,
        }
    }

    pub fn internal(cause: impl Into<Cause>) -> Self {
        CommerceError::Internal(cause.into())
    }

    /// Asked of a backend that lacks `capability`: a bug, since pages offer only what
    /// the backend can do.
    pub fn unsupported(capability: crate::model::Capability) -> Self {
        CommerceError::Internal(format!("the backend cannot do {}", capability.name()).into())
    }

    /// The HTTP status a page or server function answers with.
    pub fn status(&self) -> u16 {
        match self {
            CommerceError::Unavailable { .. } | CommerceError::TimedOut(_) => 503,
            CommerceError::NotFound => 404,
            CommerceError::Rejected(_) => 422,
            CommerceError::Internal(_) => 500,
        }
    }

    /// Seconds for `Retry-After` when trying again may help.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CommerceError::Unavailable { retry_after, .. } => Some(retry_after.unwrap_or(DEFAULT_RETRY)),
            CommerceError::TimedOut(_) => Some(DEFAULT_RETRY),
            _ => None,
        }
    }
}

/// What a shopper is told to wait when the backend gives no figure.
pub const DEFAULT_RETRY: Duration = Duration::from_secs(5);

pub type CommerceResult<T> = Result<T, CommerceError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backend_that_is_down_is_never_a_500() {
        let down = CommerceError::unavailable("connection refused");
        assert_eq!((down.status(), down.retry_after()), (503, Some(DEFAULT_RETRY)));
        let slow = CommerceError::TimedOut("5 s".into());
        assert_eq!(slow.status(), 503);
        assert_eq!(CommerceError::Rejected("no".into()).status(), 422);
        assert_eq!(CommerceError::NotFound.retry_after(), None);
    }
}
