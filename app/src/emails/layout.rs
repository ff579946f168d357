//! The frame every message shares: the store's name on top, its address at the foot.

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

use crate::i18n::t;
use crate::seo::absolute;
use crate::store::STORE;

/// A link in a message: a path on the store's public origin.
pub fn link(path: &str) -> String {
    absolute(path)
}

/// The HTML part: `body` in the store's frame, styled inline as mail readers need.
pub fn html(heading: &str, body: impl IntoView + 'static) -> String {
    let home = link("/");
    let page = view! {
        <div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:36rem;margin:0 auto;padding:24px;color:#1f2933;line-height:1.5">
            <p style="font-size:20px;font-weight:700;margin:0 0 24px">{STORE.name}</p>
            <h1 style="font-size:22px;margin:0 0 16px">{heading.to_string()}</h1>
            {body}
            <p style="margin-top:32px;font-size:13px;color:#52606d">
                <a href=home.clone() style="color:#52606d">{t::email_footer(STORE.name, home.as_str())}</a>
            </p>
        </div>
    };
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{}</body></html>",
        STORE.locale,
        escape(heading),
        page.to_html()
    )
}

/// The text part: the same words, a paragraph per entry, and the same footer.
pub fn text(heading: &str, paragraphs: &[String]) -> String {
    let mut out = format!("{heading}\n\n");
    for p in paragraphs {
        out.push_str(p.trim_end());
        out.push_str("\n\n");
    }
    out.push_str("-- \n");
    out.push_str(&t::email_footer(STORE.name, link("/").as_str()));
    out.push('\n');
    out
}

/// A button-like link in the HTML part.
pub fn action(label: String, href: String) -> impl IntoView {
    view! {
        <p style="margin:24px 0">
            <a href=href style="display:inline-block;background:#1f2933;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">{label}</a>
        </p>
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
