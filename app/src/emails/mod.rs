//! Transactional email: what each message says, in the store's language, name, currency
//! and address. One file per message; a store overrides one of them with a file at the
//! same path under `stores/<id>/app/src/emails/`, or only its wording with the `email-…`
//! keys of its locale file. The server delivers them (`server/src/mail/`): the app only
//! queues them, and a failure to queue never fails what caused it.
#![cfg(feature = "ssr")]

include!(concat!(env!("OUT_DIR"), "/mods_emails.rs"));

pub use message::{queue, Message, Outbox, OutboxError};
