use std::path::PathBuf;
use std::time::Duration;

use app::store::STORE;
use lettre::message::Mailbox;

/// How mail leaves this process.
#[derive(Clone, Debug)]
pub enum Delivery {
    /// `smtp://host:port` (plain or STARTTLS as offered), `smtp://…?tls=required`,
    /// `smtps://…` (TLS from the start); user and password in the URL.
    Smtp(String),
    /// One `.eml` file per message in this folder: development, and stores without mail.
    Files(PathBuf),
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    pub delivery: Delivery,
    pub from: Mailbox,
    /// The wait after the first failed attempt; each further failure doubles it.
    pub first_retry: Duration,
    pub max_retry: Duration,
    /// How often a worker looks for due messages queued by another process.
    pub poll: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("MAIL_FROM: `{0}` is not an address like `Shop <shop@example.com>`")]
    From(String),
    #[error("SMTP_URL: {0}")]
    Smtp(String),
}

impl MailSettings {
    /// `SMTP_URL` and `MAIL_FROM` from the environment; without `SMTP_URL`, files in
    /// [`MailSettings::folder`].
    pub fn from_env() -> Result<Self, SettingsError> {
        let delivery = match std::env::var("SMTP_URL").ok().filter(|u| !u.trim().is_empty()) {
            Some(url) => Delivery::Smtp(url),
            None => Delivery::Files(Self::folder()),
        };
        let from = match std::env::var("MAIL_FROM").ok().filter(|f| !f.trim().is_empty()) {
            Some(from) => from.parse().map_err(|_| SettingsError::From(from))?,
            None => Self::default_from(),
        };
        Ok(MailSettings {
            from,
            ..Self::with(delivery)
        })
    }

    /// `delivery` with the default sender and retry timings.
    pub fn with(delivery: Delivery) -> Self {
        MailSettings {
            delivery,
            from: Self::default_from(),
            first_retry: Duration::from_secs(30),
            max_retry: Duration::from_secs(3600),
            poll: Duration::from_secs(5),
        }
    }

    /// Where messages go without `SMTP_URL`: `<data dir>/mail/<store>/`.
    pub fn folder() -> PathBuf {
        crate::config::data_dir().join("mail").join(STORE.id)
    }

    /// The store's name at `shop@` its public host (`localhost` for an address).
    fn default_from() -> Mailbox {
        let host = STORE
            .base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .filter(|h| h.contains('.') && !h.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .unwrap_or("localhost");
        format!("{} <shop@{host}>", STORE.name.replace(['<', '>', '"'], ""))
            .parse()
            .unwrap_or_else(|_| "shop@localhost".parse().expect("a valid address"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_is_the_store_by_name() {
        let from = MailSettings::with(Delivery::Files(PathBuf::new())).from;
        assert_eq!(from.name.as_deref(), Some(STORE.name));
        assert!(from.email.to_string().starts_with("shop@"));
    }
}
