//! One message out: built as multipart text and HTML, handed to SMTP or written to a file.

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Tokio1Executor};

use super::outbox::Queued;
use super::settings::{Delivery, SettingsError};

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a message was not sent: for good (the server refused it, or it cannot be built),
/// or for now (the server is down or busy).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

impl Transport {
    pub fn open(delivery: &Delivery) -> Result<Self, SettingsError> {
        match delivery {
            Delivery::Smtp(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Transport::Smtp(b.build()))
                .map_err(|e| SettingsError::Smtp(e.to_string())),
            Delivery::Files(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| SettingsError::Smtp(format!("{}: {e}", dir.display())))?;
                Ok(Transport::Files(AsyncFileTransport::new(dir)))
            }
        }
    }

    pub async fn send(&self, from: &Mailbox, message: &Queued) -> Result<(), SendError> {
        let email = build(from, message)?;
        match self {
            Transport::Smtp(smtp) => smtp.send(email).await.map(drop).map_err(|e| SendError {
                permanent: e.is_permanent(),
                message: e.to_string(),
            }),
            Transport::Files(files) => files.send(email).await.map(drop).map_err(|e| SendError {
                permanent: false,
                message: e.to_string(),
            }),
        }
    }
}

fn build(from: &Mailbox, message: &Queued) -> Result<lettre::Message, SendError> {
    let refused = |message: String| SendError {
        permanent: true,
        message,
    };
    let to: Mailbox = message
        .recipient
        .parse()
        .map_err(|e| refused(format!("recipient: {e}")))?;
    lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(message.subject.clone())
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(message.text_body.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(message.html_body.clone()),
                ),
        )
        .map_err(|e| refused(e.to_string()))
}
