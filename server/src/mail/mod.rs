//! Transactional email out of the storefront. The app composes each message
//! (`app::emails`) and the request that causes it writes it to the outbox, a table of
//! the storefront's own database; a worker sends it, over SMTP (`SMTP_URL`) or, without
//! one, as an `.eml` file under the data directory, and retries with back-off, so a mail
//! server that is down delays mail and loses none. Any replica may send any of its
//! store's messages: a worker takes one by moving its next attempt past a lease first.

mod outbox;
mod settings;
mod transport;
mod worker;

pub use outbox::{now_ms, SqlOutbox};
pub use settings::{Delivery, MailSettings, SettingsError};
pub use transport::Transport;
pub use worker::{start, MAX_ATTEMPTS};
