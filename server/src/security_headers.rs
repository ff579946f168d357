//! Headers that tell browsers what a response may do.
//!
//! The Content-Security-Policy of a page allows scripts from the store's own origin and
//! the app's own inline scripts by their SHA-256 hash, not by a nonce: the page cache
//! hands one rendered page to every anonymous shopper, and a nonce served to everyone is
//! no secret. The app's inline scripts (the islands' loader and the renderer's
//! bootstrap) are the same on every page of a build; the router learns them at start
//! from a page it renders before serving anyone (`PagePolicy::learn`), so a script
//! injected into a page anyhow is not among them and stays blocked. Inline event
//! handlers are allowed by hash too, only those in `app::inline_script::INLINE_HANDLERS`.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

/// A page every store renders with its shell and nothing of any shopper's: the 404 page.
const PROBE_PATH: &str = "/.well-known/storefront-app-scripts";
/// Pages are a few hundred KB.
const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
#[error("the app's inline scripts could not be learned from {PROBE_PATH}: {0}")]
pub struct ProbeError(String);

/// For anything that is not one of our pages (files, images, JSON, error pages): no
/// script at all, and no framing.
const LOCKED_DOWN: &str = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; \
                           frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

#[derive(Clone)]
pub struct PagePolicy {
    /// Everything but the app's script hashes, which go where `{scripts}` stands.
    template: Arc<str>,
    /// The whole policy, once the app's scripts are learned; until then none is allowed.
    learned: Arc<OnceLock<HeaderValue>>,
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
            learned: Arc::default(),
        }
    }

    /// The policy allowing these inline scripts.
    fn allowing(&self, scripts: &[&str]) -> String {
        let scripts: String = scripts
            .iter()
            .map(|s| format!(" {}", hash_source(s.as_bytes())))
            .collect();
        self.template.replace("{scripts}", &scripts)
    }

    fn value(&self) -> HeaderValue {
        match self.learned.get() {
            Some(value) => value.clone(),
            None => HeaderValue::from_str(&self.allowing(&[])).expect("the policy is a header value"),
        }
    }

    /// Learns the app's inline scripts from the page `router` (whose pages carry this
    /// policy) renders at [`PROBE_PATH`]; call it before the router serves anyone.
    pub async fn learn(&self, router: &Router) -> Result<(), ProbeError> {
        let probe = Request::get(PROBE_PATH)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .map_err(|e| ProbeError(e.to_string()))?;
        let res = router
            .clone()
            .oneshot(probe)
            .await
            .map_err(|e| ProbeError(e.to_string()))?;
        let bytes = axum::body::to_bytes(res.into_body(), MAX_PAGE_BYTES)
            .await
            .map_err(|e| ProbeError(e.to_string()))?;
        let html = String::from_utf8_lossy(&bytes);
        let scripts: Vec<&str> = inline_scripts(&html).collect();
        if scripts.is_empty() {
            return Err(ProbeError("no inline script: not the app's shell".into()));
        }
        let value = HeaderValue::from_str(&self.allowing(&scripts)).map_err(|e| ProbeError(e.to_string()))?;
        let _ = self.learned.set(value);
        Ok(())
    }
}

fn hash_source(script: &[u8]) -> String {
    let digest = Sha256::digest(script);
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The text of every script the browser would run inline (no `src`, a JavaScript type),
/// exactly as it hashes it. Data blocks (`application/ld+json`) are not run.
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
        let data = attributes.contains("application/ld+json") || attributes.contains("application/json");
        if !attributes.contains("src=") && !data {
            return Some(&body[..close]);
        }
    })
}

/// Sets the page policy on every HTML response. Inside the page cache, so a cached page
/// is stored with it.
pub async fn page_policy(State(policy): State<PagePolicy>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !res.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy.value());
    }
    res
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
                    <scripts>x</scripts><script type=\"module\">\nimport('/pkg/a.js')\n</script>\
                    <script type=\"application/ld+json\">{}</script></head>";
        let found: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(found, ["one()", "\nimport('/pkg/a.js')\n"]);
        assert_eq!(inline_scripts("<script>unclosed").count(), 0);
    }

    #[test]
    fn a_page_policy_names_its_scripts_and_the_handlers_by_hash() {
        let policy = PagePolicy::new(false, &[]).allowing(&["one()"]);
        assert!(policy.contains(&hash_source(b"one()")), "{policy}");
        assert!(policy.contains(&hash_source(app::inline_script::SUBMIT_ON_CHANGE.as_bytes())));
        assert!(policy.contains("frame-ancestors 'none'") && !policy.contains("{scripts}"));
        let scripts = policy.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(
            !scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"),
            "{scripts}"
        );
        assert!(!policy.contains("ws:"));
        let images = PagePolicy::new(false, &["http://127.0.0.1:3100".into()]).allowing(&[]);
        assert!(
            images.contains("img-src 'self' data: http://127.0.0.1:3100;"),
            "{images}"
        );
        assert!(PagePolicy::new(true, &[])
            .allowing(&[])
            .contains("connect-src 'self' ws: wss:"));
    }

    /// A router whose shell has the app's one inline script, and a page where something
    /// got a script of its own in (the test's sink).
    fn site(policy: PagePolicy) -> Router {
        use axum::response::Html;
        const SHELL: &str = "<html><head><script type=\"module\">load()</script></head><body>";
        Router::new()
            .route(
                "/injected",
                axum::routing::get(|| async { Html(format!("{SHELL}<p><script>steal()</script></p>")) }),
            )
            .fallback(|| async { (StatusCode::NOT_FOUND, Html(format!("{SHELL}<h1>Not found</h1>"))) })
            .layer(axum::middleware::from_fn_with_state(policy, page_policy))
    }

    #[tokio::test]
    async fn a_script_injected_into_a_page_is_not_allowed_and_the_apps_are() {
        let policy = PagePolicy::new(false, &[]);
        let router = site(policy.clone());
        policy.learn(&router).await.unwrap();
        let res = router
            .oneshot(Request::get("/injected").body(Body::empty()).unwrap())
            .await
            .unwrap();
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains(&hash_source(b"load()")), "{csp}");
        assert!(!csp.contains(&hash_source(b"steal()")), "{csp}");
    }

    #[tokio::test]
    async fn a_probe_without_the_shell_is_an_error() {
        let policy = PagePolicy::new(false, &[]);
        let router = Router::new().fallback(|| async { "plain" });
        assert!(policy.learn(&router).await.is_err());
        assert_eq!(
            policy.value().to_str().unwrap(),
            policy.allowing(&[]),
            "nothing learned, no script allowed"
        );
    }

    #[test]
    fn hashes_are_base64_sha256() {
        assert_eq!(
            hash_source(b""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
