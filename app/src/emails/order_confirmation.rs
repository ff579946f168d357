use leptos::prelude::*;

use super::layout::{action, html, link, text};
use super::Message;
use crate::i18n::t;
use crate::model::{Email, Order};
use crate::store::STORE;

/// After every order: what was ordered, what it costs, where it goes, and its page (a
/// customer's own; a guest's through the order lookup, which asks for this email).
pub fn order_confirmation(to: Email, order: &Order, guest: bool) -> Message {
    let subject = t::email_order_subject(order.number.as_str(), STORE.name);
    let money = |m| STORE.format_money(m);
    let intro = t::email_order_intro().to_string();
    let number = t::email_order_number(order.number.as_str());
    let lines: Vec<String> = order
        .lines
        .iter()
        .map(|l| format!("{} × {}{} — {}", l.quantity, l.product_name, options(&l.options), money(&l.line_total)))
        .collect();
    let total = t::email_order_total(money(&order.totals.total).as_str());
    let address = order.address.lines();
    let href = order_link(&order.number, guest);
    let text_body = text(
        &subject,
        &[
            intro.clone(),
            number.clone(),
            lines.join("\n"),
            total.clone(),
            format!("{}:\n{}", t::email_order_address(), address.join("\n")),
            format!("{}: {href}", t::email_order_view()),
        ],
    );
    let html_body = html(
        &subject,
        view! {
            <p>{intro}</p>
            <p><strong>{number}</strong></p>
            <table style="width:100%;border-collapse:collapse;margin:16px 0">
                {order.lines.iter().map(|l| view! {
                    <tr style="border-bottom:1px solid #e4e7eb">
                        <td style="padding:6px 0">{l.quantity} " × " {l.product_name.clone()} {options(&l.options)}</td>
                        <td style="padding:6px 0;text-align:right">{money(&l.line_total)}</td>
                    </tr>
                }).collect_view()}
            </table>
            <p><strong>{total}</strong></p>
            <p style="margin-bottom:4px">{t::email_order_address()}</p>
            <p style="margin-top:0">{address.into_iter().map(|l| view! { {l} <br /> }).collect_view()}</p>
            {action(t::email_order_view().to_string(), href)}
        },
    );
    Message { to, subject, text: text_body, html: html_body }
}

/// Where a message about an order sends its reader.
pub fn order_link(number: &str, guest: bool) -> String {
    let number: String = form_urlencoded::byte_serialize(number.as_bytes()).collect();
    if guest {
        link(&format!("/order/lookup?number={number}"))
    } else {
        link(&format!("/order/{number}"))
    }
}

fn options(options: &str) -> String {
    if options.is_empty() {
        String::new()
    } else {
        format!(" ({options})")
    }
}
