use leptos::prelude::*;

use super::layout::{action, html, text};
use super::order_confirmation::order_link;
use super::Message;
use crate::i18n::t;
use crate::model::{Email, Order, OrderStatus};
use crate::store::STORE;

/// An order moved on (paid, shipped, delivered, cancelled): where it is now.
pub fn order_status(to: Email, order: &Order, guest: bool) -> Message {
    let status = order.status.label();
    let subject = t::email_status_subject(order.number.as_str(), STORE.name, status);
    let intro = if order.status == OrderStatus::Cancelled {
        t::email_status_cancelled(order.number.as_str())
    } else {
        t::email_status_intro(order.number.as_str(), status)
    };
    let href = order_link(&order.number, guest);
    Message {
        text: text(&subject, &[intro.clone(), format!("{}: {href}", t::email_order_view())]),
        html: html(&subject, view! { <p>{intro}</p> {action(t::email_order_view().to_string(), href)} }),
        subject,
        to,
    }
}
