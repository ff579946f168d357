//! A product's description as files bring it: HTML from another system. What pages show
//! is only what is safe (ammonia's allow-list: no scripts, styles, event handlers or
//! `javascript:` links); search and meta descriptions read its text.

use std::collections::HashSet;

/// `body_html` made safe to show, and its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Description {
    pub text: String,
    pub html: Option<String>,
}

pub fn description(body_html: &str) -> Description {
    let html = ammonia::clean(body_html).trim().to_string();
    let stripped = ammonia::Builder::empty()
        .clean_content_tags(HashSet::from(["script", "style"]))
        // A space before every tag, so `<p>a</p><p>b</p>` reads "a b", not "ab".
        .clean(&body_html.replace('<', " <"))
        .to_string();
    let text = html_escape::decode_html_entities(&stripped)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Description {
        text,
        html: (!html.is_empty()).then_some(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_formatting_and_drops_what_runs() {
        let d = description(
            "<p>Soft <b>cotton</b> &amp; wool</p><script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>",
        );
        let html = d.html.unwrap();
        assert!(html.contains("<b>cotton</b>"), "{html}");
        assert!(
            !html.contains("script") && !html.contains("onerror") && !html.contains("javascript"),
            "{html}"
        );
        assert_eq!(d.text, "Soft cotton & wool x");
    }

    #[test]
    fn plain_text_stays_text() {
        assert_eq!(
            description("Just words\nover lines"),
            Description {
                text: "Just words over lines".into(),
                html: Some("Just words\nover lines".into())
            }
        );
        assert_eq!(description("").html, None);
    }
}
