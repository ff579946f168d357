use leptos::prelude::*;

use super::layout::{action, html, link, text};
use super::Message;
use crate::i18n::t;
use crate::model::Email;
use crate::store::STORE;

/// The link that sets a new password: `token` is single-use and expires within the hour.
pub fn password_reset(to: Email, token: &str) -> Message {
    let subject = t::email_reset_subject(STORE.name);
    let query: String = form_urlencoded::Serializer::new(String::new()).append_pair("token", token).finish();
    let href = link(&format!("/account/reset?{query}"));
    let intro = t::email_reset_intro().to_string();
    let ignore = t::email_reset_ignore().to_string();
    Message {
        text: text(&subject, &[intro.clone(), format!("{}: {href}", t::email_reset_action()), ignore.clone()]),
        html: html(&subject, view! { <p>{intro}</p> {action(t::email_reset_action().to_string(), href)} <p>{ignore}</p> }),
        subject,
        to,
    }
}
