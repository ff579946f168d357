//! Headers that tell browsers what a response may do.
//!
//! The Content-Security-Policy of a page allows scripts from the store's own origin and
//! the page's inline scripts by their SHA-256 hash, not by a nonce: the page cache hands
//! one rendered page to every anonymous shopper, and a nonce served to everyone is no
//! secret. The hashes are taken from the rendered HTML inside the page cache, so a
//! cached page keeps the policy that matches it and a hit costs nothing more.
//! Inline event handlers are allowed by hash too, only those in
//! `app::inline_script::INLINE_HANDLERS`.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Pages are a few hundred KB; a larger HTML body is not ours and gets no inline script.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// For anything that is not one of our pages (files, images, JSON, error pages): no
/// script at all, and no framing.
const LOCKED_DOWN: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
                           frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

#[derive(Clone)]
pub struct PagePolicy {
    /// Everything but the page's own script hashes, which go where `{scripts}` stands.
    template: Arc<str>,
}

impl PagePolicy {
    /// `dev`: under `cargo leptos watch`, whose live reload connects back over a WebSocket.
    /// `images`: other origins the store's product images come from (its backend's).
    pub fn new(dev: bool, images: &[String]) -> Self {
        let handlers: String = app::inline_script::INLINE_HANDLERS
            .iter()
            .map(|h| format!(" {}", hash_source(h.as_bytes())))
            .collect();
        let connect = if dev { "'self' ws: wss:" } else { "'self'" };
        let images: String = images.iter().map(|o| format!(" {o}")).collect();
        let template = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-hashes'{handlers}{{scripts}}; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:{images}; connect-src {connect}; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        );
        PagePolicy {
            template: template.into(),
        }
    }

    fn for_page(&self, html: &str) -> String {
        let scripts: String = inline_scripts(html)
            .map(|s| format!(" {}", hash_source(s.as_bytes())))
            .collect();
        self.template.replace("{scripts}", &scripts)
    }
}

fn hash_source(script: &[u8]) -> String {
    let digest = Sha256::digest(script);
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find("<script")?;
        let after = &rest[start + "<script".len()..];
        // `<scripts>` or `<script-x>` is another element.
        if !after.starts_with(['>', ' ', '\t', '\n', '\r', '/']) {
            rest = after;
            continue;
        }
        let open_end = after.find('>')?;
        let attributes = &after[..open_end];
        let body = &after[open_end + 1..];
        let close = body.find("</script")?;
        rest = &body[close..];
        if !attributes.contains("src=") {
            return Some(&body[..close]);
        }
    })
}

/// Sets the page's policy on every HTML response. Inside the page cache, so a cached
/// page is stored with it.
pub async fn page_policy(State(policy): State<PagePolicy>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        tracing::error!("HTML response unreadable or too large for its policy");
        return crate::error_page::error_page(StatusCode::INTERNAL_SERVER_ERROR, app::i18n::t::error_internal());
    };
    // `from_utf8` checks a page word by word; the lossy scan, byte by byte, cost 1.5 % of a render.
    let value = match std::str::from_utf8(&bytes) {
        Ok(html) => policy.for_page(html),
        Err(_) => policy.for_page(&String::from_utf8_lossy(&bytes)),
    };
    match HeaderValue::from_str(&value) {
        Ok(value) => {
            parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
        Err(e) => tracing::error!(error = %e, "page policy is not a header value"),
    }
    Response::from_parts(parts, Body::from(bytes)).into_response()
}

/// Headers every response carries (`startup` sets them with plain header layers: a
/// middleware function there cloned the whole stack below it on every request).
pub const EVERY_RESPONSE: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// The policy of a response without its own (not a page): the locked-down one; none for
/// a 304, whose headers replace those of the page the browser kept.
pub fn fallback_policy<B>(res: &axum::http::Response<B>) -> Option<HeaderValue> {
    (res.status() != StatusCode::NOT_MODIFIED).then(|| HeaderValue::from_static(LOCKED_DOWN))
}

/// HSTS when the store's `base_url` is https: browsers use nothing else for a year.
pub fn strict_transport(https: bool) -> Option<HeaderValue> {
    https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = "<head><script src=\"/pkg/a.js\"></script><script nonce=\"n\">one()</script>\
                    <scripts>x</scripts><script type=\"module\">\nimport('/pkg/a.js')\n</script></head>";
        let found: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(found, ["one()", "\nimport('/pkg/a.js')\n"]);
        assert_eq!(inline_scripts("<script>unclosed").count(), 0);
    }

    #[test]
    fn a_page_policy_names_its_scripts_and_the_handlers_by_hash() {
        let policy = PagePolicy::new(false, &[]).for_page("<script>one()</script>");
        assert!(policy.contains(&hash_source(b"one()")), "{policy}");
        assert!(policy.contains(&hash_source(app::inline_script::SUBMIT_ON_CHANGE.as_bytes())));
        assert!(policy.contains("frame-ancestors 'none'") && !policy.contains("{scripts}"));
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(
            !scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"),
            "{scripts}"
        );
        assert!(!policy.contains("ws:"));
        let images = PagePolicy::new(false, &["http://127.0.0.1:3100".into()]).for_page("");
        assert!(
            images.contains("img-src 'self' data: http://127.0.0.1:3100;"),
            "{images}"
        );
        assert!(PagePolicy::new(true, &[])
            .for_page("")
            .contains("connect-src 'self' ws: wss:"));
    }

    #[test]
    fn hashes_are_base64_sha256() {
        assert_eq!(
            hash_source(b""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
