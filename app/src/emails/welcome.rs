use leptos::prelude::*;

use super::layout::{action, html, link, text};
use super::Message;
use crate::i18n::t;
use crate::model::Email;
use crate::store::STORE;

/// After registering: the account exists, and where to start.
pub fn welcome(to: Email, name: &str) -> Message {
    let subject = t::email_welcome_subject(STORE.name);
    let greeting = t::email_greeting(name);
    let intro = t::email_welcome_intro().to_string();
    let shop = link("/");
    Message {
        text: text(&subject, &[greeting.clone(), intro.clone(), format!("{}: {shop}", t::email_welcome_shop())]),
        html: html(&subject, view! { <p>{greeting}</p> <p>{intro}</p> {action(t::email_welcome_shop().to_string(), shop)} }),
        subject,
        to,
    }
}
