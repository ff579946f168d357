use std::sync::Arc;

use leptos::prelude::*;

use crate::model::Email;

/// One email as the shopper will read it: a text part and an HTML part of the same words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the outbox refused the message: {0}")]
pub struct OutboxError(pub String);

/// Where messages wait to be sent: the server's outbox, provided to every request.
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    async fn queue(&self, message: Message) -> Result<(), OutboxError>;
}

/// Queues `message` in the request's outbox. Mail follows what the shopper did and must
/// never undo it: a failure is logged, not returned.
pub async fn queue(message: Message) {
    let Some(outbox) = use_context::<Arc<dyn Outbox>>() else {
        tracing::error!(subject = %message.subject, "no outbox in the request's context: message dropped");
        return;
    };
    if let Err(e) = outbox.queue(message).await {
        tracing::error!(error = %e, "message not queued");
    }
}
